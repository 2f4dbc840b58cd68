//! Transfers per second through the HTTP API (authentication, validation, idempotency, the
//! ledger's locks and checks), on PostgreSQL and on SQLite, at 1, 8 and 16 clients; in the same
//! run pgbench's built-in TPC-B-like script on the same PostgreSQL (`-s 10 -M prepared`, same
//! clients, same duration) for the ratio; a hot account (32 clients paying from one account);
//! the first page of a statement of 100 000 postings; the server's peak memory; and 8 clients
//! paying while 10 000 requests with bogus credentials arrive over the same seconds (p99
//! against a calm run, and the audit rows the flood wrote).
//!
//! The server is the release `seed` binary, started here on 127.0.0.1. PostgreSQL comes from
//! `SEED_BENCH_PG` (an admin URL; `./scripts/bench` starts one with fsync on). Durations:
//! `SEED_BENCH_SECS` (default 10) and `SEED_BENCH_HOT_SECS` (default 60; 0 skips the hot
//! account and the statement). `SEED_BENCH_CLIENTS` (default `1,8,16`) and
//! `SEED_BENCH_BACKENDS` (default `postgresql,sqlite`) narrow a run while tuning.
//!
//! With each case comes the CPU time per transfer of the SEED server and of PostgreSQL (all
//! `postgres` processes, from `/proc`), and PostgreSQL's CPU time per pgbench transaction: the
//! ratio says how much of the gap is the database's work and how much SEED's. pgbench also
//! replays SEED's own statements for a transfer (`benches/transfer.pgbench`) with no server in
//! between: API / that is what the server costs; that / TPC-B is what SEED's database work
//! costs against TPC-B's three updates and one insert.

#![expect(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, reason = "a benchmark's report")]

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, QueryDsl, RunQueryDsl};
use seed_api::db;
use seed_domain::membership::{MemberStatus, Role};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn secs(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// CPU time (user + system) so far of the processes named `postgres` (the instance's
/// backends) or of one process, from `/proc`, in seconds. A backend that exits takes its time
/// with it, so the samples are taken while the load runs.
fn cpu_seconds(which: Cpu) -> f64 {
    let ticks_of = |pid: &str| -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Fields after the command name (which may hold spaces), then utime and stime.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields.get(11).and_then(|u| u.parse::<u64>().ok()).unwrap_or(0)
            + fields.get(12).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
    };
    let ticks: u64 = match which {
        Cpu::Process(pid) => ticks_of(&pid.to_string()),
        Cpu::Postgres => std::fs::read_dir("/proc")
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
                    .filter(|pid| {
                        std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim()
                            == "postgres"
                    })
                    .map(|pid| ticks_of(&pid))
                    .sum()
            })
            .unwrap_or(0),
    };
    ticks as f64 / clock_ticks_per_second()
}

#[derive(Clone, Copy)]
enum Cpu {
    Postgres,
    Process(u32),
}

fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// CPU seconds spent by `which` between 1 s after now and 1 s before `duration` ends, and
/// that window's length, sampled on a thread while the load runs.
fn sample_cpu(which: Vec<Cpu>, duration: Duration) -> std::thread::JoinHandle<(Vec<f64>, f64)> {
    std::thread::spawn(move || {
        let margin = Duration::from_secs(1).min(duration / 4);
        std::thread::sleep(margin);
        let started = Instant::now();
        let before: Vec<f64> = which.iter().map(|w| cpu_seconds(*w)).collect();
        std::thread::sleep(duration.saturating_sub(margin * 2));
        let after: Vec<f64> = which.iter().map(|w| cpu_seconds(*w)).collect();
        (before.iter().zip(after).map(|(b, a)| a - b).collect(), started.elapsed().as_secs_f64())
    })
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_seed"))
            .env("SEED_MODE", "demo")
            .env("SEED_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", database_url)
            .env("SEED_LOG", "warn")
            .env("SEED_DB_POOL", "32")
            .env("SEED_WEB_DIR", "/nonexistent")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(300));
        Server { child, base }
    }

    /// The peak resident memory of the server process (VmHWM), in MiB.
    fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// Members with a bearer token each.
