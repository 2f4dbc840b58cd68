//! `/api/public/*`: what anyone may read without signing in.

use crate::helpers::*;
use serde_json::Value;

#[tokio::test]
async fn the_texts_of_a_language_come_in_key_order_and_revalidate() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let en = client.get(app.url("/api/public/texts/en")).send().await.unwrap();
    assert_eq!(en.status(), 200);
    assert_eq!(en.headers()["cache-control"], "no-cache");
    let etag = en.headers()["etag"].to_str().unwrap().to_owned();
    let english: Vec<String> = en.json().await.unwrap();
    let french: Vec<String> = app.get("/api/public/texts/fr").await.json().await.unwrap();
    assert_eq!(english.len(), french.len());
    // The same key at the same place: "nav.home".
    let at = french.iter().position(|t| t == "Accueil").unwrap();
    assert_eq!(english[at], "Home");
    let again =
        client.get(app.url("/api/public/texts/en")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.text().await.unwrap().is_empty());
    for tag in [format!("W/{etag}"), "*".to_owned(), format!("\"other\", {etag}")] {
        let r =
            client.get(app.url("/api/public/texts/en")).header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(r.status(), 304, "{tag}");
    }
    let r = client
        .get(app.url("/api/public/texts/en"))
        .header("if-none-match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A page built from another catalogue is told, instead of getting texts on the wrong keys.
    let keys = seed_domain::catalogue::keys_fingerprint(["nav.home"]);
    let stale = app.get(&format!("/api/public/texts/en?keys={keys}")).await;
    assert_problem(stale, 409, "conflict").await;
    let body: Value = assert_problem(app.get("/api/public/texts/de").await, 404, "not_found").await;
    assert_eq!(body["status"], 404);
}
