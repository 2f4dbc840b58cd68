//! `/admin/reglages`: the time bank's rules, checking the books, how long the audit log keeps
//! IP addresses, and the legal notice (admins).

use crate::api::{self, ApiFailure};
use crate::components::button::BusyButton;
use crate::components::feedback::{Outcome, OutcomeView};
use crate::components::field::{TextArea, TextField};
use crate::components::form::FieldErrors;
use crate::components::guard::RequireRole;
use crate::components::loaded::Loaded;
use crate::i18n::{k, tr};
use crate::pages::admin::ts_rules::{BooksSection, RulesSection};
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::admin::{
    AUDIT_IP_RETENTION_MAX, AUDIT_RETENTION_MAX, AUDIT_RETENTION_MIN, LEGAL_NOTICE_MAX, LegalNotice,
    Settings, SettingsPatch,
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
    view! {
        <section aria-labelledby="retention-title">
            <h2 id="retention-title">{tr(k::SETTINGS_RETENTION_TITLE)}</h2>
            <Loaded resource=settings loading=k::SETTINGS_LOADING let:settings><RetentionForm settings /></Loaded>
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
            <TextField id="retention-days" field="audit_ip_retention_days" label=k::SETTINGS_RETENTION_LABEL value errors hint=k::SETTINGS_RETENTION_HINT kind="number" min=1 max=AUDIT_IP_RETENTION_MAX />
            <TextField id="audit-retention-days" field="audit_retention_days" label=k::SETTINGS_AUDIT_RETENTION_LABEL value=rows errors hint=k::SETTINGS_AUDIT_RETENTION_HINT kind="number" min=AUDIT_RETENTION_MIN max=AUDIT_RETENTION_MAX />
            <BusyButton pending label=k::COMMON_SAVE busy_label=k::COMMON_SAVING />
            <OutcomeView outcome />
        </form>
    }
}

#[component]
fn Legal() -> impl IntoView {
    let notice = LocalResource::new(api::legal_notice);
    view! {
        <section aria-labelledby="legal-title">
            <h2 id="legal-title">{tr(k::SETTINGS_LEGAL_TITLE)}</h2>
            <Loaded resource=notice loading=k::SETTINGS_LEGAL_LOADING let:notice><LegalForm text=notice.text /></Loaded>
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
            <TextArea id="legal-text" field="text" label=k::SETTINGS_LEGAL_LABEL value errors hint=k::SETTINGS_LEGAL_HINT maxlength=LEGAL_NOTICE_MAX rows=12 />
            <BusyButton pending label=k::COMMON_SAVE busy_label=k::COMMON_SAVING />
            <OutcomeView outcome />
            <p>
                <a href="/public/mentions-legales" rel="external">{tr(k::SETTINGS_LEGAL_VIEW)}</a>
            </p>
        </form>
    }
}
