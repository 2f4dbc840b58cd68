//! The write path: SQLite's group commit (one transaction, many requests' savepoints, one
//! disk sync) and write transactions that take SQLite's write lock first.

use super::{DbConn, DbPool, run};

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
    use crate::db::{connect, setting};
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
