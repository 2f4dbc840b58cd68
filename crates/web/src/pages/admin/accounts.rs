//! `/admin/comptes`: every TS account (staff and admins), and `/admin/comptes/{id}`: one
//! account with its statement, where staff reverse a line, adjust the balance or change a
//! member account's limits, and admins settle a closed account.

use crate::api::{self, ApiFailure, OnceKey, segment};
use crate::components::button::BusyButton;
use crate::components::feedback::{Outcome, OutcomeView, confirm};
use crate::components::field::TextField;
use crate::components::form::{FieldErrors, parse_amount};
use crate::components::guard::RequireRole;
use crate::components::loaded::Loaded;
use crate::components::paged::Paged;
use crate::format;
use crate::i18n::named;
use crate::i18n::{k, tr, use_i18n};
use crate::labels;
use crate::pages::ledger::chart::BalanceChart;
use crate::pages::ledger::statement::{Reversals, Statement};
use crate::pages::ledger::summary::{AccountSummary, Viewer};
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seed_domain::ledger::{AccountKind, AccountLimits};
use seed_domain::membership::Role;
use seed_domain::timebank::{AccountView, MEMO_MAX, NewAdjustment, StatementLine};
use seed_domain::{FieldError, Ts};

type AccountResource = LocalResource<Result<AccountView, ApiFailure>>;

#[component]
pub fn Accounts() -> impl IntoView {
    view! {
        <RequireRole role=Role::Staff>
            <AccountsPage />
        </RequireRole>
    }
}

#[component]
fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let accounts = LocalResource::new(api::accounts);
    let needle = RwSignal::new(String::new());
    let list = move |all: Vec<AccountView>| {
        if all.is_empty() {
            return view! { <p class="empty">{tr(k::ACCOUNTS_EMPTY)}</p> }.into_any();
        }
        let shown = move || {
            let wanted = needle.get().trim().to_lowercase();
            all.iter()
                .filter(|a| {
                    wanted.is_empty()
                        || labels::holder(i18n, a.holder_name.as_deref(), a.kind)
                            .to_lowercase()
                            .contains(&wanted)
                })
                .cloned()
                .collect::<Vec<_>>()
        };
        view! {
            {move || {
                let rows = shown();
                if rows.is_empty() {
                    let wanted = needle.get().trim().to_owned();
                    view! {
                        <p class="empty">{move || i18n.tf(k::ACCOUNTS_NO_MATCH, &[("query", &wanted)])}</p>
                    }
                    .into_any()
                } else {
                    view! { <AccountsTable rows /> }.into_any()
                }
            }}
        }
        .into_any()
    };
    view! {
        <hgroup>
            <h1>{tr(k::ACCOUNTS_TITLE)}</h1>
            <p>{tr(k::ACCOUNTS_INTRO)}</p>
        </hgroup>
        <form aria-label=tr(k::ACCOUNTS_SEARCH_LABEL) on:submit=|ev| ev.prevent_default()>
            <TextField id="accounts-search" field="q" label=k::ACCOUNTS_SEARCH_LABEL value=needle kind="search" />
        </form>
        <Loaded resource=accounts loading=k::ACCOUNTS_LOADING let:value>{list(value)}</Loaded>
    }
}

