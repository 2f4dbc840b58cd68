//! `/notifications`: what needs my action and what happened to my exchanges, newest first;
//! opening one marks it read; "Tout marquer comme lu".

use crate::api::{self, segment};
use crate::components::bell::{Unread, use_unread};
use crate::components::button::BusyButton;
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView};
use crate::components::field::Choice;
use crate::components::guard::RequireRole;
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use seed_domain::membership::Role;
use seed_domain::notification::NotificationView;

#[component]
pub fn Notifications() -> impl IntoView {
    view! {
        <RequireRole role=Role::Member>
            <NotificationsPage />
        </RequireRole>
    }
}

/// Marks one notification read in the background, then the bell counts again.
fn mark_read(id: String, unread: Unread) {
    spawn_local(async move {
        if api::read_notification(&id).await.is_ok() {
            unread.refresh();
        }
    });
}

#[component]
fn NotificationsPage() -> impl IntoView {
    let unread = use_unread();
    let paged = Paged::new(api::MY_NOTIFICATIONS, |n: &NotificationView| n.id.as_str());
    let only_unread = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let any_unread =
        move || paged.items.with(|items| items.iter().any(|n| !n.read)) || unread.count() > Some(0);
    let read_all = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        outcome.set(None);
        spawn_local(async move {
            match api::read_all_notifications().await {
                Ok(()) => {
                    outcome.set(Some(Outcome::done(k::NOTIFICATIONS_ALL_READ)));
                    paged.refresh();
                    unread.refresh();
                }
                Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
            }
            pending.set(false);
        });
    };
    let on_filter = move |checked: bool| {
        only_unread.set(checked);
        let value = if checked { "true".to_owned() } else { String::new() };
        paged.filter(vec![("unread", value)]);
    };
    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::NOTIFICATIONS_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || {
                    view! {
                        <ul class="notifications">
                            <For
                                each=move || paged.items.get()
                                key=|n| (n.id.clone(), n.read)
                                children=move |notification| view! { <NotificationItem notification paged /> }
                            />
                        </ul>
                    }
                }
            >
                {move || {
                    if only_unread.get() {
                        view! { <p class="empty">{tr(k::NOTIFICATIONS_EMPTY_UNREAD)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="empty-state">
                                <p class="empty">{tr(k::NOTIFICATIONS_EMPTY)}</p>
                                <A href="/offres">{tr(k::NOTIFICATIONS_EMPTY_ACTION)}</A>
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
            <h1>{tr(k::NOTIFICATIONS_TITLE)}</h1>
            <p>{tr(k::NOTIFICATIONS_INTRO)}</p>
        </hgroup>
        <div class="actions-row">
            <Choice
                id="notifications-unread"
                name="unread"
                switch=true
                class="inline"
                checked=only_unread
                on_change=Callback::new(on_filter)
            >
                {tr(k::NOTIFICATIONS_ONLY_UNREAD)}
            </Choice>
            <BusyButton
                pending
                label=k::NOTIFICATIONS_READ_ALL
                class="secondary"
                disabled=Signal::derive(move || !any_unread())
                on_click=Callback::new(read_all)
            />
        </div>
        <OutcomeView outcome />
        <section aria-labelledby="notifications-list-title">
            <h2 id="notifications-list-title" class="visually-hidden">{tr(k::NOTIFICATIONS_TITLE)}</h2>
            {list}
            <MoreButton paged />
        </section>
    }
}

#[component]
fn NotificationItem(notification: NotificationView, paged: Paged<NotificationView>) -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let at = notification.created_at.clone();
    let datetime = notification.created_at.clone();
    let exchange_id = notification.exchange_id.clone();
    let read = notification.read;
    let kind = tr(labels::notification_kind(notification.kind));
    let title = notification.title.clone();
    let text = view! {
        <strong>{kind}</strong>
        " "
        <span class="subject">{title}</span>
    };
    let id = notification.id.clone();
    let on_open = move |_| {
        if read {
            return;
        }
        let id = id.clone();
        let mut marked = notification.clone();
        marked.read = true;
        let same = id.clone();
        paged.replace(move |n| n.id == same, marked);
        mark_read(id, unread);
    };
    let body = match exchange_id {
        Some(exchange) => view! {
            <A href=format!("/echanges/{}", segment(&exchange)) on:click=on_open>
                {text}
            </A>
        }
        .into_any(),
        None => text.into_any(),
    };
    view! {
        <li class=if read { "notification" } else { "notification unread" }>
            {(!read).then(|| view! { <span class="badge new">{tr(k::NOTIFICATIONS_NEW)}</span> " " })}
            {body}
            <br />
            <small>
                <time datetime=datetime>{move || format::datetime(&at, i18n.lang())}</time>
            </small>
        </li>
    }
}
