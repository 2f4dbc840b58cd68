//! Pages that need a signed-in person, or a role: what to show when the session is loading,
//! signed out, or not allowed.

use crate::api::{ApiFailure, with_query};
use crate::components::feedback::{Failure, Loading};
use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr};
use crate::session::{SessionState, use_session};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use seed_domain::membership::Role;

#[derive(Debug, Clone, PartialEq)]
enum Access {
    Loading,
    SignedOut,
    Denied,
    Allowed,
    Failed(ApiFailure),
}

/// Shows `children` to a signed-in person whose role includes `role`; otherwise says why not.
/// The children are built once per change of access, not at each reload of the session.
#[component]
pub fn RequireRole(role: Role, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let access = Memo::new(move |_| match session.state() {
        SessionState::Loading => Access::Loading,
        SessionState::SignedOut => Access::SignedOut,
        SessionState::Failed(failure) => Access::Failed(failure),
        SessionState::SignedIn(me) if me.role.includes(role) => Access::Allowed,
        SessionState::SignedIn(_) => Access::Denied,
    });
    move || match access.get() {
        Access::Loading => view! { <Loading text=k::GUARD_LOADING /> }.into_any(),
        Access::SignedOut => {
            let href = with_query("/connexion", &[("retour", &location.pathname.get_untracked())]);
            view! {
                <article class="guard">
                    <h1>
                        <Icon svg=icon::LOCK />
                        " "
                        {tr(k::GUARD_SIGN_IN_TITLE)}
                    </h1>
                    <p>{tr(k::GUARD_SIGN_IN_BODY)}</p>
                    <A href=href>
                        {tr(k::GUARD_SIGN_IN_LINK)}
                    </A>
                </article>
            }
            .into_any()
        }
        Access::Denied => {
            let body = if role == Role::Admin { k::GUARD_DENIED_ADMIN } else { k::GUARD_DENIED_STAFF };
            view! {
                <article class="guard">
                    <h1>
                        <Icon svg=icon::LOCK />
                        " "
                        {tr(k::GUARD_DENIED_TITLE)}
                    </h1>
                    <p>{tr(body)}</p>
                    <A href="/">{tr(k::GUARD_DENIED_LINK)}</A>
                </article>
            }
            .into_any()
        }
        Access::Failed(failure) => view! {
            <article class="guard">
                <h1>{tr(k::GUARD_ERROR_TITLE)}</h1>
                <Failure failure retry=Callback::new(move |()| session.refresh()) />
            </article>
        }
        .into_any(),
        Access::Allowed => children().into_any(),
    }
}
