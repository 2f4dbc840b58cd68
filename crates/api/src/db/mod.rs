//! The database: one connection type for SQLite and PostgreSQL, chosen by URL scheme.
//!
//! Most queries go through [`DbConn`] unchanged. Where the SQL of the two backends really
//! differs (`FOR UPDATE`, `ON CONFLICT`, sums of BIGINT, locks) the aggregate's module matches
//! on the variant, and only there.

pub mod abuse;
pub mod account;
pub mod audit;
pub mod exchange;
pub mod idempotency;
pub mod job;
pub mod ledger;
pub mod listing;
pub mod maintenance;
pub mod member;
pub mod notification;
pub mod schema;
pub mod session;
pub mod setting;
pub mod token;
mod write;

pub use write::{WriteQueue, run_write, write_transaction};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<DbConn>>;
pub type PooledConn = PooledConnection<ConnectionManager<DbConn>>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgresql");

/// An arbitrary key that every SEED instance agrees on, so that only one migrates at a time.
const MIGRATION_LOCK_KEY: i64 = 0x5EED_0001;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgresql,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgresql
        } else {
            Backend::Sqlite
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgresql => "postgresql",
        }
    }
}

/// SQLite settings every connection needs: WAL so readers never block the writer,
/// `synchronous=FULL` because the ledger promises durability, foreign keys (off by default
/// in SQLite), a busy timeout so writers queue instead of failing, and reads through a memory
/// map (a connection re-reads the pages another one wrote; a map saves copying them).
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(_) = conn {
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// A stored value the domain does not know is a failed read (a logged 500), never a default.
pub fn unknown_is_an_error<T>(
    value: Result<T, seed_domain::text_enum::UnknownText>,
) -> diesel::QueryResult<T> {
    value.map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
}

/// Opens the pool and applies pending migrations under a lock.
pub fn connect(url: &str, size: u32) -> anyhow::Result<DbPool> {
    use anyhow::Context as _;
    let pool = open(url, size)?;
    migrate(&mut *pool.get().context("cannot get a database connection")?)?;
    Ok(pool)
}

/// Opens the pool, without migrating.
pub fn open(url: &str, size: u32) -> anyhow::Result<DbPool> {
    use anyhow::Context as _;
    let backend = Backend::of_url(url);
    if backend == Backend::Sqlite
        && let Some(dir) = std::path::Path::new(url).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the database folder {}", dir.display()))?;
    }
    // No `SELECT 1` on every checkout (two round trips per request): a connection that turns
    // out dead fails its request with 503 and is dropped by `run`, and the pool opens another.
    let pool = Pool::builder()
        .max_size(size)
        .test_on_check_out(false)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .connection_customizer(Box::new(SqlitePragmas))
        .build(ConnectionManager::<DbConn>::new(url))
        .with_context(|| format!("cannot reach the {} database", backend.as_str()))?;
    Ok(pool)
}

type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Applies pending migrations under a lock.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<()> {
    migrate_under_lock(conn).map_err(|e| anyhow::anyhow!("cannot apply the database migrations: {e}"))
}

fn migrate_under_lock(conn: &mut DbConn) -> Result<(), MigrationError> {
    match conn {
        DbConn::Postgresql(pg) => {
            // Several instances may start at once: the advisory lock lets one migrate while
            // the others wait, and they then find nothing pending.
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = pg.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result
        }
        DbConn::Sqlite(lite) => {
            // BEGIN IMMEDIATE takes the write lock first, so a second instance waits (busy
            // timeout) and then sees the migrations applied; each migration is a savepoint.
            lite.immediate_transaction(|c| {
                c.run_pending_migrations(SQLITE_MIGRATIONS)
                    .map(|_| ())
                    .map_err(diesel::result::Error::QueryBuilderError)
            })
            .map_err(Into::into)
        }
    }
}

