//! Liveness and readiness.

use crate::auth::MaybeCaller;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::startup::AppState;
use actix_web::{HttpResponse, get, web};
use seed_domain::system::{Health, Ready};

/// The process is up.
#[utoipa::path(
    tag = "system",
    operation_id = "get_health",
    responses((status = 200, description = "SEED is running", body = Health)),
    security(())
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>, caller: MaybeCaller) -> web::Json<Health> {
    web::Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        mode: tell(&state, &caller).then(|| state.config.mode.as_str().to_owned()),
    })
}

/// What a production server says of itself only to its members: an anonymous scanner learns
/// nothing of the mode or the database.
fn tell(state: &AppState, caller: &MaybeCaller) -> bool {
    state.config.is_demo() || caller.0.is_some()
}

/// The database is reachable and every migration is applied.
#[utoipa::path(
    tag = "system",
    operation_id = "get_ready",
    responses(
        (status = 200, description = "Ready to serve", body = Ready),
        (status = 503, description = "The database is unreachable or not migrated", body = seed_domain::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>, caller: MaybeCaller) -> ApiResult<HttpResponse> {
    let applied = db::run(&state.pool, |conn| {
        db::migrations_applied(conn).map_err(|e| ApiError::Unavailable(anyhow::anyhow!("{e}")))
    })
    .await?;
    if !applied {
        return Err(ApiError::Unavailable(anyhow::anyhow!("migrations are pending")));
    }
    Ok(HttpResponse::Ok().json(Ready {
        status: "ready".to_owned(),
        database: tell(&state, &caller).then(|| state.config.database_kind().to_owned()),
    }))
}
