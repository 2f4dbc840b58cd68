//! The audit log: who did what, to what, why, from where.

use crate::db::DbConn;
use crate::db::audit::{self, AuditRow};

/// Adds a line to the audit log.
pub fn record(
    conn: &mut DbConn,
    actor_id: Option<&str>,
    action: &str,
    subject: Option<&str>,
    detail: Option<&str>,
    ip: Option<&str>,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        &AuditRow {
            id: uuid::Uuid::now_v7().to_string(),
            at: crate::auth::now(),
            actor_id: actor_id.map(str::to_owned),
            action: action.to_owned(),
            subject: subject.map(|s| s.chars().take(200).collect()),
            detail: detail.map(|s| s.chars().take(500).collect()),
            ip: ip.map(str::to_owned),
        },
    )
}
