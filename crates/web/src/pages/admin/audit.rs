//! `/admin/journal`: the audit log, newest first, for admins.

use crate::api;
use crate::components::feedback::{Failure, Loading};
use crate::components::guard::RequireRole;
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::{k, named, tr, use_i18n};
use leptos::prelude::*;
use seed_domain::admin::AuditEntry;
use seed_domain::membership::Role;

#[component]
pub fn Audit() -> impl IntoView {
    view! {
        <RequireRole role=Role::Admin>
            <AuditPage />
        </RequireRole>
    }
}

#[component]
fn AuditPage() -> impl IntoView {
    let paged = Paged::new(api::AUDIT, |e: &AuditEntry| e.id.as_str());
    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::AUDIT_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || view! { <AuditTable paged /> }
            >
                <p class="empty">{tr(k::AUDIT_EMPTY)}</p>
            </Show>
        }
        .into_any(),
    };
    view! {
        <hgroup>
            <h1>{tr(k::AUDIT_TITLE)}</h1>
            <p>{tr(k::AUDIT_INTRO)}</p>
        </hgroup>
        {list}
        <MoreButton paged />
    }
}

#[component]
fn AuditTable(paged: Paged<AuditEntry>) -> impl IntoView {
    view! {
        <div class="overflow-auto">
            <table class="cards audit">
                <thead>
                    <tr>
                        <th scope="col">{tr(k::AUDIT_COL_AT)}</th>
                        <th scope="col">{tr(k::AUDIT_COL_ACTOR)}</th>
                        <th scope="col">{tr(k::AUDIT_COL_ACTION)}</th>
                        <th scope="col">{tr(k::AUDIT_COL_SUBJECT)}</th>
                        <th scope="col">{tr(k::AUDIT_COL_DETAIL)}</th>
                        <th scope="col">{tr(k::AUDIT_COL_IP)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || paged.items.get()
                        key=|entry| entry.id.clone()
                        children=move |entry| view! { <AuditRow entry /> }
                    />
                </tbody>
            </table>
        </div>
        <p>
            <small>{tr(k::COMMON_PARIS_TIME)}</small>
        </p>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at.clone();
    let action_key = named::audit_action(entry.action.as_str());
    let raw_action = entry.action.as_str().to_owned();
    let action = move || match action_key {
        Some(key) => i18n.t(key).to_owned(),
        None => raw_action.clone(),
    };
    let or_none = move |value: Option<String>| value.unwrap_or_else(|| i18n.t(k::COMMON_NONE).to_owned());
    let actor = entry.actor.clone();
    let actor = move || actor.clone().unwrap_or_else(|| i18n.t(k::AUDIT_NO_ACTOR).to_owned());
    // A member is shown by name; other subjects (a setting, a token, a path) as they are.
    let subject = entry.subject_name.clone().or_else(|| entry.subject.clone());
    let detail = entry.detail.clone();
    let ip = entry.ip.clone();
    view! {
        <tr>
            <td data-label=tr(k::AUDIT_COL_AT)>
                <time datetime=entry.at.clone()>{move || format::datetime(&at, i18n.lang())}</time>
            </td>
            <td data-label=tr(k::AUDIT_COL_ACTOR)>{actor}</td>
            <td data-label=tr(k::AUDIT_COL_ACTION) title=entry.action.as_str()>{action}</td>
            <td data-label=tr(k::AUDIT_COL_SUBJECT)>{move || or_none(subject.clone())}</td>
            <td data-label=tr(k::AUDIT_COL_DETAIL)>{move || or_none(detail.clone())}</td>
            <td data-label=tr(k::AUDIT_COL_IP)>{move || or_none(ip.clone())}</td>
        </tr>
    }
}
