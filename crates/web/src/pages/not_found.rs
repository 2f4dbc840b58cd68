//! The page for an address SEED does not know, with a way back home.

use crate::i18n::{k, tr};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <article>
            <h1>{tr(k::NOTFOUND_TITLE)}</h1>
            <p>{tr(k::NOTFOUND_BODY)}</p>
            <A href="/">{tr(k::NOTFOUND_BACK)}</A>
        </article>
    }
}
