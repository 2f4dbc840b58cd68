//! The OpenAPI document, built from the routes' annotations.

use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "SEED API",
        description = "The API of SEED, the members' extranet of AMT. TS amounts are integers \
                       of hundredths of a TS (`1250` is 12,50 TS). Errors are \
                       `application/problem+json` with a stable `code`.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(seed_domain::Problem, seed_domain::FieldError, seed_domain::ErrorCode)),
    tags(
        (name = "system", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

/// The document as served at `/api/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api").configure(crate::routes::configure))
        .split_for_parts();
    api
}

/// The document as committed in `openapi/openapi.json`.
pub fn spec_json() -> String {
    let mut text = spec().to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_openapi_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
        let current = super::spec_json();
        if std::env::var_os("SEED_UPDATE_OPENAPI").is_some() {
            std::fs::write(path, &current).expect("write openapi/openapi.json");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == current,
            "openapi/openapi.json is out of date: run `./scripts/openapi` and commit the result"
        );
    }
}
