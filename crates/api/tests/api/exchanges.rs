//! Offers, wants and exchanges through the API: the whole journey, out-of-order steps,
//! disputes, automatic confirmation, closing accounts, notifications, abuse signals.

use crate::auth::member_id;
use crate::helpers::{ALEX, CAMILLE, SAMI, TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

async fn send(app: &TestApp, b: &reqwest::Client, path: &str, body: Value) -> reqwest::Response {
    b.post(app.url(path))
        .header("x-seed-csrf", "1")
        .header("idempotency-key", uuid::Uuid::now_v7().to_string())
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn json_of(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn offer(app: &TestApp, owner: &reqwest::Client, title: &str, kind: &str) -> String {
    let listing = json_of(
        send(app, owner, "/api/listings", json!({
            "kind": kind, "title": title, "description": "Trois heures de relecture de devis et de conseils.",
            "skills": ["Rédaction", "devis"], "estimated_minutes": 180
        }))
        .await,
    )
    .await;
    assert_eq!(listing["estimated_amount"], 500);
    assert_eq!(listing["skills"], json!(["rédaction", "devis"]));
    listing["id"].as_str().unwrap().to_owned()
}

/// The provider accepts for `minutes`; if that is not the duration asked for, the member
/// served agrees to it.
async fn accept(app: &TestApp, provider: &reqwest::Client, served: &reqwest::Client, id: &str, minutes: u32) {
    let accepted = json_of(
        send(app, provider, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": minutes })).await,
    )
    .await;
    if accepted["state"] == "awaiting_agreement" {
        let agreed = json_of(send(app, served, &format!("/api/exchanges/{id}/agree"), json!({})).await).await;
        assert_eq!(agreed["state"], "accepted");
    }
}

async fn balance(app: &TestApp, b: &reqwest::Client) -> i64 {
    app.get_as::<Value>(b, "/api/me/account").await["balance"].as_i64().unwrap()
}

async fn kinds(app: &TestApp, b: &reqwest::Client) -> Vec<String> {
    let page: Value = app.get_as(b, "/api/me/notifications").await;
    page["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_offer_becomes_a_paid_and_evaluated_exchange() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let listing = offer(&app, &camille, "Relecture de devis", "offer").await;
    let found: Value = app.get_as(&sami, "/api/listings?q=devis&kind=offer").await;
    assert_eq!(found["items"][0]["id"], listing);
    let exchange = json_of(
        send(
            &app,
            &sami,
            "/api/exchanges",
            json!({ "listing_id": listing, "message": "Bonjour, volontiers !" }),
        )
        .await,
    )
    .await;
    let id = exchange["id"].as_str().unwrap().to_owned();
    assert_eq!(exchange["state"], "requested");
    assert_eq!(exchange["provider_name"], "Camille Martin");
    assert_eq!(exchange["beneficiary_name"], "Sami Benali");
    assert_eq!(exchange["next_actions"], json!(["cancel"]));
    assert_eq!(kinds(&app, &camille).await, ["request_to_answer"]);
    let unread: Value = app.get_as(&camille, "/api/me/notifications/unread").await;
    assert_eq!(unread["unread"], 1);

    // Before accepting, Camille sees what Sami gave and received.
    let page: Value = app.get_as(&camille, &format!("/api/members/{}/page", member_id(&app, SAMI))).await;
    assert_eq!(page["display_name"], "Sami Benali");
    assert_eq!(page["totals"]["given_count"], 0);

    let seen: Value = app.get_as(&camille, &format!("/api/exchanges/{id}")).await;
    assert!(seen["next_actions"].as_array().unwrap().contains(&json!("accept")));
    let accepted = json_of(
        send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 180 })).await,
    )
    .await;
    assert_eq!(accepted["state"], "accepted");
    assert_eq!(accepted["amount"], 500);
    let delivered =
        json_of(send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
    assert_eq!(delivered["state"], "delivered");
    assert!(delivered["auto_confirm_at"].is_string());
    assert!(kinds(&app, &sami).await.contains(&"delivery_to_confirm".to_owned()));
    let confirmed =
        json_of(send(&app, &sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await).await;
    assert_eq!(confirmed["state"], "confirmed");
    assert_eq!(balance(&app, &sami).await, 0);
    assert_eq!(balance(&app, &camille).await, 1000);
    let evaluated = json_of(
        send(
            &app,
            &sami,
            &format!("/api/exchanges/{id}/evaluate"),
            json!({ "rating": 5, "comment": "Merci, très clair." }),
        )
        .await,
    )
    .await;
    assert_eq!(evaluated["state"], "evaluated");
    assert_eq!(evaluated["evaluation"]["rating"], 5);
    let actions: Vec<&str> =
        evaluated["timeline"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["request", "accept", "deliver", "confirm", "evaluate"]);
    let page: Value = app.get_as(&sami, &format!("/api/members/{}/page", member_id(&app, CAMILLE))).await;
    assert_eq!(page["exchanges_given"], 1);
    assert_eq!(page["average_rating_tenths"], 50);
    assert_eq!(page["evaluations"][0]["comment"], "Merci, très clair.");
    assert!(kinds(&app, &camille).await.contains(&"exchange_confirmed".to_owned()));
    let statement: Value = app.get_as(&sami, "/api/me/statement").await;
    assert_eq!(statement["items"][0]["kind"], "service");
    assert_eq!(statement["items"][0]["amount"], -500);
    assert!(seed_api::ledger::verify_books(&mut app.conn()).unwrap().balanced);
}

#[tokio::test]
async fn steps_out_of_order_or_by_the_wrong_person_are_refused() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let alex = app.demo_browser(ALEX).await;
    let listing = offer(&app, &camille, "Aide Excel", "offer").await;
    assert_problem(
        send(&app, &camille, "/api/exchanges", json!({ "listing_id": listing })).await,
        409,
        "wrong_state",
    )
    .await;
    let exchange = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = exchange["id"].as_str().unwrap();
    assert_problem(
        send(&app, &sami, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 60 })).await,
        403,
        "not_your_turn",
    )
    .await;
    assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 7 })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await,
        409,
        "wrong_state",
    )
    .await;
    accept(&app, &camille, &sami, id, 60).await;
    // Confirming before delivery, or confirming as the provider.
    assert_problem(
        send(&app, &sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await,
        409,
        "wrong_state",
    )
    .await;
    json_of(send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
    assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/confirm"), json!({})).await,
        403,
        "not_your_turn",
    )
    .await;
    let no_key = sami
        .post(app.url(&format!("/api/exchanges/{id}/confirm")))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_problem(no_key, 400, "idempotency_key_missing").await;
    json_of(send(&app, &sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await).await;
    assert_eq!(balance(&app, &camille).await, 667, "1 h at 5 TS per 3 h is 1,67 TS");
    json_of(send(&app, &alex, &format!("/api/exchanges/{id}/evaluate"), json!({ "rating": 4 })).await).await;
    assert_problem(
        send(&app, &sami, &format!("/api/exchanges/{id}/evaluate"), json!({ "rating": 5 })).await,
        409,
        "wrong_state",
    )
    .await;
    assert_problem(send(&app, &sami, "/api/exchanges/nope/cancel", json!({})).await, 404, "not_found").await;
}

#[tokio::test]
async fn a_member_not_in_an_exchange_cannot_see_it() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let alex = app.demo_browser(ALEX).await;
    json_of(
        send(&app, &alex, "/api/members", json!({ "email": "dom@amt.example", "display_name": "Dom" })).await,
    )
    .await;
    let dom = crate::helpers::browser();
    assert!(matches!(
        app.google_sign_in(&dom, "dom@amt.example", "google-dom").await,
        crate::helpers::Landing::SignedIn(_)
    ));
    let listing = offer(&app, &camille, "Traduction", "offer").await;
    let exchange = json_of(send(&app, &alex, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = exchange["id"].as_str().unwrap();
    assert_problem(dom.get(app.url(&format!("/api/exchanges/{id}"))).send().await.unwrap(), 404, "not_found")
        .await;
    assert_problem(
        send(&app, &dom, &format!("/api/exchanges/{id}/cancel"), json!({})).await,
        404,
        "not_found",
    )
    .await;
    let mine: Value = app.get_as(&dom, "/api/exchanges").await;
    assert!(mine["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn acceptance_is_refused_when_the_member_served_could_not_pay() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    // Sami spends down to -18 TS: 3 h (5 TS) would take him to -23 TS, under the floor.
    for key in ["a", "b"] {
        let r = sami
            .post(app.url("/api/transfers"))
            .header("x-seed-csrf", "1")
            .header("idempotency-key", key)
            .json(&json!({ "to_account": seed_api::db::account::find_for_member(&mut app.conn(), &member_id(&app, ALEX)).unwrap().unwrap().id, "amount": 1150, "memo": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let listing = offer(&app, &camille, "Mise en page", "offer").await;
    let exchange = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = exchange["id"].as_str().unwrap();
    let body = assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 180 })).await,
        422,
        "ts_floor_reached",
    )
    .await;
    assert_eq!(body["params"]["short_by"], 300);
    // 100 hours would be 166,67 TS: over the maximum per exchange, whoever pays.
    let body = assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 6000 })).await,
        422,
        "ts_over_maximum",
    )
    .await;
    assert_eq!(body["params"]["maximum"], 5000);
    accept(&app, &camille, &sami, id, 60).await;
    json_of(send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;

    // Meanwhile Sami spends 1 TS more: confirming (1,67 TS) would take him to -20,67 TS. The
    // limits are checked again, nothing is posted, the exchange stays delivered.
    let r = sami
        .post(app.url("/api/transfers"))
        .header("x-seed-csrf", "1")
        .header("idempotency-key", "c")
        .json(&json!({ "to_account": seed_api::db::account::find_for_member(&mut app.conn(), &member_id(&app, ALEX)).unwrap().unwrap().id, "amount": 100, "memo": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let before = balance(&app, &sami).await;
    let body = assert_problem(
        send(&app, &sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await,
        422,
        "ts_floor_reached",
    )
    .await;
    assert_eq!(body["params"]["short_by"], 67);
    assert_eq!(balance(&app, &sami).await, before);
    let exchange: Value = app.get_as(&sami, &format!("/api/exchanges/{id}")).await;
    assert_eq!(exchange["state"], "delivered");
}

#[tokio::test]
async fn staff_settle_disputes_by_adjusting_or_cancelling() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let alex = app.demo_browser(ALEX).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        // One open exchange per member and listing: one listing each.
        let listing = offer(&app, &camille, &format!("Conseil juridique {i}"), "offer").await;
        let ex = json_of(send(&app, &alex, "/api/exchanges", json!({ "listing_id": listing })).await).await;
        let id = ex["id"].as_str().unwrap().to_owned();
        json_of(
            send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 180 })).await,
        )
        .await;
        json_of(send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
        let disputed = json_of(
            send(
                &app,
                &alex,
                &format!("/api/exchanges/{id}/dispute"),
                json!({ "reason": "Seulement deux heures" }),
            )
            .await,
        )
        .await;
        assert_eq!(disputed["state"], "disputed");
        ids.push(id);
    }
    assert!(kinds(&app, &camille).await.contains(&"dispute_opened".to_owned()));
    // Alex is a party: as the member served he cannot settle his own dispute.
    assert_problem(
        send(
            &app,
            &alex,
            &format!("/api/exchanges/{}/settle", ids[0]),
            json!({ "amount": 333, "note": "x" }),
        )
        .await,
        403,
        "not_your_turn",
    )
    .await;
    let disputes: Value = app.get_as(&sami, "/api/disputes").await;
    assert_eq!(disputes["items"].as_array().unwrap().len(), 3);
    assert_problem(camille.get(app.url("/api/disputes")).send().await.unwrap(), 403, "not_allowed").await;
    let adjusted = json_of(
        send(
            &app,
            &sami,
            &format!("/api/exchanges/{}/settle", ids[0]),
            json!({ "amount": 333, "note": "Deux heures faites" }),
        )
        .await,
    )
    .await;
    assert_eq!(adjusted["state"], "confirmed");
    assert_eq!(adjusted["amount"], 333);
    let cancelled = json_of(
        send(
            &app,
            &sami,
            &format!("/api/exchanges/{}/settle_cancel", ids[1]),
            json!({ "reason": "Service non rendu" }),
        )
        .await,
    )
    .await;
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(balance(&app, &camille).await, 833);
    assert!(kinds(&app, &alex).await.contains(&"dispute_settled".to_owned()));
    // Settling without an amount confirms at the agreed one (5 TS).
    let confirmed = json_of(
        send(
            &app,
            &sami,
            &format!("/api/exchanges/{}/settle", ids[2]),
            json!({ "note": "Fait comme convenu" }),
        )
        .await,
    )
    .await;
    assert_eq!(confirmed["state"], "confirmed");
    assert_eq!(confirmed["amount"], 500);
    assert_eq!(balance(&app, &camille).await, 1333);
    // Staff may also evaluate a settled exchange.
    json_of(
        send(
            &app,
            &sami,
            &format!("/api/exchanges/{}/evaluate", ids[0]),
            json!({ "rating": 3, "comment": "Médiation" }),
        )
        .await,
    )
    .await;
}

#[tokio::test]
async fn a_delivery_nobody_confirms_is_confirmed_by_the_scheduler() {
    use diesel::prelude::*;
    use seed_api::db::schema::exchanges;
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let listing = offer(&app, &camille, "Photos produits", "offer").await;
    let ex = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    accept(&app, &camille, &sami, &id, 90).await;
    let delivered =
        json_of(send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
    let due: chrono::DateTime<chrono::Utc> = delivered["auto_confirm_at"].as_str().unwrap().parse().unwrap();
    let days = (due - chrono::Utc::now()).num_days();
    assert!((13..=14).contains(&days), "14 days by default: {days}");
    seed_api::scheduler::run_now(&mut app.conn(), "auto_confirm_exchanges").unwrap();
    assert_eq!(balance(&app, &sami).await, 500, "not yet due");
    diesel::update(exchanges::table.find(&id))
        .set(exchanges::auto_confirm_at.eq(Some(chrono::Utc::now().naive_utc() + chrono::Duration::days(2))))
        .execute(&mut *app.conn())
        .unwrap();
    seed_api::scheduler::run_now(&mut app.conn(), "auto_confirm_exchanges").unwrap();
    assert!(kinds(&app, &sami).await.contains(&"confirm_reminder".to_owned()), "reminded first");
    diesel::update(exchanges::table.find(&id))
        .set(
            exchanges::auto_confirm_at
                .eq(Some(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1))),
        )
        .execute(&mut *app.conn())
        .unwrap();
    seed_api::scheduler::run_now(&mut app.conn(), "auto_confirm_exchanges").unwrap();
    let after: Value = app.get_as(&sami, &format!("/api/exchanges/{id}")).await;
    assert_eq!(after["state"], "confirmed");
    assert_eq!(after["timeline"].as_array().unwrap().last().unwrap()["action"], "auto_confirm");
    assert_eq!(balance(&app, &sami).await, 250);

    // A second delivery falls due when Sami cannot pay it any more (he paid 21 TS away): the scheduler
    // posts nothing, stops trying, and tells both once; Sami may still confirm later.
    let alex_account =
        seed_api::db::account::find_for_member(&mut app.conn(), &member_id(&app, ALEX)).unwrap().unwrap().id;
    json_of(
        send(
            &app,
            &sami,
            "/api/transfers",
            json!({ "to_account": alex_account, "amount": 2000, "memo": "x" }),
        )
        .await,
    )
    .await;
    let ex = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    accept(&app, &camille, &sami, &id, 60).await;
    json_of(
        send(
            &app,
            &sami,
            "/api/transfers",
            json!({ "to_account": alex_account, "amount": 100, "memo": "y" }),
        )
        .await,
    )
    .await;
    json_of(send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
    diesel::update(exchanges::table.find(&id))
        .set(
            exchanges::auto_confirm_at
                .eq(Some(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1))),
        )
        .execute(&mut *app.conn())
        .unwrap();
    let before = balance(&app, &sami).await;
    seed_api::scheduler::run_now(&mut app.conn(), "auto_confirm_exchanges").unwrap();
    seed_api::scheduler::run_now(&mut app.conn(), "auto_confirm_exchanges").unwrap();
    assert_eq!(balance(&app, &sami).await, before, "nothing posted");
    let after: Value = app.get_as(&sami, &format!("/api/exchanges/{id}")).await;
    assert_eq!(after["state"], "delivered");
    assert!(after["auto_confirm_at"].is_null());
    for who in [&sami, &camille] {
        let told = kinds(&app, who).await.iter().filter(|k| *k == "auto_confirm_refused").count();
        assert_eq!(told, 1, "told once");
    }
}

#[tokio::test]
async fn deactivating_a_member_cancels_their_exchanges_and_tells_both() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let alex = app.demo_browser(ALEX).await;
    let listing = offer(&app, &camille, "Montage vidéo", "offer").await;
    let ex = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    json_of(
        send(&app, &alex, &format!("/api/members/{}/deactivate", member_id(&app, CAMILLE)), json!({})).await,
    )
    .await;
    let after: Value = app.get_as(&sami, &format!("/api/exchanges/{id}")).await;
    assert_eq!(after["state"], "cancelled");
    assert_eq!(after["timeline"].as_array().unwrap().last().unwrap()["action"], "account_closed");
    assert!(kinds(&app, &sami).await.contains(&"exchange_cancelled".to_owned()));
    // Camille cannot sign in any more; her notification waits for a reactivation.
    use diesel::prelude::*;
    use seed_api::db::schema::notifications;
    let hers: Vec<String> = notifications::table
        .filter(notifications::member_id.eq(member_id(&app, CAMILLE)))
        .filter(notifications::exchange_id.eq(&id))
        .select(notifications::kind)
        .load(&mut *app.conn())
        .unwrap();
    assert!(hers.contains(&"exchange_cancelled".to_owned()), "both sides are told: {hers:?}");
}

