//! SEED's single-page app: replaces the page's loading state with the app.

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod labels;
mod pages;
mod session;

fn main() {
    console_error_panic_hook::set_once();
    // An English reader's texts come first; the loading state stays meanwhile.
    if i18n::saved_lang() == i18n::Lang::En {
        // Not Leptos' spawner: it starts with the app.
        wasm_bindgen_futures::spawn_local(async {
            i18n::load_english().await;
            mount();
        });
    } else {
        mount();
    }
}

fn mount() {
    // The page's static header and loading state (index.html) give way to the app.
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
