//! SQL for the audit log.

use super::DbConn;
use super::schema::{audit_log, members};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audit_log::table).values(row).execute(conn).map(|_| ())
}

/// Newest first (ids are UUID v7), before `cursor`, with the actor's name.
pub fn list_page(
    conn: &mut DbConn,
    cursor: Option<&str>,
    action: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(AuditRow, Option<String>)>> {
    let mut query = audit_log::table
        .left_join(members::table.on(members::id.nullable().eq(audit_log::actor_id)))
        .order(audit_log::id.desc())
        .limit(limit)
        .select((AuditRow::as_select(), members::display_name.nullable()))
        .into_boxed();
    if let Some(cursor) = cursor {
        query = query.filter(audit_log::id.lt(cursor.to_owned()));
    }
    if let Some(action) = action {
        query = query.filter(audit_log::action.eq(action.to_owned()));
    }
    query.load(conn)
}

/// Erases the IP addresses of entries older than `cutoff`.
pub fn erase_ips_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(audit_log::table.filter(audit_log::at.lt(cutoff)).filter(audit_log::ip.is_not_null()))
        .set(audit_log::ip.eq(None::<String>))
        .execute(conn)
}