fn prepare(database_url: &str, members: usize) -> Vec<(String, String)> {
    let pool = db::connect(database_url, 2).unwrap();
    let mut conn = pool.get().unwrap();
    seed_api::membership::ensure_association_accounts(&mut conn).unwrap();
    let mut out = Vec::new();
    for i in 0..members {
        let member = seed_api::membership::add_member(
            &mut conn,
            &format!("bench{i}@amt.example"),
            &format!("Bench {i}"),
            Role::Member,
            MemberStatus::Active,
            true,
        )
        .unwrap();
        let secret = format!("seed_bench_{i}_{}", uuid::Uuid::now_v7().simple());
        let now = chrono::Utc::now().naive_utc();
        db::token::insert(
            &mut conn,
            &db::token::TokenRow {
                id: uuid::Uuid::now_v7().to_string(),
                member_id: member.id.clone(),
                name: "bench".into(),
                secret_hash: seed_api::auth::secret::hash_secret(&secret),
                scopes: "read write".into(),
                created_at: now,
                expires_at: now + chrono::Duration::days(1),
                last_used_at: None,
                revoked_at: None,
            },
        )
        .unwrap();
        let account = db::account::find_for_member(&mut conn, &member.id).unwrap().unwrap();
        out.push((secret, account.id));
    }
    // Wide limits: the bench measures speed, not refusals (the hot account would otherwise stop
    // at its floor of -20 TS after 2 500 payments of 0,01 TS).
    conn.batch_execute(
        "UPDATE accounts SET floor = -100000000000, ceiling = 100000000000 WHERE kind = 'member'",
    )
    .unwrap();
    out
}

struct Outcome {
    ok: usize,
    refused: usize,
    server_errors: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

/// `clients` concurrent clients paying 0,01 TS, each request from a random member to another
/// random member (so clients meet on an account as rarely as members would), or, `hot`, all
/// from the first member; a fresh Idempotency-Key per request; for `duration`.
async fn load(
    base: &str,
    people: &[(String, String)],
    clients: usize,
    duration: Duration,
    hot: bool,
) -> Outcome {
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|i| {
            let people = people.to_vec();
            let url = format!("{base}/api/transfers");
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let (mut latencies, mut refused, mut errors) = (Vec::new(), 0usize, 0usize);
                let mut n = 0u64;
                // A small xorshift: the bench needs no cryptographic randomness.
                let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                let mut next = move |below: usize| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % below as u64) as usize
                };
                while Instant::now() < deadline {
                    n += 1;
                    let from = if hot { 0 } else { next(people.len()) };
                    let to = (from + 1 + next(people.len() - 1)) % people.len();
                    let (payer, payee) = (&people[from], &people[to].1);
                    let t = Instant::now();
                    let r = client
                        .post(&url)
                        .bearer_auth(&payer.0)
                        .header("idempotency-key", format!("{i}-{n}-{}", uuid::Uuid::now_v7().simple()))
                        .json(&serde_json::json!({ "to_account": payee, "amount": 1, "memo": "bench" }))
                        .send()
                        .await
                        .expect("request");
                    let status = r.status().as_u16();
                    r.bytes().await.expect("body");
                    match status {
                        201 => latencies.push(t.elapsed()),
                        500.. => errors += 1,
                        _ => refused += 1,
                    }
                }
                (latencies, refused, errors)
            })
        })
        .collect();
    let (mut all, mut refused, mut errors) = (Vec::new(), 0, 0);
    for t in tasks {
        let (l, r, e) = t.await.unwrap();
        all.extend(l);
        refused += r;
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let at = |q: f64| {
        if all.is_empty() {
            Duration::ZERO
        } else {
            all[((all.len() as f64 * q) as usize).min(all.len() - 1)]
        }
    };
    Outcome {
        ok: all.len(),
        refused,
        server_errors: errors,
        per_second: all.len() as f64 / elapsed,
        p50: at(0.5),
        p99: at(0.99),
    }
}

