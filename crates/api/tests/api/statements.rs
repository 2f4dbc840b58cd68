//! Statements through the API: pages, filters, and the two CSV dialects.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn statements_page_filter_and_export_in_two_csv_dialects() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let to = app.account_id(SAMI);
    for i in 0..5 {
        let r = app
            .post_with_key(
                &camille,
                "/api/transfers",
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
    // A period that ends before it starts is refused, on the page and in the export alike.
    for path in [
        "/api/me/statement?from=2026-03-02&to=2026-03-01",
        "/api/me/statement.csv?from=2026-03-02&to=2026-03-01",
    ] {
        let body =
            assert_problem(camille.get(app.url(path)).send().await.unwrap(), 422, "period_reversed").await;
        assert_eq!(
            (&body["errors"][0]["field"], &body["errors"][0]["code"]),
            (&"to".into(), &"before_from".into()),
            "{path}"
        );
    }
    let same_day: Value = app.get_as(&camille, "/api/me/statement?from=2026-03-01&to=2026-03-01").await;
    assert!(same_day["items"].is_array());

    let sheet = camille.get(app.url("/api/me/statement.csv")).send().await.unwrap();
    assert!(sheet.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let sheet = sheet.text().await.unwrap();
    assert!(
        sheet.starts_with("\u{FEFF}Date;Nature;Libellé;Contrepartie;Montant (TS);Solde (TS);Écriture\r\n"),
        "{sheet}"
    );
    let lines: Vec<&str> = sheet.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(
        lines[1].contains(";Cadeau de bienvenue;;Association (émission);5,00;5,00;"),
        "the French catalogue labels the kind and the association's account: {}",
        lines[1]
    );
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
        row.contains(",welcome_grant,,issuance,5.00,5.00,")
            && row.ends_with(row.split(',').next_back().unwrap())
    );
    assert!(row.split(',').next().unwrap().ends_with('Z'), "ISO dates: {row}");
}
