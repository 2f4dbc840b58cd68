//! Starting SEED for a test, on a fresh database of the backend under test.

use crate::issuer::{self, AuthorizeRequest, Issuer, Signing};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use seed_api::config::Config;
use seed_api::startup::Application;
use serde_json::{Value, json};
use std::collections::HashMap;

/// A page like Trunk's, with the nonce placeholder the server fills.
pub const INDEX_HTML: &str = "<!DOCTYPE html><html lang=\"fr\"><head>\
    <script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import init from '/app.js';</script>\
    </head><body></body></html>";

/// The public pages' entry, told apart from the app's page by its script.
pub const PUBLIC_HTML: &str = "<!DOCTYPE html><html lang=\"fr\"><head>\
    <script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import init from '/public/public.js';</script>\
    </head><body></body></html>";

/// A database of its own for one test.
pub struct TestDb {
    pub url: String,
    /// Dropped with the test (SQLite files live in it).
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }
}

/// The PostgreSQL server under test (`SEED_TEST_PG`, an admin URL), if any.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("SEED_TEST_PG").ok().filter(|v| !v.is_empty())
}

pub fn fresh_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match postgres_admin_url() {
        Some(admin) => {
            let name = format!("seed_test_{}", uuid::Uuid::now_v7().simple());
            let mut conn = PgConnection::establish(&admin).expect("connect to the test PostgreSQL");
            conn.batch_execute(&format!("CREATE DATABASE {name}")).expect("create the test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            format!("{base}/{name}")
        }
        None => dir.path().join("seed.sqlite3").to_string_lossy().into_owned(),
    };
    TestDb { url, _dir: dir }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub issuer: Issuer,
    pub pool: seed_api::db::DbPool,
}

/// A browser: cookies kept, redirects not followed (the tests read them).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// POST `body` to `path` as browser `b`, with SEED's CSRF header and a fresh
    /// `Idempotency-Key` (what the SPA sends).
    pub async fn post_as(
        &self,
        b: &reqwest::Client,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.post_with_key(b, path, &uuid::Uuid::now_v7().to_string(), body).await
    }

    /// POST with this `Idempotency-Key` (to send copies of one request).
    pub async fn post_with_key(
        &self,
        b: &reqwest::Client,
        path: &str,
        key: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        b.post(self.url(path))
            .header("x-seed-csrf", "1")
            .header("idempotency-key", key)
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// PUT `body` to `path` as browser `b`, with SEED's CSRF header.
    pub async fn put_as(
        &self,
        b: &reqwest::Client,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        b.put(self.url(path)).header("x-seed-csrf", "1").json(&body).send().await.expect("request")
    }

    /// PATCH `body` to `path` as browser `b`, with SEED's CSRF header.
    pub async fn patch_as(
        &self,
        b: &reqwest::Client,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        b.patch(self.url(path)).header("x-seed-csrf", "1").json(&body).send().await.expect("request")
    }

    /// DELETE `path` as browser `b`, with SEED's CSRF header.
    pub async fn delete_as(&self, b: &reqwest::Client, path: &str) -> reqwest::Response {
        b.delete(self.url(path)).header("x-seed-csrf", "1").send().await.expect("request")
    }

    /// The id of the member with this e-mail.
    pub fn member_id(&self, email: &str) -> String {
        seed_api::db::member::find_by_email(&mut self.conn(), email).expect("a read").expect("a member").id
    }

    /// The id of the TS account of the member with this e-mail.
    pub fn account_id(&self, email: &str) -> String {
        seed_api::db::account::find_for_member(&mut self.conn(), &self.member_id(email))
            .expect("a read")
            .expect("an account")
            .id
    }

    /// The books, checked.
    pub fn books(&self) -> seed_domain::timebank::BooksCheck {
        seed_api::ledger::verify_books(&mut self.conn()).expect("the books")
    }

    /// GET `path` as `b` (a signed-in browser or a token's client): the JSON body.
    pub async fn get_as<T: serde::de::DeserializeOwned>(&self, b: &reqwest::Client, path: &str) -> T {
        b.get(self.url(path)).send().await.expect("request").json().await.expect("a JSON body")
    }
}

