//! SEED's single-page app: mounts the app on the page's body.

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
    leptos::mount::mount_to_body(app::App);
}
