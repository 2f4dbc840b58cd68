//! The time bank's books through the API: welcome grants, payments with idempotency,
//! refusals with figures, reversals, adjustments, closing, statements, and concurrency.

use crate::auth::member_id;
use crate::helpers::{ALEX, CAMILLE, SAMI, TestApp, assert_problem, spawn_app};
use serde_json::{Value, json};

async fn account_of(app: &TestApp, b: &reqwest::Client) -> Value {
    app.get_as(b, "/api/me/account").await
}

fn account_id(app: &TestApp, email: &str) -> String {
    seed_api::db::account::find_for_member(&mut app.conn(), &member_id(app, email)).unwrap().unwrap().id
}

async fn pay(app: &TestApp, b: &reqwest::Client, key: &str, body: Value) -> reqwest::Response {
    b.post(app.url("/api/transfers"))
        .header("x-seed-csrf", "1")
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap()
}

fn books(app: &TestApp) -> seed_domain::timebank::BooksCheck {
    seed_api::ledger::verify_books(&mut app.conn()).unwrap()
}

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
    assert_eq!(statement["items"][0]["counterparty"], "AMT (émission)");
    // Deactivation and reactivation pay nothing more.
    let admin = app.demo_browser(ALEX).await;
    let id = member_id(&app, CAMILLE);
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
    let check = books(&app);
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
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn a_payment_posts_once_per_idempotency_key() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let body = json!({ "to_account": account_id(&app, SAMI), "amount": 250, "memo": "Relecture de devis" });
    let first = pay(&app, &camille, "key-1", body.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["amount"], 250);
    assert_eq!(first["kind"], "payment");
    let again = pay(&app, &camille, "key-1", body.clone()).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first, "the first answer, again");
    assert_eq!(account_of(&app, &camille).await["balance"], 250, "paid once");
    let other_body =
        json!({ "to_account": account_id(&app, SAMI), "amount": 300, "memo": "Relecture de devis" });
    assert_problem(pay(&app, &camille, "key-1", other_body).await, 422, "idempotency_key_reused").await;
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
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn four_copies_at_once_post_once_and_get_the_same_answer() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let body = json!({ "to_account": account_id(&app, SAMI), "amount": 100, "memo": "Copie" });
    let answers = futures_join(&app, &camille, "same-key", &body, 4).await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, [201, 201, 201, 201]);
    assert!(answers.iter().all(|(_, b)| *b == answers[0].1), "{answers:?}");
    assert_eq!(account_of(&app, &camille).await["balance"], 400);
    assert_eq!(books(&app).transfers, 5, "four welcome grants and one payment");
}

async fn futures_join(
    app: &TestApp,
    b: &reqwest::Client,
    key: &str,
    body: &Value,
    n: usize,
) -> Vec<(u16, Value)> {
    let requests = (0..n).map(|_| async {
        let r = pay(app, b, key, body.clone()).await;
        (r.status().as_u16(), r.json::<Value>().await.unwrap())
    });
    let mut out = Vec::new();
    let handles: Vec<_> = requests.collect();
    for (status, body) in futures_util_join_all(handles).await {
        out.push((status, body));
    }
    out
}

async fn futures_util_join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    // Poll them all at once: the copies must race.
    let mut set = Vec::new();
    let pinned: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let joined = async move {
        let mut pinned = pinned;
        let mut results: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
        std::future::poll_fn(|cx| {
            let mut pending = false;
            for (i, f) in pinned.iter_mut().enumerate() {
                if results[i].is_none() {
                    match f.as_mut().poll(cx) {
                        std::task::Poll::Ready(v) => results[i] = Some(v),
                        std::task::Poll::Pending => pending = true,
                    }
                }
            }
            if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
        })
        .await;
        results.into_iter().map(|r| r.unwrap()).collect::<Vec<_>>()
    };
    set.extend(joined.await);
    set
}

