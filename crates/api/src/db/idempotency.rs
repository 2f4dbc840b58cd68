//! SQL for idempotency keys.

use super::DbConn;
use super::schema::idempotency_keys;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct KeyRow {
    pub owner: String,
    pub key: String,
    pub request_hash: String,
    pub response_status: Option<i32>,
    pub response_body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Inserts the key with its answer. On PostgreSQL, when an uncommitted copy holds the same
/// key, this waits for it, then fails with a unique violation if it committed.
pub fn insert(conn: &mut DbConn, row: &KeyRow) -> QueryResult<usize> {
    diesel::insert_into(idempotency_keys::table).values(row.clone()).execute(conn)
}

pub fn find(conn: &mut DbConn, owner: &str, key: &str) -> QueryResult<Option<KeyRow>> {
    idempotency_keys::table.find((owner, key)).select(KeyRow::as_select()).first(conn).optional()
}

pub fn purge_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff))).execute(conn)
}
