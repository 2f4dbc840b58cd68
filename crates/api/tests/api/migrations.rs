//! The migrations of the trust hardening on a populated database as SEED left it before them:
//! the rebuilt exchanges table (SQLite changes a CHECK only so) keeps every row and every
//! reference to it, duplicate requests are cancelled, issuers get one spelling, the audit log
//! forgets e-mails and becomes append-only.

use crate::helpers::fresh_db;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl};
use seed_api::db::DbConn;

/// The last migration before this work.
const BEFORE: &str = "2026-12-01-000006";

/// A demo database's worth of rows, in the schema of [`BEFORE`]: members (one linked with the
/// short issuer spelling), their accounts, two listings, exchanges in most states with their
/// timeline, an evaluation and notifications, duplicate requests, and audit rows naming
/// people by e-mail.
const POPULATE: &str = "
INSERT INTO members (id, email, display_name, role, status, created_at, updated_at, oidc_issuer, oidc_subject) VALUES
  ('m-camille', 'camille.martin@amt.example', 'Camille Martin', 'member', 'active', '2026-11-01 10:00:00', '2026-11-01 10:00:00', 'accounts.google.com', 'g-camille'),
  ('m-sami', 'sami.benali@amt.example', 'Sami Benali', 'staff', 'active', '2026-11-01 10:00:00', '2026-11-01 10:00:00', 'https://accounts.google.com', 'g-sami'),
  ('m-alex', 'alex.durand@amt.example', 'Alex Durand', 'admin', 'active', '2026-11-01 10:00:00', '2026-11-01 10:00:00', NULL, NULL);
INSERT INTO accounts (id, member_id, kind, balance, floor, ceiling, created_at) VALUES
  ('a-camille', 'm-camille', 'member', 0, -2000, 20000, '2026-11-01 10:00:00'),
  ('a-sami', 'm-sami', 'member', 0, -2000, 20000, '2026-11-01 10:00:00'),
  ('a-alex', 'm-alex', 'member', 0, -2000, 20000, '2026-11-01 10:00:00');
INSERT INTO listings (id, kind, owner_id, title, description, skills, estimated_minutes, status, created_at, updated_at, expires_at) VALUES
  ('l-web', 'offer', 'm-sami', 'Site web', 'Je fais des sites', 'web', 180, 'active', '2026-11-02 10:00:00', '2026-11-02 10:00:00', '2027-02-01 10:00:00'),
  ('l-compta', 'offer', 'm-alex', 'Comptabilité', 'Aide compta', 'compta', 60, 'active', '2026-11-02 10:00:00', '2026-11-02 10:00:00', '2027-02-01 10:00:00');
INSERT INTO exchanges (id, listing_id, title, state, provider_id, beneficiary_id, requester_id, minutes, amount, transfer_id, created_at, updated_at, delivered_at, auto_confirm_at, reminded_at) VALUES
  ('x1-dup-old', 'l-web', 'Site web', 'requested', 'm-sami', 'm-camille', 'm-camille', 180, 500, NULL, '2026-11-03 10:00:00', '2026-11-03 10:00:00', NULL, NULL, NULL),
  ('x2-dup-new', 'l-web', 'Site web', 'requested', 'm-sami', 'm-camille', 'm-camille', 180, 500, NULL, '2026-11-03 10:00:01', '2026-11-03 10:00:01', NULL, NULL, NULL),
  ('x3-delivered', 'l-compta', 'Comptabilité', 'delivered', 'm-alex', 'm-camille', 'm-camille', 60, 167, NULL, '2026-11-04 10:00:00', '2026-11-05 10:00:00', '2026-11-05 10:00:00', '2026-11-19 10:00:00', NULL),
  ('x4-dup-of-delivered', 'l-compta', 'Comptabilité', 'requested', 'm-alex', 'm-camille', 'm-camille', 60, 167, NULL, '2026-11-06 10:00:00', '2026-11-06 10:00:00', NULL, NULL, NULL),
  ('x5-evaluated', 'l-web', 'Site web', 'evaluated', 'm-sami', 'm-alex', 'm-alex', 180, 500, NULL, '2026-11-02 11:00:00', '2026-11-02 12:00:00', '2026-11-02 11:30:00', NULL, NULL),
  ('x6-cancelled', 'l-web', 'Site web', 'cancelled', 'm-sami', 'm-camille', 'm-camille', 180, 500, NULL, '2026-11-02 09:00:00', '2026-11-02 09:30:00', NULL, NULL, NULL);
