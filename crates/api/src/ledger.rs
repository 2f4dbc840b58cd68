//! The time bank's books: posting transfers under the domain's rules, the welcome grant,
//! statements and the check of the books. Callers open the write transaction
//! (`db::write_transaction`); `post` locks both accounts inside it before checking anything.

use crate::audit::Actor;
use crate::clock::rfc3339;
use crate::db::account::{self, AccountRow};
use crate::db::ledger::{self as sql, TransferRow};
use crate::db::{DbConn, member, write_transaction};
use crate::error::{ApiError, ApiResult};
use crate::settings;
use seed_domain::admin::AuditAction;
use seed_domain::duties::StaffAct;
use seed_domain::ledger::{
    AccountKind, AccountLimits, AccountState, Flow, TransferKind, TransferRefusal, TsRules, adjustment_flow,
    check_limits, check_reversible, check_transfer, settlement_flow,
};
use seed_domain::timebank::{
    AccountView, BalanceMismatch, BooksCheck, GiveReceive, NewAdjustment, NewPayment, TransferView,
};
use seed_domain::ts::Lang;
use seed_domain::{ErrorCode, Ts};

/// A transfer to post.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub kind: TransferKind,
    pub from: String,
    pub to: String,
    pub amount: Ts,
    pub initiated_by: Option<String>,
    pub exchange_id: Option<String>,
    pub memo: String,
    pub reverses: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("refused: {0}")]
    Refused(TransferRefusal),
    #[error("unknown account")]
    UnknownAccount,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> ApiError {
        match e {
            LedgerError::Refused(r) => r.problem().into(),
            LedgerError::UnknownAccount => ApiError::new(ErrorCode::UnknownAccount),
            LedgerError::Db(e) => e.into(),
        }
    }
}

pub fn state_of(row: &AccountRow) -> AccountState {
    AccountState {
        id: row.id.clone(),
        kind: row.kind,
        balance: Ts::from_hundredths(row.balance),
        floor: row.floor.map(Ts::from_hundredths),
        ceiling: row.ceiling.map(Ts::from_hundredths),
        closed: row.closed_at.is_some(),
    }
}

/// Locks both accounts (ascending id order) and checks a transfer of `amount` from `from` to
/// `to` against the rules on the locked rows: the two balances after it.
pub fn check(
    conn: &mut DbConn,
    from: &str,
    to: &str,
    amount: Ts,
    kind: TransferKind,
    rules: &TsRules,
) -> Result<(Ts, Ts), LedgerError> {
    let locked = account::lock(conn, from, to)?;
    let find = |id: &str| locked.iter().find(|a| a.id == id).map(state_of);
    let (Some(from_state), Some(to_state)) = (find(from), find(to)) else {
        return Err(if from == to {
            LedgerError::Refused(TransferRefusal::SameAccount)
        } else {
            LedgerError::UnknownAccount
        });
    };
    check_transfer(&from_state, &to_state, amount, kind, rules.max_per_exchange).map_err(LedgerError::Refused)
}

/// Posts `t`: [`check`], then writes the two cached balances, the transfer and its two
/// postings.
pub fn post(conn: &mut DbConn, t: &Transfer, rules: &TsRules) -> Result<TransferRow, LedgerError> {
    let (from_after, to_after) = check(conn, &t.from, &t.to, t.amount, t.kind, rules)?;
    let at = crate::clock::now();
    let row = TransferRow {
        id: uuid::Uuid::now_v7().to_string(),
        kind: t.kind,
        from_account: t.from.clone(),
        to_account: t.to.clone(),
        amount: t.amount.hundredths(),
        initiated_by: t.initiated_by.clone(),
        exchange_id: t.exchange_id.clone(),
        memo: t.memo.clone(),
        reverses: t.reverses.clone(),
        created_at: at,
    };
    sql::write(conn, &row, from_after.hundredths(), to_after.hundredths())?;
    Ok(row)
}

pub fn association_account(conn: &mut DbConn, kind: AccountKind) -> Result<AccountRow, LedgerError> {
    account::find_association(conn, kind)?.ok_or(LedgerError::UnknownAccount)
}

/// Pays the welcome grant to `account_id` unless it ever had one (a reactivation or a renewal
/// pays nothing; the database's unique index is the second line of defence).
pub fn welcome(
    conn: &mut DbConn,
    account_id: &str,
    rules: &TsRules,
) -> Result<Option<TransferRow>, LedgerError> {
    if sql::has_welcome_grant(conn, account_id)? {
        return Ok(None);
    }
    let issuance = association_account(conn, AccountKind::Issuance)?;
    let t = Transfer {
        kind: TransferKind::WelcomeGrant,
        from: issuance.id,
        to: account_id.to_owned(),
        amount: rules.welcome_grant,
        initiated_by: None,
        exchange_id: None,
        // The kind says it all; a memo in the books would be one language's sentence.
        memo: String::new(),
        reverses: None,
    };
    post(conn, &t, rules).map(Some)
}

