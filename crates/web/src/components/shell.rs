//! Header, navigation, language switch and footer around every page.

use crate::api::ApiFailure;
use crate::components::bell::Bell;
use crate::components::feedback::Failure;
use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::session::{SessionState, use_session};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use seed_domain::membership::Role;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{tr(k::APP_SKIP)}</a>
        <header class="container site">
            <nav aria-label=tr(k::NAV_LABEL)>
                <ul>
                    <li>
                        <A href="/" attr:class="brand">
                            <Icon svg=icon::HEART_HANDSHAKE />
                            {tr(k::APP_NAME)}
                            <small>{tr(k::APP_TAGLINE)}</small>
                        </A>
                    </li>
                </ul>
                <ul class="nav-links">
                    <li>
                        <A href="/" exact=true>
                            {tr(k::NAV_HOME)}
                        </A>
                    </li>
                    <SessionLinks />
                    <li>
                        <button
                            type="button"
                            class="outline secondary"
                            aria-label=tr(k::LANG_SWITCH_LABEL)
                            on:click=move |_| i18n.toggle()
                        >
                            <Icon svg=icon::LANGUAGES />
                            " "
                            {tr(k::LANG_SWITCH)}
                        </button>
                    </li>
                </ul>
            </nav>
            <Who />
        </header>
        <main class="container" id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="container site">
            <p>
                {tr(k::FOOTER_ASSOCIATION)}
                " · "
                <A href="/confidentialite">{tr(k::FOOTER_PRIVACY)}</A>
                " · "
                <A href="/mentions-legales">{tr(k::FOOTER_LEGAL)}</A>
                " · "
                <a href="/api/docs/" rel="external">
                    <Icon svg=icon::BOOK_OPEN />
                    " "
                    {tr(k::NAV_DOCS)}
                </a>
                " · "
                {move || i18n.tf(k::FOOTER_VERSION, &[("version", env!("CARGO_PKG_VERSION"))])}
            </p>
        </footer>
    }
}

/// The links that depend on who is signed in, and the sign-in or sign-out action.
#[component]
fn SessionLinks() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let sign_out = move |_| {
        let navigate = navigate.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match session.sign_out().await {
                Ok(()) => navigate("/", NavigateOptions::default()),
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };
    // Only the role matters here: a reload of the same person does not rebuild the links.
    let role = Memo::new(move |_| match session.state() {
        SessionState::SignedIn(me) => Some(Some(me.role)),
        SessionState::Loading => None,
        SessionState::SignedOut | SessionState::Failed(_) => Some(None),
    });
    move || match role.get() {
        None => ().into_any(),
        Some(None) => view! {
            <li>
                <A href="/connexion">
                    <Icon svg=icon::LOG_IN />
                    " "
                    {tr(k::NAV_SIGN_IN)}
                </A>
            </li>
        }
        .into_any(),
        Some(Some(role)) => {
            let sign_out = sign_out.clone();
            view! {
                <li>
                    <A href="/offres">{tr(k::NAV_LISTINGS)}</A>
                </li>
                <li>
                    <A href="/echanges">{tr(k::NAV_EXCHANGES)}</A>
                </li>
                <li>
                    <Bell />
                </li>
                <li>
                    <A href="/compte-ts">{tr(k::NAV_TS_ACCOUNT)}</A>
                </li>
                <li>
                    <A href="/compte">{tr(k::NAV_ACCOUNT)}</A>
                </li>
                {role
                    .includes(Role::Staff)
                    .then(|| {
                        // The staff's pages in one menu, so the header stays on one line.
                        let menu = NodeRef::<leptos::html::Details>::new();
                        let close = move |_| {
                            if let Some(details) = menu.get() {
                                details.set_open(false);
                            }
                        };
                        view! {
                            <li>
                                <details class="dropdown" node_ref=menu>
                                    <summary>{tr(k::NAV_STAFF_MENU)}</summary>
                                    <ul dir="rtl" on:click=close>
                                        <li>
                                            <A href="/admin/membres">{tr(k::NAV_MEMBERS)}</A>
                                        </li>
                                        <li>
                                            <A href="/admin/comptes">{tr(k::NAV_ACCOUNTS)}</A>
                                        </li>
                                        <li>
                                            <A href="/admin/litiges">{tr(k::NAV_DISPUTES)}</A>
                                        </li>
                                        <li>
                                            <A href="/admin/signaux">{tr(k::NAV_SIGNALS)}</A>
                                        </li>
                                        {(role == Role::Admin)
                                            .then(|| {
                                                view! {
                                                    <li>
                                                        <A href="/admin/journal">{tr(k::NAV_AUDIT)}</A>
                                                    </li>
                                                    <li>
                                                        <A href="/admin/reglages">{tr(k::NAV_SETTINGS)}</A>
                                                    </li>
                                                }
                                            })}
                                    </ul>
                                </details>
                            </li>
                        }
                    })}
                <li>
                    <button
                        type="button"
                        class="secondary"
                        aria-busy=move || busy.get().then_some("true")
                        disabled=move || busy.get()
                        on:click=sign_out
                    >
                        <Icon svg=icon::LOG_OUT />
                        " "
                        {tr(k::NAV_SIGN_OUT)}
                    </button>
                </li>
                {move || failure.get().map(|failure| view! { <li><Failure failure /></li> })}
            }
            .into_any()
        }
    }
}

/// The signed-in person, their role, and the demo-mode badge.
#[component]
fn Who() -> impl IntoView {
    let session = use_session();
    move || {
        session.me().map(|me| {
            view! {
                <p class="who">
                    <span class="visually-hidden">{tr(k::NAV_WHO_LABEL)} " "</span>
                    <strong>{me.display_name.clone()}</strong>
                    " "
                    <span class="badge">{tr(labels::role(me.role))}</span>
                    {me
                        .demo
                        .then(|| view! { <span class="badge demo">{tr(k::NAV_DEMO_BADGE)}</span> })}
                </p>
            }
        })
    }
}
