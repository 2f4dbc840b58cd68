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

/// What `minutes` of service cost at `rate` per `per_minutes` (see [`Ts::pro_rata`] for the
/// rounding); `None` when `per_minutes` is zero or the amount does not fit.
pub fn amount_for(minutes: u32, rate: Ts, per_minutes: u32) -> Option<Ts> {
    Ts::pro_rata(rate, minutes, per_minutes)
}

pub const MESSAGE_MAX: usize = 1000;
pub const REASON_MAX: usize = 1000;
pub const NOTE_MAX: usize = 1000;
pub const COMMENT_MAX: usize = 1000;
pub const LISTING_ID_MAX: usize = 100;

/// A text that may be empty, of at most `max` characters (after trimming).
fn optional_text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    if value.trim().chars().count() > max {
        errors.push(FieldError::new(field, "too_long").with_param("max", max as i64));
    }
}

/// `POST /api/exchanges`: answer a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewExchange {
    pub listing_id: String,
    /// To the listing's owner; 0 to 1000 characters.
    #[serde(default)]
    pub message: String,
    /// The duration the requester proposes; the responder sets the final one on accepting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
}

impl NewExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        crate::validation::text(&mut errors, "listing_id", &self.listing_id, LISTING_ID_MAX);
        optional_text(&mut errors, "message", &self.message, MESSAGE_MAX);
        if let Some(m) = self.minutes {
            crate::listing::minutes(&mut errors, "minutes", m);
        }
        errors
    }
}

/// `POST /api/exchanges/{id}/accept`: the agreed duration, which fixes the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptExchange {
    /// 15 to 6000, a multiple of 15.
    pub minutes: u32,
}

impl AcceptExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        crate::listing::minutes(&mut errors, "minutes", self.minutes);
        errors
    }
}

/// `POST /api/exchanges/{id}/dispute`: what is wrong, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisputeExchange {
    /// 1 to 1000 characters.
    pub reason: String,
}

impl DisputeExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        crate::validation::text(&mut errors, "reason", &self.reason, REASON_MAX);
        errors
    }
}

/// Staff settle a dispute: with an `amount`, the transfer is posted at that amount instead of
/// the agreed one. The note says why (every movement of TS says why); 1 to 1000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SettleExchange {
    /// In hundredths of TS; positive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Ts>,
    pub note: String,
}

impl SettleExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Some(amount) = self.amount
            && !amount.is_positive()
        {
            errors.push(FieldError::new("amount", "invalid_amount"));
        }
        crate::validation::text(&mut errors, "note", &self.note, NOTE_MAX);
        errors
    }
}

/// `POST /api/exchanges/{id}/evaluate`: by the beneficiary, or by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEvaluation {
    /// 1 to 5.
    pub rating: u8,
    /// 0 to 1000 characters.
    #[serde(default)]
    pub comment: String,
}

pub const RATING_MIN: u8 = 1;
pub const RATING_MAX: u8 = 5;

impl NewEvaluation {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !(RATING_MIN..=RATING_MAX).contains(&self.rating) {
            errors.push(
                FieldError::new("rating", "out_of_range")
                    .with_param("min", i64::from(RATING_MIN))
                    .with_param("max", i64::from(RATING_MAX)),
            );
        }
        optional_text(&mut errors, "comment", &self.comment, COMMENT_MAX);
        errors
    }
}

/// The evaluation of an exchange, as its members and staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationView {
    pub rating: u8,
    pub comment: String,
    pub evaluator_name: String,
    /// Given by staff rather than by the beneficiary.
    pub by_staff: bool,
    /// RFC 3339, UTC.
    pub at: String,
}

/// One line of an exchange's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// RFC 3339, UTC.
    pub at: String,
    /// Who did it; `None` when SEED did (an automatic confirmation).
    pub actor_name: Option<String>,
    pub action: ActionKind,
    /// The request's message, the dispute's reason, the settlement's note.
    pub note: Option<String>,
}

