//! The next action on an exchange, as clear buttons: only the ones the API lists in
//! `next_actions`. Those with consequences ask first and say them ("5,00 TS seront versés à
//! Camille. Il vous restera …"); the ones that move TS send an `Idempotency-Key`.

use crate::api::{self, ApiFailure, OnceKey, segment};
use crate::components::feedback::{Outcome, OutcomeView, confirm};
use crate::components::form::{FieldErrors, FieldMessage, parse_amount};
use crate::components::icon::{self, Icon};
use crate::format;
use crate::i18n::{Key, k, tr, use_i18n};
use crate::pages::exchanges::list::{Side, other_member, side_of};
use crate::pages::exchanges::{DurationSelect, MemberTotals, RulesResource, estimate, rules_resource};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::exchange::{
    AcceptExchange, ActionKind, COMMENT_MAX, DisputeExchange, ExchangeState, ExchangeView, NOTE_MAX,
    NewEvaluation, RATING_MAX, RATING_MIN, REASON_MAX, SettleExchange,
};
use seed_domain::timebank::AccountView;
use seed_domain::{FieldError, Ts};

/// The duration an acceptance starts with when the request proposed none.
const DEFAULT_MINUTES: u32 = 60;

/// What every action needs.
#[derive(Debug, Clone)]
struct Ctx {
    exchange: ExchangeView,
    side: Side,
    /// `/api/exchanges/{id}`.
    base: String,
    on_updated: Callback<ExchangeView>,
    done: RwSignal<Option<Outcome>>,
}

impl Ctx {
    /// The other member's name (for a member of the exchange).
    fn other_name(&self) -> String {
        other_member(&self.exchange, self.side).1
    }

    /// After a step: the success text on the page, and the exchange as it is now.
    fn finish(&self, key: Key, args: Vec<(&'static str, String)>, updated: ExchangeView) {
        self.done.set(Some(Outcome::Done(key, args)));
        self.on_updated.run(updated);
    }
}

/// The actions I may take now, or what we are waiting for.
#[component]
pub fn NextActions(
    exchange: ExchangeView,
    on_updated: Callback<ExchangeView>,
    done: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let session = use_session();
    let side = side_of(&exchange, session.id_untracked().as_deref());
    let actions = exchange.next_actions.clone();
    let base = format!("/api/exchanges/{}", segment(&exchange.id));
    let ctx = Ctx { exchange, side, base, on_updated, done };
    if actions.is_empty() {
        let waiting = (!ctx.exchange.state.is_final()).then(|| {
            view! {
                <section aria-labelledby="next-title">
                    <h2 id="next-title">{tr(k::NEXT_TITLE)}</h2>
                    <p class="empty">{tr(k::NEXT_NOTHING)}</p>
                </section>
            }
        });
        return waiting.into_any();
    }
    let rules = rules_resource();
    let has = |kind: ActionKind| actions.contains(&kind);
    let accept = has(ActionKind::Accept).then(|| view! { <AcceptAction ctx=ctx.clone() rules /> });
    let deliver = has(ActionKind::Deliver).then(|| view! { <DeliverAction ctx=ctx.clone() rules /> });
    let confirm_delivery = has(ActionKind::Confirm).then(|| view! { <ConfirmAction ctx=ctx.clone() /> });
    let evaluate = has(ActionKind::Evaluate).then(|| view! { <EvaluateAction ctx=ctx.clone() /> });
    let settle = (has(ActionKind::SettleConfirm) || has(ActionKind::SettleAdjust))
        .then(|| view! { <SettleAction ctx=ctx.clone() /> });
    let settle_cancel =
        has(ActionKind::SettleCancel).then(|| view! { <SettleCancelAction ctx=ctx.clone() /> });
    let agree = has(ActionKind::Agree).then(|| view! { <SimpleAction ctx=ctx.clone() kind=Simple::Agree /> });
    // Declining a duration the provider proposed, or declining a request.
    let decline_kind = if ctx.exchange.state == ExchangeState::AwaitingAgreement {
        Simple::DeclineDuration
    } else {
        Simple::Decline
    };
    let decline =
        has(ActionKind::Decline).then(|| view! { <SimpleAction ctx=ctx.clone() kind=decline_kind /> });
    let cancel =
        has(ActionKind::Cancel).then(|| view! { <SimpleAction ctx=ctx.clone() kind=Simple::Cancel /> });
    let dispute = has(ActionKind::Dispute).then(|| view! { <DisputeAction ctx=ctx.clone() /> });
    view! {
        <section class="next-actions" aria-labelledby="next-title">
            <h2 id="next-title">{tr(k::NEXT_TITLE_TO_DO)}</h2>
            {accept}
            {agree}
            {deliver}
            {confirm_delivery}
            {evaluate}
            {settle}
            {settle_cancel}
            {decline}
            {cancel}
            {dispute}
        </section>
    }
    .into_any()
}

/// The buttons' busy state, and the failure of one action (with its texts).
#[derive(Debug, Clone, Copy)]
struct Busy {
    pending: RwSignal<bool>,
    failed: RwSignal<Option<Outcome>>,
}

impl Busy {
    fn new() -> Busy {
        Busy { pending: RwSignal::new(false), failed: RwSignal::new(None) }
    }

