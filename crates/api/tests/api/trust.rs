//! Trust hardening: demo mode serves only its own machine, the return path after sign-in
//! never leaves the site, staff cannot act over admins, and a production server tells
//! anonymous callers nothing about itself.

use crate::helpers::{
    ALEX, CAMILLE, Landing, SAMI, TestApp, assert_problem, browser, spawn_app, spawn_app_with,
};
use crate::issuer::{AuthorizeRequest, Signing};
use serde_json::Value;

#[tokio::test]
async fn a_demo_server_refuses_whatever_a_proxy_sends_or_another_host_name() {
    let app = spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_owned();
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.7".to_owned()),
        ("x-forwarded-host", "seed.amt.example".to_owned()),
        ("x-forwarded-proto", "https".to_owned()),
        ("forwarded", "for=203.0.113.7;proto=https".to_owned()),
        ("host", "seed.amt.example".to_owned()),
        ("host", format!("seed.amt.example:{port}")),
        ("host", format!("10.0.0.8:{port}")),
    ] {
        for path in ["/api/health", "/api/auth/demo", "/", "/compte"] {
            let response = app.client.get(app.url(path)).header(name, &value).send().await.unwrap();
            assert_problem(response, 403, "demo_local_only").await;
        }
        // The very attack: a demo sign-in as the admin through a proxy.
        let sign_in = browser()
            .post(app.url("/api/auth/demo"))
            .header(name, &value)
            .header("x-seed-csrf", "1")
            .json(&serde_json::json!({ "email": ALEX }))
            .send()
            .await
            .unwrap();
        let refused = sign_in.headers().get("set-cookie").is_none();
        assert_problem(sign_in, 403, "demo_local_only").await;
        assert!(refused, "no session through {name}: {value}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "localhost".into(),
    ] {
        let response = app.client.get(app.url("/api/health")).header("host", &host).send().await.unwrap();
        assert_eq!(response.status(), 200, "{host}");
    }
}

