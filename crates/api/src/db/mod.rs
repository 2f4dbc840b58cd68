//! The database: one connection type for SQLite and PostgreSQL, chosen by URL scheme.
//!
//! Most queries go through [`DbConn`] unchanged. Where the SQL of the two backends really
//! differs (`FOR UPDATE`, `ON CONFLICT`, sums of BIGINT, locks) the aggregate's module matches
//! on the variant, and only there.

pub mod account;
pub mod audit;
pub mod exchange;
pub mod idempotency;
pub mod job;
pub mod ledger;
pub mod listing;
pub mod member;
pub mod schema;
pub mod session;
pub mod setting;
pub mod token;

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
/// in SQLite), and a busy timeout so writers queue instead of failing.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        if let DbConn::Sqlite(_) = conn {
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens the pool and applies pending migrations under a lock.
pub fn connect(url: &str, size: u32) -> anyhow::Result<DbPool> {
    use anyhow::Context as _;
    let backend = Backend::of_url(url);
    if backend == Backend::Sqlite
        && let Some(dir) = std::path::Path::new(url).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the database folder {}", dir.display()))?;
    }
    let pool = Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .connection_customizer(Box::new(SqlitePragmas))
        .build(ConnectionManager::<DbConn>::new(url))
        .with_context(|| format!("cannot reach the {} database", backend.as_str()))?;
    let mut conn = pool.get().context("cannot get a database connection")?;
    migrate(&mut conn).map_err(|e| anyhow::anyhow!("cannot apply the database migrations: {e}"))?;
    Ok(pool)
}

type MigrationError = Box<dyn std::error::Error + Send + Sync>;

pub fn migrate(conn: &mut DbConn) -> Result<(), MigrationError> {
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

/// True when every migration this binary knows is applied.
pub fn migrations_applied(conn: &mut DbConn) -> Result<bool, MigrationError> {
    match conn {
        DbConn::Postgresql(pg) => Ok(!pg.has_pending_migration(POSTGRES_MIGRATIONS)?),
        DbConn::Sqlite(lite) => Ok(!lite.has_pending_migration(SQLITE_MIGRATIONS)?),
    }
}

/// Warns when the database is not set up for the ledger's durability promise.
pub fn check_durability(conn: &mut DbConn) {
    use diesel::RunQueryDsl;
    use diesel::sql_types::Text;
    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Text)]
        value: String,
    }
    let checks: &[(&str, &str)] = match conn {
        DbConn::Postgresql(_) => &[
            ("SELECT setting AS value FROM pg_settings WHERE name = 'fsync'", "on"),
            ("SELECT setting AS value FROM pg_settings WHERE name = 'synchronous_commit'", "on"),
        ],
        DbConn::Sqlite(_) => &[
            ("SELECT CAST(synchronous AS TEXT) AS value FROM pragma_synchronous", "2"),
            ("SELECT journal_mode AS value FROM pragma_journal_mode", "wal"),
        ],
    };
    for (query, expected) in checks {
        match diesel::sql_query(*query).get_result::<Setting>(conn) {
            Ok(s) if s.value.eq_ignore_ascii_case(expected) => {}
            Ok(s) => {
                tracing::warn!(query, found = %s.value, expected, "the database is not durable: acknowledged transfers may be lost on a crash")
            }
            Err(e) => {
                tracing::warn!(query, error = %e, "cannot check the database's durability settings")
            }
        }
    }
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
        work(&mut conn)
    })
    .await
    .map_err(|e| crate::error::ApiError::Unexpected(anyhow::anyhow!("blocking task failed: {e}")))?
}

/// Runs `work` in a write transaction: `BEGIN IMMEDIATE` on SQLite (the write lock first, so
/// two writers queue on the busy timeout instead of failing to upgrade a read lock), a plain
/// `BEGIN` on PostgreSQL (row locks do the rest). Nested, it is a savepoint.
pub fn write_transaction<T, E>(
    conn: &mut DbConn,
    work: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    use diesel::Connection;
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let outermost_sqlite = match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c)
            .transaction_depth()
            .map_err(E::from)?
            .is_none(),
        DbConn::Postgresql(_) => false,
    };
    if !outermost_sqlite {
        return conn.transaction(work);
    }
    if let DbConn::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE").map_err(E::from)?;
    }
    match work(conn) {
        Ok(value) => {
            <DbConn as diesel::Connection>::TransactionManager::commit_transaction(conn).map_err(E::from)?;
            Ok(value)
        }
        Err(e) => {
            let _ = <DbConn as diesel::Connection>::TransactionManager::rollback_transaction(conn);
            Err(e)
        }
    }
}
