//! Admins: the audit log, the settings, the legal notice; and the notice for everyone.

use crate::auth::Caller;
use crate::clock::rfc3339;
use crate::db::{self, audit as audit_db};
use crate::error::{ApiResult, valid};
use crate::ledger;
use crate::paging;
use crate::settings;
use crate::state::{AppState, Json};
use actix_web::{get, patch, put, web};
use seed_domain::Problem;
use seed_domain::abuse::{AbuseSignal, AbuseThresholds};
use seed_domain::admin::AuditAction;
use seed_domain::admin::{AuditEntry, LegalNotice, Page, Settings, SettingsPatch};
use seed_domain::ledger::TsRules;
use seed_domain::membership::Role;
use seed_domain::timebank::BooksCheck;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// Only this action (`sign_in_failed`, `role_changed`, ...).
    pub action: Option<AuditAction>,
}

/// The audit log, newest first (admins).
#[utoipa::path(
    tag = "admin",
    operation_id = "list_audit_entries",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of the audit log", body = Page<AuditEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "admin"]))
)]
#[get("/admin/audit")]
pub async fn list_audit_entries(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEntry>>> {
    caller.require(Role::Admin)?;
    let fetched = paging::fetch_limit(query.limit)?;
    let query = query.into_inner();
    let rows = db::run(&state.pool, move |conn| {
        Ok(audit_db::list_page(conn, query.cursor.as_deref(), query.action, fetched)?)
    })
    .await?;
    Ok(web::Json(paging::page(
        rows,
        fetched,
        |(row, _, _)| row.id.clone(),
        |(row, actor, subject_name)| AuditEntry {
            id: row.id,
            at: rfc3339(row.at),
            actor,
            action: row.action,
            subject: row.subject,
            subject_name,
            detail: row.detail,
            ip: row.ip,
        },
    )))
}

/// The settings (admins).
#[utoipa::path(
    tag = "admin",
    operation_id = "get_settings",
    responses(
        (status = 200, description = "The settings", body = Settings),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "admin"]))
)]
#[get("/admin/settings")]
pub async fn get_settings(caller: Caller, state: web::Data<AppState>) -> ApiResult<web::Json<Settings>> {
    caller.require(Role::Admin)?;
    Ok(web::Json(db::run(&state.pool, |conn| Ok(settings::settings(conn)?)).await?))
}

/// Changes settings (admins); each change is audited.
#[utoipa::path(
    tag = "admin",
    operation_id = "update_settings",
    request_body = SettingsPatch,
    responses(
        (status = 200, description = "The settings after the change", body = Settings),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[patch("/admin/settings")]
pub async fn update_settings(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<SettingsPatch>,
) -> ApiResult<web::Json<Settings>> {
    caller.require(Role::Admin)?;
    let change = valid(body.into_inner(), |b| b.validate())?;
    let saved = db::run(&state.pool, move |conn| {
        let before = settings::settings(conn)?;
        let mut changed = |name: &str, from: u32, to: u32| {
            caller.audit(conn, AuditAction::SettingsChanged, Some(name), Some(&format!("{from} → {to}")))
        };
        if let Some(days) = change.audit_ip_retention_days {
            changed("audit_ip_retention_days", before.audit_ip_retention_days, days)?;
        }
        if let Some(days) = change.audit_retention_days {
            changed("audit_retention_days", before.audit_retention_days, days)?;
        }
        if let Some(days) = change.audit_ip_retention_days {
            settings::set_audit_ip_retention_days(conn, days, &caller.member.id)?;
        }
        if let Some(days) = change.audit_retention_days {
            settings::set_audit_retention_days(conn, days, &caller.member.id)?;
        }
        Ok(settings::settings(conn)?)
    })
    .await?;
    Ok(web::Json(saved))
}

/// Replaces the legal notice (admins).
#[utoipa::path(
    tag = "admin",
    operation_id = "update_legal_notice",
    request_body = LegalNotice,
    responses(
        (status = 200, description = "The notice as saved", body = LegalNotice),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[put("/admin/legal")]
pub async fn update_legal_notice(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<LegalNotice>,
) -> ApiResult<web::Json<LegalNotice>> {
    caller.require(Role::Admin)?;
    let notice = valid(body.into_inner(), |b| b.validate())?;
    let text = notice.text.trim().to_owned();
    let saved = text.clone();
    db::run(&state.pool, move |conn| {
        settings::set_legal_notice(conn, &saved, &caller.member.id)?;
        Ok(caller.audit(conn, AuditAction::LegalNoticeChanged, None, None)?)
    })
    .await?;
    Ok(web::Json(LegalNotice { text }))
}

/// Verifies the books (admins): every balance recomputed from its postings, and the sum of
/// all balances, which is always zero.
#[utoipa::path(
    tag = "admin",
    operation_id = "verify_books",
    responses(
        (status = 200, description = "The check", body = BooksCheck),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "admin"]))
)]
#[get("/admin/books")]
pub async fn verify_books(caller: Caller, state: web::Data<AppState>) -> ApiResult<web::Json<BooksCheck>> {
    caller.require(Role::Admin)?;
    Ok(web::Json(db::run(&state.pool, |conn| Ok(ledger::verify_books(conn)?)).await?))
}

