//! "Approuver", "Refuser", "Annuler": a button, after a confirmation.

use super::*;
use crate::api::{self};
use crate::components::feedback::{OutcomeView, confirm};
use crate::format;
use crate::i18n::{k, use_i18n};
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Simple {
    /// The member served approves the duration the provider accepted with.
    Agree,
    Decline,
    /// The member served declines the duration the provider accepted with.
    DeclineDuration,
    Cancel,
}

/// "Approuver", "Refuser" and "Annuler": a button, after a confirmation.
#[component]
pub(super) fn SimpleAction(ctx: Ctx, kind: Simple) -> impl IntoView {
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
            match api::exchange_step(&ctx.exchange.id, path).await {
                Ok(updated) => ctx.finish(done, args, updated),
                Err(failure) => busy.fail(failure, None),
            }
        });
    };
    view! {
        <div class="action">
            <p>{hint_text}</p>
            <BusyButton
                pending=busy.pending
                label
                class=if primary { "" } else { "secondary" }
                on_click=Callback::new(run)
            />
            <OutcomeView outcome=busy.failed />
        </div>
    }
}
