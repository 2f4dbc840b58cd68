//! The TS ledger's rules: what a transfer may do to two accounts, and what may be reversed.
//!
//! The storage (crates/api) locks both accounts, asks [`check_transfer`] with the locked rows,
//! and only then writes: so every rule here holds whatever the concurrency. The model-based
//! property test at the bottom runs thousands of generated histories against a reference model.

use crate::Ts;
use serde::{Deserialize, Serialize};

/// Whose account: a member's, or one of the association's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Member,
    /// Where every TS comes from: the only account allowed below zero without a floor.
    Issuance,
    /// Where TS spent on the association's services go (revealing a mission's contact).
    Fees,
}

text_enum!(AccountKind {
    Member => "member",
    Issuance => "issuance",
    Fees => "fees",
});

/// Why TS moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// 5 TS from issuance when a member becomes active for the first time.
    WelcomeGrant,
    /// A service between members, posted when the exchange is confirmed.
    Service,
    /// A member pays another directly (a service agreed outside the workflow).
    Payment,
    /// The correction of an earlier transfer, by the opposite movement.
    Reversal,
    /// A staff correction, with a required reason.
    Adjustment,
    /// A closed account's balance moved to the association.
    AccountClosing,
    /// A client mission brought by a member (the mission bank).
    MissionBrought,
    /// TS spent to reveal a mission's contact (the mission bank).
    ContactReveal,
}

text_enum!(TransferKind {
    WelcomeGrant => "welcome_grant",
    Service => "service",
    Payment => "payment",
    Reversal => "reversal",
    Adjustment => "adjustment",
    AccountClosing => "account_closing",
    MissionBrought => "mission_brought",
    ContactReveal => "contact_reveal",
});

impl TransferKind {
    /// Members' own transfers (between two members) are capped per exchange; the
    /// association's are not.
    pub fn capped_per_exchange(self) -> bool {
        matches!(self, TransferKind::Service | TransferKind::Payment)
    }
}

/// An account as the rules see it (the storage's locked row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    pub id: String,
    pub kind: AccountKind,
    pub balance: Ts,
    /// Member accounts carry their own limits; the association's carry none.
    pub floor: Option<Ts>,
    pub ceiling: Option<Ts>,
    pub closed: bool,
}

/// Which side of a transfer a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    From,
    To,
}

/// Why a transfer is refused, with the figures the message needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransferRefusal {
    #[error("the amount must be positive")]
    NotPositive,
    #[error("an account cannot pay itself")]
    SameAccount,
    #[error("the account is closed")]
    AccountClosed(Side),
    #[error("the payer's balance would go below its floor")]
    FloorReached { floor: Ts, short_by: Ts },
    #[error("the payee's balance would go above its ceiling")]
    CeilingReached { ceiling: Ts, over_by: Ts },
    #[error("the amount is over the maximum per exchange")]
    OverMaximum { maximum: Ts, over_by: Ts },
    #[error("the amount is too large")]
    Overflow,
    #[error("a payment or a service goes from a member's account to another member's")]
    NotBetweenMembers,
}

impl TransferRefusal {
    pub fn code(self) -> crate::ErrorCode {
        use crate::ErrorCode as C;
        match self {
            TransferRefusal::NotPositive => C::TsNotPositive,
            TransferRefusal::SameAccount => C::TsSameAccount,
            TransferRefusal::AccountClosed(_) => C::AccountClosed,
            TransferRefusal::FloorReached { .. } => C::TsFloorReached,
            TransferRefusal::CeilingReached { .. } => C::TsCeilingReached,
            TransferRefusal::OverMaximum { .. } => C::TsOverMaximum,
            TransferRefusal::Overflow => C::TsTooLarge,
            TransferRefusal::NotBetweenMembers => C::TsNotBetweenMembers,
        }
    }

    /// The problem document: its code and figures (amounts in hundredths).
    pub fn problem(self) -> crate::Problem {
        let p = crate::Problem::new(self.code()).with_detail(self.to_string());
        match self {
            TransferRefusal::AccountClosed(side) => {
                p.with_param("side", if side == Side::From { "from" } else { "to" })
            }
            TransferRefusal::FloorReached { floor, short_by } => {
                p.with_param("floor", floor.hundredths()).with_param("short_by", short_by.hundredths())
            }
            TransferRefusal::CeilingReached { ceiling, over_by } => {
                p.with_param("ceiling", ceiling.hundredths()).with_param("over_by", over_by.hundredths())
            }
            TransferRefusal::OverMaximum { maximum, over_by } => {
                p.with_param("maximum", maximum.hundredths()).with_param("over_by", over_by.hundredths())
            }
            _ => p,
        }
    }
}

