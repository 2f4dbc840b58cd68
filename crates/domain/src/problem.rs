//! The one error shape on the wire (`application/problem+json`) and its closed set of codes.
//!
//! The SPA maps each [`ErrorCode`] to French and English text (`errors.<code>` in its
//! catalogues), so a code is a stable name: rename one and both the catalogues and the
//! integrators break.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every error SEED can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed (bad query string, bad header).
    BadRequest,
    /// The body is not valid JSON, or not the JSON this endpoint expects.
    MalformedJson,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// Not signed in (no session, an expired one, or an invalid token).
    NotSignedIn,
    /// Signed in, but this needs another role.
    NotAllowed,
    /// A state-changing request with the session cookie but without SEED's CSRF header, or
    /// from another site.
    CsrfRejected,
    /// The token's scopes do not cover this request.
    InsufficientScope,
    /// The body is larger than this endpoint accepts.
    PayloadTooLarge,
    /// A TS amount must be positive (and fit).
    TsNotPositive,
    /// An account cannot pay itself.
    TsSameAccount,
    /// The amount does not fit the books (more TS than can be counted).
    TsTooLarge,
    /// A payment or a service goes from one member's account to another member's.
    TsNotBetweenMembers,
    /// The payer would go below their floor: `params.floor`, `params.short_by`.
    TsFloorReached,
    /// The payee would go above their ceiling: `params.ceiling`, `params.over_by`.
    TsCeilingReached,
    /// Over the maximum per exchange: `params.maximum`, `params.over_by`.
    TsOverMaximum,
    /// A closed account pays or receives nothing: `params.side`.
    AccountClosed,
    /// The account named in the request does not exist.
    UnknownAccount,
    /// A reversal cannot be reversed.
    NotReversible,
    /// This transfer is already reversed.
    AlreadyReversed,
    /// A request that moves TS needs an `Idempotency-Key` header.
    IdempotencyKeyMissing,
    /// This `Idempotency-Key` was used with another request body.
    IdempotencyKeyReused,
    /// A period ends before it starts (`to` before `from`): a rule across two parameters,
    /// which the OpenAPI cannot state.
    PeriodReversed,
    /// The state of this object does not allow that action now.
    WrongState,
    /// It is the other party's turn (or staff's) to act.
    NotYourTurn,
    /// No such route, or no such object that you may see.
    NotFound,
    /// The method is not allowed on this route.
    MethodNotAllowed,
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// The object changed state meanwhile or already exists.
    Conflict,
    /// Too many requests; retry after `Retry-After` seconds.
    RateLimited,
    /// A demo-mode server answers only a browser on its own machine: never through a proxy,
    /// never under another host name.
    DemoLocalOnly,
    /// A dependency (the database) is unavailable; retry later.
    Unavailable,
    /// A bug on our side; the request id identifies it in the logs.
    Internal,
}

text_enum!(ErrorCode {
    BadRequest => "bad_request",
    MalformedJson => "malformed_json",
    UnsupportedMediaType => "unsupported_media_type",
    PayloadTooLarge => "payload_too_large",
    TsNotPositive => "ts_not_positive",
    TsSameAccount => "ts_same_account",
    TsTooLarge => "ts_too_large",
    TsNotBetweenMembers => "ts_not_between_members",
    TsFloorReached => "ts_floor_reached",
    TsCeilingReached => "ts_ceiling_reached",
    TsOverMaximum => "ts_over_maximum",
    AccountClosed => "account_closed",
    UnknownAccount => "unknown_account",
    NotReversible => "not_reversible",
    AlreadyReversed => "already_reversed",
    IdempotencyKeyMissing => "idempotency_key_missing",
    IdempotencyKeyReused => "idempotency_key_reused",
    PeriodReversed => "period_reversed",
    WrongState => "wrong_state",
    NotYourTurn => "not_your_turn",
    NotSignedIn => "not_signed_in",
    NotAllowed => "not_allowed",
    CsrfRejected => "csrf_rejected",
    InsufficientScope => "insufficient_scope",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    ValidationFailed => "validation_failed",
    Conflict => "conflict",
    RateLimited => "rate_limited",
    DemoLocalOnly => "demo_local_only",
    Unavailable => "unavailable",
    Internal => "internal",
});