#[tokio::test]
async fn every_member_a_demo_server_creates_is_marked_demo() {
    let app = spawn_app().await;
    // A first admin by Google sign-in, and a member added by an admin, during a demo.
    assert!(matches!(
        app.google_sign_in(&browser(), "first.admin@amt.example", "google-first").await,
        Landing::SignedIn(_)
    ));
    let admin = app.demo_browser(ALEX).await;
    let added = admin
        .post(app.url("/api/members"))
        .header("x-seed-csrf", "1")
        .json(&serde_json::json!({ "email": "new.person@amt.example", "display_name": "Nouvelle", "role": "member" }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let members = seed_api::db::member::list_all(&mut app.conn()).unwrap();
    assert!(members.len() >= 6, "{members:?}");
    assert!(members.iter().all(|m| m.demo), "{members:?}");
    assert_eq!(seed_api::db::member::count_not_demo(&mut app.conn()).unwrap(), 0);
}

/// Starts a Google sign-in with `return_to` and finishes it: where the browser is sent.
async fn landing_after_sign_in(app: &TestApp, return_to: &str) -> Landing {
    let b = browser();
    let login = b.get(app.url("/api/auth/login")).query(&[("return_to", return_to)]).send().await.unwrap();
    assert_eq!(login.status(), 303);
    let request = AuthorizeRequest::parse(login.headers()["location"].to_str().unwrap());
    let claims = app.issuer.claims(CAMILLE, "google-camille", request.get("nonce"));
    let code = app.issuer.grant(request.get("code_challenge"), claims, Signing::Issuer);
    app.callback(&b, &format!("code={code}&state={}", request.get("state"))).await
}

#[tokio::test]
async fn the_return_path_after_sign_in_never_leaves_the_site() {
    let app = spawn_app().await;
    assert_eq!(
        landing_after_sign_in(&app, "/echanges?vue=2").await,
        Landing::SignedIn("/echanges?vue=2".into())
    );
    for attack in [
        "/\t/evil.example/x",
        "/\r\n/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "javascript:alert(1)",
        "https://evil.example/",
    ] {
        // Signed in (a CR/LF used to break the redirect after the session was written), and
        // sent home.
        assert_eq!(landing_after_sign_in(&app, attack).await, Landing::SignedIn("/".into()), "{attack:?}");
    }
}

#[tokio::test]
async fn only_admins_unlink_an_admin() {
    let app = spawn_app().await;
    let staff = app.demo_browser(SAMI).await;
    let admin_id = seed_api::db::member::find_by_email(&mut app.conn(), ALEX).unwrap().unwrap().id;
    let refused = staff
        .post(app.url(&format!("/api/members/{admin_id}/unlink_google")))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    let body = assert_problem(refused, 403, "not_allowed").await;
    assert_eq!(body["params"]["reason"], "admin_needed");
    assert!(!app.audit().iter().any(|r| r.action.as_str() == "google_unlinked"));
    let admin = app.demo_browser(ALEX).await;
    let camille_id = seed_api::db::member::find_by_email(&mut app.conn(), CAMILLE).unwrap().unwrap().id;
    for (who, id) in [(&staff, &camille_id), (&admin, &admin_id)] {
        let done = who
            .post(app.url(&format!("/api/members/{id}/unlink_google")))
            .header("x-seed-csrf", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 200);
    }
}

#[tokio::test]
async fn a_production_server_tells_anonymous_callers_nothing_about_itself() {
    let app =
        spawn_app_with(&[("SEED_MODE", "production"), ("SEED_PUBLIC_URL", "https://seed.amt.example")]).await;
    let health: Value = app.get_as(&app.client, "/api/health").await;
    assert_eq!(health["status"], "ok");
    assert!(health.get("mode").is_none(), "{health}");
    let ready: Value = app.get_as(&app.client, "/api/ready").await;
    assert_eq!(ready["status"], "ready");
    assert!(ready.get("database").is_none(), "{ready}");
    // Behind a proxy, production answers (the demo guard is demo mode's alone).
    let proxied =
        app.client.get(app.url("/api/health")).header("x-forwarded-for", "203.0.113.7").send().await.unwrap();
    assert_eq!(proxied.status(), 200);
}

#[tokio::test]
async fn every_response_carries_the_isolation_headers() {
    let app = spawn_app().await;
    for path in ["/", "/api/health", "/api/nope", "/api/docs/"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["cross-origin-opener-policy"], "same-origin", "{path}");
        assert!(headers["permissions-policy"].to_str().unwrap().contains("camera=()"), "{path}");
    }
}

#[tokio::test]
async fn a_flood_of_bogus_credentials_writes_a_handful_of_audit_rows() {
    let app = spawn_app().await;
    // Camille is signed in from the same address before the flood.
    let camille = app.demo_browser(CAMILLE).await;
    assert_eq!(camille.get(app.url("/api/me")).send().await.unwrap().status(), 200);
    let before = app.audit().len();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    let requests = 10_000;
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..16 {
        let (client, url) = (app.client.clone(), app.url("/api/me"));
        tasks.spawn(async move {
            let mut seen = Vec::new();
            for i in (worker..requests).step_by(16) {
                // Half bogus bearers, half bogus session cookies.
                let request = if i % 2 == 0 {
                    client.get(&url).header("authorization", format!("Bearer seed_bogus{i}"))
                } else {
                    client.get(&url).header("cookie", format!("seed_session=bogus{i}"))
                };
                seen.push(request.send().await.unwrap().status().as_u16());
            }
            seen
        });
    }
    while let Some(seen) = tasks.join_next().await {
        for status in seen.unwrap() {
            *statuses.entry(status).or_default() += 1;
        }
    }
    assert_eq!(statuses.values().sum::<usize>(), requests);
    // 5 refusals a minute are answered, then 429 (a slow run may cross into the next minute).
    let answered = statuses.get(&401).copied().unwrap_or(0);
    assert!([5, 10].contains(&answered), "{statuses:?}");
    assert_eq!(statuses.get(&429), Some(&(requests - answered)), "{statuses:?}");
    let written: Vec<_> = app.audit().into_iter().skip(before).collect();
    assert!((1..=3).contains(&written.len()), "a handful of rows, not {}: {written:?}", written.len());
    assert_eq!(written[0].action.as_str(), "access_refused");
    // A 429 says when to come back.
    let throttled = app.client.get(app.url("/api/me")).bearer_auth("seed_bogus").send().await.unwrap();
    let retry: u64 = throttled.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // A credential accepted this minute is still looked up from the throttled address: its
    // member is not locked out by the flood.
    assert_eq!(camille.get(app.url("/api/me")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_minute_of_refusals_is_one_row_with_its_count() {
    let app = spawn_app().await;
    let tally = seed_api::auth::ratelimit::RefusalTally {
        address: "2001:db8:1:2::/64".into(),
        count: 9_995,
        code: seed_domain::ErrorCode::NotSignedIn,
        path: "/api/me".into(),
    };
    seed_api::audit::record_refusal_tallies(&mut app.conn(), &[tally]).unwrap();
    let row = app.audit().pop().unwrap();
    assert_eq!(row.action.as_str(), "access_refused");
    assert_eq!(row.detail.as_deref(), Some("not_signed_in ×9995 in one minute"));
    assert_eq!(row.ip.as_deref(), Some("2001:db8:1:2::/64"));
}

#[tokio::test]
async fn a_dead_session_cookie_is_cleared_so_it_stops_counting_as_a_refusal() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    // The session ends on the server (idle, or signed out elsewhere); the browser keeps the cookie.
    {
        use diesel::prelude::*;
        diesel::delete(seed_api::db::schema::sessions::table).execute(&mut *app.conn()).unwrap();
    }
    let refused = camille.get(app.url("/api/me")).send().await.unwrap();
    let cleared = refused.headers().get_all("set-cookie").iter().any(|c| {
        let c = c.to_str().unwrap();
        c.starts_with("seed_session=;") && c.contains("Max-Age=0")
    });
    assert_problem(refused, 401, "not_signed_in").await;
    assert!(cleared, "the dead cookie is removed");
    // The browser no longer sends it: no more refusals, however many pages it loads.
    for _ in 0..10 {
        assert_problem(camille.get(app.url("/api/me")).send().await.unwrap(), 401, "not_signed_in").await;
    }
    let refusals = app.audit().iter().filter(|r| r.action.as_str() == "access_refused").count();
    assert_eq!(refusals, 1);
}
