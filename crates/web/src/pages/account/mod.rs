//! `/compte`: my profile, my sessions and my integration tokens.

mod sessions;
mod tokens;

use crate::components::guard::RequireRole;
use crate::i18n::{k, tr};
use crate::labels;
use crate::session::use_session;
use leptos::prelude::*;
use seed_domain::membership::Role;

#[component]
pub fn Account() -> impl IntoView {
    view! {
        <RequireRole role=Role::Member>
            <h1>{tr(k::ACCOUNT_TITLE)}</h1>
            <Profile />
            <sessions::Sessions />
            <tokens::Tokens />
        </RequireRole>
    }
}

#[component]
fn Profile() -> impl IntoView {
    let session = use_session();
    move || {
        session.me().map(|me| {
            view! {
                <section aria-labelledby="profile-title">
                    <h2 id="profile-title">{tr(k::ACCOUNT_PROFILE_TITLE)}</h2>
                    <dl class="profile">
                        <dt>{tr(k::ACCOUNT_NAME)}</dt>
                        <dd>{me.display_name.clone()}</dd>
                        <dt>{tr(k::ACCOUNT_EMAIL)}</dt>
                        <dd>{me.email.clone()}</dd>
                        <dt>{tr(k::ACCOUNT_ROLE)}</dt>
                        <dd>{tr(labels::role(me.role))}</dd>
                    </dl>
                    <p>
                        <small>{tr(k::ACCOUNT_PROFILE_HINT)}</small>
                    </p>
                </section>
            }
        })
    }
}
