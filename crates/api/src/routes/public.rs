//! What anyone may read, signed in or not: the time bank's rules and the legal notice.

use crate::db;
use crate::error::ApiResult;
use crate::settings;
use crate::state::AppState;
use actix_web::{get, web};
use seed_domain::admin::LegalNotice;
use seed_domain::ledger::TsRules;

/// The time bank's rules, for everyone: they are the association's published rules (the home
/// page shows the welcome grant, forms show the rate and the limits).
#[utoipa::path(
    tag = "public",
    operation_id = "get_ts_rules",
    responses((status = 200, description = "The rules", body = TsRules)),
    security(())
)]
#[get("/public/ts_rules")]
pub async fn get_ts_rules(state: web::Data<AppState>) -> ApiResult<web::Json<TsRules>> {
    Ok(web::Json(db::run(&state.pool, |conn| Ok(settings::ts_rules(conn)?)).await?))
}

/// The legal notice ("mentions légales"), for everyone.
#[utoipa::path(
    tag = "public",
    operation_id = "get_legal_notice",
    responses((status = 200, description = "The notice (empty text until an admin writes it)", body = LegalNotice)),
    security(())
)]
#[get("/public/legal")]
pub async fn get_legal_notice(state: web::Data<AppState>) -> ApiResult<web::Json<LegalNotice>> {
    let text = db::run(&state.pool, |conn| Ok(settings::legal_notice(conn)?)).await?;
    Ok(web::Json(LegalNotice { text }))
}
