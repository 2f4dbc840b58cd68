//! The time bank's books: accounts, statements, payments, reversals, adjustments.

use crate::auth::Caller;
use crate::db::account::{self, AccountRow};
use crate::db::{self, DbConn};
use crate::error::{ApiError, ApiResult, valid};
use crate::ledger::{self, Transfer};
use crate::routes::paging;
use crate::state::AppState;
use crate::{audit, idempotency, settings, statement};
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::NaiveDate;
use seed_domain::admin::Page;
use seed_domain::duties::StaffAct;
use seed_domain::ledger::{
    AccountKind, AccountLimits, TransferKind, TsRules, check_limits, check_reversible,
};
use seed_domain::membership::Role;
use seed_domain::timebank::{
    AccountView, BooksCheck, CsvDialect, NewAdjustment, NewPayment, Payee, ReverseTransfer, StatementLine,
    TransferView,
};
use seed_domain::ts::Lang;
use seed_domain::{ErrorCode, Problem, Ts};
use serde::Deserialize;

/// The account `id` if the caller may see it: their own, or any for staff. Otherwise 404,
/// whether it exists or not.
fn visible_account(conn: &mut DbConn, caller: &Caller, id: &str) -> ApiResult<AccountRow> {
    let row = account::find(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let own = row.member_id.as_deref() == Some(caller.member.id.as_str());
    if own || caller.is_staff() { Ok(row) } else { Err(ApiError::new(ErrorCode::NotFound)) }
}

fn own_account(conn: &mut DbConn, caller: &Caller) -> ApiResult<AccountRow> {
    account::find_for_member(conn, &caller.member.id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))
}

