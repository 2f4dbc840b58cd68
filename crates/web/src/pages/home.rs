//! The home page: what SEED is, and whether the service is up.

use crate::api;
use crate::components::icon::{self, Icon};
use crate::i18n::{by_name, k, tr, use_i18n};
use leptos::prelude::*;
use seed_domain::Ts;
use seed_domain::system::Health;

/// The welcome grant of PRODUCT.md; the settings page will make it configurable.
const WELCOME_GRANT: Ts = Ts::from_hundredths(500);

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let health = LocalResource::new(|| api::get::<Health>("/api/health"));
    let status = move || {
        health.get().map(|result| match result {
            Ok(h) => {
                let mode = if h.mode == "demo" { k::HOME_STATUS_MODE_DEMO } else { k::HOME_STATUS_MODE_PRODUCTION };
                view! {
                    <p class="status-ok" role="status">
                        <Icon svg=icon::CIRCLE_CHECK />
                        " "
                        {tr(k::HOME_STATUS_OK)}
                    </p>
                    <p>{tr(mode)}</p>
                    <p><small>{move || i18n.tf(k::HOME_STATUS_VERSION, &[("version", &h.version)])}</small></p>
                }
                .into_any()
            }
            Err(failure) => {
                let detail = by_name(&failure.message_key()).unwrap_or(k::ERRORS_UNEXPECTED);
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
        <p>{move || i18n.tf(k::HOME_WELCOME_GRANT, &[("amount", &WELCOME_GRANT.format(i18n.lang()))])}</p>
        <article aria-labelledby="status-title">
            <h2 id="status-title">{tr(k::HOME_STATUS_TITLE)}</h2>
            <Suspense fallback=move || view! {
                <p aria-busy="true">{tr(k::HOME_STATUS_LOADING)}</p>
            }>{status}</Suspense>
        </article>
    }
}
