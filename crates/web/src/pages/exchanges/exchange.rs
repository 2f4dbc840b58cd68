//! `/echanges/{id}`: one exchange — its members, state, duration and amount, what I can do
//! next (only what the API lists in `next_actions`), its evaluation and its timeline.

use crate::api::{self, ApiFailure, segment};
use crate::components::bell::use_unread;
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView};
use crate::components::guard::RequireRole;
use crate::components::icon::{self, Icon};
use crate::components::member::Stars;
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::pages::exchanges::actions::NextActions;
use crate::pages::exchanges::list::StateBadge;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seed_domain::ErrorCode;
use seed_domain::exchange::{EvaluationView, ExchangeState, ExchangeView, Side, TimelineEntry};
use seed_domain::membership::Role;

#[component]
pub fn ExchangeDetail() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    view! {
        <RequireRole role=Role::Member>
            {move || id.get().map(|id| view! { <ExchangePage id /> })}
        </RequireRole>
    }
}

#[component]
fn ExchangePage(id: String) -> impl IntoView {
    let unread = use_unread();
    let current = RwSignal::new(None::<Result<ExchangeView, ApiFailure>>);
    // Outside the exchange's view, which is built again after each step.
    let done = RwSignal::new(None::<Outcome>);
    let load = move || {
        let id = id.clone();
        spawn_local(async move { current.set(Some(api::exchange(&id).await)) });
    };
    load();
    let on_updated = Callback::new(move |updated: ExchangeView| {
        current.set(Some(Ok(updated)));
        unread.refresh();
    });
    move || match current.get() {
        None => view! { <Loading text=k::EXCHANGE_LOADING /> }.into_any(),
        Some(Err(failure)) => {
            let load = load.clone();
            let hidden = failure.is(ErrorCode::NotFound);
            view! {
                <p>
                    <A href="/echanges">{tr(k::EXCHANGE_BACK)}</A>
                </p>
                <h1>{tr(k::EXCHANGE_TITLE_ERROR)}</h1>
                {if hidden {
                    view! { <p class="empty">{tr(k::EXCHANGE_NOT_FOUND)}</p> }.into_any()
                } else {
                    view! { <Failure failure retry=Callback::new(move |()| load()) /> }.into_any()
                }}
            }
            .into_any()
        }
        Some(Ok(exchange)) => view! { <ExchangeBody exchange on_updated done /> }.into_any(),
    }
}

