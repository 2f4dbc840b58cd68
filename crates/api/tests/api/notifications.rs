//! `/api/me/notifications`: what a member is told, newest first, page by page; the badge's
//! count; marking one or all read; nobody reads or marks another member's.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn notifications_page_count_and_get_marked_read_by_their_member_only() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let lea = app.demo_browser(LEA).await;
    // Three requests on Camille's offers: three notifications for her, none for them.
    let mut exchanges = Vec::new();
    for (title, asker) in [("Relecture", &sami), ("Mise en page", &lea), ("Conseils", &sami)] {
        let listing = offer(&app, &camille, title, "offer").await;
        let r = json_of(app.post_as(asker, "/api/exchanges", json!({ "listing_id": listing })).await).await;
        exchanges.push(r["id"].as_str().unwrap().to_owned());
    }
    assert!(kinds(&app, &sami).await.is_empty());
    let unread: Value = app.get_as(&camille, "/api/me/notifications/unread").await;
    assert_eq!(unread["unread"], 3);

    // Newest first, two to a page, with the exchange and its title.
    let first: Value = app.get_as(&camille, "/api/me/notifications?limit=2").await;
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kind"], "request_to_answer");
    assert_eq!(items[0]["exchange_id"], exchanges[2].as_str());
    assert_eq!(items[0]["title"], "Conseils");
    assert_eq!(items[0]["read"], false);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app.get_as(&camille, &format!("/api/me/notifications?limit=2&cursor={cursor}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0]["title"], "Relecture");
    assert!(second["next_cursor"].is_null());
    let oldest = second["items"][0]["id"].as_str().unwrap().to_owned();

    // Sami can neither mark nor see Camille's: to him it does not exist.
    let path = format!("/api/me/notifications/{oldest}/read");
    assert_problem(app.post_as(&sami, &path, json!({})).await, 404, "not_found").await;
    let unread: Value = app.get_as(&camille, "/api/me/notifications/unread").await;
    assert_eq!(unread["unread"], 3);

    // Camille marks one read (twice is harmless), then the rest.
    assert_eq!(app.post_as(&camille, &path, json!({})).await.status(), 204);
    assert_eq!(app.post_as(&camille, &path, json!({})).await.status(), 204);
    let unread_only: Value = app.get_as(&camille, "/api/me/notifications?unread=true").await;
    assert_eq!(unread_only["items"].as_array().unwrap().len(), 2);
    let all: Value = app.get_as(&camille, "/api/me/notifications").await;
    assert_eq!(all["items"][2]["read"], true);
    assert_eq!(app.post_as(&camille, "/api/me/notifications/read_all", json!({})).await.status(), 204);
    let unread: Value = app.get_as(&camille, "/api/me/notifications/unread").await;
    assert_eq!(unread["unread"], 0);
    assert_problem(
        camille.get(app.url("/api/me/notifications?limit=0")).send().await.unwrap(),
        400,
        "bad_request",
    )
    .await;
}