    /// Starts a request unless one is running.
    fn start(self) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.failed.set(None);
        self.pending.set(true);
        true
    }

    fn fail(self, failure: ApiFailure, errors: Option<FieldErrors>) {
        if let Some(errors) = errors {
            errors.set(failure.field_errors().to_vec());
        }
        self.failed.set(Some(Outcome::Failed(failure)));
        self.pending.set(false);
    }
}

/// "Accepter": the duration, what it will cost and who pays whom, with the requester's
/// figures shown first.
#[component]
fn AcceptAction(ctx: Ctx, rules: RulesResource) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = RwSignal::new(ctx.exchange.minutes.unwrap_or(DEFAULT_MINUTES));
    let errors = FieldErrors::new();
    let busy = Busy::new();
    let exchange = &ctx.exchange;
    let requester_name = if exchange.requester_id == exchange.provider_id {
        exchange.provider_name.clone()
    } else {
        exchange.beneficiary_name.clone()
    };
    let paid = ctx.side == Side::Provider;
    let name = ctx.other_name();
    let amount = move || rules.get().and_then(Result::ok).and_then(|r| estimate(&r, minutes.get()));
    let preview = {
        let name = name.clone();
        move || {
            let amount = amount()?.format(i18n.lang());
            let key = if paid { k::ACCEPT_PREVIEW_PAID } else { k::ACCEPT_PREVIEW_PAY };
            Some(i18n.tf(key, &[("name", &name), ("amount", &amount)]))
        }
    };
    let submit = {
        let ctx = ctx.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let body = AcceptExchange { minutes: minutes.get_untracked() };
            let problems = body.validate();
            if !problems.is_empty() {
                errors.set(problems);
                return;
            }
            errors.clear();
            let lang = i18n.lang();
            let duration = format::duration(i18n, body.minutes);
            let agreed = rules.get_untracked().and_then(Result::ok).and_then(|r| estimate(&r, body.minutes));
            let question = match agreed {
                Some(amount) => {
                    let key = if paid { k::ACCEPT_CONFIRM_PAID } else { k::ACCEPT_CONFIRM_PAY };
                    i18n.tf(
                        key,
                        &[("name", &name), ("amount", &amount.format(lang)), ("duration", &duration)],
                    )
                }
                None => i18n.tf(k::ACCEPT_CONFIRM, &[("name", &name), ("duration", &duration)]),
            };
            if !confirm(&question) || !busy.start() {
                return;
            }
            let ctx = ctx.clone();
            let name_done = name.clone();
            spawn_local(async move {
                match api::post::<_, ExchangeView>(&format!("{}/accept", ctx.base), &body).await {
                    Ok(updated) => {
                        let amount = updated.amount.map(|a| a.format(lang)).unwrap_or_default();
                        // Another duration than asked waits for the member served's approval.
                        let done = if updated.state == ExchangeState::AwaitingAgreement {
                            k::ACCEPT_DONE_AWAITING
                        } else {
                            k::ACCEPT_DONE
                        };
                        let args = vec![("duration", duration), ("amount", amount), ("name", name_done)];
                        ctx.finish(done, args, updated);
                    }
                    Err(failure) => busy.fail(failure, Some(errors)),
                }
            });
        }
    };
    let proposed = ctx.exchange.minutes.map(|m| {
        view! { <p>{move || i18n.tf(k::ACCEPT_PROPOSED, &[("duration", &format::duration(i18n, m))])}</p> }
    });
    view! {
        <div class="action">
            <h3>{tr(k::ACCEPT_TITLE)}</h3>
            <MemberTotals
                member_id=ctx.exchange.requester_id.clone()
                name=requester_name
                heading_id="requester-totals-title"
            />
            {proposed}
            <form on:submit=submit novalidate>
                <label for="accept-minutes">{tr(k::ACCEPT_MINUTES_LABEL)}</label>
                <DurationSelect
                    id="accept-minutes"
                    value=minutes
                    errors
                    field="minutes"
                    hint_id="accept-preview"
                    error_id="accept-minutes-error"
                />
                <small id="accept-preview" class="preview" aria-live="polite">{preview}</small>
                <FieldMessage errors field="minutes" id="accept-minutes-error" />
                <button
                    type="submit"
                    aria-busy=move || busy.pending.get().then_some("true")
                    disabled=move || busy.pending.get()
                >
                    <Icon svg=icon::CIRCLE_CHECK />
                    " "
                    {tr(k::ACCEPT_SUBMIT)}
                </button>
            </form>
            <OutcomeView outcome=busy.failed context="accept" />
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Simple {
    /// The member served approves the duration the provider accepted with.
    Agree,
    Decline,
    /// The member served declines the duration the provider accepted with.
    DeclineDuration,
    Cancel,
}

/// "Approuver", "Refuser" and "Annuler": a button, after a confirmation.
#[component]
fn SimpleAction(ctx: Ctx, kind: Simple) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let (path, label, question, done, hint) = match kind {
        Simple::Agree => ("agree", k::AGREE_SUBMIT, k::AGREE_CONFIRM, k::AGREE_DONE, k::AGREE_HINT),
        Simple::Decline => {
            ("decline", k::DECLINE_SUBMIT, k::DECLINE_CONFIRM, k::DECLINE_DONE, k::DECLINE_HINT)
        }
        Simple::DeclineDuration => (
            "decline",
            k::DECLINE_DURATION_SUBMIT,
            k::DECLINE_DURATION_CONFIRM,
            k::DECLINE_DURATION_DONE,
            k::DECLINE_DURATION_HINT,
        ),
        Simple::Cancel => ("cancel", k::CANCEL_SUBMIT, k::CANCEL_CONFIRM, k::CANCEL_DONE, k::CANCEL_HINT),
    };
    let name = ctx.other_name();
    // The duration and amount at stake (what an agreement approves).
    let duration = ctx.exchange.minutes.map(|m| format::duration(i18n, m)).unwrap_or_default();
    let amount = ctx.exchange.amount.map(|a| a.format(i18n.lang())).unwrap_or_default();
    let args =
        move || vec![("name", name.clone()), ("duration", duration.clone()), ("amount", amount.clone())];
    let hint_text = {
        let args = args.clone();
        move || i18n.tf(hint, &args().iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
    };
    let primary = kind == Simple::Agree;
    let run = move |_| {
        let args = args();
        let question_args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if !confirm(&i18n.tf(question, &question_args)) || !busy.start() {
            return;
        }
        let ctx = ctx.clone();
        spawn_local(async move {
            match api::post_empty::<ExchangeView>(&format!("{}/{path}", ctx.base)).await {
                Ok(updated) => ctx.finish(done, args, updated),
                Err(failure) => busy.fail(failure, None),
            }
        });
    };
    view! {
        <div class="action">
            <p>{hint_text}</p>
            <button
                type="button"
                class=if primary { "" } else { "secondary" }
                aria-busy=move || busy.pending.get().then_some("true")
                disabled=move || busy.pending.get()
                on:click=run
            >
                {tr(label)}
            </button>
            <OutcomeView outcome=busy.failed />
        </div>
    }
}

/// "J'ai rendu le service": the member served is asked to confirm.
#[component]
fn DeliverAction(ctx: Ctx, rules: RulesResource) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let name = ctx.other_name();
    let hint = {
        let name = name.clone();
        move || match rules.get().and_then(Result::ok) {
            Some(r) => {
                i18n.tf(k::DELIVER_HINT_DAYS, &[("name", &name), ("days", &r.auto_confirm_days.to_string())])
            }
            None => i18n.tf(k::DELIVER_HINT, &[("name", &name)]),
        }
    };
    let run = move |_| {
        if !busy.start() {
            return;
        }
        let ctx = ctx.clone();
        let name = name.clone();
        spawn_local(async move {
            match api::post_empty::<ExchangeView>(&format!("{}/deliver", ctx.base)).await {
                Ok(updated) => ctx.finish(k::DELIVER_DONE, vec![("name", name)], updated),
                Err(failure) => busy.fail(failure, None),
            }
        });
    };
    view! {
        <div class="action">
            <h3>{tr(k::DELIVER_TITLE)}</h3>
            <p>{hint}</p>
            <button
                type="button"
                aria-busy=move || busy.pending.get().then_some("true")
                disabled=move || busy.pending.get()
                on:click=run
            >
                <Icon svg=icon::CIRCLE_CHECK />
                " "
                {tr(k::DELIVER_SUBMIT)}
            </button>
            <OutcomeView outcome=busy.failed />
        </div>
    }
}