#[tokio::test]
async fn refusals_say_which_limit_and_by_how_much_and_post_nothing() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = account_id(&app, SAMI);
    let mine = account_id(&app, CAMILLE);
    // 5 TS, floor -20 TS: paying 26 TS is 1 TS short (the maximum per exchange is 50 TS).
    let body = assert_problem(
        pay(&app, &camille, "k1", json!({ "to_account": sami, "amount": 2600, "memo": "x" })).await,
        422,
        "ts_floor_reached",
    )
    .await;
    assert_eq!(body["params"]["floor"], -2000);
    assert_eq!(body["params"]["short_by"], 100);
    let body = assert_problem(
        pay(&app, &camille, "k2", json!({ "to_account": sami, "amount": 5001, "memo": "x" })).await,
        422,
        "ts_over_maximum",
    )
    .await;
    assert_eq!(body["params"]["maximum"], 5000);
    assert_eq!(body["params"]["over_by"], 1);
    assert_problem(
        pay(&app, &camille, "k3", json!({ "to_account": mine, "amount": 100, "memo": "x" })).await,
        422,
        "ts_same_account",
    )
    .await;
    assert_problem(
        pay(&app, &camille, "k4", json!({ "to_account": "no-such-account", "amount": 100, "memo": "x" }))
            .await,
        422,
        "unknown_account",
    )
    .await;
    for (key, amount) in [("k5", json!(0)), ("k6", json!(-100))] {
        assert_problem(
            pay(&app, &camille, key, json!({ "to_account": sami, "amount": amount, "memo": "x" })).await,
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
            pay(&app, &camille, key, json!({ "to_account": sami, "amount": amount, "memo": "x" })).await,
            400,
            "malformed_json",
        )
        .await;
    }
    let huge = pay(
        &app,
        &camille,
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
        pay(&app, &camille, "k12", json!({ "to_account": sami, "amount": 200, "memo": "x" })).await,
        422,
        "ts_ceiling_reached",
    )
    .await;
    assert_eq!(body["params"]["ceiling"], 20000);
    assert_eq!(body["params"]["over_by"], 100);
    assert_eq!(account_of(&app, &camille).await["balance"], 500, "nothing was posted");
    // A read token cannot pay.
    let token: Value = camille
        .post(app.url("/api/me/tokens"))
        .header("x-seed-csrf", "1")
        .json(&json!({ "name": "lecture", "scopes": ["read"], "expires_in_days": 1 }))
        .send()
        .await
        .unwrap()
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
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn a_closed_account_pays_and_receives_nothing_until_settled_or_reopened() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami_id = member_id(&app, SAMI);
    let sami_account = account_id(&app, SAMI);
    admin
        .post(app.url(&format!("/api/members/{sami_id}/deactivate")))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    let body = assert_problem(
        pay(&app, &camille, "c1", json!({ "to_account": sami_account, "amount": 100, "memo": "x" })).await,
        422,
        "account_closed",
    )
    .await;
    assert_eq!(body["params"]["side"], "to");
    let view: Value = app.get_as(&admin, &format!("/api/accounts/{sami_account}")).await;
    assert_eq!(view["closed"], true);
    assert_eq!(view["balance"], 500, "the balance stays visible");
    let settle = |key: &'static str| {
        admin
            .post(app.url(&format!("/api/accounts/{sami_account}/settle")))
            .header("x-seed-csrf", "1")
            .header("idempotency-key", key)
            .send()
    };
    let settled = settle("s1").await.unwrap();
    assert_eq!(settled.status(), 201, "{:?}", settled.text().await);
    assert_eq!(settled.json::<Value>().await.unwrap()["kind"], "account_closing");
    assert_problem(settle("s2").await.unwrap(), 409, "wrong_state").await;
    let reopened = admin
        .post(app.url(&format!("/api/members/{sami_id}/activate")))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.status(), 200);
    let paid =
        pay(&app, &camille, "c2", json!({ "to_account": sami_account, "amount": 100, "memo": "x" })).await;
    assert_eq!(paid.status(), 201, "{:?}", paid.text().await);
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn staff_reverse_once_and_never_a_reversal() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    let paid: Value = pay(
        &app,
        &camille,
        "p1",
        json!({ "to_account": account_id(&app, ALEX), "amount": 300, "memo": "Aide" }),
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
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn concurrent_reversals_of_one_transfer_post_one() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    let reverse_all = |id: String, keys: [&'static str; 4]| {
        let staff = &staff;
        let app = &app;
        futures_util_join_all(
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
                .collect(),
        )
    };
    let body = json!({ "to_account": account_id(&app, ALEX), "amount": 100, "memo": "Aide" });
    // Four copies under one key: one reversal, the same answer four times.
    let paid: Value = pay(&app, &camille, "c1", body.clone()).await.json().await.unwrap();
    let copies = reverse_all(paid["id"].as_str().unwrap().to_owned(), ["same"; 4]).await;
    assert!(copies.iter().all(|(status, b)| *status == 201 && *b == copies[0].1), "{copies:?}");
    // Four keys at once: one reversal, and three "already reversed".
    let paid: Value = pay(&app, &camille, "c2", body).await.json().await.unwrap();
    let rivals = reverse_all(paid["id"].as_str().unwrap().to_owned(), ["k1", "k2", "k3", "k4"]).await;
    let mut statuses: Vec<u16> = rivals.iter().map(|(s, _)| *s).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409], "{rivals:?}");
    assert_eq!(account_of(&app, &camille).await["balance"], 500, "both payments reversed once");
    assert!(books(&app).balanced);
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
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn sixty_concurrent_payments_stop_exactly_at_the_floor() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let to = account_id(&app, SAMI);
    let to2 = account_id(&app, ALEX);
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
    let statuses = futures_util_join_all(futures).await;
    let ok = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 422).count();
    // From 5 TS down to the floor of -20 TS: exactly 25 payments of 1 TS.
    assert_eq!((ok, refused), (25, 35), "{statuses:?}");
    assert_eq!(account_of(&app, &camille).await["balance"], -2000);
    let check = books(&app);
    assert!(check.balanced, "{check:?}");
}

