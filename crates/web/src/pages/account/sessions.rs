//! "Mes sessions": the browsers where I am signed in; revoke one, or all.

use crate::api::{self};
use crate::components::button::BusyButton;
use crate::components::feedback::{Outcome, OutcomeView, confirm};
use crate::components::loaded::Loaded;
use crate::format;
use crate::i18n::{I18n, k, tr, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use seed_domain::auth::SessionInfo;

fn browser_text(i18n: I18n, user_agent: Option<&str>) -> String {
    user_agent.and_then(format::browser).unwrap_or_else(|| i18n.t(k::SESSIONS_UNKNOWN_BROWSER).to_owned())
}

#[component]
pub fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let sessions = LocalResource::new(api::my_sessions);
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);

    let revoke = move |info: SessionInfo| {
        let browser = browser_text(i18n, info.user_agent.as_deref());
        if !confirm(&i18n.tf(k::SESSIONS_REVOKE_CONFIRM, &[("browser", &browser)])) {
            return;
        }
        outcome.set(None);
        spawn_local(async move {
            match api::end_session(&info.id).await {
                Ok(()) => {
                    outcome.set(Some(Outcome::done(k::SESSIONS_REVOKED)));
                    sessions.refetch();
                }
                Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
            }
        });
    };

    let everywhere = move |_| {
        if !confirm(i18n.t(k::SESSIONS_EVERYWHERE_CONFIRM)) {
            return;
        }
        let navigate = navigate.clone();
        outcome.set(None);
        busy.set(true);
        spawn_local(async move {
            match session.sign_out_everywhere().await {
                Ok(()) => navigate("/", NavigateOptions::default()),
                Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
            }
            busy.set(false);
        });
    };

    let table = move |list: Vec<SessionInfo>| {
        if list.is_empty() {
            return view! { <p class="empty">{tr(k::SESSIONS_EMPTY)}</p> }.into_any();
        }
        view! {
            <div class="overflow-auto">
                <table class="cards">
                    <thead>
                        <tr>
                            <th scope="col">{tr(k::SESSIONS_COL_BROWSER)}</th>
                            <th scope="col">{tr(k::SESSIONS_COL_STARTED)}</th>
                            <th scope="col">{tr(k::SESSIONS_COL_LAST_SEEN)}</th>
                            <th scope="col">{tr(k::SESSIONS_COL_ACTIONS)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|info| view! { <SessionRow info revoke /> })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p>
                <small>{tr(k::COMMON_PARIS_TIME)}</small>
            </p>
        }
        .into_any()
    };

    view! {
        <section aria-labelledby="sessions-title">
            <h2 id="sessions-title">{tr(k::SESSIONS_TITLE)}</h2>
            <p>{tr(k::SESSIONS_INTRO)}</p>
            <OutcomeView outcome />
            <Loaded resource=sessions loading=k::SESSIONS_LOADING let:value>{table(value)}</Loaded>
            <p>{tr(k::SESSIONS_EVERYWHERE_HINT)}</p>
            <BusyButton pending=busy label=k::SESSIONS_EVERYWHERE class="secondary" on_click=Callback::new(everywhere) />
        </section>
    }
}

#[component]
fn SessionRow(
    info: SessionInfo,
    revoke: impl Fn(SessionInfo) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let user_agent = info.user_agent.clone();
    let started = info.created_at.clone();
    let last_seen = info.last_seen_at.clone();
    let current = info.current;
    let browser = move || browser_text(i18n, user_agent.as_deref());
    view! {
        <tr>
            <td data-label=tr(k::SESSIONS_COL_BROWSER) title=info.user_agent.clone()>
                {browser}
                {current.then(|| view! { " " <mark class="badge">{tr(k::SESSIONS_CURRENT)}</mark> })}
            </td>
            <td data-label=tr(k::SESSIONS_COL_STARTED)>{move || format::datetime(&started, i18n.lang())}</td>
            <td data-label=tr(k::SESSIONS_COL_LAST_SEEN)>{move || format::datetime(&last_seen, i18n.lang())}</td>
            <td data-label=tr(k::SESSIONS_COL_ACTIONS)>
                {(!current)
                    .then(|| {
                        let info = info.clone();
                        view! {
                            <button type="button" class="secondary outline compact" on:click=move |_| revoke(info.clone())>
                                {tr(k::SESSIONS_REVOKE)}
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}
