//! Signing in with Google: the flow, and every attack of the issue, each refused with a
//! reason, an audit row, and no session.

use crate::helpers::{CAMILLE, Landing, TestApp, assert_problem, browser, spawn_app, spawn_app_with};
use crate::issuer::Signing;
use seed_api::membership::add_member;
use seed_domain::membership::{MemberStatus, Role};
use serde_json::{Value, json};

async fn signed_in(app: &TestApp, b: &reqwest::Client) -> bool {
    b.get(app.url("/api/me")).send().await.unwrap().status() == 200
}

#[tokio::test]
async fn a_member_signs_in_with_google_and_lands_where_they_were_going() {
    let app = spawn_app().await;
    let b = browser();
    let response = b.get(app.url("/api/auth/login?return_to=/compte")).send().await.unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let request = crate::issuer::AuthorizeRequest::parse(&location);
    let claims = app.issuer.claims(CAMILLE, "google-camille", request.get("nonce"));
    let code = app.issuer.grant(request.get("code_challenge"), claims, Signing::Issuer);
    let landing = app.callback(&b, &format!("code={code}&state={}", request.get("state"))).await;
    assert_eq!(landing, Landing::SignedIn("/compte".to_owned()));
    let me: Value = app.get_as(&b, "/api/me").await;
    assert_eq!(me["email"], CAMILLE);
    assert_eq!(me["role"], "member");
    assert_eq!(me["via"], "session");
    assert!(app.audited("sign_in", "google"));
}

#[tokio::test]
async fn every_login_redirect_has_fresh_pkce_s256_state_and_nonce() {
    let app = spawn_app().await;
    let b = browser();
    let first = app.start_login(&b).await;
    let second = app.start_login(&b).await;
    for r in [&first, &second] {
        assert_eq!(r.get("code_challenge_method"), "S256");
        assert_eq!(r.get("code_challenge").len(), 43, "a SHA-256 in base64url");
        assert!(r.get("state").len() >= 22 && r.get("nonce").len() >= 43);
        assert_eq!(r.get("client_id"), crate::issuer::CLIENT_ID);
        assert_eq!(r.get("response_type"), "code");
        assert_eq!(r.get("hd"), crate::issuer::DOMAIN);
        assert!(r.get("scope").split(' ').any(|s| s == "openid"));
        assert!(r.get("redirect_uri").ends_with("/api/auth/callback"));
    }
    assert_ne!(first.get("state"), second.get("state"));
    assert_ne!(first.get("nonce"), second.get("nonce"));
    assert_ne!(first.get("code_challenge"), second.get("code_challenge"));
}

/// An edit of the ID token's claims that removes `claim`.
fn without(claim: &'static str) -> impl FnOnce(&mut Value) {
    move |claims| {
        claims.as_object_mut().unwrap().remove(claim);
    }
}

/// An ID token with one thing wrong, and the reason SEED must give.
async fn refused_with(app: &TestApp, edit: impl FnOnce(&mut Value), signing: Signing, reason: &str) {
    let b = browser();
    let landing = app.google_sign_in_with(&b, CAMILLE, "google-camille", edit, signing).await;
    assert_eq!(landing, Landing::Refused(reason.to_owned()));
    assert!(!signed_in(app, &b).await, "{reason}: no session");
    assert!(app.audited("sign_in_failed", reason), "{reason}: audited");
}

#[tokio::test]
async fn tokens_from_outside_the_workspace_are_refused() {
    let app = spawn_app().await;
    refused_with(&app, |c| c["hd"] = json!("evil.example"), Signing::Issuer, "wrong_domain").await;
    // A personal gmail account has no hd at all.
    refused_with(&app, without("hd"), Signing::Issuer, "wrong_domain").await;
    refused_with(&app, |c| c["email_verified"] = json!(false), Signing::Issuer, "email_not_verified").await;
    refused_with(&app, without("email_verified"), Signing::Issuer, "email_not_verified").await;
    refused_with(&app, |c| c["email_verified"] = json!("true"), Signing::Issuer, "email_not_verified").await;
}

