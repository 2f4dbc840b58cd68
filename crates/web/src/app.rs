//! The router and the app shell around every page.

use crate::components::shell::Shell;
use crate::i18n::I18n;
use crate::pages::admin::{audit::Audit, members::Members, settings::SettingsPage};
use crate::pages::{
    account::Account, home::Home, legal::Legal, not_found::NotFound, privacy::Privacy, sign_in::SignIn,
};
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/connexion") view=SignIn />
                    <Route path=path!("/compte") view=Account />
                    <Route path=path!("/admin/membres") view=Members />
                    <Route path=path!("/admin/journal") view=Audit />
                    <Route path=path!("/admin/reglages") view=SettingsPage />
                    <Route path=path!("/confidentialite") view=Privacy />
                    <Route path=path!("/mentions-legales") view=Legal />
                </Routes>
            </Shell>
        </Router>
    }
}