#[tokio::test]
async fn wants_listings_are_searched_paused_closed_renewed_and_expire() {
    use diesel::prelude::*;
    use seed_api::db::schema::listings;
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let want = offer(&app, &camille, "Cherche aide comptable", "want").await;
    // On a want, the requester gives the service: Sami serves Camille.
    let ex = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": want })).await).await;
    assert_eq!(ex["provider_name"], "Sami Benali");
    assert_eq!(ex["beneficiary_name"], "Camille Martin");
    let by_skill: Value = app.get_as(&sami, "/api/listings?skill=Devis").await;
    assert_eq!(by_skill["items"].as_array().unwrap().len(), 1);
    let part_of_a_tag: Value = app.get_as(&sami, "/api/listings?skill=dev").await;
    assert!(part_of_a_tag["items"].as_array().unwrap().is_empty(), "a skill is matched whole");
    let wildcard: Value = app.get_as(&sami, "/api/listings?skill=d_vis").await;
    assert!(wildcard["items"].as_array().unwrap().is_empty(), "_ is not a wildcard");
    let none: Value = app.get_as(&sami, "/api/listings?q=jardinage").await;
    assert!(none["items"].as_array().unwrap().is_empty());
    let patch = |b: &reqwest::Client, body: Value| {
        b.patch(app.url(&format!("/api/listings/{want}"))).header("x-seed-csrf", "1").json(&body).send()
    };
    assert_problem(patch(&sami, json!({ "status": "paused" })).await.unwrap(), 403, "not_allowed").await;
    let paused: Value = patch(&camille, json!({ "status": "paused" })).await.unwrap().json().await.unwrap();
    assert_eq!(paused["status"], "paused");
    let listed: Value = app.get_as(&sami, "/api/listings").await;
    assert!(listed["items"].as_array().unwrap().is_empty(), "a paused listing leaves the lists");
    assert_problem(
        send(&app, &sami, "/api/exchanges", json!({ "listing_id": want })).await,
        409,
        "wrong_state",
    )
    .await;
    let expire = || {
        diesel::update(listings::table.find(&want))
            .set(listings::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1)))
            .execute(&mut *app.conn())
            .unwrap();
        seed_api::scheduler::run_now(&mut app.conn(), "expire_listings").unwrap();
    };
    let status = || async {
        let mine: Value = app.get_as(&camille, "/api/me/listings").await;
        mine["items"][0]["status"].as_str().unwrap().to_owned()
    };
    // A paused listing is renewed as it is: active again, until a new end date.
    let renewed =
        json_of(send(&app, &camille, &format!("/api/listings/{want}/renew"), json!({})).await).await;
    assert_eq!(renewed["status"], "active");
    expire();
    assert_eq!(status().await, "expired");
    let renewed =
        json_of(send(&app, &camille, &format!("/api/listings/{want}/renew"), json!({})).await).await;
    assert_eq!(renewed["status"], "active");
    // Setting an expired listing back to active is a renewal too: with a new end date, so the
    // scheduler leaves it active.
    expire();
    let reopened: Value = patch(&camille, json!({ "status": "active" })).await.unwrap().json().await.unwrap();
    assert_eq!(reopened["status"], "active");
    let until = chrono::DateTime::parse_from_rfc3339(reopened["expires_at"].as_str().unwrap()).unwrap();
    assert!(until > chrono::Utc::now() + chrono::Duration::days(1), "{until}");
    seed_api::scheduler::run_now(&mut app.conn(), "expire_listings").unwrap();
    assert_eq!(status().await, "active");
    let closed: Value = patch(&camille, json!({ "status": "closed" })).await.unwrap().json().await.unwrap();
    assert_eq!(closed["status"], "closed");
    assert_problem(patch(&camille, json!({ "status": "active" })).await.unwrap(), 409, "wrong_state").await;
    let bad = send(
        &app,
        &camille,
        "/api/listings",
        json!({ "kind": "offer", "title": "", "description": "x", "estimated_minutes": 7 }),
    )
    .await;
    let body = assert_problem(bad, 422, "validation_failed").await;
    let fields: Vec<&str> =
        body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"title") && fields.contains(&"estimated_minutes"), "{fields:?}");
    let sharp = json_of(
        send(
            &app,
            &camille,
            "/api/listings",
            json!({
                "kind": "offer", "title": "Initiation", "description": "Les bases.",
                "skills": ["C_Sharp"], "estimated_minutes": 60
            }),
        )
        .await,
    )
    .await;
    let by_odd_tag: Value = app.get_as(&sami, "/api/listings?skill=c_sharp").await;
    assert_eq!(by_odd_tag["items"].as_array().unwrap().len(), 1);
    assert_eq!(by_odd_tag["items"][0]["id"], sharp["id"], "a tag with _ is found as it is");
}

