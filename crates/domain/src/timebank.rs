//! The time bank's request and response types: accounts, statements, transfers.

use crate::Ts;
use crate::ledger::TransferKind;
use serde::{Deserialize, Serialize};

/// A TS account as its holder (or staff) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: String,
    pub kind: crate::ledger::AccountKind,
    /// The member holding it; `None` for the association's accounts.
    pub member_id: Option<String>,
    /// The member's display name; `None` for the association's accounts, which a client
    /// labels by `kind`.
    pub holder_name: Option<String>,
    /// Hundredths of a TS (`1250` is 12,50 TS).
    pub balance: Ts,
    pub floor: Option<Ts>,
    pub ceiling: Option<Ts>,
    pub closed: bool,
    pub totals: GiveReceive,
}

/// What a member gave and received: shown before accepting a request (and on their page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GiveReceive {
    /// TS received for services given (hundredths).
    pub given_amount: Ts,
    /// TS paid for services received (hundredths).
    pub received_amount: Ts,
    /// Services given and received (exchanges and direct payments).
    pub given_count: u32,
    pub received_count: u32,
}

/// One line of a statement: one posting, with the balance right after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementLine {
    pub posting_id: i64,
    pub transfer_id: String,
    pub at: String,
    pub kind: TransferKind,
    /// Positive when the account received, negative when it paid (hundredths).
    pub amount: Ts,
    pub balance_after: Ts,
    /// The other account's holder; `None` when it is one of the association's accounts,
    /// which a client labels by `counterparty_kind`.
    pub counterparty: Option<String>,
    pub counterparty_kind: crate::ledger::AccountKind,
    pub memo: String,
    /// The transfer this line reverses, if it is a reversal.
    pub reverses: Option<String>,
    /// The reversal of this line's transfer, if it was reversed (a transfer is reversed once).
    pub reversed_by: Option<String>,
}

/// `POST /api/transfers`: pay another member directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewPayment {
    /// The payee's account id.
    #[validate(custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(pattern = "\\S"))]
    pub to_account: String,
    /// Hundredths of a TS, positive.
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub amount: Ts,
    /// What it is for (1 to 200 characters).
    #[validate(length(max = MEMO_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = "\\S"))]
    pub memo: String,
}

pub const MEMO_MAX: u64 = 200;

/// A payee search needs this many characters: fewer would list half the association.
pub const PAYEE_SEARCH_MIN: usize = 2;

/// A statement's period, both days included: the last may not come before the first. The
/// refusal is `period_reversed` (422) with the field error `to`: `before_from`, which a form
/// shows under its last day. Dates compare as they sort, a date type or `YYYY-MM-DD` text.
pub fn check_period<D: PartialOrd>(from: Option<&D>, to: Option<&D>) -> Result<(), Box<crate::Problem>> {
    match (from, to) {
        (Some(from), Some(to)) if to < from => {
            let mut problem = crate::Problem::new(crate::ErrorCode::PeriodReversed);
            problem.errors.push(crate::FieldError::new("to", "before_from"));
            Err(Box::new(problem))
        }
        _ => Ok(()),
    }
}

/// What a payee search looks for (trimmed, lowercased), or `None` when too short to search.
pub fn payee_needle(query: &str) -> Option<String> {
    let needle = query.trim().to_lowercase();
    (needle.chars().count() >= PAYEE_SEARCH_MIN).then_some(needle)
}

impl NewPayment {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// `POST /api/adjustments` (staff): TS from issuance to an account, or back (negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewAdjustment {
    pub account: String,
    /// Hundredths; positive credits the account, negative debits it. Never zero.
    #[validate(custom(function = "crate::validation::not_zero"))]
    #[cfg_attr(feature = "openapi", schema(value_type = NonZeroTs))]
    pub amount: Ts,
    /// Why (required, 1 to 200 characters): it is in the statement and the audit log.
    #[validate(length(max = MEMO_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = "\\S"))]
    pub reason: String,
}

impl NewAdjustment {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// `POST /api/transfers/{id}/reverse` (staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct ReverseTransfer {
    #[validate(length(max = MEMO_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 200, pattern = "\\S"))]
    pub reason: String,
}

impl ReverseTransfer {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// A transfer as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferView {
    pub id: String,
    pub kind: TransferKind,
    pub from_account: String,
    pub to_account: String,
    pub amount: Ts,
    pub memo: String,
    pub initiated_by: Option<String>,
    pub exchange_id: Option<String>,
    pub reverses: Option<String>,
    pub created_at: String,
}

/// A member one can pay: the directory's minimum (names only, no contact details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payee {
    pub member_id: String,
    pub display_name: String,
    pub account_id: String,
}

/// `GET /api/admin/books`: the books recomputed from the postings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BooksCheck {
    /// Every cached balance equals the sum of its postings, and all balances sum to zero.
    pub balanced: bool,
    pub accounts: u32,
    pub transfers: u32,
    /// The sum of all balances (always 0 when balanced).
    pub sum: Ts,
    /// Accounts whose cached balance differs from their postings.
    pub mismatches: Vec<BalanceMismatch>,
    /// TS in circulation: the sum of the positive member balances.
    pub in_circulation: Ts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BalanceMismatch {
    pub account: String,
    pub cached: Ts,
    pub from_postings: Ts,
}

/// CSV dialects of a statement export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CsvDialect {
    /// For spreadsheets in French: UTF-8 with BOM, `;`, decimal comma, dates `23/11/2026`.
    Spreadsheet,
    /// For programs: UTF-8, `,`, decimal point, ISO 8601 dates.
    Data,
}

/// An amount of hundredths of a TS other than zero, as the OpenAPI document states it (the
/// rule is [`crate::validation::not_zero`]).
#[cfg(feature = "openapi")]
pub struct NonZeroTs;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for NonZeroTs {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
        let side = |min: Option<i64>, max: Option<i64>| {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(min)
                .maximum(max)
        };
        OneOfBuilder::new().item(side(None, Some(-1))).item(side(Some(1), None)).into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for NonZeroTs {}

#[cfg(test)]
mod tests {
    use super::check_period;

    #[test]
    fn a_period_may_not_end_before_it_starts() {
        let (early, late) = ("2026-03-01".to_owned(), "2026-03-02".to_owned());
        assert!(check_period(Some(&early), Some(&late)).is_ok());
        assert!(check_period(Some(&early), Some(&early)).is_ok());
        assert!(check_period(None, Some(&early)).is_ok() && check_period(Some(&late), None).is_ok());
        let refused = check_period(Some(&late), Some(&early)).unwrap_err();
        assert_eq!(refused.code, crate::ErrorCode::PeriodReversed);
        assert_eq!(
            (refused.errors[0].field.as_str(), refused.errors[0].code.as_str()),
            ("to", "before_from")
        );
    }
}
