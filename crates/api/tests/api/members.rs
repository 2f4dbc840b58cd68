//! Members for staff and admins, the admin pages' endpoints, and what bad input gets.

use crate::helpers::{ALEX, CAMILLE, SAMI, TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

async fn post(app: &TestApp, b: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
    b.post(app.url(path)).header("x-seed-csrf", "1").json(&body).send().await.unwrap()
}

#[tokio::test]
async fn members_are_for_staff_and_changes_for_admins() {
    let app = spawn_app().await;
    let member = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    assert_problem(member.get(app.url("/api/members")).send().await.unwrap(), 403, "not_allowed").await;
    let page: Value = app.get_as(&staff, "/api/members").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 4);
    assert!(page["next_cursor"].is_null());
    let new = json!({ "email": "dominique@amt.example", "display_name": "Dominique" });
    assert_problem(post(&app, &staff, "/api/members", new.clone()).await, 403, "not_allowed").await;
    for path in ["/api/admin/audit", "/api/admin/settings"] {
        assert_problem(staff.get(app.url(path)).send().await.unwrap(), 403, "not_allowed").await;
    }
    assert_problem(app.get("/api/members").await, 401, "not_signed_in").await;
}

#[tokio::test]
async fn an_admin_adds_a_member_changes_their_role_and_deactivates_them() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let created = post(
        &app,
        &admin,
        "/api/members",
        json!({ "email": "Dominique@AMT.example", "display_name": " Dominique Test " }),
    )
    .await;
    assert_eq!(created.status(), 201);
    assert!(created.headers().contains_key("location"));
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["email"], "dominique@amt.example");
    assert_eq!(created["display_name"], "Dominique Test");
    assert_eq!(created["role"], "member");
    assert_eq!(created["google_linked"], false);
    let id = created["id"].as_str().unwrap().to_owned();
    let again =
        post(&app, &admin, "/api/members", json!({ "email": "dominique@amt.example", "display_name": "X" }))
            .await;
    assert_problem(again, 409, "conflict").await;

    let changed = app.patch_as(&admin, &format!("/api/members/{id}"), json!({ "role": "staff" })).await;
    assert_eq!(changed.json::<Value>().await.unwrap()["role"], "staff");
    assert!(
        app.audit()
            .iter()
            .any(|r| r.action.as_str() == "role_changed" && r.detail.as_deref() == Some("member → staff"))
    );

    // Dominique signs in with Google, creates a token; deactivation ends both at once.
    let dominique = crate::helpers::browser();
    assert!(matches!(
        app.google_sign_in(&dominique, "dominique@amt.example", "google-dominique").await,
        crate::helpers::Landing::SignedIn(_)
    ));
    let token: Value = post(
        &app,
        &dominique,
        "/api/me/tokens",
        json!({ "name": "t", "scopes": ["read"], "expires_in_days": 5 }),
    )
    .await
    .json()
    .await
    .unwrap();
    let deactivated: Value =
        post(&app, &admin, &format!("/api/members/{id}/deactivate"), json!({})).await.json().await.unwrap();
    assert_eq!(deactivated["status"], "inactive");
    assert_eq!(dominique.get(app.url("/api/me")).send().await.unwrap().status(), 401);
    let bearer = reqwest::Client::new()
        .get(app.url("/api/me"))
        .bearer_auth(token["token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), 401);
    assert_eq!(
        app.google_sign_in(&crate::helpers::browser(), "dominique@amt.example", "google-dominique").await,
        crate::helpers::Landing::Refused("membership_not_active".into())
    );
    let reactivated: Value =
        post(&app, &admin, &format!("/api/members/{id}/activate"), json!({})).await.json().await.unwrap();
    assert_eq!(reactivated["status"], "active");
    assert!(matches!(
        app.google_sign_in(&crate::helpers::browser(), "dominique@amt.example", "google-dominique").await,
        crate::helpers::Landing::SignedIn(_)
    ));
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let me = app.member_id(ALEX);
    assert_problem(
        post(&app, &admin, &format!("/api/members/{me}/deactivate"), json!({})).await,
        409,
        "conflict",
    )
    .await;
    let demote = app.patch_as(&admin, &format!("/api/members/{me}"), json!({ "role": "member" })).await;
    assert_problem(demote, 409, "conflict").await;
}

#[tokio::test]
async fn member_lists_are_paged_by_cursor() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    for i in 0..5 {
        let r = post(
            &app,
            &admin,
            "/api/members",
            json!({ "email": format!("p{i}@amt.example"), "display_name": format!("P{i}") }),
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/members?limit=3&cursor={c}"),
            None => "/api/members?limit=3".to_owned(),
        };
        let page: Value = app.get_as(&admin, &path).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        seen.extend(items.iter().map(|m| m["email"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 9);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 9, "no member twice");
    for bad in ["limit=0", "limit=201", "limit=abc", "color=red"] {
        assert_problem(
            admin.get(app.url(&format!("/api/members?{bad}"))).send().await.unwrap(),
            400,
            "bad_request",
        )
        .await;
    }
}

#[tokio::test]
async fn bad_bodies_get_400_413_415_and_422_problems() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let send = |body: String, content_type: &'static str| {
        admin
            .post(app.url("/api/members"))
            .header("x-seed-csrf", "1")
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    assert_problem(send("{not json".into(), "application/json").await.unwrap(), 400, "malformed_json").await;
    assert_problem(send("{\"email\": 3}".into(), "application/json").await.unwrap(), 400, "malformed_json")
        .await;
    let unknown = json!({ "email": "x@amt.example", "display_name": "X", "is_admin": true }).to_string();
    let body = assert_problem(send(unknown, "application/json").await.unwrap(), 400, "malformed_json").await;
    assert!(body["detail"].as_str().unwrap().contains("is_admin"), "{body}");
    assert_problem(
        send("email=x".into(), "application/x-www-form-urlencoded").await.unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    let huge = json!({ "email": "x@amt.example", "display_name": "x".repeat(100_000) }).to_string();
    assert_problem(send(huge, "application/json").await.unwrap(), 413, "payload_too_large").await;
    let invalid = json!({ "email": "not-an-email", "display_name": "" }).to_string();
    let body =
        assert_problem(send(invalid, "application/json").await.unwrap(), 422, "validation_failed").await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["display_name", "email"]);
    assert_problem(admin.get(app.url("/api/members/nope/whatever")).send().await.unwrap(), 404, "not_found")
        .await;
    let missing = admin
        .post(app.url("/api/members/no-such-id/activate"))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_problem(missing, 404, "not_found").await;
}

#[tokio::test]
async fn the_audit_log_settings_and_legal_notice_are_for_admins() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let settings: Value = app.get_as(&admin, "/api/admin/settings").await;
    assert_eq!(settings["audit_ip_retention_days"], 90);
    let changed = app.patch_as(&admin, "/api/admin/settings", json!({ "audit_ip_retention_days": 30 })).await;
    assert_eq!(changed.json::<Value>().await.unwrap()["audit_ip_retention_days"], 30);
    let bad = app.patch_as(&admin, "/api/admin/settings", json!({ "audit_ip_retention_days": 0 })).await;
    assert_problem(bad, 422, "validation_failed").await;

    assert_eq!(app.get("/api/public/legal").await.json::<Value>().await.unwrap()["text"], "");
    let saved = app.put_as(&admin, "/api/admin/legal", json!({ "text": "Association AMT, loi 1901." })).await;
    assert_eq!(saved.status(), 200);
    assert_eq!(
        app.get("/api/public/legal").await.json::<Value>().await.unwrap()["text"],
        "Association AMT, loi 1901."
    );

    let page: Value = app.get_as(&admin, "/api/admin/audit?limit=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["items"][0]["action"], "legal_notice_changed");
    assert_eq!(page["items"][0]["actor"], "Alex Durand");
    assert!(page["next_cursor"].is_string());
    let filtered: Value = app.get_as(&admin, "/api/admin/audit?action=settings_changed").await;
    assert_eq!(filtered["items"][0]["detail"], "90 → 30");
}

/// An audit row written `days` ago (rows cannot be backdated: they are append-only).
fn old_audit_row(app: &TestApp, days: i64, detail: &str) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    seed_api::db::audit::insert(
        &mut app.conn(),
        &seed_api::db::audit::AuditRow {
            id: id.clone(),
            at: chrono::Utc::now().naive_utc() - chrono::Duration::days(days),
            actor_id: None,
            action: seed_domain::admin::AuditAction::AccessRefused,
            subject: Some("/api/me".into()),
            detail: Some(detail.into()),
            ip: Some("127.0.0.1".into()),
        },
    )
    .unwrap();
    id
}

