//! My notifications (what needs my action): the list, the header badge's count, marking read.

use crate::auth::Caller;
use crate::clock::{now, rfc3339};
use crate::db;
use crate::db::notification as sql;
use crate::error::{ApiError, ApiResult};
use crate::paging;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use seed_domain::admin::Page;
use seed_domain::notification::{NotificationView, UnreadCount};
use seed_domain::{ErrorCode, Problem};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
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
pub async fn list_my_notifications(
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
            kind: n.kind,
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
pub async fn count_my_unread_notifications(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<UnreadCount>> {
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
pub async fn read_all_notifications(caller: Caller, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    db::run(&state.pool, move |conn| Ok(sql::mark_read(conn, &caller.member.id, None, now())?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
