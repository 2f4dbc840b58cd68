//! Staff and admins manage members: list, add, change role, deactivate, re-link Google.

use crate::auth::Caller;
use crate::clock::now;
use crate::clock::rfc3339;
use crate::db::exchange as sql;
use crate::db::member::{self, MemberRow};
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult, valid};
use crate::membership::add_member;
use crate::paging;
use crate::state::{AppState, Json};
use crate::{exchange, ledger};
use actix_web::{HttpResponse, get, patch, post, web};
use seed_domain::admin::AuditAction;
use seed_domain::admin::Page;
use seed_domain::duties::StaffAct;
use seed_domain::listing::sees_withdrawn;
use seed_domain::membership::{MemberPatch, MemberStatus, MemberSummary, NewMember, Role};
use seed_domain::notification::MemberPage;
use seed_domain::{ErrorCode, Problem};
use serde::Deserialize;

pub fn summary(row: MemberRow) -> MemberSummary {
    MemberSummary {
        role: row.role,
        status: row.status,
        google_linked: row.oidc_subject.is_some(),
        created_at: rfc3339(row.created_at),
        id: row.id,
        email: row.email,
        display_name: row.display_name,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The members, in the order they were added (staff and admins).
#[utoipa::path(
    tag = "members",
    operation_id = "list_members",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of members", body = Page<MemberSummary>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "staff"]))
)]
#[get("/members")]
pub async fn list_members(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> ApiResult<web::Json<Page<MemberSummary>>> {
    caller.require(Role::Staff)?;
    let fetched = paging::fetch_limit(query.limit)?;
    let cursor = query.cursor.clone();
    let rows =
        db::run(&state.pool, move |conn| Ok(member::list_page(conn, cursor.as_deref(), fetched)?)).await?;
    Ok(web::Json(paging::page(rows, fetched, |r| r.id.clone(), summary)))
}

/// Adds a member (admins). They can sign in with Google once their e-mail is known.
#[utoipa::path(
    tag = "members",
    operation_id = "create_member",
    request_body = NewMember,
    responses(
        (status = 201, description = "Added", body = MemberSummary),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A member has this e-mail", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[post("/members")]
pub async fn create_member(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewMember>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Admin)?;
    let new = valid(body.into_inner(), |b| b.validate())?;
    let demo = state.config.is_demo();
    let row = db::run(&state.pool, move |conn| {
        let email = new.email.trim().to_lowercase();
        if member::find_by_email(conn, &email)?.is_some() {
            return Err(ApiError::with_detail(ErrorCode::Conflict, "a member has this e-mail"));
        }
        let row = add_member(conn, &email, new.display_name.trim(), new.role, MemberStatus::Active, demo)?;
        caller.audit(conn, AuditAction::MemberAdded, Some(&row.id), Some(new.role.as_str()))?;
        Ok(row)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/members/{}", row.id)))
        .json(summary(row)))
}

fn find_or_404(conn: &mut DbConn, id: &str) -> ApiResult<MemberRow> {
    member::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))
}

/// Admins do not demote or deactivate themselves: the association would lose its last admin.
fn not_self(caller: &Caller, id: &str) -> ApiResult<()> {
    if caller.member.id == id {
        Err(ApiError::with_detail(ErrorCode::Conflict, "an admin cannot change their own role or status"))
    } else {
        Ok(())
    }
}

