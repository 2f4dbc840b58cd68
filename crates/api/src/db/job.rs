//! SQL for the scheduler's jobs table.

use super::DbConn;
use super::schema::jobs;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub name: String,
    pub period_seconds: i64,
    pub next_run_at: NaiveDateTime,
    pub last_run_at: Option<NaiveDateTime>,
    pub last_run_by: Option<String>,
    pub runs: i64,
}

/// Adds the job unless it is already known (then its period is brought up to date).
pub fn ensure(
    conn: &mut DbConn,
    name: &str,
    period_seconds: i64,
    first_run: NaiveDateTime,
) -> QueryResult<()> {
    let updated =
        diesel::update(jobs::table.find(name)).set(jobs::period_seconds.eq(period_seconds)).execute(conn)?;
    if updated == 0 {
        let row = JobRow {
            name: name.to_owned(),
            period_seconds,
            next_run_at: first_run,
            last_run_at: None,
            last_run_by: None,
            runs: 0,
        };
        match diesel::insert_into(jobs::table).values(&row).execute(conn) {
            // Another instance inserted it meanwhile: same job, nothing to do.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// Claims the jobs due at `now` for `instance`: each is moved to its next period in the same
/// transaction, so another instance finds it not due. On PostgreSQL the rows are taken with
/// `FOR UPDATE SKIP LOCKED`, so instances never wait on each other; SQLite has one writer at a
/// time (`BEGIN IMMEDIATE`), which gives the same guarantee.
pub fn claim_due(conn: &mut DbConn, now: NaiveDateTime, instance: &str) -> QueryResult<Vec<String>> {
    match conn {
        DbConn::Postgresql(pg) => pg.transaction(|pg| {
            let due: Vec<JobRow> = jobs::table
                .filter(jobs::next_run_at.le(now))
                .order(jobs::name)
                .select(JobRow::as_select())
                .for_update()
                .skip_locked()
                .load(pg)?;
            for job in &due {
                diesel::update(jobs::table.find(&job.name)).set(advance(job, now, instance)).execute(pg)?;
            }
            Ok(due.into_iter().map(|j| j.name).collect())
        }),
        DbConn::Sqlite(lite) => lite.immediate_transaction(|lite| {
            let due: Vec<JobRow> = jobs::table
                .filter(jobs::next_run_at.le(now))
                .order(jobs::name)
                .select(JobRow::as_select())
                .load(lite)?;
            for job in &due {
                diesel::update(jobs::table.find(&job.name)).set(advance(job, now, instance)).execute(lite)?;
            }
            Ok(due.into_iter().map(|j| j.name).collect())
        }),
    }
}

type Advance<'a> = (
    diesel::dsl::Eq<jobs::next_run_at, NaiveDateTime>,
    diesel::dsl::Eq<jobs::last_run_at, Option<NaiveDateTime>>,
    diesel::dsl::Eq<jobs::last_run_by, Option<&'a str>>,
    diesel::dsl::Eq<jobs::runs, i64>,
);

fn advance<'a>(job: &JobRow, now: NaiveDateTime, instance: &'a str) -> Advance<'a> {
    let next = now + chrono::Duration::seconds(job.period_seconds);
    (
        jobs::next_run_at.eq(next),
        jobs::last_run_at.eq(Some(now)),
        jobs::last_run_by.eq(Some(instance)),
        jobs::runs.eq(job.runs + 1),
    )
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<JobRow>> {
    jobs::table.order(jobs::name).select(JobRow::as_select()).load(conn)
}
