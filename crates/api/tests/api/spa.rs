//! The built SPA is served with a history fallback and a fresh CSP nonce per page; its hashed
//! files precompressed and cached for a year.

use crate::helpers::spawn_app;

fn nonce_of(html: &str) -> String {
    let start = html.find("nonce=\"").expect("a nonce") + 7;
    html[start..start + 32].to_owned()
}

#[tokio::test]
async fn deep_links_get_the_app_page_with_a_fresh_nonce() {
    let app = spawn_app().await;
    let mut nonces = Vec::new();
    for path in ["/", "/compte", "/membres/quelqu-un"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert_eq!(response.headers()["cache-control"], "no-cache");
        let html = response.text().await.unwrap();
        assert!(!html.contains("TRUNK NONCE"), "placeholder left in {path}");
        let nonce = nonce_of(&html);
        assert!(nonce.bytes().all(|b| b.is_ascii_hexdigit()), "{nonce}");
        assert!(csp.contains(&format!("'nonce-{nonce}'")), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "each page gets its own nonce");
}

#[tokio::test]
async fn public_paths_get_the_public_entry_and_old_addresses_move_there() {
    let app = spawn_app().await;
    for path in ["/public/confidentialite", "/public/mentions-legales", "/public/nowhere", "/public"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        let html = response.text().await.unwrap();
        assert!(html.contains("/public/public.js"), "{path} gets the public entry");
        assert!(csp.contains(&format!("'nonce-{}'", nonce_of(&html))), "{path}: {csp}");
    }
    for path in ["/publications", "/compte"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(html.contains("/app.js") && !html.contains("public.js"), "{path} gets the members' app");
    }
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (from, to) in
        [("/confidentialite", "/public/confidentialite"), ("/mentions-legales", "/public/mentions-legales")]
    {
        let response = client.get(app.url(from)).send().await.unwrap();
        assert_eq!(response.status(), 308, "{from}");
        assert_eq!(response.headers()["location"], to);
    }
    // The entry's page goes only with a fresh nonce, never as a file with the placeholder.
    assert!(!app.get("/public/index.html").await.text().await.unwrap().contains("TRUNK NONCE"));
}

#[tokio::test]
async fn assets_are_served_as_files() {
    let app = spawn_app().await;
    let response = app.get("/app.js").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert!(response.text().await.unwrap().contains("export default"));
}

#[tokio::test]
async fn hashed_assets_go_precompressed_and_cached_for_a_year() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let path = "/seed-web-0123456789abcdef_bg.wasm";
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", "br", "brotli"),
        ("gzip, br;q=0", "gzip", "gzip"),
        ("identity", "", "wasm"),
    ] {
        let r = client.get(app.url(path)).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(r.status(), 200, "{accept}");
        assert_eq!(r.headers()["content-type"], "application/wasm");
        let sent = r.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(sent.unwrap_or_default(), encoding, "{accept}");
        assert_eq!(r.headers()["vary"], "Accept-Encoding");
        assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(r.text().await.unwrap(), body, "{accept}");
    }
    // An unhashed file may change: the browser asks again each time.
    let r = client.get(app.url("/app.js")).send().await.unwrap();
    assert_eq!(r.headers()["cache-control"], "no-cache");
    // The precompressed copies themselves, and anything else, are not files to download.
    for other in ["/seed-web-0123456789abcdef_bg.wasm.br", "/index.html.bak"] {
        let r = client.get(app.url(other)).send().await.unwrap();
        assert!(r.text().await.unwrap().contains("<!DOCTYPE html>"), "{other} falls back to the app's page");
    }
    let r = client.post(app.url("/app.js")).send().await.unwrap();
    assert_eq!(r.status(), 405);
}