#[component]
fn ExchangeBody(
    exchange: ExchangeView,
    on_updated: Callback<ExchangeView>,
    done: RwSignal<Option<Outcome>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let side = exchange.side_of(session.id_untracked().as_deref());
    let state = exchange.state;
    let back = if side == Side::Neither && state == ExchangeState::Disputed {
        view! { <A href="/admin/litiges">{tr(k::EXCHANGE_BACK_DISPUTES)}</A> }.into_any()
    } else {
        view! { <A href="/echanges">{tr(k::EXCHANGE_BACK)}</A> }.into_any()
    };
    let member_link = |id: &str, name: &str, me: bool| {
        let name = name.to_owned();
        let href = format!("/membres/{}", segment(id));
        view! {
            <A href=href>{name}</A>
            {me.then(|| view! { " " <small>{tr(k::EXCHANGE_YOU)}</small> })}
        }
    };
    let provider = member_link(&exchange.provider_id, &exchange.provider_name, side == Side::Provider);
    let beneficiary =
        member_link(&exchange.beneficiary_id, &exchange.beneficiary_name, side == Side::Beneficiary);
    let proposal = matches!(state, ExchangeState::Requested | ExchangeState::AwaitingAgreement);
    let minutes_label = if proposal { k::EXCHANGE_MINUTES_PROPOSED } else { k::EXCHANGE_MINUTES_AGREED };
    let amount_label = match state {
        ExchangeState::Requested | ExchangeState::AwaitingAgreement => k::EXCHANGE_AMOUNT_ESTIMATED,
        ExchangeState::Confirmed | ExchangeState::Evaluated => k::EXCHANGE_AMOUNT_PAID,
        _ => k::EXCHANGE_AMOUNT_AGREED,
    };
    let (minutes, amount) = (exchange.minutes, exchange.amount);
    let minutes_text = move || match minutes {
        Some(m) => format::duration(i18n, m),
        None => i18n.t(k::COMMON_NONE).to_owned(),
    };
    let amount_text = move || match amount {
        Some(a) => a.format(i18n.lang()),
        None => i18n.t(k::EXCHANGE_AMOUNT_NOT_YET).to_owned(),
    };
    let listing = exchange.listing_id.clone().map(|id| {
        view! {
            <p>
                <A href=format!("/offres/{}", segment(&id))>{tr(k::EXCHANGE_SEE_LISTING)}</A>
            </p>
        }
    });
    let auto_confirm = exchange.auto_confirm_at.clone().filter(|_| state == ExchangeState::Delivered).map(|at| {
        view! {
            <p class="notice-box">
                <Icon svg=icon::CLOCK />
                " "
                {move || i18n.tf(k::EXCHANGE_AUTO_CONFIRM, &[("date", &format::datetime(&at, i18n.lang()))])}
            </p>
        }
    });
    let evaluation = exchange.evaluation.clone().map(|evaluation| view! { <EvaluationCard evaluation /> });
    let timeline = exchange.timeline.clone();
    view! {
        <p>{back}</p>
        <article class="exchange">
            <header>
                <h1>{exchange.title.clone()}</h1>
                <p>
                    <StateBadge state />
                    " "
                    <span>{tr(labels::exchange_state_hint(state))}</span>
                </p>
            </header>
            <dl class="exchange-facts">
                <div>
                    <dt>{tr(k::EXCHANGE_PROVIDER)}</dt>
                    <dd>{provider}</dd>
                </div>
                <div>
                    <dt>{tr(k::EXCHANGE_BENEFICIARY)}</dt>
                    <dd>{beneficiary}</dd>
                </div>
                <div>
                    <dt>{tr(minutes_label)}</dt>
                    <dd>{minutes_text}</dd>
                </div>
                <div>
                    <dt>{tr(amount_label)}</dt>
                    <dd class="amount-value">{amount_text}</dd>
                </div>
            </dl>
            {listing}
            {auto_confirm}
        </article>
        <OutcomeView outcome=done />
        <NextActions exchange=exchange.clone() on_updated done />
        {evaluation}
        <Timeline entries=timeline />
    }
}

#[component]
fn EvaluationCard(evaluation: EvaluationView) -> impl IntoView {
    let i18n = use_i18n();
    let at = evaluation.at.clone();
    let name = evaluation.evaluator_name.clone();
    let by_staff = evaluation.by_staff;
    let by = move || {
        let key = if by_staff { k::EVALUATION_BY_STAFF } else { k::EVALUATION_BY };
        i18n.tf(key, &[("name", &name), ("date", &format::date(&at, i18n.lang()))])
    };
    let comment = (!evaluation.comment.trim().is_empty())
        .then(|| view! { <blockquote class="pre-line">{evaluation.comment.clone()}</blockquote> });
    view! {
        <section aria-labelledby="evaluation-title">
            <h2 id="evaluation-title">{tr(k::EVALUATION_TITLE)}</h2>
            <p>
                <Stars rating=evaluation.rating />
            </p>
            {comment}
            <p>
                <small>{by}</small>
            </p>
        </section>
    }
}

#[component]
fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let items = entries
        .into_iter()
        .map(|entry| {
            let at = entry.at.clone();
            let who = entry.actor_name.clone();
            let who = move || who.clone().unwrap_or_else(|| i18n.t(k::TIMELINE_SEED).to_owned());
            let note = entry
                .note
                .clone()
                .filter(|n| !n.trim().is_empty())
                .map(|note| view! { <blockquote class="pre-line">{note}</blockquote> });
            let datetime = entry.at.clone();
            view! {
                <li class=format!("action-{}", entry.action.as_str())>
                    <time datetime=datetime>{move || format::datetime(&at, i18n.lang())}</time>
                    <p>
                        <strong>{who}</strong>
                        " "
                        {tr(labels::action_kind(entry.action))}
                    </p>
                    {note}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{tr(k::TIMELINE_TITLE)}</h2>
            <ol class="timeline">{items}</ol>
            <p>
                <small>{tr(k::COMMON_PARIS_TIME)}</small>
            </p>
        </section>
    }
}
