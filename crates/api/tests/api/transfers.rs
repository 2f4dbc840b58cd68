//! Moving TS through the API: welcome grants, payments with idempotency (copies at once
//! too), refusals with figures, reversals, the floor under concurrency, append-only books.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn every_new_member_gets_the_welcome_grant_once() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let account = account_of(&app, &camille).await;
    assert_eq!(account["balance"], 500);
    assert_eq!(account["floor"], -2000);
    assert_eq!(account["ceiling"], 20000);
    let statement: Value = app.get_as(&camille, "/api/me/statement").await;
    assert_eq!(statement["items"][0]["kind"], "welcome_grant");
    assert_eq!(statement["items"][0]["balance_after"], 500);
    // The association's account goes on the wire as a kind: each client labels it in its
    // person's language, and no memo in the books is one language's sentence.
    assert_eq!(statement["items"][0]["counterparty"], Value::Null);
    assert_eq!(statement["items"][0]["counterparty_kind"], "issuance");
    assert_eq!(statement["items"][0]["memo"], "");
    // Deactivation and reactivation pay nothing more.
    let admin = app.demo_browser(ALEX).await;
    let id = app.member_id(CAMILLE);
    for action in ["deactivate", "activate"] {
        let r = admin
            .post(app.url(&format!("/api/members/{id}/{action}")))
            .header("x-seed-csrf", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let camille = app.demo_browser(CAMILLE).await;
    assert_eq!(account_of(&app, &camille).await["balance"], 500);
    let check = app.books();
    assert!(check.balanced, "{check:?}");
    assert_eq!(check.in_circulation.hundredths(), 2000, "four demo people");

    // A member added as pending gets nothing until their first activation, then 5 TS once.
    let pending = seed_api::membership::add_member(
        &mut app.conn(),
        "dominique.petit@amt.example",
        "Dominique Petit",
        seed_domain::membership::Role::Member,
        seed_domain::membership::MemberStatus::Pending,
        true,
    )
    .unwrap();
    let grant = || {
        let account = seed_api::db::account::find_for_member(&mut app.conn(), &pending.id).unwrap().unwrap();
        account.balance
    };
    assert_eq!(grant(), 0, "nothing while pending");
    for action in ["activate", "deactivate", "activate"] {
        let r = admin
            .post(app.url(&format!("/api/members/{}/{action}", pending.id)))
            .header("x-seed-csrf", "1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert_eq!(grant(), 500, "paid at the first activation only");
    assert!(app.books().balanced);
}

#[tokio::test]
async fn a_payment_posts_once_per_idempotency_key() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let body = json!({ "to_account": app.account_id(SAMI), "amount": 250, "memo": "Relecture de devis" });
    let first = app.post_with_key(&camille, "/api/transfers", "key-1", body.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["amount"], 250);
    assert_eq!(first["kind"], "payment");
    let again = app.post_with_key(&camille, "/api/transfers", "key-1", body.clone()).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first, "the first answer, again");
    assert_eq!(account_of(&app, &camille).await["balance"], 250, "paid once");
    let other_body =
        json!({ "to_account": app.account_id(SAMI), "amount": 300, "memo": "Relecture de devis" });
    assert_problem(
        app.post_with_key(&camille, "/api/transfers", "key-1", other_body).await,
        422,
        "idempotency_key_reused",
    )
    .await;
    let no_key =
        camille.post(app.url("/api/transfers")).header("x-seed-csrf", "1").json(&body).send().await.unwrap();
    assert_problem(no_key, 400, "idempotency_key_missing").await;

    let sami = app.demo_browser(SAMI).await;
    let statement: Value = app.get_as(&sami, "/api/me/statement").await;
    assert_eq!(statement["items"][0]["amount"], 250);
    assert_eq!(statement["items"][0]["balance_after"], 750);
    assert_eq!(statement["items"][0]["counterparty"], "Camille Martin");
    assert_eq!(statement["items"][0]["memo"], "Relecture de devis");
    let account = account_of(&app, &sami).await;
    assert_eq!(account["totals"]["given_amount"], 250);
    assert_eq!(account["totals"]["given_count"], 1);
    assert_eq!(account["totals"]["received_count"], 0);
    // The payer received a service; the welcome grant is neither given nor received.
    let payer = account_of(&app, &camille).await;
    assert_eq!(payer["totals"]["received_amount"], 250);
    assert_eq!(payer["totals"]["received_count"], 1);
    assert_eq!(payer["totals"]["given_count"], 0);
    assert!(app.books().balanced);
}

#[tokio::test]
async fn four_copies_at_once_post_once_and_get_the_same_answer() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let body = json!({ "to_account": app.account_id(SAMI), "amount": 100, "memo": "Copie" });
    // The copies race: all four are in flight at once.
    let mut copies = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (b, url, body) = (camille.clone(), app.url("/api/transfers"), body.clone());
        copies.spawn(async move {
            let r = b
                .post(url)
                .header("x-seed-csrf", "1")
                .header("idempotency-key", "same-key")
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        });
    }
    let answers = copies.join_all().await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, [201, 201, 201, 201]);
    assert!(answers.iter().all(|(_, b)| *b == answers[0].1), "{answers:?}");
    assert_eq!(account_of(&app, &camille).await["balance"], 400);
    assert_eq!(app.books().transfers, 5, "four welcome grants and one payment");
}

