//! The public pages, for people who are not members (yet): what SEED keeps about them, the
//! legal notice, and next the application form and the counter. Their own entry under
//! `/public`, so a visitor from the association's sites downloads a small bundle and not the
//! members' app. One page per address and no client-side router (it would weigh more than
//! the pages): a link between them loads the next page, whose code is already cached.

pub mod legal;
pub mod privacy;

use crate::components::shell::{Brand, LanguageSwitch, SiteFooter};
use crate::i18n::{I18n, k, tr};
use crate::pages::not_found::NotFound;
use legal::Legal;
use leptos::prelude::*;
use privacy::Privacy;

#[component]
pub fn PublicApp() -> impl IntoView {
    I18n::provide();
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let page = match path.trim_end_matches('/') {
        "/public/confidentialite" => view! { <Privacy /> }.into_any(),
        "/public/mentions-legales" => view! { <Legal /> }.into_any(),
        _ => view! { <NotFound /> }.into_any(),
    };
    view! { <PublicShell>{page}</PublicShell> }
}

/// The header and footer of the public pages: the members' app is one link away.
#[component]
fn PublicShell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr(k::APP_SKIP)}</a>
        <header class="site">
            <nav class="container topbar" aria-label=tr(k::NAV_LABEL)>
                <Brand />
                <ul class="tools">
                    <li>
                        <LanguageSwitch />
                    </li>
                </ul>
            </nav>
        </header>
        <main class="container" id="main" tabindex="-1">
            {children()}
        </main>
        <SiteFooter extra=() />
    }
}
