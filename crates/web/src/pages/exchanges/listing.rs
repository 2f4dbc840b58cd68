//! `/offres/{id}`: one listing, its owner with what they gave and received (to see who they
//! are before committing), and the request form ("Demander cet échange", "Proposer mon
//! aide"); its owner gets the edit form and the pause, reopen, close and renew buttons instead.

use crate::api::{self, ApiFailure, segment};
use crate::components::button::BusyButton;
use crate::components::duration::{DurationField, RulesResource, estimate, rules_resource};
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView};
use crate::components::field::TextArea;
use crate::components::form::FieldErrors;
use crate::components::guard::RequireRole;
use crate::components::icon::{self, Icon};
use crate::components::member::MemberTotals;
use crate::format;
use crate::i18n::named;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::pages::exchanges::listings::{KindBadge, ListingFigures, details_open};
use crate::pages::exchanges::owner::ListingActions;
use crate::pages::exchanges::publish::{ListingDraft, ListingFields};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use seed_domain::ErrorCode;
use seed_domain::exchange::{MESSAGE_MAX, NewExchange};
use seed_domain::listing::{Listing, ListingKind, ListingStatus};
use seed_domain::membership::Role;

#[component]
pub fn ListingDetail() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    view! {
        <RequireRole role=Role::Member>
            {move || id.get().map(|id| view! { <ListingPage id /> })}
        </RequireRole>
    }
}

#[component]
fn ListingPage(id: String) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<Listing, ApiFailure>>);
    // Outside the listing's view, which is built again after each change it reports.
    let outcome = RwSignal::new(None::<Outcome>);
    let load = move || {
        let id = id.clone();
        spawn_local(async move { loaded.set(Some(api::listing(&id).await)) });
    };
    load();
    let content = move || match loaded.get() {
        None => view! { <Loading text=k::LISTING_LOADING /> }.into_any(),
        Some(Err(failure)) => {
            let load = load.clone();
            view! {
                <p>
                    <A href="/offres">{tr(k::LISTING_BACK)}</A>
                </p>
                <h1>{tr(k::LISTING_TITLE_ERROR)}</h1>
                <Failure failure retry=Callback::new(move |()| load()) />
            }
            .into_any()
        }
        Some(Ok(listing)) => {
            let on_change = Callback::new(move |l| loaded.set(Some(Ok(l))));
            view! { <ListingView listing on_change outcome /> }.into_any()
        }
    };
    view! { {content} }
}

#[component]
fn ListingView(
    listing: Listing,
    on_change: Callback<Listing>,
    outcome: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let rules = rules_resource();
    let mine = session.id_untracked().as_deref() == Some(listing.owner_id.as_str());
    let status = listing.status;
    let (created, expires) = (listing.created_at.clone(), listing.expires_at.clone());
    let dates = move || {
        let lang = i18n.lang();
        let key = if status == ListingStatus::Expired { k::LISTING_EXPIRED_ON } else { k::LISTING_DATES };
        i18n.tf(
            key,
            &[("created", &format::date(&created, lang)), ("expires", &format::date(&expires, lang))],
        )
    };
    let skills = (!listing.skills.is_empty()).then(|| {
        let items = listing.skills.iter().map(|s| view! { <li class="tag">{s.clone()}</li> }).collect_view();
        view! {
            <p class="label">{tr(k::LISTING_SKILLS)}</p>
            <ul class="tags">{items}</ul>
        }
    });
    let status_badge = (status != ListingStatus::Active).then(|| {
        view! { <span class=format!("badge status-{}", status.as_str())>{tr(labels::listing_status(status))}</span> }
    });
    let owner_href = format!("/membres/{}", segment(&listing.owner_id));
    let owner_name = listing.owner_name.clone();
    let side = if mine {
        view! { <OwnerSide listing=listing.clone() on_change outcome rules /> }.into_any()
    } else {
        view! {
            <MemberTotals
                member_id=listing.owner_id.clone()
                name=listing.owner_name.clone()
                heading_id="owner-totals-title"
            />
            <RequestSide listing=listing.clone() rules />
        }
        .into_any()
    };
    view! {
        <p>
            <A href="/offres">{tr(k::LISTING_BACK)}</A>
        </p>
        <article class="listing">
            <header>
                <p class="badges">
                    <KindBadge kind=listing.kind />
                    {status_badge}
                </p>
                <h1>{listing.title.clone()}</h1>
                <p class="owner">
                    {tr(if listing.kind == ListingKind::Offer { k::LISTING_OFFERED_BY } else { k::LISTING_WANTED_BY })}
                    " "
                    <A href=owner_href>{owner_name}</A>
                </p>
            </header>
            <p class="pre-line description">{listing.description.clone()}</p>
            {skills}
            <ListingFigures listing=listing.clone() />
            <p>
                <small>{dates}</small>
            </p>
            <p>
                <small>{tr(k::LISTING_ESTIMATE_HINT)}</small>
            </p>
        </article>
        <OutcomeView outcome context=named::listing_errors />
        {side}
    }
}

/// The owner's tools: the status buttons and the edit form.
#[component]
fn OwnerSide(
    listing: Listing,
    on_change: Callback<Listing>,
    outcome: RwSignal<Option<Outcome>>,
    rules: RulesResource,
) -> impl IntoView {
    let editable = matches!(listing.status, ListingStatus::Active | ListingStatus::Paused);
    view! {
        <section aria-labelledby="owner-title">
            <h2 id="owner-title">{tr(k::OWNER_TITLE)}</h2>
            <p>{tr(k::OWNER_INTRO)}</p>
            <ListingActions listing=listing.clone() on_change outcome />
            {editable.then(|| view! { <EditListing listing on_change rules saved=outcome /> })}
        </section>
    }
}

