//! The time SEED reads, and how it writes it: UTC, without a zone in the database, RFC 3339
//! on the wire. One clock for the whole crate.

use chrono::NaiveDateTime;

pub fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// `2026-12-02T05:37:13Z`: how every time leaves SEED.
pub fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
