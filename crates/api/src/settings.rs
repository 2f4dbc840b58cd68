//! The settings admins edit, with their defaults.

use crate::db::{DbConn, setting};
use seed_domain::abuse::AbuseThresholds;
use seed_domain::admin::{AUDIT_IP_RETENTION_DEFAULT, AUDIT_RETENTION_DEFAULT, Settings};
use seed_domain::ledger::TsRules;

const AUDIT_IP_RETENTION: &str = "audit_ip_retention_days";
/// Also read by the audit log's delete trigger (migration 000008), under this very key.
const AUDIT_RETENTION: &str = "audit_retention_days";
const LEGAL_NOTICE: &str = "legal_notice";
const TS_RULES: &str = "ts_rules";
const ABUSE_THRESHOLDS: &str = "abuse_thresholds";

pub fn abuse_thresholds(conn: &mut DbConn) -> diesel::QueryResult<AbuseThresholds> {
    stored_json(conn, ABUSE_THRESHOLDS)
}

pub fn set_abuse_thresholds(conn: &mut DbConn, t: &AbuseThresholds, by: &str) -> diesel::QueryResult<()> {
    let text = serde_json::to_string(t).unwrap_or_default();
    setting::set(conn, ABUSE_THRESHOLDS, &text, Some(by), crate::clock::now())
}

/// The time bank's rules (the product's defaults until an admin changes them).
pub fn ts_rules(conn: &mut DbConn) -> diesel::QueryResult<TsRules> {
    stored_json(conn, TS_RULES)
}

pub fn set_ts_rules(conn: &mut DbConn, rules: &TsRules, by: &str) -> diesel::QueryResult<()> {
    let text = serde_json::to_string(rules).unwrap_or_default();
    setting::set(conn, TS_RULES, &text, Some(by), crate::clock::now())
}

/// The settings of `GET /api/admin/settings`.
pub fn settings(conn: &mut DbConn) -> diesel::QueryResult<Settings> {
    Ok(Settings {
        audit_ip_retention_days: audit_ip_retention_days(conn)?,
        audit_retention_days: audit_retention_days(conn)?,
    })
}

fn days(conn: &mut DbConn, key: &str, default: u32) -> diesel::QueryResult<u32> {
    match setting::get(conn, key)? {
        None => Ok(default),
        Some(text) => text.parse().map_err(|e| diesel::result::Error::DeserializationError(Box::new(e))),
    }
}

pub fn audit_ip_retention_days(conn: &mut DbConn) -> diesel::QueryResult<u32> {
    days(conn, AUDIT_IP_RETENTION, AUDIT_IP_RETENTION_DEFAULT)
}

pub fn set_audit_ip_retention_days(conn: &mut DbConn, days: u32, by: &str) -> diesel::QueryResult<()> {
    setting::set(conn, AUDIT_IP_RETENTION, &days.to_string(), Some(by), crate::clock::now())
}

pub fn audit_retention_days(conn: &mut DbConn) -> diesel::QueryResult<u32> {
    days(conn, AUDIT_RETENTION, AUDIT_RETENTION_DEFAULT)
}

pub fn set_audit_retention_days(conn: &mut DbConn, days: u32, by: &str) -> diesel::QueryResult<()> {
    setting::set(conn, AUDIT_RETENTION, &days.to_string(), Some(by), crate::clock::now())
}

pub fn legal_notice(conn: &mut DbConn) -> diesel::QueryResult<String> {
    Ok(setting::get(conn, LEGAL_NOTICE)?.unwrap_or_default())
}

pub fn set_legal_notice(conn: &mut DbConn, text: &str, by: &str) -> diesel::QueryResult<()> {
    setting::set(conn, LEGAL_NOTICE, text, Some(by), crate::clock::now())
}

/// A setting stored as JSON: the product's default until an admin sets it; a stored value
/// that cannot be read is a failed read (a logged 500), never the defaults in disguise.
fn stored_json<T: serde::de::DeserializeOwned + Default>(
    conn: &mut DbConn,
    key: &str,
) -> diesel::QueryResult<T> {
    match setting::get(conn, key)? {
        None => Ok(T::default()),
        Some(text) => {
            serde_json::from_str(&text).map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))
        }
    }
}
