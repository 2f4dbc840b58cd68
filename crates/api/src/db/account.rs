//! SQL for TS accounts.

use super::DbConn;
use super::schema::accounts;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: String,
    pub member_id: Option<String>,
    pub kind: String,
    pub balance: i64,
    pub floor: Option<i64>,
    pub ceiling: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &AccountRow) -> QueryResult<()> {
    diesel::insert_into(accounts::table).values(row).execute(conn).map(|_| ())
}

pub fn find_association(conn: &mut DbConn, kind: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::kind.eq(kind))
        .filter(accounts::member_id.is_null())
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<AccountRow>> {
    accounts::table.order(accounts::id).select(AccountRow::as_select()).load(conn)
}