impl ErrorCode {
    /// The codes of [`crate::ledger::TransferRefusal`]: the books' rules refused a transfer.
    pub fn is_transfer_refusal(self) -> bool {
        matches!(
            self,
            ErrorCode::TsNotPositive
                | ErrorCode::TsSameAccount
                | ErrorCode::TsTooLarge
                | ErrorCode::TsNotBetweenMembers
                | ErrorCode::TsFloorReached
                | ErrorCode::TsCeilingReached
                | ErrorCode::TsOverMaximum
                | ErrorCode::AccountClosed
        )
    }

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::MalformedJson | ErrorCode::IdempotencyKeyMissing => 400,
            ErrorCode::NotYourTurn => 403,
            ErrorCode::WrongState | ErrorCode::AlreadyReversed => 409,
            ErrorCode::TsNotPositive
            | ErrorCode::TsSameAccount
            | ErrorCode::TsTooLarge
            | ErrorCode::TsNotBetweenMembers
            | ErrorCode::TsFloorReached
            | ErrorCode::TsCeilingReached
            | ErrorCode::TsOverMaximum
            | ErrorCode::AccountClosed
            | ErrorCode::UnknownAccount
            | ErrorCode::NotReversible
            | ErrorCode::IdempotencyKeyReused
            | ErrorCode::PeriodReversed => 422,
            ErrorCode::NotSignedIn => 401,
            ErrorCode::NotAllowed
            | ErrorCode::CsrfRejected
            | ErrorCode::InsufficientScope
            | ErrorCode::DemoLocalOnly => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::ValidationFailed => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }

    /// A short English title for people reading raw responses; the SPA uses the code.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "Bad request",
            ErrorCode::MalformedJson => "Malformed JSON body",
            ErrorCode::UnsupportedMediaType => "Unsupported media type",
            ErrorCode::PayloadTooLarge => "Payload too large",
            ErrorCode::TsNotPositive => "The amount must be positive",
            ErrorCode::TsSameAccount => "An account cannot pay itself",
            ErrorCode::TsTooLarge => "The amount is too large",
            ErrorCode::TsNotBetweenMembers => "Payments and services are between members",
            ErrorCode::TsFloorReached => "Balance floor reached",
            ErrorCode::TsCeilingReached => "Balance ceiling reached",
            ErrorCode::TsOverMaximum => "Over the maximum per exchange",
            ErrorCode::AccountClosed => "Account closed",
            ErrorCode::UnknownAccount => "Unknown account",
            ErrorCode::NotReversible => "Not reversible",
            ErrorCode::AlreadyReversed => "Already reversed",
            ErrorCode::IdempotencyKeyMissing => "Idempotency-Key header required",
            ErrorCode::IdempotencyKeyReused => "Idempotency-Key reused with another request",
            ErrorCode::PeriodReversed => "The period ends before it starts",
            ErrorCode::WrongState => "Not possible in this state",
            ErrorCode::NotYourTurn => "Not your turn",
            ErrorCode::NotSignedIn => "Not signed in",
            ErrorCode::NotAllowed => "Not allowed",
            ErrorCode::CsrfRejected => "Cross-site request refused",
            ErrorCode::InsufficientScope => "Insufficient token scope",
            ErrorCode::NotFound => "Not found",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::ValidationFailed => "Validation failed",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::DemoLocalOnly => "Demo mode answers this machine only",
            ErrorCode::Unavailable => "Service unavailable",
            ErrorCode::Internal => "Internal error",
        }
    }
}

