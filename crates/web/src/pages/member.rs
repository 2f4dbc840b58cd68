//! `/membres/{id}`: a member in the time bank — what they gave and received, their exchanges,
//! their average rating and the evaluations of the services they gave.

use crate::api::{self};
use crate::components::feedback::{Failure, Loading};
use crate::components::guard::RequireRole;
use crate::components::member::{MemberFigures, Stars, average_text};
use crate::format;
use crate::i18n::{k, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seed_domain::ErrorCode;
use seed_domain::exchange::EvaluationView;
use seed_domain::membership::Role;
use seed_domain::notification::MemberPage;

#[component]
pub fn Member() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    view! {
        <RequireRole role=Role::Member>
            {move || id.get().map(|id| view! { <MemberPageView id /> })}
        </RequireRole>
    }
}

#[component]
fn MemberPageView(id: String) -> impl IntoView {
    let page = LocalResource::new(move || {
        let id = id.clone();
        async move { api::member_page(&id).await }
    });
    let content = move || {
        page.get().map(|result| match result {
            Ok(page) => view! { <MemberContent page /> }.into_any(),
            Err(failure) if failure.is(ErrorCode::NotFound) => view! {
                <h1>{tr(k::MEMBER_TITLE_ERROR)}</h1>
                <p class="empty">{tr(k::MEMBER_NOT_FOUND)}</p>
                <A href="/offres">{tr(k::MEMBER_BROWSE)}</A>
            }
            .into_any(),
            Err(failure) => view! {
                <h1>{tr(k::MEMBER_TITLE_ERROR)}</h1>
                <Failure failure retry=Callback::new(move |()| page.refetch()) />
            }
            .into_any(),
        })
    };
    view! { <Transition fallback=move || view! { <Loading text=k::MEMBER_LOADING /> }>{content}</Transition> }
}

#[component]
fn MemberContent(page: MemberPage) -> impl IntoView {
    let i18n = use_i18n();
    let average = page.average_rating_tenths.map(|tenths| {
        view! {
            <p class="average">
                <span class="visually-hidden">{tr(k::MEMBER_AVERAGE)} " "</span>
                <strong>{move || average_text(i18n, tenths)}</strong>
            </p>
        }
    });
    let evaluations = page.evaluations.clone();
    let list = if evaluations.is_empty() {
        view! { <p class="empty">{tr(k::MEMBER_NO_EVALUATION)}</p> }.into_any()
    } else {
        view! {
            <ul class="evaluations">
                {evaluations.into_iter().map(|evaluation| view! { <EvaluationItem evaluation /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h1>{page.display_name.clone()}</h1>
        {average}
        <section aria-labelledby="member-figures-title">
            <h2 id="member-figures-title">{tr(k::MEMBER_FIGURES_TITLE)}</h2>
            <MemberFigures page=page.clone() />
        </section>
        <section aria-labelledby="member-evaluations-title">
            <h2 id="member-evaluations-title">{tr(k::MEMBER_EVALUATIONS_TITLE)}</h2>
            {list}
        </section>
    }
}

#[component]
fn EvaluationItem(evaluation: EvaluationView) -> impl IntoView {
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
        <li>
            <article class="evaluation">
                <Stars rating=evaluation.rating />
                {comment}
                <p>
                    <small>{by}</small>
                </p>
            </article>
        </li>
    }
}
