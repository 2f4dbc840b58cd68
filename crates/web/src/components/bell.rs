//! The header's bell: how many notifications are unread (`GET /api/me/notifications/unread`),
//! loaded when someone signs in, at each change of page, and after the actions that change it.

use crate::api;
use crate::components::icon::{self, Icon};
use crate::i18n::singular;
use crate::i18n::{k, use_i18n};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use seed_domain::notification::UnreadCount;

/// The unread count, shared by the bell and the pages that change it.
#[derive(Debug, Clone, Copy)]
pub struct Unread {
    count: RwSignal<Option<u32>>,
    /// Bumped at each request: an older answer does not overwrite a newer one.
    generation: StoredValue<u64>,
}

impl Unread {
    /// Makes the count available to every component; it follows who is signed in.
    pub fn provide() {
        let unread = Unread { count: RwSignal::new(None), generation: StoredValue::new(0) };
        provide_context(unread);
        let session = use_session();
        let who = Memo::new(move |_| session.me().map(|me| me.id));
        Effect::new(move |_| match who.get() {
            Some(_) => unread.refresh(),
            None => {
                unread.generation.update_value(|g| *g += 1);
                unread.count.set(None);
            }
        });
    }

    /// The count (reactive); `None` until it is known.
    pub fn count(self) -> Option<u32> {
        self.count.get()
    }

    /// Loads the count again in the background; on failure the last count stays shown.
    pub fn refresh(self) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        spawn_local(async move {
            if let Ok(UnreadCount { unread }) = api::unread_notifications().await
                && self.generation.get_value() == generation
            {
                self.count.set(Some(unread));
            }
        });
    }
}

pub fn use_unread() -> Unread {
    use_context::<Unread>()
        .unwrap_or_else(|| Unread { count: RwSignal::new(None), generation: StoredValue::new(0) })
}

/// The bell link to `/notifications`, with the unread count as a badge and in its name
/// ("3 notifications non lues").
#[component]
pub fn Bell() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let location = use_location();
    // A change of page may follow an action elsewhere: the count is read again.
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            unread.refresh();
        }
        path
    });
    let label = move || match unread.count() {
        None | Some(0) => i18n.t(k::BELL_LABEL_NONE).to_owned(),
        Some(n) if singular(n, i18n.lang()) => i18n.tf(k::BELL_LABEL_ONE, &[("count", &n.to_string())]),
        Some(n) => i18n.tf(k::BELL_LABEL_OTHER, &[("count", &n.to_string())]),
    };
    let badge = move || {
        unread.count().filter(|n| *n > 0).map(|n| {
            let text = if n > 99 { "99+".to_owned() } else { n.to_string() };
            view! { <span class="count" aria-hidden="true">{text}</span> }
        })
    };
    view! {
        <A href="/notifications" attr:class="bell">
            <Icon svg=icon::BELL />
            <span class="visually-hidden">{label}</span>
            {badge}
        </A>
    }
}