#[tokio::test]
async fn tokens_with_bad_dates_audience_or_issuer_are_refused() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp();
    refused_with(&app, |c| c["exp"] = json!(now - 600), Signing::Issuer, "invalid_token").await;
    refused_with(&app, without("exp"), Signing::Issuer, "invalid_token").await;
    refused_with(&app, |c| c["nbf"] = json!(now + 3600), Signing::Issuer, "invalid_token").await;
    refused_with(&app, |c| c["iat"] = json!(now + 3600), Signing::Issuer, "invalid_token").await;
    refused_with(&app, without("iat"), Signing::Issuer, "invalid_token").await;
    refused_with(&app, |c| c["aud"] = json!("another-client"), Signing::Issuer, "invalid_token").await;
    refused_with(&app, without("aud"), Signing::Issuer, "invalid_token").await;
    refused_with(&app, |c| c["iss"] = json!("https://evil.example"), Signing::Issuer, "invalid_token").await;
    refused_with(&app, without("sub"), Signing::Issuer, "invalid_token").await;
}

#[tokio::test]
async fn forged_signatures_are_refused() {
    let app = spawn_app().await;
    refused_with(&app, |_| {}, Signing::OtherKey, "invalid_token").await;
    refused_with(&app, |_| {}, Signing::None, "invalid_token").await;
    refused_with(&app, |_| {}, Signing::Hs256WithPublicKey, "invalid_token").await;
}

#[tokio::test]
async fn a_rotated_key_is_fetched_when_an_unknown_kid_appears() {
    let app = spawn_app().await;
    // The first sign-in caches the keys; then the issuer rotates in a new one.
    assert!(matches!(app.google_sign_in(&browser(), CAMILLE, "google-camille").await, Landing::SignedIn(_)));
    app.issuer.rotate_in_other_key();
    // Within 30 s of the last fetch an unknown kid does not refetch: still refused.
    refused_with(&app, |_| {}, Signing::OtherKey, "invalid_token").await;
    // Past that interval (0 here) the unknown kid refetches the keys and the new key works.
    let app = spawn_app_with(&[("SEED_OIDC_JWKS_REFRESH_SECS", "0")]).await;
    assert!(matches!(app.google_sign_in(&browser(), CAMILLE, "google-camille").await, Landing::SignedIn(_)));
    refused_with(&app, |_| {}, Signing::OtherKey, "invalid_token").await;
    app.issuer.rotate_in_other_key();
    let b = browser();
    let landing = app.google_sign_in_with(&b, CAMILLE, "google-camille", |_| {}, Signing::OtherKey).await;
    assert!(matches!(landing, Landing::SignedIn(_)), "{landing:?}");
}

#[tokio::test]
async fn a_missing_or_wrong_nonce_is_refused() {
    let app = spawn_app().await;
    refused_with(&app, |c| c["nonce"] = json!("not-the-nonce"), Signing::Issuer, "nonce_mismatch").await;
    refused_with(&app, without("nonce"), Signing::Issuer, "nonce_mismatch").await;
}