/// Changes a member's role or name (admins).
#[utoipa::path(
    tag = "members",
    operation_id = "update_member",
    params(("id" = String, Path, description = "The member's id")),
    request_body = MemberPatch,
    responses(
        (status = 200, description = "Changed", body = MemberSummary),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "One's own role", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[patch("/members/{id}")]
pub async fn update_member(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Json<MemberPatch>,
) -> ApiResult<web::Json<MemberSummary>> {
    caller.require(Role::Admin)?;
    let change = valid(body.into_inner(), |b| b.validate())?;
    let id = id.into_inner();
    let row = db::run(&state.pool, move |conn| {
        let before = find_or_404(conn, &id)?;
        let at = now();
        if let Some(role) = change.role
            && role != before.role
        {
            not_self(&caller, &id)?;
            member::set_role(conn, &id, role.as_str(), at)?;
            let change = format!("{} → {role}", before.role);
            caller.audit(conn, AuditAction::RoleChanged, Some(&before.id), Some(&change))?;
        }
        if let Some(name) = change.display_name.as_deref().map(str::trim)
            && name != before.display_name
        {
            member::set_display_name(conn, &id, name, at)?;
            caller.audit(conn, AuditAction::MemberRenamed, Some(&before.id), Some(name))?;
        }
        find_or_404(conn, &id)
    })
    .await?;
    Ok(web::Json(summary(row)))
}

/// Deactivates a member (admins): their sessions and tokens end at once.
#[utoipa::path(
    tag = "members",
    operation_id = "deactivate_member",
    params(("id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "Deactivated", body = MemberSummary),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Oneself", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[post("/members/{id}/deactivate")]
pub async fn deactivate_member(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberSummary>> {
    caller.require(Role::Admin)?;
    let id = id.into_inner();
    not_self(&caller, &id)?;
    let row = db::run(&state.pool, move |conn| {
        let before = find_or_404(conn, &id)?;
        let ended = crate::membership::deactivate(conn, &id)?;
        caller.audit(
            conn,
            AuditAction::MemberDeactivated,
            Some(&before.id),
            Some(&format!(
                "{} sessions, {} tokens ended, {} exchanges cancelled",
                ended.sessions, ended.tokens, ended.exchanges
            )),
        )?;
        find_or_404(conn, &id)
    })
    .await?;
    Ok(web::Json(summary(row)))
}

/// Reactivates a member (admins).
#[utoipa::path(
    tag = "members",
    operation_id = "activate_member",
    params(("id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "Active", body = MemberSummary),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[post("/members/{id}/activate")]
pub async fn activate_member(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberSummary>> {
    caller.require(Role::Admin)?;
    let id = id.into_inner();
    let row = db::run(&state.pool, move |conn| {
        let before = find_or_404(conn, &id)?;
        crate::membership::activate(conn, &id)?;
        caller.audit(conn, AuditAction::MemberActivated, Some(&before.id), None)?;
        find_or_404(conn, &id)
    })
    .await?;
    Ok(web::Json(summary(row)))
}

/// Unlinks the member's Google account (staff; an admin's, admins only): the next sign-in
/// with their e-mail links anew.
#[utoipa::path(
    tag = "members",
    operation_id = "unlink_member_google",
    params(("id" = String, Path, description = "The member's id")),
    responses(
        (status = 200, description = "Unlinked", body = MemberSummary),
        (status = 403, description = "Not staff, or staff unlinking an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/members/{id}/unlink_google")]
pub async fn unlink_member_google(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberSummary>> {
    caller.require(Role::Staff)?;
    let id = id.into_inner();
    let row = db::run(&state.pool, move |conn| {
        let before = find_or_404(conn, &id)?;
        caller.actor().may(StaffAct::UnlinkGoogle { target_role: before.role })?;
        member::unlink_identity(conn, &id, now())?;
        caller.audit(conn, AuditAction::GoogleUnlinked, Some(&before.id), None)?;
        find_or_404(conn, &id)
    })
    .await?;
    Ok(web::Json(summary(row)))
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
pub async fn get_member_page(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<MemberPage>> {
    let page = db::run(&state.pool, move |conn| page_of(conn, &id, &caller)).await?;
    Ok(web::Json(page))
}

fn page_of(conn: &mut DbConn, id: &str, caller: &Caller) -> ApiResult<MemberPage> {
    let member = crate::db::member::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    if member.status != MemberStatus::Active
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