#[tokio::test]
async fn refusals_say_which_limit_and_by_how_much_and_post_nothing() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.account_id(SAMI);
    let mine = app.account_id(CAMILLE);
    // 5 TS, floor -20 TS: paying 26 TS is 1 TS short (the maximum per exchange is 50 TS).
    let body = assert_problem(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "k1",
            json!({ "to_account": sami, "amount": 2600, "memo": "x" }),
        )
        .await,
        422,
        "ts_floor_reached",
    )
    .await;
    assert_eq!(body["params"]["floor"], -2000);
    assert_eq!(body["params"]["short_by"], 100);
    let body = assert_problem(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "k2",
            json!({ "to_account": sami, "amount": 5001, "memo": "x" }),
        )
        .await,
        422,
        "ts_over_maximum",
    )
    .await;
    assert_eq!(body["params"]["maximum"], 5000);
    assert_eq!(body["params"]["over_by"], 1);
    assert_problem(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "k3",
            json!({ "to_account": mine, "amount": 100, "memo": "x" }),
        )
        .await,
        422,
        "ts_same_account",
    )
    .await;
    assert_problem(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "k4",
            json!({ "to_account": "no-such-account", "amount": 100, "memo": "x" }),
        )
        .await,
        422,
        "unknown_account",
    )
    .await;
    for (key, amount) in [("k5", json!(0)), ("k6", json!(-100))] {
        assert_problem(
            app.post_with_key(
                &camille,
                "/api/transfers",
                key,
                json!({ "to_account": sami, "amount": amount, "memo": "x" }),
            )
            .await,
            422,
            "validation_failed",
        )
        .await;
    }
    // Not an integer of hundredths: refused before anything else.
    for (key, amount) in
        [("k7", json!(2.5)), ("k8", json!("250")), ("k9", json!(1e20)), ("k10", json!(12.34))]
    {
        assert_problem(
            app.post_with_key(
                &camille,
                "/api/transfers",
                key,
                json!({ "to_account": sami, "amount": amount, "memo": "x" }),
            )
            .await,
            400,
            "malformed_json",
        )
        .await;
    }
    let huge = app
        .post_with_key(
            &camille,
            "/api/transfers",
            "k11",
            serde_json::from_str(&format!(
                "{{\"to_account\": \"{sami}\", \"amount\": 99999999999999999999, \"memo\": \"x\"}}"
            ))
            .unwrap_or(json!({})),
        )
        .await;
    assert_eq!(huge.status(), 400);
    // The payee's ceiling: Sami at 199 TS cannot receive 2 TS more.
    let admin = app.demo_browser(ALEX).await;
    let adjust = admin
        .post(app.url("/api/adjustments"))
        .header("x-seed-csrf", "1")
        .header("idempotency-key", "adj-1")
        .json(&json!({ "account": sami, "amount": 19400, "reason": "Test du plafond" }))
        .send()
        .await
        .unwrap();
    assert_eq!(adjust.status(), 201);
    let body = assert_problem(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "k12",
            json!({ "to_account": sami, "amount": 200, "memo": "x" }),
        )
        .await,
        422,
        "ts_ceiling_reached",
    )
    .await;
    assert_eq!(body["params"]["ceiling"], 20000);
    assert_eq!(body["params"]["over_by"], 100);
    assert_eq!(account_of(&app, &camille).await["balance"], 500, "nothing was posted");
    // A read token cannot pay.
    let token: Value = app
        .post_as(
            &camille,
            "/api/me/tokens",
            json!({ "name": "lecture", "scopes": ["read"], "expires_in_days": 1 }),
        )
        .await
        .json()
        .await
        .unwrap();
    let with_read = reqwest::Client::new()
        .post(app.url("/api/transfers"))
        .bearer_auth(token["token"].as_str().unwrap())
        .header("idempotency-key", "k13")
        .json(&json!({ "to_account": sami, "amount": 100, "memo": "x" }))
        .send()
        .await
        .unwrap();
    assert_problem(with_read, 403, "insufficient_scope").await;
    assert!(app.books().balanced);
}

