//! Every value of every domain enum goes into the database and comes back as itself, on both
//! backends; a stored value the domain does not know is a logged 500, never a default.

use crate::helpers::{CAMILLE, assert_problem, spawn_app};
use diesel::prelude::*;
use seed_api::db::{self, exchange::ExchangeRow, listing::ListingRow, member::MemberRow};
use seed_domain::auth::Scope;
use seed_domain::exchange::{ActionKind, ExchangeState};
use seed_domain::ledger::{AccountKind, TransferKind};
use seed_domain::listing::{ListingKind, ListingStatus};
use seed_domain::membership::{MemberStatus, Role};
use seed_domain::notification::NotificationKind;

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[tokio::test]
async fn every_enum_value_round_trips_through_the_database() {
    let app = spawn_app().await;
    let conn = &mut *app.conn();
    // Whole seconds: PostgreSQL keeps microseconds, SQLite nanoseconds.
    let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let camille = db::member::find_by_email(conn, CAMILLE).unwrap().unwrap();

    for role in Role::ALL {
        for status in MemberStatus::ALL {
            let row = MemberRow {
                id: id(),
                email: format!("{}@amt.example", id()),
                display_name: "x".into(),
                role,
                status,
                created_at: now,
                updated_at: now,
                oidc_issuer: None,
                oidc_subject: None,
                demo: true,
            };
            db::member::insert(conn, &row).unwrap();
            assert_eq!(db::member::find(conn, &row.id).unwrap(), Some(row));
        }
    }

    let accounts: Vec<AccountKind> = AccountKind::ALL
        .into_iter()
        .map(|kind| match kind {
            AccountKind::Member => db::account::find_for_member(conn, &camille.id).unwrap().unwrap().kind,
            association => db::account::find_association(conn, association).unwrap().unwrap().kind,
        })
        .collect();
    assert_eq!(accounts, AccountKind::ALL);

    let issuance = db::account::find_association(conn, AccountKind::Issuance).unwrap().unwrap().id;
    let fees = db::account::find_association(conn, AccountKind::Fees).unwrap().unwrap().id;
    let mut first: Option<String> = None;
    for kind in TransferKind::ALL {
        let row = db::ledger::TransferRow {
            id: id(),
            kind,
            from_account: issuance.clone(),
            to_account: fees.clone(),
            amount: 1,
            initiated_by: None,
            exchange_id: None,
            memo: "enum".into(),
            // A reversal says what it reverses.
            reverses: if kind == TransferKind::Reversal { first.clone() } else { None },
            created_at: now,
        };
        first.get_or_insert(row.id.clone());
        diesel::insert_into(db::schema::transfers::table).values(row.clone()).execute(conn).unwrap();
        assert_eq!(db::ledger::find_transfer(conn, &row.id).unwrap(), Some(row));
    }

    let mut listing_id = None;
    for kind in ListingKind::ALL {
        for status in ListingStatus::ALL {
            let row = ListingRow {
                id: id(),
                kind,
                owner_id: camille.id.clone(),
                title: "x".into(),
                description: "x".into(),
                skills: String::new(),
                estimated_minutes: 60,
                status,
                created_at: now,
                updated_at: now,
                expires_at: now,
            };
            db::listing::insert(conn, &row).unwrap();
            let (back, _) = db::listing::find(conn, &row.id).unwrap().unwrap();
            assert_eq!(back, row);
            listing_id = Some(row.id);
        }
    }

    let alex = db::member::find_by_email(conn, crate::helpers::ALEX).unwrap().unwrap();
    for state in ExchangeState::ALL {
        let row = ExchangeRow {
            id: id(),
            listing_id: None,
            title: "x".into(),
            state,
            provider_id: alex.id.clone(),
            beneficiary_id: camille.id.clone(),
            requester_id: camille.id.clone(),
            minutes: Some(60),
            amount: Some(167),
            transfer_id: None,
            created_at: now,
            updated_at: now,
            delivered_at: None,
            auto_confirm_at: None,
            reminded_at: None,
        };
        db::exchange::insert(conn, &row).unwrap();
        assert_eq!(db::exchange::find(conn, &row.id).unwrap(), Some(row.clone()));
        for action in ActionKind::ALL {
            let event = db::exchange::NewEvent {
                exchange_id: &row.id,
                at: now,
                actor_id: None,
                action: action.as_str(),
                note: None,
            };
            db::exchange::add_event(conn, &event).unwrap();
        }
        let actions: Vec<String> =
            db::exchange::events(conn, &row.id).unwrap().into_iter().map(|e| e.2).collect();
        let parsed: Vec<ActionKind> = actions.into_iter().map(|a| ActionKind::try_from(a).unwrap()).collect();
        assert_eq!(parsed, ActionKind::ALL);
        for kind in NotificationKind::ALL {
            let n = db::notification::NotificationRow {
                id: id(),
                member_id: camille.id.clone(),
                kind,
                exchange_id: Some(row.id.clone()),
                created_at: now,
                read_at: None,
            };
            db::notification::notify(conn, &n).unwrap();
        }
    }
    let kinds: std::collections::BTreeSet<&str> =
        db::notification::notifications_of(conn, &camille.id, false, None, 1000)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n.kind.as_str())
            .collect();
    assert_eq!(kinds.len(), NotificationKind::ALL.len());
    assert!(listing_id.is_some());

    // A token's scopes are a set, stored in one text.
    assert_eq!(Scope::split(&Scope::join(&Scope::ALL)).unwrap(), Scope::ALL);
    assert_eq!(Scope::join(&[Scope::Write, Scope::Read, Scope::Write]), "read write");
    assert!(Scope::split("read sudo").is_err());
}

#[tokio::test]
async fn a_stored_value_seed_does_not_know_is_a_server_error_not_a_default() {
    let app = spawn_app().await;
    let camille = app.demo_browser(CAMILLE).await;
    let id = db::member::find_by_email(&mut app.conn(), CAMILLE).unwrap().unwrap().id;
    // The notifications' kind has no CHECK: a row written by a newer or broken SEED.
    diesel::sql_query(format!(
        "INSERT INTO notifications (id, member_id, kind, exchange_id, created_at) \
         VALUES ('n-bogus', '{id}', 'paid_in_gold', NULL, '2026-12-01 10:00:00')"
    ))
    .execute(&mut *app.conn())
    .unwrap();
    let listed = camille.get(app.url("/api/me/notifications")).send().await.unwrap();
    assert_problem(listed, 500, "internal").await;
    // A corrupt rules row is not read as the defaults either.
    diesel::sql_query("INSERT INTO settings (key, value, updated_at) VALUES ('ts_rules', '{not json', '2026-12-01 10:00:00')")
        .execute(&mut *app.conn())
        .unwrap();
    assert_problem(app.get("/api/public/ts_rules").await, 500, "internal").await;
}
