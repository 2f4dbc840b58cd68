//! An exchange as its members and staff see it.

use super::{ActionKind, ExchangeState};
use crate::Ts;
use serde::{Deserialize, Serialize};

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

/// Which side of an exchange someone is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Gives the service, is paid.
    Provider,
    /// Is served, pays.
    Beneficiary,
    /// Takes no part (staff).
    Neither,
}

impl ExchangeView {
    /// The side of the member `my_id` (`None`: nobody signed in).
    pub fn side_of(&self, my_id: Option<&str>) -> Side {
        match my_id {
            Some(id) if id == self.provider_id => Side::Provider,
            Some(id) if id == self.beneficiary_id => Side::Beneficiary,
            _ => Side::Neither,
        }
    }

    /// The other member (id, name), for one of the two; the provider for staff.
    pub fn other_member(&self, side: Side) -> (&str, &str) {
        match side {
            Side::Provider => (&self.beneficiary_id, &self.beneficiary_name),
            _ => (&self.provider_id, &self.provider_name),
        }
    }
}
