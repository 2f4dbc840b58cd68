//! What members and staff send about an exchange, with its limits and validation.

use crate::{FieldError, Ts};
use serde::{Deserialize, Serialize};

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