/// Replaces the time bank's rules (admins); the change is audited and applies to later
/// transfers (existing accounts keep their limits).
#[utoipa::path(
    tag = "admin",
    operation_id = "update_ts_rules",
    request_body = TsRules,
    responses(
        (status = 200, description = "The rules as saved", body = TsRules),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[put("/admin/ts_rules")]
pub async fn update_ts_rules(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<TsRules>,
) -> ApiResult<web::Json<TsRules>> {
    caller.require(Role::Admin)?;
    let rules = valid(body.into_inner(), |b| b.validate())?;
    let saved = rules.clone();
    db::run(&state.pool, move |conn| {
        // The change and its audit entry together, or neither.
        db::write_transaction(conn, |conn| {
            let before = settings::ts_rules(conn)?;
            settings::set_ts_rules(conn, &saved, &caller.member.id)?;
            let detail = format!(
                "{} → {}",
                serde_json::to_string(&before).unwrap_or_default(),
                serde_json::to_string(&saved).unwrap_or_default()
            );
            Ok(caller.audit(conn, AuditAction::TsRulesChanged, None, Some(&detail))?)
        })
    })
    .await?;
    Ok(web::Json(rules))
}

/// Patterns staff review: one-way givers or receivers, hoarding, ping-pong pairs, repeated
/// cancellations, each with its evidence and the thresholds of the settings.
#[utoipa::path(
    tag = "admin",
    operation_id = "list_abuse_signals",
    responses(
        (status = 200, description = "The signals", body = Vec<AbuseSignal>),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "staff"]))
)]
#[get("/admin/abuse_signals")]
pub async fn list_abuse_signals(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<AbuseSignal>>> {
    caller.require(Role::Staff)?;
    let signals = db::run(&state.pool, |conn| {
        let thresholds = settings::abuse_thresholds(conn)?;
        let (members, pairs) = crate::abuse::facts(conn, &thresholds)?;
        Ok(seed_domain::abuse::signals(&members, &pairs, &thresholds))
    })
    .await?;
    Ok(web::Json(signals))
}

/// The thresholds of the abuse signals (staff read, admins change).
#[utoipa::path(
    tag = "admin",
    operation_id = "get_abuse_thresholds",
    responses((status = 200, description = "The thresholds", body = AbuseThresholds)),
    security(("session" = []), ("bearer" = ["read", "staff"]))
)]
#[get("/admin/abuse_thresholds")]
pub async fn get_abuse_thresholds(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<AbuseThresholds>> {
    caller.require(Role::Staff)?;
    Ok(web::Json(db::run(&state.pool, |conn| Ok(settings::abuse_thresholds(conn)?)).await?))
}

#[utoipa::path(
    tag = "admin",
    operation_id = "update_abuse_thresholds",
    request_body = AbuseThresholds,
    responses(
        (status = 200, description = "Saved", body = AbuseThresholds),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[put("/admin/abuse_thresholds")]
pub async fn update_abuse_thresholds(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<AbuseThresholds>,
) -> ApiResult<web::Json<AbuseThresholds>> {
    caller.require(Role::Admin)?;
    let t = valid(body.into_inner(), |b| b.validate())?;
    let saved = t.clone();
    db::run(&state.pool, move |conn| {
        // The change and its audit entry together, or neither.
        db::write_transaction(conn, |conn| {
            settings::set_abuse_thresholds(conn, &saved, &caller.member.id)?;
            let detail = serde_json::to_string(&saved).unwrap_or_default();
            Ok(caller.audit(conn, AuditAction::SettingsChanged, Some("abuse_thresholds"), Some(&detail))?)
        })
    })
    .await?;
    Ok(web::Json(t))
}
