//! `/admin/litiges` (staff): the exchanges in dispute, each with its reason, linking to the
//! exchange's page where staff settle it.

use crate::api::{self, segment};
use crate::components::feedback::{Failure, Loading};
use crate::components::guard::RequireRole;
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use seed_domain::exchange::{ActionKind, ExchangeView};
use seed_domain::membership::Role;

#[component]
pub fn Disputes() -> impl IntoView {
    view! {
        <RequireRole role=Role::Staff>
            <DisputesPage />
        </RequireRole>
    }
}

#[component]
fn DisputesPage() -> impl IntoView {
    let paged = Paged::new(api::DISPUTES, |e: &ExchangeView| e.id.as_str());
    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::DISPUTES_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || view! { <DisputesTable paged /> }
            >
                <p class="empty">{tr(k::DISPUTES_EMPTY)}</p>
            </Show>
        }
        .into_any(),
    };
    view! {
        <hgroup>
            <h1>{tr(k::DISPUTES_TITLE)}</h1>
            <p>{tr(k::DISPUTES_INTRO)}</p>
        </hgroup>
        <section aria-labelledby="disputes-list-title">
            <h2 id="disputes-list-title" class="visually-hidden">{tr(k::DISPUTES_TITLE)}</h2>
            {list}
            <MoreButton paged />
        </section>
    }
}

#[component]
fn DisputesTable(paged: Paged<ExchangeView>) -> impl IntoView {
    view! {
        <div class="overflow-auto">
            <table class="cards disputes">
                <thead>
                    <tr>
                        <th scope="col">{tr(k::DISPUTES_COL_EXCHANGE)}</th>
                        <th scope="col">{tr(k::DISPUTES_COL_MEMBERS)}</th>
                        <th scope="col" class="amount">{tr(k::DISPUTES_COL_AMOUNT)}</th>
                        <th scope="col">{tr(k::DISPUTES_COL_REASON)}</th>
                        <th scope="col">{tr(k::DISPUTES_COL_SINCE)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || paged.items.get()
                        key=|e| (e.id.clone(), e.state, e.updated_at.clone())
                        children=move |exchange| view! { <DisputeRow exchange /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DisputeRow(exchange: ExchangeView) -> impl IntoView {
    let i18n = use_i18n();
    // The latest dispute of the timeline says why, and since when.
    let dispute = exchange.timeline.iter().rev().find(|t| t.action == ActionKind::Dispute).cloned();
    let reason = dispute.as_ref().and_then(|d| d.note.clone()).unwrap_or_default();
    let by = dispute.as_ref().and_then(|d| d.actor_name.clone());
    let since = dispute.map(|d| d.at).unwrap_or_else(|| exchange.updated_at.clone());
    let amount = exchange.amount;
    let by_text = by.map(|name| {
        view! {
            <br />
            <small>{move || i18n.tf(k::DISPUTES_OPENED_BY, &[("name", &name)])}</small>
        }
    });
    view! {
        <tr>
            <th scope="row" data-label=tr(k::DISPUTES_COL_EXCHANGE)>
                <A href=format!("/echanges/{}", segment(&exchange.id))>{exchange.title.clone()}</A>
            </th>
            <td data-label=tr(k::DISPUTES_COL_MEMBERS)>
                <A href=format!("/membres/{}", segment(&exchange.provider_id))>{exchange.provider_name.clone()}</A>
                " → "
                <A href=format!("/membres/{}", segment(&exchange.beneficiary_id))>{exchange.beneficiary_name.clone()}</A>
            </td>
            <td data-label=tr(k::DISPUTES_COL_AMOUNT) class="amount">
                {move || match amount {
                    Some(a) => a.format(i18n.lang()),
                    None => i18n.t(k::COMMON_NONE).to_owned(),
                }}
            </td>
            <td data-label=tr(k::DISPUTES_COL_REASON) class="pre-line">
                {reason}
                {by_text}
            </td>
            <td data-label=tr(k::DISPUTES_COL_SINCE)>{move || format::datetime(&since, i18n.lang())}</td>
        </tr>
    }
}
