//! `/public/confidentialite`: what SEED keeps about people, why, how long, their rights, cookies.

use crate::i18n::{k, tr};
use leptos::prelude::*;

#[component]
pub fn Privacy() -> impl IntoView {
    view! {
        <article class="privacy">
            <hgroup>
                <h1>{tr(k::PRIVACY_TITLE)}</h1>
                <p>{tr(k::PRIVACY_INTRO)}</p>
            </hgroup>
            <section aria-labelledby="privacy-what">
                <h2 id="privacy-what">{tr(k::PRIVACY_WHAT_TITLE)}</h2>
                <ul>
                    <li>{tr(k::PRIVACY_WHAT_IDENTITY)}</li>
                    <li>{tr(k::PRIVACY_WHAT_SESSIONS)}</li>
                    <li>{tr(k::PRIVACY_WHAT_TOKENS)}</li>
                    <li>{tr(k::PRIVACY_WHAT_AUDIT)}</li>
                </ul>
            </section>
            <section aria-labelledby="privacy-why">
                <h2 id="privacy-why">{tr(k::PRIVACY_WHY_TITLE)}</h2>
                <p>{tr(k::PRIVACY_WHY_BODY)}</p>
            </section>
            <section aria-labelledby="privacy-how-long">
                <h2 id="privacy-how-long">{tr(k::PRIVACY_HOW_LONG_TITLE)}</h2>
                <ul>
                    <li>{tr(k::PRIVACY_HOW_LONG_IDENTITY)}</li>
                    <li>{tr(k::PRIVACY_HOW_LONG_SESSIONS)}</li>
                    <li>{tr(k::PRIVACY_HOW_LONG_TOKENS)}</li>
                    <li>{tr(k::PRIVACY_HOW_LONG_AUDIT)}</li>
                </ul>
            </section>
            <section aria-labelledby="privacy-rights">
                <h2 id="privacy-rights">{tr(k::PRIVACY_RIGHTS_TITLE)}</h2>
                <p>{tr(k::PRIVACY_RIGHTS_BODY)}</p>
            </section>
            <section aria-labelledby="privacy-cookies">
                <h2 id="privacy-cookies">{tr(k::PRIVACY_COOKIES_TITLE)}</h2>
                <p>{tr(k::PRIVACY_COOKIES_BODY)}</p>
                <p>{tr(k::PRIVACY_LANGUAGE_BODY)}</p>
            </section>
        </article>
    }
}
