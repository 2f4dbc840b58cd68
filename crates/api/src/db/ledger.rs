//! SQL for transfers and postings (append-only: only inserts and reads here).

use super::DbConn;
use super::schema::{accounts, members, postings, transfers};
use super::unknown_is_an_error;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use seed_domain::ledger::{AccountKind, TransferKind};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = transfers)]
pub struct TransferRow {
    pub id: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub kind: TransferKind,
    pub from_account: String,
    pub to_account: String,
    pub amount: i64,
    pub initiated_by: Option<String>,
    pub exchange_id: Option<String>,
    pub memo: String,
    pub reverses: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = postings)]
pub struct NewPosting<'a> {
    pub transfer_id: &'a str,
    pub account_id: &'a str,
    pub amount: i64,
    pub balance_after: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = postings)]
pub struct PostingRow {
    pub id: i64,
    pub transfer_id: String,
    pub account_id: String,
    pub amount: i64,
    pub balance_after: i64,
    pub created_at: NaiveDateTime,
}

/// Writes a checked transfer: both cached balances, the transfer and its two postings (each
/// with the balance after it). The caller holds the accounts' locks.
pub fn write(conn: &mut DbConn, row: &TransferRow, from_after: i64, to_after: i64) -> QueryResult<()> {
    let postings = [
        NewPosting {
            transfer_id: &row.id,
            account_id: &row.from_account,
            amount: -row.amount,
            balance_after: from_after,
            created_at: row.created_at,
        },
        NewPosting {
            transfer_id: &row.id,
            account_id: &row.to_account,
            amount: row.amount,
            balance_after: to_after,
            created_at: row.created_at,
        },
    ];
    match conn {
        // One statement, so one round trip instead of four under the accounts' locks.
        DbConn::Postgresql(pg) => WritePg { row, postings: &postings }.execute(pg).map(|_| ()),
        DbConn::Sqlite(lite) => {
            for p in &postings {
                diesel::update(accounts::table.find(p.account_id))
                    .set(accounts::balance.eq(p.balance_after))
                    .execute(lite)?;
            }
            diesel::insert_into(transfers::table).values(row.clone()).execute(lite)?;
            diesel::insert_into(postings::table).values(&postings[..]).execute(lite).map(|_| ())
        }
    }
}

/// `write` on PostgreSQL: data-modifying CTEs update the balances and insert the transfer, the
/// main statement inserts the postings (foreign keys are checked at the statement's end). A
/// hand-written query fragment rather than `sql_query` so that Diesel prepares it once per
/// connection.
struct WritePg<'a> {
    row: &'a TransferRow,
    postings: &'a [NewPosting<'a>; 2],
}

impl diesel::query_builder::QueryId for WritePg<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for WritePg<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        use diesel::sql_types::Timestamp;
        let [from, to] = self.postings;
        let r = self.row;
        out.push_sql("WITH balances AS (UPDATE accounts SET balance = CASE WHEN id = ");
        out.push_bind_param::<Text, _>(&from.account_id)?;
        out.push_sql(" THEN ");
        out.push_bind_param::<BigInt, _>(&from.balance_after)?;
        out.push_sql(" ELSE ");
        out.push_bind_param::<BigInt, _>(&to.balance_after)?;
        out.push_sql(" END WHERE id IN (");
        out.push_bind_param::<Text, _>(&from.account_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&to.account_id)?;
        out.push_sql(
            ")), transfer AS (INSERT INTO transfers (id, kind, from_account, to_account, amount, \
             initiated_by, exchange_id, memo, reverses, created_at) VALUES (",
        );
        out.push_bind_param::<Text, _>(&r.id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(r.kind.as_str())?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&r.from_account)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&r.to_account)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, _>(&r.amount)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&r.initiated_by)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&r.exchange_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, _>(&r.memo)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&r.reverses)?;
        out.push_sql(", ");
        out.push_bind_param::<Timestamp, _>(&r.created_at)?;
        out.push_sql(
            ")) INSERT INTO postings (transfer_id, account_id, amount, balance_after, created_at) VALUES ",
        );
        for (i, p) in self.postings.iter().enumerate() {
            out.push_sql(if i == 0 { "(" } else { ", (" });
            out.push_bind_param::<Text, _>(&p.transfer_id)?;
            out.push_sql(", ");
            out.push_bind_param::<Text, _>(&p.account_id)?;
            out.push_sql(", ");
            out.push_bind_param::<BigInt, _>(&p.amount)?;
            out.push_sql(", ");
            out.push_bind_param::<BigInt, _>(&p.balance_after)?;
            out.push_sql(", ");
            out.push_bind_param::<Timestamp, _>(&p.created_at)?;
            out.push_sql(")");
        }
        Ok(())
    }
}

