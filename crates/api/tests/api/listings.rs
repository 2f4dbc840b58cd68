//! Offers and wants through the API: search, pause, close, renew, expiry, and who sees a
//! withdrawn listing.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn wants_listings_are_searched_paused_closed_renewed_and_expire() {
    use diesel::prelude::*;
    use seed_api::db::schema::listings;
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let want = offer(&app, &camille, "Cherche aide comptable", "want").await;
    // On a want, the requester gives the service: Sami serves Camille.
    let ex = json_of(app.post_as(&sami, "/api/exchanges", json!({ "listing_id": want })).await).await;
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
        app.post_as(&sami, "/api/exchanges", json!({ "listing_id": want })).await,
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
        json_of(app.post_as(&camille, &format!("/api/listings/{want}/renew"), json!({})).await).await;
    assert_eq!(renewed["status"], "active");
    expire();
    assert_eq!(status().await, "expired");
    let renewed =
        json_of(app.post_as(&camille, &format!("/api/listings/{want}/renew"), json!({})).await).await;
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
    let bad = app
        .post_as(
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
        app.post_as(
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
async fn withdrawn_listings_and_inactive_members_are_seen_only_by_those_involved() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let sami = app.demo_browser(SAMI).await;
    let alex = app.demo_browser(ALEX).await;
    let answered = offer(&app, &sami, "Mise en page", "offer").await;
    let other = offer(&app, &sami, "Photos", "offer").await;
    json_of(app.post_as(&camille, "/api/exchanges", json!({ "listing_id": answered })).await).await;
    for id in [&answered, &other] {
        let paused = app.patch_as(&sami, &format!("/api/listings/{id}"), json!({ "status": "paused" })).await;
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
    let added: Value = app
        .post_as(
            &alex,
            "/api/members",
            json!({ "email": "dominique@amt.example", "display_name": "Dominique" }),
        )
        .await
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
    for id in [&dominique, &app.member_id(SAMI)] {
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
    assert_eq!(page(&camille, &app.member_id(SAMI)).await, 200, "they had an exchange");
    // Deactivating Sami closed his listings.
    let listing: Value = app.get_as(&alex, &format!("/api/listings/{other}")).await;
    assert_eq!(listing["status"], "closed");
}
