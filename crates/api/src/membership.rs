//! Members and their TS accounts: what is written together.

use crate::db::DbConn;
use crate::db::account::{self, AccountRow};
use crate::db::member::{self, MemberRow};
use diesel::Connection;
use seed_domain::membership::{MemberStatus, Role};

/// Balance limits of a new member account, in hundredths (-20 TS and 200 TS).
pub const DEFAULT_FLOOR: i64 = -2000;
pub const DEFAULT_CEILING: i64 = 20000;

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Creates the association's issuance and fees accounts if they are missing.
pub fn ensure_association_accounts(conn: &mut DbConn) -> diesel::QueryResult<()> {
    for kind in ["issuance", "fees"] {
        if account::find_association(conn, kind)?.is_none() {
            let row = AccountRow {
                id: new_id(),
                member_id: None,
                kind: kind.to_owned(),
                balance: 0,
                floor: None,
                ceiling: None,
                created_at: now(),
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

/// Adds a member and their TS account in one transaction.
pub fn add_member(
    conn: &mut DbConn,
    email: &str,
    name: &str,
    role: Role,
    status: MemberStatus,
) -> diesel::QueryResult<MemberRow> {
    conn.transaction(|conn| {
        let at = now();
        let row = MemberRow {
            id: new_id(),
            email: email.to_lowercase(),
            display_name: name.to_owned(),
            role: role.as_str().to_owned(),
            status: status.as_str().to_owned(),
            created_at: at,
            updated_at: at,
            oidc_issuer: None,
            oidc_subject: None,
        };
        member::insert(conn, &row)?;
        account::insert(
            conn,
            &AccountRow {
                id: new_id(),
                member_id: Some(row.id.clone()),
                kind: "member".to_owned(),
                balance: 0,
                floor: Some(DEFAULT_FLOOR),
                ceiling: Some(DEFAULT_CEILING),
                created_at: at,
            },
        )?;
        Ok(row)
    })
}