/// Checks a transfer of `amount` from `from` to `to` and returns their balances after it.
///
/// - the amount is positive, the accounts differ;
/// - no closed account pays or is paid, except by the closing transfer that settles it;
/// - member accounts stay within their floor and ceiling (the association's have none);
/// - members' own transfers are at most `max_per_exchange`.
pub fn check_transfer(
    from: &AccountState,
    to: &AccountState,
    amount: Ts,
    kind: TransferKind,
    max_per_exchange: Ts,
) -> Result<(Ts, Ts), TransferRefusal> {
    if !amount.is_positive() {
        return Err(TransferRefusal::NotPositive);
    }
    if from.id == to.id {
        return Err(TransferRefusal::SameAccount);
    }
    // The association's accounts move TS only by their own kinds of transfer (grants,
    // adjustments, closings, fees): a member paying them would destroy TS as a "payment".
    if kind.capped_per_exchange() && (from.kind != AccountKind::Member || to.kind != AccountKind::Member) {
        return Err(TransferRefusal::NotBetweenMembers);
    }
    // A closed account moves only to settle its balance with the association.
    if from.closed && kind != TransferKind::AccountClosing {
        return Err(TransferRefusal::AccountClosed(Side::From));
    }
    if to.closed && kind != TransferKind::AccountClosing {
        return Err(TransferRefusal::AccountClosed(Side::To));
    }
    if kind.capped_per_exchange() && amount > max_per_exchange {
        let over_by = amount.checked_sub(max_per_exchange).map_err(|_| TransferRefusal::Overflow)?;
        return Err(TransferRefusal::OverMaximum { maximum: max_per_exchange, over_by });
    }
    let from_after = from.balance.checked_sub(amount).map_err(|_| TransferRefusal::Overflow)?;
    let to_after = to.balance.checked_add(amount).map_err(|_| TransferRefusal::Overflow)?;
    if let Some(floor) = from.floor
        && from_after < floor
    {
        let short_by = floor.checked_sub(from_after).map_err(|_| TransferRefusal::Overflow)?;
        return Err(TransferRefusal::FloorReached { floor, short_by });
    }
    if let Some(ceiling) = to.ceiling
        && to_after > ceiling
    {
        let over_by = to_after.checked_sub(ceiling).map_err(|_| TransferRefusal::Overflow)?;
        return Err(TransferRefusal::CeilingReached { ceiling, over_by });
    }
    Ok((from_after, to_after))
}

/// Why a transfer cannot be reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReversalRefusal {
    #[error("a reversal is corrected by a new transfer, not reversed")]
    IsAReversal,
    #[error("this transfer is already reversed")]
    AlreadyReversed,
}

impl ReversalRefusal {
    pub fn code(self) -> crate::ErrorCode {
        match self {
            ReversalRefusal::IsAReversal => crate::ErrorCode::NotReversible,
            ReversalRefusal::AlreadyReversed => crate::ErrorCode::AlreadyReversed,
        }
    }
}

/// A transfer can be reversed once, and a reversal never. The reversal moves the same amount
/// back (payee to payer), through [`check_transfer`] like any transfer.
pub fn check_reversible(kind: TransferKind, already_reversed: bool) -> Result<(), ReversalRefusal> {
    if kind == TransferKind::Reversal {
        Err(ReversalRefusal::IsAReversal)
    } else if already_reversed {
        Err(ReversalRefusal::AlreadyReversed)
    } else {
        Ok(())
    }
}

/// New limits for one member's account, set by staff: they apply to later transfers. The floor
/// is at or below zero and the ceiling above zero; the balance must already be within them
/// (the books never hold a balance outside its account's limits), else [`check_limits`]
/// says by how much it is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(validator::Validate)]
pub struct AccountLimits {
    /// The lowest balance allowed (hundredths, at most 0).
    #[validate(custom(function = "crate::validation::not_positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, maximum = 0))]
    pub floor: Ts,
    /// The highest balance allowed (hundredths, more than 0).
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub ceiling: Ts,
}