#[tokio::test]
async fn audit_ip_addresses_are_erased_after_the_retention_period() {
    let app = spawn_app().await;
    app.demo_browser(CAMILLE).await;
    let admin = app.demo_browser(ALEX).await;
    app.patch_as(&admin, "/api/admin/settings", json!({ "audit_ip_retention_days": 10 })).await;
    let first = old_audit_row(&app, 11, "not_signed_in");
    seed_api::scheduler::run_now(&mut app.conn(), "erase_audit_ips").unwrap();
    let rows = app.audit();
    assert!(rows.iter().find(|r| r.id == first).unwrap().ip.is_none(), "the old address is erased");
    assert!(
        rows.iter().filter(|r| r.id != first).all(|r| r.ip.as_deref() == Some("127.0.0.1")),
        "recent ones are kept"
    );
}

#[tokio::test]
async fn audit_rows_are_append_only_but_for_the_ip_erasure_and_the_retention_purge() {
    use diesel::prelude::*;
    use seed_api::db::schema::audit_log;
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let settings: Value = app.get_as(&admin, "/api/admin/settings").await;
    assert_eq!(settings["audit_retention_days"], 365);
    let too_short = app.patch_as(&admin, "/api/admin/settings", json!({ "audit_retention_days": 29 })).await;
    assert_problem(too_short, 422, "validation_failed").await;
    let changed = app.patch_as(&admin, "/api/admin/settings", json!({ "audit_retention_days": 60 })).await;
    assert_eq!(changed.json::<Value>().await.unwrap()["audit_retention_days"], 60);
    let old = old_audit_row(&app, 61, "old");
    let young = old_audit_row(&app, 59, "young");

    // The database itself refuses any other change, whoever asks.
    let rewrite = diesel::update(audit_log::table.find(&young)).set(audit_log::detail.eq("rewritten"));
    assert!(rewrite.execute(&mut *app.conn()).is_err(), "a row's text cannot change");
    let readdress = diesel::update(audit_log::table.find(&young)).set(audit_log::ip.eq("10.0.0.1"));
    assert!(readdress.execute(&mut *app.conn()).is_err(), "an address cannot change");
    assert!(
        diesel::delete(audit_log::table.find(&young)).execute(&mut *app.conn()).is_err(),
        "too young to go"
    );
    let erased = diesel::update(audit_log::table.find(&young)).set(audit_log::ip.eq(None::<String>));
    assert_eq!(erased.execute(&mut *app.conn()).unwrap(), 1, "erasing an address is allowed");

    seed_api::scheduler::run_now(&mut app.conn(), "purge_audit").unwrap();
    let ids: Vec<String> = app.audit().into_iter().map(|r| r.id).collect();
    assert!(!ids.contains(&old), "past the retention: purged");
    assert!(ids.contains(&young), "within it: kept");
}
