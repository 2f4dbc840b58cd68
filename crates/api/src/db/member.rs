//! SQL for members.

use super::DbConn;
use super::schema::members;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &MemberRow) -> QueryResult<()> {
    diesel::insert_into(members::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<MemberRow>> {
    members::table
        .filter(members::email.eq(email))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<MemberRow>> {
    members::table
        .order(members::id)
        .select(MemberRow::as_select())
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    members::table.count().get_result(conn)
}
