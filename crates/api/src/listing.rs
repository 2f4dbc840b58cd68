//! Offers and wants: publishing, browsing, one listing as its viewer may see it, the owner's
//! edits and renewals. The rules are the domain's (`seed_domain::listing`).

use crate::clock::now;
use crate::db::listing::{self as sql, Browse, ListingRow};
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult};
use crate::paging;
use crate::settings;
use chrono::NaiveDateTime;
use seed_domain::admin::Page;
use seed_domain::ledger::TsRules;
use seed_domain::listing::{
    Listing, ListingAction, ListingPatch, ListingStatus, NewListing, check_listing_change,
    listing_status_transition, sees_withdrawn,
};
use seed_domain::{ErrorCode, Ts};

/// A listing as the API shows it.
pub fn view(row: ListingRow, owner_name: String, rules: &TsRules) -> Listing {
    let minutes = u32::try_from(row.estimated_minutes).unwrap_or(0);
    Listing {
        kind: row.kind,
        status: row.status,
        skills: row.skills.lines().filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        estimated_minutes: minutes,
        estimated_amount: rules.service_cost(minutes).unwrap_or(Ts::ZERO),
        created_at: crate::clock::rfc3339(row.created_at),
        expires_at: crate::clock::rfc3339(row.expires_at),
        id: row.id,
        owner_id: row.owner_id,
        owner_name,
        title: row.title,
        description: row.description,
    }
}

/// The end date of a listing published or renewed at `at`: the rules' listing period later.
fn listed_until(at: NaiveDateTime, rules: &TsRules) -> NaiveDateTime {
    at + chrono::Duration::days(i64::from(rules.listing_days))
}

/// Publishes `new` (validated and normalised) for `owner`.
pub fn create(conn: &mut DbConn, owner_id: &str, owner_name: &str, new: NewListing) -> ApiResult<Listing> {
    let rules = settings::ts_rules(conn)?;
    let at = now();
    let row = ListingRow {
        id: uuid::Uuid::now_v7().to_string(),
        kind: new.kind,
        owner_id: owner_id.to_owned(),
        title: new.title,
        description: new.description,
        skills: new.skills.join("\n"),
        estimated_minutes: i32::try_from(new.estimated_minutes).unwrap_or(i32::MAX),
        status: ListingStatus::Active,
        created_at: at,
        updated_at: at,
        expires_at: listed_until(at, &rules),
    };
    sql::insert(conn, &row)?;
    Ok(view(row, owner_name.to_owned(), &rules))
}

/// A page of listings (`browse` says which), newest first.
pub fn page(
    conn: &mut DbConn,
    browse: &Browse,
    cursor: Option<&str>,
    fetched: i64,
) -> ApiResult<Page<Listing>> {
    let rules = settings::ts_rules(conn)?;
    let rows = sql::browse(conn, browse, now(), cursor, fetched)?;
    Ok(paging::page(rows, fetched, |(r, _)| r.id.clone(), |(r, name)| view(r, name, &rules)))
}

/// One listing for `viewer`: a withdrawn one only for those involved (404 for anyone else).
pub fn get(conn: &mut DbConn, viewer_id: &str, viewer_is_staff: bool, id: &str) -> ApiResult<Listing> {
    let rules = settings::ts_rules(conn)?;
    let (row, name) = find(conn, id)?;
    let status = row.status;
    if !status.is_public(row.expires_at <= now())
        && !sees_withdrawn(
            row.owner_id == viewer_id,
            viewer_is_staff,
            db::exchange::any_on_listing(conn, &row.id, viewer_id)?,
        )
    {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    Ok(view(row, name, &rules))
}

fn find(conn: &mut DbConn, id: &str) -> ApiResult<(ListingRow, String)> {
    sql::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))
}

/// The listing `id` if `owner_id` owns it; someone else's is refused without saying more.
fn owned(conn: &mut DbConn, owner_id: &str, id: &str) -> ApiResult<(ListingRow, String)> {
    let (row, name) = find(conn, id)?;
    if row.owner_id != owner_id {
        return Err(ApiError::new(ErrorCode::NotAllowed));
    }
    Ok((row, name))
}

/// The owner edits their listing, or pauses, reopens or closes it.
pub fn update(conn: &mut DbConn, owner_id: &str, id: &str, change: ListingPatch) -> ApiResult<Listing> {
    let rules = settings::ts_rules(conn)?;
    let (mut row, name) = owned(conn, owner_id, id)?;
    let current = row.status;
    let renews = check_listing_change(current, change.status).map_err(|r| ApiError::from(r.problem()))?;
    let at = now();
    if let Some(status) = change.status {
        row.status = status;
    }
    if renews {
        row.expires_at = listed_until(at, &rules);
    }
    if let Some(t) = change.title {
        row.title = t;
    }
    if let Some(d) = change.description {
        row.description = d;
    }
    if let Some(s) = change.skills {
        row.skills = s.join("\n");
    }
    if let Some(m) = change.estimated_minutes {
        row.estimated_minutes = i32::try_from(m).unwrap_or(i32::MAX);
    }
    row.updated_at = at;
    sql::update(conn, &row)?;
    Ok(view(row, name, &rules))
}

/// The owner renews their listing for the rules' period (an expired one too).
pub fn renew(conn: &mut DbConn, owner_id: &str, id: &str) -> ApiResult<Listing> {
    let rules = settings::ts_rules(conn)?;
    let (mut row, name) = owned(conn, owner_id, id)?;
    let current = row.status;
    listing_status_transition(current, ListingAction::Renew.target())
        .map_err(|r| ApiError::from(r.problem()))?;
    let at = now();
    row.status = ListingStatus::Active;
    row.expires_at = listed_until(at, &rules);
    row.updated_at = at;
    sql::update(conn, &row)?;
    Ok(view(row, name, &rules))
}
