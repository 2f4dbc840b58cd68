//! My account: sessions and integrator tokens, and what a token may do.

use crate::helpers::{ALEX, CAMILLE, SAMI, assert_problem, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn me_is_401_problem_when_signed_out() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/me").await, 401, "not_signed_in").await;
}

#[tokio::test]
async fn i_see_and_end_my_sessions_and_only_mine() {
    let app = spawn_app().await;
    let laptop = app.demo_browser(CAMILLE).await;
    let phone = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let sessions: Vec<Value> = app.get_as(&laptop, "/api/me/sessions").await;
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    let other = sessions.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_owned();
    // Sami cannot end Camille's session: it is not his to see.
    let foreign = app.delete_as(&sami, &format!("/api/me/sessions/{other}")).await;
    assert_problem(foreign, 404, "not_found").await;
    let ended = app.delete_as(&laptop, &format!("/api/me/sessions/{other}")).await;
    assert_eq!(ended.status(), 204);
    assert_eq!(phone.get(app.url("/api/me")).send().await.unwrap().status(), 401);
    assert_eq!(laptop.get(app.url("/api/me")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    let a = app.demo_browser(CAMILLE).await;
    let b = app.demo_browser(CAMILLE).await;
    let out = a.post(app.url("/api/auth/logout_everywhere")).header("x-seed-csrf", "1").send().await.unwrap();
    assert_eq!(out.status(), 204);
    for browser in [&a, &b] {
        assert_eq!(browser.get(app.url("/api/me")).send().await.unwrap().status(), 401);
    }
}

async fn create_token(
    app: &crate::helpers::TestApp,
    b: &reqwest::Client,
    scopes: &[&str],
) -> reqwest::Response {
    app.post_as(
        b,
        "/api/me/tokens",
        json!({ "name": "Script de test", "scopes": scopes, "expires_in_days": 30 }),
    )
    .await
}

#[tokio::test]
async fn a_token_is_shown_once_stored_hashed_and_works_as_bearer() {
    let app = spawn_app().await;
    let b = app.demo_browser(CAMILLE).await;
    let created = create_token(&app, &b, &["read", "write"]).await;
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    let secret = body["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("seed_") && secret.len() > 40);
    let listed: Vec<Value> = app.get_as(&b, "/api/me/tokens").await;
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].to_string().contains(&secret), "the list never shows the secret");
    assert!(listed[0]["last_used_at"].is_null());
    let stored = seed_api::db::token::list_live_for_member(
        &mut app.conn(),
        &app.member_id(CAMILLE),
        chrono::Utc::now().naive_utc(),
    )
    .unwrap();
    assert_ne!(stored[0].secret_hash, secret);

    let bearer = reqwest::Client::new();
    let me: Value =
        bearer.get(app.url("/api/me")).bearer_auth(&secret).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], CAMILLE);
    assert_eq!(me["via"], "token");
    // A write with a bearer token needs no CSRF header: no browser sends it on its own.
    let write =
        bearer.post(app.url("/api/me/notifications/read_all")).bearer_auth(&secret).send().await.unwrap();
    assert_eq!(write.status(), 204);
    let listed: Vec<Value> = app.get_as(&b, "/api/me/tokens").await;
    assert!(listed.iter().any(|t| !t["last_used_at"].is_null()), "last use is recorded");
    assert!(app.audit().iter().any(|r| r.action.as_str() == "token_created"));
}

#[tokio::test]
async fn read_tokens_cannot_write_and_revoked_or_expired_tokens_cannot_anything() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let b = app.demo_browser(CAMILLE).await;
    let read: Value = create_token(&app, &b, &["read"]).await.json().await.unwrap();
    let read_secret = read["token"].as_str().unwrap();
    let bearer = reqwest::Client::new();
    let write =
        bearer.post(app.url("/api/auth/logout_everywhere")).bearer_auth(read_secret).send().await.unwrap();
    assert_problem(write, 403, "insufficient_scope").await;
    assert!(app.audited("access_refused", "insufficient_scope"));

    let revoked = b
        .delete(app.url(&format!("/api/me/tokens/{}", read["info"]["id"].as_str().unwrap())))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    assert_problem(
        bearer.get(app.url("/api/me")).bearer_auth(read_secret).send().await.unwrap(),
        401,
        "not_signed_in",
    )
    .await;
    assert!(app.audit().iter().any(|r| r.action.as_str() == "token_revoked"));

    let other: Value = create_token(&app, &b, &["read"]).await.json().await.unwrap();
    use seed_api::db::schema::api_tokens;
    diesel::update(api_tokens::table.find(other["info"]["id"].as_str().unwrap()))
        .set(api_tokens::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1)))
        .execute(&mut *app.conn())
        .unwrap();
    assert_problem(
        bearer.get(app.url("/api/me")).bearer_auth(other["token"].as_str().unwrap()).send().await.unwrap(),
        401,
        "not_signed_in",
    )
    .await;
    assert_problem(
        bearer.get(app.url("/api/me")).bearer_auth("seed_made-up").send().await.unwrap(),
        401,
        "not_signed_in",
    )
    .await;
}

#[tokio::test]
async fn token_requests_are_validated_and_admin_scope_is_for_admins() {
    let app = spawn_app().await;
    let member = app.demo_browser(CAMILLE).await;
    let body =
        assert_problem(create_token(&app, &member, &["read", "admin"]).await, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "admin_scope_for_admins_only");
    let bad = app
        .post_as(&member, "/api/me/tokens", json!({ "name": "", "scopes": [], "expires_in_days": 400 }))
        .await;
    let body = assert_problem(bad, 422, "validation_failed").await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 3);
    let unknown = app
        .post_as(&member, "/api/me/tokens", json!({ "name": "x", "scopes": ["root"], "expires_in_days": 1 }))
        .await;
    assert_problem(unknown, 400, "malformed_json").await;
    let admin = app.demo_browser(ALEX).await;
    assert_eq!(create_token(&app, &admin, &["read", "admin"]).await.status(), 201);
}

#[tokio::test]
async fn an_admin_token_without_the_admin_scope_is_not_enough_for_admin_endpoints() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let plain: Value = create_token(&app, &admin, &["read", "write"]).await.json().await.unwrap();
    let scoped: Value = create_token(&app, &admin, &["read", "admin"]).await.json().await.unwrap();
    let bearer = reqwest::Client::new();
    let refused = bearer
        .get(app.url("/api/admin/audit"))
        .bearer_auth(plain["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_problem(refused, 403, "insufficient_scope").await;
    let allowed = bearer
        .get(app.url("/api/admin/audit"))
        .bearer_auth(scoped["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
}

#[tokio::test]
async fn token_creation_is_rate_limited() {
    let app = crate::helpers::spawn_app_with(&[("SEED_TOKEN_RATE", "2")]).await;
    let b = app.demo_browser(CAMILLE).await;
    assert_eq!(create_token(&app, &b, &["read"]).await.status(), 201);
    assert_eq!(create_token(&app, &b, &["read"]).await.status(), 201);
    let refused = create_token(&app, &b, &["read"]).await;
    assert!(refused.headers().contains_key("retry-after"));
    assert_problem(refused, 429, "rate_limited").await;
}
