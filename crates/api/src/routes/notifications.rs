//! My notifications (what needs my action), a member's page, and the staff's abuse signals.

use crate::auth::Caller;
use crate::clock::now;
use crate::clock::rfc3339;
use crate::db::exchange as sql;
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult, valid};
use crate::routes::paging;
use crate::state::AppState;
use crate::{audit, exchange, ledger, settings};
use actix_web::{HttpResponse, get, post, put, web};
use seed_domain::abuse::{AbuseSignal, AbuseThresholds};
use seed_domain::admin::Page;
use seed_domain::listing::sees_withdrawn;
use seed_domain::membership::{MemberStatus, Role};
use seed_domain::notification::{MemberPage, NotificationKind, NotificationView, UnreadCount};
use seed_domain::{ErrorCode, Problem};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    /// Only the unread ones.
    pub unread: Option<bool>,
}

/// My notifications, newest first.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "list_my_notifications",
    params(NotificationQuery),
    responses((status = 200, description = "A page of notifications", body = Page<NotificationView>)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/notifications")]
pub async fn list_notifications(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<NotificationQuery>,
) -> ApiResult<web::Json<Page<NotificationView>>> {
    let fetched = paging::fetch_limit(q.limit)?;
    let q = q.into_inner();
    let rows = db::run(&state.pool, move |conn| {
        Ok(sql::notifications_of(
            conn,
            &caller.member.id,
            q.unread.unwrap_or(false),
            q.cursor.as_deref(),
            fetched,
        )?)
    })
    .await?;
    Ok(web::Json(paging::page(
        rows,
        fetched,
        |(n, _)| n.id.clone(),
        |(n, title)| NotificationView {
            kind: NotificationKind::parse(&n.kind).unwrap_or(NotificationKind::RequestToAnswer),
            created_at: rfc3339(n.created_at),
            read: n.read_at.is_some(),
            title: title.unwrap_or_default(),
            id: n.id,
            exchange_id: n.exchange_id,
        },
    )))
}

/// How many of my notifications are unread (the header's badge).
#[utoipa::path(
    tag = "exchanges",
    operation_id = "count_my_unread_notifications",
    responses((status = 200, description = "The count", body = UnreadCount)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/notifications/unread")]
pub async fn unread(caller: Caller, state: web::Data<AppState>) -> ApiResult<web::Json<UnreadCount>> {
    let n = db::run(&state.pool, move |conn| Ok(sql::unread_count(conn, &caller.member.id)?)).await?;
    Ok(web::Json(UnreadCount { unread: u32::try_from(n).unwrap_or(u32::MAX) }))
}

/// Marks one of my notifications read.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "read_notification",
    params(("id" = String, Path, description = "The notification's id")),
    responses(
        (status = 204, description = "Read"),
        (status = 404, description = "No such notification of mine", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/me/notifications/{id}/read")]
pub async fn read_notification(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let changed =
        db::run(&state.pool, move |conn| Ok(sql::mark_read(conn, &caller.member.id, Some(&id), now())?))
            .await?;
    if changed == 0 {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Marks all my notifications read.
#[utoipa::path(
    tag = "exchanges",
    operation_id = "read_all_notifications",
    responses((status = 204, description = "All read")),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/me/notifications/read_all")]
pub async fn read_all(caller: Caller, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    db::run(&state.pool, move |conn| Ok(sql::mark_read(conn, &caller.member.id, None, now())?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A member's page: name, what they gave and received, their evaluations (every member
/// sees an active member's, before accepting a request for one). The page of a member who is
/// not active is shown only to them, staff, and the members who had an exchange with them.
#[utoipa::path(
    tag = "members",
    operation_id = "get_member_page",
    params(("id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "The page", body = MemberPage),
        (status = 404, description = "No such member that you may see", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/members/{id}/page")]
pub async fn member_page(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberPage>> {
    let page = db::run(&state.pool, move |conn| page_of(conn, &id, &caller)).await?;
    Ok(web::Json(page))
}

fn page_of(conn: &mut DbConn, id: &str, caller: &Caller) -> ApiResult<MemberPage> {
    let member = crate::db::member::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    if MemberStatus::parse(&member.status) != Some(MemberStatus::Active)
        && !sees_withdrawn(
            member.id == caller.member.id,
            caller.is_staff(),
            sql::any_between(conn, &member.id, &caller.member.id)?,
        )
    {
        return Err(ApiError::new(ErrorCode::NotFound));
    }
    let account =
        crate::db::account::find_for_member(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let totals = ledger::totals(conn, &account.id)?;
    let evaluations: Vec<_> = sql::evaluations_of(conn, id, 50)?
        .into_iter()
        .map(|(e, n)| exchange::evaluation_view(e, n))
        .collect();
    // Over every rating, not only the newest shown.
    let ratings = sql::rating_totals(conn, id)?;
    let average = seed_domain::notification::average_rating_tenths(
        u64::try_from(ratings.sum).unwrap_or(0),
        u64::try_from(ratings.count).unwrap_or(0),
    );
    Ok(MemberPage {
        id: member.id,
        display_name: member.display_name,
        totals,
        exchanges_given: u32::try_from(sql::count_confirmed(conn, Some(id), None)?).unwrap_or(0),
        exchanges_received: u32::try_from(sql::count_confirmed(conn, None, Some(id))?).unwrap_or(0),
        evaluations,
        average_rating_tenths: average,
    })
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
pub async fn abuse_signals(
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
pub async fn get_thresholds(
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
pub async fn update_thresholds(
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Json<AbuseThresholds>,
) -> ApiResult<web::Json<AbuseThresholds>> {
    caller.require(Role::Admin)?;
    let t = valid(body.into_inner(), |b| b.validate())?;
    let saved = t.clone();
    db::run(&state.pool, move |conn| {
        // The change and its audit entry together, or neither.
        db::write_transaction(conn, |conn| {
            settings::set_abuse_thresholds(conn, &saved, &caller.member.id)?;
            let detail = serde_json::to_string(&saved).unwrap_or_default();
            Ok(audit::record(
                conn,
                Some(&caller.member.id),
                "settings_changed",
                Some("abuse_thresholds"),
                Some(&detail),
                Some(&caller.ip),
            )?)
        })
    })
    .await?;
    Ok(web::Json(t))
}
