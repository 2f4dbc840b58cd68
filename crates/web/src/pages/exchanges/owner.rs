//! What the owner of a listing does to it: pause, reopen, close (after a confirmation) and
//! renew. Shown on the listing's page and on `/mes-offres`.

use crate::api::{self};
use crate::components::button::BusyButton;
use crate::components::feedback::{Outcome, confirm};
use crate::format;
use crate::i18n::{Key, k, tr, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::listing::{Listing, ListingAction, ListingPatch};

fn label(action: ListingAction) -> Key {
    match action {
        ListingAction::Pause => k::OWNER_PAUSE,
        ListingAction::Reopen => k::OWNER_REOPEN,
        ListingAction::Close => k::OWNER_CLOSE,
        ListingAction::Renew => k::OWNER_RENEW,
    }
}

fn done(action: ListingAction) -> Key {
    match action {
        ListingAction::Pause => k::OWNER_PAUSED,
        ListingAction::Reopen => k::OWNER_REOPENED,
        ListingAction::Close => k::OWNER_CLOSED,
        ListingAction::Renew => k::OWNER_RENEWED,
    }
}

/// The owner's buttons for `listing`; `on_change` gets the listing as changed, and the
/// outcome (done or refused) goes to `outcome` (shown with the `listing` texts).
#[component]
pub fn ListingActions(
    listing: Listing,
    on_change: Callback<Listing>,
    outcome: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    let id = listing.id.clone();
    let title = listing.title.clone();
    let run = move |change: ListingAction| {
        if pending.get_untracked() {
            return;
        }
        if change == ListingAction::Close && !confirm(&i18n.tf(k::OWNER_CLOSE_CONFIRM, &[("title", &title)]))
        {
            return;
        }
        let id = id.clone();
        outcome.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = match change {
                ListingAction::Renew => api::renew_listing(&id).await,
                _ => {
                    let patch = ListingPatch { status: Some(change.target()), ..ListingPatch::default() };
                    api::change_listing(&id, &patch).await
                }
            };
            match result {
                Ok(changed) => {
                    let until = format::date(&changed.expires_at, i18n.lang());
                    outcome.set(Some(Outcome::Done(
                        done(change),
                        vec![("title", changed.title.clone()), ("date", until)],
                    )));
                    on_change.run(changed);
                }
                Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
            }
            pending.set(false);
        });
    };
    let changes = ListingAction::available(listing.status);
    if changes.is_empty() {
        return view! { <p class="empty">{tr(k::OWNER_NOTHING)}</p> }.into_any();
    }
    let title = listing.title.clone();
    view! {
        <div class="actions-row" role="group" aria-label=move || i18n.tf(k::OWNER_ACTIONS_LABEL, &[("title", &title)])>
            {changes
                .iter()
                .map(|&change| {
                    let run = run.clone();
                    let class = if change == ListingAction::Close { "secondary outline" } else { "secondary" };
                    view! {
                        <BusyButton
                            pending
                            label=label(change)
                            class
                            on_click=Callback::new(move |()| run(change))
                        />
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
