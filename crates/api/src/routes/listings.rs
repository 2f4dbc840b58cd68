//! Offers and wants: publish, browse and search, pause or close, renew.

use crate::auth::Caller;
use crate::clock::now;
use crate::clock::rfc3339;
use crate::db::listing::{self, Browse, ListingRow};
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult, valid};
use crate::routes::paging;
use crate::settings;
use crate::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use seed_domain::admin::Page;
use seed_domain::exchange::amount_for;
use seed_domain::ledger::TsRules;
use seed_domain::listing::{
    Listing, ListingAction, ListingKind, ListingPatch, ListingStatus, NewListing, listing_status_transition,
    sees_withdrawn,
};
use seed_domain::{ErrorCode, Problem, Ts};
use serde::Deserialize;

fn view(row: ListingRow, owner_name: String, rules: &TsRules) -> Listing {
    let minutes = u32::try_from(row.estimated_minutes).unwrap_or(0);
    Listing {
        kind: ListingKind::parse(&row.kind).unwrap_or(ListingKind::Offer),
        status: ListingStatus::parse(&row.status).unwrap_or(ListingStatus::Closed),
        skills: row.skills.lines().filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        estimated_minutes: minutes,
        estimated_amount: amount_for(minutes, rules.service_rate, rules.service_minutes).unwrap_or(Ts::ZERO),
        created_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
        id: row.id,
        owner_id: row.owner_id,
        owner_name,
        title: row.title,
        description: row.description,
    }
}

