//! "Publier une annonce": an offer or a want, checked by the domain's `validate()` before it is
//! sent; the same fields edit a listing.

use crate::api;
use crate::components::duration::{DurationSelect, RulesResource, estimate};
use crate::components::feedback::{Outcome, OutcomeView};
use crate::components::form::{FieldErrors, FieldMessage};
use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use seed_domain::listing::{DESCRIPTION_MAX, Listing, ListingKind, ListingPatch, NewListing, TITLE_MAX};

/// The duration a new listing starts with.
const DEFAULT_MINUTES: u32 = 60;

/// The texts of a listing's fields.
#[derive(Debug, Clone, Copy)]
pub struct ListingDraft {
    pub kind: RwSignal<ListingKind>,
    pub title: RwSignal<String>,
    pub description: RwSignal<String>,
    /// Comma-separated.
    pub skills: RwSignal<String>,
    pub minutes: RwSignal<u32>,
}

impl Default for ListingDraft {
    fn default() -> ListingDraft {
        ListingDraft {
            kind: RwSignal::new(ListingKind::Offer),
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            skills: RwSignal::new(String::new()),
            minutes: RwSignal::new(DEFAULT_MINUTES),
        }
    }
}

impl ListingDraft {
    pub fn new() -> ListingDraft {
        ListingDraft::default()
    }

    pub fn of(listing: &Listing) -> ListingDraft {
        ListingDraft {
            kind: RwSignal::new(listing.kind),
            title: RwSignal::new(listing.title.clone()),
            description: RwSignal::new(listing.description.clone()),
            skills: RwSignal::new(listing.skills.join(", ")),
            minutes: RwSignal::new(listing.estimated_minutes),
        }
    }

    fn clear(self) {
        self.title.set(String::new());
        self.description.set(String::new());
        self.skills.set(String::new());
        self.minutes.set(DEFAULT_MINUTES);
    }

    /// The listing typed, normalised, or its fields' errors.
    pub fn read(self) -> Result<NewListing, Vec<seed_domain::FieldError>> {
        let mut listing = NewListing {
            kind: self.kind.get_untracked(),
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            skills: parse_skills(&self.skills.get_untracked()),
            estimated_minutes: self.minutes.get_untracked(),
        };
        let errors = listing.validate();
        if !errors.is_empty() {
            return Err(errors);
        }
        listing.normalize();
        Ok(listing)
    }

    /// The change of an existing listing (all its texts; the kind does not change).
    pub fn patch(self) -> Result<ListingPatch, Vec<seed_domain::FieldError>> {
        let listing = self.read()?;
        Ok(ListingPatch {
            title: Some(listing.title),
            description: Some(listing.description),
            skills: Some(listing.skills),
            estimated_minutes: Some(listing.estimated_minutes),
            status: None,
        })
    }
}