INSERT INTO exchange_events (exchange_id, at, actor_id, action, note) VALUES
  ('x1-dup-old', '2026-11-03 10:00:00', 'm-camille', 'request', 'Bonjour'),
  ('x2-dup-new', '2026-11-03 10:00:01', 'm-camille', 'request', 'Bonjour'),
  ('x3-delivered', '2026-11-04 10:00:00', 'm-camille', 'request', NULL),
  ('x3-delivered', '2026-11-05 10:00:00', 'm-alex', 'deliver', NULL),
  ('x4-dup-of-delivered', '2026-11-06 10:00:00', 'm-camille', 'request', NULL),
  ('x5-evaluated', '2026-11-02 12:00:00', 'm-alex', 'evaluate', NULL);
INSERT INTO evaluations (exchange_id, evaluator_id, by_staff, rating, comment, created_at) VALUES
  ('x5-evaluated', 'm-alex', FALSE, 5, 'Parfait', '2026-11-02 12:00:00');
INSERT INTO notifications (id, member_id, kind, exchange_id, created_at, read_at) VALUES
  ('n1', 'm-sami', 'request_to_answer', 'x1-dup-old', '2026-11-03 10:00:00', NULL),
  ('n2', 'm-camille', 'delivery_to_confirm', 'x3-delivered', '2026-11-05 10:00:00', NULL);
INSERT INTO audit_log (id, at, actor_id, action, subject, detail, ip) VALUES
  ('au0', '2024-01-01 11:00:00', NULL, 'access_refused', '/api/me', 'not_signed_in', NULL),
  ('au1', '2026-11-01 11:00:00', 'm-alex', 'role_changed', 'sami.benali@amt.example', 'member → staff', '127.0.0.1'),
  ('au2', '2026-11-01 11:01:00', NULL, 'sign_in_failed', 'stranger@elsewhere.example', 'not_a_member', '127.0.0.1'),
  ('au3', '2026-11-01 11:02:00', NULL, 'access_refused', '/api/me', 'not_signed_in', '127.0.0.1');
";

#[derive(QueryableByName, Debug, PartialEq, Eq)]
struct Pair {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Nullable<Text>)]
    b: Option<String>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn pairs(conn: &mut DbConn, sql: &str) -> Vec<Pair> {
    diesel::sql_query(sql).load(conn).unwrap()
}

fn count(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
}

