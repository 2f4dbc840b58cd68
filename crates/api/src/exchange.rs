//! Exchanges between members: the domain's state machine enforced on locked rows, the TS
//! transfer posted on confirmation, the timeline, notifications, and the scheduler's jobs.

use crate::clock::rfc3339;
use crate::db::account;
use crate::db::exchange::{self as sql, EvaluationRow, ExchangeRow, NewEvent};
use crate::db::notification::{self, NotificationRow};
use crate::db::{DbConn, listing, write_transaction};
use crate::error::{ApiError, ApiResult};
use crate::ledger::{self, Transfer};
use crate::settings;
use seed_domain::exchange::{
    Action, ActionKind, Actor, EvaluationView, ExchangeState, ExchangeView, NewEvaluation, NewExchange,
    Parties, TimelineEntry, next_actions, notices, requester_is_provider, transition,
};
use seed_domain::ledger::TransferKind;
use seed_domain::listing::check_request;
use seed_domain::notification::NotificationKind;
use seed_domain::{ErrorCode, Ts};

/// Who acts: a member (maybe staff), or the scheduler.
#[derive(Debug, Clone)]
pub enum Who {
    Member { id: String, is_staff: bool },
    Scheduler,
}

impl Who {
    fn member_id(&self) -> Option<&str> {
        match self {
            Who::Member { id, .. } => Some(id),
            Who::Scheduler => None,
        }
    }
}

fn parties(row: &ExchangeRow) -> Parties<'_> {
    Parties {
        requester_id: &row.requester_id,
        provider_id: &row.provider_id,
        beneficiary_id: &row.beneficiary_id,
    }
}

/// The actor `who` is in `row`; `None` (a 404) for a member who takes no part and is not staff.
fn actor_of(row: &ExchangeRow, who: &Who) -> Option<Actor> {
    match who {
        Who::Member { id, is_staff } => parties(row).actor(id, *is_staff),
        Who::Scheduler => Some(Actor::SCHEDULER),
    }
}

fn notify(
    conn: &mut DbConn,
    member_id: &str,
    kind: NotificationKind,
    exchange_id: &str,
) -> diesel::QueryResult<()> {
    notification::notify(
        conn,
        &NotificationRow {
            id: uuid::Uuid::now_v7().to_string(),
            member_id: member_id.to_owned(),
            kind,
            exchange_id: Some(exchange_id.to_owned()),
            created_at: crate::clock::now(),
            read_at: None,
        },
    )
}

/// Asks for an exchange on a listing: the requester is served by an offer's owner, or serves
/// a want's owner. A member has one open exchange per listing: a second request (a double tap,
/// or copies at once, which the database's unique index stops) is 409 `conflict` with
/// `params.exchange_id`, the open one.
pub fn create(conn: &mut DbConn, requester_id: &str, new: &NewExchange) -> ApiResult<ExchangeRow> {
    match insert_request(conn, requester_id, new) {
        Err(ApiError::Problem(p)) if p.code == ErrorCode::Conflict && p.params.is_empty() => {
            match sql::open_on_listing(conn, &new.listing_id, requester_id)? {
                Some(existing) => Err(already_open(&existing)),
                None => Err(ApiError::Problem(p)),
            }
        }
        other => other,
    }
}

fn already_open(exchange_id: &str) -> ApiError {
    seed_domain::Problem::new(ErrorCode::Conflict)
        .with_detail("you already have an exchange under way on this listing")
        .with_param("exchange_id", exchange_id)
        .into()
}

