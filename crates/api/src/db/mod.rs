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
fn discard(conn: &mut DbConn) {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    match conn {
        DbConn::Postgresql(c) => AnsiTransactionManager::transaction_manager_status_mut(c).set_in_error(),
        DbConn::Sqlite(c) => AnsiTransactionManager::transaction_manager_status_mut(c).set_in_error(),
    }
}

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn sqlite_writer() -> std::sync::MutexGuard<'static, ()> {
    SQLITE_WRITER.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a queued write is told at the end: whether its batch committed.
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;

/// A queued write: `run` does the work in a savepoint and returns how to answer once the
/// batch ends; `refuse` answers without running when the batch cannot even begin.
struct Job {
    run: Box<dyn FnOnce(&mut DbConn) -> Deliver + Send>,
    refuse: Deliver,
}

/// Group commit for SQLite. `synchronous=FULL` makes every commit wait for the disk, and
/// SQLite has one writer, so one transaction per request caps writes at the disk's syncs per
/// second. Writes queue here instead; whoever takes the writer lock runs every queued write in
/// one transaction, each in its own savepoint (a failing one rolls back alone), commits once,
/// and only then answers each of them. One queue per database (per [`AppState`]).
///
/// [`AppState`]: crate::state::AppState
#[derive(Clone, Default)]
pub struct WriteQueue(std::sync::Arc<std::sync::Mutex<Vec<Job>>>);

impl WriteQueue {
    fn push(&self, job: Job) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(job);
    }

    fn take(&self) -> Vec<Job> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    fn submit<T, F>(&self, conn: &mut DbConn, work: F) -> crate::error::ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> crate::error::ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        use crate::error::ApiError;
        use diesel::Connection;
        use std::sync::mpsc::TryRecvError;
        let unavailable = |e: String| ApiError::Unavailable(anyhow::anyhow!(e));
        let (answer, answered) = std::sync::mpsc::sync_channel::<crate::error::ApiResult<T>>(1);
        let refusal = answer.clone();
        self.push(Job {
            run: Box::new(move |conn: &mut DbConn| -> Deliver {
                let outcome = conn.transaction(work);
                Box::new(move |committed: Result<(), String>| {
                    let _ = answer.send(committed.map_err(unavailable).and(outcome));
                })
            }),
            refuse: Box::new(move |committed: Result<(), String>| {
                let _ = refusal.send(Err(unavailable(committed.err().unwrap_or_default())));
            }),
        });
        let lost = || ApiError::Unexpected(anyhow::anyhow!("a queued write was lost"));
        let _writer = sqlite_writer();
        // A leader answers its batch before it lets the lock go: either this write was in an
        // earlier batch and its answer is here, or it is still queued and this thread leads.
        match answered.try_recv() {
            Ok(result) => return result,
            Err(TryRecvError::Disconnected) => return Err(lost()),
            Err(TryRecvError::Empty) => {}
        }
        run_batch(conn, self.take());
        answered.recv().unwrap_or_else(|_| Err(lost()))
    }
}

/// Runs `jobs` in one `BEGIN IMMEDIATE` transaction and answers each once it has committed
/// (or failed to).
fn run_batch(conn: &mut DbConn, jobs: Vec<Job>) {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    type Manager = <DbConn as diesel::Connection>::TransactionManager;
    // Only SQLite queues its writes (`run_write`); PostgreSQL never reaches here.
    let begun = match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConn::Postgresql(_) => Err(diesel::result::Error::BrokenTransactionManager),
    };
    if let Err(e) = begun {
        for job in jobs {
            (job.refuse)(Err(e.to_string()));
        }
        return;
    }
    let delivers: Vec<Deliver> = jobs.into_iter().map(|job| (job.run)(conn)).collect();
    let committed = Manager::commit_transaction(conn).map_err(|e| e.to_string());
    if committed.is_err() {
        let _ = Manager::rollback_transaction(conn);
    }
    for deliver in delivers {
        deliver(committed.clone());
    }
}

/// Runs `work` in a write transaction on a pooled connection (off the async threads): on
/// SQLite through the group commit of `queue`, on PostgreSQL in its own transaction (the
/// server groups concurrent commits itself).
pub async fn run_write<T, F>(pool: &DbPool, queue: &WriteQueue, work: F) -> crate::error::ApiResult<T>
where
    F: FnOnce(&mut DbConn) -> crate::error::ApiResult<T> + Send + 'static,
    T: Send + 'static,
{
    let queue = queue.clone();
    run(pool, move |conn| match conn {
        DbConn::Postgresql(_) => write_transaction(conn, work),
        DbConn::Sqlite(_) => queue.submit(conn, work),
    })
    .await
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
    // Writers queue here rather than on SQLite's busy handler, which sleeps (1, 2, 5, 10 ms...)
    // and so wastes most of the time a queue of writers could use. One lock for the process:
    // SQLite has one writer per file anyway, and SEED runs one file.
    let _writer = sqlite_writer();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    /// Writers from many threads at once through the group commit: the ones that fail roll
    /// back alone, every other one is committed and answered.
    #[test]
    fn group_commit_keeps_each_write_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        let pool = connect(&dir.path().join("t.sqlite3").to_string_lossy(), 40).unwrap();
        let queue = WriteQueue::default();
        let threads: Vec<_> = (0..32)
            .map(|i| {
                let (pool, queue) = (pool.clone(), queue.clone());
                std::thread::spawn(move || {
                    let mut conn = pool.get().unwrap();
                    queue.submit(&mut conn, move |conn| {
                        setting::set(conn, &format!("k{i}"), "v", None, crate::clock::now())?;
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        if i % 3 == 0 { Err(ApiError::new(seed_domain::ErrorCode::Conflict)) } else { Ok(i) }
                    })
                })
            })
            .collect();
        let mut answered = Vec::new();
        for t in threads {
            match t.join().unwrap() {
                Ok(i) => answered.push(i),
                Err(ApiError::Problem(p)) => assert_eq!(p.code, seed_domain::ErrorCode::Conflict),
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        let mut conn = pool.get().unwrap();
        for i in 0..32 {
            let kept = setting::get(&mut conn, &format!("k{i}")).unwrap().is_some();
            assert_eq!(kept, i % 3 != 0, "k{i}");
            assert_eq!(answered.contains(&i), i % 3 != 0);
        }
    }
}
