//! Signals of possible abuse of the time bank, for staff to review.
//!
//! A signal is no verdict: SEED blocks nothing on it. Each rule reads plain facts the API
//! gathers over a window of days and, when its threshold is met, says which members and shows
//! the figures that met it, so staff can judge. The thresholds are settings.

use crate::{FieldError, Ts};
use serde::{Deserialize, Serialize};

/// When a pattern becomes a signal (the settings admins edit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct AbuseThresholds {
    /// The days [`MemberFlows`] cover (1 to 365, default 90).
    #[validate(range(min = 1, max = WINDOW_DAYS_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub window_days: u32,
    /// Exchanges given (or received) with none the other way that make a one-way signal
    /// (1 to 1000, default 5).
    #[validate(range(min = 1, max = COUNT_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub one_way_min_count: u32,
    /// A balance at this share of the member's ceiling or more is hoarding (1 to 100 %,
    /// default 90).
    #[validate(range(min = 1, max = 100, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub hoarding_share_of_ceiling_pct: u32,
    /// Exchanges each way between the same two members that make a ping-pong signal
    /// (1 to 1000, default 3).
    #[validate(range(min = 1, max = COUNT_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub ping_pong_min_round_trips: u32,
    /// The days [`PairFlows`] cover (1 to 365, default 30).
    #[validate(range(min = 1, max = WINDOW_DAYS_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub ping_pong_window_days: u32,
    /// Cancellations by one member that make a signal (1 to 1000, default 3).
    #[validate(range(min = 1, max = COUNT_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub cancellations_min: u32,
}

impl Default for AbuseThresholds {
    fn default() -> AbuseThresholds {
        AbuseThresholds {
            window_days: 90,
            one_way_min_count: 5,
            hoarding_share_of_ceiling_pct: 90,
            ping_pong_min_round_trips: 3,
            ping_pong_window_days: 30,
            cancellations_min: 3,
        }
    }
}

pub const WINDOW_DAYS_MAX: u32 = 365;
pub const COUNT_MAX: u32 = 1000;

impl AbuseThresholds {
    pub fn validate(&self) -> Vec<FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// One member's confirmed exchanges over [`AbuseThresholds::window_days`], and their account
/// now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFlows {
    pub member_id: String,
    pub member_name: String,
    /// Exchanges where they gave the service.
    pub given_count: u32,
    /// Exchanges where they were served.
    pub received_count: u32,
    /// TS earned by giving.
    pub given: Ts,
    /// TS paid for being served.
    pub received: Ts,
    pub balance: Ts,
    /// Their account's ceiling, if it has one.
    pub ceiling: Option<Ts>,
    /// Exchanges they cancelled.
    pub cancellations: u32,
}

/// The confirmed exchanges between two members over
/// [`AbuseThresholds::ping_pong_window_days`], each way. "a to b" is a serving b.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairFlows {
    pub a_id: String,
    pub a_name: String,
    pub b_id: String,
    pub b_name: String,
    pub a_to_b_count: u32,
    pub b_to_a_count: u32,
    pub a_to_b: Ts,
    pub b_to_a: Ts,
}

/// The patterns SEED looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Gives again and again, is never served: the "I give and never receive" pattern, which
    /// turns the bank into free work for the others.
    GivesNeverReceives,
    /// Is served again and again, never gives: a debt spiral, or "free tests".
    ReceivesNeverGives,
    /// Holds TS near the ceiling instead of spending them.
    Hoarding,
    /// Two members serving each other back and forth: possible collusion to make TS.
    PingPong,
    /// Cancels exchange after exchange.
    RepeatedCancellations,
}

text_enum!(SignalKind {
    GivesNeverReceives => "gives_never_receives",
    ReceivesNeverGives => "receives_never_gives",
    Hoarding => "hoarding",
    PingPong => "ping_pong",
    RepeatedCancellations => "repeated_cancellations",
});