/// "Confirmer la livraison": the TS are paid; the confirmation says what will be left.
#[component]
fn ConfirmAction(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let key = OnceKey::new();
    let account = LocalResource::new(|| api::get::<AccountView>("/api/me/account"));
    let name = ctx.other_name();
    let amount = ctx.exchange.amount;
    let intro = {
        let name = name.clone();
        move || match amount {
            Some(a) => i18n.tf(k::CONFIRM_INTRO, &[("name", &name), ("amount", &a.format(i18n.lang()))]),
            None => i18n.tf(k::CONFIRM_INTRO_NO_AMOUNT, &[("name", &name)]),
        }
    };
    let run = move |_| {
        if busy.pending.get_untracked() {
            return;
        }
        let lang = i18n.lang();
        let paid = amount.unwrap_or(Ts::ZERO);
        let balance = account.get_untracked().and_then(Result::ok).map(|a| a.balance);
        let question = match balance.and_then(|b| b.checked_sub(paid).ok()) {
            Some(left) => i18n.tf(
                k::CONFIRM_QUESTION,
                &[("amount", &paid.format(lang)), ("name", &name), ("left", &left.format(lang))],
            ),
            None => {
                i18n.tf(k::CONFIRM_QUESTION_NO_BALANCE, &[("amount", &paid.format(lang)), ("name", &name)])
            }
        };
        if !confirm(&question) || !busy.start() {
            return;
        }
        let path = format!("{}/confirm", ctx.base);
        let idempotency_key = key.key_for(path.clone());
        let ctx = ctx.clone();
        let name = name.clone();
        spawn_local(async move {
            let result = api::post_once::<(), ExchangeView>(&path, None, &idempotency_key).await;
            key.settle(&result);
            match result {
                Ok(updated) => {
                    let amount = updated.amount.unwrap_or(paid).format(lang);
                    ctx.finish(k::CONFIRM_DONE, vec![("amount", amount), ("name", name)], updated);
                }
                Err(failure) => busy.fail(failure, None),
            }
        });
    };
    view! {
        <div class="action">
            <h3>{tr(k::CONFIRM_TITLE)}</h3>
            <p>{intro}</p>
            <button
                type="button"
                aria-busy=move || busy.pending.get().then_some("true")
                disabled=move || busy.pending.get()
                on:click=run
            >
                <Icon svg=icon::CIRCLE_CHECK />
                " "
                {tr(k::CONFIRM_SUBMIT)}
            </button>
            <OutcomeView outcome=busy.failed context="confirm" />
        </div>
    }
}

