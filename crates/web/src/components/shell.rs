//! Header, navigation, language switch and footer around every page.

use crate::api::{self, ApiFailure};
use crate::components::bell::Bell;
use crate::components::button::BusyButton;
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
    view! {
        <a class="skip-link" href="#main">{tr(k::APP_SKIP)}</a>
        <header class="site">
            <DemoStrip />
            <nav class="container topbar" aria-label=tr(k::NAV_LABEL)>
                <Brand />
                <Areas />
                <Tools />
            </nav>
        </header>
        <main class="container" id="main" tabindex="-1">
            {children()}
        </main>
        <SiteFooter extra=view! {
            " · "
            <a href=api::DOCS rel="external">
                <Icon svg=icon::BOOK_OPEN />
                " "
                {tr(k::NAV_DOCS)}
            </a>
        } />
    }
}

/// SEED's name and tagline, a link to the members' app's home: a plain link, which the app's
/// router follows and which takes the public pages to the app.
#[component]
pub fn Brand() -> impl IntoView {
    view! {
        <ul class="home">
            <li>
                <a href="/" class="brand">
                    <Icon svg=icon::HEART_HANDSHAKE />
                    {tr(k::APP_NAME)}
                    <small>{tr(k::APP_TAGLINE)}</small>
                </a>
            </li>
        </ul>
    }
}

/// The footer of every page: the association, what SEED keeps, the legal notice, `extra`
/// (the app's link to the API's documentation; generic, so the public pages carry nothing of
/// it), the version. The first two are the public pages' own entry, a page load
/// (`rel="external"` for the app's router).
#[component]
pub fn SiteFooter<E: IntoView + 'static>(extra: E) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="container site">
            <p>
                {tr(k::FOOTER_ASSOCIATION)}
                " · "
                <a href="/public/confidentialite" rel="external">{tr(k::FOOTER_PRIVACY)}</a>
                " · "
                <a href="/public/mentions-legales" rel="external">{tr(k::FOOTER_LEGAL)}</a>
                {extra}
                " · "
                {move || i18n.tf(k::FOOTER_VERSION, &[("version", env!("CARGO_PKG_VERSION"))])}
            </p>
        </footer>
    }
}

/// Who is signed in, as the header needs it: nothing yet, nobody, or a person's role.
fn signed_in_role(session: crate::session::Session) -> Memo<Option<Option<Role>>> {
    // Only the role matters here: a reload of the same person does not rebuild the links.
    Memo::new(move |_| match session.state() {
        SessionState::SignedIn(me) => Some(Some(me.role)),
        SessionState::Loading => None,
        SessionState::SignedOut | SessionState::Failed(_) => Some(None),
    })
}

/// The main areas, one thumb away: in the header on a wide screen, a bar at the bottom of a
/// phone's screen. The current one is marked (`aria-current`, which the router sets).
#[component]
fn Areas() -> impl IntoView {
    let role = signed_in_role(use_session());
    move || {
        matches!(role.get(), Some(Some(_))).then(|| {
            view! {
                <ul class="areas">
                    <li>
                        <A href="/" exact=true>
                            <Icon svg=icon::HOUSE />
                            <span>{tr(k::NAV_HOME)}</span>
                        </A>
                    </li>
                    <li>
                        <A href="/offres">
                            <Icon svg=icon::STORE />
                            <span>{tr(k::NAV_LISTINGS)}</span>
                        </A>
                    </li>
                    <li>
                        <A href="/echanges">
                            <Icon svg=icon::ARROW_LEFT_RIGHT />
                            <span>{tr(k::NAV_EXCHANGES)}</span>
                        </A>
                    </li>
                    <li>
                        <A href="/compte-ts">
                            <Icon svg=icon::WALLET />
                            <span>{tr(k::NAV_TS_ACCOUNT)}</span>
                        </A>
                    </li>
                </ul>
            }
        })
    }
}

/// The right of the header: the staff's pages, the bell and the person's menu; or, signed
/// out, the sign-in link and the language switch.
#[component]
fn Tools() -> impl IntoView {
    let role = signed_in_role(use_session());
    move || match role.get() {
        None => view! { <ul class="tools"></ul> }.into_any(),
        Some(None) => view! {
            <ul class="tools">
                <li>
                    <A href="/connexion">
                        <Icon svg=icon::LOG_IN />
                        " "
                        {tr(k::NAV_SIGN_IN)}
                    </A>
                </li>
                <li>
                    <LanguageSwitch />
                </li>
            </ul>
        }
        .into_any(),
        Some(Some(role)) => view! {
            <ul class="tools">
                {role.includes(Role::Staff).then(|| view! { <li><StaffMenu role /></li> })}
                <li>
                    <Bell />
                </li>
                <li>
                    <PersonMenu />
                </li>
            </ul>
        }
        .into_any(),
    }
}

/// Français ⇄ English; the choice is remembered on this browser.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
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
    }
}

/// A menu that closes once one of its links is followed.
fn closing(menu: NodeRef<leptos::html::Details>) -> impl Fn(leptos::ev::MouseEvent) + Clone {
    move |_| {
        if let Some(details) = menu.get() {
            details.set_open(false);
        }
    }
}

/// The staff's pages in one menu, so the header stays on one line.
#[component]
fn StaffMenu(role: Role) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Details>::new();
    view! {
        <details class="dropdown staff" node_ref=menu>
            <summary>
                <Icon svg=icon::SHIELD_ALERT />
                <span class="menu-label">{tr(k::NAV_STAFF_MENU)}</span>
            </summary>
            <ul dir="rtl" on:click=closing(menu)>
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
    }
}

/// The signed-in person's name, opening their account, the language switch and signing out.
#[component]
fn PersonMenu() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<ApiFailure>);
    let busy = RwSignal::new(false);
    let menu = NodeRef::<leptos::html::Details>::new();
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
    move || {
        let sign_out = sign_out.clone();
        session.me().map(|me| {
            view! {
                <details class="dropdown person" node_ref=menu>
                    <summary>
                        <span class="visually-hidden">{tr(k::NAV_WHO_LABEL)} " "</span>
                        <Icon svg=icon::USER />
                        <span class="menu-label">{me.display_name.clone()}</span>
                    </summary>
                    <ul dir="rtl">
                        <li class="role">
                            <span class="badge">{tr(labels::role(me.role))}</span>
                        </li>
                        <li on:click=closing(menu)>
                            <A href="/compte">{tr(k::NAV_ACCOUNT)}</A>
                        </li>
                        <li>
                            <LanguageSwitch />
                        </li>
                        <li>
                            <BusyButton
                                pending=busy
                                label=k::NAV_SIGN_OUT
                                class="secondary"
                                icon=icon::LOG_OUT
                                on_click=Callback::new(sign_out)
                            />
                        </li>
                        {move || failure.get().map(|failure| view! { <li><Failure failure /></li> })}
                    </ul>
                </details>
            }
        })
    }
}

/// A demo server says so above everything, on every page of a signed-in person (the sign-in
/// page says it in its own words).
#[component]
fn DemoStrip() -> impl IntoView {
    let session = use_session();
    move || {
        session.me().filter(|me| me.demo).map(
            |_| view! { <p class="demo-strip"><span class="badge demo">{tr(k::NAV_DEMO_BADGE)}</span></p> },
        )
    }
}
