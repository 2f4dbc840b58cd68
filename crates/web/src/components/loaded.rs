//! What a page loads: a loading line first, then its content, or what went wrong with a
//! "Réessayer" button. While it loads again, the content already shown stays.

use crate::api::ApiFailure;
use crate::components::feedback::{Failure, Loading};
use crate::i18n::Key;
use leptos::prelude::*;

/// `children` draws the resource's value once it is there.
#[component]
pub fn Loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiFailure>>,
    loading: Key,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    let content = move || {
        resource.get().map(|result| match result {
            Ok(value) => children(value).into_any(),
            Err(failure) => {
                view! { <Failure failure retry=Callback::new(move |()| resource.refetch()) /> }.into_any()
            }
        })
    };
    view! { <Transition fallback=move || view! { <Loading text=loading /> }>{content}</Transition> }
}
