//! `/connexion`: sign in with the association's Google Workspace, why a sign-in was refused
//! (`?erreur=`), and the demo people in demo mode.

use crate::api::{self, ApiFailure};
use crate::components::feedback::{Failure, Loading};
use crate::components::icon::{self, Icon};
use crate::i18n::{k, named, tr, use_i18n};
use crate::labels;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seed_domain::ErrorCode;
use seed_domain::auth::{DemoPerson, DemoSignIn, is_safe_return_path};

/// The page to go back to after signing in: a path of SEED (the domain's rule, which the
/// server applies too), never another site, and never this page again.
fn return_path(retour: Option<String>) -> String {
    match retour {
        Some(path) if is_safe_return_path(&path) && !path.starts_with("/connexion") => path,
        _ => "/".to_owned(),
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let back = Memo::new(move |_| return_path(query.with(|q| q.get("retour"))));
    let google = move || api::google_sign_in(&back.get());
    let failure = move || {
        query.with(|q| q.get("erreur")).map(|name| {
            // Every `SignInFailure` has its text, and so has `not_configured` (from the login
            // route itself); any other name gets the generic one.
            let key = named::signin_failure(&name).unwrap_or(k::SIGNIN_FAILURE_GENERIC);
            view! {
                <div class="alert error" role="alert">
                    <p>
                        <strong>{tr(k::SIGNIN_ERROR_TITLE)}</strong>
                    </p>
                    <p>{tr(key)}</p>
                </div>
            }
        })
    };
    let signed_in = move || {
        session.me().map(|me| {
            view! {
                <p class="notice">
                    {move || i18n.tf(k::SIGNIN_SIGNED_IN_AS, &[("name", &me.display_name)])}
                    " "
                    <A href="/compte">{tr(k::SIGNIN_GO_ACCOUNT)}</A>
                </p>
            }
        })
    };
    view! {
        <article class="sign-in">
            <h1>{tr(k::SIGNIN_TITLE)}</h1>
            {failure}
            {signed_in}
            <p>{tr(k::SIGNIN_INTRO)}</p>
            <a href=google class="google">
                <Icon svg=icon::LOG_IN />
                " "
                {tr(k::SIGNIN_GOOGLE)}
            </a>
        </article>
        <Demo back />
    }
}

/// The demo people, in demo mode only (`GET /api/auth/demo` answers 404 otherwise).
#[component]
fn Demo(back: Memo<String>) -> impl IntoView {
    let people = LocalResource::new(api::demo_people);
    let content = move || {
        people.get().map(|result| match result {
            Ok(people) if !people.is_empty() => Some(view! { <DemoPeople people back /> }.into_any()),
            Ok(_) => None,
            Err(failure) if failure.is(ErrorCode::NotFound) => None,
            Err(failure) => Some(
                view! {
                    <section aria-labelledby="demo-title">
                        <h2 id="demo-title">{tr(k::SIGNIN_DEMO_TITLE)}</h2>
                        <Failure failure retry=Callback::new(move |()| people.refetch()) />
                    </section>
                }
                .into_any(),
            ),
        })
    };
    view! {
        <Suspense fallback=move || view! { <Loading text=k::SIGNIN_DEMO_LOADING /> }>{content}</Suspense>
    }
}

#[component]
fn DemoPeople(people: Vec<DemoPerson>, back: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let sign_in_as = move |email: String| {
        let navigate = navigate.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let request = DemoSignIn { email };
            match api::demo_sign_in(&request).await {
                Ok(()) => {
                    session.reload().await;
                    navigate(&back.get_untracked(), NavigateOptions::default());
                }
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };
    let buttons = people
        .into_iter()
        .map(|person| {
            let sign_in_as = sign_in_as.clone();
            let email = person.email.clone();
            let label = move || {
                i18n.tf(
                    k::SIGNIN_DEMO_AS,
                    &[("name", &person.display_name), ("role", i18n.t(labels::role(person.role)))],
                )
            };
            view! {
                <li>
                    <button
                        type="button"
                        class="secondary"
                        disabled=move || busy.get()
                        on:click=move |_| sign_in_as(email.clone())
                    >
                        {label}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="demo-title" class="demo">
            <h2 id="demo-title">{tr(k::SIGNIN_DEMO_TITLE)}</h2>
            <p>{tr(k::SIGNIN_DEMO_INTRO)}</p>
            {move || failure.get().map(|failure| view! { <Failure failure /> })}
            <ul class="demo-people" aria-busy=move || busy.get().then_some("true")>
                {buttons}
            </ul>
        </section>
    }
}
