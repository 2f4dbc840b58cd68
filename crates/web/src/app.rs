//! The router and the app shell around every page.

use crate::components::shell::Shell;
use crate::i18n::I18n;
use crate::pages::{home::Home, not_found::NotFound};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                </Routes>
            </Shell>
        </Router>
    }
}
