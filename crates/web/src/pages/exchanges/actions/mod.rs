//! The next action on an exchange, as clear buttons: only the ones the API lists in
//! `next_actions`. Those with consequences ask first and say them ("5,00 TS seront versés à
//! Camille. Il vous restera …"); the ones that move TS send an `Idempotency-Key`.

use crate::api::ApiFailure;
use crate::components::button::BusyButton;
use crate::components::feedback::Outcome;
use crate::components::form::FieldErrors;
use crate::i18n::{Key, k, named, tr};

use crate::components::duration::rules_resource;
use crate::session::use_session;
use leptos::prelude::*;
use seed_domain::exchange::{ActionKind, ExchangeState, ExchangeView, Side};

/// The duration an acceptance starts with when the request proposed none.
pub(super) const DEFAULT_MINUTES: u32 = 60;

/// What every action needs.
#[derive(Debug, Clone)]
pub(super) struct Ctx {
    exchange: ExchangeView,
    side: Side,
    on_updated: Callback<ExchangeView>,
    done: RwSignal<Option<Outcome>>,
}

impl Ctx {
    /// The other member's name (for a member of the exchange).
    pub(super) fn other_name(&self) -> String {
        self.exchange.other_member(self.side).1.to_owned()
    }

    /// After a step: the success text on the page, and the exchange as it is now.
    pub(super) fn finish(&self, key: Key, args: Vec<(&'static str, String)>, updated: ExchangeView) {
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
    let side = exchange.side_of(session.id_untracked().as_deref());
    let actions = exchange.next_actions.clone();
    let ctx = Ctx { exchange, side, on_updated, done };
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
pub(super) struct Busy {
    pending: RwSignal<bool>,
    failed: RwSignal<Option<Outcome>>,
}

impl Busy {
    pub(super) fn new() -> Busy {
        Busy { pending: RwSignal::new(false), failed: RwSignal::new(None) }
    }

    /// Starts a request unless one is running.
    pub(super) fn start(self) -> bool {
        if self.pending.get_untracked() {
            return false;
        }
        self.failed.set(None);
        self.pending.set(true);
        true
    }

    pub(super) fn fail(self, failure: ApiFailure, errors: Option<FieldErrors>) {
        if let Some(errors) = errors {
            errors.set(failure.field_errors().to_vec());
        }
        self.failed.set(Some(Outcome::Failed(failure)));
        self.pending.set(false);
    }
}

mod accept;
mod confirm;
mod deliver;
mod evaluate;
mod reason;
mod settle;
mod simple;

use accept::AcceptAction;
use confirm::ConfirmAction;
use deliver::DeliverAction;
use evaluate::EvaluateAction;
use reason::{DisputeAction, SettleCancelAction};
use settle::SettleAction;
use simple::{Simple, SimpleAction};
