//! A small in-process scheduler for periodic clean-up. Every instance runs it; the jobs table
//! makes sure each period of each job runs on one instance only (see `db::job::claim_due`).

use crate::db::{self, DbConn, DbPool};
use std::time::Duration;

/// A periodic job: its name (the row in `jobs`), how often, and what it does.
#[derive(Clone, Copy)]
pub struct Job {
    pub name: &'static str,
    pub period: Duration,
    pub run: fn(&mut DbConn) -> anyhow::Result<()>,
}

/// The jobs SEED runs.
pub fn jobs() -> Vec<Job> {
    vec![Job {
        name: "optimize_database",
        period: Duration::from_secs(24 * 3600),
        run: optimize,
    }]
}

/// Keeps the query planner's statistics fresh.
fn optimize(conn: &mut DbConn) -> anyhow::Result<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConn::Postgresql(_) => conn.batch_execute("ANALYZE")?,
        DbConn::Sqlite(_) => conn.batch_execute("PRAGMA optimize")?,
    }
    Ok(())
}

/// Registers the jobs and checks for due ones every `tick`, until the process stops.
pub fn start(pool: DbPool, instance: String, tick: Duration) {
    let jobs = jobs();
    tokio::spawn(async move {
        let registered = {
            let jobs = jobs.clone();
            db::run(&pool, move |conn| {
                let now = chrono::Utc::now().naive_utc();
                for job in &jobs {
                    db::job::ensure(conn, job.name, job.period.as_secs() as i64, now)?;
                }
                Ok(())
            })
            .await
        };
        if let Err(e) = registered {
            tracing::error!(error = %e, "the scheduler cannot register its jobs");
        }
        let mut interval = tokio::time::interval(tick);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let jobs = jobs.clone();
            let instance = instance.clone();
            let outcome = db::run(&pool, move |conn| {
                let due = db::job::claim_due(conn, chrono::Utc::now().naive_utc(), &instance)?;
                for name in due {
                    if let Some(job) = jobs.iter().find(|j| j.name == name) {
                        match (job.run)(conn) {
                            Ok(()) => tracing::info!(job = job.name, "job done"),
                            Err(e) => tracing::error!(job = job.name, error = %e, "job failed"),
                        }
                    }
                }
                Ok(())
            })
            .await;
            if let Err(e) = outcome {
                tracing::warn!(error = %e, "the scheduler could not check its jobs");
            }
        }
    });
}