/// One figure behind a signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    /// What the figure is, the key of its label in the catalogues: `given_count`, `balance`,
    /// `one_way_min_count` (a threshold), ...
    pub label_key: String,
    /// A count, a number of days, a percentage, or an amount in hundredths of TS (`given`,
    /// `received`, `balance`, `ceiling`, `a_to_b`, `b_to_a`).
    pub value: i64,
}

fn evidence(label_key: &str, value: impl Into<i64>) -> Evidence {
    Evidence { label_key: label_key.to_owned(), value: value.into() }
}

/// A pattern met by one member, or by two for a ping-pong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AbuseSignal {
    pub kind: SignalKind,
    pub member_ids: Vec<String>,
    pub member_names: Vec<String>,
    /// The figures that met the threshold, then the threshold and the window.
    pub evidence: Vec<Evidence>,
}

fn member_signal(kind: SignalKind, m: &MemberFlows, evidence: Vec<Evidence>) -> AbuseSignal {
    AbuseSignal {
        kind,
        member_ids: vec![m.member_id.clone()],
        member_names: vec![m.member_name.clone()],
        evidence,
    }
}

// A threshold of zero (which `validate` refuses) counts as one: nobody is flagged for doing
// nothing at all.

/// Given at least `one_way_min_count` times and never served.
pub fn gives_never_receives(m: &MemberFlows, t: &AbuseThresholds) -> Option<AbuseSignal> {
    (m.given_count >= t.one_way_min_count.max(1) && m.received_count == 0).then(|| {
        member_signal(
            SignalKind::GivesNeverReceives,
            m,
            vec![
                evidence("given_count", m.given_count),
                evidence("received_count", m.received_count),
                evidence("given", m.given.hundredths()),
                evidence("one_way_min_count", t.one_way_min_count),
                evidence("window_days", t.window_days),
            ],
        )
    })
}

/// Served at least `one_way_min_count` times and never given.
pub fn receives_never_gives(m: &MemberFlows, t: &AbuseThresholds) -> Option<AbuseSignal> {
    (m.received_count >= t.one_way_min_count.max(1) && m.given_count == 0).then(|| {
        member_signal(
            SignalKind::ReceivesNeverGives,
            m,
            vec![
                evidence("received_count", m.received_count),
                evidence("given_count", m.given_count),
                evidence("received", m.received.hundredths()),
                evidence("balance", m.balance.hundredths()),
                evidence("one_way_min_count", t.one_way_min_count),
                evidence("window_days", t.window_days),
            ],
        )
    })
}

/// A balance of at least `hoarding_share_of_ceiling_pct` % of a positive ceiling (computed
/// exactly: `balance × 100 ≥ ceiling × pct`). A member without a ceiling is never hoarding.
pub fn hoarding(m: &MemberFlows, t: &AbuseThresholds) -> Option<AbuseSignal> {
    let ceiling = m.ceiling.filter(|c| c.is_positive())?;
    let pct = t.hoarding_share_of_ceiling_pct.max(1);
    let scaled_balance = i128::from(m.balance.hundredths()) * 100;
    (scaled_balance >= i128::from(ceiling.hundredths()) * i128::from(pct)).then(|| {
        let share = i64::try_from(scaled_balance / i128::from(ceiling.hundredths())).unwrap_or(i64::MAX);
        member_signal(
            SignalKind::Hoarding,
            m,
            vec![
                evidence("balance", m.balance.hundredths()),
                evidence("ceiling", ceiling.hundredths()),
                evidence("share_of_ceiling_pct", share),
                evidence("hoarding_share_of_ceiling_pct", t.hoarding_share_of_ceiling_pct),
            ],
        )
    })
}

