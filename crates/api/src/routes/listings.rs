//! Offers and wants: publish, browse and search, pause or close, renew.

use crate::auth::Caller;
use crate::db::listing::Browse;
use crate::db::{self};
use crate::error::{ApiResult, valid};
use crate::listing;
use crate::paging;
use crate::state::{AppState, Json};
use actix_web::{HttpResponse, get, patch, post, web};
use seed_domain::Problem;
use seed_domain::admin::Page;
use seed_domain::listing::{Listing, ListingKind, ListingPatch, NewListing};
use serde::Deserialize;

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
    body: Json<NewListing>,
) -> ApiResult<HttpResponse> {
    let mut new = valid(body.into_inner(), |b| b.validate())?;
    new.normalize();
    let listing = db::run(&state.pool, move |conn| {
        listing::create(conn, &caller.member.id, &caller.member.display_name, new)
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
    #[param(minimum = 1, maximum = 200)]
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
    db::run(&state.pool, move |conn| listing::page(conn, &browse, cursor.as_deref(), fetched)).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MineQuery {
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
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
    let viewer_is_staff = caller.is_staff();
    let listing =
        db::run(&state.pool, move |conn| listing::get(conn, &caller.member.id, viewer_is_staff, &id)).await?;
    Ok(web::Json(listing))
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
    body: Json<ListingPatch>,
) -> ApiResult<web::Json<Listing>> {
    let mut change = valid(body.into_inner(), |b| b.validate())?;
    change.normalize();
    let listing =
        db::run(&state.pool, move |conn| listing::update(conn, &caller.member.id, &id, change)).await?;
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
    let listing = db::run(&state.pool, move |conn| listing::renew(conn, &caller.member.id, &id)).await?;
    Ok(web::Json(listing))
}
