//! Liveness and readiness.

use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
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
pub async fn get_health(state: web::Data<AppState>) -> web::Json<Health> {
    web::Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        mode: tell(&state).then(|| state.config.mode.as_str().to_owned()),
    })
}

/// A production server says nothing of its mode or database to anyone here (probes look up
/// no credential, so they never touch the database nor count as refusals); a demo says it is
/// one.
fn tell(state: &AppState) -> bool {
    state.config.is_demo()
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
pub async fn get_ready(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let applied = db::run(&state.pool, |conn| {
        db::migrations_applied(conn).map_err(|e| ApiError::Unavailable(anyhow::anyhow!("{e}")))
    })
    .await?;
    if !applied {
        return Err(ApiError::Unavailable(anyhow::anyhow!("migrations are pending")));
    }
    Ok(HttpResponse::Ok().json(Ready {
        status: "ready".to_owned(),
        database: tell(&state).then(|| db::Backend::of_url(&state.config.database_url).as_str().to_owned()),
    }))
}
