//! "Payer un membre": find the person, the amount and what it is for; the confirmation says
//! what will be left; one `Idempotency-Key` per payment, so a retry never pays twice.

use crate::api::{self, ApiFailure, OnceKey};
use crate::components::button::BusyButton;
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView, confirm};
use crate::components::field::Choice;
use crate::components::field::TextField;
use crate::components::field::described_by;
use crate::components::form::{FieldErrors, parse_amount};
use crate::components::icon::{self, Icon};
use crate::i18n::named;
use crate::i18n::{k, tr, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::ledger::{AccountKind, AccountState, TransferKind, TsRules, check_transfer};
use seed_domain::timebank::{AccountView, MEMO_MAX, NewPayment, Payee, payee_needle};
use seed_domain::{FieldError, Ts};
use std::time::Duration;

/// The pause in typing after which the search runs.
const SEARCH_DELAY: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, PartialEq)]
enum Search {
    /// Fewer than two letters.
    Idle,
    Loading,
    Found(Vec<Payee>),
    Failed(ApiFailure),
}

/// The payment form, for the holder of `account` (hidden while it loads, or once it is closed).
#[component]
pub fn PayForm(
    account: LocalResource<Result<AccountView, ApiFailure>>,
    rules: LocalResource<Result<TsRules, ApiFailure>>,
    on_paid: Callback<()>,
) -> impl IntoView {
    let state = Memo::new(move |_| account.get().and_then(Result::ok).map(|a| a.closed));
    move || match state.get() {
        None => ().into_any(),
        Some(true) => view! {
            <section aria-labelledby="pay-title">
                <h2 id="pay-title">{tr(k::PAY_TITLE)}</h2>
                <p class="empty">{tr(k::PAY_CLOSED)}</p>
            </section>
        }
        .into_any(),
        Some(false) => view! { <PayFormOpen account rules on_paid /> }.into_any(),
    }
}

