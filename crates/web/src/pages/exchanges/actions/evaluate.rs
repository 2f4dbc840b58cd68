//! Evaluating a service received (or settled), once.

use super::*;
use crate::api::{self};
use crate::components::feedback::OutcomeView;
use crate::components::field::{Choice, TextArea, described_by};
use crate::components::form::{FieldErrors, FieldMessage};
use crate::components::icon::{self, Icon};
use crate::i18n::{k, tr, use_i18n};
use leptos::task::spawn_local;
use seed_domain::exchange::Side;
use seed_domain::exchange::{COMMENT_MAX, NewEvaluation, RATING_MAX, RATING_MIN};

/// "Évaluer": 1 to 5 stars (radio buttons) and a comment.
#[component]
pub(super) fn EvaluateAction(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let errors = FieldErrors::new();
    let rating = RwSignal::new(0_u8);
    let comment = RwSignal::new(String::new());
    let about = if ctx.side == Side::Neither { ctx.exchange.provider_name.clone() } else { ctx.other_name() };
    let intro = {
        let about = about.clone();
        move || i18n.tf(k::EVALUATE_INTRO, &[("name", &about)])
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewEvaluation {
            rating: rating.get_untracked(),
            comment: comment.get_untracked().trim().to_owned(),
        };
        let problems = body.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        if !busy.start() {
            return;
        }
        let ctx = ctx.clone();
        let about = about.clone();
        spawn_local(async move {
            match api::evaluate_exchange(&ctx.exchange.id, &body).await {
                Ok(updated) => ctx.finish(k::EVALUATE_DONE, vec![("name", about)], updated),
                Err(failure) => busy.fail(failure, Some(errors)),
            }
        });
    };
    let stars = (RATING_MIN..=RATING_MAX)
        .map(|n| {
            let label = move || {
                let key = if n == 1 { k::EVALUATE_STAR_ONE } else { k::EVALUATE_STAR_OTHER };
                i18n.tf(key, &[("count", &n.to_string())])
            };
            let glyphs: String = (1..=RATING_MAX).map(|i| if i <= n { '★' } else { '☆' }).collect();
            view! {
                <Choice
                    id=format!("evaluate-rating-{n}")
                    name="rating"
                    value=n.to_string()
                    radio=true
                    checked=Signal::derive(move || rating.get() == n)
                    on_change=Callback::new(move |_| rating.set(n))
                >
                    <span class="stars" aria-hidden="true">{glyphs}</span>
                    " "
                    <span>{label}</span>
                </Choice>
            }
        })
        .collect_view();
    view! {
        <div class="action">
            <h3>
                <Icon svg=icon::STAR />
                " "
                {tr(k::EVALUATE_TITLE)}
            </h3>
            <p>{intro}</p>
            <form on:submit=submit novalidate>
                <fieldset class="rating" aria-describedby=described_by("evaluate-rating", "rating", errors, false, None)>
                    <legend>{tr(k::EVALUATE_RATING_LEGEND)}</legend>
                    {stars}
                </fieldset>
                <FieldMessage errors field="rating" id="evaluate-rating-error" />
                <TextArea id="evaluate-comment" field="comment" label=k::EVALUATE_COMMENT_LABEL value=comment errors hint=k::EVALUATE_COMMENT_HINT maxlength=COMMENT_MAX />
                <BusyButton pending=busy.pending label=k::EVALUATE_SUBMIT />
            </form>
            <OutcomeView outcome=busy.failed />
        </div>
    }
}
