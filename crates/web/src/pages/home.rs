//! The home page: what SEED is, and whether the service is up.

use crate::api::{self, ApiFailure};
use crate::components::feedback::{Loading, failure_key};
use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use seed_domain::timebank::AccountView;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = Memo::new(move |_| session.me().is_some());
    let health = LocalResource::new(api::health);
    let status = move || {
        health.get().map(|result| match result {
            Ok(h) => {
                let mode = h.mode.as_deref().map(|m| {
                    if m == "demo" { k::HOME_STATUS_MODE_DEMO } else { k::HOME_STATUS_MODE_PRODUCTION }
                });
                view! {
                    <p class="status-ok" role="status">
                        <Icon svg=icon::CIRCLE_CHECK />
                        " "
                        {tr(k::HOME_STATUS_OK)}
                    </p>
                    {mode.map(|mode| view! { <p>{tr(mode)}</p> })}
                    <p><small>{move || i18n.tf(k::HOME_STATUS_VERSION, &[("version", &h.version)])}</small></p>
                }
                .into_any()
            }
            Err(failure) => {
                let detail = failure_key(&failure);
                view! {
                    <p class="status-error" role="alert">
                        <Icon svg=icon::CIRCLE_ALERT />
                        " "
                        {tr(k::HOME_STATUS_ERROR)}
                        " "
                        {tr(detail)}
                    </p>
                    <button type="button" on:click=move |_| health.refetch()>{tr(k::HOME_STATUS_RETRY)}</button>
                }
                .into_any()
            }
        })
    };
    view! {
        <hgroup>
            <h1>{tr(k::HOME_TITLE)}</h1>
            <p>{tr(k::HOME_INTRO)}</p>
        </hgroup>
        <WelcomeGrant />
        {move || signed_in.get().then(|| view! { <MyBalance /> })}
        <article aria-labelledby="status-title">
            <h2 id="status-title">{tr(k::HOME_STATUS_TITLE)}</h2>
            <Suspense fallback=move || view! { <Loading text=k::HOME_STATUS_LOADING /> }>{status}</Suspense>
        </article>
    }
}

/// The welcome grant as the admins set it; nothing while the rules load or if they cannot.
#[component]
fn WelcomeGrant() -> impl IntoView {
    let i18n = use_i18n();
    let rules = crate::components::duration::rules_resource();
    move || {
        rules.get().and_then(Result::ok).map(|rules| {
            let grant = rules.welcome_grant;
            view! { <p>{move || i18n.tf(k::HOME_WELCOME_GRANT, &[("amount", &grant.format(i18n.lang()))])}</p> }
        })
    }
}

/// The signed-in person's balance, with the way to their TS account. Nothing when they have no
/// account yet; a short line when it cannot be loaded.
#[component]
fn MyBalance() -> impl IntoView {
    let i18n = use_i18n();
    let account = LocalResource::new(api::my_account);
    let content = move || {
        account.get().map(|result: Result<AccountView, ApiFailure>| match result {
            Ok(view) => {
                let balance = view.balance;
                view! {
                    <p class="balance-amount">{move || balance.format(i18n.lang())}</p>
                    <A href="/compte-ts">{tr(k::HOME_BALANCE_LINK)}</A>
                }
                .into_any()
            }
            Err(failure) if failure.is(seed_domain::ErrorCode::NotFound) => {
                view! { <p class="empty">{tr(k::LEDGER_NO_ACCOUNT)}</p> }.into_any()
            }
            Err(_) => view! {
                <p>
                    <A href="/compte-ts">{tr(k::HOME_BALANCE_LINK)}</A>
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <article class="balance" aria-labelledby="home-balance-title">
            <h2 id="home-balance-title" class="balance-label">
                <Icon svg=icon::WALLET />
                " "
                {tr(k::HOME_BALANCE_TITLE)}
            </h2>
            <Suspense fallback=move || view! { <Loading text=k::LEDGER_LOADING /> }>{content}</Suspense>
        </article>
    }
}