/// Applies the pending migrations up to and including `version` (`2026-12-01-000006`), each in
/// its own transaction: how a test gets a database as an older SEED left it, to fill it and
/// then migrate it the rest of the way.
pub fn migrate_up_to(conn: &mut DbConn, version: &str) -> Result<(), MigrationError> {
    fn up_to<C: MigrationHarness<B>, B: diesel::backend::Backend>(
        conn: &mut C,
        source: EmbeddedMigrations,
        version: &str,
    ) -> Result<(), MigrationError> {
        // Diesel's versions are the folder names' dates without their dashes.
        let last = version.replace('-', "");
        let mut pending = conn.pending_migrations(source)?;
        pending.sort_by_key(|m| m.name().version().to_string());
        for migration in pending.iter().filter(|m| m.name().version().to_string().replace('-', "") <= last) {
            conn.run_migration(migration)?;
        }
        Ok(())
    }
    match conn {
        DbConn::Postgresql(pg) => up_to(pg, POSTGRES_MIGRATIONS, version),
        DbConn::Sqlite(lite) => up_to(lite, SQLITE_MIGRATIONS, version),
    }
}

/// True when every migration this binary knows is applied.
pub fn migrations_applied(conn: &mut DbConn) -> Result<bool, MigrationError> {
    match conn {
        DbConn::Postgresql(pg) => Ok(!pg.has_pending_migration(POSTGRES_MIGRATIONS)?),
        DbConn::Sqlite(lite) => Ok(!lite.has_pending_migration(SQLITE_MIGRATIONS)?),
    }
}

/// Warns when the database is not set up for the ledger's durability promise.
pub fn check_durability(conn: &mut DbConn) {
    for problem in durability_problems(conn) {
        tracing::warn!(%problem, "the database is not durable: acknowledged transfers may be lost on a crash");
    }
}

/// What in the database's settings breaks the ledger's durability promise (nothing, normally):
/// PostgreSQL's `fsync` and `synchronous_commit`, SQLite's `synchronous=FULL` and WAL.
pub fn durability_problems(conn: &mut DbConn) -> Vec<String> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::Text;
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Text)]
        value: String,
    }
    let checks: &[(&str, &str, &str)] = match conn {
        DbConn::Postgresql(_) => &[
            ("fsync", "SELECT setting AS value FROM pg_settings WHERE name = 'fsync'", "on"),
            (
                "synchronous_commit",
                "SELECT setting AS value FROM pg_settings WHERE name = 'synchronous_commit'",
                "on",
            ),
        ],
        DbConn::Sqlite(_) => &[
            ("synchronous", "SELECT CAST(synchronous AS TEXT) AS value FROM pragma_synchronous", "2"),
            ("journal_mode", "SELECT journal_mode AS value FROM pragma_journal_mode", "wal"),
        ],
    };
    checks
        .iter()
        .filter_map(|(name, query, expected)| match diesel::sql_query(*query).get_result::<Setting>(conn) {
            Ok(s) if s.value.eq_ignore_ascii_case(expected) => None,
            Ok(s) => Some(format!("{name} is {}, not {expected}", s.value)),
            Err(e) => Some(format!("cannot read {name}: {e}")),
        })
        .collect()
}

/// `text` for a LIKE pattern that ends with `ESCAPE '\'` (on both databases): its `%`, `_` and
/// `\` match only themselves.
pub fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Runs `work` on a pooled connection on the blocking thread pool (Diesel is synchronous).
pub async fn run<T, F>(pool: &DbPool, work: F) -> crate::error::ApiResult<T>
where
    F: FnOnce(&mut DbConn) -> crate::error::ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        let result = work(&mut conn);
        if let Err(crate::error::ApiError::Unavailable(_)) = &result {
            discard(&mut conn);
        }
        result
    })
    .await
    .map_err(|e| crate::error::ApiError::Unexpected(anyhow::anyhow!("blocking task failed: {e}")))?
}

/// Marks `conn` broken so the pool closes it instead of handing it out again (the database
/// went away, or SQLite stayed locked past its busy timeout).
pub(super) fn discard(conn: &mut DbConn) {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Postgresql(c) => AnsiTransactionManager::transaction_manager_status_mut(c).set_in_error(),
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c).set_in_error(),
    }
}