#[tokio::test]
async fn staff_see_ping_pong_patterns_and_admins_set_the_thresholds() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let staff = &sami;
    let account = |email| {
        seed_api::db::account::find_for_member(&mut app.conn(), &member_id(&app, email)).unwrap().unwrap().id
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
        seed_api::db::account::find_for_member(&mut app.conn(), &member_id(&app, email)).unwrap().unwrap().id
    };
    // Camille pays Alex five times for services: Alex gives and never receives, Camille the
    // reverse (the threshold is 5 by default).
    let to_alex = account(ALEX);
    for _ in 0..5 {
        json_of(
            send(
                &app,
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
        send(
            &app,
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
        let ex = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
        let id = ex["id"].as_str().unwrap();
        json_of(send(&app, &sami, &format!("/api/exchanges/{id}/cancel"), json!({})).await).await;
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
async fn a_provider_who_changes_the_duration_waits_for_the_member_served() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let listing = offer(&app, &camille, "Relecture", "offer").await;
    let asked = json!({ "listing_id": listing, "minutes": 60 });
    let ex = json_of(send(&app, &sami, "/api/exchanges", asked.clone()).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    // Camille, who is paid, asks for 15 hours instead of one (25 TS: all Sami can pay).
    let accepted = json_of(
        send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 900 })).await,
    )
    .await;
    assert_eq!(accepted["state"], "awaiting_agreement");
    assert_eq!(accepted["amount"], 2500);
    assert_eq!(accepted["next_actions"], json!(["cancel"]));
    assert!(kinds(&app, &sami).await.contains(&"agreement_to_give".to_owned()));
    // Nothing can be delivered, so nothing can be confirmed automatically.
    assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await,
        409,
        "wrong_state",
    )
    .await;
    assert_problem(
        send(&app, &camille, &format!("/api/exchanges/{id}/agree"), json!({})).await,
        403,
        "not_your_turn",
    )
    .await;
    let seen: Value = app.get_as(&sami, &format!("/api/exchanges/{id}")).await;
    assert_eq!(seen["next_actions"], json!(["agree", "decline", "cancel"]));
    // Sami declines: the exchange ends, Camille is told.
    let declined = json_of(send(&app, &sami, &format!("/api/exchanges/{id}/decline"), json!({})).await).await;
    assert_eq!(declined["state"], "declined");
    assert!(kinds(&app, &camille).await.contains(&"request_declined".to_owned()));

    // Asked again; this time Sami agrees, and Camille is told.
    let ex = json_of(send(&app, &sami, "/api/exchanges", asked).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    json_of(send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 120 })).await)
        .await;
    let agreed = json_of(send(&app, &sami, &format!("/api/exchanges/{id}/agree"), json!({})).await).await;
    assert_eq!(agreed["state"], "accepted");
    assert_eq!(agreed["minutes"], 120);
    assert!(kinds(&app, &camille).await.contains(&"duration_agreed".to_owned()));
    let timeline: Vec<&str> =
        agreed["timeline"].as_array().unwrap().iter().map(|t| t["action"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["request", "accept", "agree"]);

    // The member served who answers for a want sets the duration: no agreement to wait for.
    let want = offer(&app, &camille, "Cherche une relecture", "want").await;
    let ex = json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": want, "minutes": 60 })).await)
        .await;
    let id = ex["id"].as_str().unwrap().to_owned();
    assert_eq!(ex["provider_name"], "Sami Benali");
    let accepted = json_of(
        send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 120 })).await,
    )
    .await;
    assert_eq!(accepted["state"], "accepted");

    // The duration asked for is accepted at once.
    let offered = offer(&app, &camille, "Traduction", "offer").await;
    let ex =
        json_of(send(&app, &sami, "/api/exchanges", json!({ "listing_id": offered, "minutes": 90 })).await)
            .await;
    let id = ex["id"].as_str().unwrap().to_owned();
    let accepted =
        json_of(send(&app, &camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 90 })).await)
            .await;
    assert_eq!(accepted["state"], "accepted");
}