fn insert_request(conn: &mut DbConn, requester_id: &str, new: &NewExchange) -> ApiResult<ExchangeRow> {
    write_transaction(conn, |conn| {
        let (listing, _) =
            listing::find(conn, &new.listing_id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        let status = listing.status;
        check_request(status, listing.expires_at <= crate::clock::now(), listing.owner_id == requester_id)
            .map_err(|r| ApiError::from(r.problem()))?;
        if let Some(existing) = sql::open_on_listing(conn, &listing.id, requester_id)? {
            return Err(already_open(&existing));
        }
        let kind = listing.kind;
        let (provider_id, beneficiary_id) = if requester_is_provider(kind) {
            (requester_id.to_owned(), listing.owner_id.clone())
        } else {
            (listing.owner_id.clone(), requester_id.to_owned())
        };
        let rules = settings::ts_rules(conn)?;
        let minutes = new.minutes.or(u32::try_from(listing.estimated_minutes).ok());
        let at = crate::clock::now();
        let row = ExchangeRow {
            id: uuid::Uuid::now_v7().to_string(),
            listing_id: Some(listing.id.clone()),
            title: listing.title.clone(),
            state: ExchangeState::Requested,
            provider_id,
            beneficiary_id,
            requester_id: requester_id.to_owned(),
            minutes: minutes.and_then(|m| i32::try_from(m).ok()),
            amount: minutes.and_then(|m| rules.service_cost(m)).map(Ts::hundredths),
            transfer_id: None,
            created_at: at,
            updated_at: at,
            delivered_at: None,
            auto_confirm_at: None,
            reminded_at: None,
        };
        sql::insert(conn, &row)?;
        let note = new.message.trim();
        sql::add_event(
            conn,
            &NewEvent {
                exchange_id: &row.id,
                at,
                actor_id: Some(requester_id),
                action: ActionKind::Request.as_str(),
                note: (!note.is_empty()).then_some(note),
            },
        )?;
        notify(conn, &listing.owner_id, NotificationKind::RequestToAnswer, &row.id)?;
        Ok(row)
    })
}

/// Takes `action` on exchange `id` as `who`, with an optional note (dispute reason, settlement).
pub fn act(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    action: Action,
    note: Option<&str>,
) -> ApiResult<ExchangeRow> {
    write_transaction(conn, |conn| {
        let mut row = sql::lock(conn, id)?.ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        let actor = actor_of(&row, who).ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        let state = row.state;
        // What was asked for is the row's, whatever the caller says.
        let action = match action {
            Action::Accept { minutes, .. } => {
                Action::Accept { minutes, proposed: row.minutes.and_then(|m| u32::try_from(m).ok()) }
            }
            other => other,
        };
        let step = transition(state, action, actor).map_err(|r| ApiError::from(r.problem()))?;
        let rules = settings::ts_rules(conn)?;
        let at = crate::clock::now();
        match action {
            Action::Accept { minutes, .. } => {
                let amount =
                    rules.service_cost(minutes).ok_or_else(|| ApiError::new(ErrorCode::TsNotPositive))?;
                could_pay_now(conn, &row, amount, &rules)?;
                row.minutes = i32::try_from(minutes).ok();
                row.amount = Some(amount.hundredths());
            }
            Action::Agree => {
                let amount = row
                    .amount
                    .map(Ts::from_hundredths)
                    .ok_or_else(|| ApiError::new(ErrorCode::TsNotPositive))?;
                could_pay_now(conn, &row, amount, &rules)?;
            }
            Action::Deliver => {
                row.delivered_at = Some(at);
                row.auto_confirm_at = Some(at + chrono::Duration::days(i64::from(rules.auto_confirm_days)));
            }
            _ => {}
        }
        if step.posts_transfer {
            let amount = step
                .amount_override
                .or(row.amount.map(Ts::from_hundredths))
                .ok_or_else(|| ApiError::new(ErrorCode::TsNotPositive))?;
            let from = member_account(conn, &row.beneficiary_id)?;
            let to = member_account(conn, &row.provider_id)?;
            let transfer = ledger::post(
                conn,
                &Transfer {
                    kind: TransferKind::Service,
                    from,
                    to,
                    amount,
                    initiated_by: who.member_id().map(str::to_owned),
                    exchange_id: Some(row.id.clone()),
                    memo: row.title.chars().take(200).collect(),
                    reverses: None,
                },
                &rules,
            )?;
            row.transfer_id = Some(transfer.id);
            row.amount = Some(amount.hundredths());
        }
        row.state = step.to;
        row.updated_at = at;
        sql::save(conn, &row)?;
        sql::add_event(
            conn,
            &NewEvent {
                exchange_id: &row.id,
                at,
                actor_id: who.member_id(),
                action: action.kind().as_str(),
                note,
            },
        )?;
        for (member, kind) in notices(parties(&row), step.to, action, who.member_id()) {
            notify(conn, member, kind, &row.id)?;
        }
        Ok(row)
    })
}

/// Acceptance is refused when the member served could not pay the amount right now.
fn could_pay_now(
    conn: &mut DbConn,
    row: &ExchangeRow,
    amount: Ts,
    rules: &seed_domain::ledger::TsRules,
) -> ApiResult<()> {
    let from = member_account(conn, &row.beneficiary_id)?;
    let to = member_account(conn, &row.provider_id)?;
    ledger::check(conn, &from, &to, amount, TransferKind::Service, rules).map(|_| ()).map_err(ApiError::from)
}

fn member_account(conn: &mut DbConn, member_id: &str) -> ApiResult<String> {
    Ok(account::find_for_member(conn, member_id)?.ok_or_else(|| ApiError::new(ErrorCode::UnknownAccount))?.id)
}

/// The member served (or staff) evaluates a confirmed exchange, once.
pub fn evaluate(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    evaluation: &NewEvaluation,
) -> ApiResult<ExchangeRow> {
    write_transaction(conn, |conn| {
        let row = act(conn, who, id, Action::Evaluate, None)?;
        let Who::Member { id: evaluator, .. } = who else {
            return Err(ApiError::new(ErrorCode::NotYourTurn));
        };
        sql::insert_evaluation(
            conn,
            &EvaluationRow {
                exchange_id: row.id.clone(),
                evaluator_id: evaluator.clone(),
                by_staff: *evaluator != row.beneficiary_id,
                rating: i32::from(evaluation.rating),
                comment: evaluation.comment.trim().to_owned(),
                created_at: crate::clock::now(),
            },
        )?;
        Ok(row)
    })
}

pub fn evaluation_view(row: EvaluationRow, evaluator_name: String) -> EvaluationView {
    EvaluationView {
        rating: u8::try_from(row.rating).unwrap_or(0),
        comment: row.comment,
        evaluator_name,
        by_staff: row.by_staff,
        at: rfc3339(row.created_at),
    }
}

/// The exchange as `who` sees it, with what they may do next.
pub fn view(conn: &mut DbConn, row: ExchangeRow, who: &Who) -> ApiResult<ExchangeView> {
    let actor = actor_of(&row, who).ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
    let state = row.state;
    let name = |conn: &mut DbConn, id: &str| -> ApiResult<String> {
        Ok(crate::db::member::find(conn, id)?.map(|m| m.display_name).unwrap_or_default())
    };
    let timeline = sql::events(conn, &row.id)?
        .into_iter()
        .map(|(at, actor_name, action, note)| {
            Ok(TimelineEntry {
                at: rfc3339(at),
                actor_name,
                action: crate::db::unknown_is_an_error(ActionKind::try_from(action))?,
                note,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let evaluation = sql::evaluation(conn, &row.id)?.map(|(e, n)| evaluation_view(e, n));
    Ok(ExchangeView {
        provider_name: name(conn, &row.provider_id)?,
        beneficiary_name: name(conn, &row.beneficiary_id)?,
        next_actions: next_actions(state, actor),
        timeline,
        evaluation,
        state,
        minutes: row.minutes.and_then(|m| u32::try_from(m).ok()),
        amount: row.amount.map(Ts::from_hundredths),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        delivered_at: row.delivered_at.map(rfc3339),
        auto_confirm_at: row.auto_confirm_at.map(rfc3339),
        id: row.id,
        listing_id: row.listing_id,
        title: row.title,
        provider_id: row.provider_id,
        beneficiary_id: row.beneficiary_id,
        requester_id: row.requester_id,
    })
}

/// A closing account cancels its exchanges under way; both sides are told.
pub fn cancel_open_for(conn: &mut DbConn, member_id: &str) -> ApiResult<usize> {
    let open = sql::open_for_member(conn, member_id)?;
    for id in &open {
        act(conn, &Who::Scheduler, id, Action::AccountClosed, None)?;
    }
    Ok(open.len())
}

/// The scheduler confirms deliveries nobody confirmed or disputed in time. A refusal (the
/// member served cannot pay any more) leaves the exchange delivered and tells both sides.
pub fn auto_confirm_due(conn: &mut DbConn) -> anyhow::Result<(usize, usize)> {
    let due = sql::due_for_auto_confirm(conn, crate::clock::now())?;
    let (mut confirmed, mut refused) = (0, 0);
    for id in due {
        match act(conn, &Who::Scheduler, &id, Action::AutoConfirm, None) {
            Ok(_) => confirmed += 1,
            // The ledger refused the payment: the member served cannot pay it now.
            Err(ApiError::Problem(p)) if p.code.is_transfer_refusal() => {
                refused += 1;
                tracing::warn!(exchange = %id, code = p.code.as_str(), "automatic confirmation refused");
                stop_auto_confirm(conn, &id)?;
            }
            // Confirmed, disputed or cancelled since it was found due: nothing to do.
            Err(ApiError::Problem(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok((confirmed, refused))
}

/// After a refused automatic confirmation (the member served cannot pay now): no more
/// attempts, and both sides are told, once; the member served confirms when they can, or
/// either side opens a dispute for staff.
fn stop_auto_confirm(conn: &mut DbConn, id: &str) -> anyhow::Result<()> {
    write_transaction(conn, |conn| {
        let Some(mut row) = sql::lock(conn, id)? else {
            return Ok(());
        };
        if row.state != ExchangeState::Delivered {
            return Ok(());
        }
        row.auto_confirm_at = None;
        sql::save(conn, &row)?;
        for member in [&row.beneficiary_id, &row.provider_id] {
            notify(conn, member, NotificationKind::AutoConfirmRefused, &row.id)?;
        }
        Ok::<(), ApiError>(())
    })
    .map_err(anyhow::Error::from)
}

/// Reminds the member served, the rules' reminder days before (3 by default), that a delivery
/// will be confirmed automatically.
pub fn remind_due(conn: &mut DbConn) -> anyhow::Result<usize> {
    let now = crate::clock::now();
    let lead = settings::ts_rules(conn)?.reminder_days;
    let due = sql::due_for_reminder(conn, now + chrono::Duration::days(i64::from(lead)))?;
    let mut reminded = 0;
    for due_row in due {
        // Re-read under the lock: the member may have confirmed since, and saving the row read
        // above would put that exchange back to delivered.
        let sent = write_transaction(conn, |conn| {
            let Some(mut row) = sql::lock(conn, &due_row.id)? else {
                return Ok::<bool, ApiError>(false);
            };
            if row.state != ExchangeState::Delivered || row.reminded_at.is_some() {
                return Ok(false);
            }
            notify(conn, &row.beneficiary_id, NotificationKind::ConfirmReminder, &row.id)?;
            row.reminded_at = Some(now);
            sql::save(conn, &row)?;
            Ok(true)
        })
        .map_err(anyhow::Error::from)?;
        reminded += usize::from(sent);
    }
    Ok(reminded)
}
