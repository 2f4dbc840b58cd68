//! Accounts: mine, one, all of them (staff); their limits (staff) and the settlement of a
//! closed one (admins).

use crate::auth::Caller;
use crate::db::account::{self, AccountRow};
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult, valid};
use crate::idempotency;
use crate::idempotency::IdempotencyKey;
use crate::ledger;
use crate::routes::transfers::created;
use crate::state::{AppState, Json};
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use seed_domain::ledger::AccountLimits;
use seed_domain::membership::Role;
use seed_domain::timebank::{AccountView, TransferView};
use seed_domain::{ErrorCode, Problem};

/// The account `id` if the caller may see it: their own, or any for staff. Otherwise 404,
/// whether it exists or not.
pub(super) fn visible_account(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<AccountRow> {
    let row = account::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let own = row.member_id.as_deref() == Some(caller.member.id.as_str());
    if own || caller.is_staff() { Ok(row) } else { Err(ApiError::new(ErrorCode::NotFound)) }
}

pub(super) fn own_account(conn: &mut DbConn, caller: &Caller) -> ApiResult<AccountRow> {
    account::find_for_member(conn, &caller.member.id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))
}

/// My TS account: balance, limits, and what I gave and received.
#[utoipa::path(
    tag = "ledger",
    operation_id = "get_my_account",
    responses(
        (status = 200, description = "My account", body = AccountView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/account")]
pub async fn get_my_account(caller: Caller, state: web::Data<AppState>) -> ApiResult<web::Json<AccountView>> {
    let view = db::run(&state.pool, move |conn| {
        let row = own_account(conn, &caller)?;
        Ok(ledger::account_view(conn, row)?)
    })
    .await?;
    Ok(web::Json(view))
}

/// An account (its holder, or staff).
#[utoipa::path(
    tag = "ledger",
    operation_id = "get_account",
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = AccountView),
        (status = 404, description = "No such account that you may see", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/accounts/{id}")]
pub async fn get_account(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<AccountView>> {
    let view = db::run(&state.pool, move |conn| {
        let row = visible_account(conn, &caller, &id)?;
        Ok(ledger::account_view(conn, row)?)
    })
    .await?;
    Ok(web::Json(view))
}

/// New limits for a member's account (staff, audited): they apply to later transfers, and
/// the balance must already be within them.
#[utoipa::path(
    tag = "ledger",
    operation_id = "set_account_limits",
    params(("id" = String, Path, description = "The account's id")),
    request_body = AccountLimits,
    responses(
        (status = 200, description = "The account with its new limits", body = AccountView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account of the association (they have no limits)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or the balance is already outside: `ts_floor_reached` {floor, short_by}, `ts_ceiling_reached` {ceiling, over_by}", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[put("/accounts/{id}/limits")]
pub async fn set_account_limits(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<AccountLimits>,
) -> ApiResult<web::Json<AccountView>> {
    caller.require(Role::Staff)?;
    let limits = valid(body.into_inner(), |b| b.validate())?;
    let id = id.into_inner();
    let actor = caller.actor();
    Ok(web::Json(db::run(&state.pool, move |conn| ledger::set_limits(conn, &actor, &id, &limits)).await?))
}

/// Every account with its holder (staff).
#[utoipa::path(
    tag = "ledger",
    operation_id = "list_accounts",
    responses(
        (status = 200, description = "All accounts", body = Vec<AccountView>),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "staff"]))
)]
#[get("/accounts")]
pub async fn list_accounts(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<AccountView>>> {
    caller.require(Role::Staff)?;
    let views = db::run(&state.pool, move |conn| {
        let rows = account::list_all(conn)?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(ledger::account_view(conn, row)?);
        }
        Ok(views)
    })
    .await?;
    Ok(web::Json(views))
}

/// Settles a closed account (admins): its whole balance goes back to the association.
#[utoipa::path(
    tag = "ledger",
    operation_id = "settle_account",
    params(("id" = String, Path, description = "The closed account"), IdempotencyKey),
    responses(
        (status = 201, description = "The closing transfer", body = TransferView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is open, or its balance is already zero", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[post("/accounts/{id}/settle")]
pub async fn settle_account(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Admin)?;
    let id = id.into_inner();
    let route = format!("POST /api/accounts/{id}/settle");
    let actor = caller.actor();
    idempotency::respond_once(&state, &req, caller.member.id.clone(), &route, &(), move |conn| {
        created(ledger::settle_closed(conn, &actor, &id)?)
    })
    .await
}
