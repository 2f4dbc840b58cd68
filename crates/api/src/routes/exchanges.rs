//! Exchanges between members: request, accept, deliver, confirm (the TS are paid), evaluate;
//! decline, cancel, dispute; staff settle disputes. The state machine is `seed_domain::exchange`.

use crate::auth::Caller;
use crate::db::exchange as sql;
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult, valid};
use crate::exchange::{self, Who};
use crate::idempotency;
use crate::idempotency::IdempotencyKey;
use crate::paging;
use crate::state::{AppState, Json};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use seed_domain::admin::Page;
use seed_domain::exchange::{
    AcceptExchange, Action, DisputeExchange, ExchangeState, ExchangeView, NewEvaluation, NewExchange,
    SettleExchange,
};
use seed_domain::membership::Role;
use seed_domain::{ErrorCode, Problem};
use serde::Deserialize;

fn who(caller: &Caller) -> Who {
    Who::Member { id: caller.member.id.clone(), is_staff: caller.is_staff() }
}

/// Asks for an exchange on an offer (I am served) or a want (I serve).
#[utoipa::path(
    tag = "exchanges",
    operation_id = "create_exchange",
    request_body = NewExchange,
    responses(
        (status = 201, description = "Requested; the listing's owner is told", body = ExchangeView),
        (status = 404, description = "No such listing", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The listing takes no requests, or it is mine (`wrong_state`); or I already have an exchange under way on it (`conflict`, its id in `params.exchange_id`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/exchanges")]
pub async fn create_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewExchange>,
) -> ApiResult<HttpResponse> {
    let new = valid(body.into_inner(), |b| b.validate())?;
    let view = db::run(&state.pool, move |conn| {
        let row = exchange::create(conn, &caller.member.id, &new)?;
        exchange::view(conn, row, &who(&caller))
    })
    .await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/exchanges/{}", view.id))).json(view))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    pub state: Option<ExchangeState>,
}

fn views(
    conn: &mut DbConn,
    rows: Vec<sql::ExchangeRow>,
    fetched: i64,
    who: &Who,
) -> ApiResult<Page<ExchangeView>> {
    let page = paging::page(rows, fetched, |r| r.id.clone(), |r| r);
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        items.push(exchange::view(conn, row, who)?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// My exchanges (given or received), newest first.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "list_my_exchanges",
    params(ListQuery),
    responses((status = 200, description = "A page of my exchanges", body = Page<ExchangeView>)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/exchanges")]
pub async fn list_my_exchanges(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<ListQuery>,
) -> ApiResult<web::Json<Page<ExchangeView>>> {
    let fetched = paging::fetch_limit(q.limit)?;
    let q = q.into_inner();
    let page = db::run(&state.pool, move |conn| {
        let rows = sql::list_for_member(
            conn,
            &caller.member.id,
            q.state.map(|s| s.as_str()),
            q.cursor.as_deref(),
            fetched,
        )?;
        views(conn, rows, fetched, &who(&caller))
    })
    .await?;
    Ok(web::Json(page))
}

/// The disputes to settle (staff), newest first.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "list_disputes",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of disputed exchanges", body = Page<ExchangeView>),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "staff"]))
)]
#[get("/disputes")]
pub async fn list_disputes(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<ListQuery>,
) -> ApiResult<web::Json<Page<ExchangeView>>> {
    caller.require(Role::Staff)?;
    let fetched = paging::fetch_limit(q.limit)?;
    let q = q.into_inner();
    let page = db::run(&state.pool, move |conn| {
        let state = q.state.unwrap_or(ExchangeState::Disputed);
        let rows = sql::list_in_state(conn, state.as_str(), q.cursor.as_deref(), fetched)?;
        views(conn, rows, fetched, &who(&caller))
    })
    .await?;
    Ok(web::Json(page))
}

/// One exchange with its timeline and my next actions (its two members, or staff).
#[utoipa::path(
    tag = "exchanges",
    operation_id = "get_exchange",
    params(("id" = String, Path, description = "The exchange's id")),
    responses(
        (status = 200, description = "The exchange", body = ExchangeView),
        (status = 404, description = "No such exchange that you may see", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/exchanges/{id}")]
pub async fn get_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<ExchangeView>> {
    let view = db::run(&state.pool, move |conn| {
        let row = sql::find(conn, &id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        exchange::view(conn, row, &who(&caller))
    })
    .await?;
    Ok(web::Json(view))
}

async fn step(
    state: &AppState,
    caller: Caller,
    id: String,
    action: Action,
    note: Option<String>,
) -> ApiResult<web::Json<ExchangeView>> {
    let view = db::run(&state.pool, move |conn| {
        let who = who(&caller);
        let row = exchange::act(conn, &who, &id, action, note.as_deref())?;
        exchange::view(conn, row, &who)
    })
    .await?;
    Ok(web::Json(view))
}

/// A step that moves TS: once per Idempotency-Key.
async fn paying_step(
    state: &AppState,
    req: &HttpRequest,
    caller: Caller,
    id: String,
    action: Action,
    body: &impl serde::Serialize,
    note: Option<String>,
) -> ApiResult<HttpResponse> {
    let route = format!("{} /api/exchanges/{id}", action.kind().as_str());
    let owner = caller.member.id.clone();
    idempotency::respond_once(state, req, owner, &route, body, move |conn| {
        let who = who(&caller);
        let row = exchange::act(conn, &who, &id, action, note.as_deref())?;
        idempotency::answer(200, &exchange::view(conn, row, &who)?)
    })
    .await
}

/// Accepts a request for `minutes` of service: the amount is the pro-rata amount, refused if
/// the member served could not pay it now. A provider who accepts with another duration than
/// the one asked for leaves the exchange `awaiting_agreement` of the member served.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "accept_exchange",
    params(("id" = String, Path, description = "The exchange's id")),
    request_body = AcceptExchange,
    responses(
        (status = 200, description = "Accepted", body = ExchangeView),
        (status = 403, description = "Not the one who answers the request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a request any more", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The member served could not pay it now (`ts_floor_reached`...), or over the maximum", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/exchanges/{id}/accept")]
pub async fn accept_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<AcceptExchange>,
) -> ApiResult<web::Json<ExchangeView>> {
    let accept = valid(body.into_inner(), |b| b.validate())?;
    // The duration asked for is read from the exchange itself, under its lock.
    let action = Action::Accept { minutes: accept.minutes, proposed: None };
    step(&state, caller, id.into_inner(), action, None).await
}

macro_rules! simple_step {
    ($name:ident, $path:literal, $op:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            tag = "exchanges",
            operation_id = $op,
            params(("id" = String, Path, description = "The exchange's id")),
            responses(
                (status = 200, description = "Done", body = ExchangeView),
                (status = 403, description = "Not your turn", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such exchange that you may see", body = Problem, content_type = "application/problem+json"),
                (status = 409, description = "Not possible in this state", body = Problem, content_type = "application/problem+json"),
            ),
            security(("session" = []), ("bearer" = ["write"]))
        )]
        #[post($path)]
        pub async fn $name(caller: Caller, state: web::Data<AppState>, id: web::Path<String>) -> ApiResult<web::Json<ExchangeView>> {
            step(&state, caller, id.into_inner(), $action, None).await
        }
    };
}

simple_step!(
    agree_exchange,
    "/exchanges/{id}/agree",
    "agree_exchange",
    Action::Agree,
    "Agrees to the duration the provider accepted with, when it is not the one asked for (the member served)."
);
simple_step!(
    decline_exchange,
    "/exchanges/{id}/decline",
    "decline_exchange",
    Action::Decline,
    "Declines a request (the one who answers it), or the duration the provider accepted with (the member served)."
);
simple_step!(
    cancel_exchange,
    "/exchanges/{id}/cancel",
    "cancel_exchange",
    Action::Cancel,
    "Cancels a request or an accepted exchange (either member)."
);
simple_step!(
    deliver_exchange,
    "/exchanges/{id}/deliver",
    "deliver_exchange",
    Action::Deliver,
    "Says the service is delivered (the provider); it will be confirmed automatically unless confirmed or disputed in time."
);

/// Confirms the delivery (the member served): the TS transfer is posted, the limits checked
/// again. Needs an `Idempotency-Key`.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "confirm_exchange",
    params(("id" = String, Path, description = "The exchange's id"), IdempotencyKey),
    responses(
        (status = 200, description = "Confirmed and paid", body = ExchangeView),
        (status = 400, description = "No Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the member served", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not delivered", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The limits refuse the transfer now", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/exchanges/{id}/confirm")]
pub async fn confirm_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    paying_step(&state, &req, caller, id.into_inner(), Action::Confirm, &(), None).await
}

/// Opens a dispute (either member, once accepted or delivered); staff settle it.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "dispute_exchange",
    params(("id" = String, Path, description = "The exchange's id")),
    request_body = DisputeExchange,
    responses(
        (status = 200, description = "Disputed", body = ExchangeView),
        (status = 403, description = "Not a member of the exchange", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not possible in this state", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/exchanges/{id}/dispute")]
pub async fn dispute_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<DisputeExchange>,
) -> ApiResult<web::Json<ExchangeView>> {
    let dispute = valid(body.into_inner(), |b| b.validate())?;
    step(&state, caller, id.into_inner(), Action::Dispute, Some(dispute.reason.trim().to_owned())).await
}

/// Settles a dispute (staff) by confirming it, at the agreed amount or at `amount`: the TS are
/// paid. Needs an `Idempotency-Key`.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "settle_exchange",
    params(("id" = String, Path, description = "The exchange's id"), IdempotencyKey),
    request_body = SettleExchange,
    responses(
        (status = 200, description = "Settled and paid", body = ExchangeView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not disputed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The limits refuse the transfer", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/exchanges/{id}/settle")]
pub async fn settle_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Json<SettleExchange>,
) -> ApiResult<HttpResponse> {
    let settle = valid(body.into_inner(), |b| b.validate())?;
    let action = match settle.amount {
        Some(amount) => Action::SettleAdjust { amount },
        None => Action::SettleConfirm,
    };
    let note = Some(settle.note.trim().to_owned());
    paying_step(&state, &req, caller, id.into_inner(), action, &settle, note).await
}

/// Settles a dispute (staff) by cancelling the exchange: nothing is paid.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "settle_cancel_exchange",
    params(("id" = String, Path, description = "The exchange's id")),
    request_body = DisputeExchange,
    responses(
        (status = 200, description = "Cancelled", body = ExchangeView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not disputed", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/exchanges/{id}/settle_cancel")]
pub async fn settle_cancel_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<DisputeExchange>,
) -> ApiResult<web::Json<ExchangeView>> {
    let reason = valid(body.into_inner(), |b| b.validate())?;
    step(&state, caller, id.into_inner(), Action::SettleCancel, Some(reason.reason.trim().to_owned())).await
}

/// Evaluates a confirmed exchange (the member served, or staff), once: 1 to 5 and a comment.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "evaluate_exchange",
    params(("id" = String, Path, description = "The exchange's id")),
    request_body = NewEvaluation,
    responses(
        (status = 200, description = "Evaluated", body = ExchangeView),
        (status = 403, description = "Not the member served", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not confirmed, or already evaluated", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rating or comment", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/exchanges/{id}/evaluate")]
pub async fn evaluate_exchange(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<NewEvaluation>,
) -> ApiResult<web::Json<ExchangeView>> {
    let evaluation = valid(body.into_inner(), |b| b.validate())?;
    let view = db::run(&state.pool, move |conn| {
        let who = who(&caller);
        let row = exchange::evaluate(conn, &who, &id, &evaluation)?;
        exchange::view(conn, row, &who)
    })
    .await?;
    Ok(web::Json(view))
}