/// Settings of a local demo run on a free port, plus `extra`.
pub fn config(db: &TestDb, web_dir: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("SEED_MODE".to_owned(), "demo".to_owned()),
        ("SEED_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ("DATABASE_URL".to_owned(), db.url.clone()),
        ("SEED_WEB_DIR".to_owned(), web_dir.to_string_lossy().into_owned()),
        ("SEED_DB_POOL".to_owned(), "4".to_owned()),
        // Tests start from the four demo people; `demo::a_demo_shows_a_living_association_seeded_once` seeds the rest.
        ("SEED_DEMO_DATA".to_owned(), "people".to_owned()),
    ]);
    for (k, v) in extra {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let db = fresh_db();
    let web_dir = db._dir.path().join("dist");
    std::fs::create_dir_all(&web_dir).expect("web dir");
    std::fs::write(web_dir.join("index.html"), INDEX_HTML).expect("index.html");
    std::fs::write(web_dir.join("app.js"), "export default function init() {}\n").expect("app.js");
    std::fs::create_dir_all(web_dir.join("public")).expect("public dir");
    std::fs::write(web_dir.join("public/index.html"), PUBLIC_HTML).expect("public/index.html");
    // A hashed asset with the copies the build's precompress step writes (told apart by content).
    for (name, body) in [("", "wasm"), (".br", "brotli"), (".gz", "gzip")] {
        std::fs::write(web_dir.join(format!("seed-web-0123456789abcdef_bg.wasm{name}")), body)
            .expect("asset");
    }
    let issuer = Issuer::start().await;
    let mut settings: Vec<(&str, &str)> = vec![
        ("SEED_OIDC_ISSUER", issuer.url.as_str()),
        ("SEED_OIDC_CLIENT_ID", issuer::CLIENT_ID),
        ("SEED_OIDC_CLIENT_SECRET", issuer::CLIENT_SECRET),
        ("SEED_WORKSPACE_DOMAIN", issuer::DOMAIN),
        ("SEED_ADMIN_EMAILS", "first.admin@amt.example"),
    ];
    settings.extend_from_slice(extra);
    let config = config(&db, &web_dir, &settings);
    let app = tokio::task::spawn_blocking(move || Application::build(config))
        .await
        .expect("build task")
        .expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let pool = seed_api::db::connect(&db.url, 2).expect("the test's own pool");
    TestApp { address, client: browser(), db, issuer, pool }
}

/// Where a callback sent the browser: into the SPA, or to the sign-in page with a reason.
#[derive(Debug, PartialEq, Eq)]
pub enum Landing {
    SignedIn(String),
    Refused(String),
}

impl TestApp {
    pub fn conn(&self) -> seed_api::db::PooledConn {
        self.pool.get().expect("a connection")
    }