#[component]
fn AccountsTable(rows: Vec<AccountView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="overflow-auto">
            <table class="cards accounts">
                <thead>
                    <tr>
                        <th scope="col">{tr(k::ACCOUNTS_COL_HOLDER)}</th>
                        <th scope="col">{tr(k::ACCOUNTS_COL_KIND)}</th>
                        <th scope="col" class="amount">{tr(k::ACCOUNTS_COL_BALANCE)}</th>
                        <th scope="col">{tr(k::ACCOUNTS_COL_STATE)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|account| {
                            let balance = account.balance;
                            let class = if balance.is_negative() { "amount debit" } else { "amount" };
                            let state = if account.closed { k::ACCOUNTS_CLOSED } else { k::ACCOUNTS_OPEN };
                            view! {
                                <tr>
                                    <th scope="row" data-label=tr(k::ACCOUNTS_COL_HOLDER)>
                                        <A href=format!("/admin/comptes/{}", segment(&account.id))>
                                            {labels::holder(i18n, account.holder_name.as_deref(), account.kind)}
                                        </A>
                                    </th>
                                    <td data-label=tr(k::ACCOUNTS_COL_KIND)>{tr(labels::account_kind(account.kind))}</td>
                                    <td data-label=tr(k::ACCOUNTS_COL_BALANCE) class=class>
                                        {move || balance.format(i18n.lang())}
                                    </td>
                                    <td data-label=tr(k::ACCOUNTS_COL_STATE)>
                                        <span class=if account.closed { "status inactive" } else { "status" }>
                                            {tr(state)}
                                        </span>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn AccountDetail() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    view! {
        <RequireRole role=Role::Staff>
            {move || id.get().map(|id| view! { <AccountDetailPage id /> })}
        </RequireRole>
    }
}

#[component]
fn AccountDetailPage(id: String) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let admin = session.role_untracked() == Some(Role::Admin);
    let account: AccountResource = {
        let id = id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { api::account(&id).await }
        })
    };
    let paged = Paged::new(api::account_statement(&id), |l: &StatementLine| l.transfer_id.as_str());
    let on_done = Callback::new(move |()| {
        account.refetch();
        paged.refresh();
    });
    let loaded = Memo::new(move |_| account.get().and_then(Result::ok));
    let reversals = Reversals { balance: Signal::derive(move || loaded.get().map(|a| a.balance)), on_done };

    let title = move || match loaded.get() {
        Some(a) => i18n.tf(
            k::ACCOUNT_DETAIL_TITLE,
            &[("name", &labels::holder(i18n, a.holder_name.as_deref(), a.kind))],
        ),
        None => i18n.t(k::ACCOUNT_DETAIL_TITLE_LOADING).to_owned(),
    };
    // Who and whether closed: the forms below are built once per account, not at each reload.
    let holder =
        Memo::new(move |_| loaded.get().map(|a| (a.id.clone(), a.holder_name.clone(), a.closed, a.kind)));
    let balance = reversals.balance;
    let tools = move || {
        holder.get().and_then(|(id, name, closed, kind)| {
            // Read once: a language switch must not rebuild the forms and lose what was typed.
            let name = untrack(|| labels::holder(i18n, name.as_deref(), kind));
            if closed {
                admin.then(|| view! { <Settle account_id=id name balance on_done /> }.into_any())
            } else if kind == AccountKind::Issuance {
                // Adjustments come from issuance: it cannot adjust itself.
                None
            } else if kind == AccountKind::Member {
                let limits = loaded.get_untracked().map(|a| (a.floor, a.ceiling)).unwrap_or_default();
                Some(
                    view! {
                        <Adjust account_id=id.clone() name=name.clone() balance on_done />
                        <Limits account_id=id name limits on_done />
                    }
                    .into_any(),
                )
            } else {
                Some(view! { <Adjust account_id=id name balance on_done /> }.into_any())
            }
        })
    };
    view! {
        <p>
            <A href="/admin/comptes">{tr(k::ACCOUNT_DETAIL_BACK)}</A>
        </p>
        <h1>{title}</h1>
        <Loaded resource=account loading=k::LEDGER_LOADING let:view><AccountSummary account=view viewer=Viewer::Staff /></Loaded>
        {tools}
        <BalanceChart paged own=false />
        <Statement paged csv_path=api::account_statement_csv(&id) empty=k::STATEMENT_EMPTY_STAFF reversals />
    }
}

/// "Ajustement": TS from the association to the account, or back (staff).
#[component]
fn Adjust(
    account_id: String,
    name: String,
    balance: Signal<Option<Ts>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let key = OnceKey::new();

    let preview = move || {
        let parsed = Ts::parse_signed(&amount.get()).ok().filter(|a| *a != Ts::ZERO)?;
        Some(i18n.tf(k::ADJUST_PREVIEW, &[("amount", &format::signed(parsed, i18n.lang()))]))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let parsed = parse_amount("amount", &amount.get_untracked(), true);
        let request = NewAdjustment {
            account: account_id.clone(),
            amount: parsed.clone().unwrap_or_default(),
            reason: reason.get_untracked().trim().to_owned(),
        };
        let mut problems: Vec<FieldError> = parsed.clone().err().into_iter().collect();
        problems.extend(request.validate().into_iter().filter(|e| e.field != "amount" || parsed.is_ok()));
        let (Ok(value), true) = (parsed, problems.is_empty()) else {
            errors.set(problems);
            return;
        };
        errors.clear();
        let lang = i18n.lang();
        let Some(before) = balance.get_untracked() else {
            return;
        };
        let after = before.checked_add(value).unwrap_or_default();
        let question = i18n.tf(
            k::ADJUST_CONFIRM,
            &[
                ("name", &name),
                ("amount", &format::signed(value, lang)),
                ("before", &before.format(lang)),
                ("after", &after.format(lang)),
            ],
        );
        if !confirm(&question) {
            return;
        }
        let idempotency_key = key.key_for(format!("{request:?}"));
        pending.set(true);
        spawn_local(async move {
            let result = api::adjust(&request, &idempotency_key).await;
            key.settle(&result);
            match result {
                Ok(_) => {
                    outcome.set(Some(Outcome::Done(
                        k::ADJUST_DONE,
                        vec![("amount", format::signed(value, lang)), ("after", after.format(lang))],
                    )));
                    amount.set(String::new());
                    reason.set(String::new());
                    on_done.run(());
                }
                Err(failure) => {
                    errors.set(failure.field_errors().to_vec());
                    outcome.set(Some(Outcome::Failed(failure)));
                }
            }
            pending.set(false);
        });
    };
    view! {
        <section aria-labelledby="adjust-title">
            <h2 id="adjust-title">{tr(k::ADJUST_TITLE)}</h2>
            <p>{tr(k::ADJUST_INTRO)}</p>
            <form on:submit=submit novalidate>
                <div class="grid">
                    <div>
                        <TextField id="adjust-amount" field="amount" label=k::ADJUST_AMOUNT_LABEL value=amount errors hint=k::ADJUST_AMOUNT_HINT described_by="adjust-amount-preview">
                            <small id="adjust-amount-preview" class="preview" aria-live="polite">{preview}</small>
                        </TextField>
                    </div>
                    <div>
                        <TextField id="adjust-reason" field="reason" label=k::ADJUST_REASON_LABEL value=reason errors hint=k::ADJUST_REASON_HINT maxlength=MEMO_MAX />
                    </div>
                </div>
                <BusyButton pending label=k::ADJUST_SUBMIT />
                <OutcomeView outcome />
            </form>
        </section>
    }
}