#[test]
fn the_trust_migrations_keep_a_populated_demo_database_whole() {
    let db = fresh_db();
    let mut conn = DbConn::establish(&db.url).unwrap();
    if !db.is_postgres() {
        // As the server's connections have it: references are enforced.
        conn.batch_execute("PRAGMA foreign_keys = ON").unwrap();
    }
    seed_api::db::migrate_up_to(&mut conn, BEFORE).unwrap();
    conn.batch_execute(POPULATE).unwrap();
    let events_before = count(&mut conn, "SELECT COUNT(*) AS n FROM exchange_events");

    seed_api::db::migrate(&mut conn).unwrap();
    assert!(seed_api::db::migrations_applied(&mut conn).unwrap());

    // Every exchange is still there, with its timeline, evaluation and notifications.
    let states = pairs(&mut conn, "SELECT id AS a, state AS b FROM exchanges ORDER BY id");
    let state = |id: &str| states.iter().find(|p| p.a == id).and_then(|p| p.b.clone()).unwrap();
    assert_eq!(states.len(), 6);
    // Duplicates: the newest of two requests stays; a request beside a delivery goes.
    assert_eq!(state("x1-dup-old"), "cancelled");
    assert_eq!(state("x2-dup-new"), "requested");
    assert_eq!(state("x3-delivered"), "delivered");
    assert_eq!(state("x4-dup-of-delivered"), "cancelled");
    assert_eq!(state("x5-evaluated"), "evaluated");
    assert_eq!(state("x6-cancelled"), "cancelled");
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM exchange_events"), events_before + 2);
    let cancellations = pairs(
        &mut conn,
        "SELECT exchange_id AS a, note AS b FROM exchange_events WHERE action = 'cancel' ORDER BY exchange_id",
    );
    assert_eq!(
        cancellations.iter().map(|p| p.a.as_str()).collect::<Vec<_>>(),
        ["x1-dup-old", "x4-dup-of-delivered"]
    );
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM evaluations"), 1);
    assert_eq!(count(&mut conn, "SELECT COUNT(*) AS n FROM notifications"), 2);
    if !db.is_postgres() {
        let broken = count(&mut conn, "SELECT COUNT(*) AS n FROM pragma_foreign_key_check");
        assert_eq!(broken, 0, "every reference still finds its row");
        let indexes = count(
            &mut conn,
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'exchanges' \
             AND name IN ('exchanges_provider', 'exchanges_beneficiary', 'exchanges_due', \
             'exchanges_one_open_per_listing')",
        );
        assert_eq!(indexes, 4, "the rebuilt table has its indexes back");
    }
    // The new state is allowed, a made-up one is not, and one open request per listing.
    conn.batch_execute("UPDATE exchanges SET state = 'awaiting_agreement' WHERE id = 'x2-dup-new'").unwrap();
    assert!(conn.batch_execute("UPDATE exchanges SET state = 'paid' WHERE id = 'x6-cancelled'").is_err());
    let second = "INSERT INTO exchanges (id, listing_id, title, state, provider_id, beneficiary_id, requester_id, \
                  created_at, updated_at) VALUES ('x7', 'l-web', 'Site web', 'requested', 'm-sami', 'm-camille', \
                  'm-camille', '2026-11-07 10:00:00', '2026-11-07 10:00:00')";
    assert!(conn.batch_execute(second).is_err(), "a second open request on the same listing");
    // The index's list of open states is the domain's.
    for state in seed_domain::exchange::ExchangeState::ALL {
        let insert = |n: u8| {
            format!(
                "INSERT INTO exchanges (id, listing_id, title, state, provider_id, beneficiary_id, requester_id, \
                 created_at, updated_at) VALUES ('t-{}-{n}', 'l-compta', 'x', '{}', 'm-alex', 'm-sami', 'm-sami', \
                 '2026-11-08 10:00:00', '2026-11-08 10:00:00')",
                state.as_str(),
                state.as_str()
            )
        };
        conn.batch_execute(&insert(1)).unwrap();
        assert_eq!(conn.batch_execute(&insert(2)).is_err(), state.is_open(), "{state:?}");
        conn.batch_execute(&format!("DELETE FROM exchanges WHERE id LIKE 't-{}-%'", state.as_str())).unwrap();
    }

    // Members: not demo people (a demo server refuses this database), one issuer spelling.
    assert_eq!(seed_api::db::member::count_not_demo(&mut conn).unwrap(), 3);
    let issuers = pairs(&mut conn, "SELECT id AS a, oidc_issuer AS b FROM members ORDER BY id");
    assert!(issuers.iter().all(|p| p.b.as_deref() != Some("accounts.google.com")), "{issuers:?}");
    assert_eq!(
        issuers.iter().find(|p| p.a == "m-camille").unwrap().b.as_deref(),
        Some("https://accounts.google.com")
    );

    // The audit log names members by id, forgets other e-mails, and is append-only.
    let subjects = pairs(&mut conn, "SELECT id AS a, subject AS b FROM audit_log ORDER BY id");
    assert_eq!(
        subjects,
        [
            Pair { a: "au0".into(), b: Some("/api/me".into()) },
            Pair { a: "au1".into(), b: Some("m-sami".into()) },
            Pair { a: "au2".into(), b: None },
            Pair { a: "au3".into(), b: Some("/api/me".into()) },
        ]
    );
    assert!(conn.batch_execute("UPDATE audit_log SET detail = 'x' WHERE id = 'au1'").is_err());
    assert!(conn.batch_execute("DELETE FROM audit_log WHERE id = 'au1'").is_err(), "within its retention");
    assert!(conn.batch_execute("DELETE FROM audit_log WHERE id = 'au0'").is_ok(), "past its retention");
}
