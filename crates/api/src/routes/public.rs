//! What anyone may read, signed in or not: the time bank's rules, the legal notice, and the
//! texts of a language.

use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::settings;
use crate::state::AppState;
use crate::texts;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use seed_domain::admin::LegalNotice;
use seed_domain::ledger::TsRules;
use seed_domain::{ErrorCode, Problem};

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

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TextsQuery {
    /// The fingerprint of the keys' order the caller numbers its texts by.
    #[param(pattern = "^[0-9a-f]{16}$")]
    pub keys: Option<String>,
}

/// The texts of a language, in the order of the catalogue's keys: the SPA carries French
/// compiled in and loads English only for someone who reads it. Revalidated by `ETag`.
#[utoipa::path(
    tag = "public",
    operation_id = "get_texts",
    params(("lang" = String, Path, description = "`fr` or `en`", pattern = "^(fr|en)$"), TextsQuery),
    responses(
        (status = 200, description = "The texts, in key order", body = Vec<String>),
        (status = 304, description = "Unchanged since the `ETag` sent in `If-None-Match`"),
        (status = 409, description = "The keys' order is not the one `keys` names: the page was built from another catalogue", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such language", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/public/texts/{lang}")]
pub async fn get_texts(
    req: HttpRequest,
    lang: web::Path<String>,
    query: web::Query<TextsQuery>,
) -> ApiResult<HttpResponse> {
    let texts = match lang.as_str() {
        "fr" => &*texts::FRENCH,
        "en" => &*texts::ENGLISH,
        _ => return Err(ApiError::new(ErrorCode::NotFound)),
    };
    if query.keys.as_ref().is_some_and(|keys| *keys != texts.keys) {
        return Err(ApiError::with_detail(ErrorCode::Conflict, "the catalogue changed: reload the page"));
    }
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        // A proxy may weaken the tag (`W/"…"`); `*` matches any.
        .is_some_and(|tags| {
            tags.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == texts.etag)
        });
    let mut response = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((header::ETAG, texts.etag.clone()))
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    Ok(if unchanged { response.finish() } else { response.json(texts.in_key_order()) })
}
