//! The OpenAPI document, built from the routes' annotations.

use seed_domain::wire::{CSRF_HEADER, SESSION_COOKIE};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
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
    // Schemas only query parameters name are not collected from the operations.
    components(schemas(seed_domain::Problem, seed_domain::FieldError, seed_domain::ErrorCode, seed_domain::timebank::CsvDialect)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "system", description = "Liveness and readiness"),
        (name = "auth", description = "Signing in with Google Workspace, sessions, integrator tokens"),
        (name = "members", description = "Members, for staff and admins"),
        (name = "ledger", description = "The time bank: TS accounts, statements, payments, reversals, adjustments. \
            Amounts are integers of hundredths of a TS. Requests that move TS need an `Idempotency-Key`."),
        (name = "exchanges", description = "Offers and wants, exchanges between members, evaluations, notifications"),
        (name = "admin", description = "Audit log and settings, for admins"),
        (name = "public", description = "What anyone may read"),
    )
)]
pub struct ApiDoc;

/// `session`: the browser's cookie (state-changing requests also need the `X-SEED-CSRF`
/// header). `bearer`: an integrator token; its scopes are `read` (GET), `write` (the rest),
/// `staff` (staff's powers) and `admin` (admins' powers). An operation whose `security` does
/// not list `bearer` takes a browser session only.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE.secure,
                format!(
                    "The session cookie set at sign-in (`{}` on local HTTP). State-changing \
                     requests must also send the header `{CSRF_HEADER}: 1`.",
                    SESSION_COOKIE.local
                )
                .as_str(),
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An integrator token (`seed_...`) created in \"Mon compte\". Scopes: `read` \
                         for GET, `write` for the rest; on top, `staff` for staff's powers (staff \
                         and admins only: every staff operation, reads included, and what staff \
                         see of others' accounts and exchanges) and `admin` for admin operations \
                         (admins only; it does not imply `staff`). Operations whose security does \
                         not list `bearer` take a browser session only: creating and revoking \
                         tokens, ending sessions, signing out.",
                    ))
                    .build(),
            ),
        );
    }
}

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
        // The directory at run time: a target directory shared by two checkouts keeps the
        // compile-time one of whichever built it.
        let path = format!(
            "{}/../../openapi/openapi.json",
            std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
        );
        let current = super::spec_json();
        if std::env::var_os("SEED_UPDATE_OPENAPI").is_some() {
            std::fs::write(&path, &current).expect("write openapi/openapi.json");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == current,
            "openapi/openapi.json is out of date: run `./scripts/openapi` and commit the result"
        );
    }
}
