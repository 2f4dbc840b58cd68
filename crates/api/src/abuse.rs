//! The facts the abuse rules of `seed_domain::abuse` read: flows per member and per pair of
//! members over the thresholds' windows, and cancellations (SQL in `db::abuse`).

use crate::db::DbConn;
use crate::db::abuse::{self as sql, Flow};
use diesel::QueryResult;
use seed_domain::Ts;
use seed_domain::abuse::{AbuseThresholds, MemberFlows, PairFlows};
use std::collections::HashMap;

/// Counts and amounts of `flows` per member, on the side `side` picks (payee or payer).
fn per_member<'a>(flows: &'a [Flow], side: impl Fn(&'a Flow) -> &'a str) -> HashMap<&'a str, (i64, i64)> {
    let mut out: HashMap<&str, (i64, i64)> = HashMap::new();
    for f in flows {
        let entry = out.entry(side(f)).or_default();
        entry.0 = entry.0.saturating_add(f.n);
        entry.1 = entry.1.saturating_add(f.total);
    }
    out
}

/// The members' flows over the thresholds' window and the pairs' flows over the ping-pong
/// window, for `seed_domain::abuse::signals`.
pub fn facts(conn: &mut DbConn, t: &AbuseThresholds) -> QueryResult<(Vec<MemberFlows>, Vec<PairFlows>)> {
    let now = crate::clock::now();
    let holders = sql::active_holders(conn)?;
    let window = sql::flows_since(conn, now - chrono::Duration::days(i64::from(t.window_days.max(1))))?;
    // The payee gave the service; the payer received it.
    let given = per_member(&window, |f| f.to_member.as_str());
    let received = per_member(&window, |f| f.from_member.as_str());
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
            let (given_n, given_total) = given.get(h.member_id.as_str()).copied().unwrap_or_default();
            let (received_n, received_total) =
                received.get(h.member_id.as_str()).copied().unwrap_or_default();
            MemberFlows {
                member_id: h.member_id.clone(),
                member_name: h.name.clone(),
                given_count: count(given_n),
                received_count: count(received_n),
                given: Ts::from_hundredths(given_total),
                received: Ts::from_hundredths(received_total),
                balance: Ts::from_hundredths(h.balance),
                ceiling: h.ceiling.map(Ts::from_hundredths),
                cancellations: count(cancellations.get(&h.member_id).copied().unwrap_or(0)),
            }
        })
        .collect();
    let names: HashMap<&str, &str> =
        holders.iter().map(|h| (h.member_id.as_str(), h.name.as_str())).collect();
    let pair_window =
        sql::flows_since(conn, now - chrono::Duration::days(i64::from(t.ping_pong_window_days.max(1))))?;
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
            entry.a_to_b = Ts::from_hundredths(entry.a_to_b.hundredths().saturating_add(f.total));
        } else {
            entry.b_to_a_count += count(f.n);
            entry.b_to_a = Ts::from_hundredths(entry.b_to_a.hundredths().saturating_add(f.total));
        }
    }
    let mut pairs: Vec<PairFlows> = pairs.into_values().collect();
    pairs.sort_by(|x, y| (&x.a_id, &x.b_id).cmp(&(&y.a_id, &y.b_id)));
    Ok((members, pairs))
}
