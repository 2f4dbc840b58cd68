//! `/offres`, "Offres et demandes": the active listings, searched by words, kind and skill,
//! as cards, with "Voir plus"; and the form that publishes one.

use crate::api::{self, segment};
use crate::components::duration::rules_resource;
use crate::components::feedback::{Failure, Loading};
use crate::components::field::{SelectField, TextField};
use crate::components::guard::RequireRole;
use crate::components::icon::{self, Icon};
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::pages::exchanges::publish::PublishForm;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use seed_domain::listing::{Listing, ListingKind};
use seed_domain::membership::Role;
use wasm_bindgen::JsCast;

/// Characters of the description a card shows.
const EXCERPT_CHARS: usize = 180;

#[component]
pub fn Listings() -> impl IntoView {
    view! {
        <RequireRole role=Role::Member>
            <ListingsPage />
        </RequireRole>
    }
}

/// The `open` property of the `<details>` an event came from.
pub fn details_open(ev: &leptos::ev::Event) -> Option<bool> {
    let target = ev.target()?;
    js_sys::Reflect::get(&target, &"open".into()).ok()?.as_bool()
}

#[component]
fn ListingsPage() -> impl IntoView {
    let rules = rules_resource();
    let paged = Paged::new(api::LISTINGS, |l: &Listing| l.id.as_str());
    let kind = RwSignal::new(String::new());
    let words = RwSignal::new(String::new());
    let skill = RwSignal::new(String::new());
    let applied = RwSignal::new(Vec::<(&'static str, String)>::new());
    let publishing = RwSignal::new(false);

    let apply = move || {
        let filters: Vec<(&'static str, String)> = vec![
            ("kind", kind.get_untracked()),
            ("q", words.get_untracked().trim().to_owned()),
            ("skill", skill.get_untracked().trim().to_owned()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        if filters == applied.get_untracked() {
            return;
        }
        applied.set(filters.clone());
        paged.filter(filters);
    };
    let clear = move || {
        kind.set(String::new());
        words.set(String::new());
        skill.set(String::new());
        apply();
    };
    let filtered = move || applied.with(|a| !a.is_empty());
    let on_skill = Callback::new(move |tag: String| {
        skill.set(tag);
        apply();
    });
    let on_published = Callback::new(move |_: Listing| paged.refresh());

    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::LISTINGS_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || view! { <ListingCards paged on_skill /> }
            >
                {move || {
                    if filtered() {
                        view! {
                            <div class="empty-state">
                                <p class="empty">{tr(k::LISTINGS_EMPTY_FILTERED)}</p>
                                <button type="button" class="secondary" on:click=move |_| clear()>
                                    {tr(k::LISTINGS_CLEAR_FILTERS)}
                                </button>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! {
                            <div class="empty-state">
                                <p class="empty">{tr(k::LISTINGS_EMPTY)}</p>
                                <button type="button" on:click=move |_| open_publish(publishing)>
                                    {tr(k::LISTINGS_EMPTY_ACTION)}
                                </button>
                            </div>
                        }
                        .into_any()
                    }
                }}
            </Show>
        }
        .into_any(),
    };

    view! {
        <hgroup>
            <h1>{tr(k::LISTINGS_TITLE)}</h1>
            <p>{tr(k::LISTINGS_INTRO)}</p>
        </hgroup>
        <p class="page-links">
            <A href="/mes-offres">{tr(k::LISTINGS_MINE_LINK)}</A>
            " · "
            <A href="/echanges">{tr(k::LISTINGS_EXCHANGES_LINK)}</A>
        </p>
        <details
            id="publier"
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
        <form
            class="filters"
            aria-label=tr(k::LISTINGS_FILTERS_LABEL)
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                apply();
            }
        >
            <div class="grid">
                <div>
                    <SelectField
                        id="listings-kind"
                        field="kind"
                        label=k::LISTINGS_KIND
                        options=std::iter::once(("", k::LISTINGS_KIND_ALL))
                            .chain(ListingKind::ALL.map(|option| (option.as_str(), plural_kind(option))))
                            .collect()
                        value=kind
                        on_change=Callback::new(move |chosen| {
                            kind.set(chosen);
                            apply();
                        })
                    />
                </div>
                <div>
                    <TextField id="listings-q" field="q" label=k::LISTINGS_SEARCH_LABEL value=words hint=k::LISTINGS_SEARCH_HINT kind="search" />
                </div>
                <div>
                    <TextField id="listings-skill" field="skill" label=k::LISTINGS_SKILL_LABEL value=skill />
                </div>
            </div>
            <div class="actions-row">
                <button type="submit">
                    <Icon svg=icon::SEARCH />
                    " "
                    {tr(k::LISTINGS_SEARCH_SUBMIT)}
                </button>
                <Show when=filtered>
                    <button type="button" class="secondary outline" on:click=move |_| clear()>
                        {tr(k::LISTINGS_CLEAR_FILTERS)}
                    </button>
                </Show>
            </div>
        </form>
        <section aria-labelledby="listings-results-title">
            <h2 id="listings-results-title" class="visually-hidden">{tr(k::LISTINGS_RESULTS_TITLE)}</h2>
            {list}
            <MoreButton paged />
        </section>
    }
}

/// Opens the publishing form and puts the focus in its first text field.
pub fn open_publish(publishing: RwSignal<bool>) {
    publishing.set(true);
    request_animation_frame(|| {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("publish-title"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    });
}

fn plural_kind(kind: ListingKind) -> crate::i18n::Key {
    match kind {
        ListingKind::Offer => k::LISTINGS_KIND_OFFERS,
        ListingKind::Want => k::LISTINGS_KIND_WANTS,
    }
}

#[component]
fn ListingCards(paged: Paged<Listing>, on_skill: Callback<String>) -> impl IntoView {
    view! {
        <ul class="card-list">
            <For
                each=move || paged.items.get()
                key=|l| (l.id.clone(), l.status, l.title.clone(), l.estimated_minutes)
                children=move |listing| view! { <ListingCard listing on_skill /> }
            />
        </ul>
    }
}

/// The beginning of a text, cut at a word when it is long.
pub fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(at) if at > EXCERPT_CHARS / 2 => cut[..at].to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// The kind badge of a listing ("Offre", "Demande").
#[component]
pub fn KindBadge(kind: ListingKind) -> impl IntoView {
    view! { <span class=format!("badge kind-{}", kind.as_str())>{tr(labels::listing_kind(kind))}</span> }
}

/// The duration and the estimated amount: "3 h · ≈ 5,00 TS".
#[component]
pub fn ListingFigures(listing: Listing) -> impl IntoView {
    let i18n = use_i18n();
    let (minutes, amount) = (listing.estimated_minutes, listing.estimated_amount);
    view! {
        <p class="figures">
            <Icon svg=icon::CLOCK />
            " "
            <span class="visually-hidden">{tr(k::LISTING_DURATION)} " "</span>
            {move || format::duration(i18n, minutes)}
            " · "
            <span class="visually-hidden">{tr(k::LISTING_ESTIMATE_LABEL)} " "</span>
            {move || i18n.tf(k::LISTING_ESTIMATE, &[("amount", &amount.format(i18n.lang()))])}
        </p>
    }
}

#[component]
fn ListingCard(listing: Listing, on_skill: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let mine = session.id_untracked().as_deref() == Some(listing.owner_id.as_str());
    let href = format!("/offres/{}", segment(&listing.id));
    let owner_href = format!("/membres/{}", segment(&listing.owner_id));
    let owner_name = listing.owner_name.clone();
    let title = listing.title.clone();
    let tags = (!listing.skills.is_empty()).then(|| {
        let items = listing
            .skills
            .iter()
            .map(|tag| {
                let tag = tag.clone();
                let label = {
                    let tag = tag.clone();
                    move || i18n.tf(k::LISTINGS_FILTER_BY_SKILL, &[("skill", &tag)])
                };
                let chosen = tag.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            class="tag"
                            aria-label=label
                            on:click=move |_| on_skill.run(chosen.clone())
                        >
                            {tag}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="tags" aria-label=tr(k::LISTING_SKILLS)>{items}</ul> }
    });
    view! {
        <li>
            <article class="listing-card">
                <header>
                    <KindBadge kind=listing.kind />
                    {mine.then(|| view! { <span class="badge">{tr(k::LISTING_YOURS)}</span> })}
                    <h3>
                        <A href=href>{title}</A>
                    </h3>
                </header>
                <p class="owner">
                    {tr(k::LISTING_BY)}
                    " "
                    <A href=owner_href>{owner_name}</A>
                </p>
                <p class="excerpt">{excerpt(&listing.description)}</p>
                {tags}
                <ListingFigures listing />
            </article>
        </li>
    }
}
