//! What the owner of a listing does to it: pause, reopen, close (after a confirmation) and
//! renew. Shown on the listing's page and on `/mes-offres`.

use crate::api::{self, segment};
use crate::components::feedback::{Outcome, confirm};
use crate::format;
use crate::i18n::{Key, k, tr, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::listing::{Listing, ListingPatch, ListingStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Pause,
    Reopen,
    Close,
    Renew,
}

impl Change {
    fn label(self) -> Key {
        match self {
            Change::Pause => k::OWNER_PAUSE,
            Change::Reopen => k::OWNER_REOPEN,
            Change::Close => k::OWNER_CLOSE,
            Change::Renew => k::OWNER_RENEW,
        }
    }

    fn done(self) -> Key {
        match self {
            Change::Pause => k::OWNER_PAUSED,
            Change::Reopen => k::OWNER_REOPENED,
            Change::Close => k::OWNER_CLOSED,
            Change::Renew => k::OWNER_RENEWED,
        }
    }

    /// The changes a listing in `status` allows.
    fn allowed(status: ListingStatus) -> &'static [Change] {
        match status {
            ListingStatus::Active => &[Change::Pause, Change::Renew, Change::Close],
            ListingStatus::Paused => &[Change::Reopen, Change::Close],
            ListingStatus::Expired => &[Change::Renew],
            ListingStatus::Closed => &[],
        }
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
    let base = format!("/api/listings/{}", segment(&listing.id));
    let title = listing.title.clone();
    let run = move |change: Change| {
        if pending.get_untracked() {
            return;
        }
        if change == Change::Close && !confirm(&i18n.tf(k::OWNER_CLOSE_CONFIRM, &[("title", &title)])) {
            return;
        }
        let base = base.clone();
        outcome.set(None);
        pending.set(true);
        spawn_local(async move {
            let result = match change {
                Change::Renew => api::post_empty::<Listing>(&format!("{base}/renew")).await,
                _ => {
                    let status = match change {
                        Change::Pause => ListingStatus::Paused,
                        Change::Close => ListingStatus::Closed,
                        _ => ListingStatus::Active,
                    };
                    let patch = ListingPatch { status: Some(status), ..ListingPatch::default() };
                    api::patch::<_, Listing>(&base, &patch).await
                }
            };
            match result {
                Ok(changed) => {
                    let until = format::date(&changed.expires_at, i18n.lang());
                    outcome.set(Some(Outcome::Done(
                        change.done(),
                        vec![("title", changed.title.clone()), ("date", until)],
                    )));
                    on_change.run(changed);
                }
                Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
            }
            pending.set(false);
        });
    };
    let changes = Change::allowed(listing.status);
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
                    let class = if change == Change::Close { "secondary outline" } else { "secondary" };
                    view! {
                        <button
                            type="button"
                            class=class
                            aria-busy=move || pending.get().then_some("true")
                            disabled=move || pending.get()
                            on:click=move |_| run(change)
                        >
                            {tr(change.label())}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
