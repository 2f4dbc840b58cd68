//! The time bank's books: posting transfers under the domain's rules, the welcome grant,
//! statements and the check of the books. Callers open the write transaction
//! (`db::write_transaction`); `post` locks both accounts inside it before checking anything.

use crate::clock::rfc3339;
use crate::db::account::{self, AccountRow};
use crate::db::ledger::{self as sql, TransferRow};
use crate::db::{DbConn, member};
use crate::error::ApiError;
use seed_domain::ledger::{
    AccountKind, AccountState, TransferKind, TransferRefusal, TsRules, check_transfer,
};
use seed_domain::timebank::{AccountView, BalanceMismatch, BooksCheck, GiveReceive, TransferView};
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
        kind: AccountKind::parse(&row.kind).unwrap_or(AccountKind::Member),
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
        kind: t.kind.as_str().to_owned(),
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
    account::find_association(conn, kind.as_str())?.ok_or(LedgerError::UnknownAccount)
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
        memo: "Bienvenue dans SEED".to_owned(),
        reverses: None,
    };
    post(conn, &t, rules).map(Some)
}

pub fn transfer_view(row: TransferRow) -> TransferView {
    TransferView {
        kind: TransferKind::parse(&row.kind).unwrap_or(TransferKind::Payment),
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
        Some(id) => member::find(conn, id)?.map(|m| m.display_name).unwrap_or_default(),
        None => association_name(&row.kind).to_owned(),
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

pub fn association_name(kind: &str) -> &'static str {
    match kind {
        "issuance" => "AMT (émission)",
        "fees" => "AMT (services)",
        _ => "AMT",
    }
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
        accounts.iter().filter(|a| a.kind == "member" && a.balance > 0).map(|a| a.balance).sum();
    Ok(BooksCheck {
        balanced: mismatches.is_empty() && sum == 0 && posted_sum == 0,
        accounts: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        transfers: u32::try_from(transfers).unwrap_or(u32::MAX),
        sum: Ts::from_hundredths(sum),
        mismatches,
        in_circulation: Ts::from_hundredths(in_circulation),
    })
}
