//! Moving TS: payments between members, and staff's reversals and adjustments. Each needs an
//! `Idempotency-Key`; the work is the ledger service's.

use crate::auth::Caller;
use crate::db;
use crate::db::account;
use crate::error::{ApiError, ApiResult, valid};
use crate::idempotency;
use crate::idempotency::IdempotencyKey;
use crate::ledger;
use crate::state::{AppState, Json};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use seed_domain::membership::Role;
use seed_domain::timebank::{NewAdjustment, NewPayment, Payee, ReverseTransfer, TransferView, payee_needle};
use seed_domain::{ErrorCode, Problem};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PayeeQuery {
    /// Part of a name; at least 2 characters.
    pub q: String,
}

/// Active members one can pay, by name (names only).
#[utoipa::path(
    tag = "ledger",
    operation_id = "list_payees",
    params(PayeeQuery),
    responses((status = 200, description = "Up to 20 members", body = Vec<Payee>)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/payees")]
pub async fn list_payees(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<PayeeQuery>,
) -> ApiResult<web::Json<Vec<Payee>>> {
    let Some(needle) = payee_needle(&q.q) else {
        return Ok(web::Json(Vec::new()));
    };
    let found =
        db::run(&state.pool, move |conn| Ok(account::payees(conn, &needle, &caller.member.id, 20)?)).await?;
    Ok(web::Json(
        found
            .into_iter()
            .map(|(member_id, display_name, account_id)| Payee { member_id, display_name, account_id })
            .collect(),
    ))
}

pub(super) fn created(view: TransferView) -> Result<(u16, String), ApiError> {
    idempotency::answer(201, &view)
}

/// Pays another member directly, for a service agreed outside the exchange workflow. Needs an
/// `Idempotency-Key`: a repeat returns the first answer and never pays twice.
#[utoipa::path(
    tag = "ledger",
    operation_id = "create_transfer",
    request_body = NewPayment,
    params(IdempotencyKey),
    responses(
        (status = 201, description = "Paid", body = TransferView),
        (status = 400, description = "No Idempotency-Key, or a malformed body (a float amount, for one)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused: `ts_floor_reached` {floor, short_by}, `ts_ceiling_reached`, `ts_over_maximum`, `ts_same_account`, `account_closed`, `unknown_account`, `idempotency_key_reused`, `validation_failed`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/transfers")]
pub async fn create_transfer(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<NewPayment>,
) -> ApiResult<HttpResponse> {
    let payment = valid(body.into_inner(), |b| b.validate())?;
    let owner = caller.member.id.clone();
    let p = payment.clone();
    let actor = caller.actor();
    idempotency::respond_once(&state, &req, owner, "POST /api/transfers", &payment, move |conn| {
        let from = caller.account_id.clone().ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        created(ledger::pay(conn, &actor, &from, &p)?)
    })
    .await
}

/// Reverses a transfer (staff): the same amount moves back; a transfer is reversed once, a
/// reversal never.
#[utoipa::path(
    tag = "ledger",
    operation_id = "reverse_transfer",
    params(("id" = String, Path, description = "The transfer to reverse"), IdempotencyKey),
    request_body = ReverseTransfer,
    responses(
        (status = 201, description = "The reversal", body = TransferView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transfer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already reversed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reversal, or the limits refuse it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/transfers/{id}/reverse")]
pub async fn reverse_transfer(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<ReverseTransfer>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Staff)?;
    let reverse = valid(body.into_inner(), |b| b.validate())?;
    let id = id.into_inner();
    let route = format!("POST /api/transfers/{id}/reverse");
    let actor = caller.actor();
    let reason = reverse.reason.clone();
    idempotency::respond_once(&state, &req, caller.member.id.clone(), &route, &reverse, move |conn| {
        created(ledger::reverse(conn, &actor, &id, &reason)?)
    })
    .await
}

/// A staff adjustment: TS from issuance to the account (positive) or back (negative), with a
/// required reason.
#[utoipa::path(
    tag = "ledger",
    operation_id = "create_adjustment",
    params(IdempotencyKey),
    request_body = NewAdjustment,
    responses(
        (status = 201, description = "Posted", body = TransferView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused by the limits, or invalid", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/adjustments")]
pub async fn create_adjustment(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<NewAdjustment>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Staff)?;
    let adjustment = valid(body.into_inner(), |b| b.validate())?;
    let a = adjustment.clone();
    let actor = caller.actor();
    idempotency::respond_once(
        &state,
        &req,
        caller.member.id.clone(),
        "POST /api/adjustments",
        &adjustment,
        move |conn| created(ledger::adjust(conn, &actor, &a)?),
    )
    .await
}