/// Why a signed-in person may not do something, in `params.reason` of a `not_allowed`
/// answer; the SPA says it with `errors.not_allowed_<reason>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotAllowedReason {
    /// Staff act on accounts and transfers of others, never on their own.
    OwnAccount,
    /// Staff do not reverse a transfer they paid or received.
    PartyToTransfer,
    /// This act needs an admin (a large adjustment, or an act on an admin).
    AdminNeeded,
    /// Only a browser session may do this, not an integrator token.
    SessionOnly,
}

text_enum!(NotAllowedReason {
    OwnAccount => "own_account",
    PartyToTransfer => "party_to_transfer",
    AdminNeeded => "admin_needed",
    SessionOnly => "session_only",
});

impl NotAllowedReason {
    /// The 403 `not_allowed` answer with this reason.
    pub fn problem(self) -> Problem {
        Problem::new(ErrorCode::NotAllowed).with_param("reason", self.as_str())
    }

    /// The reason of a `not_allowed` problem, if it gave one SEED knows.
    pub fn of(problem: &Problem) -> Option<NotAllowedReason> {
        match problem.params.get("reason") {
            Some(serde_json_value::Value::Text(text)) if problem.code == ErrorCode::NotAllowed => {
                NotAllowedReason::parse(text)
            }
            _ => None,
        }
    }
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's JSON name.
    pub field: String,
    /// What is wrong with it, e.g. `required`, `too_long`, `invalid_amount`.
    pub code: String,
    /// Figures the message needs, e.g. `{"max": 200}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: BTreeMap<String, serde_json_value::Value>,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> FieldError {
        FieldError { field: field.to_owned(), code: code.to_owned(), params: BTreeMap::new() }
    }

    pub fn with_param(mut self, name: &str, value: impl Into<serde_json_value::Value>) -> FieldError {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

/// An RFC 9457 problem document with SEED's `code`, `params` and field `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type: `urn:seed:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub code: ErrorCode,
    /// What happened, in English, for people reading raw responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Figures the translated message needs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: BTreeMap<String, serde_json_value::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(code: ErrorCode) -> Problem {
        Problem {
            kind: format!("urn:seed:problem:{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status(),
            code,
            detail: None,
            params: BTreeMap::new(),
            errors: Vec::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_param(mut self, name: &str, value: impl Into<serde_json_value::Value>) -> Problem {
        self.params.insert(name.to_owned(), value.into());
        self
    }

    /// 422 with the field errors, or `None` when there are none.
    pub fn from_field_errors(errors: Vec<FieldError>) -> Option<Problem> {
        if errors.is_empty() {
            None
        } else {
            let mut problem = Problem::new(ErrorCode::ValidationFailed);
            problem.errors = errors;
            Some(problem)
        }
    }
}

/// Parameter values: numbers (amounts in hundredths) and short strings. Kept to these two so
/// the shared crate needs no JSON library.
pub mod serde_json_value {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(untagged)]
    pub enum Value {
        Int(i64),
        Text(String),
    }

    impl From<i64> for Value {
        fn from(v: i64) -> Value {
            Value::Int(v)
        }
    }

    impl From<&str> for Value {
        fn from(v: &str) -> Value {
            Value::Text(v.to_owned())
        }
    }

    impl From<String> for Value {
        fn from(v: String) -> Value {
            Value::Text(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_wire_name_matching_serde() -> Result<(), serde_json::Error> {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()));
            assert_eq!(serde_json::to_string(&code)?, format!("\"{}\"", code.as_str()));
            assert!((400..600).contains(&code.status()));
        }
        Ok(())
    }

    #[test]
    fn problem_serialises_in_the_documented_shape() -> Result<(), serde_json::Error> {
        let p = Problem::new(ErrorCode::ValidationFailed).with_param("max", 200);
        let json = serde_json::to_value(&p)?;
        assert_eq!(json["type"], "urn:seed:problem:validation_failed");
        assert_eq!(json["status"], 422);
        assert_eq!(json["code"], "validation_failed");
        assert_eq!(json["params"]["max"], 200);
        Ok(())
    }
}
