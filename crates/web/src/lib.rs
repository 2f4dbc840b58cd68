//! SEED's web front end, one crate with two entries sharing its components, texts and
//! `domain`: the members' app (`main.rs`) and the public pages for people without an account
//! (`bin/seed-public.rs`, `public/`), a small download of its own.

mod api;
pub mod app;
mod components;
mod format;
mod i18n;
mod labels;
mod pages;
pub mod public;
mod session;

use leptos::prelude::*;

/// Replaces the page's loading state with `app`: at once for French readers; for English
/// readers once their texts are loaded (the loading state stays meanwhile).
pub fn start<N: IntoView + 'static>(app: fn() -> N) {
    if i18n::saved_lang() == i18n::Lang::En {
        // Not Leptos' spawner: it starts with the app.
        wasm_bindgen_futures::spawn_local(async move {
            i18n::load_english().await;
            mount(app);
        });
    } else {
        mount(app);
    }
}

fn mount<N: IntoView + 'static>(app: fn() -> N) {
    // The page's static header and loading state (its HTML) give way to the app.
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app);
}
