//! SQL for the facts the abuse rules read: the active members' balances, and the flows of TS
//! between members.

use super::DbConn;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use seed_domain::ledger::TransferKind;
use seed_domain::membership::MemberStatus;

/// TS paid by one member to another over a period: how many transfers, how much in all.
#[derive(QueryableByName)]
pub struct Flow {
    #[diesel(sql_type = Text)]
    pub from_member: String,
    #[diesel(sql_type = Text)]
    pub to_member: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// An active member with their account's balance and ceiling.
#[derive(QueryableByName)]
pub struct Holder {
    #[diesel(sql_type = Text)]
    pub member_id: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = BigInt)]
    pub balance: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub ceiling: Option<i64>,
}

/// The active members, by name.
pub fn active_holders(conn: &mut DbConn) -> QueryResult<Vec<Holder>> {
    diesel::sql_query(format!(
        "SELECT m.id AS member_id, m.display_name AS name, a.balance AS balance, a.ceiling AS ceiling \
         FROM members m JOIN accounts a ON a.member_id = m.id WHERE m.status = '{}' ORDER BY m.display_name",
        MemberStatus::Active
    ))
    .load(conn)
}

/// Service and payment flows between members since `since`, reversed ones excluded. Raw SQL
/// for the GROUP BY with casts that both backends read.
pub fn flows_since(conn: &mut DbConn, since: chrono::NaiveDateTime) -> QueryResult<Vec<Flow>> {
    let placeholder = match conn {
        DbConn::Postgresql(_) => "$1",
        DbConn::Sqlite(_) => "?",
    };
    let sql = format!(
        "SELECT fa.member_id AS from_member, ta.member_id AS to_member, \
         CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(t.amount) AS BIGINT) AS total \
         FROM transfers t JOIN accounts fa ON fa.id = t.from_account JOIN accounts ta ON ta.id = t.to_account \
         WHERE t.kind IN ('{service}', '{payment}') AND t.created_at >= {placeholder} \
         AND fa.member_id IS NOT NULL AND ta.member_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses = t.id) \
         GROUP BY fa.member_id, ta.member_id",
        service = TransferKind::Service,
        payment = TransferKind::Payment,
    );
    diesel::sql_query(sql).bind::<Timestamp, _>(since).load(conn)
}
