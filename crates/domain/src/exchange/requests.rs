//! What members and staff send about an exchange, with its limits and validation.

use crate::{FieldError, Ts};
use serde::{Deserialize, Serialize};

pub const MESSAGE_MAX: u64 = 1000;
pub const REASON_MAX: u64 = 1000;
pub const NOTE_MAX: u64 = 1000;
pub const COMMENT_MAX: u64 = 1000;
pub const LISTING_ID_MAX: u64 = 100;

/// `POST /api/exchanges`: answer a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewExchange {
    #[validate(length(max = LISTING_ID_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = "\\S"))]
    pub listing_id: String,
    /// To the listing's owner; 0 to 1000 characters.
    #[serde(default)]
    #[validate(length(max = MESSAGE_MAX, code = "too_long"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub message: String,
    /// The duration the requester proposes; the responder sets the final one on accepting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "crate::listing::duration"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 6000, multiple_of = 15))]
    pub minutes: Option<u32>,
}

impl NewExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// `POST /api/exchanges/{id}/accept`: the agreed duration, which fixes the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct AcceptExchange {
    /// 15 to 6000, a multiple of 15.
    #[validate(custom(function = "crate::listing::duration"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 6000, multiple_of = 15))]
    pub minutes: u32,
}

impl AcceptExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// `POST /api/exchanges/{id}/dispute`: what is wrong, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct DisputeExchange {
    /// 1 to 1000 characters.
    #[validate(length(max = REASON_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000, pattern = "\\S"))]
    pub reason: String,
}

impl DisputeExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// Staff settle a dispute: with an `amount`, the transfer is posted at that amount instead of
/// the agreed one. The note says why (every movement of TS says why); 1 to 1000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct SettleExchange {
    /// In hundredths of TS; positive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>, minimum = 1))]
    pub amount: Option<Ts>,
    #[validate(length(max = NOTE_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000, pattern = "\\S"))]
    pub note: String,
}

impl SettleExchange {
    pub fn validate(&self) -> Vec<FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// `POST /api/exchanges/{id}/evaluate`: by the beneficiary, or by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewEvaluation {
    /// 1 to 5.
    #[validate(range(min = RATING_MIN, max = RATING_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub rating: u8,
    /// 0 to 1000 characters.
    #[serde(default)]
    #[validate(length(max = COMMENT_MAX, code = "too_long"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub comment: String,
}

pub const RATING_MIN: u8 = 1;
pub const RATING_MAX: u8 = 5;

impl NewEvaluation {
    pub fn validate(&self) -> Vec<FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}