/// `total` requests with bogus bearer tokens on `GET /api/me` (the 10 000), spread
/// evenly over `duration` by 4 clients: the number sent, and of those answered 429.
async fn flood(base: &str, total: usize, duration: Duration) -> (usize, usize) {
    const CLIENTS: usize = 4;
    let per_client = total.div_ceil(CLIENTS);
    let every = duration / u32::try_from(per_client.max(1)).unwrap_or(u32::MAX);
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let url = format!("{base}/api/me");
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut tick = tokio::time::interval(every);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
                let (mut sent, mut throttled) = (0usize, 0usize);
                while sent < per_client {
                    tick.tick().await;
                    let r = client
                        .get(&url)
                        .bearer_auth(format!("seed_bogus_{i}_{sent}"))
                        .send()
                        .await
                        .expect("request");
                    sent += 1;
                    throttled += usize::from(r.status().as_u16() == 429);
                }
                (sent, throttled)
            })
        })
        .collect();
    let (mut sent, mut throttled) = (0, 0);
    for t in tasks {
        let (s, th) = t.await.unwrap();
        sent += s;
        throttled += th;
    }
    (sent, throttled)
}

fn audit_rows(database_url: &str) -> i64 {
    use diesel::dsl::count_star;
    use seed_api::db::schema::audit_log;
    audit_log::table
        .select(count_star())
        .get_result(&mut db::connect(database_url, 1).unwrap().get().unwrap())
        .unwrap()
}

fn report(label: &str, o: &Outcome) {
    println!(
        "{label:<34} {:>8.0} transfers/s  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} ok, {} refused, {} 5xx)",
        o.per_second,
        o.p50.as_secs_f64() * 1e3,
        o.p99.as_secs_f64() * 1e3,
        o.ok,
        o.refused,
        o.server_errors
    );
}

