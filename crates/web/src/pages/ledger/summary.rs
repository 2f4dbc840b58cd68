//! An account's balance, limits and what its holder gave and received.

use crate::components::member::GivenReceived;
use crate::i18n::{k, tr, use_i18n};
use leptos::prelude::*;
use seed_domain::timebank::AccountView;

/// Whose account the summary speaks of: mine ("Vous pouvez…") or someone's (staff pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Holder,
    Staff,
}

#[component]
pub fn AccountSummary(account: AccountView, viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let own = viewer == Viewer::Holder;
    let balance = account.balance;
    let class = if balance.is_negative() { "balance-amount negative" } else { "balance-amount" };
    let floor = account.floor;
    let ceiling = account.ceiling;
    let limits = move || {
        let lang = i18n.lang();
        let mut lines = Vec::new();
        if let Some(floor) = floor {
            let key = if own { k::LEDGER_FLOOR_OWN } else { k::LEDGER_FLOOR_STAFF };
            lines.push(i18n.tf(key, &[("floor", &floor.format(lang))]));
            if own && let Ok(available) = balance.checked_sub(floor) {
                let available = if available.is_negative() { seed_domain::Ts::ZERO } else { available };
                lines.push(i18n.tf(k::LEDGER_AVAILABLE_OWN, &[("available", &available.format(lang))]));
            }
        }
        if let Some(ceiling) = ceiling {
            let key = if own { k::LEDGER_CEILING_OWN } else { k::LEDGER_CEILING_STAFF };
            lines.push(i18n.tf(key, &[("ceiling", &ceiling.format(lang))]));
        }
        if floor.is_none() && ceiling.is_none() {
            lines.push(i18n.t(k::LEDGER_NO_LIMITS).to_owned());
        }
        lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()
    };
    view! {
        <section class="ts-summary" aria-labelledby="balance-title">
            <article class="balance">
                <h2 id="balance-title" class="balance-label">{tr(k::LEDGER_BALANCE)}</h2>
                <p class=class>{move || balance.format(i18n.lang())}</p>
                {account
                    .closed
                    .then(|| {
                        view! {
                            <p>
                                <span class="badge closed">{tr(k::LEDGER_CLOSED_BADGE)}</span>
                                " "
                                {tr(if own { k::LEDGER_CLOSED_OWN } else { k::LEDGER_CLOSED_STAFF })}
                            </p>
                        }
                    })}
                <ul class="limits">{limits}</ul>
                <dl class="totals">
                    <GivenReceived totals=account.totals.clone() />
                </dl>
            </article>
        </section>
    }
}