#[tokio::test]
async fn state_is_usable_once_and_only_in_the_browser_that_started() {
    let app = spawn_app().await;
    let b = browser();
    let request = app.start_login(&b).await;
    let claims = app.issuer.claims(CAMILLE, "google-camille", request.get("nonce"));
    let code = app.issuer.grant(request.get("code_challenge"), claims.clone(), Signing::Issuer);
    let state = request.get("state").to_owned();

    // Another browser with the same state and a valid code: refused, and the state is spent.
    let other = browser();
    assert_eq!(
        app.callback(&other, &format!("code={code}&state={state}")).await,
        Landing::Refused("unknown_state".into())
    );

    // A fresh sign-in finishes once; the same callback again is refused by SEED itself.
    let request = app.start_login(&b).await;
    let claims = app.issuer.claims(CAMILLE, "google-camille", request.get("nonce"));
    let code = app.issuer.grant(request.get("code_challenge"), claims.clone(), Signing::Issuer);
    let query = format!("code={code}&state={}", request.get("state"));
    assert!(matches!(app.callback(&b, &query).await, Landing::SignedIn(_)));
    let requests = app.issuer.token_requests();
    let fresh_code = app.issuer.grant(request.get("code_challenge"), claims, Signing::Issuer);
    let replay = format!("code={fresh_code}&state={}", request.get("state"));
    assert_eq!(app.callback(&b, &replay).await, Landing::Refused("unknown_state".into()));
    assert_eq!(app.issuer.token_requests(), requests, "a replayed state never reaches the issuer");

    // A forged state, and none at all.
    assert_eq!(app.callback(&b, "code=x&state=forged").await, Landing::Refused("unknown_state".into()));
    assert_eq!(app.callback(&b, "code=x").await, Landing::Refused("unknown_state".into()));
    assert!(app.audited("sign_in_failed", "unknown_state"));
}

#[tokio::test]
async fn two_racing_callbacks_finish_one_sign_in_once() {
    let app = spawn_app().await;
    let b = browser();
    let request = app.start_login(&b).await;
    let claims = app.issuer.claims(CAMILLE, "google-camille", request.get("nonce"));
    let first = app.issuer.grant(request.get("code_challenge"), claims.clone(), Signing::Issuer);
    let second = app.issuer.grant(request.get("code_challenge"), claims, Signing::Issuer);
    let state = request.get("state");
    let (q1, q2) = (format!("code={first}&state={state}"), format!("code={second}&state={state}"));
    let (a, c) = tokio::join!(app.callback(&b, &q1), app.callback(&b, &q2));
    let wins = [&a, &c].iter().filter(|l| matches!(l, Landing::SignedIn(_))).count();
    assert_eq!(wins, 1, "{a:?} {c:?}");
}

#[tokio::test]
async fn a_callback_without_code_or_with_a_provider_error_is_refused() {
    let app = spawn_app().await;
    let b = browser();
    let request = app.start_login(&b).await;
    assert_eq!(
        app.callback(&b, &format!("state={}", request.get("state"))).await,
        Landing::Refused("missing_code".into())
    );
    let request = app.start_login(&b).await;
    assert_eq!(
        app.callback(&b, &format!("error=access_denied&state={}", request.get("state"))).await,
        Landing::Refused("provider_error".into())
    );
    assert!(!signed_in(&app, &b).await);
}

#[tokio::test]
async fn a_wrong_pkce_verifier_fails_the_exchange() {
    let app = spawn_app().await;
    let b = browser();
    let request = app.start_login(&b).await;
    let claims = app.issuer.claims(CAMILLE, "google-camille", request.get("nonce"));
    let code = app.issuer.grant("not-the-challenge", claims, Signing::Issuer);
    let landing = app.callback(&b, &format!("code={code}&state={}", request.get("state"))).await;
    assert_eq!(landing, Landing::Refused("exchange_failed".into()));
}

#[tokio::test]
async fn the_same_email_with_a_new_sub_is_refused_until_staff_unlink() {
    let app = spawn_app().await;
    assert!(matches!(app.google_sign_in(&browser(), CAMILLE, "google-camille").await, Landing::SignedIn(_)));
    let b = browser();
    assert_eq!(
        app.google_sign_in(&b, CAMILLE, "someone-else").await,
        Landing::Refused("identity_mismatch".into())
    );
    assert!(!signed_in(&app, &b).await);
    // Staff re-link: unlink, then the new account links at its next sign-in.
    let staff = app.demo_browser(crate::helpers::SAMI).await;
    let camille = seed_api::db::member::find_by_email(&mut app.conn(), CAMILLE).unwrap().unwrap();
    let unlinked = staff
        .post(app.url(&format!("/api/members/{}/unlink_google", camille.id)))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(unlinked.status(), 200);
    assert!(matches!(app.google_sign_in(&b, CAMILLE, "someone-else").await, Landing::SignedIn(_)));
}