impl AccountLimits {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// Why an account cannot take new limits: it is the association's (they have none), or its
/// balance is already outside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitsRefusal {
    #[error("the association's accounts have no limits")]
    NotAMemberAccount,
    #[error("the balance is below the new floor")]
    BelowFloor { floor: Ts, short_by: Ts },
    #[error("the balance is above the new ceiling")]
    AboveCeiling { ceiling: Ts, over_by: Ts },
}

impl LimitsRefusal {
    /// The same codes and figures as a transfer that would break the limit.
    pub fn problem(self) -> crate::Problem {
        match self {
            LimitsRefusal::NotAMemberAccount => {
                crate::Problem::new(crate::ErrorCode::WrongState).with_detail(self.to_string())
            }
            LimitsRefusal::BelowFloor { floor, short_by } => {
                crate::Problem::new(crate::ErrorCode::TsFloorReached)
                    .with_detail(self.to_string())
                    .with_param("floor", floor.hundredths())
                    .with_param("short_by", short_by.hundredths())
            }
            LimitsRefusal::AboveCeiling { ceiling, over_by } => {
                crate::Problem::new(crate::ErrorCode::TsCeilingReached)
                    .with_detail(self.to_string())
                    .with_param("ceiling", ceiling.hundredths())
                    .with_param("over_by", over_by.hundredths())
            }
        }
    }
}

/// Whether `account` can take `limits` (checked on the locked row).
pub fn check_limits(account: &AccountState, limits: &AccountLimits) -> Result<(), LimitsRefusal> {
    if account.kind != AccountKind::Member {
        return Err(LimitsRefusal::NotAMemberAccount);
    }
    let balance = account.balance;
    if balance < limits.floor {
        let short_by = limits.floor.checked_sub(balance).unwrap_or(Ts::ZERO);
        return Err(LimitsRefusal::BelowFloor { floor: limits.floor, short_by });
    }
    if balance > limits.ceiling {
        let over_by = balance.checked_sub(limits.ceiling).unwrap_or(Ts::ZERO);
        return Err(LimitsRefusal::AboveCeiling { ceiling: limits.ceiling, over_by });
    }
    Ok(())
}

/// Which way TS move between the association's issuance account and a member's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// From issuance to the member's account.
    ToAccount,
    /// From the member's account back to issuance.
    ToIssuance,
}

/// A staff adjustment of `amount`: a positive one credits the account from issuance, a
/// negative one debits it back; the transfer moves the absolute value. `None` for zero, or an
/// amount whose absolute value does not fit.
pub fn adjustment_flow(amount: Ts) -> Option<(Flow, Ts)> {
    match amount.hundredths() {
        0 => None,
        h if h > 0 => Some((Flow::ToAccount, amount)),
        _ => amount.checked_neg().ok().map(|a| (Flow::ToIssuance, a)),
    }
}

/// Settling an account: only a closed one with a balance is settled, its whole balance going
/// back to issuance (or coming from it, when negative). `None` otherwise.
pub fn settlement_flow(balance: Ts, closed: bool) -> Option<(Flow, Ts)> {
    if !closed {
        return None;
    }
    match balance.hundredths() {
        0 => None,
        h if h > 0 => Some((Flow::ToIssuance, balance)),
        _ => balance.checked_neg().ok().map(|b| (Flow::ToAccount, b)),
    }
}