/// At least `ping_pong_min_round_trips` exchanges each way between the same two members.
pub fn ping_pong(p: &PairFlows, t: &AbuseThresholds) -> Option<AbuseSignal> {
    let round_trips = p.a_to_b_count.min(p.b_to_a_count);
    (round_trips >= t.ping_pong_min_round_trips.max(1)).then(|| AbuseSignal {
        kind: SignalKind::PingPong,
        member_ids: vec![p.a_id.clone(), p.b_id.clone()],
        member_names: vec![p.a_name.clone(), p.b_name.clone()],
        evidence: vec![
            evidence("round_trips", round_trips),
            evidence("a_to_b_count", p.a_to_b_count),
            evidence("b_to_a_count", p.b_to_a_count),
            evidence("a_to_b", p.a_to_b.hundredths()),
            evidence("b_to_a", p.b_to_a.hundredths()),
            evidence("ping_pong_min_round_trips", t.ping_pong_min_round_trips),
            evidence("ping_pong_window_days", t.ping_pong_window_days),
        ],
    })
}

/// At least `cancellations_min` cancellations.
pub fn repeated_cancellations(m: &MemberFlows, t: &AbuseThresholds) -> Option<AbuseSignal> {
    (m.cancellations >= t.cancellations_min.max(1)).then(|| {
        member_signal(
            SignalKind::RepeatedCancellations,
            m,
            vec![
                evidence("cancellations", m.cancellations),
                evidence("cancellations_min", t.cancellations_min),
                evidence("window_days", t.window_days),
            ],
        )
    })
}

