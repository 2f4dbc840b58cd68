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
    vec![
        Job { name: "optimize_database", period: Duration::from_secs(24 * 3600), run: optimize },
        Job { name: "purge_sessions", period: Duration::from_secs(3600), run: purge_sessions },
        Job { name: "erase_audit_ips", period: Duration::from_secs(3600), run: erase_audit_ips },
        Job { name: "purge_audit", period: Duration::from_secs(3600), run: purge_audit },
        Job {
            name: "purge_idempotency_keys",
            period: Duration::from_secs(3600),
            run: purge_idempotency_keys,
        },
        Job { name: "auto_confirm_exchanges", period: Duration::from_secs(600), run: auto_confirm_exchanges },
        Job { name: "expire_listings", period: Duration::from_secs(3600), run: expire_listings },
    ]
}

/// Runs the job named `name` now, on this connection (admin tools and tests).
pub fn run_now(conn: &mut DbConn, name: &str) -> anyhow::Result<()> {
    let job = jobs().into_iter().find(|j| j.name == name).ok_or_else(|| anyhow::anyhow!("no job {name}"))?;
    (job.run)(conn)
}

/// Ends expired sessions and forgets abandoned sign-ins.
fn purge_sessions(conn: &mut DbConn) -> anyhow::Result<()> {
    let now = crate::clock::now();
    let sessions = db::session::purge_expired(conn, now, now - crate::auth::SESSION_IDLE)?;
    let pending = db::session::purge_pending(conn, now)?;
    tracing::info!(sessions, pending, "expired sessions and sign-ins purged");
    Ok(())
}

/// Confirms deliveries nobody confirmed or disputed in time, after reminding the member served.
fn auto_confirm_exchanges(conn: &mut DbConn) -> anyhow::Result<()> {
    let reminded = crate::exchange::remind_due(conn)?;
    let (confirmed, refused) = crate::exchange::auto_confirm_due(conn)?;
    tracing::info!(reminded, confirmed, refused, "exchanges confirmed automatically");
    Ok(())
}

/// Offers and wants past their date leave the lists unless renewed.
fn expire_listings(conn: &mut DbConn) -> anyhow::Result<()> {
    let expired = db::listing::expire_due(conn, crate::clock::now())?;
    tracing::info!(expired, "listings expired");
    Ok(())
}

/// Forgets idempotency keys older than the rules' period (7 days by default).
fn purge_idempotency_keys(conn: &mut DbConn) -> anyhow::Result<()> {
    let days = crate::settings::ts_rules(conn)?.idempotency_days;
    let cutoff = crate::clock::now() - chrono::Duration::days(i64::from(days));
    let purged = db::idempotency::purge_before(conn, cutoff)?;
    tracing::info!(purged, days, "idempotency keys purged");
    Ok(())
}

/// Erases the audit log's IP addresses once older than the retention period of the settings.
fn erase_audit_ips(conn: &mut DbConn) -> anyhow::Result<()> {
    let days = crate::settings::audit_ip_retention_days(conn)?;
    let cutoff = crate::clock::now() - chrono::Duration::days(i64::from(days));
    let erased = db::audit::erase_ips_before(conn, cutoff)?;
    tracing::info!(erased, days, "audit IP addresses erased");
    Ok(())
}

/// Purges audit rows once older than the retention period of the settings (1 year by default).
fn purge_audit(conn: &mut DbConn) -> anyhow::Result<()> {
    let days = crate::settings::audit_retention_days(conn)?;
    let cutoff = crate::clock::now() - chrono::Duration::days(i64::from(days));
    let purged = db::audit::purge_before(conn, cutoff)?;
    tracing::info!(purged, days, "audit rows purged");
    Ok(())
}

/// Keeps the query planner's statistics fresh.
fn optimize(conn: &mut DbConn) -> anyhow::Result<()> {
    Ok(db::maintenance::refresh_statistics(conn)?)
}

/// Registers the jobs and checks for due ones every `tick`, until the process stops.
pub fn start(pool: DbPool, instance: String, tick: Duration) {
    let jobs = jobs();
    tokio::spawn(async move {
        let registered = {
            let jobs = jobs.clone();
            db::run(&pool, move |conn| {
                let now = crate::clock::now();
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
                let due = db::job::claim_due(conn, crate::clock::now(), &instance)?;
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