/// The texts of a step that needs a reason (a dispute, a settlement by cancelling).
#[derive(Clone, Copy)]
struct ReasonTexts {
    title: Key,
    intro: Key,
    label: Key,
    hint: Option<Key>,
    submit: Key,
    confirm: Key,
    done: Key,
}

/// "Signaler un problème": a dispute, with its reason, for staff to settle.
#[component]
fn DisputeAction(ctx: Ctx) -> impl IntoView {
    let texts = ReasonTexts {
        title: k::DISPUTE_TITLE,
        intro: k::DISPUTE_INTRO,
        label: k::DISPUTE_REASON_LABEL,
        hint: Some(k::DISPUTE_REASON_HINT),
        submit: k::DISPUTE_SUBMIT,
        confirm: k::DISPUTE_CONFIRM,
        done: k::DISPUTE_DONE,
    };
    let ids = ("dispute-reason", "dispute-reason-hint", "dispute-reason-error");
    view! { <ReasonAction ctx step="dispute" ids texts icon=Some(icon::FLAG) /> }
}

/// Staff settle a dispute by cancelling the exchange: nothing is paid.
#[component]
fn SettleCancelAction(ctx: Ctx) -> impl IntoView {
    let texts = ReasonTexts {
        title: k::SETTLE_CANCEL_TITLE,
        intro: k::SETTLE_CANCEL_INTRO,
        label: k::SETTLE_CANCEL_REASON_LABEL,
        hint: None,
        submit: k::SETTLE_CANCEL_SUBMIT,
        confirm: k::SETTLE_CANCEL_CONFIRM,
        done: k::SETTLE_CANCEL_DONE,
    };
    let ids = ("settle-cancel-reason", "settle-cancel-reason-hint", "settle-cancel-reason-error");
    view! { <ReasonAction ctx step="settle_cancel" ids texts icon=None /> }
}