/// The time bank's rules, edited by admins (each change applies to later transfers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(validator::Validate)]
pub struct TsRules {
    /// Paid once from issuance when a member first becomes active (hundredths; 500 = 5 TS).
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub welcome_grant: Ts,
    /// The service rate: `service_rate` per `service_minutes` (5 TS per 180 minutes).
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub service_rate: Ts,
    #[validate(range(min = 15, max = 6000, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 6000))]
    pub service_minutes: u32,
    /// Earned for a client mission brought (used by the mission bank).
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub mission_brought: Ts,
    /// Limits given to new member accounts.
    #[validate(custom(function = "crate::validation::not_positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, maximum = 0))]
    pub default_floor: Ts,
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub default_ceiling: Ts,
    /// The most one service or payment may move.
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub max_per_exchange: Ts,
    /// Days an `Idempotency-Key` is remembered.
    #[validate(range(min = 1, max = 90, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 90))]
    pub idempotency_days: u32,
    /// Days after delivery before an exchange is confirmed automatically.
    #[validate(range(min = 1, max = 90, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 90))]
    pub auto_confirm_days: u32,
    /// Days before that automatic confirmation the member served is reminded. Absent from
    /// rules saved before it existed, which then get the default.
    #[serde(default = "default_reminder_days")]
    #[validate(range(min = 1, max = 30, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 30))]
    pub reminder_days: u32,
    /// Days an offer or a want stays listed unless renewed.
    #[validate(range(min = 7, max = 365, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 7, maximum = 365))]
    pub listing_days: u32,
    /// Staff adjustments larger than this (either way) need an admin. Absent from rules saved
    /// before it existed, which then get the default.
    #[serde(default = "default_adjustment_admin_above")]
    #[validate(custom(function = "crate::validation::positive"))]
    #[cfg_attr(feature = "openapi", schema(value_type = i64, minimum = 1))]
    pub adjustment_admin_above: Ts,
}

fn default_reminder_days() -> u32 {
    3
}

fn default_adjustment_admin_above() -> Ts {
    Ts::from_hundredths(2000)
}

impl Default for TsRules {
    fn default() -> TsRules {
        TsRules {
            welcome_grant: Ts::from_hundredths(500),
            service_rate: Ts::from_hundredths(500),
            service_minutes: 180,
            mission_brought: Ts::from_hundredths(500),
            default_floor: Ts::from_hundredths(-2000),
            default_ceiling: Ts::from_hundredths(20000),
            max_per_exchange: Ts::from_hundredths(5000),
            idempotency_days: 7,
            auto_confirm_days: 14,
            reminder_days: default_reminder_days(),
            listing_days: 90,
            adjustment_admin_above: default_adjustment_admin_above(),
        }
    }
}

