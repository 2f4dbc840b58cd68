//! The signed-in person: who I am, my sessions, my integrator tokens.

use crate::auth::ratelimit::Bucket;
use crate::auth::secret::{TOKEN_PREFIX, hash_secret, random_secret};
use crate::auth::{Caller, Credential};
use crate::clock::now;
use crate::clock::rfc3339;
use crate::config::Mode;
use crate::db;
use crate::db::session::{self, SessionRow};
use crate::db::token::{self, TokenRow};
use crate::error::{ApiError, ApiResult, valid};
use crate::state::{AppState, Json};
use actix_web::{HttpResponse, delete, get, post, web};
use seed_domain::admin::AuditAction;
use seed_domain::auth::{CreatedToken, Me, NewToken, Scope, SessionInfo, TokenInfo, Via};
use seed_domain::{ErrorCode, Problem};

/// Who I am.
#[utoipa::path(
    tag = "auth",
    operation_id = "get_me",
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me")]
pub async fn get_me(caller: Caller, state: web::Data<AppState>) -> web::Json<Me> {
    let m = caller.member;
    web::Json(Me {
        id: m.id,
        email: m.email,
        display_name: m.display_name,
        role: caller.role,
        status: m.status,
        via: match caller.credential {
            Credential::Session { .. } => Via::Session,
            Credential::Token { .. } => Via::Token,
        },
        demo: state.config.mode == Mode::Demo,
    })
}

fn session_info(row: SessionRow, current: Option<&str>) -> SessionInfo {
    SessionInfo {
        current: current == Some(row.id.as_str()),
        id: row.id,
        created_at: rfc3339(row.created_at),
        last_seen_at: rfc3339(row.last_seen_at),
        expires_at: rfc3339(row.expires_at.min(row.last_seen_at + crate::auth::SESSION_IDLE)),
        user_agent: row.user_agent,
    }
}

/// My sessions, newest first.
#[utoipa::path(
    tag = "auth",
    operation_id = "list_my_sessions",
    responses(
        (status = 200, description = "My sessions", body = Vec<SessionInfo>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/sessions")]
pub async fn list_my_sessions(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<SessionInfo>>> {
    let current = caller.session_id().map(str::to_owned);
    let rows =
        db::run(&state.pool, move |conn| Ok(session::list_for_member(conn, &caller.member.id)?)).await?;
    Ok(web::Json(rows.into_iter().map(|r| session_info(r, current.as_deref())).collect()))
}

/// Ends one of my sessions (another browser, or this one).
#[utoipa::path(
    tag = "auth",
    operation_id = "revoke_my_session",
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session of mine", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []))
)]
#[delete("/me/sessions/{id}")]
pub async fn revoke_my_session(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require_session()?;
    let id = id.into_inner();
    db::run(&state.pool, move |conn| {
        if session::delete_for_member(conn, &id, &caller.member.id)? == 0 {
            return Err(ApiError::new(ErrorCode::NotFound));
        }
        Ok(caller.audit(conn, AuditAction::SessionRevoked, Some(&id), None)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn token_info(row: TokenRow) -> ApiResult<TokenInfo> {
    Ok(TokenInfo {
        id: row.id,
        name: row.name,
        scopes: crate::db::unknown_is_an_error(Scope::split(&row.scopes))?,
        created_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
        last_used_at: row.last_used_at.map(rfc3339),
    })
}

/// My integrator tokens that still work.
#[utoipa::path(
    tag = "auth",
    operation_id = "list_my_tokens",
    responses(
        (status = 200, description = "My live tokens (never their secrets)", body = Vec<TokenInfo>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/tokens")]
pub async fn list_my_tokens(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<TokenInfo>>> {
    let rows =
        db::run(&state.pool, move |conn| Ok(token::list_live_for_member(conn, &caller.member.id, now())?))
            .await?;
    Ok(web::Json(rows.into_iter().map(token_info).collect::<ApiResult<_>>()?))
}

/// Creates an integrator token; its secret is in this answer and nowhere else, ever.
#[utoipa::path(
    tag = "auth",
    operation_id = "create_my_token",
    request_body = NewToken,
    responses(
        (status = 201, description = "Created; `token` is shown this once", body = CreatedToken),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-site request, or a token (`not_allowed`, reason `session_only`: only a browser session creates tokens)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (a staff scope for a member, an admin scope for a non-admin)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many tokens created from this address", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []))
)]
#[post("/me/tokens")]
pub async fn create_my_token(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewToken>,
) -> ApiResult<HttpResponse> {
    caller.require_session()?;
    state.limiter.check(Bucket::TokenCreation, &caller.ip, state.config.token_rate)?;
    let new = valid(body.into_inner(), |b| b.validate(caller.role))?;
    let secret = format!("{TOKEN_PREFIX}{}", random_secret());
    let at = now();
    let row = TokenRow {
        id: uuid::Uuid::now_v7().to_string(),
        member_id: caller.member.id.clone(),
        name: new.name.trim().to_owned(),
        secret_hash: hash_secret(&secret),
        scopes: Scope::join(&new.scopes),
        created_at: at,
        expires_at: at + chrono::Duration::days(i64::from(new.expires_in_days)),
        last_used_at: None,
        revoked_at: None,
    };
    let stored = row.clone();
    db::run(&state.pool, move |conn| {
        token::insert(conn, &stored)?;
        Ok(caller.audit(conn, AuditAction::TokenCreated, Some(&stored.name), Some(&stored.scopes))?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/me/tokens/{}", row.id)))
        .json(CreatedToken { token: secret, info: token_info(row)? }))
}

/// Revokes one of my tokens at once.
#[utoipa::path(
    tag = "auth",
    operation_id = "revoke_my_token",
    params(("id" = String, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such live token of mine", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []))
)]
#[delete("/me/tokens/{id}")]
pub async fn revoke_my_token(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require_session()?;
    let id = id.into_inner();
    db::run(&state.pool, move |conn| {
        let Some(row) = token::revoke_for_member(conn, &id, &caller.member.id, now())? else {
            return Err(ApiError::new(ErrorCode::NotFound));
        };
        Ok(caller.audit(conn, AuditAction::TokenRevoked, Some(&row.name), None)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
