//! SQL for the audit log.

use super::DbConn;
use super::schema::{audit_log, members};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use seed_domain::admin::AuditAction;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub action: AuditAction,
    pub subject: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> QueryResult<()> {
    diesel::insert_into(audit_log::table).values(row.clone()).execute(conn).map(|_| ())
}

/// A line of the log with the names of its actor and of its subject (when a member).
pub type NamedRow = (AuditRow, Option<String>, Option<String>);

/// Newest first (ids are UUID v7), before `cursor`, with the names of the actor and subject.
pub fn list_page(
    conn: &mut DbConn,
    cursor: Option<&str>,
    action: Option<AuditAction>,
    limit: i64,
) -> QueryResult<Vec<NamedRow>> {
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
        query = query.filter(audit_log::action.eq(action.as_str()));
    }
    let rows: Vec<(AuditRow, Option<String>)> = query.load(conn)?;
    let subjects: Vec<String> = rows.iter().filter_map(|(r, _)| r.subject.clone()).collect();
    let names: std::collections::HashMap<String, String> = members::table
        .filter(members::id.eq_any(subjects))
        .select((members::id, members::display_name))
        .load(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(row, actor)| {
            let subject_name = row.subject.as_ref().and_then(|s| names.get(s).cloned());
            (row, actor, subject_name)
        })
        .collect())
}

/// Purges the entries older than `cutoff` (the database refuses any younger one).
pub fn purge_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(audit_log::table.filter(audit_log::at.lt(cutoff))).execute(conn)
}

/// Erases the IP addresses of entries older than `cutoff`.
pub fn erase_ips_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(audit_log::table.filter(audit_log::at.lt(cutoff)).filter(audit_log::ip.is_not_null()))
        .set(audit_log::ip.eq(None::<String>))
        .execute(conn)
}