pub fn transfer_view(row: TransferRow) -> TransferView {
    TransferView {
        kind: row.kind,
        amount: Ts::from_hundredths(row.amount),
        created_at: rfc3339(row.created_at),
        id: row.id,
        from_account: row.from_account,
        to_account: row.to_account,
        memo: row.memo,
        initiated_by: row.initiated_by,
        exchange_id: row.exchange_id,
        reverses: row.reverses,
    }
}

/// Given and received, over services and direct payments not reversed: a member gives a
/// service and receives its TS, so "given" counts the TS that came in.
pub fn totals(conn: &mut DbConn, account_id: &str) -> diesel::QueryResult<GiveReceive> {
    let t = sql::service_totals(conn, account_id)?;
    Ok(GiveReceive {
        given_amount: Ts::from_hundredths(t.in_amount),
        received_amount: Ts::from_hundredths(t.out_amount),
        given_count: u32::try_from(t.in_count).unwrap_or(u32::MAX),
        received_count: u32::try_from(t.out_count).unwrap_or(u32::MAX),
    })
}

pub fn account_view(conn: &mut DbConn, row: AccountRow) -> diesel::QueryResult<AccountView> {
    let holder_name = match &row.member_id {
        Some(id) => Some(member::find(conn, id)?.map(|m| m.display_name).unwrap_or_default()),
        None => None,
    };
    let totals = totals(conn, &row.id)?;
    let state = state_of(&row);
    Ok(AccountView {
        id: row.id,
        kind: state.kind,
        member_id: row.member_id,
        holder_name,
        balance: state.balance,
        floor: state.floor,
        ceiling: state.ceiling,
        closed: state.closed,
        totals,
    })
}

/// Recomputes every balance from the postings and compares it with the cached one.
pub fn verify_books(conn: &mut DbConn) -> diesel::QueryResult<BooksCheck> {
    let rows = sql::balances_against_postings(conn)?;
    let transfers = sql::count_transfers(conn)?;
    let sum: i64 = rows.iter().map(|r| r.balance).sum();
    let posted_sum = sql::sum_of_postings(conn)?;
    let mismatches: Vec<BalanceMismatch> = rows
        .iter()
        .filter(|r| r.balance != r.posted)
        .map(|r| BalanceMismatch {
            account: r.id.clone(),
            cached: Ts::from_hundredths(r.balance),
            from_postings: Ts::from_hundredths(r.posted),
        })
        .collect();
    let accounts = account::list_all(conn)?;
    let in_circulation: i64 =
        accounts.iter().filter(|a| a.kind == AccountKind::Member && a.balance > 0).map(|a| a.balance).sum();
    Ok(BooksCheck {
        balanced: mismatches.is_empty() && sum == 0 && posted_sum == 0,
        accounts: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        transfers: u32::try_from(transfers).unwrap_or(u32::MAX),
        sum: Ts::from_hundredths(sum),
        mismatches,
        in_circulation: Ts::from_hundredths(in_circulation),
    })
}

/// A payment from the actor's own account (`from`) to another member's.
pub fn pay(conn: &mut DbConn, actor: &Actor, from: &str, payment: &NewPayment) -> ApiResult<TransferView> {
    let rules = settings::ts_rules(conn)?;
    let t = Transfer {
        kind: TransferKind::Payment,
        from: from.to_owned(),
        to: payment.to_account.clone(),
        amount: payment.amount,
        initiated_by: Some(actor.member_id.clone()),
        exchange_id: None,
        memo: payment.memo.trim().to_owned(),
        reverses: None,
    };
    Ok(transfer_view(post(conn, &t, &rules)?))
}

