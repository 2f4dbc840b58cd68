//! "Confirmer la livraison": the TS are paid, and the confirmation says how many and what is left.

use super::*;
use crate::api::{self, OnceKey};
use crate::components::feedback::{OutcomeView, confirm};
use crate::components::icon;
use crate::i18n::{k, tr, use_i18n};
use leptos::task::spawn_local;
use seed_domain::Ts;

/// "Confirmer la livraison": the TS are paid; the confirmation says what will be left.
#[component]
pub(super) fn ConfirmAction(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let key = OnceKey::new();
    let account = LocalResource::new(api::my_account);
    let name = ctx.other_name();
    let amount = ctx.exchange.amount;
    let intro = {
        let name = name.clone();
        move || match amount {
            Some(a) => i18n.tf(k::CONFIRM_INTRO, &[("name", &name), ("amount", &a.format(i18n.lang()))]),
            None => i18n.tf(k::CONFIRM_INTRO_NO_AMOUNT, &[("name", &name)]),
        }
    };
    let run = move |_| {
        if busy.pending.get_untracked() {
            return;
        }
        let lang = i18n.lang();
        let paid = amount.unwrap_or(Ts::ZERO);
        let balance = account.get_untracked().and_then(Result::ok).map(|a| a.balance);
        let question = match balance.and_then(|b| b.checked_sub(paid).ok()) {
            Some(left) => i18n.tf(
                k::CONFIRM_QUESTION,
                &[("amount", &paid.format(lang)), ("name", &name), ("left", &left.format(lang))],
            ),
            None => {
                i18n.tf(k::CONFIRM_QUESTION_NO_BALANCE, &[("amount", &paid.format(lang)), ("name", &name)])
            }
        };
        if !confirm(&question) || !busy.start() {
            return;
        }
        let idempotency_key = key.key_for(format!("confirm {}", ctx.exchange.id));
        let ctx = ctx.clone();
        let name = name.clone();
        spawn_local(async move {
            let result = api::confirm_exchange(&ctx.exchange.id, &idempotency_key).await;
            key.settle(&result);
            match result {
                Ok(updated) => {
                    let amount = updated.amount.unwrap_or(paid).format(lang);
                    ctx.finish(k::CONFIRM_DONE, vec![("amount", amount), ("name", name)], updated);
                }
                Err(failure) => busy.fail(failure, None),
            }
        });
    };
    view! {
        <div class="action">
            <h3>{tr(k::CONFIRM_TITLE)}</h3>
            <p>{intro}</p>
            <BusyButton pending=busy.pending label=k::CONFIRM_SUBMIT icon=icon::CIRCLE_CHECK on_click=Callback::new(run) />
            <OutcomeView outcome=busy.failed context=named::confirm_errors />
        </div>
    }
}
