//! The audit log: who did what, to what, why, from where. People are named by their member
//! id, never by e-mail, so a member erased from the members table leaves no address here.
//! Rows are append-only (database triggers) but for two bounded operations: erasing IP
//! addresses after their retention, and purging rows after theirs.

use crate::auth::ratelimit::{Limiter, RefusalTally};
use crate::db::audit::{self, AuditRow};
use crate::db::{DbConn, DbPool};
use crate::error::ApiError;
use seed_domain::admin::AuditAction;
use seed_domain::duties::{StaffAct, check_staff_act};
use seed_domain::membership::Role;
use std::sync::Arc;

/// Who acts, as the log and the separation of duties see them: a member, the role their
/// credential lets them use now (a token's scopes may allow less than the member's role), and
/// the address they came from.
#[derive(Debug, Clone)]
pub struct Actor {
    pub member_id: String,
    pub role: Role,
    pub ip: String,
}

impl Actor {
    /// Adds a line for what this actor did.
    pub fn record(
        &self,
        conn: &mut DbConn,
        action: AuditAction,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> diesel::QueryResult<()> {
        record(conn, Some(&self.member_id), action, subject, detail, Some(&self.ip))
    }

    /// Refuses what staff may not do because of who they are (see `seed_domain::duties`).
    pub fn may(&self, act: StaffAct<'_>) -> Result<(), ApiError> {
        check_staff_act(&self.member_id, self.role, act).map_err(|reason| reason.problem().into())
    }
}

/// Adds a line to the audit log.
pub fn record(
    conn: &mut DbConn,
    actor_id: Option<&str>,
    action: AuditAction,
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
            action,
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
                AuditAction::AccessRefused,
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
