//! "Publier une annonce": an offer or a want, checked by the domain's `validate()` before it is
//! sent; the same fields edit a listing.

use crate::api;
use crate::components::button::BusyButton;
use crate::components::duration::{DurationField, RulesResource, estimate};
use crate::components::feedback::{Outcome, OutcomeView};
use crate::components::field::{Choice, TextArea, TextField};
use crate::components::form::FieldErrors;
use crate::components::icon;
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

/// The fields of a listing; the kind only when it is a new one.
#[component]
pub fn ListingFields(
    draft: ListingDraft,
    errors: FieldErrors,
    /// What the fields' ids start with: `publish`, `edit`.
    prefix: &'static str,
    with_kind: bool,
    rules: RulesResource,
) -> impl IntoView {
    let i18n = use_i18n();
    let estimate_text = move || {
        let rules = rules.get().and_then(Result::ok)?;
        let amount = estimate(&rules, draft.minutes.get())?;
        Some(i18n.tf(k::PUBLISH_MINUTES_ESTIMATE, &[("amount", &amount.format(i18n.lang()))]))
    };
    let kind_id = format!("{prefix}-kind");
    let kind_field = with_kind.then(|| {
        view! {
            <fieldset id=kind_id.clone()>
                <legend>{tr(k::PUBLISH_KIND_LEGEND)}</legend>
                {ListingKind::ALL
                    .map(|kind| {
                        let hint = match kind {
                            ListingKind::Offer => k::PUBLISH_KIND_OFFER_HINT,
                            ListingKind::Want => k::PUBLISH_KIND_WANT_HINT,
                        };
                        view! {
                            <Choice
                                id=format!("{kind_id}-{}", kind.as_str())
                                name="kind"
                                value=kind.as_str()
                                radio=true
                                checked=Signal::derive(move || draft.kind.get() == kind)
                                on_change=Callback::new(move |_| draft.kind.set(kind))
                            >
                                <strong>{tr(labels::listing_kind(kind))}</strong>
                                " — "
                                {tr(hint)}
                            </Choice>
                        }
                    })}
            </fieldset>
        }
    });
    view! {
        {kind_field}
        <TextField id=format!("{prefix}-title") field="title" label=k::PUBLISH_TITLE_LABEL value=draft.title errors maxlength=TITLE_MAX />
        <TextArea id=format!("{prefix}-description") field="description" label=k::PUBLISH_DESCRIPTION_LABEL value=draft.description errors hint=k::PUBLISH_DESCRIPTION_HINT maxlength=DESCRIPTION_MAX rows=5 />
        <div class="grid">
            <div>
                <TextField id=format!("{prefix}-skills") field="skills" label=k::PUBLISH_SKILLS_LABEL value=draft.skills errors hint=k::PUBLISH_SKILLS_HINT />
            </div>
            <div>
                <DurationField id=format!("{prefix}-minutes") field="estimated_minutes" label=k::PUBLISH_MINUTES_LABEL value=draft.minutes errors>
                    {estimate_text}
                </DurationField>
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
            <ListingFields draft errors prefix="publish" with_kind=true rules />
            <BusyButton pending label=k::PUBLISH_SUBMIT busy_label=k::PUBLISH_PENDING icon=icon::PLUS />
            <OutcomeView outcome />
            {link}
        </form>
    }
}
