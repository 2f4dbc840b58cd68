//! A list loaded page by page (`?limit=50&cursor=...`), with "Voir plus", and optional
//! filters sent with every page.

use crate::api::{self, ApiFailure, with_query};
use crate::components::button::BusyButton;
use crate::components::feedback::Failure;
use crate::i18n::k;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;

const LIMIT: &str = "50";

#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    Loading,
    Ready,
    Failed(ApiFailure),
}

/// The items loaded so far, the cursor of the next page, and where the loading stands.
#[derive(Debug)]
pub struct Paged<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
    /// The first page.
    pub first: RwSignal<LoadState>,
    /// The following pages.
    pub more: RwSignal<LoadState>,
    path: StoredValue<String>,
    /// Query parameters sent with every page (`from`, `kind`...).
    filters: StoredValue<Vec<(&'static str, String)>>,
    /// Bumped at each reload: an answer to an older request is dropped.
    generation: StoredValue<u64>,
    /// The id of an item: a later page does not repeat an item already shown.
    id: fn(&T) -> &str,
}

impl<T: Send + Sync + 'static> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Paged<T> {}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Paged<T> {
    /// Starts loading the first page of `path`.
    pub fn new(path: impl Into<String>, id: fn(&T) -> &str) -> Paged<T> {
        let paged = Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            first: RwSignal::new(LoadState::Loading),
            more: RwSignal::new(LoadState::Ready),
            path: StoredValue::new(path.into()),
            filters: StoredValue::new(Vec::new()),
            generation: StoredValue::new(0),
            id,
        };
        paged.reload();
        paged
    }

    /// Replaces the filters (empty values are left out) and loads the first page again.
    pub fn filter(self, filters: Vec<(&'static str, String)>) {
        self.filters.set_value(filters.into_iter().filter(|(_, v)| !v.is_empty()).collect());
        self.reload();
    }

    /// The URL of a page.
    fn url(self, cursor: Option<&str>) -> String {
        let filters = self.filters.get_value();
        let mut params: Vec<(&str, &str)> = vec![("limit", LIMIT)];
        params.extend(filters.iter().map(|(name, value)| (*name, value.as_str())));
        if let Some(cursor) = cursor {
            params.push(("cursor", cursor));
        }
        with_query(&self.path.get_value(), &params)
    }

    fn current(self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Loads the first page again, showing the loading state.
    pub fn reload(self) {
        self.first.set(LoadState::Loading);
        self.fetch_first(false);
    }

    /// Loads the first page again while the current items stay shown (after an action). Pages
    /// loaded beyond the first stay: the first page's items come first, then the older ones
    /// not in it, and "Voir plus" goes on from where it was.
    pub fn refresh(self) {
        self.fetch_first(true);
    }

    fn fetch_first(self, keep_more: bool) {
        self.more.set(LoadState::Ready);
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        spawn_local(async move {
            let result = api::page::<T>(&self.url(None)).await;
            if !self.current(generation) {
                return;
            }
            match result {
                Ok(page) => {
                    let id = self.id;
                    let loaded_more =
                        keep_more && self.items.with_untracked(|items| items.len() > page.items.len());
                    if loaded_more && page.next_cursor.is_some() {
                        self.items.update(|items| {
                            let older: Vec<T> = items
                                .drain(..)
                                .filter(|old| !page.items.iter().any(|new| id(new) == id(old)))
                                .collect();
                            items.extend(page.items);
                            items.extend(older);
                        });
                    } else {
                        self.items.set(page.items);
                        self.next.set(page.next_cursor);
                    }
                    self.first.set(LoadState::Ready);
                }
                Err(failure) => self.first.set(LoadState::Failed(failure)),
            }
        });
    }

    /// Appends the next page.
    pub fn load_more(self) {
        let Some(cursor) = self.next.get_untracked() else {
            return;
        };
        self.more.set(LoadState::Loading);
        let generation = self.generation.get_value();
        spawn_local(async move {
            let result = api::page::<T>(&self.url(Some(&cursor))).await;
            if !self.current(generation) {
                return;
            }
            match result {
                Ok(page) => {
                    let id = self.id;
                    self.items.update(|items| {
                        let fresh: Vec<T> = page
                            .items
                            .into_iter()
                            .filter(|new| !items.iter().any(|old| id(old) == id(new)))
                            .collect();
                        items.extend(fresh);
                    });
                    self.next.set(page.next_cursor);
                    self.more.set(LoadState::Ready);
                }
                Err(failure) => self.more.set(LoadState::Failed(failure)),
            }
        });
    }

    /// Replaces the items `matches` picks by `item`.
    pub fn replace(self, matches: impl Fn(&T) -> bool, item: T) {
        self.items.update(|items| {
            for slot in items.iter_mut().filter(|i| matches(i)) {
                *slot = item.clone();
            }
        });
    }
}

/// The "Voir plus" button under a list, while there is a next page.
#[component]
pub fn MoreButton<T: DeserializeOwned + Clone + Send + Sync + 'static>(paged: Paged<T>) -> impl IntoView {
    let busy = move || paged.more.get() == LoadState::Loading;
    view! {
        {move || match paged.more.get() {
            LoadState::Failed(failure) => {
                Some(view! { <Failure failure retry=Callback::new(move |()| paged.load_more()) /> })
            }
            _ => None,
        }}
        <Show when=move || paged.next.with(Option::is_some)>
            <BusyButton
                pending=Signal::derive(busy)
                label=k::COMMON_MORE
                busy_label=k::COMMON_LOADING_MORE
                class="secondary"
                on_click=Callback::new(move |()| paged.load_more())
            />
        </Show>
    }
}