#[component]
fn PayFormOpen(
    account: LocalResource<Result<AccountView, ApiFailure>>,
    rules: LocalResource<Result<TsRules, ApiFailure>>,
    on_paid: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let search = RwSignal::new(Search::Idle);
    let generation = StoredValue::new(0_u64);
    let chosen = RwSignal::new(None::<Payee>);
    let amount = RwSignal::new(String::new());
    let memo = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let key = OnceKey::new();

    let on_search = move |text: String| {
        chosen.set(None);
        let generation_now = generation.get_value() + 1;
        generation.set_value(generation_now);
        let Some(needle) = payee_needle(&text) else {
            search.set(Search::Idle);
            return;
        };
        search.set(Search::Loading);
        set_timeout(
            move || {
                if generation.get_value() != generation_now {
                    return;
                }
                spawn_local(async move {
                    let result = api::payees(&needle).await;
                    if generation.get_value() != generation_now {
                        return;
                    }
                    search.set(match result {
                        Ok(found) => Search::Found(found),
                        Err(failure) => Search::Failed(failure),
                    });
                });
            },
            SEARCH_DELAY,
        );
    };

    let max = move || rules.get().and_then(Result::ok).map(|r| r.max_per_exchange);
    let preview = move || {
        let parsed = Ts::parse(&amount.get()).ok().filter(|a| a.is_positive())?;
        Some(i18n.tf(k::PAY_AMOUNT_PREVIEW, &[("amount", &parsed.format(i18n.lang()))]))
    };
    let amount_hint = move || match max() {
        Some(max) => i18n.tf(k::PAY_AMOUNT_HINT_MAX, &[("max", &max.format(i18n.lang()))]),
        None => i18n.t(k::PAY_AMOUNT_HINT).to_owned(),
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let Some(Ok(mine)) = account.get_untracked() else {
            return;
        };
        let payee = chosen.get_untracked();
        let parsed = parse_amount("amount", &amount.get_untracked(), false);
        let request = NewPayment {
            to_account: payee.as_ref().map(|p| p.account_id.clone()).unwrap_or_default(),
            amount: parsed.clone().unwrap_or_default(),
            memo: memo.get_untracked().trim().to_owned(),
        };
        let mut problems: Vec<FieldError> = Vec::new();
        if let Err(error) = &parsed {
            problems.push(error.clone());
        }
        problems.extend(request.validate().into_iter().filter(|e| e.field != "amount" || parsed.is_ok()));
        let (Some(payee), Ok(value), true) = (payee, parsed, problems.is_empty()) else {
            errors.set(problems);
            return;
        };
        errors.clear();

        // The same rules as the API, on what this page knows (the payee's ceiling is checked by
        // the API only): a payment sure to be refused says why before asking.
        let from = AccountState {
            id: mine.id.clone(),
            kind: mine.kind,
            balance: mine.balance,
            floor: mine.floor,
            ceiling: mine.ceiling,
            closed: mine.closed,
        };
        let to = AccountState {
            id: payee.account_id.clone(),
            kind: AccountKind::Member,
            balance: Ts::ZERO,
            floor: None,
            ceiling: None,
            closed: false,
        };
        let maximum = max().unwrap_or(Ts::from_hundredths(i64::MAX));
        if let Err(refusal) = check_transfer(&from, &to, value, TransferKind::Payment, maximum) {
            outcome.set(Some(Outcome::Failed(ApiFailure::Problem(Box::new(refusal.problem())))));
            return;
        }

        let lang = i18n.lang();
        let left = mine.balance.checked_sub(value).unwrap_or_default();
        let question = i18n.tf(
            k::PAY_CONFIRM,
            &[("amount", &value.format(lang)), ("name", &payee.display_name), ("left", &left.format(lang))],
        );
        if !confirm(&question) {
            return;
        }
        let idempotency_key = key.key_for(format!("{request:?}"));
        pending.set(true);
        spawn_local(async move {
            let result = api::pay(&request, &idempotency_key).await;
            key.settle(&result);
            match result {
                Ok(_) => {
                    outcome.set(Some(Outcome::Done(
                        k::PAY_DONE,
                        vec![("amount", value.format(lang)), ("name", payee.display_name.clone())],
                    )));
                    query.set(String::new());
                    search.set(Search::Idle);
                    chosen.set(None);
                    amount.set(String::new());
                    memo.set(String::new());
                    on_paid.run(());
                }
                Err(failure) => {
                    errors.set(failure.field_errors().to_vec());
                    outcome.set(Some(Outcome::Failed(failure)));
                }
            }
            pending.set(false);
        });
    };

    let results = move || {
        match search.get() {
        Search::Idle => None,
        Search::Loading => Some(view! { <Loading text=k::PAY_SEARCHING /> }.into_any()),
        Search::Failed(failure) => Some(view! { <Failure failure /> }.into_any()),
        Search::Found(found) if found.is_empty() => {
            let needle = query.get_untracked().trim().to_owned();
            Some(
                view! { <p class="empty">{move || i18n.tf(k::PAY_NO_MATCH, &[("query", &needle)])}</p> }
                    .into_any(),
            )
        }
        Search::Found(found) => Some(
            view! {
                <fieldset class="payees" aria-describedby=described_by("pay-search", "to_account", errors, false, None)>
                    <legend>{tr(k::PAY_PICK)}</legend>
                    {found
                        .into_iter()
                        .map(|payee| {
                            let account_id = payee.account_id.clone();
                            let name = payee.display_name.clone();
                            view! {
                                <Choice
                                    id=format!("payee-{}", payee.account_id)
                                    name="payee"
                                    value=payee.account_id.clone()
                                    radio=true
                                    checked=Signal::derive(move || {
                                        chosen.with(|c| c.as_ref().map(|c| c.account_id.as_str()) == Some(account_id.as_str()))
                                    })
                                    on_change=Callback::new(move |_| chosen.set(Some(payee.clone())))
                                >
                                    {name}
                                </Choice>
                            }
                        })
                        .collect_view()}
                </fieldset>
            }
            .into_any(),
        ),
    }
    };

    view! {
        <section aria-labelledby="pay-title">
            <h2 id="pay-title">
                <Icon svg=icon::SEND />
                " "
                {tr(k::PAY_TITLE)}
            </h2>
            <p>{tr(k::PAY_INTRO)}</p>
            <form class="pay" on:submit=submit novalidate>
                <TextField
                    id="pay-search"
                    field="to_account"
                    label=k::PAY_SEARCH_LABEL
                    value=query
                    errors
                    hint=k::PAY_SEARCH_HINT
                    kind="search"
                    on_input=Callback::new(on_search)
                >
                    <div aria-live="polite">{results}</div>
                </TextField>
                {move || {
                    chosen
                        .get()
                        .map(|payee| {
                            view! {
                                <p class="chosen">
                                    {move || i18n.tf(k::PAY_CHOSEN, &[("name", &payee.display_name)])}
                                </p>
                            }
                        })
                }}

                <TextField id="pay-amount" field="amount" label=k::PAY_AMOUNT_LABEL value=amount errors inputmode="decimal" described_by="pay-amount-hint pay-amount-preview">
                    <small id="pay-amount-hint">{amount_hint}</small>
                    <small id="pay-amount-preview" class="preview" aria-live="polite">{preview}</small>
                </TextField>

                <TextField id="pay-memo" field="memo" label=k::PAY_MEMO_LABEL value=memo errors hint=k::PAY_MEMO_HINT maxlength=MEMO_MAX />

                <BusyButton pending label=k::PAY_SUBMIT busy_label=k::PAY_PENDING />
                <OutcomeView outcome context=named::pay_errors />
            </form>
        </section>
    }
}