/// "Limites du compte": the floor and ceiling of a member's account (staff); they apply to
/// later transfers, and the API refuses limits the balance is already outside of.
#[component]
fn Limits(
    account_id: String,
    name: String,
    limits: (Option<Ts>, Option<Ts>),
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let floor = RwSignal::new(limits.0.map(|t| t.to_input(lang)).unwrap_or_default());
    let ceiling = RwSignal::new(limits.1.map(|t| t.to_input(lang)).unwrap_or_default());
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let parsed_floor = parse_amount("floor", &floor.get_untracked(), true);
        let parsed_ceiling = parse_amount("ceiling", &ceiling.get_untracked(), false);
        let mut problems: Vec<FieldError> =
            [parsed_floor.clone().err(), parsed_ceiling.clone().err()].into_iter().flatten().collect();
        let (Ok(new_floor), Ok(new_ceiling)) = (parsed_floor, parsed_ceiling) else {
            errors.set(problems);
            return;
        };
        let request = AccountLimits { floor: new_floor, ceiling: new_ceiling };
        problems.extend(request.validate());
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        let (account_id, name) = (account_id.clone(), name.clone());
        spawn_local(async move {
            match api::set_account_limits(&account_id, &request).await {
                Ok(_) => {
                    let lang = i18n.lang();
                    outcome.set(Some(Outcome::Done(
                        k::LIMITS_DONE,
                        vec![
                            ("name", name),
                            ("floor", new_floor.format(lang)),
                            ("ceiling", new_ceiling.format(lang)),
                        ],
                    )));
                    on_done.run(());
                }
                Err(failure) => {
                    errors.set(failure.field_errors().to_vec());
                    outcome.set(Some(Outcome::Failed(failure)));
                }
            }
            pending.set(false);
        });
    };
    view! {
        <section aria-labelledby="limits-title">
            <h2 id="limits-title">{tr(k::LIMITS_TITLE)}</h2>
            <p>{tr(k::LIMITS_INTRO)}</p>
            <form on:submit=submit novalidate>
                <div class="grid">
                    <div>
                        <TextField id="limits-floor" field="floor" label=k::LIMITS_FLOOR_LABEL value=floor errors hint=k::LIMITS_FLOOR_HINT />
                    </div>
                    <div>
                        <TextField id="limits-ceiling" field="ceiling" label=k::LIMITS_CEILING_LABEL value=ceiling errors />
                    </div>
                </div>
                <BusyButton pending label=k::LIMITS_SUBMIT />
                <OutcomeView outcome context=named::limits_errors />
            </form>
        </section>
    }
}

/// "Solder le compte": a closed account's balance goes back to the association (admins).
#[component]
fn Settle(
    account_id: String,
    name: String,
    balance: Signal<Option<Ts>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let key = OnceKey::new();
    let settle = {
        let name = name.clone();
        move |_| {
            if pending.get_untracked() {
                return;
            }
            let Some(amount) = balance.get_untracked() else {
                return;
            };
            let lang = i18n.lang();
            let question = i18n.tf(
                k::SETTLE_CONFIRM,
                &[("name", &name), ("balance", &amount.format(lang)), ("zero", &Ts::ZERO.format(lang))],
            );
            if !confirm(&question) {
                return;
            }
            let account_id = account_id.clone();
            let idempotency_key = key.key_for(format!("settle {account_id} {}", amount.hundredths()));
            outcome.set(None);
            pending.set(true);
            spawn_local(async move {
                let result = api::settle_account(&account_id, &idempotency_key).await;
                key.settle(&result);
                match result {
                    Ok(_) => {
                        outcome.set(Some(Outcome::done(k::SETTLE_DONE)));
                        on_done.run(());
                    }
                    Err(failure) => outcome.set(Some(Outcome::Failed(failure))),
                }
                pending.set(false);
            });
        }
    };
    let content = move || match balance.get() {
        Some(amount) if amount != Ts::ZERO => {
            let name = name.clone();
            let intro = move || {
                i18n.tf(k::SETTLE_INTRO, &[("name", &name), ("balance", &amount.format(i18n.lang()))])
            };
            view! {
                <p>{intro}</p>
                <BusyButton pending label=k::SETTLE_SUBMIT on_click=Callback::new(settle.clone()) />
            }
            .into_any()
        }
        Some(_) => view! { <p class="empty">{tr(k::SETTLE_NOTHING)}</p> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <section aria-labelledby="settle-title">
            <h2 id="settle-title">{tr(k::SETTLE_TITLE)}</h2>
            {content}
            <OutcomeView outcome />
        </section>
    }
}
