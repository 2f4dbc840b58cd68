//! Statements: mine and an account's (its holder, or staff), as pages and as CSV.

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::paging;
use crate::routes::accounts::{own_account, visible_account};
use crate::state::AppState;
use crate::statement;
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use seed_domain::admin::Page;
use seed_domain::ledger::TransferKind;
use seed_domain::timebank::{CsvDialect, StatementLine, check_period};
use seed_domain::{ErrorCode, Problem};
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatementQuery {
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the page before.
    #[param(pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
    /// First day (Europe/Paris), `YYYY-MM-DD`.
    pub from: Option<NaiveDate>,
    /// Last day, included.
    pub to: Option<NaiveDate>,
    pub kind: Option<TransferKind>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CsvQuery {
    /// `spreadsheet` (default: `;`, decimal comma, French dates, BOM) or `data`.
    pub dialect: Option<CsvDialect>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<TransferKind>,
}

async fn statement_page(
    state: &AppState,
    caller: Caller,
    id: Option<String>,
    q: StatementQuery,
) -> ApiResult<Page<StatementLine>> {
    check_period(q.from.as_ref(), q.to.as_ref())?;
    let fetched = paging::fetch_limit(q.limit)?;
    let cursor = match q.cursor.as_deref().map(str::parse::<i64>) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => return Err(ApiError::with_detail(ErrorCode::BadRequest, "invalid cursor")),
    };
    db::run(&state.pool, move |conn| {
        let acc = match id {
            Some(id) => visible_account(conn, &caller, &id)?,
            None => own_account(conn, &caller)?,
        };
        let rows = crate::db::ledger::statement(
            conn,
            &acc.id,
            &statement::filter(q.from, q.to, q.kind),
            cursor,
            fetched,
        )?;
        Ok(paging::page(rows, fetched, |r| r.posting.id.to_string(), statement::line))
    })
    .await
}

async fn statement_csv(
    state: &AppState,
    caller: Caller,
    id: Option<String>,
    q: CsvQuery,
) -> ApiResult<HttpResponse> {
    check_period(q.from.as_ref(), q.to.as_ref())?;
    let dialect = q.dialect.unwrap_or(CsvDialect::Spreadsheet);
    let (name, body) = db::run(&state.pool, move |conn| {
        let acc = match id {
            Some(id) => visible_account(conn, &caller, &id)?,
            None => own_account(conn, &caller)?,
        };
        let body = statement::csv(conn, &acc.id, &statement::filter(q.from, q.to, q.kind), dialect)?;
        Ok((format!("releve-ts-{}.csv", &acc.id[..8.min(acc.id.len())]), body))
    })
    .await?;
    let content_type = match dialect {
        CsvDialect::Spreadsheet => "text/csv; charset=utf-8; header=present",
        CsvDialect::Data => "text/csv; charset=utf-8; header=present",
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(body))
}

/// My statement, newest first, with the balance after each line.
#[utoipa::path(
    tag = "ledger",
    operation_id = "get_my_statement",
    params(StatementQuery),
    responses(
        (status = 200, description = "A page of my statement", body = Page<StatementLine>),
        (status = 400, description = "Bad filter or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_reversed`: the last day comes before the first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/statement")]
pub async fn get_my_statement(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<StatementQuery>,
) -> ApiResult<web::Json<Page<StatementLine>>> {
    Ok(web::Json(statement_page(&state, caller, None, q.into_inner()).await?))
}

/// My statement as CSV.
#[utoipa::path(
    tag = "ledger",
    operation_id = "export_my_statement",
    params(CsvQuery),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv"),
        (status = 422, description = "`period_reversed`: the last day comes before the first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/statement.csv")]
pub async fn export_my_statement(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<CsvQuery>,
) -> ApiResult<HttpResponse> {
    statement_csv(&state, caller, None, q.into_inner()).await
}

/// An account's statement (its holder, or staff).
#[utoipa::path(
    tag = "ledger",
    operation_id = "get_account_statement",
    params(("id" = String, Path, description = "The account's id"), StatementQuery),
    responses(
        (status = 200, description = "A page of the statement", body = Page<StatementLine>),
        (status = 404, description = "No such account that you may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_reversed`: the last day comes before the first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/accounts/{id}/statement")]
pub async fn get_account_statement(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: web::Query<StatementQuery>,
) -> ApiResult<web::Json<Page<StatementLine>>> {
    Ok(web::Json(statement_page(&state, caller, Some(id.into_inner()), q.into_inner()).await?))
}

/// An account's statement as CSV (its holder, or staff).
#[utoipa::path(
    tag = "ledger",
    operation_id = "export_account_statement",
    params(("id" = String, Path, description = "The account's id"), CsvQuery),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv"),
        (status = 404, description = "No such account that you may see", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_reversed`: the last day comes before the first", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/accounts/{id}/statement.csv")]
pub async fn export_account_statement(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: web::Query<CsvQuery>,
) -> ApiResult<HttpResponse> {
    statement_csv(&state, caller, Some(id.into_inner()), q.into_inner()).await
}