/// "rédaction, Relecture ," → ["rédaction", "Relecture"]: empty pieces are left out.
pub fn parse_skills(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The ids of one form's fields (two forms never share a page, but each has its own ids).
#[derive(Debug, Clone, Copy)]
pub struct FieldIds {
    pub kind: &'static str,
    pub title: &'static str,
    pub title_error: &'static str,
    pub description: &'static str,
    pub description_hint: &'static str,
    pub description_error: &'static str,
    pub skills: &'static str,
    pub skills_hint: &'static str,
    pub skills_error: &'static str,
    pub minutes: &'static str,
    pub minutes_hint: &'static str,
    pub minutes_error: &'static str,
}

pub const PUBLISH_IDS: FieldIds = FieldIds {
    kind: "publish-kind",
    title: "publish-title",
    title_error: "publish-title-error",
    description: "publish-description",
    description_hint: "publish-description-hint",
    description_error: "publish-description-error",
    skills: "publish-skills",
    skills_hint: "publish-skills-hint",
    skills_error: "publish-skills-error",
    minutes: "publish-minutes",
    minutes_hint: "publish-minutes-hint",
    minutes_error: "publish-minutes-error",
};

pub const EDIT_IDS: FieldIds = FieldIds {
    kind: "edit-kind",
    title: "edit-title",
    title_error: "edit-title-error",
    description: "edit-description",
    description_hint: "edit-description-hint",
    description_error: "edit-description-error",
    skills: "edit-skills",
    skills_hint: "edit-skills-hint",
    skills_error: "edit-skills-error",
    minutes: "edit-minutes",
    minutes_hint: "edit-minutes-hint",
    minutes_error: "edit-minutes-error",
};

/// The fields of a listing; the kind only when it is a new one.
#[component]
pub fn ListingFields(
    draft: ListingDraft,
    errors: FieldErrors,
    ids: FieldIds,
    with_kind: bool,
    rules: RulesResource,
) -> impl IntoView {
    let i18n = use_i18n();
    let estimate_text = move || {
        let rules = rules.get().and_then(Result::ok)?;
        let amount = estimate(&rules, draft.minutes.get())?;
        Some(i18n.tf(k::PUBLISH_MINUTES_ESTIMATE, &[("amount", &amount.format(i18n.lang()))]))
    };
    let kind_field = with_kind.then(|| {
        view! {
            <fieldset id=ids.kind>
                <legend>{tr(k::PUBLISH_KIND_LEGEND)}</legend>
                {ListingKind::ALL
                    .map(|kind| {
                        let id = format!("{}-{}", ids.kind, kind.as_str());
                        let label_for = id.clone();
                        let hint = match kind {
                            ListingKind::Offer => k::PUBLISH_KIND_OFFER_HINT,
                            ListingKind::Want => k::PUBLISH_KIND_WANT_HINT,
                        };
                        view! {
                            <label for=label_for>
                                <input
                                    type="radio"
                                    id=id
                                    name="kind"
                                    value=kind.as_str()
                                    prop:checked=move || draft.kind.get() == kind
                                    on:change=move |_| draft.kind.set(kind)
                                />
                                <strong>{tr(labels::listing_kind(kind))}</strong>
                                " — "
                                {tr(hint)}
                            </label>
                        }
                    })}
            </fieldset>
        }
    });
    view! {
        {kind_field}
        <label for=ids.title>{tr(k::PUBLISH_TITLE_LABEL)}</label>
        <input
            type="text"
            id=ids.title
            name="title"
            maxlength=TITLE_MAX.to_string()
            autocomplete="off"
            bind:value=draft.title
            aria-invalid=errors.invalid("title")
            aria-describedby=errors.described_by("title", None, ids.title_error)
        />
        <FieldMessage errors field="title" id=ids.title_error />

        <label for=ids.description>{tr(k::PUBLISH_DESCRIPTION_LABEL)}</label>
        <textarea
            id=ids.description
            name="description"
            rows="5"
            maxlength=DESCRIPTION_MAX.to_string()
            bind:value=draft.description
            aria-invalid=errors.invalid("description")
            aria-describedby=errors.described_by("description", Some(ids.description_hint), ids.description_error)
        ></textarea>
        <small id=ids.description_hint>{tr(k::PUBLISH_DESCRIPTION_HINT)}</small>
        <FieldMessage errors field="description" id=ids.description_error />

        <div class="grid">
            <div>
                <label for=ids.skills>{tr(k::PUBLISH_SKILLS_LABEL)}</label>
                <input
                    type="text"
                    id=ids.skills
                    name="skills"
                    autocomplete="off"
                    bind:value=draft.skills
                    aria-invalid=errors.invalid("skills")
                    aria-describedby=errors.described_by("skills", Some(ids.skills_hint), ids.skills_error)
                />
                <small id=ids.skills_hint>{tr(k::PUBLISH_SKILLS_HINT)}</small>
                <FieldMessage errors field="skills" id=ids.skills_error />
            </div>
            <div>
                <label for=ids.minutes>{tr(k::PUBLISH_MINUTES_LABEL)}</label>
                <DurationSelect
                    id=ids.minutes
                    value=draft.minutes
                    errors
                    field="estimated_minutes"
                    hint_id=ids.minutes_hint
                    error_id=ids.minutes_error
                />
                <small id=ids.minutes_hint class="preview" aria-live="polite">{estimate_text}</small>
                <FieldMessage errors field="estimated_minutes" id=ids.minutes_error />
            </div>
        </div>
    }
}

/// The form that publishes a new offer or want; `on_published` gets the new listing.
#[component]
pub fn PublishForm(rules: RulesResource, on_published: Callback<Listing>) -> impl IntoView {
    let draft = ListingDraft::new();
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let published = RwSignal::new(None::<Listing>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        published.set(None);
        let listing = match draft.read() {
            Ok(listing) => listing,
            Err(problems) => {
                errors.set(problems);
                return;
            }
        };
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::publish_listing(&listing).await {
                Ok(created) => {
                    let key = match created.kind {
                        ListingKind::Offer => k::PUBLISH_DONE_OFFER,
                        ListingKind::Want => k::PUBLISH_DONE_WANT,
                    };
                    outcome.set(Some(Outcome::Done(key, vec![("title", created.title.clone())])));
                    published.set(Some(created.clone()));
                    draft.clear();
                    on_published.run(created);
                }
                Err(failure) => {
                    errors.set(failure.field_errors().to_vec());
                    outcome.set(Some(Outcome::Failed(failure)));
                }
            }
            pending.set(false);
        });
    };
    let link = move || {
        published.get().map(|listing| {
            view! {
                <p>
                    <A href=format!("/offres/{}", api::segment(&listing.id))>{tr(k::PUBLISH_SEE)}</A>
                </p>
            }
        })
    };
    view! {
        <form class="publish" on:submit=submit novalidate>
            <ListingFields draft errors ids=PUBLISH_IDS with_kind=true rules />
            <button type="submit" aria-busy=move || pending.get().then_some("true") disabled=move || pending.get()>
                <Icon svg=icon::PLUS />
                " "
                {move || if pending.get() { tr(k::PUBLISH_PENDING)() } else { tr(k::PUBLISH_SUBMIT)() }}
            </button>
            <OutcomeView outcome />
            {link}
        </form>
    }
}
