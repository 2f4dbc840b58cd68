//! "J'ai rendu le service": the member served is asked to confirm.

use super::*;
use crate::api::{self};
use crate::components::duration::RulesResource;
use crate::components::feedback::OutcomeView;
use crate::components::icon;
use crate::i18n::{k, tr, use_i18n};
use leptos::task::spawn_local;

/// "J'ai rendu le service": the member served is asked to confirm.
#[component]
pub(super) fn DeliverAction(ctx: Ctx, rules: RulesResource) -> impl IntoView {
    let i18n = use_i18n();
    let busy = Busy::new();
    let name = ctx.other_name();
    let hint = {
        let name = name.clone();
        move || match rules.get().and_then(Result::ok) {
            Some(r) => {
                i18n.tf(k::DELIVER_HINT_DAYS, &[("name", &name), ("days", &r.auto_confirm_days.to_string())])
            }
            None => i18n.tf(k::DELIVER_HINT, &[("name", &name)]),
        }
    };
    let run = move |_| {
        if !busy.start() {
            return;
        }
        let ctx = ctx.clone();
        let name = name.clone();
        spawn_local(async move {
            match api::exchange_step(&ctx.exchange.id, "deliver").await {
                Ok(updated) => ctx.finish(k::DELIVER_DONE, vec![("name", name)], updated),
                Err(failure) => busy.fail(failure, None),
            }
        });
    };
    view! {
        <div class="action">
            <h3>{tr(k::DELIVER_TITLE)}</h3>
            <p>{hint}</p>
            <BusyButton pending=busy.pending label=k::DELIVER_SUBMIT icon=icon::CIRCLE_CHECK on_click=Callback::new(run) />
            <OutcomeView outcome=busy.failed />
        </div>
    }
}