#[tokio::test]
async fn one_open_request_per_member_and_listing_even_four_at_once() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let listing = offer(&app, &camille, "Aide Excel", "offer").await;
    let body = json!({ "listing_id": listing });
    let first = json_of(send(&app, &sami, "/api/exchanges", body.clone()).await).await;
    let again =
        assert_problem(send(&app, &sami, "/api/exchanges", body.clone()).await, 409, "conflict").await;
    assert_eq!(again["params"]["exchange_id"], first["id"]);
    json_of(
        send(&app, &sami, &format!("/api/exchanges/{}/cancel", first["id"].as_str().unwrap()), json!({}))
            .await,
    )
    .await;

    // Four taps at once: one request, three answers naming it.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (b, url, body) = (sami.clone(), app.url("/api/exchanges"), body.clone());
        tasks.spawn(async move {
            let r = b.post(url).header("x-seed-csrf", "1").json(&body).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        });
    }
    let mut answers = Vec::new();
    while let Some(answer) = tasks.join_next().await {
        answers.push(answer.unwrap());
    }
    let created: Vec<&Value> = answers.iter().filter(|(s, _)| *s == 201).map(|(_, b)| b).collect();
    assert_eq!(created.len(), 1, "{answers:?}");
    for (status, b) in answers.iter().filter(|(s, _)| *s != 201) {
        assert_eq!(*status, 409, "{b}");
        assert_eq!(b["params"]["exchange_id"], created[0]["id"], "{b}");
    }
    let mine: Value = app.get_as(&sami, "/api/exchanges?state=requested").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn withdrawn_listings_and_inactive_members_are_seen_only_by_those_involved() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let alex = app.demo_browser(ALEX).await;
    let answered = offer(&app, &sami, "Mise en page", "offer").await;
    let other = offer(&app, &sami, "Photos", "offer").await;
    json_of(send(&app, &camille, "/api/exchanges", json!({ "listing_id": answered })).await).await;
    for id in [&answered, &other] {
        let paused = sami
            .patch(app.url(&format!("/api/listings/{id}")))
            .header("x-seed-csrf", "1")
            .json(&json!({ "status": "paused" }))
            .send()
            .await
            .unwrap();
        assert_eq!(paused.status(), 200);
    }
    let status = |b: &reqwest::Client, id: &str| {
        let url = app.url(&format!("/api/listings/{id}"));
        let b = b.clone();
        async move { b.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status(&camille, &answered).await, 200, "she has an exchange on it");
    assert_eq!(status(&camille, &other).await, 404, "nothing to do with her");
    assert_eq!(status(&sami, &other).await, 200, "its owner");
    assert_eq!(status(&alex, &other).await, 200, "staff");

    // A member with no exchange is deactivated: staff still see the page, members do not.
    let added: Value = alex
        .post(app.url("/api/members"))
        .header("x-seed-csrf", "1")
        .json(&json!({ "email": "dominique@amt.example", "display_name": "Dominique" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dominique = added["id"].as_str().unwrap().to_owned();
    let page = |b: &reqwest::Client, id: &str| {
        let url = app.url(&format!("/api/members/{id}/page"));
        let b = b.clone();
        async move { b.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(page(&camille, &dominique).await, 200, "an active member's page is public");
    for id in [&dominique, &member_id(&app, SAMI)] {
        let r = alex
            .post(app.url(&format!("/api/members/{id}/deactivate")))
            .header("x-seed-csrf", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert_eq!(page(&camille, &dominique).await, 404);
    assert_eq!(page(&alex, &dominique).await, 200);
    assert_eq!(page(&camille, &member_id(&app, SAMI)).await, 200, "they had an exchange");
    // Deactivating Sami closed his listings.
    let listing: Value = app.get_as(&alex, &format!("/api/listings/{other}")).await;
    assert_eq!(listing["status"], "closed");
}
