//! What a page loads: a loading line first, then its content, or what went wrong with a
//! "Réessayer" button. While it loads again, the content already shown stays; after a
//! failure, "Réessayer" brings the loading line back until the answer comes.

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
    let retrying = RwSignal::new(false);
    let retry = Callback::new(move |()| {
        retrying.set(true);
        resource.refetch();
    });
    let content = move || {
        resource.get().map(|result| {
            // A new answer, whatever it is: the retry is over.
            retrying.set(false);
            match result {
                Ok(value) => children(value).into_any(),
                Err(failure) => view! { <Failure failure retry /> }.into_any(),
            }
        })
    };
    view! {
        {move || retrying.get().then(|| view! { <Loading text=loading /> })}
        <Transition fallback=move || view! { <Loading text=loading /> }>{content}</Transition>
    }
}