/// Publishes an offer or a want; it stays listed for the rules' period unless renewed.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "create_listing",
    request_body = NewListing,
    responses(
        (status = 201, description = "Published", body = Listing),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/listings")]
pub async fn create_listing(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<NewListing>,
) -> ApiResult<HttpResponse> {
    let mut new = valid(body.into_inner(), |b| b.validate())?;
    new.normalize();
    let listing = db::run(&state.pool, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let at = now();
        let row = ListingRow {
            id: uuid::Uuid::now_v7().to_string(),
            kind: new.kind.as_str().to_owned(),
            owner_id: caller.member.id.clone(),
            title: new.title,
            description: new.description,
            skills: new.skills.join("\n"),
            estimated_minutes: i32::try_from(new.estimated_minutes).unwrap_or(i32::MAX),
            status: ListingStatus::Active.as_str().to_owned(),
            created_at: at,
            updated_at: at,
            expires_at: at + chrono::Duration::days(i64::from(rules.listing_days)),
        };
        listing::insert(conn, &row)?;
        Ok(view(row, caller.member.display_name.clone(), &rules))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/listings/{}", listing.id)))
        .json(listing))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BrowseQuery {
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// `offer` or `want`.
    pub kind: Option<ListingKind>,
    /// Words to find in the title, description or skills.
    pub q: Option<String>,
    /// One skill tag.
    pub skill: Option<String>,
}

/// Active offers and wants, newest first, with search.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "list_listings",
    params(BrowseQuery),
    responses((status = 200, description = "A page of listings", body = Page<Listing>)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/listings")]
pub async fn list_listings(
    _caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<BrowseQuery>,
) -> ApiResult<web::Json<Page<Listing>>> {
    let fetched = paging::fetch_limit(q.limit)?;
    let q = q.into_inner();
    let browse = Browse {
        kind: q.kind.map(|k| k.as_str().to_owned()),
        words: q.q.unwrap_or_default().to_lowercase().split_whitespace().take(5).map(str::to_owned).collect(),
        skill: q.skill.map(|s| seed_domain::listing::skill_tag(&s)),
        owner: None,
        active_only: true,
    };
    Ok(web::Json(page(&state, browse, q.cursor, fetched).await?))
}

async fn page(
    state: &AppState,
    browse: Browse,
    cursor: Option<String>,
    fetched: i64,
) -> ApiResult<Page<Listing>> {
    db::run(&state.pool, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let rows = listing::browse(conn, &browse, now(), cursor.as_deref(), fetched)?;
        Ok(paging::page(rows, fetched, |(r, _)| r.id.clone(), |(r, name)| view(r, name, &rules)))
    })
    .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MineQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// My offers and wants, whatever their status.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "list_my_listings",
    params(MineQuery),
    responses((status = 200, description = "A page of my listings", body = Page<Listing>)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/listings")]
pub async fn list_my_listings(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<MineQuery>,
) -> ApiResult<web::Json<Page<Listing>>> {
    let fetched = paging::fetch_limit(q.limit)?;
    let browse = Browse { owner: Some(caller.member.id.clone()), ..Browse::default() };
    Ok(web::Json(page(&state, browse, q.into_inner().cursor, fetched).await?))
}

fn find(conn: &mut DbConn, id: &str) -> ApiResult<(ListingRow, String)> {
    listing::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))
}

/// One listing. A paused, closed or expired one is shown only to its owner, staff, and the
/// members who have an exchange on it (404 for anyone else).
#[utoipa::path(
    tag = "exchanges",
    operation_id = "get_listing",
    params(("id" = String, Path, description = "The listing's id")),
    responses(
        (status = 200, description = "The listing", body = Listing),
        (status = 404, description = "No such listing that you may see", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/listings/{id}")]
pub async fn get_listing(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Listing>> {
    let listing = db::run(&state.pool, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let (row, name) = find(conn, &id)?;
        let status = ListingStatus::parse(&row.status).unwrap_or(ListingStatus::Closed);
        if !status.is_public(row.expires_at <= now())
            && !sees_withdrawn(
                row.owner_id == caller.member.id,
                caller.is_staff(),
                crate::db::exchange::any_on_listing(conn, &row.id, &caller.member.id)?,
            )
        {
            return Err(ApiError::new(ErrorCode::NotFound));
        }
        Ok(view(row, name, &rules))
    })
    .await?;
    Ok(web::Json(listing))
}

fn owned(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<(ListingRow, String)> {
    let (row, name) = find(conn, id)?;
    if row.owner_id != caller.member.id {
        // Someone else's: refuse without saying more.
        return Err(ApiError::new(ErrorCode::NotAllowed));
    }
    Ok((row, name))
}

/// Edits my listing, or pauses, reopens or closes it.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "update_listing",
    params(("id" = String, Path, description = "The listing's id")),
    request_body = ListingPatch,
    responses(
        (status = 200, description = "Changed", body = Listing),
        (status = 403, description = "Not my listing", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A closed or expired listing", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[patch("/listings/{id}")]
pub async fn update_listing(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<ListingPatch>,
) -> ApiResult<web::Json<Listing>> {
    let mut change = valid(body.into_inner(), |b| b.validate())?;
    change.normalize();
    let listing = db::run(&state.pool, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let (mut row, name) = owned(conn, &caller, &id)?;
        let current = ListingStatus::parse(&row.status).unwrap_or(ListingStatus::Closed);
        if let Some(status) = change.status {
            listing_status_transition(current, status).map_err(|r| ApiError::from(r.problem()))?;
            row.status = status.as_str().to_owned();
            // Back to active from expired is a renewal: without a new end date the scheduler
            // would expire it again at once.
            if current == ListingStatus::Expired && status == ListingStatus::Active {
                row.expires_at = now() + chrono::Duration::days(i64::from(rules.listing_days));
            }
        } else if matches!(current, ListingStatus::Closed | ListingStatus::Expired) {
            return Err(ApiError::with_detail(
                ErrorCode::WrongState,
                "a closed or expired listing is not edited",
            ));
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
        row.updated_at = now();
        listing::update(conn, &row)?;
        Ok(view(row, name, &rules))
    })
    .await?;
    Ok(web::Json(listing))
}

/// Renews my listing for the rules' period (also an expired one).
#[utoipa::path(
    tag = "exchanges",
    operation_id = "renew_listing",
    params(("id" = String, Path, description = "The listing's id")),
    responses(
        (status = 200, description = "Renewed", body = Listing),
        (status = 403, description = "Not my listing", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A closed listing", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/listings/{id}/renew")]
pub async fn renew_listing(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<Listing>> {
    let listing = db::run(&state.pool, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let (mut row, name) = owned(conn, &caller, &id)?;
        let current = ListingStatus::parse(&row.status).unwrap_or(ListingStatus::Closed);
        listing_status_transition(current, ListingAction::Renew.target())
            .map_err(|r| ApiError::from(r.problem()))?;
        let at = now();
        row.status = ListingStatus::Active.as_str().to_owned();
        row.expires_at = at + chrono::Duration::days(i64::from(rules.listing_days));
        row.updated_at = at;
        listing::update(conn, &row)?;
        Ok(view(row, name, &rules))
    })
    .await?;
    Ok(web::Json(listing))
}
