//! Starting SEED for a test, on a fresh database of the backend under test.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use seed_api::config::Config;
use seed_api::startup::Application;
use std::collections::HashMap;

/// A page like Trunk's, with the nonce placeholder the server fills.
pub const INDEX_HTML: &str = "<!DOCTYPE html><html lang=\"fr\"><head>\
    <script type=\"module\" nonce=\"{{__TRUNK NONCE__}}\">import init from '/app.js';</script>\
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
            conn.batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create the test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            format!("{base}/{name}")
        }
        None => dir
            .path()
            .join("seed.sqlite3")
            .to_string_lossy()
            .into_owned(),
    };
    TestDb { url, _dir: dir }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }
}

/// Settings of a local demo run on a free port, plus `extra`.
pub fn config(db: &TestDb, web_dir: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("SEED_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ("DATABASE_URL".to_owned(), db.url.clone()),
        (
            "SEED_WEB_DIR".to_owned(),
            web_dir.to_string_lossy().into_owned(),
        ),
        ("SEED_DB_POOL".to_owned(), "4".to_owned()),
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
    std::fs::write(
        web_dir.join("app.js"),
        "export default function init() {}\n",
    )
    .expect("app.js");
    let config = config(&db, &web_dir, extra);
    let app = tokio::task::spawn_blocking(move || Application::build(config))
        .await
        .expect("build task")
        .expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        db,
    }
}

/// Asserts a problem+json answer with `status` and `code`, and returns its body.
pub async fn assert_problem(
    response: reqwest::Response,
    status: u16,
    code: &str,
) -> serde_json::Value {
    assert_eq!(
        response.status().as_u16(),
        status,
        "status of {}",
        response.url()
    );
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = response.json().await.expect("problem body");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], format!("urn:seed:problem:{code}"));
    body
}