impl<Conn> RunQueryDsl<Conn> for WritePg<'_> {}

pub fn find_transfer(conn: &mut DbConn, id: &str) -> QueryResult<Option<TransferRow>> {
    transfers::table.find(id).select(TransferRow::as_select()).first(conn).optional()
}

pub fn reversal_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<TransferRow>> {
    transfers::table
        .filter(transfers::reverses.eq(id))
        .select(TransferRow::as_select())
        .first(conn)
        .optional()
}

pub fn has_welcome_grant(conn: &mut DbConn, account_id: &str) -> QueryResult<bool> {
    let n: i64 = transfers::table
        .filter(transfers::to_account.eq(account_id))
        .filter(transfers::kind.eq(TransferKind::WelcomeGrant.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A statement line as read: the posting, its transfer, and the other side's holder.
#[derive(Debug, Clone)]
pub struct StatementRow {
    pub posting: PostingRow,
    pub transfer: TransferRow,
    pub counterparty: Option<String>,
    pub counterparty_kind: AccountKind,
    /// The reversal of this line's transfer, if it was reversed.
    pub reversed_by: Option<String>,
}

/// Filters of a statement.
#[derive(Debug, Clone, Default)]
pub struct StatementFilter {
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub kind: Option<TransferKind>,
}

/// The account's postings, newest first, before the posting id `cursor`. The index on
/// (account_id, id) makes a page one range read, however long the history.
pub fn statement(
    conn: &mut DbConn,
    account_id: &str,
    filter: &StatementFilter,
    cursor: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<StatementRow>> {
    let (other_postings, other_accounts) =
        diesel::alias!(postings as other_postings, accounts as other_accounts);
    let mut query = postings::table
        .inner_join(transfers::table)
        .inner_join(
            other_postings.on(other_postings
                .field(postings::transfer_id)
                .eq(postings::transfer_id)
                .and(other_postings.field(postings::account_id).ne(postings::account_id))),
        )
        .inner_join(
            other_accounts
                .on(other_accounts.field(accounts::id).eq(other_postings.field(postings::account_id))),
        )
        .left_join(members::table.on(members::id.nullable().eq(other_accounts.field(accounts::member_id))))
        .filter(postings::account_id.eq(account_id.to_owned()))
        .order(postings::id.desc())
        .limit(limit)
        .select((
            PostingRow::as_select(),
            TransferRow::as_select(),
            members::display_name.nullable(),
            other_accounts.field(accounts::kind),
            // A subquery, not a join: it runs for the page's lines only, through the index on
            // `reverses`, where SQLite's planner, misled by statistics taken while the table
            // was small, scanned every transfer for each line of a joined version.
            diesel::dsl::sql::<Nullable<Text>>(
                "(SELECT reversal.id FROM transfers AS reversal WHERE reversal.reverses = transfers.id)",
            ),
        ))
        .into_boxed();
    if let Some(cursor) = cursor {
        query = query.filter(postings::id.lt(cursor));
    }
    if let Some(from) = filter.from {
        query = query.filter(postings::created_at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(postings::created_at.lt(until));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(transfers::kind.eq(kind.as_str()));
    }
    type Line = (PostingRow, TransferRow, Option<String>, String, Option<String>);
    let rows: Vec<Line> = query.load(conn)?;
    rows.into_iter()
        .map(|(posting, transfer, counterparty, counterparty_kind, reversed_by)| {
            Ok(StatementRow {
                posting,
                transfer,
                counterparty,
                counterparty_kind: unknown_is_an_error(AccountKind::try_from(counterparty_kind))?,
                reversed_by,
            })
        })
        .collect()
}

#[derive(QueryableByName)]
struct Sum {
    #[diesel(sql_type = Nullable<BigInt>)]
    total: Option<i64>,
}

#[derive(QueryableByName)]
pub struct AccountSum {
    #[diesel(sql_type = Text)]
    pub id: String,
    #[diesel(sql_type = BigInt)]
    pub balance: i64,
    #[diesel(sql_type = BigInt)]
    pub posted: i64,
}

/// Every account's cached balance beside the sum of its postings. A SUM of BIGINT is NUMERIC
/// on PostgreSQL, hence the cast (the same SQL runs on SQLite).
pub fn balances_against_postings(conn: &mut DbConn) -> QueryResult<Vec<AccountSum>> {
    diesel::sql_query(
        "SELECT a.id AS id, a.balance AS balance, \
         CAST(COALESCE((SELECT SUM(p.amount) FROM postings p WHERE p.account_id = a.id), 0) AS BIGINT) AS posted \
         FROM accounts a ORDER BY a.id",
    )
    .load(conn)
}

pub fn count_transfers(conn: &mut DbConn) -> QueryResult<i64> {
    transfers::table.count().get_result(conn)
}

/// The sum of all postings (zero when every transfer balances).
pub fn sum_of_postings(conn: &mut DbConn) -> QueryResult<i64> {
    let sum: Sum =
        diesel::sql_query("SELECT CAST(SUM(amount) AS BIGINT) AS total FROM postings").get_result(conn)?;
    Ok(sum.total.unwrap_or(0))
}

#[derive(QueryableByName)]
pub struct ServiceTotals {
    #[diesel(sql_type = BigInt)]
    pub in_amount: i64,
    #[diesel(sql_type = BigInt)]
    pub in_count: i64,
    #[diesel(sql_type = BigInt)]
    pub out_amount: i64,
    #[diesel(sql_type = BigInt)]
    pub out_count: i64,
}

/// What an account received (`in_`) and paid (`out_`) for services and direct payments not
/// reversed. Read through the account's postings (the index on `account_id`), not by scanning
/// every transfer of the association.
pub fn service_totals(conn: &mut DbConn, account_id: &str) -> QueryResult<ServiceTotals> {
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN p.amount > 0 THEN t.amount END), 0) AS BIGINT) AS in_amount, \
         CAST(COUNT(CASE WHEN p.amount > 0 THEN 1 END) AS BIGINT) AS in_count, \
         CAST(COALESCE(SUM(CASE WHEN p.amount < 0 THEN t.amount END), 0) AS BIGINT) AS out_amount, \
         CAST(COUNT(CASE WHEN p.amount < 0 THEN 1 END) AS BIGINT) AS out_count \
         FROM postings p JOIN transfers t ON t.id = p.transfer_id \
         WHERE p.account_id = {} AND t.kind IN ('{}', '{}') \
         AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses = t.id)",
        placeholder(conn, 1),
        TransferKind::Service,
        TransferKind::Payment,
    );
    diesel::sql_query(sql).bind::<Text, _>(account_id).get_result(conn)
}

/// Raw SQL placeholders differ: `$1` on PostgreSQL, `?` on SQLite.
pub(crate) fn placeholder(conn: &DbConn, n: usize) -> String {
    match conn {
        DbConn::Postgresql(_) => format!("${n}"),
        DbConn::Sqlite(_) => "?".to_owned(),
    }
}
