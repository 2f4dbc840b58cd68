//! `/mes-offres`, "Mes annonces": my offers and wants whatever their status, with their
//! pause, reopen, close and renew buttons, and the form that publishes a new one.

use crate::api::{self, segment};
use crate::components::duration::rules_resource;
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView};
use crate::components::guard::RequireRole;
use crate::components::icon::{self, Icon};
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::named;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::pages::exchanges::listings::{KindBadge, ListingFigures, details_open, open_publish};
use crate::pages::exchanges::owner::ListingActions;
use crate::pages::exchanges::publish::PublishForm;
use leptos::prelude::*;
use leptos_router::components::A;
use seed_domain::listing::{Listing, ListingStatus};
use seed_domain::membership::Role;

#[component]
pub fn MyListings() -> impl IntoView {
    view! {
        <RequireRole role=Role::Member>
            <MyListingsPage />
        </RequireRole>
    }
}

#[component]
fn MyListingsPage() -> impl IntoView {
    let rules = rules_resource();
    let paged = Paged::new(api::MY_LISTINGS, |l: &Listing| l.id.as_str());
    let outcome = RwSignal::new(None::<Outcome>);
    let publishing = RwSignal::new(false);
    let on_published = Callback::new(move |_: Listing| paged.refresh());
    let on_change = Callback::new(move |changed: Listing| {
        let id = changed.id.clone();
        paged.replace(move |l| l.id == id, changed);
    });
    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::MY_LISTINGS_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || {
                    view! {
                        <ul class="card-list">
                            <For
                                each=move || paged.items.get()
                                key=|l| (l.id.clone(), l.status, l.expires_at.clone(), l.title.clone())
                                children=move |listing| view! { <MyListingCard listing on_change outcome /> }
                            />
                        </ul>
                    }
                }
            >
                <div class="empty-state">
                    <p class="empty">{tr(k::MY_LISTINGS_EMPTY)}</p>
                    <button type="button" on:click=move |_| open_publish(publishing)>
                        {tr(k::LISTINGS_EMPTY_ACTION)}
                    </button>
                </div>
            </Show>
        }
        .into_any(),
    };
    view! {
        <hgroup>
            <h1>{tr(k::MY_LISTINGS_TITLE)}</h1>
            <p>{tr(k::MY_LISTINGS_INTRO)}</p>
        </hgroup>
        <p class="page-links">
            <A href="/offres">{tr(k::MY_LISTINGS_ALL_LINK)}</A>
        </p>
        <details
            class="publish-box"
            prop:open=move || publishing.get()
            on:toggle=move |ev| {
                if let Some(open) = details_open(&ev) {
                    publishing.set(open);
                }
            }
        >
            <summary>
                <Icon svg=icon::PLUS />
                " "
                {tr(k::PUBLISH_TITLE)}
            </summary>
            <p>{tr(k::PUBLISH_INTRO)}</p>
            <PublishForm rules on_published />
        </details>
        <section aria-labelledby="my-listings-title">
            <h2 id="my-listings-title" class="visually-hidden">{tr(k::MY_LISTINGS_TITLE)}</h2>
            <OutcomeView outcome context=named::listing_errors />
            {list}
            <MoreButton paged />
        </section>
    }
}

#[component]
fn MyListingCard(
    listing: Listing,
    on_change: Callback<Listing>,
    outcome: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = listing.status;
    let expires = listing.expires_at.clone();
    let href = format!("/offres/{}", segment(&listing.id));
    let title = listing.title.clone();
    let until = move || {
        let key = match status {
            ListingStatus::Expired => k::MY_LISTINGS_EXPIRED_ON,
            ListingStatus::Closed => return None,
            _ => k::MY_LISTINGS_EXPIRES_ON,
        };
        Some(i18n.tf(key, &[("date", &format::date(&expires, i18n.lang()))]))
    };
    view! {
        <li>
            <article class="listing-card">
                <header>
                    <KindBadge kind=listing.kind />
                    <span class=format!("badge status-{}", status.as_str())>{tr(labels::listing_status(status))}</span>
                    <h3>
                        <A href=href>{title}</A>
                    </h3>
                </header>
                <ListingFigures listing=listing.clone() />
                <p>
                    <small>{until}</small>
                </p>
                <ListingActions listing on_change outcome />
            </article>
        </li>
    }
}
