//! SQL for exchanges, their events and evaluations (notifications: `notification.rs`).

use super::DbConn;
use super::schema::{evaluations, exchange_events, exchanges, members};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use seed_domain::exchange::{ActionKind, ExchangeState};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = exchanges)]
pub struct ExchangeRow {
    pub id: String,
    pub listing_id: Option<String>,
    pub title: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub state: ExchangeState,
    pub provider_id: String,
    pub beneficiary_id: String,
    pub requester_id: String,
    pub minutes: Option<i32>,
    pub amount: Option<i64>,
    pub transfer_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub auto_confirm_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &ExchangeRow) -> QueryResult<()> {
    diesel::insert_into(exchanges::table).values(row.clone()).execute(conn).map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ExchangeRow>> {
    exchanges::table.find(id).select(ExchangeRow::as_select()).first(conn).optional()
}

/// The exchange, locked for the rest of the transaction (two confirmations racing must not
/// both pay): a row lock on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already serialises writers.
pub fn lock(conn: &mut DbConn, id: &str) -> QueryResult<Option<ExchangeRow>> {
    match conn {
        DbConn::Postgresql(pg) => {
            exchanges::table.find(id).select(ExchangeRow::as_select()).for_update().first(pg).optional()
        }
        DbConn::Sqlite(lite) => {
            exchanges::table.find(id).select(ExchangeRow::as_select()).first(lite).optional()
        }
    }
}

pub fn save(conn: &mut DbConn, row: &ExchangeRow) -> QueryResult<usize> {
    diesel::update(exchanges::table.find(&row.id))
        .set((
            exchanges::state.eq(row.state.as_str()),
            exchanges::minutes.eq(row.minutes),
            exchanges::amount.eq(row.amount),
            exchanges::transfer_id.eq(&row.transfer_id),
            exchanges::updated_at.eq(row.updated_at),
            exchanges::delivered_at.eq(row.delivered_at),
            exchanges::auto_confirm_at.eq(row.auto_confirm_at),
            exchanges::reminded_at.eq(row.reminded_at),
        ))
        .execute(conn)
}

/// The member's exchanges (as provider or beneficiary), newest first, before `cursor`.
pub fn list_for_member(
    conn: &mut DbConn,
    member_id: &str,
    state: Option<&str>,
    cursor: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ExchangeRow>> {
    let mut query = exchanges::table
        .filter(
            exchanges::provider_id
                .eq(member_id.to_owned())
                .or(exchanges::beneficiary_id.eq(member_id.to_owned())),
        )
        .order(exchanges::id.desc())
        .limit(limit)
        .select(ExchangeRow::as_select())
        .into_boxed();
    if let Some(state) = state {
        query = query.filter(exchanges::state.eq(state.to_owned()));
    }
    if let Some(cursor) = cursor {
        query = query.filter(exchanges::id.lt(cursor.to_owned()));
    }
    query.load(conn)
}

/// All exchanges in `state` (staff: the disputes), newest first.
pub fn list_in_state(
    conn: &mut DbConn,
    state: &str,
    cursor: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<ExchangeRow>> {
    let mut query = exchanges::table
        .filter(exchanges::state.eq(state.to_owned()))
        .order(exchanges::id.desc())
        .limit(limit)
        .select(ExchangeRow::as_select())
        .into_boxed();
    if let Some(cursor) = cursor {
        query = query.filter(exchanges::id.lt(cursor.to_owned()));
    }
    query.load(conn)
}

/// The states of exchanges under way, as stored.
fn open_states() -> Vec<&'static str> {
    ExchangeState::ALL.into_iter().filter(|s| s.is_open()).map(ExchangeState::as_str).collect()
}

/// The member's exchanges still under way (cancelled when their account closes).
pub fn open_for_member(conn: &mut DbConn, member_id: &str) -> QueryResult<Vec<String>> {
    exchanges::table
        .filter(exchanges::provider_id.eq(member_id).or(exchanges::beneficiary_id.eq(member_id)))
        .filter(exchanges::state.eq_any(open_states()))
        .select(exchanges::id)
        .load(conn)
}

/// The requester's exchange under way on this listing, if any (at most one: a partial unique
/// index, `exchanges_one_open_per_listing`, keeps it so).
pub fn open_on_listing(
    conn: &mut DbConn,
    listing_id: &str,
    requester_id: &str,
) -> QueryResult<Option<String>> {
    exchanges::table
        .filter(exchanges::listing_id.eq(listing_id))
        .filter(exchanges::requester_id.eq(requester_id))
        .filter(exchanges::state.eq_any(open_states()))
        .select(exchanges::id)
        .first(conn)
        .optional()
}

/// Whether `member_id` has, or had, an exchange on this listing.
pub fn any_on_listing(conn: &mut DbConn, listing_id: &str, member_id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        exchanges::table
            .filter(exchanges::listing_id.eq(listing_id))
            .filter(exchanges::provider_id.eq(member_id).or(exchanges::beneficiary_id.eq(member_id))),
    ))
    .get_result(conn)
}

/// Whether the two members have, or had, an exchange together.
pub fn any_between(conn: &mut DbConn, a: &str, b: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        exchanges::table.filter(
            (exchanges::provider_id.eq(a).and(exchanges::beneficiary_id.eq(b)))
                .or(exchanges::provider_id.eq(b).and(exchanges::beneficiary_id.eq(a))),
        ),
    ))
    .get_result(conn)
}