/// JSON Schema (and JavaScript) read `25.0` as the integer 25; SEED does too, and still
/// refuses a fraction (above).
#[tokio::test]
async fn a_whole_number_spelled_as_a_float_is_that_number() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.account_id(SAMI);
    let r = app
        .post_with_key(
            &camille,
            "/api/transfers",
            "whole",
            json!({ "to_account": sami, "amount": 25.0, "memo": "x" }),
        )
        .await;
    assert_eq!(r.status(), 201);
    assert_eq!(json_of(r).await["amount"], 25);
}

#[tokio::test]
async fn staff_reverse_once_and_never_a_reversal() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    let paid: Value = app
        .post_with_key(
            &camille,
            "/api/transfers",
            "p1",
            json!({ "to_account": app.account_id(ALEX), "amount": 300, "memo": "Aide" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = paid["id"].as_str().unwrap();
    let reverse = |b: &reqwest::Client, id: String, key: &'static str| {
        b.post(app.url(&format!("/api/transfers/{id}/reverse")))
            .header("x-seed-csrf", "1")
            .header("idempotency-key", key)
            .json(&json!({ "reason": "Erreur de saisie" }))
            .send()
    };
    assert_problem(reverse(&camille, id.to_owned(), "r0").await.unwrap(), 403, "not_allowed").await;
    let reversal = reverse(&staff, id.to_owned(), "r1").await.unwrap();
    assert_eq!(reversal.status(), 201);
    let reversal: Value = reversal.json().await.unwrap();
    assert_eq!(reversal["reverses"], id);
    assert_eq!(account_of(&app, &camille).await["balance"], 500, "restored exactly");
    assert_problem(reverse(&staff, id.to_owned(), "r2").await.unwrap(), 409, "already_reversed").await;
    assert_problem(
        reverse(&staff, reversal["id"].as_str().unwrap().to_owned(), "r3").await.unwrap(),
        422,
        "not_reversible",
    )
    .await;
    assert_problem(reverse(&staff, "no-such".to_owned(), "r4").await.unwrap(), 404, "not_found").await;
    // Each statement line says whether its transfer was reversed, even when the reversal is
    // on another page: one line per page, the reversal first, then the payment.
    let first: Value = app.get_as(&camille, "/api/me/statement?limit=1").await;
    assert_eq!(first["items"][0]["transfer_id"], reversal["id"]);
    assert_eq!(first["items"][0]["reversed_by"], Value::Null);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app.get_as(&camille, &format!("/api/me/statement?limit=1&cursor={cursor}")).await;
    assert_eq!(second["items"][0]["transfer_id"], id);
    assert_eq!(second["items"][0]["reversed_by"], reversal["id"]);
    // A reversed payment no longer counts as given or received.
    assert_eq!(account_of(&app, &camille).await["totals"]["received_count"], 0);
    assert!(app.audit().iter().any(|r| r.action.as_str() == "transfer_reversed"));
    assert!(app.books().balanced);
}

#[tokio::test]
async fn concurrent_reversals_of_one_transfer_post_one() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    let reverse_all = |id: String, keys: [&'static str; 4]| {
        let staff = &staff;
        let app = &app;
        futures_util::future::join_all(
            keys.into_iter()
                .map(|key| {
                    let id = id.clone();
                    async move {
                        let r = staff
                            .post(app.url(&format!("/api/transfers/{id}/reverse")))
                            .header("x-seed-csrf", "1")
                            .header("idempotency-key", key)
                            .json(&json!({ "reason": "Doublon" }))
                            .send()
                            .await
                            .unwrap();
                        (r.status().as_u16(), r.json::<Value>().await.unwrap())
                    }
                })
                .collect::<Vec<_>>(),
        )
    };
    let body = json!({ "to_account": app.account_id(ALEX), "amount": 100, "memo": "Aide" });
    // Four copies under one key: one reversal, the same answer four times.
    let paid: Value =
        app.post_with_key(&camille, "/api/transfers", "c1", body.clone()).await.json().await.unwrap();
    let copies = reverse_all(paid["id"].as_str().unwrap().to_owned(), ["same"; 4]).await;
    assert!(copies.iter().all(|(status, b)| *status == 201 && *b == copies[0].1), "{copies:?}");
    // Four keys at once: one reversal, and three "already reversed".
    let paid: Value = app.post_with_key(&camille, "/api/transfers", "c2", body).await.json().await.unwrap();
    let rivals = reverse_all(paid["id"].as_str().unwrap().to_owned(), ["k1", "k2", "k3", "k4"]).await;
    let mut statuses: Vec<u16> = rivals.iter().map(|(s, _)| *s).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409], "{rivals:?}");
    assert_eq!(account_of(&app, &camille).await["balance"], 500, "both payments reversed once");
    assert!(app.books().balanced);
}