/// A step posted with a required reason, after a confirmation.
#[component]
fn ReasonAction(
    ctx: Ctx,
    step: &'static str,
    /// The ids of the field, its hint and its error message.
    ids: (&'static str, &'static str, &'static str),
    texts: ReasonTexts,
    icon: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let errors = FieldErrors::new();
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = DisputeExchange { reason: reason.get_untracked().trim().to_owned() };
        let problems = body.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        if !confirm(i18n.t(texts.confirm)) || !busy.start() {
            return;
        }
        let ctx = ctx.clone();
        spawn_local(async move {
            match api::post::<_, ExchangeView>(&format!("{}/{step}", ctx.base), &body).await {
                Ok(updated) => ctx.finish(texts.done, Vec::new(), updated),
                Err(failure) => busy.fail(failure, Some(errors)),
            }
        });
    };
    let (id, hint_id, error_id) = ids;
    let described = errors.described_by("reason", texts.hint.map(|_| hint_id), error_id);
    view! {
        <details class="action">
            <summary>
                {icon.map(|svg| view! { <Icon svg /> " " })}
                {tr(texts.title)}
            </summary>
            <p>{tr(texts.intro)}</p>
            <form on:submit=submit novalidate>
                <label for=id>{tr(texts.label)}</label>
                <textarea
                    id=id
                    name="reason"
                    rows="3"
                    maxlength=REASON_MAX.to_string()
                    bind:value=reason
                    aria-invalid=errors.invalid("reason")
                    aria-describedby=described
                ></textarea>
                {texts.hint.map(|hint| view! { <small id=hint_id>{tr(hint)}</small> })}
                <FieldMessage errors field="reason" id=error_id />
                <button
                    type="submit"
                    class="secondary"
                    aria-busy=move || busy.pending.get().then_some("true")
                    disabled=move || busy.pending.get()
                >
                    {tr(texts.submit)}
                </button>
            </form>
            <OutcomeView outcome=busy.failed />
        </details>
    }
}