impl TsRules {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }

    /// What `minutes` of service cost at the rules' rate (see [`Ts::pro_rata`] for the
    /// rounding); `None` when the rate's minutes are zero or the amount does not fit.
    pub fn service_cost(&self, minutes: u32) -> Option<Ts> {
        Ts::pro_rata(self.service_rate, minutes, self.service_minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustments_and_settlements_flow_one_way_or_the_other() {
        assert_eq!(adjustment_flow(ts(250)), Some((Flow::ToAccount, ts(250))));
        assert_eq!(adjustment_flow(ts(-250)), Some((Flow::ToIssuance, ts(250))));
        assert_eq!(adjustment_flow(ts(0)), None);
        assert_eq!(adjustment_flow(ts(i64::MIN)), None);
        assert_eq!(settlement_flow(ts(700), true), Some((Flow::ToIssuance, ts(700))));
        assert_eq!(settlement_flow(ts(-700), true), Some((Flow::ToAccount, ts(700))));
        assert_eq!(settlement_flow(ts(700), false), None, "an open account is not settled");
        assert_eq!(settlement_flow(ts(0), true), None, "nothing to settle");
    }
    use proptest::prelude::*;

    fn ts(h: i64) -> Ts {
        Ts::from_hundredths(h)
    }

    fn member(id: &str, balance: i64) -> AccountState {
        AccountState {
            id: id.to_owned(),
            kind: AccountKind::Member,
            balance: ts(balance),
            floor: Some(ts(-2000)),
            ceiling: Some(ts(20000)),
            closed: false,
        }
    }

    fn issuance() -> AccountState {
        AccountState {
            id: "issuance".into(),
            kind: AccountKind::Issuance,
            balance: ts(0),
            floor: None,
            ceiling: None,
            closed: false,
        }
    }

    const MAX: Ts = Ts::from_hundredths(5000);

    #[test]
    fn new_limits_must_hold_the_balance_already() {
        let limits = AccountLimits { floor: ts(-1000), ceiling: ts(5000) };
        assert!(limits.validate().is_empty());
        assert_eq!(check_limits(&member("a", 0), &limits), Ok(()));
        assert_eq!(check_limits(&member("a", -1000), &limits), Ok(()));
        assert_eq!(check_limits(&issuance(), &limits), Err(LimitsRefusal::NotAMemberAccount));
        assert_eq!(
            check_limits(&member("a", -1500), &limits),
            Err(LimitsRefusal::BelowFloor { floor: ts(-1000), short_by: ts(500) })
        );
        assert_eq!(
            check_limits(&member("a", 6000), &limits),
            Err(LimitsRefusal::AboveCeiling { ceiling: ts(5000), over_by: ts(1000) })
        );
        let bad = AccountLimits { floor: ts(1), ceiling: ts(0) };
        let fields: Vec<String> = bad.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["ceiling", "floor"]);
    }

    #[test]
    fn every_transfer_refusal_is_known_as_one() {
        let t = ts(1);
        for r in [
            TransferRefusal::NotPositive,
            TransferRefusal::SameAccount,
            TransferRefusal::AccountClosed(Side::From),
            TransferRefusal::FloorReached { floor: t, short_by: t },
            TransferRefusal::CeilingReached { ceiling: t, over_by: t },
            TransferRefusal::OverMaximum { maximum: t, over_by: t },
            TransferRefusal::Overflow,
            TransferRefusal::NotBetweenMembers,
        ] {
            assert!(r.code().is_transfer_refusal(), "{r:?}");
        }
        assert!(!crate::ErrorCode::WrongState.is_transfer_refusal());
    }

    #[test]
    fn payments_and_services_go_between_members_only() {
        let a = member("a", 1000);
        for kind in [TransferKind::Payment, TransferKind::Service] {
            assert_eq!(
                check_transfer(&a, &issuance(), ts(100), kind, MAX),
                Err(TransferRefusal::NotBetweenMembers)
            );
            assert_eq!(
                check_transfer(&issuance(), &a, ts(100), kind, MAX),
                Err(TransferRefusal::NotBetweenMembers)
            );
        }
        assert!(check_transfer(&issuance(), &a, ts(100), TransferKind::Adjustment, MAX).is_ok());
    }

    #[test]
    fn a_transfer_moves_the_amount() {
        let (a, b) = (member("a", 500), member("b", 0));
        assert_eq!(check_transfer(&a, &b, ts(250), TransferKind::Payment, MAX), Ok((ts(250), ts(250))));
    }

    #[test]
    fn refusals_say_which_limit_and_by_how_much() {
        let (a, b) = (member("a", -1800), member("b", 0));
        assert_eq!(
            check_transfer(&a, &b, ts(550), TransferKind::Payment, MAX),
            Err(TransferRefusal::FloorReached { floor: ts(-2000), short_by: ts(350) })
        );
        let rich = member("r", 19900);
        assert_eq!(
            check_transfer(&b, &rich, ts(300), TransferKind::Payment, MAX),
            Err(TransferRefusal::CeilingReached { ceiling: ts(20000), over_by: ts(200) })
        );
        assert_eq!(
            check_transfer(&b, &a, ts(5001), TransferKind::Service, MAX),
            Err(TransferRefusal::OverMaximum { maximum: MAX, over_by: ts(1) })
        );
        let problem = TransferRefusal::FloorReached { floor: ts(-2000), short_by: ts(350) }.problem();
        assert_eq!(problem.code, crate::ErrorCode::TsFloorReached);
        assert_eq!(problem.params["short_by"], crate::problem::serde_json_value::Value::Int(350));
    }

    #[test]
    fn nothing_moves_to_or_from_a_closed_account_but_its_closing() {
        let (mut a, b) = (member("a", 700), member("b", 0));
        a.closed = true;
        assert_eq!(
            check_transfer(&a, &b, ts(100), TransferKind::Payment, MAX),
            Err(TransferRefusal::AccountClosed(Side::From))
        );
        assert_eq!(
            check_transfer(&b, &a, ts(100), TransferKind::Payment, MAX),
            Err(TransferRefusal::AccountClosed(Side::To))
        );
        assert!(check_transfer(&a, &issuance(), ts(700), TransferKind::AccountClosing, MAX).is_ok());
    }

    #[test]
    fn bad_amounts_and_self_payment_are_refused() {
        let (a, b) = (member("a", 700), member("b", 0));
        assert_eq!(
            check_transfer(&a, &b, ts(0), TransferKind::Payment, MAX),
            Err(TransferRefusal::NotPositive)
        );
        assert_eq!(
            check_transfer(&a, &b, ts(-5), TransferKind::Payment, MAX),
            Err(TransferRefusal::NotPositive)
        );
        assert_eq!(
            check_transfer(&a, &a, ts(5), TransferKind::Payment, MAX),
            Err(TransferRefusal::SameAccount)
        );
    }

    #[test]
    fn issuance_has_no_floor_and_grants_are_not_capped() {
        let b = member("b", 0);
        assert_eq!(
            check_transfer(&issuance(), &b, ts(6000), TransferKind::WelcomeGrant, MAX),
            Ok((ts(-6000), ts(6000)))
        );
    }

    #[test]
    fn a_transfer_is_reversed_once_and_a_reversal_never() {
        assert_eq!(check_reversible(TransferKind::Service, false), Ok(()));
        assert_eq!(check_reversible(TransferKind::Service, true), Err(ReversalRefusal::AlreadyReversed));
        assert_eq!(check_reversible(TransferKind::Reversal, false), Err(ReversalRefusal::IsAReversal));
    }

    #[test]
    fn default_rules_are_those_of_the_product_and_valid() {
        let rules = TsRules::default();
        assert_eq!(rules.welcome_grant, ts(500));
        assert_eq!(Ts::pro_rata(rules.service_rate, 180, rules.service_minutes), Some(ts(500)));
        assert!(rules.validate().is_empty());
        let bad = TsRules { service_minutes: 0, default_floor: ts(100), ..TsRules::default() };
        assert_eq!(bad.validate().len(), 2);
    }

    /// One step of a generated history.
    #[derive(Debug, Clone)]
    enum Op {
        Transfer { from: usize, to: usize, amount: i64, kind: TransferKind },
        Reverse { pick: usize },
        SetLimits { account: usize, floor: i64, ceiling: i64 },
        Close { account: usize },
        Reopen { account: usize },
    }

    const ACCOUNTS: usize = 5; // 0 is issuance, 1 is fees, 2.. are members

    fn op() -> impl Strategy<Value = Op> {
        let kind = prop::sample::select(vec![
            TransferKind::WelcomeGrant,
            TransferKind::Service,
            TransferKind::Payment,
            TransferKind::Adjustment,
            TransferKind::AccountClosing,
        ]);
        prop_oneof![
            6 => (0..ACCOUNTS, 0..ACCOUNTS, -100i64..8000, kind)
                .prop_map(|(from, to, amount, kind)| Op::Transfer { from, to, amount, kind }),
            2 => (0usize..64).prop_map(|pick| Op::Reverse { pick }),
            1 => (2..ACCOUNTS, -5000i64..=0, 1000i64..30000)
                .prop_map(|(account, floor, ceiling)| Op::SetLimits { account, floor, ceiling }),
            1 => (2..ACCOUNTS).prop_map(|account| Op::Close { account }),
            1 => (2..ACCOUNTS).prop_map(|account| Op::Reopen { account }),
        ]
    }

    /// The book under test: accounts, transfers and postings, written only through the rules.
    struct Book {
        accounts: Vec<AccountState>,
        /// (from, to, amount, kind, reverses, reversed)
        transfers: Vec<(usize, usize, Ts, TransferKind, Option<usize>, bool)>,
        postings: Vec<(usize, Ts, Ts)>, // (account, delta, balance after)
    }

    impl Book {
        fn new() -> Book {
            let mut accounts = vec![
                AccountState {
                    id: "0".into(),
                    kind: AccountKind::Issuance,
                    balance: Ts::ZERO,
                    floor: None,
                    ceiling: None,
                    closed: false,
                },
                AccountState {
                    id: "1".into(),
                    kind: AccountKind::Fees,
                    balance: Ts::ZERO,
                    floor: None,
                    ceiling: None,
                    closed: false,
                },
            ];
            for i in 2..ACCOUNTS {
                accounts.push(member(&i.to_string(), 0));
            }
            Book { accounts, transfers: Vec::new(), postings: Vec::new() }
        }

        fn post(
            &mut self,
            from: usize,
            to: usize,
            amount: Ts,
            kind: TransferKind,
            reverses: Option<usize>,
        ) -> Result<(), TransferRefusal> {
            let (from_after, to_after) =
                check_transfer(&self.accounts[from], &self.accounts[to], amount, kind, MAX)?;
            self.accounts[from].balance = from_after;
            self.accounts[to].balance = to_after;
            self.postings.push((from, Ts::from_hundredths(-amount.hundredths()), from_after));
            self.postings.push((to, amount, to_after));
            self.transfers.push((from, to, amount, kind, reverses, false));
            Ok(())
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// 10 000 histories of transfers, reversals, limit changes, closings and reopenings
        /// per run, checked after every step against a reference model.
        #[test]
        fn the_books_always_balance_and_limits_always_hold(ops in prop::collection::vec(op(), 1..40)) {
            let mut book = Book::new();
            // The reference model: balances as plain integers, moved only by committed transfers.
            let mut model = [0i64; ACCOUNTS];
            for op in ops {
                match op {
                    Op::Transfer { from, to, amount, kind } => {
                        let before = book.accounts.clone();
                        let result = book.post(from, to, Ts::from_hundredths(amount), kind, None);
                        if result.is_ok() {
                            model[from] -= amount;
                            model[to] += amount;
                            // At the moment of the commit, the limits in force hold where the
                            // transfer pushes: the payer above its floor, the payee below its
                            // ceiling (an account left outside by a limit change may still move
                            // back towards its limits).
                            let (payer, payee) = (&book.accounts[from], &book.accounts[to]);
                            if let Some(floor) = payer.floor { prop_assert!(payer.balance >= floor); }
                            if let Some(ceiling) = payee.ceiling { prop_assert!(payee.balance <= ceiling); }
                            // ...and the per-exchange maximum for members' own transfers.
                            if kind.capped_per_exchange() { prop_assert!(amount <= MAX.hundredths()); }
                            prop_assert!(amount > 0 && from != to);
                            prop_assert!(!before[to].closed || kind == TransferKind::AccountClosing);
                            prop_assert!(!before[from].closed || kind == TransferKind::AccountClosing);
                        } else {
                            prop_assert_eq!(&before, &book.accounts, "a refusal changes nothing");
                        }
                    }
                    Op::Reverse { pick } => {
                        if book.transfers.is_empty() { continue; }
                        let index = pick % book.transfers.len();
                        let (from, to, amount, kind, _, reversed) = book.transfers[index];
                        if check_reversible(kind, reversed).is_err() {
                            prop_assert!(kind == TransferKind::Reversal || reversed);
                            continue;
                        }
                        let before: Vec<Ts> = book.accounts.iter().map(|a| a.balance).collect();
                        if book.post(to, from, amount, TransferKind::Reversal, Some(index)).is_ok() {
                            book.transfers[index].5 = true;
                            model[from] += amount.hundredths();
                            model[to] -= amount.hundredths();
                            // The reversal restores exactly the original's effect.
                            prop_assert_eq!(book.accounts[from].balance.hundredths(), before[from].hundredths() + amount.hundredths());
                            prop_assert_eq!(book.accounts[to].balance.hundredths(), before[to].hundredths() - amount.hundredths());
                        }
                    }
                    Op::SetLimits { account, floor, ceiling } => {
                        let limits =
                            AccountLimits { floor: Ts::from_hundredths(floor), ceiling: Ts::from_hundredths(ceiling) };
                        if check_limits(&book.accounts[account], &limits).is_ok() {
                            book.accounts[account].floor = Some(limits.floor);
                            book.accounts[account].ceiling = Some(limits.ceiling);
                        }
                    }
                    Op::Close { account } => book.accounts[account].closed = true,
                    Op::Reopen { account } => book.accounts[account].closed = false,
                }
                // Invariants after every step.
                let sum: i64 = book.accounts.iter().map(|a| a.balance.hundredths()).sum();
                prop_assert_eq!(sum, 0, "the sum of all balances is zero");
                for (i, acc) in book.accounts.iter().enumerate() {
                    prop_assert_eq!(acc.balance.hundredths(), model[i], "the balance matches the model");
                    let posted: i64 = book.postings.iter().filter(|p| p.0 == i).map(|p| p.1.hundredths()).sum();
                    prop_assert_eq!(posted, acc.balance.hundredths(), "a balance is the sum of its postings");
                    if let Some(last) = book.postings.iter().rev().find(|p| p.0 == i) {
                        prop_assert_eq!(last.2, acc.balance, "the last posting carries the balance after it");
                    }
                }
                let reversals_per_original = book.transfers.iter().filter_map(|t| t.4).fold(std::collections::HashMap::new(), |mut m, i| { *m.entry(i).or_insert(0) += 1; m });
                prop_assert!(reversals_per_original.values().all(|n| *n == 1), "at most one reversal per transfer");
            }
        }
    }
}
