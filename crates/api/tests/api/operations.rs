//! Start-up, migrations, the scheduler, backup and restore, shutdown: what operators rely on.

use crate::helpers::{assert_problem, fresh_db, postgres_admin_url, spawn_app};
use chrono::NaiveDateTime;
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use seed_api::db::{self, account, job, member};
use seed_api::membership::add_member;
use seed_domain::membership::{MemberStatus, Role};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

fn migration_count() -> i64 {
    std::fs::read_dir(format!("{}/../../migrations/sqlite", crate::helpers::manifest_dir())).unwrap().count()
        as i64
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn four_instances_starting_at_once_apply_each_migration_once() {
    let test_db = fresh_db();
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (url, barrier) = (test_db.url.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                db::connect(&url, 2).map(|_| ()).map_err(|e| format!("{e:#}"))
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap().expect("every instance starts");
    }
    let pool = db::connect(&test_db.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let applied: Count =
        diesel::sql_query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM __diesel_schema_migrations")
            .get_result(&mut *conn)
            .unwrap();
    assert_eq!(applied.n, migration_count());
    assert!(db::migrations_applied(&mut conn).unwrap());
}

#[test]
fn each_period_of_a_job_runs_on_one_instance_only() {
    let test_db = fresh_db();
    let pool = db::connect(&test_db.url, 8).unwrap();
    let base: NaiveDateTime = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap().naive_utc();
    job::ensure(&mut pool.get().unwrap(), "test_job", 60, base).unwrap();
    let barrier = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let (pool, barrier) = (pool.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                // All instances share one clock: each period, all four try at once.
                (0..5)
                    .map(|period| {
                        barrier.wait();
                        let now = base + chrono::Duration::seconds(60 * period + 1);
                        job::claim_due(&mut conn, now, &format!("instance-{i}")).unwrap().len()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let claims: Vec<Vec<usize>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    for period in 0..5 {
        let claimed: usize = claims.iter().map(|c| c[period]).sum();
        assert_eq!(claimed, 1, "period {period}: one claim among 4 instances ({claims:?})");
    }
    let rows = job::list_all(&mut pool.get().unwrap()).unwrap();
    let row = rows.iter().find(|j| j.name == "test_job").unwrap();
    assert_eq!(row.runs, 5);
    assert!(row.next_run_at > base + chrono::Duration::seconds(60 * 4));
}

#[test]
fn a_backup_restores_into_a_fresh_database_identically() {
    let source = fresh_db();
    let pool = db::connect(&source.url, 2).unwrap();
    let mut conn = pool.get().unwrap();
    seed_api::membership::ensure_association_accounts(&mut conn).unwrap();
    for (i, role) in [Role::Member, Role::Staff, Role::Admin].into_iter().enumerate() {
        add_member(
            &mut conn,
            &format!("person{i}@amt.example"),
            &format!("Personne {i} « é »"),
            role,
            MemberStatus::Active,
            true,
        )
        .unwrap();
    }
    let members = member::list_all(&mut conn).unwrap();
    let accounts = account::list_all(&mut conn).unwrap();
    assert_eq!(members.len(), 3);
    drop(conn);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.backup");
    seed_api::ops::backup(&source.url, &file).unwrap();
    assert!(seed_api::ops::backup(&source.url, &file).is_err(), "an existing file is never overwritten");

    let target = fresh_db();
    // PostgreSQL restores into an empty database; SQLite replaces the file.
    seed_api::ops::restore(&target.url, &file).unwrap();
    let restored = db::connect(&target.url, 1).unwrap();
    let mut conn = restored.get().unwrap();
    assert_eq!(member::list_all(&mut conn).unwrap(), members);
    assert_eq!(account::list_all(&mut conn).unwrap(), accounts);
    // The books check out after the restore, and the ledger is still append-only.
    let check = seed_api::ledger::verify_books(&mut conn).unwrap();
    assert!(check.balanced, "{check:?}");
    assert_eq!(check.transfers, 3, "the three welcome grants");
    assert!(conn.batch_execute("UPDATE postings SET amount = amount + 1").is_err());
    assert!(conn.batch_execute("DELETE FROM transfers").is_err());
}

#[test]
fn a_database_that_is_not_durable_is_reported() {
    let db = fresh_db();
    let pool = db::connect(&db.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    assert_eq!(db::durability_problems(&mut conn), Vec::<String>::new());
    let weaken = match &*conn {
        db::DbConn::Postgresql(_) => "SET synchronous_commit = off",
        db::DbConn::Sqlite(_) => "PRAGMA synchronous = NORMAL",
    };
    conn.batch_execute(weaken).unwrap();
    let problems = db::durability_problems(&mut conn);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("synchronous"), "{problems:?}");
    // Put back: the pool would hand this connection out again.
    conn.batch_execute(match &*conn {
        db::DbConn::Postgresql(_) => "SET synchronous_commit = on",
        db::DbConn::Sqlite(_) => "PRAGMA synchronous = FULL",
    })
    .unwrap();
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup() {
    let target = fresh_db();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-backup");
    std::fs::write(&file, "hello").unwrap();
    assert!(seed_api::ops::restore(&target.url, &file).is_err());
    assert!(seed_api::ops::restore(&target.url, &dir.path().join("missing")).is_err());
}

fn seed_binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_seed"));
    for (key, _) in std::env::vars() {
        if key.starts_with("SEED_") || key == "DATABASE_URL" {
            cmd.env_remove(key);
        }
    }
    cmd.env("SEED_LOG", "info");
    cmd
}

/// The seed binary in demo mode (the mode has no default).
fn demo_binary() -> Command {
    let mut cmd = seed_binary();
    cmd.env("SEED_MODE", "demo");
    cmd
}

#[test]
fn an_unreachable_postgresql_fails_start_up_in_one_line() {
    let output = demo_binary()
        .env("SEED_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", "postgres://seed@127.0.0.1:1/seed")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("seed: cannot reach the postgresql database"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
}

#[test]
fn demo_mode_refuses_a_public_address_and_production_refuses_unsafe_settings() {
    let demo = demo_binary().env("SEED_ADDR", "0.0.0.0:0").output().unwrap();
    assert_eq!(demo.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&demo.stderr).contains("demo mode listens on loopback only"));
    for (name, value) in
        [("SEED_PUBLIC_URL", "https://seed.amt.example"), ("SEED_TRUSTED_PROXIES", "127.0.0.1")]
    {
        let proxied = demo_binary().env("SEED_ADDR", "127.0.0.1:0").env(name, value).output().unwrap();
        assert_eq!(proxied.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&proxied.stderr);
        assert!(stderr.contains("demo mode serves this machine only") && stderr.contains(name), "{stderr}");
    }
    let production =
        seed_binary().env("SEED_MODE", "production").env("SEED_ADDR", "127.0.0.1:0").output().unwrap();
    assert_eq!(production.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&production.stderr);
    assert!(
        stderr.contains("production mode refuses to start") && stderr.contains("SEED_OIDC_CLIENT_ID"),
        "{stderr}"
    );
}

#[test]
fn without_seed_mode_the_server_refuses_to_start_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = seed_binary()
        .env("SEED_ADDR", "127.0.0.1:0")
        .env("DATABASE_URL", dir.path().join("seed.sqlite3"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().last().unwrap_or_default();
    assert!(
        line.starts_with("seed: SEED_MODE is not set")
            && line.contains("SEED_MODE=demo")
            && line.contains("SEED_MODE=production"),
        "{stderr}"
    );
    // It stopped before touching the database.
    assert!(!dir.path().join("seed.sqlite3").exists());
}

#[test]
fn demo_mode_refuses_a_real_database_without_touching_it() {
    use diesel::Connection;
    // A database as an older SEED left it (before the demo flag), with one real member...
    let old = fresh_db();
    {
        let mut conn = seed_api::db::DbConn::establish(&old.url).unwrap();
        seed_api::db::migrate_up_to(&mut conn, "2026-12-01-000006").unwrap();
        conn.batch_execute(
            "INSERT INTO members (id, email, display_name, role, status, created_at, updated_at) \
             VALUES ('m1', 'real.member@amt.example', 'Vrai Membre', 'member', 'active', \
             '2026-11-01 10:00:00', '2026-11-01 10:00:00')",
        )
        .unwrap();
    }
    // ... and one of today, whose member no demo server created.
    let current = fresh_db();
    {
        let pool = seed_api::db::connect(&current.url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        seed_api::membership::ensure_association_accounts(&mut conn).unwrap();
        add_member(
            &mut conn,
            "real.member@amt.example",
            "Vrai Membre",
            Role::Member,
            MemberStatus::Active,
            false,
        )
        .unwrap();
    }
    for (test_db, migrated) in [(&old, false), (&current, true)] {
        let output =
            demo_binary().env("SEED_ADDR", "127.0.0.1:0").env("DATABASE_URL", &test_db.url).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr.lines().last().unwrap_or_default();
        assert!(
            line.starts_with("seed: demo mode refuses this database") && line.contains("1 member"),
            "{stderr}"
        );
        // Nothing was written: no migration, no demo person, no association account.
        let mut conn = seed_api::db::DbConn::establish(&test_db.url).unwrap();
        assert_eq!(seed_api::db::migrations_applied(&mut conn).unwrap(), migrated);
        assert_eq!(seed_api::db::member::count_not_demo(&mut conn).unwrap(), 1);
        let count =
            diesel::sql_query("SELECT COUNT(*) AS n FROM members").get_result::<Count>(&mut conn).unwrap();
        assert_eq!(count.n, 1);
        let accounts =
            diesel::sql_query("SELECT COUNT(*) AS n FROM accounts").get_result::<Count>(&mut conn).unwrap();
        assert_eq!(accounts.n, if migrated { 3 } else { 0 }, "the accounts it had, and no more");
    }
}

#[test]
fn sigterm_stops_the_server_gracefully() {
    let test_db = fresh_db();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = demo_binary()
        .env("SEED_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", &test_db.url)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    // Up means answering HTTP (the port is bound a little before the signal handlers exist).
    let answers = || {
        use std::io::{Read, Write};
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return false };
        let _ = stream.write_all(b"GET /api/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply.starts_with("HTTP/1.0 200") || reply.starts_with("HTTP/1.1 200")
    };
    while !answers() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SEED stopped"));
}

#[tokio::test]
async fn ready_is_503_when_the_database_goes_away() {
    let Some(admin) = postgres_admin_url() else {
        // SQLite is a file the process holds: it cannot go away under a running server.
        return;
    };
    let app = spawn_app().await;
    assert_eq!(app.get("/api/ready").await.status(), 200);
    let name = app.db.url.rsplit('/').next().unwrap().to_owned();
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let mut conn = diesel::PgConnection::establish(&admin).unwrap();
        conn.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
    })
    .await
    .unwrap();
    assert_problem(app.get("/api/ready").await, 503, "unavailable").await;
    // Liveness does not depend on the database.
    assert_eq!(app.get("/api/health").await.status(), 200);
}

/// A member with wide limits and a write token, made directly in the database.
fn member_with_token(conn: &mut seed_api::db::DbConn, i: usize) -> (String, String) {
    let member = add_member(
        conn,
        &format!("load{i}@amt.example"),
        &format!("Load {i}"),
        Role::Member,
        MemberStatus::Active,
        true,
    )
    .unwrap();
    let account = account::find_for_member(conn, &member.id).unwrap().unwrap();
    {
        use diesel::prelude::*;
        use seed_api::db::schema::accounts;
        diesel::update(accounts::table.find(&account.id))
            .set((accounts::floor.eq(Some(-100_000_000i64)), accounts::ceiling.eq(Some(100_000_000i64))))
            .execute(conn)
            .unwrap();
    }
    let secret = format!("seed_load_{i}_{}", uuid::Uuid::now_v7().simple());
    let now = chrono::Utc::now().naive_utc();
    seed_api::db::token::insert(
        conn,
        &seed_api::db::token::TokenRow {
            id: uuid::Uuid::now_v7().to_string(),
            member_id: member.id,
            name: "load".into(),
            secret_hash: seed_api::auth::secret::hash_secret(&secret),
            scopes: "read write".into(),
            created_at: now,
            expires_at: now + chrono::Duration::days(1),
            last_used_at: None,
            revoked_at: None,
        },
    )
    .unwrap();
    (secret, account.id)
}

fn start_seed(database_url: &str) -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = demo_binary()
        .env("SEED_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("SEED_LOG", "warn")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        use std::io::{Read, Write};
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET /api/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
            let mut reply = String::new();
            let _ = s.read_to_string(&mut reply);
            if reply.contains(" 200 ") {
                break;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_under_load_loses_no_acknowledged_transfer() {
    let test_db = fresh_db();
    let people: Vec<(String, String)> = {
        let pool = db::connect(&test_db.url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        seed_api::membership::ensure_association_accounts(&mut conn).unwrap();
        (0..8).map(|i| member_with_token(&mut conn, i)).collect()
    };
    let (mut server, port) = start_seed(&test_db.url);
    let url = format!("http://127.0.0.1:{port}/api/transfers");
    let load: Vec<_> = (0..8)
        .map(|i| {
            let (token, payee, url) = (people[i].0.clone(), people[(i + 1) % 8].1.clone(), url.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    let sent = client
                        .post(&url)
                        .bearer_auth(&token)
                        .header("idempotency-key", format!("kill-{i}-{n}"))
                        .json(&serde_json::json!({ "to_account": payee, "amount": 7, "memo": "sous charge" }))
                        .send()
                        .await;
                    let Ok(response) = sent else { break };
                    if response.status() != 201 {
                        break;
                    }
                    let Ok(body) = response.json::<serde_json::Value>().await else { break };
                    acknowledged.push(body["id"].as_str().unwrap_or_default().to_owned());
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL: no chance to finish anything
    server.wait().unwrap();
    let mut acknowledged = Vec::new();
    for task in load {
        acknowledged.extend(task.await.unwrap());
    }
    assert!(acknowledged.len() > 20, "the load ran: {} transfers answered", acknowledged.len());

    let (mut restarted, _) = start_seed(&test_db.url);
    let pool = db::connect(&test_db.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    for id in &acknowledged {
        assert!(
            seed_api::db::ledger::find_transfer(&mut conn, id).unwrap().is_some(),
            "transfer {id} was answered 201 but is gone"
        );
    }
    #[derive(diesel::QueryableByName)]
    struct Half {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let half: Half = diesel::sql_query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM transfers t WHERE (SELECT COUNT(*) FROM postings p WHERE p.transfer_id = t.id) <> 2",
    )
    .get_result(&mut *conn)
    .unwrap();
    assert_eq!(half.n, 0, "no half-written transfer");
    let check = seed_api::ledger::verify_books(&mut conn).unwrap();
    assert!(check.balanced, "{check:?}");
    let _ = Command::new("kill").args(["-TERM", &restarted.id().to_string()]).status();
    restarted.wait().unwrap();
}
