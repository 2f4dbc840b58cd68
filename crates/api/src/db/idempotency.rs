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

/// Inserts the key unless it exists, and says whether this request is the first. On
/// PostgreSQL a copy of an uncommitted first request waits here, on the unique key, until the
/// first commits; on SQLite `BEGIN IMMEDIATE` already made it wait.
pub fn insert_if_new(conn: &mut DbConn, row: &KeyRow) -> QueryResult<bool> {
    let inserted = match conn {
        DbConn::Postgresql(pg) => {
            diesel::insert_into(idempotency_keys::table).values(row).on_conflict_do_nothing().execute(pg)?
        }
        DbConn::Sqlite(lite) => {
            diesel::insert_into(idempotency_keys::table).values(row).on_conflict_do_nothing().execute(lite)?
        }
    };
    Ok(inserted == 1)
}

pub fn find(conn: &mut DbConn, owner: &str, key: &str) -> QueryResult<Option<KeyRow>> {
    idempotency_keys::table.find((owner, key)).select(KeyRow::as_select()).first(conn).optional()
}

pub fn store_response(
    conn: &mut DbConn,
    owner: &str,
    key: &str,
    status: i32,
    body: &str,
) -> QueryResult<usize> {
    diesel::update(idempotency_keys::table.find((owner, key)))
        .set((
            idempotency_keys::response_status.eq(Some(status)),
            idempotency_keys::response_body.eq(Some(body)),
        ))
        .execute(conn)
}

pub fn purge_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff))).execute(conn)
}
