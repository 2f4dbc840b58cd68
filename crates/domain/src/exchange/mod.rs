//! Exchanges: one member serves another, and the member served pays in TS.
//!
//! An exchange starts when a member answers a listing (the *requester*); the listing's owner is
//! the *responder*. Answering an offer makes the requester the beneficiary (served, pays);
//! answering a want makes them the provider (gives the service, is paid). From there the state
//! machine below decides who may do what, and the server enforces it:
//!
//! ```text
//! from                 action                       by                    to
//! requested            accept { minutes }           responder             accepted, or
//!                                                                         awaiting_agreement
//! awaiting_agreement   agree                        beneficiary           accepted
//! requested            decline                      responder             declined
//! awaiting_agreement   decline                      beneficiary           declined
//! requested, awaiting_agreement, accepted
//!                      cancel                       either member         cancelled
//! accepted             deliver                      provider              delivered
//! accepted, delivered  dispute                      either member         disputed
//! delivered            confirm                      beneficiary           confirmed (pays)
//! delivered            auto_confirm                 scheduler             confirmed (pays)
//! disputed             settle_confirm               staff                 confirmed (pays)
//! disputed             settle_adjust { amount > 0 } staff                 confirmed (pays `amount`)
//! disputed             settle_cancel                staff                 cancelled
//! confirmed            evaluate                     beneficiary or staff  evaluated
//! ```
//!
//! The provider does not fix alone what the member served pays: when the provider accepts with
//! another duration than the one asked for, the exchange awaits the member served's agreement.
//!
//! Entering `confirmed` is what posts the TS transfer, and nothing leads back to `confirmed`,
//! so an exchange pays at most once. `declined`, `cancelled` and `evaluated` are final.

use crate::listing::ListingKind;
use crate::notification::NotificationKind;
use crate::{ErrorCode, FieldError, Problem, Ts};
use serde::{Deserialize, Serialize};

mod requests;
mod views;

pub use requests::*;
pub use views::*;

/// Where an exchange stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExchangeState {
    /// Asked by the requester; the responder has not answered yet.
    Requested,
    /// The provider accepted with another duration than the member served asked for; the
    /// member served agrees or declines.
    AwaitingAgreement,
    /// The responder agreed, with a duration (hence an amount).
    Accepted,
    /// The provider says the service was given; waiting for the beneficiary's confirmation.
    Delivered,
    /// The beneficiary (or the scheduler, or staff after a dispute) confirmed: the TS transfer
    /// is posted.
    Confirmed,
    /// The service was evaluated. Final.
    Evaluated,
    /// The responder said no. Final.
    Declined,
    /// A member withdrew before delivery, or staff cancelled after a dispute. Final.
    Cancelled,
    /// A member disagreed; staff settle it.
    Disputed,
}

text_enum!(ExchangeState {
    Requested => "requested",
    AwaitingAgreement => "awaiting_agreement",
    Accepted => "accepted",
    Delivered => "delivered",
    Confirmed => "confirmed",
    Evaluated => "evaluated",
    Declined => "declined",
    Cancelled => "cancelled",
    Disputed => "disputed",
});

impl ExchangeState {
    /// No action changes an exchange in this state.
    pub fn is_final(self) -> bool {
        matches!(self, ExchangeState::Declined | ExchangeState::Cancelled | ExchangeState::Evaluated)
    }

    /// Under way: a member has at most one such exchange per listing.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ExchangeState::Requested
                | ExchangeState::AwaitingAgreement
                | ExchangeState::Accepted
                | ExchangeState::Delivered
                | ExchangeState::Disputed
        )
    }
}

/// Who acts on an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The member who answered the listing.
    Requester,
    /// The listing's owner.
    Responder,
    /// Staff, for what members cannot settle between themselves.
    Staff,
    /// SEED itself: confirms a delivery nobody disputed in time.
    Scheduler,
}

impl Party {
    /// One of the two members of the exchange.
    pub fn is_member(self) -> bool {
        matches!(self, Party::Requester | Party::Responder)
    }
}

/// The one acting, and, for a member, which side of the service they are on.
///
/// `is_provider` and `is_beneficiary` count only for a member party: staff and the scheduler
/// never act as the provider or the beneficiary, whatever the flags say. Build actors with the
/// constructors or [`Parties::actor`], which keep the flags consistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Actor {
    pub party: Party,
    /// Gives the service (and is paid).
    pub is_provider: bool,
    /// Is served (and pays).
    pub is_beneficiary: bool,
}