/// "Évaluer": 1 to 5 stars (radio buttons) and a comment.
#[component]
fn EvaluateAction(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let errors = FieldErrors::new();
    let rating = RwSignal::new(0_u8);
    let comment = RwSignal::new(String::new());
    let about = if ctx.side == Side::Neither { ctx.exchange.provider_name.clone() } else { ctx.other_name() };
    let intro = {
        let about = about.clone();
        move || i18n.tf(k::EVALUATE_INTRO, &[("name", &about)])
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewEvaluation {
            rating: rating.get_untracked(),
            comment: comment.get_untracked().trim().to_owned(),
        };
        let problems = body.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        if !busy.start() {
            return;
        }
        let ctx = ctx.clone();
        let about = about.clone();
        spawn_local(async move {
            match api::post::<_, ExchangeView>(&format!("{}/evaluate", ctx.base), &body).await {
                Ok(updated) => ctx.finish(k::EVALUATE_DONE, vec![("name", about)], updated),
                Err(failure) => busy.fail(failure, Some(errors)),
            }
        });
    };
    let stars = (RATING_MIN..=RATING_MAX)
        .map(|n| {
            let id = format!("evaluate-rating-{n}");
            let label_for = id.clone();
            let label = move || {
                let key = if n == 1 { k::EVALUATE_STAR_ONE } else { k::EVALUATE_STAR_OTHER };
                i18n.tf(key, &[("count", &n.to_string())])
            };
            let glyphs: String = (1..=RATING_MAX).map(|i| if i <= n { '★' } else { '☆' }).collect();
            view! {
                <label for=label_for>
                    <input
                        type="radio"
                        id=id
                        name="rating"
                        value=n.to_string()
                        prop:checked=move || rating.get() == n
                        on:change=move |_| rating.set(n)
                    />
                    <span class="stars" aria-hidden="true">{glyphs}</span>
                    " "
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="action">
            <h3>
                <Icon svg=icon::STAR />
                " "
                {tr(k::EVALUATE_TITLE)}
            </h3>
            <p>{intro}</p>
            <form on:submit=submit novalidate>
                <fieldset class="rating" aria-describedby=errors.described_by("rating", None, "evaluate-rating-error")>
                    <legend>{tr(k::EVALUATE_RATING_LEGEND)}</legend>
                    {stars}
                </fieldset>
                <FieldMessage errors field="rating" id="evaluate-rating-error" />
                <label for="evaluate-comment">{tr(k::EVALUATE_COMMENT_LABEL)}</label>
                <textarea
                    id="evaluate-comment"
                    name="comment"
                    rows="3"
                    maxlength=COMMENT_MAX.to_string()
                    bind:value=comment
                    aria-invalid=errors.invalid("comment")
                    aria-describedby=errors.described_by("comment", Some("evaluate-comment-hint"), "evaluate-comment-error")
                ></textarea>
                <small id="evaluate-comment-hint">{tr(k::EVALUATE_COMMENT_HINT)}</small>
                <FieldMessage errors field="comment" id="evaluate-comment-error" />
                <button
                    type="submit"
                    aria-busy=move || busy.pending.get().then_some("true")
                    disabled=move || busy.pending.get()
                >
                    {tr(k::EVALUATE_SUBMIT)}
                </button>
            </form>
            <OutcomeView outcome=busy.failed />
        </div>
    }
}

/// Staff settle a dispute by paying: the agreed amount, or the one typed, with a note.
#[component]
fn SettleAction(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let errors = FieldErrors::new();
    let key = OnceKey::new();
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let agreed = ctx.exchange.amount;
    let (payer, payee) = (ctx.exchange.beneficiary_name.clone(), ctx.exchange.provider_name.clone());
    let intro = {
        let (payer, payee) = (payer.clone(), payee.clone());
        move || {
            let agreed =
                agreed.map(|a| a.format(i18n.lang())).unwrap_or_else(|| i18n.t(k::COMMON_NONE).to_owned());
            i18n.tf(k::SETTLE_EXCHANGE_INTRO, &[("payer", &payer), ("payee", &payee), ("agreed", &agreed)])
        }
    };
    let preview = move || {
        let text = amount.get();
        if text.trim().is_empty() {
            return None;
        }
        let parsed = Ts::parse(&text).ok().filter(|a| a.is_positive())?;
        Some(i18n.tf(k::SETTLE_EXCHANGE_PREVIEW, &[("amount", &parsed.format(i18n.lang()))]))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = amount.get_untracked();
        let mut problems: Vec<FieldError> = Vec::new();
        let chosen = if text.trim().is_empty() {
            None
        } else {
            match parse_amount("amount", &text, false) {
                Ok(value) => Some(value),
                Err(error) => {
                    problems.push(error);
                    None
                }
            }
        };
        if chosen.is_some_and(|a| !a.is_positive()) {
            problems.push(FieldError::new("amount", "must_be_positive"));
        }
        let body = SettleExchange { amount: chosen, note: note.get_untracked().trim().to_owned() };
        let amount_refused = !problems.is_empty();
        problems.extend(body.validate().into_iter().filter(|e| e.field != "amount" || !amount_refused));
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        let lang = i18n.lang();
        let paid = chosen.or(agreed).unwrap_or(Ts::ZERO);
        let question_key =
            if chosen.is_some() { k::SETTLE_EXCHANGE_CONFIRM_ADJUST } else { k::SETTLE_EXCHANGE_CONFIRM };
        let question =
            i18n.tf(question_key, &[("amount", &paid.format(lang)), ("payer", &payer), ("payee", &payee)]);
        if !confirm(&question) || !busy.start() {
            return;
        }
        let path = format!("{}/settle", ctx.base);
        let idempotency_key = key.key_for(format!("{path} {body:?}"));
        let ctx = ctx.clone();
        spawn_local(async move {
            let result = api::post_once::<_, ExchangeView>(&path, Some(&body), &idempotency_key).await;
            key.settle(&result);
            match result {
                Ok(updated) => {
                    let amount = updated.amount.unwrap_or(paid).format(lang);
                    ctx.finish(k::SETTLE_EXCHANGE_DONE, vec![("amount", amount)], updated);
                }
                Err(failure) => busy.fail(failure, Some(errors)),
            }
        });
    };
    view! {
        <div class="action">
            <h3>
                <Icon svg=icon::SCALE />
                " "
                {tr(k::SETTLE_EXCHANGE_TITLE)}
            </h3>
            <p>{intro}</p>
            <form on:submit=submit novalidate>
                <div class="grid">
                    <div>
                        <label for="settle-amount">{tr(k::SETTLE_EXCHANGE_AMOUNT_LABEL)}</label>
                        <input
                            type="text"
                            id="settle-amount"
                            name="amount"
                            inputmode="decimal"
                            autocomplete="off"
                            bind:value=amount
                            aria-invalid=errors.invalid("amount")
                            aria-describedby=errors.described_by("amount", Some("settle-amount-hint settle-amount-preview"), "settle-amount-error")
                        />
                        <small id="settle-amount-hint">{tr(k::SETTLE_EXCHANGE_AMOUNT_HINT)}</small>
                        <small id="settle-amount-preview" class="preview" aria-live="polite">{preview}</small>
                        <FieldMessage errors field="amount" id="settle-amount-error" />
                    </div>
                    <div>
                        <label for="settle-note">{tr(k::SETTLE_EXCHANGE_NOTE_LABEL)}</label>
                        <input
                            type="text"
                            id="settle-note"
                            name="note"
                            maxlength=NOTE_MAX.to_string()
                            autocomplete="off"
                            bind:value=note
                            aria-invalid=errors.invalid("note")
                            aria-describedby=errors.described_by("note", Some("settle-note-hint"), "settle-note-error")
                        />
                        <small id="settle-note-hint">{tr(k::SETTLE_EXCHANGE_NOTE_HINT)}</small>
                        <FieldMessage errors field="note" id="settle-note-error" />
                    </div>
                </div>
                <button
                    type="submit"
                    aria-busy=move || busy.pending.get().then_some("true")
                    disabled=move || busy.pending.get()
                >
                    {tr(k::SETTLE_EXCHANGE_SUBMIT)}
                </button>
            </form>
            <OutcomeView outcome=busy.failed context="settle" />
        </div>
    }
}