/// An exchange as its members and staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeView {
    pub id: String,
    /// The listing it answers; `None` once that listing is gone.
    pub listing_id: Option<String>,
    pub title: String,
    pub state: ExchangeState,
    /// Gives the service, is paid.
    pub provider_id: String,
    pub provider_name: String,
    /// Is served, pays.
    pub beneficiary_id: String,
    pub beneficiary_name: String,
    /// Who answered the listing (the provider or the beneficiary).
    pub requester_id: String,
    /// The agreed duration once accepted (the proposed one before).
    pub minutes: Option<u32>,
    /// In hundredths of TS: the agreed amount once accepted, the amount paid once confirmed.
    pub amount: Option<Ts>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
    pub delivered_at: Option<String>,
    /// When SEED confirms the delivery by itself if nobody confirms or disputes it.
    pub auto_confirm_at: Option<String>,
    /// What the person asking may do now ([`next_actions`]).
    pub next_actions: Vec<ActionKind>,
    pub timeline: Vec<TimelineEntry>,
    pub evaluation: Option<EvaluationView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExchangeState as S;
    use proptest::prelude::*;
    use proptest::test_runner::TestError;

    #[test]
    fn each_step_tells_the_other_side_and_staff_steps_tell_both() {
        use NotificationKind as N;
        let p = Parties { requester_id: "ben", provider_id: "pro", beneficiary_id: "ben" };
        let accept = Action::Accept { minutes: 60, proposed: Some(60) };
        assert_eq!(notices(p, S::Accepted, accept, Some("pro")), [("ben", N::RequestAccepted)]);
        assert_eq!(notices(p, S::AwaitingAgreement, accept, Some("pro")), [("ben", N::AgreementToGive)]);
        assert_eq!(notices(p, S::Accepted, Action::Agree, Some("ben")), [("pro", N::DurationAgreed)]);
        assert_eq!(notices(p, S::Declined, Action::Decline, Some("ben")), [("pro", N::RequestDeclined)]);
        assert_eq!(notices(p, S::Declined, Action::Decline, Some("pro")), [("ben", N::RequestDeclined)]);
        assert_eq!(notices(p, S::Cancelled, Action::Cancel, Some("pro")), [("ben", N::ExchangeCancelled)]);
        assert_eq!(notices(p, S::Disputed, Action::Dispute, Some("ben")), [("pro", N::DisputeOpened)]);
        assert_eq!(
            notices(p, S::Confirmed, Action::AutoConfirm, None),
            [("pro", N::ExchangeConfirmed), ("ben", N::EvaluationToGive)]
        );
        assert_eq!(
            notices(p, S::Cancelled, Action::SettleCancel, Some("staff")),
            [("pro", N::DisputeSettled), ("ben", N::DisputeSettled)]
        );
        assert!(notices(p, S::Evaluated, Action::Evaluate, Some("ben")).is_empty());
    }

    /// Answering an offer: the requester is the beneficiary.
    const OFFER: bool = false;

    fn beneficiary() -> Actor {
        Actor::requester(OFFER)
    }

    fn provider() -> Actor {
        Actor::responder(OFFER)
    }

    /// Every actor the machine can be handed, consistent or not.
    fn all_actors() -> Vec<Actor> {
        let parties = [Party::Requester, Party::Responder, Party::Staff, Party::Scheduler];
        let mut actors = Vec::new();
        for party in parties {
            for (is_provider, is_beneficiary) in [(false, false), (true, false), (false, true), (true, true)]
            {
                actors.push(Actor { party, is_provider, is_beneficiary });
            }
        }
        actors
    }

    /// The action of `kind` with valid figures; `None` for `request`, which is no transition.
    fn with_valid_figures(kind: ActionKind) -> Option<Action> {
        Some(match kind {
            ActionKind::Request => return None,
            ActionKind::Accept => Action::Accept { minutes: 180, proposed: Some(180) },
            ActionKind::Agree => Action::Agree,
            ActionKind::Decline => Action::Decline,
            ActionKind::Cancel => Action::Cancel,
            ActionKind::Deliver => Action::Deliver,
            ActionKind::Confirm => Action::Confirm,
            ActionKind::Dispute => Action::Dispute,
            ActionKind::Evaluate => Action::Evaluate,
            ActionKind::SettleConfirm => Action::SettleConfirm,
            ActionKind::SettleAdjust => Action::SettleAdjust { amount: Ts::from_hundredths(250) },
            ActionKind::SettleCancel => Action::SettleCancel,
            ActionKind::AutoConfirm => Action::AutoConfirm,
            ActionKind::AccountClosed => Action::AccountClosed,
        })
    }

    fn run(steps: &[(Action, Actor)]) -> Result<ExchangeState, ExchangeRefusal> {
        steps
            .iter()
            .try_fold(S::Requested, |state, &(action, actor)| Ok(transition(state, action, actor)?.to))
    }

    #[test]
    fn names_round_trip_and_match_serde() -> Result<(), serde_json::Error> {
        for s in ExchangeState::ALL {
            assert_eq!(ExchangeState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s)?, format!("\"{}\"", s.as_str()));
        }
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k)?, format!("\"{}\"", k.as_str()));
        }
        for r in ExchangeRefusal::ALL {
            assert_eq!(serde_json::to_string(&r)?, format!("\"{}\"", r.as_str()));
        }
        assert_eq!(ExchangeState::parse("paid"), None);
        Ok(())
    }

    #[test]
    fn the_happy_path_answering_an_offer() {
        let accept =
            transition(S::Requested, Action::Accept { minutes: 180, proposed: Some(180) }, provider());
        assert_eq!(accept, Ok(Step { to: S::Accepted, posts_transfer: false, amount_override: None }));
        assert_eq!(transition(S::Accepted, Action::Deliver, provider()).map(|s| s.to), Ok(S::Delivered));
        let confirm = transition(S::Delivered, Action::Confirm, beneficiary());
        assert_eq!(confirm, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: None }));
        assert_eq!(transition(S::Confirmed, Action::Evaluate, beneficiary()).map(|s| s.to), Ok(S::Evaluated));
    }

    #[test]
    fn the_happy_path_answering_a_want() {
        let (provider, beneficiary) = (Actor::requester(true), Actor::responder(true));
        assert_eq!(
            run(&[
                (Action::Accept { minutes: 60, proposed: Some(90) }, beneficiary),
                (Action::Deliver, provider),
                (Action::Confirm, beneficiary),
                (Action::Evaluate, Actor::STAFF),
            ]),
            Ok(S::Evaluated)
        );
    }

    #[test]
    fn a_provider_who_changes_the_duration_waits_for_the_member_served() {
        for proposed in [Some(120), None] {
            let accept = Action::Accept { minutes: 180, proposed };
            let step = transition(S::Requested, accept, provider());
            assert_eq!(step.map(|s| s.to), Ok(S::AwaitingAgreement), "{proposed:?}");
        }
        // Only the member served agrees or declines; either member may still cancel.
        assert_eq!(
            transition(S::AwaitingAgreement, Action::Agree, beneficiary()).map(|s| s.to),
            Ok(S::Accepted)
        );
        assert_eq!(
            transition(S::AwaitingAgreement, Action::Decline, beneficiary()).map(|s| s.to),
            Ok(S::Declined)
        );
        for actor in [provider(), Actor::STAFF, Actor::SCHEDULER] {
            for action in [Action::Agree, Action::Decline] {
                assert_eq!(
                    transition(S::AwaitingAgreement, action, actor),
                    Err(ExchangeRefusal::NotYourTurn)
                );
            }
        }
        for member in [provider(), beneficiary()] {
            assert_eq!(
                transition(S::AwaitingAgreement, Action::Cancel, member).map(|s| s.to),
                Ok(S::Cancelled)
            );
        }
        assert_eq!(
            next_actions(S::AwaitingAgreement, beneficiary()),
            [ActionKind::Agree, ActionKind::Decline, ActionKind::Cancel]
        );
        assert_eq!(next_actions(S::AwaitingAgreement, provider()), [ActionKind::Cancel]);
        // Nothing is delivered or paid before the member served agrees.
        for action in [Action::Deliver, Action::Confirm, Action::AutoConfirm, Action::Dispute] {
            for actor in all_actors() {
                assert!(transition(S::AwaitingAgreement, action, actor).is_err(), "{action:?} {actor:?}");
            }
        }
        // The member served who answers a want sets what they pay: no agreement to wait for.
        let served_responder = Actor::responder(true);
        let accept = Action::Accept { minutes: 180, proposed: Some(60) };
        assert_eq!(transition(S::Requested, accept, served_responder).map(|s| s.to), Ok(S::Accepted));
        assert_eq!(transition(S::Requested, Action::Agree, beneficiary()), Err(ExchangeRefusal::WrongState));
    }

    #[test]
    fn each_action_is_one_partys() {
        let refused = Err(ExchangeRefusal::NotYourTurn);
        let accept = Action::Accept { minutes: 180, proposed: Some(180) };
        assert_eq!(transition(S::Requested, accept, beneficiary()), refused);
        assert_eq!(transition(S::Requested, accept, Actor::STAFF), refused);
        assert_eq!(transition(S::Requested, Action::Decline, beneficiary()), refused);
        assert_eq!(transition(S::Requested, Action::Cancel, Actor::STAFF), refused);
        assert_eq!(transition(S::Accepted, Action::Deliver, beneficiary()), refused);
        assert_eq!(transition(S::Accepted, Action::Dispute, Actor::STAFF), refused);
        assert_eq!(transition(S::Delivered, Action::Confirm, provider()), refused);
        assert_eq!(transition(S::Delivered, Action::Confirm, Actor::STAFF), refused);
        assert_eq!(transition(S::Delivered, Action::Confirm, Actor::SCHEDULER), refused);
        assert_eq!(transition(S::Delivered, Action::AutoConfirm, beneficiary()), refused);
        assert_eq!(transition(S::Delivered, Action::AutoConfirm, Actor::STAFF), refused);
        assert_eq!(transition(S::Disputed, Action::SettleConfirm, beneficiary()), refused);
        assert_eq!(transition(S::Disputed, Action::SettleCancel, provider()), refused);
        assert_eq!(transition(S::Confirmed, Action::Evaluate, provider()), refused);
        assert_eq!(transition(S::Confirmed, Action::Evaluate, Actor::SCHEDULER), refused);
        // Flags count only for members: staff is never "the provider".
        let staff_flagged = Actor { party: Party::Staff, is_provider: true, is_beneficiary: true };
        assert_eq!(transition(S::Accepted, Action::Deliver, staff_flagged), refused);
        assert_eq!(transition(S::Delivered, Action::Confirm, staff_flagged), refused);
    }

    #[test]
    fn either_member_cancels_before_delivery_and_disputes_after_acceptance() {
        for member in [beneficiary(), provider()] {
            for state in [S::Requested, S::AwaitingAgreement, S::Accepted] {
                assert_eq!(transition(state, Action::Cancel, member).map(|s| s.to), Ok(S::Cancelled));
            }
            assert_eq!(transition(S::Delivered, Action::Cancel, member), Err(ExchangeRefusal::WrongState));
            for state in [S::Accepted, S::Delivered] {
                assert_eq!(transition(state, Action::Dispute, member).map(|s| s.to), Ok(S::Disputed));
            }
            assert_eq!(transition(S::Requested, Action::Dispute, member), Err(ExchangeRefusal::WrongState));
            assert_eq!(transition(S::Confirmed, Action::Dispute, member), Err(ExchangeRefusal::WrongState));
        }
    }

    #[test]
    fn staff_settle_disputes() {
        let confirm = transition(S::Disputed, Action::SettleConfirm, Actor::STAFF);
        assert_eq!(confirm, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: None }));
        let amount = Ts::from_hundredths(250);
        let adjust = transition(S::Disputed, Action::SettleAdjust { amount }, Actor::STAFF);
        assert_eq!(
            adjust,
            Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: Some(amount) })
        );
        let cancel = transition(S::Disputed, Action::SettleCancel, Actor::STAFF);
        assert_eq!(cancel, Ok(Step { to: S::Cancelled, posts_transfer: false, amount_override: None }));
        for bad in [0, -1, -500] {
            let adjust = Action::SettleAdjust { amount: Ts::from_hundredths(bad) };
            assert_eq!(transition(S::Disputed, adjust, Actor::STAFF), Err(ExchangeRefusal::InvalidAmount));
        }
        assert_eq!(
            transition(S::Delivered, Action::SettleConfirm, Actor::STAFF),
            Err(ExchangeRefusal::WrongState)
        );
    }

    #[test]
    fn the_scheduler_confirms_a_delivery_only() {
        let auto = transition(S::Delivered, Action::AutoConfirm, Actor::SCHEDULER);
        assert_eq!(auto, Ok(Step { to: S::Confirmed, posts_transfer: true, amount_override: None }));
        for state in ExchangeState::ALL.into_iter().filter(|s| *s != S::Delivered) {
            assert_eq!(
                transition(state, Action::AutoConfirm, Actor::SCHEDULER),
                Err(ExchangeRefusal::WrongState)
            );
            let only_closing =
                next_actions(state, Actor::SCHEDULER).into_iter().all(|k| k == ActionKind::AccountClosed);
            assert!(only_closing, "{state:?}");
        }
    }

    #[test]
    fn a_closed_account_cancels_what_is_under_way_and_pays_nothing() {
        for state in ExchangeState::ALL {
            let step = transition(state, Action::AccountClosed, Actor::SCHEDULER);
            match state {
                S::Requested | S::AwaitingAgreement | S::Accepted | S::Delivered | S::Disputed => {
                    assert_eq!(
                        step,
                        Ok(Step { to: S::Cancelled, posts_transfer: false, amount_override: None })
                    );
                }
                _ => assert_eq!(step, Err(ExchangeRefusal::WrongState), "{state:?}"),
            }
            // Only SEED itself closes: no member nor staff takes this step.
            for actor in all_actors().into_iter().filter(|a| a.party != Party::Scheduler) {
                assert!(transition(state, Action::AccountClosed, actor).is_err());
            }
        }
    }

    #[test]
    fn the_duration_is_checked_on_acceptance() {
        for bad in [0, 10, 100, 6015] {
            let accept = Action::Accept { minutes: bad, proposed: Some(bad) };
            assert_eq!(transition(S::Requested, accept, provider()), Err(ExchangeRefusal::InvalidMinutes));
        }
        // The state and the party are checked before the figures.
        let bad = Action::Accept { minutes: 0, proposed: Some(0) };
        assert_eq!(transition(S::Accepted, bad, provider()), Err(ExchangeRefusal::WrongState));
        assert_eq!(transition(S::Requested, bad, beneficiary()), Err(ExchangeRefusal::NotYourTurn));
    }

    #[test]
    fn final_states_refuse_everything() {
        for state in ExchangeState::ALL.into_iter().filter(|s| s.is_final()) {
            for actor in all_actors() {
                assert!(next_actions(state, actor).is_empty());
                for action in ActionKind::ALL.into_iter().filter_map(with_valid_figures) {
                    assert_eq!(transition(state, action, actor), Err(ExchangeRefusal::WrongState));
                }
            }
        }
        assert_eq!(
            run(&[
                (Action::Accept { minutes: 180, proposed: Some(180) }, provider()),
                (Action::Deliver, provider()),
                (Action::Confirm, beneficiary()),
                (Action::Evaluate, beneficiary()),
                (Action::Evaluate, Actor::STAFF),
            ]),
            Err(ExchangeRefusal::WrongState)
        );
    }

    #[test]
    fn next_actions_are_exactly_the_accepted_ones() {
        for state in ExchangeState::ALL {
            for actor in all_actors() {
                let listed = next_actions(state, actor);
                assert!(!listed.contains(&ActionKind::Request));
                for kind in ActionKind::ALL {
                    let Some(action) = with_valid_figures(kind) else { continue };
                    let accepted = transition(state, action, actor).is_ok();
                    assert_eq!(listed.contains(&kind), accepted, "{state:?} {kind:?} {actor:?}");
                }
            }
        }
        assert_eq!(
            next_actions(S::Requested, provider()),
            [ActionKind::Accept, ActionKind::Decline, ActionKind::Cancel]
        );
        assert_eq!(next_actions(S::Requested, beneficiary()), [ActionKind::Cancel]);
        assert_eq!(next_actions(S::Delivered, beneficiary()), [ActionKind::Confirm, ActionKind::Dispute]);
        assert_eq!(
            next_actions(S::Disputed, Actor::STAFF),
            [ActionKind::SettleConfirm, ActionKind::SettleAdjust, ActionKind::SettleCancel]
        );
    }

    #[test]
    fn every_state_is_reachable() {
        let mut reached = vec![S::Requested];
        let mut frontier = vec![S::Requested];
        while let Some(state) = frontier.pop() {
            for actor in all_actors() {
                // An acceptance with another duration than asked leads elsewhere.
                let another_duration = Action::Accept { minutes: 180, proposed: None };
                for action in
                    ActionKind::ALL.into_iter().filter_map(with_valid_figures).chain([another_duration])
                {
                    if let Ok(step) = transition(state, action, actor)
                        && !reached.contains(&step.to)
                    {
                        reached.push(step.to);
                        frontier.push(step.to);
                    }
                }
            }
        }
        assert_eq!(reached.len(), ExchangeState::ALL.len());
    }

    #[test]
    fn parties_tell_who_acts() {
        let parties = Parties { requester_id: "ben", provider_id: "pro", beneficiary_id: "ben" };
        assert_eq!(parties.actor("ben", false), Some(Actor::requester(false)));
        assert_eq!(parties.actor("pro", false), Some(Actor::responder(false)));
        assert_eq!(parties.actor("staff", true), Some(Actor::STAFF));
        assert_eq!(parties.actor("someone", false), None);
        // A staff member who gave the service acts as the provider: no settling their own case.
        let staff_provider = parties.actor("pro", true);
        assert_eq!(staff_provider, Some(Actor::responder(false)));
        if let Some(actor) = staff_provider {
            assert_eq!(
                transition(S::Disputed, Action::SettleConfirm, actor),
                Err(ExchangeRefusal::NotYourTurn)
            );
            assert_eq!(transition(S::Confirmed, Action::Evaluate, actor), Err(ExchangeRefusal::NotYourTurn));
        }
        let want = Parties { requester_id: "pro", provider_id: "pro", beneficiary_id: "ben" };
        assert_eq!(want.actor("pro", false), Some(Actor::requester(true)));
        assert_eq!(want.actor("ben", false), Some(Actor::responder(true)));
        assert!(requester_is_provider(ListingKind::Want));
        assert!(!requester_is_provider(ListingKind::Offer));
    }

    #[test]
    fn refusals_map_to_their_answers() {
        for refusal in [ExchangeRefusal::NotYourTurn, ExchangeRefusal::WrongState] {
            assert_eq!(refusal.problem().code.as_str(), refusal.as_str());
        }
        assert_eq!(ExchangeRefusal::NotYourTurn.problem().status, 403);
        assert_eq!(ExchangeRefusal::WrongState.problem().status, 409);
        let invalid = ExchangeRefusal::InvalidMinutes.problem();
        assert_eq!(invalid.status, 422);
        assert_eq!(invalid.errors, [FieldError::new("minutes", "invalid_minutes")]);
        assert_eq!(ExchangeRefusal::InvalidAmount.problem().errors[0].field, "amount");
    }

    #[test]
    fn amounts_are_pro_rata_of_5_ts_for_3_hours() {
        let amount = |m| amount_for(m, DEFAULT_RATE, DEFAULT_RATE_MINUTES);
        assert_eq!(amount(180), Some(Ts::from_hundredths(500)));
        assert_eq!(amount(60), Some(Ts::from_hundredths(167)));
        assert_eq!(amount(90), Some(Ts::from_hundredths(250)));
        assert_eq!(amount(15), Some(Ts::from_hundredths(42)));
        assert_eq!(amount(6000), Some(Ts::from_hundredths(16_667)));
        assert_eq!(amount_for(60, DEFAULT_RATE, 0), None);
    }

    #[test]
    fn request_bodies_are_checked() {
        let ok = NewExchange { listing_id: "l1".into(), message: String::new(), minutes: None };
        assert_eq!(ok.validate(), []);
        let bad =
            NewExchange { listing_id: " ".into(), message: "é".repeat(MESSAGE_MAX + 1), minutes: Some(20) };
        let fields: Vec<_> = bad.validate().into_iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("listing_id".into(), "required".into()),
                ("message".into(), "too_long".into()),
                ("minutes".into(), "not_a_multiple".into())
            ]
        );
        assert_eq!(AcceptExchange { minutes: 165 }.validate(), []);
        assert_eq!(AcceptExchange { minutes: 0 }.validate()[0].code, "out_of_range");
        assert_eq!(DisputeExchange { reason: "Pas venu".into() }.validate(), []);
        assert_eq!(DisputeExchange { reason: "".into() }.validate()[0].code, "required");
        assert_eq!(DisputeExchange { reason: "x".repeat(REASON_MAX + 1) }.validate()[0].code, "too_long");
        let settle = SettleExchange { amount: Some(Ts::from_hundredths(100)), note: "Moitié faite".into() };
        assert_eq!(settle.validate(), []);
        assert_eq!(SettleExchange { amount: None, note: "Accord".into() }.validate(), []);
        let settle = SettleExchange { amount: Some(Ts::ZERO), note: " ".into() };
        let codes: Vec<_> = settle.validate().into_iter().map(|e| e.code).collect();
        assert_eq!(codes, ["invalid_amount", "required"]);
    }

    #[test]
    fn evaluations_are_one_to_five_with_an_optional_comment() {
        for rating in 1..=5 {
            assert_eq!(NewEvaluation { rating, comment: String::new() }.validate(), []);
        }
        for rating in [0, 6, u8::MAX] {
            assert_eq!(NewEvaluation { rating, comment: String::new() }.validate()[0].code, "out_of_range");
        }
        let long = NewEvaluation { rating: 4, comment: "é".repeat(COMMENT_MAX + 1) };
        assert_eq!(long.validate()[0].code, "too_long");
        assert_eq!(NewEvaluation { rating: 4, comment: "é".repeat(COMMENT_MAX) }.validate(), []);
    }

    #[test]
    fn bodies_deserialise_with_their_defaults() -> Result<(), serde_json::Error> {
        let body: NewExchange = serde_json::from_str(r#"{"listing_id":"l1"}"#)?;
        assert_eq!(body, NewExchange { listing_id: "l1".into(), message: String::new(), minutes: None });
        let settle: SettleExchange = serde_json::from_str(r#"{"amount":250,"note":"ok"}"#)?;
        assert_eq!(settle.amount, Some(Ts::from_hundredths(250)));
        assert!(serde_json::from_str::<SettleExchange>(r#"{"amount":2.5,"note":"ok"}"#).is_err());
        assert!(serde_json::from_str::<AcceptExchange>(r#"{"minutes":60,"amount":1}"#).is_err());
        Ok(())
    }

    /// One random step: whether to take one of the moves the machine accepts now (to get deep
    /// into it) or any move at all (to hit its refusals), and the numbers that choose the move.
    type RawStep = (bool, u8, u8, u16);

    fn decode_action(raw: u8, figure: u16) -> Action {
        // Mostly valid figures, a quarter of the time anything.
        let wild = figure.is_multiple_of(4);
        let minutes = if wild { u32::from(figure) % 7000 } else { 15 * (1 + u32::from(figure) % 400) };
        let amount =
            Ts::from_hundredths(if wild { i64::from(figure % 1500) - 500 } else { 1 + i64::from(figure) });
        // The duration asked for: the same, another, or none.
        let proposed = match figure / 4 % 3 {
            0 => Some(minutes),
            1 => Some(minutes + 15),
            _ => None,
        };
        match raw % 12 {
            0 => Action::Accept { minutes, proposed },
            1 => Action::Decline,
            2 => Action::Cancel,
            3 => Action::Deliver,
            4 => Action::Confirm,
            5 => Action::Dispute,
            6 => Action::Evaluate,
            7 => Action::SettleConfirm,
            8 => Action::SettleAdjust { amount },
            9 => Action::SettleCancel,
            10 => Action::Agree,
            _ => Action::AutoConfirm,
        }
    }

    /// Mostly the four actors of an exchange where the requester is (or not) the provider, now
    /// and then any actor at all.
    fn decode_actor(raw: u8, requester_is_provider: bool) -> Actor {
        match raw % 8 {
            0 | 1 => Actor::requester(requester_is_provider),
            2 | 3 => Actor::responder(requester_is_provider),
            4 => Actor::STAFF,
            5 => Actor::SCHEDULER,
            _ => Actor {
                party: [Party::Requester, Party::Responder, Party::Staff, Party::Scheduler]
                    [usize::from(raw / 8 % 4)],
                is_provider: raw & 0x20 != 0,
                is_beneficiary: raw & 0x40 != 0,
            },
        }
    }

    fn decode(state: ExchangeState, (guided, a, b, figure): RawStep, rip: bool) -> (Action, Actor) {
        if guided {
            // A kind of move first, then who makes it, so that "cancel", which many actors may
            // take, is not picked more often than "deliver".
            let moves = |k: u8| {
                let action = decode_action(k, 1 + 4 * (figure / 4));
                all_actors()
                    .into_iter()
                    .filter(move |&actor| transition(state, action, actor).is_ok())
                    .map(move |actor| (action, actor))
            };
            let kinds: Vec<u8> = (0..12).filter(|&k| moves(k).next().is_some()).collect();
            if !kinds.is_empty() {
                let chosen: Vec<_> = moves(kinds[usize::from(a) % kinds.len()]).collect();
                return chosen[usize::from(b) % chosen.len()];
            }
        }
        (decode_action(a, figure), decode_actor(b, rip))
    }

    /// Plays one sequence from `requested` and checks the rules at every step; returns the
    /// states it went through.
    fn play(rip: bool, raw: &[RawStep]) -> Result<Vec<ExchangeState>, TestCaseError> {
        let mut state = S::Requested;
        let mut path = vec![state];
        let mut transfers = 0;
        for &step in raw {
            let (action, actor) = decode(state, step, rip);
            let before = state;
            match transition(before, action, actor) {
                Ok(step) => {
                    prop_assert!(!before.is_final(), "left the final {:?}", before);
                    prop_assert!(next_actions(before, actor).contains(&action.kind()));
                    prop_assert_eq!(step.posts_transfer, step.to == S::Confirmed);
                    prop_assert_eq!(
                        step.amount_override.is_some(),
                        matches!(action, Action::SettleAdjust { .. })
                    );
                    if step.to == S::Confirmed {
                        prop_assert!(matches!(before, S::Delivered | S::Disputed));
                        prop_assert!(path.iter().any(|s| matches!(s, S::Delivered | S::Disputed)));
                    }
                    if step.to == S::Evaluated {
                        prop_assert_eq!(before, S::Confirmed);
                    }
                    // What the member served pays is never set by the provider alone.
                    if let Action::Accept { minutes, proposed } = action
                        && actor.provides()
                    {
                        prop_assert_eq!(step.to == S::Accepted, proposed == Some(minutes));
                    }
                    if step.to == S::Accepted && before == S::AwaitingAgreement {
                        prop_assert!(actor.is_served());
                    }
                    if step.to == S::AwaitingAgreement {
                        prop_assert_eq!(before, S::Requested);
                    }
                    transfers += usize::from(step.posts_transfer);
                    prop_assert!(transfers <= 1, "paid twice: {:?}", path);
                    state = step.to;
                    path.push(state);
                }
                Err(refusal) => {
                    prop_assert!(
                        !next_actions(before, actor).contains(&action.kind()) || refusal_is_a_figure(refusal)
                    );
                    if before.is_final() {
                        prop_assert_eq!(refusal, ExchangeRefusal::WrongState);
                    }
                }
            }
        }
        Ok(path)
    }

    fn refusal_is_a_figure(refusal: ExchangeRefusal) -> bool {
        matches!(refusal, ExchangeRefusal::InvalidMinutes | ExchangeRefusal::InvalidAmount)
    }

    /// 10 000 random sequences keep the rules, and between them they go through every state
    /// (so the rules were checked deep in the machine, not only at its start).
    #[test]
    fn random_sequences_keep_the_rules() -> Result<(), TestError<(bool, Vec<RawStep>)>> {
        use proptest::test_runner::TestRunner;
        use std::cell::RefCell;
        let strategy = (any::<bool>(), proptest::collection::vec(any::<RawStep>(), 0..12));
        let reached = RefCell::new([0u32; 9]);
        let mut runner = TestRunner::new(ProptestConfig::with_cases(10_000));
        runner.run(&strategy, |(rip, raw)| {
            let path = play(rip, &raw)?;
            for (count, state) in reached.borrow_mut().iter_mut().zip(ExchangeState::ALL) {
                *count += u32::from(path.contains(&state));
            }
            Ok(())
        })?;
        let reached = reached.into_inner();
        for (state, count) in ExchangeState::ALL.into_iter().zip(reached) {
            // About 9 % of the sequences pay, 6 % get evaluated: far above these floors.
            let least = if state == S::Confirmed { 500 } else { 100 };
            assert!(count >= least, "{state:?} reached by only {count} sequences ({reached:?})");
        }
        Ok(())
    }
}
