//! Applications (*candidatures*): a stranger asks to join, and staff accompany them to a
//! decision. Every applicant has an intake interview before they can be accepted.
//!
//! ```text
//! from                          action                     by          to
//! unconfirmed                   confirm (address works)    applicant   received, or waiting
//!                                                                      when the year is full
//! waiting                       offer_place                staff       received
//! received                      schedule_interview         staff       interview_scheduled
//! interview_scheduled           reschedule_interview       staff       interview_scheduled
//! interview_scheduled           cancel_interview, no_show  staff       received
//! interview_scheduled           record_interview           staff       interviewed
//! interviewed                   accept                     staff       accepted
//! waiting, received, interview_scheduled, interviewed
//!                               refuse { reason }          staff       refused
//! any state but the final ones  withdraw                   applicant   withdrawn
//! ```
//!
//! `accepted`, `refused` and `withdrawn` are final. Nothing reaches `accepted` without
//! `interviewed`, so nobody joins without an interview; the year's quota is the server's to
//! check when it accepts (one conditional statement). The waiting list is served in order of
//! arrival: offering the place to someone else than the first needs a reason, which the audit
//! log keeps.

use crate::{ErrorCode, FieldError, Problem};
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationState {
    /// Sent from the public form; the applicant has not confirmed their address yet.
    Unconfirmed,
    /// Confirmed; staff will schedule the interview.
    Received,
    /// Confirmed while the year was full: waits for a place, in order of arrival.
    Waiting,
    /// The intake interview has a date.
    InterviewScheduled,
    /// The interview took place; staff decide.
    Interviewed,
    /// The applicant becomes a member. Final.
    Accepted,
    /// Staff said no, with a reason. Final.
    Refused,
    /// The applicant withdrew. Final.
    Withdrawn,
}

text_enum!(ApplicationState {
    Unconfirmed => "unconfirmed",
    Received => "received",
    Waiting => "waiting",
    InterviewScheduled => "interview_scheduled",
    Interviewed => "interviewed",
    Accepted => "accepted",
    Refused => "refused",
    Withdrawn => "withdrawn",
});

impl ApplicationState {
    /// No action changes an application in this state.
    pub fn is_final(self) -> bool {
        matches!(self, ApplicationState::Accepted | ApplicationState::Refused | ApplicationState::Withdrawn)
    }
}

/// Who acts on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApplicationActor {
    /// The person who applied, through the links of their e-mails.
    Applicant,
    /// Staff (and admins): the people who hold the interviews.
    Staff,
}

/// What can be done to an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplicationAction {
    /// The applicant confirms their address; `year_full` says whether the year has a place.
    Confirm {
        year_full: bool,
    },
    /// Staff offer a freed place to someone on the waiting list. Someone else than the first
    /// in line only with a reason.
    OfferPlace {
        first_in_line: bool,
        reason: Option<String>,
    },
    ScheduleInterview,
    RescheduleInterview,
    CancelInterview,
    /// The applicant did not come; the interview is to be scheduled again.
    NoShow,
    RecordInterview,
    Accept,
    Refuse {
        reason: String,
    },
    Withdraw,
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationRefusal {
    /// The action is someone else's to take (403).
    #[error("this action is for someone else")]
    NotYourTurn,
    /// The action is not possible in the application's state (409): it changed meanwhile, it
    /// is final, or (accepting) there was no interview.
    #[error("this action is not possible in the application's state")]
    WrongState,
    /// Refusing, or skipping someone on the waiting list, needs a reason (422).
    #[error("a reason is required")]
    ReasonRequired,
}

text_enum!(ApplicationRefusal (error) {
    NotYourTurn => "not_your_turn",
    WrongState => "wrong_state",
    ReasonRequired => "reason_required",
});

impl ApplicationRefusal {
    /// The answer: `not_your_turn` (403), `wrong_state` (409), or `validation_failed` (422)
    /// with the `reason` field's error.
    pub fn problem(self) -> Problem {
        match self {
            ApplicationRefusal::NotYourTurn => Problem::new(ErrorCode::NotYourTurn),
            ApplicationRefusal::WrongState => Problem::new(ErrorCode::WrongState),
            ApplicationRefusal::ReasonRequired => {
                let mut problem = Problem::new(ErrorCode::ValidationFailed);
                problem.errors.push(FieldError::new("reason", "required"));
                problem
            }
        }
    }
}

/// The state `action` leads to from `state`, taken by `actor`.
pub fn transition(
    state: ApplicationState,
    action: &ApplicationAction,
    actor: ApplicationActor,
) -> Result<ApplicationState, ApplicationRefusal> {
    use ApplicationAction as A;
    use ApplicationState as S;
    let (to, by) = match (state, action) {
        (S::Unconfirmed, A::Confirm { year_full: false }) => (S::Received, ApplicationActor::Applicant),
        (S::Unconfirmed, A::Confirm { year_full: true }) => (S::Waiting, ApplicationActor::Applicant),
        (S::Waiting, A::OfferPlace { .. }) => (S::Received, ApplicationActor::Staff),
        (S::Received, A::ScheduleInterview) => (S::InterviewScheduled, ApplicationActor::Staff),
        (S::InterviewScheduled, A::RescheduleInterview) => (S::InterviewScheduled, ApplicationActor::Staff),
        (S::InterviewScheduled, A::CancelInterview | A::NoShow) => (S::Received, ApplicationActor::Staff),
        (S::InterviewScheduled, A::RecordInterview) => (S::Interviewed, ApplicationActor::Staff),
        (S::Interviewed, A::Accept) => (S::Accepted, ApplicationActor::Staff),
        (S::Waiting | S::Received | S::InterviewScheduled | S::Interviewed, A::Refuse { .. }) => {
            (S::Refused, ApplicationActor::Staff)
        }
        (state, A::Withdraw) if !state.is_final() => (S::Withdrawn, ApplicationActor::Applicant),
        _ => return Err(ApplicationRefusal::WrongState),
    };
    if actor != by {
        return Err(ApplicationRefusal::NotYourTurn);
    }
    let blank = |reason: Option<&str>| reason.is_none_or(|r| r.trim().is_empty());
    match action {
        A::Refuse { reason } if blank(Some(reason)) => Err(ApplicationRefusal::ReasonRequired),
        A::OfferPlace { first_in_line: false, reason } if blank(reason.as_deref()) => {
            Err(ApplicationRefusal::ReasonRequired)
        }
        _ => Ok(to),
    }
}

#[cfg(test)]
mod tests;
