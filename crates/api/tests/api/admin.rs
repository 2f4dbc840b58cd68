//! The admin and staff pages' API: abuse signals and their thresholds, the time bank's
//! rules, the books, and a restored backup that still balances.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn staff_see_ping_pong_patterns_and_admins_set_the_thresholds() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let staff = &sami;
    let account = |email| {
        seed_api::db::account::find_for_member(&mut app.conn(), &app.member_id(email)).unwrap().unwrap().id
    };
    let (to_sami, to_camille) = (account(SAMI), account(CAMILLE));
    for i in 0..3 {
        for (payer, to) in [(&camille, &to_sami), (&sami, &to_camille)] {
            let r = payer
                .post(app.url("/api/transfers"))
                .header("x-seed-csrf", "1")
                .header("idempotency-key", format!("pp-{i}-{to}"))
                .json(&json!({ "to_account": to, "amount": 100, "memo": "aller-retour" }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
        }
    }
    let signals: Vec<Value> = app.get_as(staff, "/api/admin/abuse_signals").await;
    let ping_pong: Vec<&Value> = signals.iter().filter(|s| s["kind"] == "ping_pong").collect();
    assert_eq!(ping_pong.len(), 1, "{signals:?}");
    let names = ping_pong[0]["member_names"].as_array().unwrap();
    assert!(names.contains(&json!("Camille Martin")) && names.contains(&json!("Sami Benali")));
    assert_problem(
        camille.get(app.url("/api/admin/abuse_signals")).send().await.unwrap(),
        403,
        "not_allowed",
    )
    .await;
    // Admins set the thresholds; a higher one makes the pattern ordinary.
    let alex = app.demo_browser(ALEX).await;
    let mut t: Value = app.get_as(&alex, "/api/admin/abuse_thresholds").await;
    t["ping_pong_min_round_trips"] = json!(4);
    let saved = alex
        .put(app.url("/api/admin/abuse_thresholds"))
        .header("x-seed-csrf", "1")
        .json(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let signals: Vec<Value> = app.get_as(staff, "/api/admin/abuse_signals").await;
    assert!(signals.iter().all(|s| s["kind"] != "ping_pong"));
}

#[tokio::test]
async fn staff_see_one_way_hoarding_and_cancellation_patterns() {
    let app = spawn_app().await;
    let (camille, sami) = (app.demo_browser(CAMILLE).await, app.demo_browser(SAMI).await);
    let account = |email| {
        seed_api::db::account::find_for_member(&mut app.conn(), &app.member_id(email)).unwrap().unwrap().id
    };
    // Camille pays Alex five times for services: Alex gives and never receives, Camille the
    // reverse (the threshold is 5 by default).
    let to_alex = account(ALEX);
    for _ in 0..5 {
        json_of(
            app.post_as(
                &camille,
                "/api/transfers",
                json!({ "to_account": to_alex, "amount": 100, "memo": "Aide" }),
            )
            .await,
        )
        .await;
    }
    // Staff credit Alex up to 185 TS: over 90 % of his 200 TS ceiling (the admin first lets
    // staff adjust that much without him).
    let alex = app.demo_browser(ALEX).await;
    let mut rules: Value = app.get_as(&alex, "/api/public/ts_rules").await;
    rules["adjustment_admin_above"] = json!(20_000);
    let saved = alex
        .put(app.url("/api/admin/ts_rules"))
        .header("x-seed-csrf", "1")
        .json(&rules)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    json_of(
        app.post_as(
            &sami,
            "/api/adjustments",
            json!({ "account": to_alex, "amount": 17500, "reason": "Test" }),
        )
        .await,
    )
    .await;
    // Sami asks for Camille's offer three times and cancels each request.
    let listing = offer(&app, &camille, "Traduction", "offer").await;
    for _ in 0..3 {
        let ex = json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
        let id = ex["id"].as_str().unwrap();
        json_of(app.post_as(&sami, &format!("/api/exchanges/{id}/cancel"), json!({})).await).await;
    }
    let signals: Vec<Value> = app.get_as(&sami, "/api/admin/abuse_signals").await;
    let of = |kind: &str| -> Vec<String> {
        signals
            .iter()
            .filter(|s| s["kind"] == kind)
            .flat_map(|s| {
                s["member_names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_owned())
            })
            .collect()
    };
    assert_eq!(of("gives_never_receives"), ["Alex Durand"], "{signals:?}");
    assert_eq!(of("receives_never_gives"), ["Camille Martin"], "{signals:?}");
    assert_eq!(of("hoarding"), ["Alex Durand"], "{signals:?}");
    assert_eq!(of("repeated_cancellations"), ["Sami Benali"], "{signals:?}");
    // Each signal carries its figures.
    assert!(signals.iter().all(|s| !s["evidence"].as_array().unwrap().is_empty()), "{signals:?}");
}

#[tokio::test]
async fn admins_change_the_rules_and_verify_the_books() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let mut rules: Value = app.get_as(&admin, "/api/public/ts_rules").await;
    assert_eq!(rules["welcome_grant"], 500);
    assert_eq!(rules["service_rate"], 500);
    assert_eq!(rules["service_minutes"], 180);
    rules["welcome_grant"] = json!(1000);
    rules["default_floor"] = json!(-1000);
    let saved = admin
        .put(app.url("/api/admin/ts_rules"))
        .header("x-seed-csrf", "1")
        .json(&rules)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    // The rules are the association's published rules: readable signed out (the home page).
    let public: Value = app.get("/api/public/ts_rules").await.json().await.unwrap();
    assert_eq!(public["welcome_grant"], 1000);
    rules["service_minutes"] = json!(0);
    let bad = admin
        .put(app.url("/api/admin/ts_rules"))
        .header("x-seed-csrf", "1")
        .json(&rules)
        .send()
        .await
        .unwrap();
    assert_problem(bad, 422, "validation_failed").await;
    let created: Value = app
        .post_as(&admin, "/api/members", json!({ "email": "nouveau@amt.example", "display_name": "Nouveau" }))
        .await
        .json()
        .await
        .unwrap();
    let account = seed_api::db::account::find_for_member(&mut app.conn(), created["id"].as_str().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((account.balance, account.floor), (1000, Some(-1000)), "later accounts follow the new rules");
    let check: Value = app.get_as(&admin, "/api/admin/books").await;
    assert_eq!(check["balanced"], true);
    assert_eq!(check["sum"], 0);
    assert_eq!(check["transfers"], 5);
    let camille = app.demo_browser(CAMILLE).await;
    assert_problem(camille.get(app.url("/api/admin/books")).send().await.unwrap(), 403, "not_allowed").await;
    assert!(app.audit().iter().any(|r| r.action.as_str() == "ts_rules_changed"));
}

#[tokio::test]
async fn a_restored_backup_still_balances() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    assert_eq!(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "b1",
            json!({ "to_account": app.account_id(SAMI), "amount": 120, "memo": "avant sauvegarde" })
        )
        .await
        .status(),
        201
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ledger.backup");
    seed_api::ops::backup(&app.db.url, &file).unwrap();
    let target = crate::helpers::fresh_db();
    seed_api::ops::restore(&target.url, &file).unwrap();
    let pool = seed_api::db::connect(&target.url, 1).unwrap();
    let check = seed_api::ledger::verify_books(&mut pool.get().unwrap()).unwrap();
    assert!(check.balanced, "{check:?}");
    assert_eq!(check.transfers, 5);
}
