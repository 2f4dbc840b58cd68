//! Serves the built SPA (Trunk's `dist/`): its files as built, precompressed (brotli or gzip,
//! whichever the browser takes) and cached for a year when their name carries a content hash;
//! every other path gets the app's page (a history fallback). And the security headers every
//! response carries.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use std::collections::HashMap;
use std::path::Path;

/// The placeholder Trunk writes where each page needs a fresh nonce (`create_nonce = true`).
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// Where the public pages' entry lives (`dist/public/`, built from `crates/web/public.html`):
/// every path under it gets that entry's page, not the members' app.
const PUBLIC_PREFIX: &str = "/public";

/// The public pages' old addresses, from before they had their own entry.
const MOVED: &[(&str, &str)] =
    &[("/confidentialite", "/public/confidentialite"), ("/mentions-legales", "/public/mentions-legales")];

/// The two entries' pages, read once at start-up; `None` when that entry was not built.
#[derive(Debug, Clone)]
pub struct IndexPage {
    app: Option<String>,
    public: Option<String>,
}

impl IndexPage {
    pub fn load(web_dir: &str) -> IndexPage {
        let read = |path: &str| std::fs::read_to_string(Path::new(web_dir).join(path)).ok();
        IndexPage { app: read("index.html"), public: read("public/index.html") }
    }
}

/// One file of `dist/` in the encodings the build wrote (`precompress.mjs`).
#[derive(Debug, Clone)]
struct Asset {
    content_type: &'static str,
    /// A name with Trunk's content hash never changes content: cached for a year.
    immutable: bool,
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// The files of `dist/` by URL path, read once at start-up: only these are served, and
/// nothing is read from disk per request.
#[derive(Debug, Clone, Default)]
pub struct Assets(HashMap<String, Asset>);

impl Assets {
    pub fn load(web_dir: &str) -> Assets {
        let mut files = HashMap::new();
        add_files(Path::new(web_dir), "", &mut files);
        Assets(files)
    }
}

/// The files of `dir` (and its folders, such as wasm-bindgen's `snippets/`) under `prefix`.
fn add_files(dir: &Path, prefix: &str, files: &mut HashMap<String, Asset>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            add_files(&path, &format!("{prefix}/{name}"), files);
            continue;
        }
        let Some(content_type) = content_type(&name) else { continue };
        // Each entry's page is sent with a fresh nonce (`index`), never as a file.
        if name == "index.html" && (prefix.is_empty() || prefix == PUBLIC_PREFIX) {
            continue;
        }
        let Ok(identity) = std::fs::read(&path) else { continue };
        let read = |suffix: &str| std::fs::read(dir.join(format!("{name}.{suffix}"))).ok();
        let asset = Asset {
            content_type,
            immutable: has_content_hash(&name),
            identity: Bytes::from(identity),
            brotli: read("br").map(Bytes::from),
            gzip: read("gz").map(Bytes::from),
        };
        files.insert(format!("{prefix}/{name}"), asset);
    }
}

/// The types of what Trunk writes; anything else in `dist/` is not served.
fn content_type(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.').map(|(_, e)| e)?;
    Some(match extension {
        // `application/wasm` lets the browser compile while it downloads.
        "wasm" => "application/wasm",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "webmanifest" => "application/manifest+json",
        _ => return None,
    })
}

/// Trunk names built files `stem-<16 hex digits>.ext`.
fn has_content_hash(name: &str) -> bool {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `accept` (an `Accept-Encoding` value) takes `coding`: named, or `*`, with a
/// weight above zero (an explicit `coding;q=0` refuses it even when `*` is there).
fn accepts(accept: &str, coding: &str) -> bool {
    let weight_of = |wanted: &str| {
        accept.split(',').find_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            name.eq_ignore_ascii_case(wanted).then(|| {
                parts.find_map(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0)
            })
        })
    };
    weight_of(coding).or_else(|| weight_of("*")).is_some_and(|q| q > 0.0)
}

/// Any request outside `/api`: a file of `dist/`, or else the app's page.
pub async fn serve(assets: web::Data<Assets>, page: web::Data<IndexPage>, req: HttpRequest) -> HttpResponse {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "GET, HEAD")).finish();
    }
    let Some(asset) = assets.0.get(req.path()) else {
        return index(page, req).await;
    };
    let accept = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).unwrap_or_default();
    // Brotli, then gzip, each only when the browser takes it and the build wrote it.
    let (body, encoding) = match (&asset.brotli, &asset.gzip) {
        (Some(br), _) if accepts(accept, "br") => (br.clone(), Some("br")),
        (_, Some(gz)) if accepts(accept, "gzip") => (gz.clone(), Some("gzip")),
        _ => (asset.identity.clone(), None),
    };
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, asset.content_type))
        .insert_header((header::VARY, "Accept-Encoding"))
        .insert_header((
            header::CACHE_CONTROL,
            if asset.immutable { "public, max-age=31536000, immutable" } else { "no-cache" },
        ));
    if let Some(encoding) = encoding {
        // With a Content-Encoding, the Compress middleware leaves the body alone.
        response.insert_header((header::CONTENT_ENCODING, encoding));
    }
    response.body(body)
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

/// Any GET outside `/api` that is not a file of `dist/`: the page of the entry the path belongs
/// to, whose router shows the right view, so deep links survive a reload.
async fn index(page: web::Data<IndexPage>, req: HttpRequest) -> HttpResponse {
    let path = req.path();
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    if let Some((_, to)) = MOVED.iter().find(|(from, _)| *from == trimmed) {
        return HttpResponse::PermanentRedirect().insert_header((header::LOCATION, *to)).finish();
    }
    let public =
        path.strip_prefix(PUBLIC_PREFIX).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    match if public { &page.public } else { &page.app } {
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
            .body(
                "This part of SEED's web app is not built. Run ./scripts/run, which builds both entries.\n",
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoding_is_taken_when_named_or_starred_with_a_weight() {
        assert!(accepts("gzip, deflate, br, zstd", "br") && accepts("gzip, deflate, br, zstd", "gzip"));
        assert!(!accepts("gzip, br;q=0", "br") && accepts("gzip, br;q=0", "gzip"));
        assert!(accepts("BR;q=0.5", "br"));
        assert!(!accepts("br, gzip;q=0", "gzip"), "refused gzip is never sent, even without brotli");
        assert!(!accepts("deflate", "gzip") && !accepts("", "br"));
        assert!(accepts("*", "br") && !accepts("*, br;q=0", "br") && !accepts("*;q=0", "gzip"));
    }

    #[test]
    fn only_trunk_hashed_names_are_immutable() {
        assert!(has_content_hash("seed-web-c498dfc8fd4bdc02_bg.wasm"));
        assert!(has_content_hash("seed-web-c498dfc8fd4bdc02.js"));
        assert!(has_content_hash("pico.min-bdb11984782e53e9.css"));
        assert!(!has_content_hash("app.js"));
        assert!(!has_content_hash("favicon-x.ico"));
    }
}
