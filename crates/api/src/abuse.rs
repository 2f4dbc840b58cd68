//! The facts the abuse rules of `seed_domain::abuse` read: flows per member and per pair of
//! members over the thresholds' windows, and cancellations.

use crate::db::DbConn;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use seed_domain::Ts;
use seed_domain::abuse::{AbuseThresholds, MemberFlows, PairFlows};
use std::collections::HashMap;

#[derive(QueryableByName)]
struct Flow {
    #[diesel(sql_type = Text)]
    from_member: String,
    #[diesel(sql_type = Text)]
    to_member: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    total: i64,
}

#[derive(QueryableByName)]
struct Holder {
    #[diesel(sql_type = Text)]
    member_id: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    balance: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    ceiling: Option<i64>,
}

/// Service and payment flows between members since `since` (reversed ones excluded):
/// (payer, payee, count, amount). Raw SQL for the GROUP BY with casts that both backends read.
fn flows(conn: &mut DbConn, since: chrono::NaiveDateTime) -> QueryResult<Vec<Flow>> {
    let placeholder = match conn {
        DbConn::Postgresql(_) => "$1",
        DbConn::Sqlite(_) => "?",
    };
    let sql = format!(
        "SELECT fa.member_id AS from_member, ta.member_id AS to_member, \
         CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(t.amount) AS BIGINT) AS total \
         FROM transfers t JOIN accounts fa ON fa.id = t.from_account JOIN accounts ta ON ta.id = t.to_account \
         WHERE t.kind IN ('service', 'payment') AND t.created_at >= {placeholder} \
         AND fa.member_id IS NOT NULL AND ta.member_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.reverses = t.id) \
         GROUP BY fa.member_id, ta.member_id"
    );
    diesel::sql_query(sql).bind::<Timestamp, _>(since).load(conn)
}

pub fn facts(conn: &mut DbConn, t: &AbuseThresholds) -> QueryResult<(Vec<MemberFlows>, Vec<PairFlows>)> {
    let now = crate::auth::now();
    let holders: Vec<Holder> = diesel::sql_query(
        "SELECT m.id AS member_id, m.display_name AS name, a.balance AS balance, a.ceiling AS ceiling \
         FROM members m JOIN accounts a ON a.member_id = m.id WHERE m.status = 'active' ORDER BY m.display_name",
    )
    .load(conn)?;
    let window = flows(conn, now - chrono::Duration::days(i64::from(t.window_days.max(1))))?;
    let cancellations: HashMap<String, i64> = crate::db::exchange::count_cancellations_by(
        conn,
        now - chrono::Duration::days(i64::from(t.window_days.max(1))),
    )?
    .into_iter()
    .filter_map(|(actor, n)| actor.map(|a| (a, n)))
    .collect();
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let members = holders
        .iter()
        .map(|h| {
            // The payee gave the service; the payer received it.
            let given: Vec<&Flow> = window.iter().filter(|f| f.to_member == h.member_id).collect();
            let received: Vec<&Flow> = window.iter().filter(|f| f.from_member == h.member_id).collect();
            MemberFlows {
                member_id: h.member_id.clone(),
                member_name: h.name.clone(),
                given_count: count(given.iter().map(|f| f.n).sum()),
                received_count: count(received.iter().map(|f| f.n).sum()),
                given: Ts::from_hundredths(given.iter().map(|f| f.total).sum()),
                received: Ts::from_hundredths(received.iter().map(|f| f.total).sum()),
                balance: Ts::from_hundredths(h.balance),
                ceiling: h.ceiling.map(Ts::from_hundredths),
                cancellations: count(cancellations.get(&h.member_id).copied().unwrap_or(0)),
            }
        })
        .collect();
    let names: HashMap<&str, &str> =
        holders.iter().map(|h| (h.member_id.as_str(), h.name.as_str())).collect();
    let pair_window = flows(conn, now - chrono::Duration::days(i64::from(t.ping_pong_window_days.max(1))))?;
    let mut pairs: HashMap<(String, String), PairFlows> = HashMap::new();
    for f in &pair_window {
        let (a, b) = if f.from_member < f.to_member {
            (&f.from_member, &f.to_member)
        } else {
            (&f.to_member, &f.from_member)
        };
        let entry = pairs.entry((a.clone(), b.clone())).or_insert_with(|| PairFlows {
            a_id: a.clone(),
            a_name: names.get(a.as_str()).copied().unwrap_or_default().to_owned(),
            b_id: b.clone(),
            b_name: names.get(b.as_str()).copied().unwrap_or_default().to_owned(),
            a_to_b_count: 0,
            b_to_a_count: 0,
            a_to_b: Ts::ZERO,
            b_to_a: Ts::ZERO,
        });
        if &f.from_member == a {
            entry.a_to_b_count += count(f.n);
            entry.a_to_b = Ts::from_hundredths(entry.a_to_b.hundredths() + f.total);
        } else {
            entry.b_to_a_count += count(f.n);
            entry.b_to_a = Ts::from_hundredths(entry.b_to_a.hundredths() + f.total);
        }
    }
    let mut pairs: Vec<PairFlows> = pairs.into_values().collect();
    pairs.sort_by(|x, y| (&x.a_id, &x.b_id).cmp(&(&y.a_id, &y.b_id)));
    Ok((members, pairs))
}
