//! `/echanges`, "Mes échanges": my exchanges with their state, the other member and the
//! amount, filtered by state; the ones waiting for me first catch the eye.

use crate::api::{self, segment};
use crate::components::feedback::{Failure, Loading};
use crate::components::field::SelectField;
use crate::components::guard::RequireRole;
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::{Key, k, tr, use_i18n};
use crate::labels;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use seed_domain::exchange::{ExchangeState, ExchangeView, Side};
use seed_domain::membership::Role;

/// The badge of a state.
#[component]
pub fn StateBadge(state: ExchangeState) -> impl IntoView {
    view! { <span class=format!("badge state-{}", state.as_str())>{tr(labels::exchange_state(state))}</span> }
}

#[component]
pub fn Exchanges() -> impl IntoView {
    view! {
        <RequireRole role=Role::Member>
            <ExchangesPage />
        </RequireRole>
    }
}

#[component]
fn ExchangesPage() -> impl IntoView {
    let paged = Paged::new(api::EXCHANGES, |e: &ExchangeView| e.id.as_str());
    let state = RwSignal::new(String::new());
    let on_state = move |chosen: String| {
        if chosen == state.get_untracked() {
            return;
        }
        state.set(chosen.clone());
        paged.filter(vec![("state", chosen)]);
    };
    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::EXCHANGES_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || view! { <ExchangesTable paged /> }
            >
                {move || {
                    if state.with(String::is_empty) {
                        view! {
                            <div class="empty-state">
                                <p class="empty">{tr(k::EXCHANGES_EMPTY)}</p>
                                <A href="/offres">{tr(k::EXCHANGES_EMPTY_ACTION)}</A>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! { <p class="empty">{tr(k::EXCHANGES_EMPTY_FILTERED)}</p> }.into_any()
                    }
                }}
            </Show>
        }
        .into_any(),
    };
    view! {
        <hgroup>
            <h1>{tr(k::EXCHANGES_TITLE)}</h1>
            <p>{tr(k::EXCHANGES_INTRO)}</p>
        </hgroup>
        <p class="page-links">
            <A href="/offres">{tr(k::EXCHANGES_LISTINGS_LINK)}</A>
            " · "
            <A href="/mes-offres">{tr(k::LISTINGS_MINE_LINK)}</A>
        </p>
        <form class="filters" aria-label=tr(k::EXCHANGES_FILTER_LABEL) on:submit=|ev| ev.prevent_default()>
            <SelectField
                id="exchanges-state"
                field="state"
                label=k::EXCHANGES_STATE_LABEL
                options=std::iter::once(("", k::EXCHANGES_STATE_ALL))
                    .chain(ExchangeState::ALL.map(|option| (option.as_str(), labels::exchange_state(option))))
                    .collect()
                value=state
                on_change=Callback::new(on_state)
            />
        </form>
        <section aria-labelledby="exchanges-list-title">
            <h2 id="exchanges-list-title" class="visually-hidden">{tr(k::EXCHANGES_TITLE)}</h2>
            {list}
            <MoreButton paged />
        </section>
    }
}

fn side_text(side: Side) -> Key {
    match side {
        Side::Provider => k::EXCHANGES_SIDE_PROVIDER,
        Side::Beneficiary => k::EXCHANGES_SIDE_BENEFICIARY,
        Side::Neither => k::EXCHANGES_SIDE_NEITHER,
    }
}

#[component]
pub fn ExchangesTable(paged: Paged<ExchangeView>) -> impl IntoView {
    view! {
        <div class="overflow-auto">
            <table class="cards exchanges">
                <thead>
                    <tr>
                        <th scope="col">{tr(k::EXCHANGES_COL_TITLE)}</th>
                        <th scope="col">{tr(k::EXCHANGES_COL_STATE)}</th>
                        <th scope="col">{tr(k::EXCHANGES_COL_WITH)}</th>
                        <th scope="col" class="amount">{tr(k::EXCHANGES_COL_AMOUNT)}</th>
                        <th scope="col">{tr(k::EXCHANGES_COL_UPDATED)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || paged.items.get()
                        key=|e| (e.id.clone(), e.state, e.updated_at.clone())
                        children=move |exchange| view! { <ExchangeRow exchange /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ExchangeRow(exchange: ExchangeView) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let side = exchange.side_of(session.id_untracked().as_deref());
    let (other_id, other_name) = exchange.other_member(side);
    let (other_id, other_name) = (other_id.to_owned(), other_name.to_owned());
    let with = if side == Side::Neither {
        // Staff: both members.
        view! {
            <A href=format!("/membres/{}", segment(&exchange.provider_id))>{exchange.provider_name.clone()}</A>
            " → "
            <A href=format!("/membres/{}", segment(&exchange.beneficiary_id))>{exchange.beneficiary_name.clone()}</A>
        }
        .into_any()
    } else {
        view! { <A href=format!("/membres/{}", segment(&other_id))>{other_name}</A> }.into_any()
    };
    let to_do = !exchange.next_actions.is_empty();
    let (minutes, amount) = (exchange.minutes, exchange.amount);
    let figures = move || {
        let duration = minutes.map(|m| format::duration(i18n, m));
        let amount = amount.map(|a| a.format(i18n.lang()));
        match (duration, amount) {
            (Some(d), Some(a)) => format!("{a} · {d}"),
            (Some(d), None) => d,
            (None, Some(a)) => a,
            (None, None) => i18n.t(k::COMMON_NONE).to_owned(),
        }
    };
    let updated = exchange.updated_at.clone();
    view! {
        <tr class=if to_do { "to-do" } else { "" }>
            <th scope="row" data-label=tr(k::EXCHANGES_COL_TITLE)>
                <A href=format!("/echanges/{}", segment(&exchange.id))>{exchange.title.clone()}</A>
                <br />
                <small>{tr(side_text(side))}</small>
            </th>
            <td data-label=tr(k::EXCHANGES_COL_STATE)>
                <StateBadge state=exchange.state />
                {to_do.then(|| view! { " " <span class="badge to-do">{tr(k::EXCHANGES_TO_DO)}</span> })}
            </td>
            <td data-label=tr(k::EXCHANGES_COL_WITH)>{with}</td>
            <td data-label=tr(k::EXCHANGES_COL_AMOUNT) class="amount">{figures}</td>
            <td data-label=tr(k::EXCHANGES_COL_UPDATED)>{move || format::datetime(&updated, i18n.lang())}</td>
        </tr>
    }
}
