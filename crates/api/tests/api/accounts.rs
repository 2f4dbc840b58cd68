//! Accounts through the API: who sees which, limits set by staff, closing and settling.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_closed_account_pays_and_receives_nothing_until_settled_or_reopened() {
    let app = spawn_app().await;
    let admin = app.demo_browser(ALEX).await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami_id = app.member_id(SAMI);
    let sami_account = app.account_id(SAMI);
    admin
        .post(app.url(&format!("/api/members/{sami_id}/deactivate")))
        .header("x-seed-csrf", "1")
        .send()
        .await
        .unwrap();
    let body = assert_problem(
        app.post_with_key(
            &camille,
            "/api/transfers",
            "c1",
            json!({ "to_account": sami_account, "amount": 100, "memo": "x" }),
        )
        .await,
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
    let paid = app
        .post_with_key(
            &camille,
            "/api/transfers",
            "c2",
            json!({ "to_account": sami_account, "amount": 100, "memo": "x" }),
        )
        .await;
    assert_eq!(paid.status(), 201, "{:?}", paid.text().await);
    assert!(app.books().balanced);
}

#[tokio::test]
async fn a_member_sees_only_their_account_and_staff_see_any() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let staff = app.demo_browser(SAMI).await;
    let alex_account = app.account_id(ALEX);
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
async fn staff_change_an_accounts_limits_for_later_transfers() {
    let app = spawn_app().await;
    let (camille, staff) = (app.demo_browser(CAMILLE).await, app.demo_browser(SAMI).await);
    let (camille_account, sami_account) = (app.account_id(CAMILLE), app.account_id(SAMI));
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
    let refused = assert_problem(
        app.post_with_key(&camille, "/api/transfers", "l1", body).await,
        422,
        "ts_floor_reached",
    )
    .await;
    assert_eq!(refused["params"]["floor"], -1000);
    assert_eq!(refused["params"]["short_by"], 100);
    let body = json!({ "to_account": sami_account, "amount": 1500, "memo": "Juste" });
    assert_eq!(app.post_with_key(&camille, "/api/transfers", "l2", body).await.status(), 201);
    assert!(app.books().balanced);
}
