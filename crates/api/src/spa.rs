//! Serves the built SPA (Trunk's `dist/`) with a history fallback, and the security headers
//! every response carries.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};

/// The placeholder Trunk writes where each page needs a fresh nonce (`create_nonce = true`).
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// `dist/index.html`, read once at start-up; `None` when the SPA was not built.
#[derive(Debug, Clone)]
pub struct IndexPage(pub Option<String>);

impl IndexPage {
    pub fn load(web_dir: &str) -> IndexPage {
        IndexPage(std::fs::read_to_string(std::path::Path::new(web_dir).join("index.html")).ok())
    }
}

fn fresh_nonce() -> String {
    format!("{:032x}", rand::random::<u128>())
}

fn spa_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Any GET outside `/api` that is not a file of `dist/`: the SPA's page, whose router shows
/// the right view, so deep links survive a reload.
pub async fn index(page: web::Data<IndexPage>, _req: HttpRequest) -> HttpResponse {
    match &page.0 {
        Some(template) => {
            let nonce = fresh_nonce();
            HttpResponse::Ok()
                .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .insert_header((header::CONTENT_SECURITY_POLICY, spa_csp(&nonce)))
                .body(template.replace(NONCE_PLACEHOLDER, &nonce))
        }
        None => HttpResponse::ServiceUnavailable()
            .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
            .body("SEED's web app is not built. Run ./scripts/run, or build it with `trunk build`.\n"),
    }
}

/// Headers on every response, errors included. The SPA's page sets its own CSP (with the
/// nonce); Swagger UI needs its inline styles; everything else gets the strictest policy.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let hsts = !req.app_data::<web::Data<AppState>>().map(|s| s.config.is_local_http()).unwrap_or(true);
    let docs = req.path().starts_with("/api/docs");
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if docs {
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        } else {
            "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // SEED uses no device feature, and no other window keeps a handle on its pages.
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    Ok(res)
}