#[component]
fn EditListing(
    listing: Listing,
    on_change: Callback<Listing>,
    rules: RulesResource,
    /// Where the success shows: the page's outcome, which outlives this form.
    saved: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let draft = ListingDraft::of(&listing);
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let open = RwSignal::new(false);
    let id = listing.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let patch = match draft.patch() {
            Ok(patch) => patch,
            Err(problems) => {
                errors.set(problems);
                return;
            }
        };
        errors.clear();
        pending.set(true);
        let id = id.clone();
        spawn_local(async move {
            match api::change_listing(&id, &patch).await {
                Ok(changed) => {
                    saved.set(Some(Outcome::done(k::EDIT_DONE)));
                    on_change.run(changed);
                }
                Err(failure) => {
                    errors.set(failure.field_errors().to_vec());
                    outcome.set(Some(Outcome::Failed(failure)));
                }
            }
            pending.set(false);
        });
    };
    view! {
        <details
            class="publish-box"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                if let Some(now) = details_open(&ev) {
                    open.set(now);
                }
            }
        >
            <summary>{tr(k::EDIT_TITLE)}</summary>
            <form on:submit=submit novalidate>
                <ListingFields draft errors prefix="edit" with_kind=false rules />
                <BusyButton pending label=k::EDIT_SUBMIT busy_label=k::COMMON_SAVING />
                <OutcomeView outcome context=named::listing_errors />
            </form>
        </details>
    }
}

/// For the others: the request form while the listing takes requests.
#[component]
fn RequestSide(listing: Listing, rules: RulesResource) -> impl IntoView {
    if !listing.status.accepts_requests() {
        return view! {
            <section aria-labelledby="request-title">
                <h2 id="request-title">{tr(request_title(listing.kind))}</h2>
                <p class="empty">{tr(k::REQUEST_NOT_OPEN)}</p>
                <A href="/offres">{tr(k::REQUEST_BROWSE)}</A>
            </section>
        }
        .into_any();
    }
    view! { <RequestForm listing rules /> }.into_any()
}

fn request_title(kind: ListingKind) -> crate::i18n::Key {
    match kind {
        ListingKind::Offer => k::REQUEST_TITLE_OFFER,
        ListingKind::Want => k::REQUEST_TITLE_WANT,
    }
}

#[component]
fn RequestForm(listing: Listing, rules: RulesResource) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let message = RwSignal::new(String::new());
    let minutes = RwSignal::new(listing.estimated_minutes);
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let kind = listing.kind;
    let owner = listing.owner_name.clone();
    let consequence = move || {
        let rules = rules.get().and_then(Result::ok)?;
        let amount = estimate(&rules, minutes.get())?.format(i18n.lang());
        let key = match kind {
            ListingKind::Offer => k::REQUEST_CONSEQUENCE_OFFER,
            ListingKind::Want => k::REQUEST_CONSEQUENCE_WANT,
        };
        Some(i18n.tf(key, &[("amount", &amount), ("name", &owner)]))
    };
    let listing_id = listing.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let request = NewExchange {
            listing_id: listing_id.clone(),
            message: message.get_untracked().trim().to_owned(),
            minutes: Some(minutes.get_untracked()),
        };
        let problems = request.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::request_exchange(&request).await {
                Ok(created) => {
                    navigate(&format!("/echanges/{}", segment(&created.id)), NavigateOptions::default());
                }
                Err(failure) => match already_requested(&failure) {
                    // I already asked (another tab, a double tap): my request under way is shown.
                    Some(id) => navigate(&format!("/echanges/{}", segment(&id)), NavigateOptions::default()),
                    None => {
                        errors.set(failure.field_errors().to_vec());
                        outcome.set(Some(Outcome::Failed(failure)));
                        pending.set(false);
                    }
                },
            }
        });
    };
    let (submit_label, intro) = match kind {
        ListingKind::Offer => (k::REQUEST_SUBMIT_OFFER, k::REQUEST_INTRO_OFFER),
        ListingKind::Want => (k::REQUEST_SUBMIT_WANT, k::REQUEST_INTRO_WANT),
    };
    view! {
        <section aria-labelledby="request-title">
            <h2 id="request-title">
                <Icon svg=icon::HANDSHAKE />
                " "
                {tr(request_title(kind))}
            </h2>
            <p>{tr(intro)}</p>
            <form on:submit=submit novalidate>
                <TextArea id="request-message" field="message" label=k::REQUEST_MESSAGE_LABEL value=message errors hint=k::REQUEST_MESSAGE_HINT maxlength=MESSAGE_MAX rows=4 />
                <DurationField id="request-minutes" field="minutes" label=k::REQUEST_MINUTES_LABEL value=minutes errors>
                    {consequence}
                </DurationField>

                <BusyButton pending label=submit_label />
                <OutcomeView outcome context=named::request_errors />
            </form>
        </section>
    }
    .into_any()
}

/// The id of my exchange already under way on this listing, when the API refused a second.
fn already_requested(failure: &ApiFailure) -> Option<String> {
    match failure {
        ApiFailure::Problem(p) if p.code == ErrorCode::Conflict => match p.params.get("exchange_id") {
            Some(seed_domain::problem::serde_json_value::Value::Text(id)) => Some(id.clone()),
            _ => None,
        },
        _ => None,
    }
}
