//! What authentication costs: the same trivial work with no credential (`/api/health`), with
//! the session cookie and with a bearer token (`/api/me`), through the real server on
//! 127.0.0.1 with a SQLite database. Each case runs `SEED_BENCH_SECS` seconds (default 5) with
//! `SEED_BENCH_CLIENTS` concurrent clients (default 8), and stops by itself.
//!
//! `cargo bench -p seed-api --bench auth`

#![expect(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, reason = "a benchmark's report")]

use seed_api::config::Config;
use seed_api::startup::Application;
use std::collections::HashMap;
use std::time::{Duration, Instant};

struct Outcome {
    requests: usize,
    p50: Duration,
    p99: Duration,
    per_second: f64,
}

async fn run(url: String, headers: Vec<(&'static str, String)>, clients: usize, secs: u64) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (url, headers) = (url.clone(), headers.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let mut request = client.get(&url);
                    for (k, v) in &headers {
                        request = request.header(*k, v);
                    }
                    let t = Instant::now();
                    let response = request.send().await.expect("request");
                    assert!(response.status().is_success(), "{}", response.status());
                    response.bytes().await.expect("body");
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Outcome { requests: all.len(), p50: at(0.50), p99: at(0.99), per_second: all.len() as f64 / elapsed }
}

fn main() {
    let secs: u64 = std::env::var("SEED_BENCH_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let clients: usize = std::env::var("SEED_BENCH_CLIENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    let dir = tempfile::tempdir().unwrap();
    let vars: HashMap<&str, String> = HashMap::from([
        ("SEED_MODE", "demo".to_owned()),
        ("SEED_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", dir.path().join("bench.sqlite3").to_string_lossy().into_owned()),
        ("SEED_WEB_DIR", dir.path().to_string_lossy().into_owned()),
        ("SEED_LOG", "warn".to_owned()),
        ("SEED_TOKEN_RATE", "1000".to_owned()),
    ]);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let app = tokio::task::spawn_blocking(move || Application::build(config)).await.unwrap().unwrap();
        let base = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        let signed_in = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let response = signed_in
            .post(format!("{base}/api/auth/demo"))
            .header("x-seed-csrf", "1")
            .json(&serde_json::json!({ "email": "camille.martin@amt.example" }))
            .send()
            .await
            .unwrap();
        let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let token: serde_json::Value = signed_in
            .post(format!("{base}/api/me/tokens"))
            .header("x-seed-csrf", "1")
            .json(&serde_json::json!({ "name": "bench", "scopes": ["read"], "expires_in_days": 1 }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = format!("Bearer {}", token["token"].as_str().unwrap());
        println!("{clients} clients, {secs} s per case, SQLite, 127.0.0.1");
        let cases = [
            ("/api/health, no credential", format!("{base}/api/health"), vec![]),
            ("/api/me by session cookie", format!("{base}/api/me"), vec![("cookie", cookie)]),
            ("/api/me by bearer token", format!("{base}/api/me"), vec![("authorization", bearer)]),
        ];
        let mut results = Vec::new();
        for (name, url, headers) in cases {
            let o = run(url, headers, clients, secs).await;
            println!(
                "{name:<28} {:>9.0} req/s  p50 {:>7.0} µs  p99 {:>7.0} µs  ({} requests)",
                o.per_second,
                o.p50.as_secs_f64() * 1e6,
                o.p99.as_secs_f64() * 1e6,
                o.requests
            );
            results.push(o);
        }
        let base_p50 = results[0].p50.as_secs_f64();
        for (name, o) in [("cookie", &results[1]), ("bearer", &results[2])] {
            let share = (o.p50.as_secs_f64() - base_p50) / o.p50.as_secs_f64() * 100.0;
            println!("authentication by {name}: about {share:.0} % of /api/me's p50");
        }
    });
}
