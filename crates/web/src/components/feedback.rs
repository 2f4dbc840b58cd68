//! Loading, error and success messages, and the confirmation before an action with
//! consequences.

use crate::api::ApiFailure;
use crate::components::icon::{self, Icon};
use crate::i18n::{Key, by_name, k, tr, use_i18n};
use leptos::prelude::*;

/// The catalogue text of a failure.
pub fn failure_key(failure: &ApiFailure) -> Key {
    by_name(&failure.message_key()).unwrap_or(k::ERRORS_UNEXPECTED)
}

/// What went wrong, in words, with a retry button when `retry` is given.
#[component]
pub fn Failure(failure: ApiFailure, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    let key = failure_key(&failure);
    view! {
        <div class="alert error" role="alert">
            <p>
                <Icon svg=icon::CIRCLE_ALERT />
                " "
                {tr(key)}
            </p>
            {retry
                .map(|retry| {
                    view! {
                        <button type="button" class="secondary" on:click=move |_| retry.run(())>
                            {tr(k::COMMON_RETRY)}
                        </button>
                    }
                })}
        </div>
    }
}

/// A loading line, announced as busy.
#[component]
pub fn Loading(text: Key) -> impl IntoView {
    view! { <p aria-busy="true">{tr(text)}</p> }
}

/// The result of an action: a success text (with its placeholders) or a failure.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done(Key, Vec<(&'static str, String)>),
    Failed(ApiFailure),
}

impl Outcome {
    pub fn done(key: Key) -> Outcome {
        Outcome::Done(key, Vec::new())
    }
}

/// Where the outcome of the actions of a section shows: a polite status region that is always
/// there (so screen readers announce what appears in it), and an alert for failures.
#[component]
pub fn OutcomeView(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let done = move || match outcome.get() {
        Some(Outcome::Done(key, args)) => {
            let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
            Some(view! {
                <p class="notice">
                    <Icon svg=icon::CIRCLE_CHECK />
                    " "
                    {i18n.tf(key, &args)}
                </p>
            })
        }
        _ => None,
    };
    let failed = move || match outcome.get() {
        Some(Outcome::Failed(failure)) => Some(view! { <Failure failure /> }),
        _ => None,
    };
    view! {
        <div role="status" class="outcome">{done}</div>
        {failed}
    }
}

/// Asks the browser's confirmation dialog; `false` when the person cancels (or no dialog).
pub fn confirm(text: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(text).ok()).unwrap_or(false)
}
