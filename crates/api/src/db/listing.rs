//! SQL for offers and wants.

use super::DbConn;
use super::schema::{listings, members};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use seed_domain::listing::{ListingKind, ListingStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = listings)]
pub struct ListingRow {
    pub id: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub kind: ListingKind,
    pub owner_id: String,
    pub title: String,
    pub description: String,
    /// One tag per line.
    pub skills: String,
    pub estimated_minutes: i32,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub status: ListingStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &ListingRow) -> QueryResult<()> {
    diesel::insert_into(listings::table).values(row.clone()).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<(ListingRow, String)>> {
    listings::table
        .inner_join(members::table)
        .filter(listings::id.eq(id))
        .select((ListingRow::as_select(), members::display_name))
        .first(conn)
        .optional()
}

pub fn update(conn: &mut DbConn, row: &ListingRow) -> QueryResult<usize> {
    diesel::update(listings::table.find(&row.id))
        .set((
            listings::title.eq(&row.title),
            listings::description.eq(&row.description),
            listings::skills.eq(&row.skills),
            listings::estimated_minutes.eq(row.estimated_minutes),
            listings::status.eq(row.status.as_str()),
            listings::updated_at.eq(row.updated_at),
            listings::expires_at.eq(row.expires_at),
        ))
        .execute(conn)
}

/// What a browse asks for.
#[derive(Debug, Clone, Default)]
pub struct Browse {
    pub kind: Option<String>,
    /// Lowercase words that must all be in the title, description or skills.
    pub words: Vec<String>,
    /// One skill tag (as `skill_tag` writes it), matched whole.
    pub skill: Option<String>,
    pub owner: Option<String>,
    /// Only active (and not expired) listings.
    pub active_only: bool,
}

/// Newest first, before `cursor`.
pub fn browse(
    conn: &mut DbConn,
    b: &Browse,
    now: NaiveDateTime,
    cursor: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(ListingRow, String)>> {
    let mut query = listings::table
        .inner_join(members::table)
        .order(listings::id.desc())
        .limit(limit)
        .select((ListingRow::as_select(), members::display_name))
        .into_boxed();
    if b.active_only {
        query = query
            .filter(listings::status.eq(ListingStatus::Active.as_str()))
            .filter(listings::expires_at.gt(now));
    }
    if let Some(kind) = &b.kind {
        query = query.filter(listings::kind.eq(kind.clone()));
    }
    if let Some(owner) = &b.owner {
        query = query.filter(listings::owner_id.eq(owner.clone()));
    }
    if let Some(cursor) = cursor {
        query = query.filter(listings::id.lt(cursor.to_owned()));
    }
    if let Some(skill) = &b.skill {
        // One tag per line: a whole-line match, so "dev" does not find "devis". The newlines
        // are bound, as SQLite and PostgreSQL spell a newline literal differently.
        query = query.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("(")
                .bind::<diesel::sql_types::Text, _>("\n")
                .sql(" || listings.skills || ")
                .bind::<diesel::sql_types::Text, _>("\n")
                .sql(") LIKE ")
                .bind::<diesel::sql_types::Text, _>(format!("%\n{}\n%", super::like_escape(skill)))
                .sql(" ESCAPE '\\'"),
        );
    }
    for word in &b.words {
        let pattern = format!("%{}%", super::like_escape(word));
        query = query.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(
                "LOWER(listings.title || ' ' || listings.description || ' ' || listings.skills) LIKE ",
            )
            .bind::<diesel::sql_types::Text, _>(pattern)
            .sql(" ESCAPE '\\'"),
        );
    }
    query.load(conn)
}

/// Listings still open: active or paused.
const LISTED: [&str; 2] = [ListingStatus::Active.as_str(), ListingStatus::Paused.as_str()];

/// Closes the owner's listings still open (their membership ended).
pub fn close_all_of(conn: &mut DbConn, owner_id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        listings::table.filter(listings::owner_id.eq(owner_id)).filter(listings::status.eq_any(LISTED)),
    )
    .set((listings::status.eq(ListingStatus::Closed.as_str()), listings::updated_at.eq(now)))
    .execute(conn)
}

/// Active or paused listings past their date become expired.
pub fn expire_due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        listings::table.filter(listings::status.eq_any(LISTED)).filter(listings::expires_at.le(now)),
    )
    .set((listings::status.eq(ListingStatus::Expired.as_str()), listings::updated_at.eq(now)))
    .execute(conn)
}