#[tokio::test]
async fn postings_and_transfers_cannot_be_edited_or_deleted() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app().await;
    let mut conn = app.conn();
    for sql in [
        "UPDATE postings SET amount = amount + 1",
        "DELETE FROM postings",
        "UPDATE transfers SET memo = 'edited'",
        "DELETE FROM transfers",
    ] {
        let err = conn.batch_execute(sql).expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    if app.db.is_postgres() {
        assert!(conn.batch_execute("TRUNCATE postings CASCADE").is_err());
    }
    assert!(app.books().balanced);
}

#[tokio::test]
async fn sixty_concurrent_payments_stop_exactly_at_the_floor() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let to = app.account_id(SAMI);
    let to2 = app.account_id(ALEX);
    let futures: Vec<_> = (0..60)
        .map(|i| {
            let (camille, target) = (camille.clone(), if i % 2 == 0 { to.clone() } else { to2.clone() });
            let url = app.url("/api/transfers");
            async move {
                camille
                    .post(url)
                    .header("x-seed-csrf", "1")
                    .header("idempotency-key", format!("c-{i}"))
                    .json(&json!({ "to_account": target, "amount": 100, "memo": "concurrent" }))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        })
        .collect();
    let statuses = futures_util::future::join_all(futures).await;
    let ok = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 422).count();
    // From 5 TS down to the floor of -20 TS: exactly 25 payments of 1 TS.
    assert_eq!((ok, refused), (25, 35), "{statuses:?}");
    assert_eq!(account_of(&app, &camille).await["balance"], -2000);
    let check = app.books();
    assert!(check.balanced, "{check:?}");
}

#[tokio::test]
async fn a_member_pays_members_only() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    for kind in [seed_domain::ledger::AccountKind::Issuance, seed_domain::ledger::AccountKind::Fees] {
        let to = seed_api::ledger::association_account(&mut app.conn(), kind).unwrap().id;
        let body = json!({ "to_account": to, "amount": 100, "memo": "À l'association" });
        assert_problem(
            app.post_with_key(&camille, "/api/transfers", &format!("a-{}", kind.as_str()), body).await,
            422,
            "ts_not_between_members",
        )
        .await;
    }
    assert_eq!(account_of(&app, &camille).await["balance"], 500, "nothing posted");
}

#[tokio::test]
async fn idempotency_keys_are_purged_after_the_rules_period() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let body = json!({ "to_account": app.account_id(SAMI), "amount": 100, "memo": "Vieux" });
    assert_eq!(app.post_with_key(&camille, "/api/transfers", "old-key", body.clone()).await.status(), 201);
    let fresh = json!({ "to_account": app.account_id(SAMI), "amount": 100, "memo": "Récent" });
    assert_eq!(app.post_with_key(&camille, "/api/transfers", "new-key", fresh).await.status(), 201);
    // The old key is 8 days old; the rules keep keys 7 days.
    let eight_days_ago =
        (chrono::Utc::now() - chrono::Duration::days(8)).naive_utc().format("%Y-%m-%d %H:%M:%S");
    app.conn()
        .batch_execute(&format!(
            "UPDATE idempotency_keys SET created_at = '{eight_days_ago}' WHERE key = 'old-key'"
        ))
        .unwrap();
    seed_api::scheduler::run_now(&mut app.conn(), "purge_idempotency_keys").unwrap();
    let keys = |key: &str| {
        use diesel::prelude::*;
        use seed_api::db::schema::idempotency_keys::dsl;
        dsl::idempotency_keys
            .filter(dsl::key.eq(key.to_owned()))
            .count()
            .get_result::<i64>(&mut app.conn())
            .unwrap()
    };
    assert_eq!((keys("old-key"), keys("new-key")), (0, 1));
    // A repeat of the recent key still gets its first answer and pays nothing.
    let again = json!({ "to_account": app.account_id(SAMI), "amount": 100, "memo": "Récent" });
    assert_eq!(app.post_with_key(&camille, "/api/transfers", "new-key", again).await.status(), 201);
    assert_eq!(account_of(&app, &camille).await["balance"], 300);
}
