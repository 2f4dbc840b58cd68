//! `/compte-ts`, "Mon compte TS": my balance and limits, paying a member, my balance over time
//! and my statement.

use crate::api::{self, ApiFailure};
use crate::components::feedback::{Failure, Loading};
use crate::components::guard::RequireRole;
use crate::components::paged::Paged;
use crate::i18n::{k, tr};
use crate::pages::ledger::chart::BalanceChart;
use crate::pages::ledger::pay::PayForm;
use crate::pages::ledger::statement::Statement;
use crate::pages::ledger::summary::{AccountSummary, Viewer};
use leptos::prelude::*;
use seed_domain::membership::Role;
use seed_domain::timebank::StatementLine;

#[component]
pub fn MyTsAccount() -> impl IntoView {
    view! {
        <RequireRole role=Role::Member>
            <MyTsAccountPage />
        </RequireRole>
    }
}

#[component]
fn MyTsAccountPage() -> impl IntoView {
    let account = LocalResource::new(api::my_account);
    let rules = crate::components::duration::rules_resource();
    let paged = Paged::new(api::MY_STATEMENT, |l: &StatementLine| l.transfer_id.as_str());
    let on_paid = Callback::new(move |()| {
        account.refetch();
        paged.refresh();
    });
    let summary = move || {
        account.get().map(|result| match result {
            Ok(view) => view! { <AccountSummary account=view viewer=Viewer::Holder /> }.into_any(),
            Err(failure) => {
                view! { <AccountFailure failure retry=Callback::new(move |()| account.refetch()) /> }
                    .into_any()
            }
        })
    };
    view! {
        <hgroup>
            <h1>{tr(k::LEDGER_TITLE)}</h1>
            <p>{tr(k::LEDGER_INTRO)}</p>
        </hgroup>
        <Transition fallback=move || view! { <Loading text=k::LEDGER_LOADING /> }>{summary}</Transition>
        <PayForm account rules on_paid />
        <BalanceChart paged own=true />
        <Statement paged csv_path=api::MY_STATEMENT_CSV.to_owned() empty=k::STATEMENT_EMPTY_OWN />
    }
}

/// The account could not be loaded: a member without an account (not yet active) is told so.
#[component]
fn AccountFailure(failure: ApiFailure, retry: Callback<()>) -> impl IntoView {
    if failure.is(seed_domain::ErrorCode::NotFound) {
        view! { <p class="empty">{tr(k::LEDGER_NO_ACCOUNT)}</p> }.into_any()
    } else {
        view! { <Failure failure retry /> }.into_any()
    }
}
