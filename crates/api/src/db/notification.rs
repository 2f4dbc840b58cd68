//! SQL for notifications: what a member is told about their exchanges.

use super::DbConn;
use super::schema::{exchanges, notifications};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use seed_domain::notification::NotificationKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub member_id: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub kind: NotificationKind,
    pub exchange_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

pub fn notify(conn: &mut DbConn, row: &NotificationRow) -> QueryResult<()> {
    diesel::insert_into(notifications::table).values(row.clone()).execute(conn).map(|_| ())
}

/// A member's notifications with their exchange's title, newest first.
pub fn notifications_of(
    conn: &mut DbConn,
    member_id: &str,
    unread_only: bool,
    cursor: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(NotificationRow, Option<String>)>> {
    let mut query = notifications::table
        .left_join(exchanges::table)
        .filter(notifications::member_id.eq(member_id.to_owned()))
        .order(notifications::id.desc())
        .limit(limit)
        .select((NotificationRow::as_select(), exchanges::title.nullable()))
        .into_boxed();
    if unread_only {
        query = query.filter(notifications::read_at.is_null());
    }
    if let Some(cursor) = cursor {
        query = query.filter(notifications::id.lt(cursor.to_owned()));
    }
    query.load(conn)
}

pub fn unread_count(conn: &mut DbConn, member_id: &str) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::member_id.eq(member_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks read one notification of the member (or all of them with `id = None`).
pub fn mark_read(
    conn: &mut DbConn,
    member_id: &str,
    id: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    match id {
        Some(id) => {
            diesel::update(notifications::table.find(id).filter(notifications::member_id.eq(member_id)))
                .set(notifications::read_at.eq(Some(at)))
                .execute(conn)
        }
        None => diesel::update(
            notifications::table
                .filter(notifications::member_id.eq(member_id))
                .filter(notifications::read_at.is_null()),
        )
        .set(notifications::read_at.eq(Some(at)))
        .execute(conn),
    }
}
