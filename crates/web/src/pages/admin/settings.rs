//! `/admin/reglages`: the time bank's rules, checking the books, how long the audit log keeps
//! IP addresses, and the legal notice (admins).

use crate::api::{self, ApiFailure};
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView};
use crate::components::form::{FieldErrors, FieldMessage};
use crate::components::guard::RequireRole;
use crate::i18n::{k, tr};
use crate::pages::admin::ts_rules::{BooksSection, RulesSection};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use seed_domain::admin::{
    AUDIT_RETENTION_MAX, AUDIT_RETENTION_MIN, LEGAL_NOTICE_MAX, LegalNotice, Settings, SettingsPatch,
};
use seed_domain::membership::Role;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Admin>
            <h1>{tr(k::SETTINGS_TITLE)}</h1>
            <RulesSection />
            <BooksSection />
            <Retention />
            <Legal />
        </RequireRole>
    }
}

#[component]
fn Retention() -> impl IntoView {
    let settings = LocalResource::new(api::settings);
    let content = move || {
        settings.get().map(|result| match result {
            Ok(settings) => view! { <RetentionForm settings /> }.into_any(),
            Err(failure) => view! {
                <Failure failure retry=Callback::new(move |()| settings.refetch()) />
            }
            .into_any(),
        })
    };
    view! {
        <section aria-labelledby="retention-title">
            <h2 id="retention-title">{tr(k::SETTINGS_RETENTION_TITLE)}</h2>
            <Suspense fallback=move || view! { <Loading text=k::SETTINGS_LOADING /> }>{content}</Suspense>
        </section>
    }
}

#[component]
fn RetentionForm(settings: Settings) -> impl IntoView {
    let value = RwSignal::new(settings.audit_ip_retention_days.to_string());
    let rows = RwSignal::new(settings.audit_retention_days.to_string());
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Not a number: 0, which the range check refuses with its message.
        let days = |text: RwSignal<String>| Some(text.get_untracked().trim().parse().unwrap_or(0));
        let patch = SettingsPatch { audit_ip_retention_days: days(value), audit_retention_days: days(rows) };
        outcome.set(None);
        let problems = patch.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::change_settings(&patch).await {
                Ok(saved) => {
                    value.set(saved.audit_ip_retention_days.to_string());
                    rows.set(saved.audit_retention_days.to_string());
                    outcome.set(Some(Outcome::done(k::SETTINGS_RETENTION_SAVED)));
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
        <form on:submit=submit novalidate>
            <label for="retention-days">{tr(k::SETTINGS_RETENTION_LABEL)}</label>
            <input
                type="number"
                id="retention-days"
                name="audit_ip_retention_days"
                min="1"
                max="365"
                inputmode="numeric"
                bind:value=value
                aria-invalid=errors.invalid("audit_ip_retention_days")
                aria-describedby=errors.described_by("audit_ip_retention_days", Some("retention-hint"), "retention-error")
            />
            <small id="retention-hint">{tr(k::SETTINGS_RETENTION_HINT)}</small>
            <FieldMessage errors field="audit_ip_retention_days" id="retention-error" />
            <label for="audit-retention-days">{tr(k::SETTINGS_AUDIT_RETENTION_LABEL)}</label>
            <input
                type="number"
                id="audit-retention-days"
                name="audit_retention_days"
                min=AUDIT_RETENTION_MIN.to_string()
                max=AUDIT_RETENTION_MAX.to_string()
                inputmode="numeric"
                bind:value=rows
                aria-invalid=errors.invalid("audit_retention_days")
                aria-describedby=errors.described_by("audit_retention_days", Some("audit-retention-hint"), "audit-retention-error")
            />
            <small id="audit-retention-hint">{tr(k::SETTINGS_AUDIT_RETENTION_HINT)}</small>
            <FieldMessage errors field="audit_retention_days" id="audit-retention-error" />
            <SaveButton pending />
            <OutcomeView outcome />
        </form>
    }
}

#[component]
fn Legal() -> impl IntoView {
    let notice = LocalResource::new(api::legal_notice);
    let content = move || {
        notice.get().map(|result| match result {
            Ok(notice) => view! { <LegalForm text=notice.text /> }.into_any(),
            Err(failure) => view! {
                <Failure failure retry=Callback::new(move |()| notice.refetch()) />
            }
            .into_any(),
        })
    };
    view! {
        <section aria-labelledby="legal-title">
            <h2 id="legal-title">{tr(k::SETTINGS_LEGAL_TITLE)}</h2>
            <Suspense fallback=move || view! { <Loading text=k::SETTINGS_LEGAL_LOADING /> }>{content}</Suspense>
        </section>
    }
}

#[component]
fn LegalForm(text: String) -> impl IntoView {
    let value = RwSignal::new(text);
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let notice = LegalNotice { text: value.get_untracked() };
        outcome.set(None);
        let problems = notice.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            let result: Result<LegalNotice, ApiFailure> = api::set_legal_notice(&notice).await;
            match result {
                Ok(saved) => {
                    value.set(saved.text);
                    outcome.set(Some(Outcome::done(k::SETTINGS_LEGAL_SAVED)));
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
        <form on:submit=submit novalidate>
            <label for="legal-text">{tr(k::SETTINGS_LEGAL_LABEL)}</label>
            <textarea
                id="legal-text"
                name="text"
                rows="12"
                maxlength=LEGAL_NOTICE_MAX.to_string()
                bind:value=value
                aria-invalid=errors.invalid("text")
                aria-describedby=errors.described_by("text", Some("legal-hint"), "legal-error")
            ></textarea>
            <small id="legal-hint">{tr(k::SETTINGS_LEGAL_HINT)}</small>
            <FieldMessage errors field="text" id="legal-error" />
            <SaveButton pending />
            <OutcomeView outcome />
            <p>
                <A href="/mentions-legales">{tr(k::SETTINGS_LEGAL_VIEW)}</A>
            </p>
        </form>
    }
}

#[component]
fn SaveButton(pending: RwSignal<bool>) -> impl IntoView {
    view! {
        <button type="submit" aria-busy=move || pending.get().then_some("true") disabled=move || pending.get()>
            {move || if pending.get() { tr(k::COMMON_SAVING)() } else { tr(k::COMMON_SAVE)() }}
        </button>
    }
}