impl Actor {
    pub const STAFF: Actor = Actor { party: Party::Staff, is_provider: false, is_beneficiary: false };
    pub const SCHEDULER: Actor = Actor { party: Party::Scheduler, is_provider: false, is_beneficiary: false };

    /// The requester, who is the provider when they answered a want.
    pub fn requester(requester_is_provider: bool) -> Actor {
        Actor {
            party: Party::Requester,
            is_provider: requester_is_provider,
            is_beneficiary: !requester_is_provider,
        }
    }

    /// The responder, on the other side of the service from the requester.
    pub fn responder(requester_is_provider: bool) -> Actor {
        Actor {
            party: Party::Responder,
            is_provider: !requester_is_provider,
            is_beneficiary: requester_is_provider,
        }
    }

    fn provides(self) -> bool {
        self.party.is_member() && self.is_provider
    }

    fn is_served(self) -> bool {
        self.party.is_member() && self.is_beneficiary
    }
}

/// Whether the member who answers a listing of `kind` gives the service: they do when they
/// answer a want, not when they answer an offer.
pub fn requester_is_provider(kind: ListingKind) -> bool {
    kind == ListingKind::Want
}

/// The members of one exchange, to tell who a caller is.
///
/// The requester is either the provider or the beneficiary, and those two are different
/// members: the API refuses an answer to one's own listing when it creates the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parties<'a> {
    pub requester_id: &'a str,
    pub provider_id: &'a str,
    pub beneficiary_id: &'a str,
}

impl Parties<'_> {
    /// Who `caller_id` is in this exchange; `None` for a member who takes no part (a 404 for
    /// them: they may not even see it).
    ///
    /// Taking part comes first: a staff member who is the provider or the beneficiary acts as
    /// that member, so they can neither settle their own dispute nor evaluate their own service.
    pub fn actor(&self, caller_id: &str, caller_is_staff: bool) -> Option<Actor> {
        let party = if caller_id == self.requester_id {
            Party::Requester
        } else if caller_id == self.provider_id || caller_id == self.beneficiary_id {
            Party::Responder
        } else if caller_is_staff {
            return Some(Actor::STAFF);
        } else {
            return None;
        };
        Some(Actor {
            party,
            is_provider: caller_id == self.provider_id,
            is_beneficiary: caller_id == self.beneficiary_id,
        })
    }
}

/// What someone does to an exchange, with its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The responder agrees, for `minutes` of service; `proposed` is the duration the exchange
    /// had until then (what the member served asked for, or the listing's estimate).
    Accept {
        minutes: u32,
        proposed: Option<u32>,
    },
    /// The member served agrees to the duration the provider accepted with.
    Agree,
    Decline,
    Cancel,
    Deliver,
    Confirm,
    Dispute,
    Evaluate,
    /// Staff settle a dispute: the transfer is posted at the agreed amount.
    SettleConfirm,
    /// Staff settle a dispute: the transfer is posted at `amount` instead.
    SettleAdjust {
        amount: Ts,
    },
    /// Staff settle a dispute: nothing is paid.
    SettleCancel,
    /// The scheduler confirms a delivery nobody confirmed or disputed in time.
    AutoConfirm,
    /// A party's account closed (the member was deactivated): whatever is under way ends and
    /// nothing is paid.
    AccountClosed,
}

impl Action {
    pub fn kind(self) -> ActionKind {
        match self {
            Action::Accept { .. } => ActionKind::Accept,
            Action::Agree => ActionKind::Agree,
            Action::Decline => ActionKind::Decline,
            Action::Cancel => ActionKind::Cancel,
            Action::Deliver => ActionKind::Deliver,
            Action::Confirm => ActionKind::Confirm,
            Action::Dispute => ActionKind::Dispute,
            Action::Evaluate => ActionKind::Evaluate,
            Action::SettleConfirm => ActionKind::SettleConfirm,
            Action::SettleAdjust { .. } => ActionKind::SettleAdjust,
            Action::SettleCancel => ActionKind::SettleCancel,
            Action::AutoConfirm => ActionKind::AutoConfirm,
            Action::AccountClosed => ActionKind::AccountClosed,
        }
    }
}

/// An [`Action`] without its figures: what the UI offers as "the next action" and what the
/// timeline records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// The exchange was asked for. Only in timelines: it creates the exchange, it is no
    /// transition, so [`next_actions`] never lists it.
    Request,
    Accept,
    Agree,
    Decline,
    Cancel,
    Deliver,
    Confirm,
    Dispute,
    Evaluate,
    SettleConfirm,
    SettleAdjust,
    SettleCancel,
    AutoConfirm,
    AccountClosed,
}

