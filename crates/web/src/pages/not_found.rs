//! The page for an address SEED does not know, with a way back home; both entries show it.

use crate::i18n::{k, tr};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <article>
            <h1>{tr(k::NOTFOUND_TITLE)}</h1>
            <p>{tr(k::NOTFOUND_BODY)}</p>
            // A plain link: the app's router follows it, and from a public page it opens the app.
            <a href="/">{tr(k::NOTFOUND_BACK)}</a>
        </article>
    }
}