#[tokio::test]
async fn people_who_are_not_active_members_get_a_clear_refusal() {
    let app = spawn_app().await;
    assert_eq!(
        app.google_sign_in(&browser(), "stranger@amt.example", "google-stranger").await,
        Landing::Refused("not_a_member".into())
    );
    add_member(
        &mut app.conn(),
        "pending@amt.example",
        "En attente",
        Role::Member,
        MemberStatus::Pending,
        true,
    )
    .unwrap();
    assert_eq!(
        app.google_sign_in(&browser(), "pending@amt.example", "google-pending").await,
        Landing::Refused("membership_not_active".into())
    );
}

#[tokio::test]
async fn the_first_admin_comes_from_configuration() {
    let app = spawn_app().await;
    let b = browser();
    assert!(matches!(
        app.google_sign_in(&b, "first.admin@amt.example", "google-admin").await,
        Landing::SignedIn(_)
    ));
    let me: Value = app.get_as(&b, "/api/me").await;
    assert_eq!(me["role"], "admin");
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_address() {
    let app = spawn_app_with(&[("SEED_SIGN_IN_RATE", "3")]).await;
    let b = browser();
    for _ in 0..3 {
        assert_eq!(b.get(app.url("/api/auth/login")).send().await.unwrap().status(), 303);
    }
    let refused = b.get(app.url("/api/auth/login")).send().await.unwrap();
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert!(refused.headers().contains_key("content-security-policy"), "headers on a 429 too");
    assert_problem(refused, 429, "rate_limited").await;
}

#[tokio::test]
async fn a_session_cookie_is_worthless_after_sign_out() {
    let app = spawn_app().await;
    let b = app.demo_browser(CAMILLE).await;
    let stolen = b.get(app.url("/api/me")).send().await.unwrap();
    assert_eq!(stolen.status(), 200);
    // Keep a copy of the cookie, as a thief would.
    let cookie = {
        let response = browser()
            .post(app.url("/api/auth/demo"))
            .header("x-seed-csrf", "1")
            .json(&json!({ "email": CAMILLE }))
            .send()
            .await
            .unwrap();
        response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
    };
    let with_cookie = || reqwest::Client::new().get(app.url("/api/me")).header("cookie", cookie.clone());
    assert_eq!(with_cookie().send().await.unwrap().status(), 200);
    let out = reqwest::Client::new()
        .post(app.url("/api/auth/logout"))
        .header("cookie", cookie.clone())
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_problem(with_cookie().send().await.unwrap(), 401, "not_signed_in").await;
    assert!(app.audited("access_refused", "not_signed_in"));
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_random() {
    let app = spawn_app().await;
    let response = browser()
        .post(app.url("/api/auth/demo"))
        .header("x-seed-csrf", "1")
        .json(&json!({ "email": CAMILLE }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("seed_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let value = cookie.split(';').next().unwrap().trim_start_matches("seed_session=");
    assert_eq!(value.len(), 43, "256 bits in base64url");
    // The database keeps only a hash of it.
    let rows = seed_api::db::session::list_for_member(
        &mut app.conn(),
        &seed_api::db::member::find_by_email(&mut app.conn(), CAMILLE).unwrap().unwrap().id,
    )
    .unwrap();
    assert!(rows.iter().all(|r| r.secret_hash != value && r.secret_hash.len() == 64));
}

#[tokio::test]
async fn sign_in_renews_the_session_id() {
    let app = spawn_app().await;
    let b = app.demo_browser(CAMILLE).await;
    let before = seed_api::db::session::list_for_member(&mut app.conn(), &app.member_id(CAMILLE)).unwrap();
    assert_eq!(before.len(), 1);
    assert!(matches!(app.google_sign_in(&b, CAMILLE, "google-camille").await, Landing::SignedIn(_)));
    let after = seed_api::db::session::list_for_member(&mut app.conn(), &app.member_id(CAMILLE)).unwrap();
    assert_eq!(after.len(), 1, "the old session was replaced");
    assert_ne!(after[0].id, before[0].id);
    assert!(signed_in(&app, &b).await);
}

#[tokio::test]
async fn idle_and_absolute_expiry_end_sessions_and_the_scheduler_purges_them() {
    use diesel::prelude::*;
    use seed_api::db::schema::sessions;
    let app = spawn_app().await;
    let idle = app.demo_browser(CAMILLE).await;
    let old = app.demo_browser(crate::helpers::SAMI).await;
    let now = chrono::Utc::now().naive_utc();
    diesel::update(sessions::table.filter(sessions::member_id.eq(app.member_id(CAMILLE))))
        .set(sessions::last_seen_at.eq(now - chrono::Duration::days(8)))
        .execute(&mut *app.conn())
        .unwrap();
    diesel::update(sessions::table.filter(sessions::member_id.eq(app.member_id(crate::helpers::SAMI))))
        .set(sessions::expires_at.eq(now - chrono::Duration::seconds(1)))
        .execute(&mut *app.conn())
        .unwrap();
    assert!(!signed_in(&app, &idle).await);
    assert!(!signed_in(&app, &old).await);
    let stale = app.demo_browser(crate::helpers::ALEX).await;
    diesel::update(sessions::table.filter(sessions::member_id.eq(app.member_id(crate::helpers::ALEX))))
        .set(sessions::last_seen_at.eq(now - chrono::Duration::days(30)))
        .execute(&mut *app.conn())
        .unwrap();
    seed_api::scheduler::run_now(&mut app.conn(), "purge_sessions").unwrap();
    let left: i64 = sessions::table.count().get_result(&mut *app.conn()).unwrap();
    assert_eq!(left, 0);
    assert!(!signed_in(&app, &stale).await);
}

#[tokio::test]
async fn a_cross_site_post_with_the_cookie_is_refused() {
    let app = spawn_app().await;
    let b = app.demo_browser(CAMILLE).await;
    let no_header = b.post(app.url("/api/auth/logout")).send().await.unwrap();
    assert_problem(no_header, 403, "csrf_rejected").await;
    let foreign = b
        .post(app.url("/api/auth/logout"))
        .header("x-seed-csrf", "1")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_problem(foreign, 403, "csrf_rejected").await;
    assert!(app.audited("access_refused", "csrf_rejected"));
    assert!(signed_in(&app, &b).await, "still signed in: nothing happened");
    let forged_demo =
        browser().post(app.url("/api/auth/demo")).json(&json!({ "email": CAMILLE })).send().await.unwrap();
    assert_problem(forged_demo, 403, "csrf_rejected").await;
    let same_origin = b
        .post(app.url("/api/auth/logout"))
        .header("x-seed-csrf", "1")
        .header("origin", app.address.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 204);
}

#[tokio::test]
async fn production_has_no_demo_door_and_sends_hsts() {
    let app =
        spawn_app_with(&[("SEED_MODE", "production"), ("SEED_PUBLIC_URL", "https://seed.amt.example")]).await;
    assert_problem(app.get("/api/auth/demo").await, 404, "not_found").await;
    let post = app.post_as(&app.client, "/api/auth/demo", json!({ "email": CAMILLE })).await;
    assert_problem(post, 404, "not_found").await;
    let health = app.get("/api/health").await;
    assert_eq!(health.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    // Outside local HTTP the cookies are __Host- and Secure.
    let login = app.get("/api/auth/login").await;
    let cookie = login.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-seed_sign_in=") && cookie.contains("Secure"), "{cookie}");
}