text_enum!(ActionKind {
    Request => "request",
    Accept => "accept",
    Agree => "agree",
    Decline => "decline",
    Cancel => "cancel",
    Deliver => "deliver",
    Confirm => "confirm",
    Dispute => "dispute",
    Evaluate => "evaluate",
    SettleConfirm => "settle_confirm",
    SettleAdjust => "settle_adjust",
    SettleCancel => "settle_cancel",
    AutoConfirm => "auto_confirm",
    AccountClosed => "account_closed",
});

/// Why an action was refused. The names are stable: the SPA and integrators match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExchangeRefusal {
    /// The action exists in this state, but it is someone else's to take (403).
    #[error("this action is for another party")]
    NotYourTurn,
    /// The action is not possible in the exchange's state (409): it changed meanwhile, or it
    /// is final.
    #[error("this action is not possible in the exchange's state")]
    WrongState,
    /// The duration is not 15 to 6000 minutes by steps of 15 (422).
    #[error("the duration is not a valid number of minutes")]
    InvalidMinutes,
    /// A settlement amount is not positive (422).
    #[error("the amount must be positive")]
    InvalidAmount,
}

text_enum!(ExchangeRefusal (error) {
    NotYourTurn => "not_your_turn",
    WrongState => "wrong_state",
    InvalidMinutes => "invalid_minutes",
    InvalidAmount => "invalid_amount",
});

impl ExchangeRefusal {
    /// The error code of the answer: `not_your_turn` (403), `wrong_state` (409), or
    /// `validation_failed` (422) for a bad figure.
    pub fn error_code(self) -> ErrorCode {
        match self {
            ExchangeRefusal::NotYourTurn => ErrorCode::NotYourTurn,
            ExchangeRefusal::WrongState => ErrorCode::WrongState,
            ExchangeRefusal::InvalidMinutes | ExchangeRefusal::InvalidAmount => ErrorCode::ValidationFailed,
        }
    }

    /// The answer, with the field error (`minutes` or `amount`) for a bad figure.
    pub fn problem(self) -> Problem {
        let mut problem = Problem::new(self.error_code());
        match self {
            ExchangeRefusal::InvalidMinutes => problem.errors.push(FieldError::new("minutes", self.as_str())),
            ExchangeRefusal::InvalidAmount => problem.errors.push(FieldError::new("amount", self.as_str())),
            ExchangeRefusal::NotYourTurn | ExchangeRefusal::WrongState => {}
        }
        problem
    }
}

/// What an accepted action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The exchange's new state.
    pub to: ExchangeState,
    /// Post the TS transfer from the beneficiary to the provider now (on entering `confirmed`).
    pub posts_transfer: bool,
    /// The amount staff set when settling a dispute, instead of the agreed one.
    pub amount_override: Option<Ts>,
}

/// Where `kind` leads from `state`, if it is possible there at all.
fn target(state: ExchangeState, kind: ActionKind) -> Option<ExchangeState> {
    use ActionKind as K;
    use ExchangeState as S;
    match (state, kind) {
        (S::Requested, K::Accept) => Some(S::Accepted),
        (S::AwaitingAgreement, K::Agree) => Some(S::Accepted),
        (S::Requested | S::AwaitingAgreement, K::Decline) => Some(S::Declined),
        (S::Requested | S::AwaitingAgreement | S::Accepted, K::Cancel) => Some(S::Cancelled),
        (S::Accepted, K::Deliver) => Some(S::Delivered),
        (S::Delivered, K::Confirm | K::AutoConfirm) => Some(S::Confirmed),
        (S::Accepted | S::Delivered, K::Dispute) => Some(S::Disputed),
        (S::Disputed, K::SettleConfirm | K::SettleAdjust) => Some(S::Confirmed),
        (S::Disputed, K::SettleCancel) => Some(S::Cancelled),
        (S::Confirmed, K::Evaluate) => Some(S::Evaluated),
        (
            S::Requested | S::AwaitingAgreement | S::Accepted | S::Delivered | S::Disputed,
            K::AccountClosed,
        ) => Some(S::Cancelled),
        _ => None,
    }
}

/// Whether `actor` is the one who may take `kind` in `state` (wherever it is possible).
fn may_take(state: ExchangeState, kind: ActionKind, actor: Actor) -> bool {
    match kind {
        ActionKind::Request => false,
        // Declining an agreement is the member served's; declining a request, the responder's.
        ActionKind::Decline if state == ExchangeState::AwaitingAgreement => actor.is_served(),
        ActionKind::Accept | ActionKind::Decline => actor.party == Party::Responder,
        ActionKind::Agree => actor.is_served(),
        ActionKind::Cancel | ActionKind::Dispute => actor.party.is_member(),
        ActionKind::Deliver => actor.provides(),
        ActionKind::Confirm => actor.is_served(),
        ActionKind::Evaluate => actor.is_served() || actor.party == Party::Staff,
        ActionKind::SettleConfirm | ActionKind::SettleAdjust | ActionKind::SettleCancel => {
            actor.party == Party::Staff
        }
        ActionKind::AutoConfirm | ActionKind::AccountClosed => actor.party == Party::Scheduler,
    }
}