/// Every signal in these facts, grouped by kind in the order of [`SignalKind`], and within a
/// kind in the order of the facts.
pub fn signals(members: &[MemberFlows], pairs: &[PairFlows], t: &AbuseThresholds) -> Vec<AbuseSignal> {
    let mut found: Vec<AbuseSignal> = members
        .iter()
        .flat_map(|m| {
            [
                gives_never_receives(m, t),
                receives_never_gives(m, t),
                hoarding(m, t),
                repeated_cancellations(m, t),
            ]
        })
        .chain(pairs.iter().map(|p| ping_pong(p, t)))
        .flatten()
        .collect();
    found.sort_by_key(|s| s.kind);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(h: i64) -> Ts {
        Ts::from_hundredths(h)
    }

    fn member(id: &str) -> MemberFlows {
        MemberFlows {
            member_id: id.into(),
            member_name: format!("Membre {id}"),
            given_count: 0,
            received_count: 0,
            given: Ts::ZERO,
            received: Ts::ZERO,
            balance: ts(500),
            ceiling: Some(ts(10_000)),
            cancellations: 0,
        }
    }

    fn pair(a_to_b_count: u32, b_to_a_count: u32) -> PairFlows {
        PairFlows {
            a_id: "a".into(),
            a_name: "Alice".into(),
            b_id: "b".into(),
            b_name: "Bruno".into(),
            a_to_b_count,
            b_to_a_count,
            a_to_b: ts(500 * i64::from(a_to_b_count)),
            b_to_a: ts(500 * i64::from(b_to_a_count)),
        }
    }

    fn kinds(members: &[MemberFlows], pairs: &[PairFlows]) -> Vec<SignalKind> {
        signals(members, pairs, &AbuseThresholds::default()).into_iter().map(|s| s.kind).collect()
    }

    fn value(signal: &AbuseSignal, key: &str) -> Option<i64> {
        signal.evidence.iter().find(|e| e.label_key == key).map(|e| e.value)
    }

    #[test]
    fn defaults_are_valid_and_bounds_are_checked() {
        assert_eq!(AbuseThresholds::default().validate(), []);
        let zero = AbuseThresholds {
            window_days: 0,
            one_way_min_count: 0,
            hoarding_share_of_ceiling_pct: 0,
            ping_pong_min_round_trips: 0,
            ping_pong_window_days: 0,
            cancellations_min: 0,
        };
        assert_eq!(zero.validate().len(), 6);
        let high = AbuseThresholds {
            window_days: 366,
            hoarding_share_of_ceiling_pct: 101,
            cancellations_min: 1001,
            ..AbuseThresholds::default()
        };
        let fields: Vec<_> = high.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["cancellations_min", "hoarding_share_of_ceiling_pct", "window_days"]);
        let top =
            AbuseThresholds { window_days: 365, hoarding_share_of_ceiling_pct: 100, ..Default::default() };
        assert_eq!(top.validate(), []);
    }

    #[test]
    fn kind_names_match_serde() -> Result<(), serde_json::Error> {
        for k in SignalKind::ALL {
            assert_eq!(serde_json::to_string(&k)?, format!("\"{}\"", k.as_str()));
        }
        Ok(())
    }

    #[test]
    fn a_quiet_member_raises_nothing() {
        assert_eq!(kinds(&[member("m")], &[]), []);
    }

    #[test]
    fn gives_never_receives_from_five_one_way_exchanges() {
        let at = |given_count, received_count| MemberFlows {
            given_count,
            received_count,
            given: ts(500 * i64::from(given_count)),
            ..member("m")
        };
        assert_eq!(kinds(&[at(4, 0)], &[]), []);
        assert_eq!(kinds(&[at(5, 0)], &[]), [SignalKind::GivesNeverReceives]);
        assert_eq!(kinds(&[at(6, 0)], &[]), [SignalKind::GivesNeverReceives]);
        assert_eq!(kinds(&[at(50, 1)], &[]), []);
        let found = signals(&[at(5, 0)], &[], &AbuseThresholds::default());
        assert_eq!(found[0].member_ids, ["m"]);
        assert_eq!(found[0].member_names, ["Membre m"]);
        assert_eq!(value(&found[0], "given_count"), Some(5));
        assert_eq!(value(&found[0], "given"), Some(2500));
        assert_eq!(value(&found[0], "one_way_min_count"), Some(5));
        assert_eq!(value(&found[0], "window_days"), Some(90));
    }

    #[test]
    fn receives_never_gives_from_five_one_way_exchanges() {
        let at = |received_count, given_count| MemberFlows { received_count, given_count, ..member("m") };
        assert_eq!(kinds(&[at(4, 0)], &[]), []);
        assert_eq!(kinds(&[at(5, 0)], &[]), [SignalKind::ReceivesNeverGives]);
        assert_eq!(kinds(&[at(6, 0)], &[]), [SignalKind::ReceivesNeverGives]);
        assert_eq!(kinds(&[at(6, 1)], &[]), []);
    }

    #[test]
    fn hoarding_from_ninety_percent_of_the_ceiling() {
        let at = |balance, ceiling| MemberFlows { balance: ts(balance), ceiling, ..member("m") };
        let ceiling = Some(ts(10_000));
        assert_eq!(kinds(&[at(8_999, ceiling)], &[]), []);
        assert_eq!(kinds(&[at(9_000, ceiling)], &[]), [SignalKind::Hoarding]);
        assert_eq!(kinds(&[at(9_001, ceiling)], &[]), [SignalKind::Hoarding]);
        assert_eq!(kinds(&[at(10_000, ceiling)], &[]), [SignalKind::Hoarding]);
        // Exact: 90 % of 33,33 TS is 29,997, so 29,99 TS is below and 30,00 TS is at it.
        assert_eq!(kinds(&[at(2_999, Some(ts(3_333)))], &[]), []);
        assert_eq!(kinds(&[at(3_000, Some(ts(3_333)))], &[]), [SignalKind::Hoarding]);
        // No ceiling, or one that means nothing: no hoarding.
        assert_eq!(kinds(&[at(i64::MAX, None)], &[]), []);
        assert_eq!(kinds(&[at(500, Some(Ts::ZERO))], &[]), []);
        assert_eq!(kinds(&[at(i64::MAX, Some(ts(1)))], &[]), [SignalKind::Hoarding]);
        let found = signals(&[at(9_500, ceiling)], &[], &AbuseThresholds::default());
        assert_eq!(value(&found[0], "share_of_ceiling_pct"), Some(95));
        assert_eq!(value(&found[0], "ceiling"), Some(10_000));
        assert_eq!(value(&found[0], "balance"), Some(9_500));
    }

    #[test]
    fn ping_pong_from_three_round_trips() {
        assert_eq!(kinds(&[], &[pair(2, 3)]), []);
        assert_eq!(kinds(&[], &[pair(10, 2)]), []);
        assert_eq!(kinds(&[], &[pair(3, 3)]), [SignalKind::PingPong]);
        assert_eq!(kinds(&[], &[pair(4, 3)]), [SignalKind::PingPong]);
        assert_eq!(kinds(&[], &[pair(5, 4)]), [SignalKind::PingPong]);
        let found = signals(&[], &[pair(5, 4)], &AbuseThresholds::default());
        assert_eq!(found[0].member_ids, ["a", "b"]);
        assert_eq!(found[0].member_names, ["Alice", "Bruno"]);
        assert_eq!(value(&found[0], "round_trips"), Some(4));
        assert_eq!(value(&found[0], "a_to_b"), Some(2500));
        assert_eq!(value(&found[0], "ping_pong_window_days"), Some(30));
    }

    #[test]
    fn repeated_cancellations_from_three() {
        let at = |cancellations| MemberFlows { cancellations, ..member("m") };
        assert_eq!(kinds(&[at(2)], &[]), []);
        assert_eq!(kinds(&[at(3)], &[]), [SignalKind::RepeatedCancellations]);
        assert_eq!(kinds(&[at(4)], &[]), [SignalKind::RepeatedCancellations]);
        let found = signals(&[at(4)], &[], &AbuseThresholds::default());
        assert_eq!(value(&found[0], "cancellations"), Some(4));
    }

    #[test]
    fn thresholds_come_from_the_settings() {
        let strict = AbuseThresholds {
            one_way_min_count: 2,
            hoarding_share_of_ceiling_pct: 50,
            ping_pong_min_round_trips: 1,
            cancellations_min: 1,
            ..AbuseThresholds::default()
        };
        let m = MemberFlows { given_count: 2, balance: ts(5_000), cancellations: 1, ..member("m") };
        let found: Vec<_> = signals(&[m], &[pair(1, 1)], &strict).into_iter().map(|s| s.kind).collect();
        assert_eq!(
            found,
            [
                SignalKind::GivesNeverReceives,
                SignalKind::Hoarding,
                SignalKind::PingPong,
                SignalKind::RepeatedCancellations
            ]
        );
    }

    #[test]
    fn zero_thresholds_flag_no_one_for_doing_nothing() {
        let zero = AbuseThresholds {
            one_way_min_count: 0,
            ping_pong_min_round_trips: 0,
            cancellations_min: 0,
            ..AbuseThresholds::default()
        };
        let idle = MemberFlows { balance: Ts::ZERO, ..member("m") };
        assert_eq!(signals(&[idle], &[pair(0, 0)], &zero), []);
    }

    #[test]
    fn signals_are_grouped_by_kind_in_the_order_of_the_facts() {
        let members = [
            MemberFlows { cancellations: 3, ..member("x") },
            MemberFlows { given_count: 5, balance: ts(9_900), ..member("y") },
            MemberFlows { given_count: 7, ..member("z") },
        ];
        let found = signals(&members, &[pair(3, 3)], &AbuseThresholds::default());
        let summary: Vec<_> = found.iter().map(|s| (s.kind, s.member_ids[0].as_str())).collect();
        assert_eq!(
            summary,
            [
                (SignalKind::GivesNeverReceives, "y"),
                (SignalKind::GivesNeverReceives, "z"),
                (SignalKind::Hoarding, "y"),
                (SignalKind::PingPong, "a"),
                (SignalKind::RepeatedCancellations, "x"),
            ]
        );
    }
}
