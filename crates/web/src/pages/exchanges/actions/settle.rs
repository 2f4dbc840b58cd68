//! Staff settle a dispute by paying the agreed or an adjusted amount.

use super::*;
use crate::api::{self, OnceKey};
use crate::components::feedback::{OutcomeView, confirm};
use crate::components::field::TextField;
use crate::components::form::{FieldErrors, parse_amount};
use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr, use_i18n};
use leptos::task::spawn_local;
use seed_domain::exchange::{NOTE_MAX, SettleExchange};
use seed_domain::{FieldError, Ts};

/// Staff settle a dispute by paying: the agreed amount, or the one typed, with a note.
#[component]
pub(super) fn SettleAction(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let errors = FieldErrors::new();
    let key = OnceKey::new();
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let agreed = ctx.exchange.amount;
    let (payer, payee) = (ctx.exchange.beneficiary_name.clone(), ctx.exchange.provider_name.clone());
    let intro = {
        let (payer, payee) = (payer.clone(), payee.clone());
        move || {
            let agreed =
                agreed.map(|a| a.format(i18n.lang())).unwrap_or_else(|| i18n.t(k::COMMON_NONE).to_owned());
            i18n.tf(k::SETTLE_EXCHANGE_INTRO, &[("payer", &payer), ("payee", &payee), ("agreed", &agreed)])
        }
    };
    let preview = move || {
        let text = amount.get();
        if text.trim().is_empty() {
            return None;
        }
        let parsed = Ts::parse(&text).ok().filter(|a| a.is_positive())?;
        Some(i18n.tf(k::SETTLE_EXCHANGE_PREVIEW, &[("amount", &parsed.format(i18n.lang()))]))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = amount.get_untracked();
        let mut problems: Vec<FieldError> = Vec::new();
        let chosen = if text.trim().is_empty() {
            None
        } else {
            match parse_amount("amount", &text, false) {
                Ok(value) => Some(value),
                Err(error) => {
                    problems.push(error);
                    None
                }
            }
        };
        let body = SettleExchange { amount: chosen, note: note.get_untracked().trim().to_owned() };
        let amount_refused = !problems.is_empty();
        problems.extend(body.validate().into_iter().filter(|e| e.field != "amount" || !amount_refused));
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        let lang = i18n.lang();
        let paid = chosen.or(agreed).unwrap_or(Ts::ZERO);
        let question_key =
            if chosen.is_some() { k::SETTLE_EXCHANGE_CONFIRM_ADJUST } else { k::SETTLE_EXCHANGE_CONFIRM };
        let question =
            i18n.tf(question_key, &[("amount", &paid.format(lang)), ("payer", &payer), ("payee", &payee)]);
        if !confirm(&question) || !busy.start() {
            return;
        }
        let idempotency_key = key.key_for(format!("settle {} {body:?}", ctx.exchange.id));
        let ctx = ctx.clone();
        spawn_local(async move {
            let result = api::settle_exchange(&ctx.exchange.id, &body, &idempotency_key).await;
            key.settle(&result);
            match result {
                Ok(updated) => {
                    let amount = updated.amount.unwrap_or(paid).format(lang);
                    ctx.finish(k::SETTLE_EXCHANGE_DONE, vec![("amount", amount)], updated);
                }
                Err(failure) => busy.fail(failure, Some(errors)),
            }
        });
    };
    view! {
        <div class="action">
            <h3>
                <Icon svg=icon::SCALE />
                " "
                {tr(k::SETTLE_EXCHANGE_TITLE)}
            </h3>
            <p>{intro}</p>
            <form on:submit=submit novalidate>
                <div class="grid">
                    <div>
                        <TextField id="settle-amount" field="amount" label=k::SETTLE_EXCHANGE_AMOUNT_LABEL value=amount errors hint=k::SETTLE_EXCHANGE_AMOUNT_HINT inputmode="decimal" described_by="settle-amount-preview">
                            <small id="settle-amount-preview" class="preview" aria-live="polite">{preview}</small>
                        </TextField>
                    </div>
                    <div>
                        <TextField id="settle-note" field="note" label=k::SETTLE_EXCHANGE_NOTE_LABEL value=note errors hint=k::SETTLE_EXCHANGE_NOTE_HINT maxlength=NOTE_MAX />
                    </div>
                </div>
                <BusyButton pending=busy.pending label=k::SETTLE_EXCHANGE_SUBMIT />
            </form>
            <OutcomeView outcome=busy.failed context=named::settle_errors />
        </div>
    }
}
