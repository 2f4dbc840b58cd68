//! Separation of duties (nobody acts as staff on what they are party to; large adjustments
//! need an admin), the `staff` scope of tokens, and what only a browser session may do.

use crate::helpers::{ALEX, CAMILLE, LEA, SAMI, TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

/// A state-changing request as a browser (CSRF header) with a fresh idempotency key.
async fn post(app: &TestApp, b: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
    b.post(app.url(path))
        .header("x-seed-csrf", "1")
        .header("idempotency-key", uuid::Uuid::now_v7().to_string())
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn refused_because(response: reqwest::Response, reason: &str) {
    let body = assert_problem(response, 403, "not_allowed").await;
    assert_eq!(body["params"]["reason"], reason, "{body}");
}

async fn set_limits(app: &TestApp, b: &reqwest::Client, account: &str) -> reqwest::Response {
    app.put_as(
        b,
        &format!("/api/accounts/{account}/limits"),
        json!({ "floor": -1_000_000, "ceiling": 1_000_000 }),
    )
    .await
}

#[tokio::test]
async fn nobody_acts_as_staff_on_their_own_account_admins_included() {
    let app = spawn_app().await;
    let sami = app.demo_browser(SAMI).await;
    let lea = app.demo_browser(LEA).await;
    let alex = app.demo_browser(ALEX).await;
    let (sami_account, camille_account) = (app.account_id(SAMI), app.account_id(CAMILLE));

    // Raising one's own limits, crediting oneself: refused, whoever asks.
    refused_because(set_limits(&app, &sami, &sami_account).await, "own_account").await;
    refused_because(set_limits(&app, &alex, &app.account_id(ALEX)).await, "own_account").await;
    let mint = json!({ "account": sami_account, "amount": 500, "reason": "Pour moi" });
    refused_because(post(&app, &sami, "/api/adjustments", mint).await, "own_account").await;
    let mint = json!({ "account": app.account_id(ALEX), "amount": 500, "reason": "Pour moi" });
    refused_because(post(&app, &alex, "/api/adjustments", mint).await, "own_account").await;
    // Another staff person may.
    assert_eq!(set_limits(&app, &lea, &sami_account).await.status(), 200);

    // A large adjustment needs an admin (20 TS by default).
    let large = json!({ "account": camille_account, "amount": 2001, "reason": "Bénévolat" });
    refused_because(post(&app, &sami, "/api/adjustments", large.clone()).await, "admin_needed").await;
    let large_down = json!({ "account": camille_account, "amount": -2001, "reason": "Correction" });
    refused_because(post(&app, &sami, "/api/adjustments", large_down).await, "admin_needed").await;
    assert_eq!(post(&app, &alex, "/api/adjustments", large).await.status(), 201);
    let small = json!({ "account": camille_account, "amount": 2000, "reason": "Bénévolat" });
    let adjustment: Value = post(&app, &sami, "/api/adjustments", small).await.json().await.unwrap();
    assert_eq!(adjustment["amount"], 2000);

    // Sami pays Camille: he may not reverse his own payment; Léa may. His own adjustment of
    // Camille he may reverse: he is not a party to it.
    let paid: Value = post(
        &app,
        &sami,
        "/api/transfers",
        json!({ "to_account": camille_account, "amount": 100, "memo": "Merci" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let paid_id = paid["id"].as_str().unwrap();
    let reverse = |id: &str| format!("/api/transfers/{id}/reverse");
    let why = json!({ "reason": "Erreur" });
    refused_because(post(&app, &sami, &reverse(paid_id), why.clone()).await, "party_to_transfer").await;
    let camille = app.demo_browser(CAMILLE).await;
    assert_problem(post(&app, &camille, &reverse(paid_id), why.clone()).await, 403, "not_allowed").await;
    assert_eq!(post(&app, &lea, &reverse(paid_id), why.clone()).await.status(), 201);
    let adjustment_id = adjustment["id"].as_str().unwrap();
    assert_eq!(post(&app, &sami, &reverse(adjustment_id), why.clone()).await.status(), 201);
    // Undoing an adjustment too large for staff is as large an adjustment: an admin's.
    let large = json!({ "account": camille_account, "amount": 3000, "reason": "Bénévolat" });
    let large: Value = post(&app, &alex, "/api/adjustments", large).await.json().await.unwrap();
    let large_id = large["id"].as_str().unwrap();
    refused_because(post(&app, &sami, &reverse(large_id), why.clone()).await, "admin_needed").await;
    assert_eq!(post(&app, &alex, &reverse(large_id), why).await.status(), 201);
    let check: Value = app.get_as(&alex, "/api/admin/books").await;
    assert_eq!(check["balanced"], true);
}

async fn token(app: &TestApp, b: &reqwest::Client, scopes: &[&str]) -> String {
    let created = app
        .post_as(
            b,
            "/api/me/tokens",
            json!({ "name": "Intégration", "scopes": scopes, "expires_in_days": 30 }),
        )
        .await;
    assert_eq!(created.status(), 201, "{scopes:?}");
    created.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn staff_powers_by_token_need_the_staff_scope() {
    let app = spawn_app().await;
    let sami = app.demo_browser(SAMI).await;
    let alex = app.demo_browser(ALEX).await;
    let camille = app.demo_browser(CAMILLE).await;
    let client = reqwest::Client::new();
    let camille_account = app.account_id(CAMILLE);
    let plain = token(&app, &sami, &["read", "write"]).await;
    let staff = token(&app, &sami, &["read", "write", "staff"]).await;
    let admin_only = token(&app, &alex, &["read", "write", "admin"]).await;
    let get = |secret: &str, path: &str| client.get(app.url(path)).bearer_auth(secret.to_owned()).send();

    // Without `staff`: the token acts as a member, reads included.
    assert_problem(get(&plain, "/api/members").await.unwrap(), 403, "insufficient_scope").await;
    assert_problem(get(&plain, "/api/accounts").await.unwrap(), 403, "insufficient_scope").await;
    assert_problem(get(&plain, "/api/disputes").await.unwrap(), 403, "insufficient_scope").await;
    assert_problem(get(&plain, &format!("/api/accounts/{camille_account}")).await.unwrap(), 404, "not_found")
        .await;
    let adjust = |secret: &str| {
        client
            .post(app.url("/api/adjustments"))
            .bearer_auth(secret.to_owned())
            .header("idempotency-key", uuid::Uuid::now_v7().to_string())
            .json(&json!({ "account": camille_account, "amount": 100, "reason": "Intégration" }))
            .send()
    };
    assert_problem(adjust(&plain).await.unwrap(), 403, "insufficient_scope").await;
    // An admin's token without `admin` acts as staff: no adjustment above the threshold.
    let admin_as_staff = token(&app, &alex, &["read", "write", "staff"]).await;
    let large = client
        .post(app.url("/api/adjustments"))
        .bearer_auth(&admin_as_staff)
        .header("idempotency-key", uuid::Uuid::now_v7().to_string())
        .json(&json!({ "account": camille_account, "amount": 2001, "reason": "Intégration" }))
        .send()
        .await
        .unwrap();
    refused_because(large, "admin_needed").await;
    // `admin` does not imply `staff`; it opens admin operations.
    assert_problem(get(&admin_only, "/api/members").await.unwrap(), 403, "insufficient_scope").await;
    assert_eq!(get(&admin_only, "/api/admin/settings").await.unwrap().status(), 200);
    // With `staff`, staff's powers.
    assert_eq!(get(&staff, "/api/members").await.unwrap().status(), 200);
    assert_eq!(get(&staff, &format!("/api/accounts/{camille_account}")).await.unwrap().status(), 200);
    assert_eq!(adjust(&staff).await.unwrap().status(), 201);

    // Members cannot give a token the staff scope.
    let refused = app
        .post_as(
            &camille,
            "/api/me/tokens",
            json!({ "name": "x", "scopes": ["read", "staff"], "expires_in_days": 30 }),
        )
        .await;
    let body = assert_problem(refused, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "staff_scope_for_staff_only");
}

#[tokio::test]
async fn only_a_browser_session_manages_tokens_and_sessions() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let secret = token(&app, &camille, &["read", "write"]).await;
    let client = reqwest::Client::new();
    let tokens: Vec<Value> = client
        .get(app.url("/api/me/tokens"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token_id = tokens[0]["id"].as_str().unwrap().to_owned();
    let sessions: Vec<Value> = client
        .get(app.url("/api/me/sessions"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session_id = sessions[0]["id"].as_str().unwrap().to_owned();
    let attempts = [
        client
            .post(app.url("/api/me/tokens"))
            .json(&json!({ "name": "Enfant", "scopes": ["read", "write"], "expires_in_days": 365 })),
        client.delete(app.url(&format!("/api/me/tokens/{token_id}"))),
        client.delete(app.url(&format!("/api/me/sessions/{session_id}"))),
        client.post(app.url("/api/auth/logout_everywhere")),
        client.post(app.url("/api/auth/logout")),
    ];
    for attempt in attempts {
        refused_because(attempt.bearer_auth(&secret).send().await.unwrap(), "session_only").await;
    }
    // Nothing changed: one token, Camille still signed in.
    let live: Vec<Value> = app.get_as(&camille, "/api/me/tokens").await;
    assert_eq!(live.len(), 1);
    assert_eq!(camille.get(app.url("/api/me")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_openapi_document_says_which_operations_take_a_token_and_which_need_staff() {
    let app = spawn_app().await;
    let spec: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let security = |path: &str, method: &str| spec["paths"][path][method]["security"].clone();
    let takes_bearer = |s: &Value| s.as_array().unwrap().iter().any(|r| r.get("bearer").is_some());
    for (path, method) in [
        ("/api/me/tokens", "post"),
        ("/api/me/tokens/{id}", "delete"),
        ("/api/me/sessions/{id}", "delete"),
        ("/api/auth/logout", "post"),
        ("/api/auth/logout_everywhere", "post"),
    ] {
        assert!(!takes_bearer(&security(path, method)), "{method} {path} is for sessions only");
    }
    assert!(takes_bearer(&security("/api/me/tokens", "get")));
    for (path, method) in [
        ("/api/members", "get"),
        ("/api/adjustments", "post"),
        ("/api/transfers/{id}/reverse", "post"),
        ("/api/accounts/{id}/limits", "put"),
        ("/api/members/{id}/unlink_google", "post"),
    ] {
        let s = security(path, method);
        let scopes = s.as_array().unwrap().iter().find_map(|r| r.get("bearer")).unwrap().clone();
        assert!(scopes.as_array().unwrap().contains(&json!("staff")), "{method} {path}: {scopes}");
    }
}