/// The rule of the exchange: what `action` by `actor` does to an exchange in `state`.
///
/// Checked in this order: the action must be possible in the state (`wrong_state`), then be
/// the actor's to take (`not_your_turn`), then carry valid figures (`invalid_minutes`,
/// `invalid_amount`).
pub fn transition(state: ExchangeState, action: Action, actor: Actor) -> Result<Step, ExchangeRefusal> {
    let kind = action.kind();
    let mut to = target(state, kind).ok_or(ExchangeRefusal::WrongState)?;
    if !may_take(state, kind, actor) {
        return Err(ExchangeRefusal::NotYourTurn);
    }
    let amount_override = match action {
        Action::Accept { minutes, .. } if !crate::listing::is_valid_minutes(minutes) => {
            return Err(ExchangeRefusal::InvalidMinutes);
        }
        // The provider set another duration than the one asked for: the member served, who
        // pays, agrees first.
        Action::Accept { minutes, proposed } if actor.provides() && proposed != Some(minutes) => {
            to = ExchangeState::AwaitingAgreement;
            None
        }
        Action::SettleAdjust { amount } if !amount.is_positive() => {
            return Err(ExchangeRefusal::InvalidAmount);
        }
        Action::SettleAdjust { amount } => Some(amount),
        _ => None,
    };
    Ok(Step { to, posts_transfer: to == ExchangeState::Confirmed, amount_override })
}

/// The actions `actor` may take now, in a fixed order: what the UI offers. Each one is
/// accepted by [`transition`] given valid figures, and no other action is.
pub fn next_actions(state: ExchangeState, actor: Actor) -> Vec<ActionKind> {
    ActionKind::ALL.into_iter().filter(|&k| target(state, k).is_some() && may_take(state, k, actor)).collect()
}

/// Who is told what once `actor` (a member's id; `None` for SEED itself) took `action`, which
/// left the exchange in `to`: the member ids, each with what they are told.
pub fn notices<'a>(
    parties: Parties<'a>,
    to: ExchangeState,
    action: Action,
    actor: Option<&str>,
) -> Vec<(&'a str, NotificationKind)> {
    use NotificationKind as N;
    let (provider, beneficiary) = (parties.provider_id, parties.beneficiary_id);
    let other = |id: Option<&str>| if id == Some(provider) { beneficiary } else { provider };
    let both = |kind| vec![(provider, kind), (beneficiary, kind)];
    match action {
        // Another duration than asked: the member served is asked to agree.
        Action::Accept { .. } if to == ExchangeState::AwaitingAgreement => {
            vec![(beneficiary, N::AgreementToGive)]
        }
        Action::Accept { .. } => vec![(parties.requester_id, N::RequestAccepted)],
        Action::Agree => vec![(provider, N::DurationAgreed)],
        // The responder declines a request, or the member served an agreement: the other is told.
        Action::Decline => vec![(other(actor), N::RequestDeclined)],
        Action::Cancel => match actor {
            Some(id) if id == provider || id == beneficiary => vec![(other(Some(id)), N::ExchangeCancelled)],
            _ => both(N::ExchangeCancelled),
        },
        Action::Deliver => vec![(beneficiary, N::DeliveryToConfirm)],
        Action::Confirm | Action::AutoConfirm => {
            vec![(provider, N::ExchangeConfirmed), (beneficiary, N::EvaluationToGive)]
        }
        Action::Dispute => vec![(other(actor), N::DisputeOpened)],
        Action::SettleConfirm | Action::SettleAdjust { .. } => {
            let mut n = both(N::DisputeSettled);
            n.push((beneficiary, N::EvaluationToGive));
            n
        }
        Action::SettleCancel => both(N::DisputeSettled),
        Action::AccountClosed => both(N::ExchangeCancelled),
        Action::Evaluate => Vec::new(),
    }
}

/// The default rate: 5 TS for 3 hours of service (the settings may change it).
pub const DEFAULT_RATE: Ts = Ts::from_hundredths(500);
pub const DEFAULT_RATE_MINUTES: u32 = 180;

#[cfg(test)]
mod tests;