/// Staff reverse a transfer: the same amount moves back, once, never for a reversal, and
/// never by someone who paid or received it.
pub fn reverse(conn: &mut DbConn, actor: &Actor, id: &str, reason: &str) -> ApiResult<TransferView> {
    let rules = settings::ts_rules(conn)?;
    let original = sql::find_transfer(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let kind = original.kind;
    let amount = Ts::from_hundredths(original.amount);
    // The reversal moves TS between the same two accounts: under their locks, a concurrent
    // reversal of the same transfer has either committed (and is seen here) or waits.
    let locked = account::lock(conn, &original.from_account, &original.to_account)?;
    let holder = |id: &str| locked.iter().find(|a| a.id == id).and_then(|a| a.member_id.as_deref());
    actor.may(StaffAct::Reverse {
        payer: holder(&original.from_account),
        payee: holder(&original.to_account),
        kind,
        amount,
        admin_above: rules.adjustment_admin_above,
    })?;
    let already = sql::reversal_of(conn, id)?.is_some();
    check_reversible(kind, already).map_err(|r| ApiError::new(r.code()))?;
    let reason = reason.trim();
    let t = Transfer {
        kind: TransferKind::Reversal,
        from: original.to_account.clone(),
        to: original.from_account.clone(),
        amount,
        initiated_by: Some(actor.member_id.clone()),
        exchange_id: original.exchange_id.clone(),
        memo: reason.to_owned(),
        reverses: Some(original.id.clone()),
    };
    let row = post(conn, &t, &rules)?;
    actor.record(conn, AuditAction::TransferReversed, Some(&original.id), Some(reason))?;
    Ok(transfer_view(row))
}

/// Staff adjust an account from issuance (or back to it), with a reason; never their own
/// account, and above the rules' threshold only an admin.
pub fn adjust(conn: &mut DbConn, actor: &Actor, a: &NewAdjustment) -> ApiResult<TransferView> {
    let rules = settings::ts_rules(conn)?;
    let target = account::find(conn, &a.account)?.ok_or_else(|| ApiError::new(ErrorCode::UnknownAccount))?;
    actor.may(StaffAct::Adjust {
        holder: target.member_id.as_deref(),
        amount: a.amount,
        admin_above: rules.adjustment_admin_above,
    })?;
    let (flow, amount) = adjustment_flow(a.amount).ok_or_else(|| ApiError::new(ErrorCode::TsTooLarge))?;
    let issuance = association_account(conn, AccountKind::Issuance)?;
    let (from, to) = flowing(flow, issuance.id, target.id);
    let reason = a.reason.trim().to_owned();
    let t = Transfer {
        kind: TransferKind::Adjustment,
        from,
        to,
        amount,
        initiated_by: Some(actor.member_id.clone()),
        exchange_id: None,
        memo: reason.clone(),
        reverses: None,
    };
    let row = post(conn, &t, &rules)?;
    actor.record(
        conn,
        AuditAction::TsAdjusted,
        Some(&a.account),
        Some(&format!("{}: {reason}", a.amount.hundredths())),
    )?;
    Ok(transfer_view(row))
}

/// An admin settles a closed account: its whole balance goes back to the association.
pub fn settle_closed(conn: &mut DbConn, actor: &Actor, id: &str) -> ApiResult<TransferView> {
    let rules = settings::ts_rules(conn)?;
    let target = account::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let (flow, amount) = settlement_flow(Ts::from_hundredths(target.balance), target.closed_at.is_some())
        .ok_or_else(|| {
            ApiError::with_detail(ErrorCode::WrongState, "only a closed account with a balance is settled")
        })?;
    let issuance = association_account(conn, AccountKind::Issuance)?;
    let (from, to) = flowing(flow, issuance.id, target.id.clone());
    let t = Transfer {
        kind: TransferKind::AccountClosing,
        from,
        to,
        amount,
        initiated_by: Some(actor.member_id.clone()),
        exchange_id: None,
        memo: String::new(),
        reverses: None,
    };
    let row = post(conn, &t, &rules)?;
    actor.record(conn, AuditAction::AccountSettled, Some(id), Some(&target.balance.to_string()))?;
    Ok(transfer_view(row))
}

/// The (from, to) accounts of a flow between issuance and an account.
fn flowing(flow: Flow, issuance: String, account: String) -> (String, String) {
    match flow {
        Flow::ToAccount => (issuance, account),
        Flow::ToIssuance => (account, issuance),
    }
}

/// Staff set an account's own limits (never their own account): later transfers follow
/// them, and the balance must already be within them.
pub fn set_limits(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    limits: &AccountLimits,
) -> ApiResult<AccountView> {
    write_transaction(conn, |conn| {
        let row = account::lock(conn, id, id)?.pop().ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        actor.may(StaffAct::SetLimits { holder: row.member_id.as_deref() })?;
        check_limits(&state_of(&row), limits).map_err(|r| ApiError::from(r.problem()))?;
        account::set_limits(conn, &row.id, limits.floor.hundredths(), limits.ceiling.hundredths())?;
        let show =
            |v: Option<i64>| v.map(|h| Ts::from_hundredths(h).to_decimal(Lang::Fr)).unwrap_or_default();
        let detail = format!(
            "{} … {} → {} … {}",
            show(row.floor),
            show(row.ceiling),
            limits.floor.to_decimal(Lang::Fr),
            limits.ceiling.to_decimal(Lang::Fr)
        );
        actor.record(conn, AuditAction::AccountLimitsChanged, Some(&row.id), Some(&detail))?;
        let fresh = account::find(conn, &row.id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        Ok(account_view(conn, fresh)?)
    })
}
