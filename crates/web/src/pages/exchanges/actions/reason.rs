//! The steps that need a reason: opening a dispute, settling one by cancelling.

use super::*;
use crate::api::{self};
use crate::components::feedback::{OutcomeView, confirm};
use crate::components::field::TextArea;
use crate::components::form::FieldErrors;
use crate::components::icon::{self, Icon};
use crate::i18n::{Key, k, tr, use_i18n};
use leptos::task::spawn_local;
use seed_domain::exchange::{DisputeExchange, REASON_MAX};

/// The texts of a step that needs a reason (a dispute, a settlement by cancelling).
#[derive(Clone, Copy)]
pub(super) struct ReasonTexts {
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
pub(super) fn DisputeAction(ctx: Ctx) -> impl IntoView {
    let texts = ReasonTexts {
        title: k::DISPUTE_TITLE,
        intro: k::DISPUTE_INTRO,
        label: k::DISPUTE_REASON_LABEL,
        hint: Some(k::DISPUTE_REASON_HINT),
        submit: k::DISPUTE_SUBMIT,
        confirm: k::DISPUTE_CONFIRM,
        done: k::DISPUTE_DONE,
    };
    view! { <ReasonAction ctx step="dispute" id="dispute-reason" texts icon=Some(icon::FLAG) /> }
}

/// Staff settle a dispute by cancelling the exchange: nothing is paid.
#[component]
pub(super) fn SettleCancelAction(ctx: Ctx) -> impl IntoView {
    let texts = ReasonTexts {
        title: k::SETTLE_CANCEL_TITLE,
        intro: k::SETTLE_CANCEL_INTRO,
        label: k::SETTLE_CANCEL_REASON_LABEL,
        hint: None,
        submit: k::SETTLE_CANCEL_SUBMIT,
        confirm: k::SETTLE_CANCEL_CONFIRM,
        done: k::SETTLE_CANCEL_DONE,
    };
    view! { <ReasonAction ctx step="settle_cancel" id="settle-cancel-reason" texts icon=None /> }
}

/// A step posted with a required reason, after a confirmation.
#[component]
pub(super) fn ReasonAction(
    ctx: Ctx,
    step: &'static str,
    /// The id of the field.
    id: &'static str,
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
            match api::exchange_step_with_reason(&ctx.exchange.id, step, &body).await {
                Ok(updated) => ctx.finish(texts.done, Vec::new(), updated),
                Err(failure) => busy.fail(failure, Some(errors)),
            }
        });
    };
    view! {
        <details class="action">
            <summary>
                {icon.map(|svg| view! { <Icon svg /> " " })}
                {tr(texts.title)}
            </summary>
            <p>{tr(texts.intro)}</p>
            <form on:submit=submit novalidate>
                <TextArea id field="reason" label=texts.label value=reason errors hint=texts.hint maxlength=REASON_MAX />
                <BusyButton pending=busy.pending label=texts.submit class="secondary" />
            </form>
            <OutcomeView outcome=busy.failed />
        </details>
    }
}
