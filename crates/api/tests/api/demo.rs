//! The living association a demo starts with: enough members, listings and exchanges to show
//! every screen, built by the services so every rule holds, and seeded once.

use crate::helpers::*;
use seed_domain::exchange::ExchangeState;
use serde_json::Value;

#[tokio::test]
async fn a_demo_shows_a_living_association_seeded_once() {
    let app = spawn_app_with(&[("SEED_DEMO_DATA", "association")]).await;
    let admin = app.demo_browser(ALEX).await;
    let members: Value = app.get_as(&admin, "/api/members?limit=200").await;
    let members = members["items"].as_array().unwrap();
    assert!(members.len() >= 24, "{} members", members.len());
    // Every one of them marked demo: this database can never be mistaken for a real one.
    assert_eq!(seed_api::db::member::count_not_demo(&mut app.conn()).unwrap(), 0);
    let listings: Value = app.get_as(&admin, "/api/listings?limit=200").await;
    let listings = listings["items"].as_array().unwrap();
    assert!(listings.len() >= 25, "{} listings", listings.len());
    for kind in ["offer", "want"] {
        assert!(listings.iter().any(|l| l["kind"] == kind), "a {kind}");
    }
    // Every state an exchange can be in, as staff see them.
    for state in ExchangeState::ALL {
        let page: Value = app.get_as(&admin, &format!("/api/disputes?state={state}")).await;
        assert!(!page["items"].as_array().unwrap().is_empty(), "an exchange {state}");
    }
    let signals: Value = app.get_as(&admin, "/api/admin/abuse_signals").await;
    let kinds: Vec<&str> = signals.as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    for kind in ["gives_never_receives", "ping_pong", "repeated_cancellations"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let books: Value = app.get_as(&admin, "/api/admin/books").await;
    assert_eq!(books["balanced"], true, "{books}");
    assert!(books["transfers"].as_u64().unwrap() > 40, "{books}");
    // The demo member has something to do: a request to answer, a delivery to confirm.
    let camille = app.demo_browser(CAMILLE).await;
    let mine: Value = app.get_as(&camille, "/api/exchanges?limit=200").await;
    let states: Vec<&str> =
        mine["items"].as_array().unwrap().iter().map(|e| e["state"].as_str().unwrap()).collect();
    for state in ["requested", "delivered", "evaluated"] {
        assert!(states.contains(&state), "{state} in {states:?}");
    }
    // A second start finds it there and adds nothing.
    let before = books["transfers"].clone();
    seed_api::demo::association::seed(&mut app.conn()).unwrap();
    let again: Value = app.get_as(&admin, "/api/admin/books").await;
    assert_eq!(again["transfers"], before);
}
