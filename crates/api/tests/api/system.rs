//! `/api/health`, `/api/ready`, request ids, security headers and the OpenAPI document: what
//! monitoring and integrators meet first.

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn health_says_ok_with_version_and_mode() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["mode"], "demo");
}

#[tokio::test]
async fn ready_names_the_database() {
    let app = spawn_app().await;
    let response = app.get("/api/ready").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], if app.db.is_postgres() { "postgresql" } else { "sqlite" });
}

#[tokio::test]
async fn a_request_id_from_a_proxy_is_kept_and_a_bad_one_replaced() {
    let app = spawn_app().await;
    let kept = app.client.get(app.url("/api/health")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "abc-123");
    let replaced =
        app.client.get(app.url("/api/health")).header("x-request-id", "<script>").send().await.unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "<script>");
}

#[tokio::test]
async fn unknown_api_routes_are_404_problems() {
    let app = spawn_app().await;
    for path in ["/api/nope", "/api/", "/api/health/extra", "/api/members/123/whatever"] {
        assert_problem(app.get(path).await, 404, "not_found").await;
    }
    let post = app.client.post(app.url("/api/nope")).json(&serde_json::json!({})).send().await.unwrap();
    assert_problem(post, 404, "not_found").await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/api/health", "/api/nope", "/", "/app.js"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{path}: {csp}");
        // Local HTTP: HSTS would lock a browser out of http://127.0.0.1.
        assert!(!headers.contains_key("strict-transport-security"), "{path}");
    }
}

#[tokio::test]
async fn openapi_is_served_and_matches_the_committed_file() {
    let app = spawn_app().await;
    let served: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}/../../openapi/openapi.json", crate::helpers::manifest_dir()))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(served, committed, "openapi/openapi.json is out of date: run ./scripts/openapi");
    assert!(served["paths"]["/api/health"]["get"]["operationId"] == "get_health");
}

#[tokio::test]
async fn interactive_docs_are_served_by_seed_itself() {
    let app = spawn_app().await;
    let redirect = app.get("/api/docs").await;
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "/api/docs/");
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Every asset the page loads is local: nothing from a CDN.
    assert!(!html.contains("https://"), "{html}");
    let bundle = app.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
}
