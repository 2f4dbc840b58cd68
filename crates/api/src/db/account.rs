//! SQL for TS accounts.

use super::DbConn;
use super::schema::accounts;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use seed_domain::ledger::AccountKind;
use seed_domain::membership::MemberStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: String,
    pub member_id: Option<String>,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub kind: AccountKind,
    pub balance: i64,
    pub floor: Option<i64>,
    pub ceiling: Option<i64>,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &AccountRow) -> QueryResult<()> {
    diesel::insert_into(accounts::table).values(row.clone()).execute(conn).map(|_| ())
}

pub fn find_association(conn: &mut DbConn, kind: AccountKind) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::kind.eq(kind.as_str()))
        .filter(accounts::member_id.is_null())
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table.find(id).select(AccountRow::as_select()).first(conn).optional()
}

pub fn find_for_member(conn: &mut DbConn, member_id: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::member_id.eq(member_id))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_closed(conn: &mut DbConn, id: &str, at: Option<NaiveDateTime>) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id)).set(accounts::closed_at.eq(at)).execute(conn)
}

pub fn set_limits(conn: &mut DbConn, id: &str, floor: i64, ceiling: i64) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((accounts::floor.eq(Some(floor)), accounts::ceiling.eq(Some(ceiling))))
        .execute(conn)
}

/// Locks the two accounts of a transfer for the rest of the transaction, in ascending id order
/// (so two transfers between the same accounts never wait on each other crosswise).
/// PostgreSQL takes row locks (`FOR UPDATE`); SQLite's `BEGIN IMMEDIATE` already holds the
/// only write lock. Two equalities rather than `IN`, which Diesel would not prepare once.
pub fn lock(conn: &mut DbConn, a: &str, b: &str) -> QueryResult<Vec<AccountRow>> {
    match conn {
        DbConn::Postgresql(pg) => accounts::table
            .filter(accounts::id.eq(a).or(accounts::id.eq(b)))
            .order(accounts::id)
            .select(AccountRow::as_select())
            .for_update()
            .load(pg),
        DbConn::Sqlite(lite) => accounts::table
            .filter(accounts::id.eq(a).or(accounts::id.eq(b)))
            .order(accounts::id)
            .select(AccountRow::as_select())
            .load(lite),
    }
}

/// Active members other than `except` whose name contains `needle` (lowercase).
pub fn payees(
    conn: &mut DbConn,
    needle: &str,
    except: &str,
    limit: i64,
) -> QueryResult<Vec<(String, String, String)>> {
    use super::schema::members;
    let pattern = format!("%{}%", super::like_escape(needle));
    accounts::table
        .inner_join(members::table)
        .filter(members::status.eq(MemberStatus::Active.as_str()))
        .filter(members::id.ne(except))
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("LOWER(members.display_name) LIKE ")
                .bind::<diesel::sql_types::Text, _>(pattern)
                .sql(" ESCAPE '\\'"),
        )
        .order(members::display_name)
        .limit(limit)
        .select((members::id, members::display_name, accounts::id))
        .load(conn)
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<AccountRow>> {
    accounts::table.order(accounts::id).select(AccountRow::as_select()).load(conn)
}
