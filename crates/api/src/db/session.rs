//! SQL for browser sessions and pending sign-ins.

use super::DbConn;
use super::member::MemberRow;
use super::schema::{accounts, members, pending_sign_ins, sessions};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub secret_hash: String,
    pub member_id: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub user_agent: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(sessions::table).values(row.clone()).execute(conn).map(|_| ())
}

pub fn find_by_hash(conn: &mut DbConn, secret_hash: &str) -> QueryResult<Option<SessionRow>> {
    sessions::table
        .filter(sessions::secret_hash.eq(secret_hash))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()
}

/// The session with its member and the member's account id, in one query (this runs on every
/// request of a signed-in browser).
pub fn find_with_member(
    conn: &mut DbConn,
    secret_hash: &str,
) -> QueryResult<Option<(SessionRow, MemberRow, Option<String>)>> {
    sessions::table
        .inner_join(members::table.left_join(accounts::table))
        .filter(sessions::secret_hash.eq(secret_hash))
        .select((SessionRow::as_select(), MemberRow::as_select(), accounts::id.nullable()))
        .first(conn)
        .optional()
}

pub fn touch(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(sessions::table.find(id)).set(sessions::last_seen_at.eq(at)).execute(conn)
}

pub fn list_for_member(conn: &mut DbConn, member_id: &str) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::member_id.eq(member_id))
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id)).execute(conn)
}

/// Deletes one of `member_id`'s sessions; 0 when it is not theirs.
pub fn delete_for_member(conn: &mut DbConn, id: &str, member_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id).filter(sessions::member_id.eq(member_id))).execute(conn)
}

pub fn delete_all_for_member(conn: &mut DbConn, member_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::member_id.eq(member_id))).execute(conn)
}

/// Sessions past their absolute end, or unused since `idle_cutoff`.
pub fn purge_expired(
    conn: &mut DbConn,
    now: NaiveDateTime,
    idle_cutoff: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(sessions::expires_at.le(now).or(sessions::last_seen_at.le(idle_cutoff))),
    )
    .execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = pending_sign_ins)]
pub struct PendingSignInRow {
    pub state_hash: String,
    pub browser_hash: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_pending(conn: &mut DbConn, row: &PendingSignInRow) -> QueryResult<()> {
    diesel::insert_into(pending_sign_ins::table).values(row.clone()).execute(conn).map(|_| ())
}

/// Takes the pending sign-in of `state_hash` for this browser, once: whoever deletes the row
/// wins, so two callbacks racing on two instances cannot both finish it.
pub fn take_pending(
    conn: &mut DbConn,
    state_hash: &str,
    browser_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<PendingSignInRow>> {
    let Some(row) = pending_sign_ins::table
        .find(state_hash)
        .select(PendingSignInRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let deleted = diesel::delete(pending_sign_ins::table.find(state_hash)).execute(conn)?;
    let usable = deleted == 1 && row.browser_hash == browser_hash && row.expires_at > now;
    Ok(usable.then_some(row))
}

pub fn purge_pending(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(pending_sign_ins::table.filter(pending_sign_ins::expires_at.le(now))).execute(conn)
}
