//! Header, navigation, language switch and footer around every page.

use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{tr(k::APP_SKIP)}</a>
        <header class="container">
            <nav aria-label=tr(k::NAV_LABEL)>
                <ul>
                    <li>
                        <A href="/" attr:class="brand">
                            <Icon svg=icon::HEART_HANDSHAKE />
                            {tr(k::APP_NAME)}
                            <small>{tr(k::APP_TAGLINE)}</small>
                        </A>
                    </li>
                </ul>
                <ul>
                    <li><A href="/">{tr(k::NAV_HOME)}</A></li>
                    <li>
                        <button
                            type="button"
                            class="outline secondary"
                            aria-label=tr(k::LANG_SWITCH_LABEL)
                            on:click=move |_| i18n.toggle()
                        >
                            <Icon svg=icon::LANGUAGES />
                            " "
                            {tr(k::LANG_SWITCH)}
                        </button>
                    </li>
                </ul>
            </nav>
        </header>
        <main class="container" id="main" tabindex="-1">{children()}</main>
        <footer class="container site">
            <p>
                {tr(k::FOOTER_ASSOCIATION)}
                " · "
                <a href="/api/docs/" rel="external">
                    <Icon svg=icon::BOOK_OPEN />
                    " "
                    {tr(k::NAV_DOCS)}
                </a>
                " · "
                {move || i18n.tf(k::FOOTER_VERSION, &[("version", env!("CARGO_PKG_VERSION"))])}
            </p>
        </footer>
    }
}
