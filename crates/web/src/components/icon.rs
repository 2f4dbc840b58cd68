//! Lucide icons, inlined at build time by `build.rs`.

use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/icons.rs"));

/// A decorative icon (hidden from screen readers: the text next to it says what it means).
#[component]
pub fn Icon(svg: &'static str, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! { <span class=format!("icon {class}") inner_html=svg></span> }
}
