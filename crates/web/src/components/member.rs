//! A member as others see them before an exchange: their rating, what they gave and received.

use crate::api::{self, segment};
use crate::components::loaded::Loaded;
use crate::format;
use crate::i18n::{k, singular, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use seed_domain::notification::MemberPage;
use seed_domain::timebank::GiveReceive;

/// A rating as stars, read out as "4 sur 5".
#[component]
pub fn Stars(rating: u8) -> impl IntoView {
    let i18n = use_i18n();
    let stars: String = (1..=5).map(|i| if i <= rating { '★' } else { '☆' }).collect();
    view! {
        <span class="stars">
            <span aria-hidden="true">{stars}</span>
            <span class="visually-hidden">
                {move || i18n.tf(k::STARS_LABEL, &[("rating", &rating.to_string())])}
            </span>
        </span>
    }
}

/// The average rating, "4,3 / 5", from tenths (no float).
pub fn average_text(i18n: crate::i18n::I18n, tenths: u32) -> String {
    i18n.tf(k::MEMBER_AVERAGE_VALUE, &[("rating", &format::tenths(tenths, i18n.lang()))])
}

/// What someone gave and received ("3 services · 15,00 TS reçus"): two entries of a `<dl>`,
/// on an account's summary and on a member's page.
#[component]
pub fn GivenReceived(totals: GiveReceive) -> impl IntoView {
    let i18n = use_i18n();
    let given = move || {
        let lang = i18n.lang();
        let count = totals.given_count;
        let key = if singular(count, lang) { k::LEDGER_GIVEN_ONE } else { k::LEDGER_GIVEN_OTHER };
        i18n.tf(key, &[("count", &count.to_string()), ("amount", &totals.given_amount.format(lang))])
    };
    let received = move || {
        let lang = i18n.lang();
        let count = totals.received_count;
        let key = if singular(count, lang) { k::LEDGER_RECEIVED_ONE } else { k::LEDGER_RECEIVED_OTHER };
        i18n.tf(key, &[("count", &count.to_string()), ("amount", &totals.received_amount.format(lang))])
    };
    view! {
        <div>
            <dt>{tr(k::LEDGER_GIVEN)}</dt>
            <dd>{given}</dd>
        </div>
        <div>
            <dt>{tr(k::LEDGER_RECEIVED)}</dt>
            <dd>{received}</dd>
        </div>
    }
}

/// The figures of a member page: what they gave and received, their exchanges and rating.
#[component]
pub fn MemberFigures(page: MemberPage) -> impl IntoView {
    let i18n = use_i18n();
    let totals = page.totals.clone();
    let (given_count, received_count) = (page.exchanges_given, page.exchanges_received);
    let exchanges = move || {
        i18n.tf(
            k::MEMBER_EXCHANGES_VALUE,
            &[("given", &given_count.to_string()), ("received", &received_count.to_string())],
        )
    };
    let evaluations = u32::try_from(page.evaluations.len()).unwrap_or(u32::MAX);
    let average = page.average_rating_tenths;
    let rating = move || match average {
        Some(tenths) => {
            let key = if singular(evaluations, i18n.lang()) {
                k::MEMBER_AVERAGE_COUNT_ONE
            } else {
                k::MEMBER_AVERAGE_COUNT_OTHER
            };
            format!("{} {}", average_text(i18n, tenths), i18n.tf(key, &[("count", &evaluations.to_string())]))
        }
        None => i18n.t(k::MEMBER_NO_RATING).to_owned(),
    };
    view! {
        <dl class="totals member-figures">
            <GivenReceived totals />
            <div>
                <dt>{tr(k::MEMBER_EXCHANGES)}</dt>
                <dd>{exchanges}</dd>
            </div>
            <div>
                <dt>{tr(k::MEMBER_AVERAGE)}</dt>
                <dd>{rating}</dd>
            </div>
        </dl>
    }
}

/// What a member gave and received, loaded from their page: shown before committing to an
/// exchange with them.
#[component]
pub fn MemberTotals(member_id: String, name: String, heading_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/membres/{}", segment(&member_id));
    let page = LocalResource::new(move || {
        let id = member_id.clone();
        async move { api::member_page(&id).await }
    });
    let title = {
        let name = name.clone();
        move || i18n.tf(k::MEMBER_TOTALS_TITLE, &[("name", &name)])
    };
    let link = move || i18n.tf(k::MEMBER_PAGE_LINK, &[("name", &name)]);
    view! {
        <section class="member-totals" aria-labelledby=heading_id>
            <h3 id=heading_id>{title}</h3>
            <Loaded resource=page loading=k::MEMBER_LOADING let:page><MemberFigures page /></Loaded>
            <A href=href>{link}</A>
        </section>
    }
}
