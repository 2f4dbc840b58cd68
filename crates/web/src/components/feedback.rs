//! Loading, error and success messages, and the confirmation before an action with
//! consequences.

use crate::api::ApiFailure;
use crate::components::icon::{self, Icon};
use crate::i18n::named::{self, Lookup};
use crate::i18n::{I18n, Key, k, tr, use_i18n};
use leptos::prelude::*;
use seed_domain::Ts;
use seed_domain::problem::serde_json_value::Value;

/// The problem parameters that are amounts (hundredths), shown as TS.
const AMOUNT_PARAMS: &[&str] = &["floor", "short_by", "ceiling", "over_by", "maximum"];

/// The catalogue text of a failure.
pub fn failure_key(failure: &ApiFailure) -> Key {
    failure.message_key().strip_prefix("errors.").and_then(named::errors).unwrap_or(k::ERRORS_UNEXPECTED)
}

/// The text of a failure with its figures ("Il vous manque 3,50 TS…"). With a `context`
/// (`"pay"`), `<context>_errors.<code>` is preferred to `errors.<code>` when it exists.
pub fn failure_text(i18n: I18n, failure: &ApiFailure, context: Option<Lookup>) -> String {
    let key = match (context, failure) {
        (Some(context), ApiFailure::Problem(p)) => context(p.code.as_str()),
        _ => None,
    }
    .unwrap_or_else(|| failure_key(failure));
    let params: Vec<(String, String)> = match failure {
        ApiFailure::Problem(p) => p
            .params
            .iter()
            .map(|(name, value)| {
                let text = match value {
                    Value::Int(n) if AMOUNT_PARAMS.contains(&name.as_str()) => {
                        Ts::from_hundredths(*n).format(i18n.lang())
                    }
                    Value::Int(n) => n.to_string(),
                    Value::Text(t) => t.clone(),
                };
                (name.clone(), text)
            })
            .collect(),
        _ => Vec::new(),
    };
    let args: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    i18n.tf(key, &args)
}

/// What went wrong, in words, with a retry button when `retry` is given. `context` picks the
/// texts of one form (see [`failure_text`]).
#[component]
pub fn Failure(
    failure: ApiFailure,
    #[prop(optional)] retry: Option<Callback<()>>,
    #[prop(optional)] context: Option<Lookup>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || failure_text(i18n, &failure, context);
    view! {
        <div class="alert error" role="alert">
            <p>
                <Icon svg=icon::CIRCLE_ALERT />
                " "
                {text}
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
pub fn OutcomeView(
    outcome: RwSignal<Option<Outcome>>,
    #[prop(optional)] context: Option<Lookup>,
) -> impl IntoView {
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
        Some(Outcome::Failed(failure)) => Some(match context {
            Some(context) => view! { <Failure failure context /> }.into_any(),
            None => view! { <Failure failure /> }.into_any(),
        }),
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