    /// `GET /api/auth/login` in `browser`: SEED's redirect to the issuer, parsed.
    pub async fn start_login(&self, browser: &reqwest::Client) -> AuthorizeRequest {
        let response = browser.get(self.url("/api/auth/login")).send().await.expect("login");
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with(&format!("{}/authorize?", self.issuer.url)), "{location}");
        AuthorizeRequest::parse(&location)
    }

    pub async fn callback(&self, browser: &reqwest::Client, query: &str) -> Landing {
        let response =
            browser.get(self.url(&format!("/api/auth/callback?{query}"))).send().await.expect("callback");
        assert_eq!(response.status(), 303, "the callback always redirects");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        match location.strip_prefix("/connexion?erreur=") {
            Some(reason) => Landing::Refused(reason.to_owned()),
            None => Landing::SignedIn(location),
        }
    }

    /// A whole Google sign-in in `browser`, the issuer answering with `claims` (made from a
    /// valid token for `email`/`sub` by `edit`) signed as `signing`.
    pub async fn google_sign_in_with(
        &self,
        browser: &reqwest::Client,
        email: &str,
        sub: &str,
        edit: impl FnOnce(&mut serde_json::Value),
        signing: Signing,
    ) -> Landing {
        let request = self.start_login(browser).await;
        let mut claims = self.issuer.claims(email, sub, request.get("nonce"));
        edit(&mut claims);
        let code = self.issuer.grant(request.get("code_challenge"), claims, signing);
        self.callback(browser, &format!("code={code}&state={}", request.get("state"))).await
    }

    pub async fn google_sign_in(&self, browser: &reqwest::Client, email: &str, sub: &str) -> Landing {
        self.google_sign_in_with(browser, email, sub, |_| {}, Signing::Issuer).await
    }

    /// A new browser signed in as the demo person `email`.
    pub async fn demo_browser(&self, email: &str) -> reqwest::Client {
        let b = browser();
        let response = b
            .post(self.url("/api/auth/demo"))
            .header("x-seed-csrf", "1")
            .json(&serde_json::json!({ "email": email }))
            .send()
            .await
            .expect("demo sign-in");
        assert_eq!(response.status(), 204, "demo sign-in as {email}");
        b
    }

    /// The audit log's rows, oldest first.
    pub fn audit(&self) -> Vec<seed_api::db::audit::AuditRow> {
        let mut rows: Vec<_> = seed_api::db::audit::list_page(&mut self.conn(), None, None, 10_000)
            .expect("audit")
            .into_iter()
            .map(|(row, _, _)| row)
            .collect();
        rows.reverse();
        rows
    }

    pub fn audited(&self, action: &str, detail: &str) -> bool {
        self.audit().iter().any(|r| r.action.as_str() == action && r.detail.as_deref() == Some(detail))
    }
}

pub const CAMILLE: &str = "camille.martin@amt.example";
pub const SAMI: &str = "sami.benali@amt.example";
/// The second staff person: checks what Sami cannot do on his own account.
pub const LEA: &str = "lea.moreau@amt.example";
pub const ALEX: &str = "alex.durand@amt.example";

/// Asserts a problem+json answer with `status` and `code`, and returns its body.
pub async fn assert_problem(response: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(response.status().as_u16(), status, "status of {}", response.url());
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = response.json().await.expect("problem body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], format!("urn:seed:problem:{code}"));
    body
}

/// The crate's directory at run time (a target directory shared by two checkouts keeps the
/// compile-time one of whichever built it).
pub fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}

// What the exchange and ledger tests share.

pub async fn json_of(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

pub async fn offer(app: &TestApp, owner: &reqwest::Client, title: &str, kind: &str) -> String {
    let listing = json_of(
        app.post_as(owner, "/api/listings", json!({
            "kind": kind, "title": title, "description": "Trois heures de relecture de devis et de conseils.",
            "skills": ["Rédaction", "devis"], "estimated_minutes": 180
        }))
        .await,
    )
    .await;
    assert_eq!(listing["estimated_amount"], 500);
    assert_eq!(listing["skills"], json!(["rédaction", "devis"]));
    listing["id"].as_str().unwrap().to_owned()
}

/// The provider accepts for `minutes`; if that is not the duration asked for, the member
/// served agrees to it.
pub async fn accept(
    app: &TestApp,
    provider: &reqwest::Client,
    served: &reqwest::Client,
    id: &str,
    minutes: u32,
) {
    let accepted = json_of(
        app.post_as(provider, &format!("/api/exchanges/{id}/accept"), json!({ "minutes": minutes })).await,
    )
    .await;
    if accepted["state"] == "awaiting_agreement" {
        let agreed =
            json_of(app.post_as(served, &format!("/api/exchanges/{id}/agree"), json!({})).await).await;
        assert_eq!(agreed["state"], "accepted");
    }
}

pub async fn balance(app: &TestApp, b: &reqwest::Client) -> i64 {
    app.get_as::<Value>(b, "/api/me/account").await["balance"].as_i64().unwrap()
}

pub async fn kinds(app: &TestApp, b: &reqwest::Client) -> Vec<String> {
    let page: Value = app.get_as(b, "/api/me/notifications").await;
    page["items"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap().to_owned()).collect()
}

pub async fn account_of(app: &TestApp, b: &reqwest::Client) -> Value {
    app.get_as(b, "/api/me/account").await
}