/// The first page of the statement of an account with 100 000 postings, 200 times: p50, p95.
async fn statement(base: &str, database_url: &str, people: &[(String, String)]) -> (Duration, Duration) {
    let pool = db::connect(database_url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let (from, to) = (people[2].1.clone(), people[3].1.clone());
    // 100 000 transfers back and forth, written in bulk (the same SQL on both backends): each
    // posting carries its running balance, and the books stay balanced.
    let start = db::account::find(&mut conn, &from).unwrap().unwrap().balance;
    let start_to = db::account::find(&mut conn, &to).unwrap().unwrap().balance;
    let series = "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100000)";
    let at = "'2026-01-01 10:00:00'";
    conn.batch_execute(&format!(
        "{series} INSERT INTO transfers (id, kind, from_account, to_account, amount, memo, created_at) \
         SELECT 'bench-' || n, 'payment', CASE WHEN n % 2 = 1 THEN '{from}' ELSE '{to}' END, \
         CASE WHEN n % 2 = 1 THEN '{to}' ELSE '{from}' END, 1, 'historique', {at} FROM g;
         {series} INSERT INTO postings (transfer_id, account_id, amount, balance_after, created_at) \
         SELECT 'bench-' || n, '{from}', CASE WHEN n % 2 = 1 THEN -1 ELSE 1 END, \
         CASE WHEN n % 2 = 1 THEN {} ELSE {start} END, {at} FROM g;
         {series} INSERT INTO postings (transfer_id, account_id, amount, balance_after, created_at) \
         SELECT 'bench-' || n, '{to}', CASE WHEN n % 2 = 1 THEN 1 ELSE -1 END, \
         CASE WHEN n % 2 = 1 THEN {} ELSE {start_to} END, {at} FROM g;",
        start - 1,
        start_to + 1
    ))
    .unwrap();
    let client = reqwest::Client::new();
    let url = format!("{base}/api/accounts/{from}/statement");
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let r = client.get(&url).bearer_auth(&people[2].0).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.bytes().await.unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    (times[100], times[190])
}

/// pgbench's transactions per second on `database_url`, and the PostgreSQL CPU time per
/// transaction: its built-in TPC-B-like script, or the `script` file with its `-D` variables.
fn pgbench(database_url: &str, script: Option<(&str, &str)>, clients: usize, secs: u64) -> (f64, f64) {
    let bin = seed_api::ops::pg_tool("pgbench").unwrap();
    let mut command = Command::new(&bin);
    command.args([
        "-c",
        &clients.to_string(),
        "-j",
        &clients.min(2).to_string(),
        "-T",
        &secs.to_string(),
        "-M",
        "prepared",
        "-n",
    ]);
    if let Some((file, define)) = script {
        command.args(["-f", file, "-D", define]);
    }
    let child = command.arg(database_url).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let cpu = sample_cpu(vec![Cpu::Postgres], Duration::from_secs(secs));
    let out = child.wait_with_output().unwrap();
    let (spent, window) = cpu.join().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let tps: f64 = text
        .lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    (tps, spent[0] / (tps * window).max(1.0))
}

/// The table `transfer.pgbench` draws its payers from: the bench's members, numbered from 1.
fn fill_payers(database_url: &str) {
    let mut conn = PgConnection::establish(database_url).unwrap();
    conn.batch_execute(
        "DROP TABLE IF EXISTS bench_payers;
         CREATE TABLE bench_payers AS SELECT (row_number() OVER (ORDER BY a.id))::int AS n,
             a.id AS account, a.member_id AS member, t.secret_hash
             FROM accounts a JOIN api_tokens t ON t.member_id = a.member_id;
         ALTER TABLE bench_payers ADD PRIMARY KEY (n);",
    )
    .unwrap();
}

fn main() {
    let run_secs = secs("SEED_BENCH_SECS", 10);
    let hot_secs = secs("SEED_BENCH_HOT_SECS", 60);
    let clients_list: Vec<usize> = std::env::var("SEED_BENCH_CLIENTS")
        .unwrap_or_else(|_| "1,8,16".into())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let wanted = std::env::var("SEED_BENCH_BACKENDS").unwrap_or_else(|_| "postgresql,sqlite".into());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut backends: Vec<(&str, String)> =
        vec![("SQLite (synchronous=FULL)", dir.path().join("bench.sqlite3").to_string_lossy().into_owned())];
    let pg_admin = std::env::var("SEED_BENCH_PG").ok();
    let pgbench_url = pg_admin
        .as_deref()
        .and_then(|a| a.rsplit_once('/'))
        .map(|(b, _)| format!("{b}/pgbench"))
        .unwrap_or_default();
    let script = format!("{}/benches/transfer.pgbench", env!("CARGO_MANIFEST_DIR"));
    if let Some(admin) = &pg_admin {
        let mut conn = PgConnection::establish(admin).unwrap();
        conn.batch_execute("DROP DATABASE IF EXISTS seed_bench").unwrap();
        conn.batch_execute("CREATE DATABASE seed_bench").unwrap();
        conn.batch_execute("DROP DATABASE IF EXISTS pgbench").unwrap();
        conn.batch_execute("CREATE DATABASE pgbench").unwrap();
        let bin = seed_api::ops::pg_tool("pgbench").unwrap();
        let init = Command::new(bin).args(["-i", "-s", "10", "-q", &pgbench_url]).output().unwrap();
        assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
        backends.insert(
            0,
            ("PostgreSQL", admin.rsplit_once('/').map(|(b, _)| format!("{b}/seed_bench")).unwrap()),
        );
    } else {
        println!("SEED_BENCH_PG is not set: PostgreSQL and pgbench are skipped (./scripts/bench sets it)");
    }
    backends.retain(|(name, _)| {
        let key = if name.starts_with("SQLite") { "sqlite" } else { "postgresql" };
        wanted.split(',').any(|w| w.trim() == key)
    });
    for (name, url) in backends {
        let people = prepare(&url, 200);
        let server = Server::start(&url);
        println!("\n== {name}, {run_secs} s per case, 0,01 TS per transfer, bearer tokens");
        runtime.block_on(async {
            for &clients in &clients_list {
                let watched = vec![Cpu::Process(server.child.id()), Cpu::Postgres];
                let cpu = sample_cpu(watched, Duration::from_secs(run_secs));
                let o = load(&server.base, &people, clients, Duration::from_secs(run_secs), false).await;
                let (spent, window) = cpu.join().unwrap();
                report(&format!("API, {clients} clients"), &o);
                let per = |seconds: f64| seconds * 1e3 / (o.per_second * window).max(1.0);
                if name == "PostgreSQL" {
                    let (tps, pgbench_cpu) = pgbench(&pgbench_url, None, clients, run_secs);
                    println!(
                        "{:<34} {tps:>8.0} tps  -> API / pgbench = {:.2}",
                        format!("pgbench TPC-B, {clients} clients"),
                        o.per_second / tps.max(1.0)
                    );
                    fill_payers(&url);
                    let members = format!("members={}", people.len());
                    let (sql_tps, sql_cpu) = pgbench(&url, Some((&script, &members)), clients, run_secs);
                    println!(
                        "{:<34} {sql_tps:>8.0} tps  -> API / that = {:.2}, that / pgbench = {:.2}",
                        format!("pgbench SEED's SQL, {clients} clients"),
                        o.per_second / sql_tps.max(1.0),
                        sql_tps / tps.max(1.0)
                    );
                    println!(
                        "{:<34} SEED {:.2} ms + PostgreSQL {:.2} ms per transfer; PostgreSQL {:.2} ms per pgbench transaction, {:.2} ms per SEED's SQL",
                        "  CPU time",
                        per(spent[0]),
                        per(spent[1]),
                        pgbench_cpu * 1e3,
                        sql_cpu * 1e3
                    );
                } else {
                    println!("{:<34} SEED {:.2} ms per transfer", "  CPU time", per(spent[0]));
                }
            }
            // A flood of bogus credentials from one address, beside 8 clients paying: it is
            // throttled in memory (429) after a few refusals, so it writes a handful of audit
            // rows and leaves the payments' latency as it was.
            let calm = load(&server.base, &people, 8, Duration::from_secs(run_secs), false).await;
            report("8 clients, no flood", &calm);
            let rows_before = audit_rows(&url);
            let (flooded, (sent, throttled)) = tokio::join!(
                load(&server.base, &people, 8, Duration::from_secs(run_secs), false),
                flood(&server.base, 10_000, Duration::from_secs(run_secs)),
            );
            let rows = audit_rows(&url) - rows_before;
            report("8 clients, during the flood", &flooded);
            println!(
                "{:<34} {sent} bogus requests ({throttled} answered 429), {rows} audit rows written; p99 {:.2} -> {:.2} ms ({:+.0} %)",
                "  audit flood",
                calm.p99.as_secs_f64() * 1e3,
                flooded.p99.as_secs_f64() * 1e3,
                (flooded.p99.as_secs_f64() / calm.p99.as_secs_f64().max(1e-9) - 1.0) * 100.0
            );
            if hot_secs == 0 {
                return;
            }
            let hot = load(&server.base, &people, 32, Duration::from_secs(hot_secs), true).await;
            report(&format!("hot account, 32 clients, {hot_secs} s"), &hot);
            let check =
                seed_api::ledger::verify_books(&mut db::connect(&url, 1).unwrap().get().unwrap()).unwrap();
            println!(
                "books after the load: balanced = {}, {} transfers, sum {}",
                check.balanced,
                check.transfers,
                check.sum.hundredths()
            );
            let (p50, p95) = statement(&server.base, &url, &people).await;
            println!(
                "statement first page, 100 000 postings: p50 {:.2} ms, p95 {:.2} ms",
                p50.as_secs_f64() * 1e3,
                p95.as_secs_f64() * 1e3
            );
        });
        println!("server peak RSS: {:.1} MiB", server.peak_rss_mib());
    }
}
