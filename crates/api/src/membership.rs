//! Members and their TS accounts: what is written together.

use crate::clock::now;
use crate::db::account::{self, AccountRow};
use crate::db::member::{self, MemberRow};
use crate::db::{DbConn, session, token, write_transaction};
use crate::ledger::{self, LedgerError};
use crate::settings;
use seed_domain::ledger::AccountKind;
use seed_domain::membership::{MemberStatus, Role};

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Creates the association's issuance and fees accounts if they are missing.
pub fn ensure_association_accounts(conn: &mut DbConn) -> diesel::QueryResult<()> {
    for kind in [AccountKind::Issuance, AccountKind::Fees] {
        if account::find_association(conn, kind)?.is_none() {
            let row = AccountRow {
                id: new_id(),
                member_id: None,
                kind,
                balance: 0,
                floor: None,
                ceiling: None,
                created_at: now(),
                closed_at: None,
            };
            match account::insert(conn, &row) {
                // Another instance created it meanwhile.
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => {}
                other => other?,
            }
        }
    }
    Ok(())
}

/// Adds a member and their TS account (with the limits the rules give new accounts) in one
/// transaction; an active member gets the welcome grant at once. `demo` marks a member a
/// demo-mode server created.
pub fn add_member(
    conn: &mut DbConn,
    email: &str,
    name: &str,
    role: Role,
    status: MemberStatus,
    demo: bool,
) -> Result<MemberRow, LedgerError> {
    write_transaction(conn, |conn| {
        let rules = settings::ts_rules(conn)?;
        let at = now();
        let row = MemberRow {
            id: new_id(),
            email: email.to_lowercase(),
            display_name: name.to_owned(),
            role,
            status,
            created_at: at,
            updated_at: at,
            oidc_issuer: None,
            oidc_subject: None,
            demo,
        };
        member::insert(conn, &row)?;
        let account_id = new_id();
        account::insert(
            conn,
            &AccountRow {
                id: account_id.clone(),
                member_id: Some(row.id.clone()),
                kind: AccountKind::Member,
                balance: 0,
                floor: Some(rules.default_floor.hundredths()),
                ceiling: Some(rules.default_ceiling.hundredths()),
                created_at: at,
                closed_at: None,
            },
        )?;
        if status == MemberStatus::Active {
            ledger::welcome(conn, &account_id, &rules)?;
        }
        Ok(row)
    })
}

/// Makes a member active: their account reopens, and the welcome grant is paid if they never
/// had it (a first activation; a reactivation pays nothing).
pub fn activate(conn: &mut DbConn, member_id: &str) -> Result<(), LedgerError> {
    write_transaction(conn, |conn| {
        member::set_status(conn, member_id, MemberStatus::Active.as_str(), now())?;
        if let Some(acc) = account::find_for_member(conn, member_id)? {
            account::set_closed(conn, &acc.id, None)?;
            let rules = settings::ts_rules(conn)?;
            ledger::welcome(conn, &acc.id, &rules)?;
        }
        Ok(())
    })
}

/// What deactivating a member ended.
pub struct Deactivated {
    pub sessions: usize,
    pub tokens: usize,
    pub exchanges: usize,
}

/// Deactivates a member: sessions and tokens end at once, the account closes (nothing can be
/// paid to or from it; its balance stays visible), their listings close, and their exchanges
/// under way are cancelled, both sides told.
pub fn deactivate(conn: &mut DbConn, member_id: &str) -> Result<Deactivated, crate::error::ApiError> {
    write_transaction(conn, |conn| {
        let at = now();
        member::set_status(conn, member_id, MemberStatus::Inactive.as_str(), at)?;
        let sessions = session::delete_all_for_member(conn, member_id)?;
        let tokens = token::revoke_all_for_member(conn, member_id, at)?;
        if let Some(acc) = account::find_for_member(conn, member_id)? {
            account::set_closed(conn, &acc.id, Some(at))?;
        }
        crate::db::listing::close_all_of(conn, member_id, at)?;
        let exchanges = crate::exchange::cancel_open_for(conn, member_id)?;
        Ok(Deactivated { sessions, tokens, exchanges })
    })
}
