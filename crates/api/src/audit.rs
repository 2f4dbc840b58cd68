//! The audit log: who did what, to what, why, from where. People are named by their member
//! id, never by e-mail, so a member erased from the members table leaves no address here.
//! Rows are append-only (database triggers) but for two bounded operations: erasing IP
//! addresses after their retention, and purging rows after theirs.

use crate::auth::ratelimit::{Limiter, RefusalTally};
use crate::db::audit::{self, AuditRow};
use crate::db::{DbConn, DbPool};
use std::sync::Arc;

/// Adds a line to the audit log.
pub fn record(
    conn: &mut DbConn,
    actor_id: Option<&str>,
    action: &str,
    subject: Option<&str>,
    detail: Option<&str>,
    ip: Option<&str>,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        &AuditRow {
            id: uuid::Uuid::now_v7().to_string(),
            at: crate::clock::now(),
            actor_id: actor_id.map(str::to_owned),
            action: action.to_owned(),
            subject: subject.map(|s| s.chars().take(200).collect()),
            detail: detail.map(|s| s.chars().take(500).collect()),
            ip: ip.map(str::to_owned),
        },
    )
}

/// One row per address for each minute that refused its credentials more than once, with the
/// count (the minute's first refusal has its own row, written at once).
pub fn record_refusal_tallies(conn: &mut DbConn, tallies: &[RefusalTally]) -> diesel::QueryResult<()> {
    crate::db::write_transaction(conn, |conn| {
        for t in tallies {
            record(
                conn,
                None,
                "access_refused",
                Some(&t.path),
                Some(&format!("{} ×{} in one minute", t.code.as_str(), t.count)),
                Some(&t.address),
            )?;
        }
        Ok(())
    })
}

/// Writes the tallies of ended minutes every few seconds, until the process stops.
pub fn start_refusal_tallies(pool: DbPool, limiter: Arc<Limiter>) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(std::time::Duration::from_secs(5));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let tallies = limiter.take_finished_refusals();
            if tallies.is_empty() {
                continue;
            }
            let written =
                crate::db::run(&pool, move |conn| Ok(record_refusal_tallies(conn, &tallies)?)).await;
            if let Err(e) = written {
                tracing::warn!(error = %e, "cannot write the tallies of refused credentials");
            }
        }
    });
}
