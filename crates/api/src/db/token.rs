//! SQL for integrator tokens.

use super::DbConn;
use super::member::MemberRow;
use super::schema::{accounts, api_tokens, members};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: String,
    pub member_id: String,
    pub name: String,
    pub secret_hash: String,
    /// Space-separated scope names.
    pub scopes: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &TokenRow) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table).values(row.clone()).execute(conn).map(|_| ())
}

/// The token with its member and the member's account id, in one query (this runs on every
/// request of an integrator).
pub fn find_with_member(
    conn: &mut DbConn,
    secret_hash: &str,
) -> QueryResult<Option<(TokenRow, MemberRow, Option<String>)>> {
    api_tokens::table
        .inner_join(members::table.left_join(accounts::table))
        .filter(api_tokens::secret_hash.eq(secret_hash))
        .select((TokenRow::as_select(), MemberRow::as_select(), accounts::id.nullable()))
        .first(conn)
        .optional()
}

pub fn touch(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(Some(at))).execute(conn)
}

/// The member's tokens that still work (not revoked, not expired).
pub fn list_live_for_member(
    conn: &mut DbConn,
    member_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<TokenRow>> {
    api_tokens::table
        .filter(api_tokens::member_id.eq(member_id))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(now))
        .order(api_tokens::created_at.desc())
        .select(TokenRow::as_select())
        .load(conn)
}

/// Revokes one of `member_id`'s live tokens; `None` when there is no such token of theirs.
pub fn revoke_for_member(
    conn: &mut DbConn,
    id: &str,
    member_id: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<TokenRow>> {
    let Some(row) = api_tokens::table
        .find(id)
        .filter(api_tokens::member_id.eq(member_id))
        .filter(api_tokens::revoked_at.is_null())
        .select(TokenRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    diesel::update(api_tokens::table.find(id)).set(api_tokens::revoked_at.eq(Some(at))).execute(conn)?;
    Ok(Some(row))
}

pub fn revoke_all_for_member(conn: &mut DbConn, member_id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::member_id.eq(member_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(at)))
    .execute(conn)
}