/// My TS account: balance, limits, and what I gave and received.
#[utoipa::path(
    tag = "ledger",
    operation_id = "get_my_account",
    responses(
        (status = 200, description = "My account", body = AccountView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/account")]
pub async fn my_account(caller: Caller, state: web::Data<AppState>) -> ApiResult<web::Json<AccountView>> {
    let view = db::run(&state.pool, move |conn| {
        let row = own_account(conn, &caller)?;
        Ok(ledger::account_view(conn, row)?)
    })
    .await?;
    Ok(web::Json(view))
}

/// An account (its holder, or staff).
#[utoipa::path(
    tag = "ledger",
    operation_id = "get_account",
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 200, description = "The account", body = AccountView),
        (status = 404, description = "No such account that you may see", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/accounts/{id}")]
pub async fn get_account(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> ApiResult<web::Json<AccountView>> {
    let view = db::run(&state.pool, move |conn| {
        let row = visible_account(conn, &caller, &id)?;
        Ok(ledger::account_view(conn, row)?)
    })
    .await?;
    Ok(web::Json(view))
}

/// New limits for a member's account (staff, audited): they apply to later transfers, and
/// the balance must already be within them.
#[utoipa::path(
    tag = "ledger",
    operation_id = "set_account_limits",
    params(("id" = String, Path, description = "The account's id")),
    request_body = AccountLimits,
    responses(
        (status = 200, description = "The account with its new limits", body = AccountView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account of the association (they have no limits)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or the balance is already outside: `ts_floor_reached` {floor, short_by}, `ts_ceiling_reached` {ceiling, over_by}", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[put("/accounts/{id}/limits")]
pub async fn set_account_limits(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<AccountLimits>,
) -> ApiResult<web::Json<AccountView>> {
    caller.require(Role::Staff)?;
    let limits = valid(body.into_inner(), |b| b.validate())?;
    let id = id.into_inner();
    let view = db::run(&state.pool, move |conn| {
        db::write_transaction(conn, |conn| {
            let row =
                account::lock(conn, &id, &id)?.pop().ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
            caller.require_duty(StaffAct::SetLimits { holder: row.member_id.as_deref() })?;
            check_limits(&ledger::state_of(&row), &limits).map_err(|r| ApiError::from(r.problem()))?;
            account::set_limits(conn, &row.id, limits.floor.hundredths(), limits.ceiling.hundredths())?;
            let show =
                |v: Option<i64>| v.map(|h| Ts::from_hundredths(h).to_decimal(Lang::Fr)).unwrap_or_default();
            let detail = format!(
                "{} … {} → {} … {}",
                show(row.floor),
                show(row.ceiling),
                limits.floor.to_decimal(Lang::Fr),
                limits.ceiling.to_decimal(Lang::Fr)
            );
            audit::record(
                conn,
                Some(&caller.member.id),
                "account_limits_changed",
                Some(&row.id),
                Some(&detail),
                Some(&caller.ip),
            )?;
            let fresh = account::find(conn, &row.id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
            Ok(ledger::account_view(conn, fresh)?)
        })
    })
    .await?;
    Ok(web::Json(view))
}

/// Every account with its holder (staff).
#[utoipa::path(
    tag = "ledger",
    operation_id = "list_accounts",
    responses(
        (status = 200, description = "All accounts", body = Vec<AccountView>),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["read", "staff"]))
)]
#[get("/accounts")]
pub async fn list_accounts(
    caller: Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<AccountView>>> {
    caller.require(Role::Staff)?;
    let views = db::run(&state.pool, move |conn| {
        let rows = account::list_all(conn)?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(ledger::account_view(conn, row)?);
        }
        Ok(views)
    })
    .await?;
    Ok(web::Json(views))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatementQuery {
    /// 1 to 200, default 50.
    pub limit: Option<u32>,
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
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/statement")]
pub async fn my_statement(
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
    responses((status = 200, description = "CSV", content_type = "text/csv")),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/me/statement.csv")]
pub async fn my_statement_csv(
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
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/accounts/{id}/statement")]
pub async fn account_statement(
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
    ),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/accounts/{id}/statement.csv")]
pub async fn account_statement_csv(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: web::Query<CsvQuery>,
) -> ApiResult<HttpResponse> {
    statement_csv(&state, caller, Some(id.into_inner()), q.into_inner()).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PayeeQuery {
    /// Part of a name; at least 2 characters.
    pub q: String,
}

/// Active members one can pay, by name (names only).
#[utoipa::path(
    tag = "ledger",
    operation_id = "list_payees",
    params(PayeeQuery),
    responses((status = 200, description = "Up to 20 members", body = Vec<Payee>)),
    security(("session" = []), ("bearer" = ["read"]))
)]
#[get("/payees")]
pub async fn payees(
    caller: Caller,
    state: web::Data<AppState>,
    q: web::Query<PayeeQuery>,
) -> ApiResult<web::Json<Vec<Payee>>> {
    let needle = q.q.trim().to_lowercase();
    if needle.chars().count() < 2 {
        return Ok(web::Json(Vec::new()));
    }
    let found =
        db::run(&state.pool, move |conn| Ok(account::payees(conn, &needle, &caller.member.id, 20)?)).await?;
    Ok(web::Json(
        found
            .into_iter()
            .map(|(member_id, display_name, account_id)| Payee { member_id, display_name, account_id })
            .collect(),
    ))
}

fn created(view: TransferView) -> Result<(u16, String), ApiError> {
    idempotency::answer(201, &view)
}

/// Pays another member directly, for a service agreed outside the exchange workflow. Needs an
/// `Idempotency-Key`: a repeat returns the first answer and never pays twice.
#[utoipa::path(
    tag = "ledger",
    operation_id = "create_transfer",
    request_body = NewPayment,
    params(("Idempotency-Key" = String, Header, description = "A fresh key (a UUID) per payment")),
    responses(
        (status = 201, description = "Paid", body = TransferView),
        (status = 400, description = "No Idempotency-Key, or a malformed body (a float amount, for one)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused: `ts_floor_reached` {floor, short_by}, `ts_ceiling_reached`, `ts_over_maximum`, `ts_same_account`, `account_closed`, `unknown_account`, `idempotency_key_reused`, `validation_failed`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write"]))
)]
#[post("/transfers")]
pub async fn create_transfer(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<NewPayment>,
) -> ApiResult<HttpResponse> {
    let payment = valid(body.into_inner(), |b| b.validate())?;
    let owner = caller.member.id.clone();
    let p = payment.clone();
    idempotency::respond_once(&state, &req, owner, "POST /api/transfers", &payment, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let from = caller.account_id.clone().ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        let t = Transfer {
            kind: TransferKind::Payment,
            from,
            to: p.to_account,
            amount: p.amount,
            initiated_by: Some(caller.member.id.clone()),
            exchange_id: None,
            memo: p.memo.trim().to_owned(),
            reverses: None,
        };
        let row = ledger::post(conn, &t, &rules)?;
        created(ledger::transfer_view(row))
    })
    .await
}

/// Reverses a transfer (staff): the same amount moves back; a transfer is reversed once, a
/// reversal never.
#[utoipa::path(
    tag = "ledger",
    operation_id = "reverse_transfer",
    params(("id" = String, Path, description = "The transfer to reverse"), ("Idempotency-Key" = String, Header, description = "A fresh key per reversal")),
    request_body = ReverseTransfer,
    responses(
        (status = 201, description = "The reversal", body = TransferView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such transfer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already reversed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reversal, or the limits refuse it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/transfers/{id}/reverse")]
pub async fn reverse_transfer(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Json<ReverseTransfer>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Staff)?;
    let reverse = valid(body.into_inner(), |b| b.validate())?;
    let id = id.into_inner();
    let route = format!("POST /api/transfers/{id}/reverse");
    let reason = reverse.reason.trim().to_owned();
    idempotency::respond_once(&state, &req, caller.member.id.clone(), &route, &reverse, move |conn| {
        let rules = settings::ts_rules(conn)?;
        let original =
            crate::db::ledger::find_transfer(conn, &id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        let kind = TransferKind::parse(&original.kind).unwrap_or(TransferKind::Payment);
        // The reversal moves TS between the same two accounts: under their locks, a concurrent
        // reversal of the same transfer has either committed (and is seen here) or waits.
        let locked = crate::db::account::lock(conn, &original.from_account, &original.to_account)?;
        let holder = |id: &str| locked.iter().find(|a| a.id == id).and_then(|a| a.member_id.as_deref());
        caller.require_duty(StaffAct::Reverse {
            payer: holder(&original.from_account),
            payee: holder(&original.to_account),
            kind,
            amount: Ts::from_hundredths(original.amount),
            admin_above: rules.adjustment_admin_above,
        })?;
        let already = crate::db::ledger::reversal_of(conn, &id)?.is_some();
        check_reversible(kind, already).map_err(|r| ApiError::new(r.code()))?;
        let t = Transfer {
            kind: TransferKind::Reversal,
            from: original.to_account.clone(),
            to: original.from_account.clone(),
            amount: Ts::from_hundredths(original.amount),
            initiated_by: Some(caller.member.id.clone()),
            exchange_id: original.exchange_id.clone(),
            memo: reason.clone(),
            reverses: Some(original.id.clone()),
        };
        let row = ledger::post(conn, &t, &rules)?;
        audit::record(
            conn,
            Some(&caller.member.id),
            "transfer_reversed",
            Some(&original.id),
            Some(&reason),
            Some(&caller.ip),
        )?;
        created(ledger::transfer_view(row))
    })
    .await
}

/// A staff adjustment: TS from issuance to the account (positive) or back (negative), with a
/// required reason.
#[utoipa::path(
    tag = "ledger",
    operation_id = "create_adjustment",
    params(("Idempotency-Key" = String, Header, description = "A fresh key per adjustment")),
    request_body = NewAdjustment,
    responses(
        (status = 201, description = "Posted", body = TransferView),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused by the limits, or invalid", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "staff"]))
)]
#[post("/adjustments")]
pub async fn create_adjustment(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<NewAdjustment>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Staff)?;
    let adjustment = valid(body.into_inner(), |b| b.validate())?;
    let a = adjustment.clone();
    idempotency::respond_once(
        &state,
        &req,
        caller.member.id.clone(),
        "POST /api/adjustments",
        &adjustment,
        move |conn| {
            let rules = settings::ts_rules(conn)?;
            let target =
                account::find(conn, &a.account)?.ok_or_else(|| ApiError::new(ErrorCode::UnknownAccount))?;
            caller.require_duty(StaffAct::Adjust {
                holder: target.member_id.as_deref(),
                amount: a.amount,
                admin_above: rules.adjustment_admin_above,
            })?;
            let issuance = ledger::association_account(conn, AccountKind::Issuance)?;
            let (from, to) =
                if a.amount.is_positive() { (issuance.id, target.id) } else { (target.id, issuance.id) };
            let amount = if a.amount.is_positive() {
                a.amount
            } else {
                a.amount.checked_neg().map_err(|_| ApiError::new(ErrorCode::TsTooLarge))?
            };
            let reason = a.reason.trim().to_owned();
            let t = Transfer {
                kind: TransferKind::Adjustment,
                from,
                to,
                amount,
                initiated_by: Some(caller.member.id.clone()),
                exchange_id: None,
                memo: reason.clone(),
                reverses: None,
            };
            let row = ledger::post(conn, &t, &rules)?;
            audit::record(
                conn,
                Some(&caller.member.id),
                "ts_adjusted",
                Some(&a.account),
                Some(&format!("{}: {reason}", a.amount.hundredths())),
                Some(&caller.ip),
            )?;
            created(ledger::transfer_view(row))
        },
    )
    .await
}

/// Settles a closed account (admins): its whole balance goes back to the association.
#[utoipa::path(
    tag = "ledger",
    operation_id = "settle_account",
    params(("id" = String, Path, description = "The closed account"), ("Idempotency-Key" = String, Header, description = "A fresh key")),
    responses(
        (status = 201, description = "The closing transfer", body = TransferView),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is open, or its balance is already zero", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = ["write", "admin"]))
)]
#[post("/accounts/{id}/settle")]
pub async fn settle_account(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    caller.require(Role::Admin)?;
    let id = id.into_inner();
    let route = format!("POST /api/accounts/{id}/settle");
    idempotency::respond_once(&state, &req, caller.member.id.clone(), &route, &(), move |conn| {
        let rules = settings::ts_rules(conn)?;
        let target = account::find(conn, &id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        if target.closed_at.is_none() || target.balance == 0 {
            return Err(ApiError::with_detail(
                ErrorCode::WrongState,
                "only a closed account with a balance is settled",
            ));
        }
        let issuance = ledger::association_account(conn, AccountKind::Issuance)?;
        let (from, to) = if target.balance > 0 {
            (target.id.clone(), issuance.id)
        } else {
            (issuance.id, target.id.clone())
        };
        let t = Transfer {
            kind: TransferKind::AccountClosing,
            from,
            to,
            amount: Ts::from_hundredths(target.balance.abs()),
            initiated_by: Some(caller.member.id.clone()),
            exchange_id: None,
            memo: "Clôture du compte".to_owned(),
            reverses: None,
        };
        let row = ledger::post(conn, &t, &rules)?;
        audit::record(
            conn,
            Some(&caller.member.id),
            "account_settled",
            Some(&id),
            Some(&target.balance.to_string()),
            Some(&caller.ip),
        )?;
        created(ledger::transfer_view(row))
    })
    .await
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

/// The time bank's rules, for everyone: they are the association's published rules (the home
/// page shows the welcome grant, forms show the rate and the limits).
#[utoipa::path(
    tag = "public",
    operation_id = "get_ts_rules",
    responses((status = 200, description = "The rules", body = TsRules)),
    security(())
)]
#[get("/public/ts_rules")]
pub async fn get_ts_rules(state: web::Data<AppState>) -> ApiResult<web::Json<TsRules>> {
    Ok(web::Json(db::run(&state.pool, |conn| Ok(settings::ts_rules(conn)?)).await?))
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
    body: web::Json<TsRules>,
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
            Ok(audit::record(
                conn,
                Some(&caller.member.id),
                "ts_rules_changed",
                None,
                Some(&detail),
                Some(&caller.ip),
            )?)
        })
    })
    .await?;
    Ok(web::Json(rules))
}