/// Delivered exchanges whose automatic confirmation is due.
pub fn due_for_auto_confirm(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    exchanges::table
        .filter(exchanges::state.eq(ExchangeState::Delivered.as_str()))
        .filter(exchanges::auto_confirm_at.le(now))
        .select(exchanges::id)
        .load(conn)
}

/// Delivered exchanges confirmed automatically before `soon`, not yet reminded.
pub fn due_for_reminder(conn: &mut DbConn, soon: NaiveDateTime) -> QueryResult<Vec<ExchangeRow>> {
    exchanges::table
        .filter(exchanges::state.eq(ExchangeState::Delivered.as_str()))
        .filter(exchanges::auto_confirm_at.le(soon))
        .filter(exchanges::reminded_at.is_null())
        .select(ExchangeRow::as_select())
        .load(conn)
}

pub fn count_cancellations_by(
    conn: &mut DbConn,
    since: NaiveDateTime,
) -> QueryResult<Vec<(Option<String>, i64)>> {
    exchange_events::table
        .filter(exchange_events::action.eq(ActionKind::Cancel.as_str()))
        .filter(exchange_events::at.ge(since))
        .group_by(exchange_events::actor_id)
        .select((exchange_events::actor_id, diesel::dsl::count_star()))
        .load(conn)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = exchange_events)]
pub struct NewEvent<'a> {
    pub exchange_id: &'a str,
    pub at: NaiveDateTime,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
    pub note: Option<&'a str>,
}

pub fn add_event(conn: &mut DbConn, event: &NewEvent<'_>) -> QueryResult<()> {
    diesel::insert_into(exchange_events::table).values(event).execute(conn).map(|_| ())
}

/// One step of a timeline: when, who (their name), the action, its note.
pub type EventRow = (NaiveDateTime, Option<String>, String, Option<String>);

/// The timeline, oldest first.
pub fn events(conn: &mut DbConn, exchange_id: &str) -> QueryResult<Vec<EventRow>> {
    exchange_events::table
        .left_join(members::table.on(members::id.nullable().eq(exchange_events::actor_id)))
        .filter(exchange_events::exchange_id.eq(exchange_id))
        .order(exchange_events::id)
        .select((
            exchange_events::at,
            members::display_name.nullable(),
            exchange_events::action,
            exchange_events::note,
        ))
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = evaluations)]
pub struct EvaluationRow {
    pub exchange_id: String,
    pub evaluator_id: String,
    pub by_staff: bool,
    pub rating: i32,
    pub comment: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_evaluation(conn: &mut DbConn, row: &EvaluationRow) -> QueryResult<()> {
    diesel::insert_into(evaluations::table).values(row.clone()).execute(conn).map(|_| ())
}

pub fn evaluation(conn: &mut DbConn, exchange_id: &str) -> QueryResult<Option<(EvaluationRow, String)>> {
    evaluations::table
        .inner_join(members::table.on(members::id.eq(evaluations::evaluator_id)))
        .filter(evaluations::exchange_id.eq(exchange_id))
        .select((EvaluationRow::as_select(), members::display_name))
        .first(conn)
        .optional()
}

/// Evaluations of the services `provider_id` gave, newest first.
pub fn evaluations_of(
    conn: &mut DbConn,
    provider_id: &str,
    limit: i64,
) -> QueryResult<Vec<(EvaluationRow, String)>> {
    evaluations::table
        .inner_join(exchanges::table.on(exchanges::id.eq(evaluations::exchange_id)))
        .inner_join(members::table.on(members::id.eq(evaluations::evaluator_id)))
        .filter(exchanges::provider_id.eq(provider_id))
        .order(evaluations::created_at.desc())
        .limit(limit)
        .select((EvaluationRow::as_select(), members::display_name))
        .load(conn)
}

#[derive(diesel::QueryableByName)]
pub struct RatingTotals {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub sum: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub count: i64,
}

/// The sum and count of every rating a provider received (for the mean, over all of them).
pub fn rating_totals(conn: &mut DbConn, provider_id: &str) -> QueryResult<RatingTotals> {
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(e.rating), 0) AS BIGINT) AS sum, CAST(COUNT(*) AS BIGINT) AS count \
         FROM evaluations e JOIN exchanges x ON x.id = e.exchange_id WHERE x.provider_id = {}",
        super::ledger::placeholder(conn, 1)
    );
    diesel::sql_query(sql).bind::<diesel::sql_types::Text, _>(provider_id).get_result(conn)
}

pub fn count_confirmed(
    conn: &mut DbConn,
    provider: Option<&str>,
    beneficiary: Option<&str>,
) -> QueryResult<i64> {
    let mut query = exchanges::table
        .filter(
            exchanges::state.eq_any([ExchangeState::Confirmed.as_str(), ExchangeState::Evaluated.as_str()]),
        )
        .into_boxed();
    if let Some(p) = provider {
        query = query.filter(exchanges::provider_id.eq(p.to_owned()));
    }
    if let Some(b) = beneficiary {
        query = query.filter(exchanges::beneficiary_id.eq(b.to_owned()));
    }
    query.count().get_result(conn)
}
