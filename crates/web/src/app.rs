//! The router and the app shell around every page.

use crate::components::bell::Unread;
use crate::components::shell::Shell;
use crate::i18n::I18n;
use crate::pages::admin::accounts::{AccountDetail, Accounts};
use crate::pages::admin::{
    audit::Audit, disputes::Disputes, members::Members, settings::SettingsPage, signals::Signals,
};
use crate::pages::exchanges::{
    exchange::ExchangeDetail, list::Exchanges, listing::ListingDetail, listings::Listings,
    my_listings::MyListings,
};
use crate::pages::ledger::account::MyTsAccount;
use crate::pages::{
    account::Account, home::Home, member::Member, not_found::NotFound, notifications::Notifications,
    sign_in::SignIn,
};
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    Unread::provide();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/connexion") view=SignIn />
                    <Route path=path!("/compte") view=Account />
                    <Route path=path!("/compte-ts") view=MyTsAccount />
                    <Route path=path!("/offres") view=Listings />
                    <Route path=path!("/offres/:id") view=ListingDetail />
                    <Route path=path!("/mes-offres") view=MyListings />
                    <Route path=path!("/echanges") view=Exchanges />
                    <Route path=path!("/echanges/:id") view=ExchangeDetail />
                    <Route path=path!("/notifications") view=Notifications />
                    <Route path=path!("/membres/:id") view=Member />
                    <Route path=path!("/admin/litiges") view=Disputes />
                    <Route path=path!("/admin/signaux") view=Signals />
                    <Route path=path!("/admin/comptes") view=Accounts />
                    <Route path=path!("/admin/comptes/:id") view=AccountDetail />
                    <Route path=path!("/admin/membres") view=Members />
                    <Route path=path!("/admin/journal") view=Audit />
                    <Route path=path!("/admin/reglages") view=SettingsPage />
                </Routes>
            </Shell>
        </Router>
    }
}
