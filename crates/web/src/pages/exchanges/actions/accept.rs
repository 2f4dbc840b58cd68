//! "Accepter": the duration (hence the amount) the responder agrees to, with the other
//! member's figures beside it.

use super::*;
use crate::api::{self};
use crate::components::duration::{DurationField, RulesResource, estimate};
use crate::components::feedback::{OutcomeView, confirm};
use crate::components::form::FieldErrors;
use crate::components::icon;
use crate::components::member::MemberTotals;
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use leptos::task::spawn_local;
use seed_domain::exchange::Side;
use seed_domain::exchange::{AcceptExchange, ExchangeState};

/// "Accepter": the duration, what it will cost and who pays whom, with the requester's
/// figures shown first.
#[component]
pub(super) fn AcceptAction(ctx: Ctx, rules: RulesResource) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = RwSignal::new(ctx.exchange.minutes.unwrap_or(DEFAULT_MINUTES));
    let errors = FieldErrors::new();
    let busy = Busy::new();
    // Only the responder accepts: the requester is the other member.
    let requester_name = ctx.other_name();
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
                match api::accept_exchange(&ctx.exchange.id, &body).await {
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
                <DurationField id="accept-minutes" field="minutes" label=k::ACCEPT_MINUTES_LABEL value=minutes errors>
                    {preview}
                </DurationField>
                <BusyButton pending=busy.pending label=k::ACCEPT_SUBMIT icon=icon::CIRCLE_CHECK />
            </form>
            <OutcomeView outcome=busy.failed context=named::accept_errors />
        </div>
    }
}