#[tokio::test]
async fn statements_page_filter_and_export_in_two_csv_dialects() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let to = account_id(&app, SAMI);
    for i in 0..5 {
        let r = pay(
            &app,
            &camille,
            &format!("s{i}"),
            json!({ "to_account": to, "amount": 50 + i, "memo": format!("Ligne {i}; \"guillemets\"") }),
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    let page: Value = app.get_as(&camille, "/api/me/statement?limit=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    assert_eq!(page["items"][0]["amount"], -54);
    assert_eq!(page["items"][0]["balance_after"], 500 - (50 + 51 + 52 + 53 + 54));
    let next: Value = app.get_as(&camille, &format!("/api/me/statement?limit=2&cursor={cursor}")).await;
    assert_eq!(next["items"][0]["amount"], -52);
    let grants: Value = app.get_as(&camille, "/api/me/statement?kind=welcome_grant").await;
    assert_eq!(grants["items"].as_array().unwrap().len(), 1);
    let future: Value = app.get_as(&camille, "/api/me/statement?from=2099-01-01").await;
    assert!(future["items"].as_array().unwrap().is_empty());
    assert_problem(
        camille.get(app.url("/api/me/statement?from=hier")).send().await.unwrap(),
        400,
        "bad_request",
    )
    .await;
    assert_problem(
        camille.get(app.url("/api/me/statement?kind=gift")).send().await.unwrap(),
        400,
        "bad_request",
    )
    .await;

    let sheet = camille.get(app.url("/api/me/statement.csv")).send().await.unwrap();
    assert!(sheet.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let sheet = sheet.text().await.unwrap();
    assert!(
        sheet.starts_with("\u{FEFF}Date;Nature;Libellé;Contrepartie;Montant (TS);Solde (TS);Écriture\r\n"),
        "{sheet}"
    );
    let lines: Vec<&str> = sheet.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[1].contains(";Cadeau de bienvenue;") && lines[1].contains(";5,00;5,00;"), "{}", lines[1]);
    assert!(
        lines[2].contains("\"Ligne 0; \"\"guillemets\"\"\"") && lines[2].contains(";-0,50;4,50;"),
        "{}",
        lines[2]
    );
    let date = lines[1].split(';').next().unwrap();
    assert_eq!(date.len(), 16, "dd/mm/yyyy hh:mm: {date}");
    assert_eq!(&date[2..3], "/");
    let data = camille
        .get(app.url("/api/me/statement.csv?dialect=data"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(data.starts_with("date,kind,memo,counterparty,amount,balance_after,transfer_id\r\n"));
    let row = data.lines().nth(1).unwrap();
    assert!(
        row.contains(",welcome_grant,")
            && row.contains(",5.00,5.00,")
            && row.ends_with(row.split(',').next_back().unwrap())
    );
    assert!(row.split(',').next().unwrap().ends_with('Z'), "ISO dates: {row}");
}

#[tokio::test]
async fn a_member_sees_only_their_account_and_staff_see_any() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    let alex_account = account_id(&app, ALEX);
    for path in [
        format!("/api/accounts/{alex_account}"),
        format!("/api/accounts/{alex_account}/statement"),
        format!("/api/accounts/{alex_account}/statement.csv"),
    ] {
        assert_problem(camille.get(app.url(&path)).send().await.unwrap(), 404, "not_found").await;
        assert_eq!(staff.get(app.url(&path)).send().await.unwrap().status(), 200, "{path}");
    }
    assert_problem(camille.get(app.url("/api/accounts")).send().await.unwrap(), 403, "not_allowed").await;
    let all: Vec<Value> = app.get_as(&staff, "/api/accounts").await;
    assert_eq!(all.len(), 6, "four demo people, issuance and fees");
    let payees: Vec<Value> = app.get_as(&camille, "/api/payees?q=sa").await;
    assert_eq!(payees.len(), 1);
    assert_eq!(payees[0]["display_name"], "Sami Benali");
    assert!(payees[0].get("email").is_none(), "names only");
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
    let created: Value = admin
        .post(app.url("/api/members"))
        .header("x-seed-csrf", "1")
        .json(&json!({ "email": "nouveau@amt.example", "display_name": "Nouveau" }))
        .send()
        .await
        .unwrap()
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
        pay(
            &app,
            &camille,
            "b1",
            json!({ "to_account": account_id(&app, SAMI), "amount": 120, "memo": "avant sauvegarde" })
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

#[tokio::test]
async fn staff_change_an_accounts_limits_for_later_transfers() {
    let app = spawn_app().await;
    let (camille, staff) = (app.demo_browser(CAMILLE).await, app.demo_browser(SAMI).await);
    let (camille_account, sami_account) = (account_id(&app, CAMILLE), account_id(&app, SAMI));
    let put = |b: &reqwest::Client, id: &str, body: Value| {
        b.put(app.url(&format!("/api/accounts/{id}/limits"))).header("x-seed-csrf", "1").json(&body).send()
    };
    let limits = json!({ "floor": -1000, "ceiling": 3000 });
    assert_problem(put(&camille, &camille_account, limits.clone()).await.unwrap(), 403, "not_allowed").await;
    // Camille holds the 5 TS welcome grant: a ceiling of 4 TS or a floor of 6 TS cannot hold it.
    let too_low = put(&staff, &camille_account, json!({ "floor": -1000, "ceiling": 400 })).await.unwrap();
    let problem = assert_problem(too_low, 422, "ts_ceiling_reached").await;
    assert_eq!(problem["params"]["ceiling"], 400);
    assert_eq!(problem["params"]["over_by"], 100);
    let invalid = put(&staff, &camille_account, json!({ "floor": 100, "ceiling": 0 })).await.unwrap();
    let problem = assert_problem(invalid, 422, "validation_failed").await;
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);
    let issuance =
        seed_api::ledger::association_account(&mut app.conn(), seed_domain::ledger::AccountKind::Issuance)
            .unwrap()
            .id;
    assert_problem(put(&staff, &issuance, limits.clone()).await.unwrap(), 409, "wrong_state").await;
    assert_problem(put(&staff, "no-such", limits.clone()).await.unwrap(), 404, "not_found").await;

    let changed = put(&staff, &camille_account, limits).await.unwrap();
    assert_eq!(changed.status(), 200);
    let view: Value = changed.json().await.unwrap();
    assert_eq!((view["floor"].clone(), view["ceiling"].clone()), (json!(-1000), json!(3000)));
    assert!(app.audit().iter().any(|r| r.action.as_str() == "account_limits_changed"));
    // The new floor applies to the next payment: 5 TS + 10 TS of floor, 16 TS is 1 TS short.
    let body = json!({ "to_account": sami_account, "amount": 1600, "memo": "Trop" });
    let refused = assert_problem(pay(&app, &camille, "l1", body).await, 422, "ts_floor_reached").await;
    assert_eq!(refused["params"]["floor"], -1000);
    assert_eq!(refused["params"]["short_by"], 100);
    let body = json!({ "to_account": sami_account, "amount": 1500, "memo": "Juste" });
    assert_eq!(pay(&app, &camille, "l2", body).await.status(), 201);
    assert!(books(&app).balanced);
}

#[tokio::test]
async fn a_member_pays_members_only() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    for kind in [seed_domain::ledger::AccountKind::Issuance, seed_domain::ledger::AccountKind::Fees] {
        let to = seed_api::ledger::association_account(&mut app.conn(), kind).unwrap().id;
        let body = json!({ "to_account": to, "amount": 100, "memo": "À l'association" });
        assert_problem(
            pay(&app, &camille, &format!("a-{}", kind.as_str()), body).await,
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
    let body = json!({ "to_account": account_id(&app, SAMI), "amount": 100, "memo": "Vieux" });
    assert_eq!(pay(&app, &camille, "old-key", body.clone()).await.status(), 201);
    let fresh = json!({ "to_account": account_id(&app, SAMI), "amount": 100, "memo": "Récent" });
    assert_eq!(pay(&app, &camille, "new-key", fresh).await.status(), 201);
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
    let again = json!({ "to_account": account_id(&app, SAMI), "amount": 100, "memo": "Récent" });
    assert_eq!(pay(&app, &camille, "new-key", again).await.status(), 201);
    assert_eq!(account_of(&app, &camille).await["balance"], 300);
}
