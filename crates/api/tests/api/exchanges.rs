//! Exchanges through the API: the whole journey, steps out of order or by the wrong person,
//! what one may see, disputes settled by staff, automatic confirmation, closing accounts,
//! agreements on another duration, one open request per listing.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn an_offer_becomes_a_paid_and_evaluated_exchange() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let listing = offer(&app, &camille, "Relecture de devis", "offer").await;
    let found: Value = app.get_as(&sami, "/api/listings?q=devis&kind=offer").await;
    assert_eq!(found["items"][0]["id"], listing);
    let exchange = json_of(
        app.post_as(
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

    // Before accepting, Camille sees what Sami gave and received.
    let page: Value = app.get_as(&camille, &format!("/api/members/{}/page", app.member_id(SAMI))).await;
    assert_eq!(page["display_name"], "Sami Benali");
    assert_eq!(page["totals"]["given_count"], 0);

    let seen: Value = app.get_as(&camille, &format!("/api/exchanges/{id}")).await;
    assert!(seen["next_actions"].as_array().unwrap().contains(&json!("accept")));
    let accepted = json_of(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 180 })).await,
    )
    .await;
    assert_eq!(accepted["state"], "accepted");
    assert_eq!(accepted["amount"], 500);
    let delivered =
        json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
    assert_eq!(delivered["state"], "delivered");
    assert!(delivered["auto_confirm_at"].is_string());
    assert!(kinds(&app, &sami).await.contains(&"delivery_to_confirm".to_owned()));
    let confirmed =
        json_of(app.post_as(&sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await).await;
    assert_eq!(confirmed["state"], "confirmed");
    assert_eq!(balance(&app, &sami).await, 0);
    assert_eq!(balance(&app, &camille).await, 1000);
    let evaluated = json_of(
        app.post_as(
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
    let page: Value = app.get_as(&sami, &format!("/api/members/{}/page", app.member_id(CAMILLE))).await;
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
        app.post_as(&camille, "/api/exchanges", json!({ "listing_id": listing })).await,
        409,
        "wrong_state",
    )
    .await;
    let exchange =
        json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = exchange["id"].as_str().unwrap();
    assert_problem(
        app.post_as(&sami, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 60 })).await,
        403,
        "not_your_turn",
    )
    .await;
    assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 7 })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await,
        409,
        "wrong_state",
    )
    .await;
    accept(&app, &camille, &sami, id, 60).await;
    // Confirming before delivery, or confirming as the provider.
    assert_problem(
        app.post_as(&sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await,
        409,
        "wrong_state",
    )
    .await;
    json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
    assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/confirm"), json!({})).await,
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
    json_of(app.post_as(&sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await).await;
    assert_eq!(balance(&app, &camille).await, 667, "1 h at 5 TS per 3 h is 1,67 TS");
    json_of(app.post_as(&alex, &format!("/api/exchanges/{id}/evaluate"), json!({ "rating": 4 })).await).await;
    assert_problem(
        app.post_as(&sami, &format!("/api/exchanges/{id}/evaluate"), json!({ "rating": 5 })).await,
        409,
        "wrong_state",
    )
    .await;
    assert_problem(app.post_as(&sami, "/api/exchanges/nope/cancel", json!({})).await, 404, "not_found").await;
}

#[tokio::test]
async fn a_member_not_in_an_exchange_cannot_see_it() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let alex = app.demo_browser(ALEX).await;
    json_of(
        app.post_as(&alex, "/api/members", json!({ "email": "dom@amt.example", "display_name": "Dom" }))
            .await,
    )
    .await;
    let dom = crate::helpers::browser();
    assert!(matches!(
        app.google_sign_in(&dom, "dom@amt.example", "google-dom").await,
        crate::helpers::Landing::SignedIn(_)
    ));
    let listing = offer(&app, &camille, "Traduction", "offer").await;
    let exchange =
        json_of(app.post_as(&alex, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = exchange["id"].as_str().unwrap();
    assert_problem(dom.get(app.url(&format!("/api/exchanges/{id}"))).send().await.unwrap(), 404, "not_found")
        .await;
    assert_problem(
        app.post_as(&dom, &format!("/api/exchanges/{id}/cancel"), json!({})).await,
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
            .json(&json!({ "to_account": seed_api::db::account::find_for_member(&mut app.conn(), &app.member_id(ALEX)).unwrap().unwrap().id, "amount": 1150, "memo": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    let listing = offer(&app, &camille, "Mise en page", "offer").await;
    let exchange =
        json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = exchange["id"].as_str().unwrap();
    let body = assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 180 })).await,
        422,
        "ts_floor_reached",
    )
    .await;
    assert_eq!(body["params"]["short_by"], 300);
    // 100 hours would be 166,67 TS: over the maximum per exchange, whoever pays.
    let body = assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 6000 })).await,
        422,
        "ts_over_maximum",
    )
    .await;
    assert_eq!(body["params"]["maximum"], 5000);
    accept(&app, &camille, &sami, id, 60).await;
    json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;

    // Meanwhile Sami spends 1 TS more: confirming (1,67 TS) would take him to -20,67 TS. The
    // limits are checked again, nothing is posted, the exchange stays delivered.
    let r = sami
        .post(app.url("/api/transfers"))
        .header("x-seed-csrf", "1")
        .header("idempotency-key", "c")
        .json(&json!({ "to_account": seed_api::db::account::find_for_member(&mut app.conn(), &app.member_id(ALEX)).unwrap().unwrap().id, "amount": 100, "memo": "x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let before = balance(&app, &sami).await;
    let body = assert_problem(
        app.post_as(&sami, &format!("/api/exchanges/{id}/confirm"), json!({})).await,
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
        let ex = json_of(app.post_as(&alex, "/api/exchanges", json!({ "listing_id": listing })).await).await;
        let id = ex["id"].as_str().unwrap().to_owned();
        json_of(
            app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 180 })).await,
        )
        .await;
        json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
        let disputed = json_of(
            app.post_as(
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
        app.post_as(
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
        app.post_as(
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
        app.post_as(
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
        app.post_as(
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
        app.post_as(
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
    let ex = json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    accept(&app, &camille, &sami, &id, 90).await;
    let delivered =
        json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
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
        seed_api::db::account::find_for_member(&mut app.conn(), &app.member_id(ALEX)).unwrap().unwrap().id;
    json_of(
        app.post_as(
            &sami,
            "/api/transfers",
            json!({ "to_account": alex_account, "amount": 2000, "memo": "x" }),
        )
        .await,
    )
    .await;
    let ex = json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    accept(&app, &camille, &sami, &id, 60).await;
    json_of(
        app.post_as(
            &sami,
            "/api/transfers",
            json!({ "to_account": alex_account, "amount": 100, "memo": "y" }),
        )
        .await,
    )
    .await;
    json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await).await;
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
    let ex = json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": listing })).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    json_of(
        app.post_as(&alex, &format!("/api/members/{}/deactivate", app.member_id(CAMILLE)), json!({})).await,
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
        .filter(notifications::member_id.eq(app.member_id(CAMILLE)))
        .filter(notifications::exchange_id.eq(&id))
        .select(notifications::kind)
        .load(&mut *app.conn())
        .unwrap();
    assert!(hers.contains(&"exchange_cancelled".to_owned()), "both sides are told: {hers:?}");
}

#[tokio::test]
async fn a_provider_who_changes_the_duration_waits_for_the_member_served() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let listing = offer(&app, &camille, "Relecture", "offer").await;
    let asked = json!({ "listing_id": listing, "minutes": 60 });
    let ex = json_of(app.post_as(&sami, "/api/exchanges", asked.clone()).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    // Camille, who is paid, asks for 15 hours instead of one (25 TS: all Sami can pay).
    let accepted = json_of(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 900 })).await,
    )
    .await;
    assert_eq!(accepted["state"], "awaiting_agreement");
    assert_eq!(accepted["amount"], 2500);
    assert_eq!(accepted["next_actions"], json!(["cancel"]));
    assert!(kinds(&app, &sami).await.contains(&"agreement_to_give".to_owned()));
    // Nothing can be delivered, so nothing can be confirmed automatically.
    assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/deliver"), json!({})).await,
        409,
        "wrong_state",
    )
    .await;
    assert_problem(
        app.post_as(&camille, &format!("/api/exchanges/{id}/agree"), json!({})).await,
        403,
        "not_your_turn",
    )
    .await;
    let seen: Value = app.get_as(&sami, &format!("/api/exchanges/{id}")).await;
    assert_eq!(seen["next_actions"], json!(["agree", "decline", "cancel"]));
    // Sami declines: the exchange ends, Camille is told.
    let declined =
        json_of(app.post_as(&sami, &format!("/api/exchanges/{id}/decline"), json!({})).await).await;
    assert_eq!(declined["state"], "declined");
    assert!(kinds(&app, &camille).await.contains(&"request_declined".to_owned()));

    // Asked again; this time Sami agrees, and Camille is told.
    let ex = json_of(app.post_as(&sami, "/api/exchanges", asked).await).await;
    let id = ex["id"].as_str().unwrap().to_owned();
    json_of(app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 120 })).await)
        .await;
    let agreed = json_of(app.post_as(&sami, &format!("/api/exchanges/{id}/agree"), json!({})).await).await;
    assert_eq!(agreed["state"], "accepted");
    assert_eq!(agreed["minutes"], 120);
    assert!(kinds(&app, &camille).await.contains(&"duration_agreed".to_owned()));
    let timeline: Vec<&str> =
        agreed["timeline"].as_array().unwrap().iter().map(|t| t["action"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["request", "accept", "agree"]);

    // The member served who answers for a want sets the duration: no agreement to wait for.
    let want = offer(&app, &camille, "Cherche une relecture", "want").await;
    let ex =
        json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": want, "minutes": 60 })).await)
            .await;
    let id = ex["id"].as_str().unwrap().to_owned();
    assert_eq!(ex["provider_name"], "Sami Benali");
    let accepted = json_of(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 120 })).await,
    )
    .await;
    assert_eq!(accepted["state"], "accepted");

    // The duration asked for is accepted at once.
    let offered = offer(&app, &camille, "Traduction", "offer").await;
    let ex =
        json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": offered, "minutes": 90 })).await)
            .await;
    let id = ex["id"].as_str().unwrap().to_owned();
    let accepted = json_of(
        app.post_as(&camille, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": 90 })).await,
    )
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
    let first = json_of(app.post_as(&sami, "/api/exchanges", body.clone()).await).await;
    let again =
        assert_problem(app.post_as(&sami, "/api/exchanges", body.clone()).await, 409, "conflict").await;
    assert_eq!(again["params"]["exchange_id"], first["id"]);
    json_of(
        app.post_as(&sami, &format!("/api/exchanges/{}/cancel", first["id"].as_str().unwrap()), json!({}))
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
