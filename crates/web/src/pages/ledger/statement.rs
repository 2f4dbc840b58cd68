//! A statement: its filters, its lines (a table that becomes cards on a phone), "Voir plus",
//! the CSV downloads, and for staff the reversal of a line.

use crate::api::{self, OnceKey, with_query};
use crate::components::button::BusyButton;
use crate::components::feedback::{Failure, Loading, Outcome, OutcomeView, confirm};
use crate::components::field::{SelectField, TextField};
use crate::components::form::FieldErrors;
use crate::components::icon::{self, Icon};
use crate::components::paged::{LoadState, MoreButton, Paged};
use crate::format;
use crate::i18n::{Key, k, tr, use_i18n};
use crate::labels;
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::Ts;
use seed_domain::ledger::{ReversalRefusal, TransferKind, check_reversible};
use seed_domain::timebank::{MEMO_MAX, ReverseTransfer, StatementLine, check_period};

/// What staff need to reverse a line: the account's balance now (for the confirmation), and
/// what to do once a reversal is posted (reload the account and its statement).
#[derive(Debug, Clone, Copy)]
pub struct Reversals {
    pub balance: Signal<Option<Ts>>,
    pub on_done: Callback<()>,
}

/// What every line needs.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    reversals: Option<Reversals>,
    /// The transfer whose reversal form is open (one at a time).
    open: RwSignal<Option<String>>,
    outcome: RwSignal<Option<Outcome>>,
    key: OnceKey,
}

/// The statement of `paged`, filtered by date and kind. `csv_path` is the export of the same
/// account; `empty` says what the statement is while it has no line.
#[component]
pub fn Statement(
    paged: Paged<StatementLine>,
    csv_path: String,
    empty: Key,
    #[prop(optional)] reversals: Option<Reversals>,
) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let applied = RwSignal::new(Vec::<(&'static str, String)>::new());
    let errors = FieldErrors::new();
    let ctx = Ctx { reversals, open: RwSignal::new(None), outcome: RwSignal::new(None), key: OnceKey::new() };

    let apply = move || {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        let (from_day, to_day) = ((!f.is_empty()).then_some(&f), (!t.is_empty()).then_some(&t));
        if let Err(problem) = check_period(from_day, to_day) {
            errors.set(problem.errors);
            return;
        }
        errors.clear();
        let filters = vec![("from", f), ("to", t), ("kind", kind.get_untracked())];
        let filters: Vec<(&'static str, String)> =
            filters.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        if filters == applied.get_untracked() {
            return;
        }
        applied.set(filters.clone());
        ctx.open.set(None);
        paged.filter(filters);
    };
    let clear = move |_| {
        from.set(String::new());
        to.set(String::new());
        kind.set(String::new());
        apply();
    };
    let filtered = move || applied.with(|a| !a.is_empty());

    let csv_link = {
        let csv_path = csv_path.clone();
        move |dialect: &'static str| {
            let csv_path = csv_path.clone();
            move || {
                let mut params = vec![("dialect", dialect)];
                let filters = applied.get();
                params.extend(filters.iter().map(|(n, v)| (*n, v.as_str())));
                with_query(&csv_path, &params)
            }
        }
    };

    let list = move || match paged.first.get() {
        LoadState::Loading => view! { <Loading text=k::STATEMENT_LOADING /> }.into_any(),
        LoadState::Failed(failure) => {
            view! { <Failure failure retry=Callback::new(move |()| paged.reload()) /> }.into_any()
        }
        LoadState::Ready => view! {
            <Show
                when=move || paged.items.with(Vec::is_empty)
                fallback=move || view! { <StatementTable paged ctx /> }
            >
                <p class="empty">
                    {move || if filtered() { tr(k::STATEMENT_EMPTY_FILTERED)() } else { tr(empty)() }}
                </p>
            </Show>
        }
        .into_any(),
    };

    view! {
        <section class="statement" aria-labelledby="statement-title">
            <h2 id="statement-title">{tr(k::STATEMENT_TITLE)}</h2>
            <form
                class="filters"
                aria-label=tr(k::STATEMENT_FILTERS_LABEL)
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    apply();
                }
            >
                <div class="grid">
                    <div>
                        <TextField id="statement-from" field="from" label=k::STATEMENT_FROM value=from kind="date" on_change=Callback::new(move |()| apply()) />
                    </div>
                    <div>
                        <TextField id="statement-to" field="to" label=k::STATEMENT_TO value=to errors kind="date" on_change=Callback::new(move |()| apply()) />
                    </div>
                    <div>
                        <SelectField
                            id="statement-kind"
                            field="kind"
                            label=k::STATEMENT_KIND
                            options=std::iter::once(("", k::STATEMENT_KIND_ALL))
                                .chain(TransferKind::ALL.map(|kind| (kind.as_str(), labels::transfer_kind(kind))))
                                .collect()
                            value=kind
                            on_change=Callback::new(move |chosen| {
                                kind.set(chosen);
                                apply();
                            })
                        />
                    </div>
                </div>
                <Show when=filtered>
                    <button type="button" class="secondary outline compact" on:click=clear>
                        {tr(k::STATEMENT_CLEAR_FILTERS)}
                    </button>
                </Show>
            </form>
            <OutcomeView outcome=ctx.outcome />
            {list}
            <MoreButton paged />
            <div class="downloads">
                <p>
                    <Icon svg=icon::DOWNLOAD />
                    " "
                    <strong>{tr(k::STATEMENT_DOWNLOAD)}</strong>
                    " "
                    <small>{tr(k::STATEMENT_DOWNLOAD_HINT)}</small>
                </p>
                <ul>
                    <li>
                        <a href=csv_link("spreadsheet") download="">{tr(k::STATEMENT_CSV_SPREADSHEET)}</a>
                    </li>
                    <li>
                        <a href=csv_link("data") download="">{tr(k::STATEMENT_CSV_DATA)}</a>
                    </li>
                </ul>
            </div>
        </section>
    }
}

#[component]
fn StatementTable(paged: Paged<StatementLine>, ctx: Ctx) -> impl IntoView {
    view! {
        <div class="overflow-auto">
            <table class="cards statement-lines">
                <thead>
                    <tr>
                        <th scope="col">{tr(k::STATEMENT_COL_AT)}</th>
                        <th scope="col">{tr(k::STATEMENT_COL_KIND)}</th>
                        <th scope="col">{tr(k::STATEMENT_COL_MEMO)}</th>
                        <th scope="col">{tr(k::STATEMENT_COL_COUNTERPARTY)}</th>
                        <th scope="col" class="amount">{tr(k::STATEMENT_COL_AMOUNT)}</th>
                        <th scope="col" class="amount">{tr(k::STATEMENT_COL_BALANCE)}</th>
                        {ctx.reversals.map(|_| view! { <th scope="col">{tr(k::STATEMENT_COL_ACTIONS)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || paged.items.get()
                        // A line is drawn again once reversed: its actions become the badge.
                        key=|line| (line.transfer_id.clone(), line.reversed_by.clone())
                        children=move |line| view! { <LineRow line ctx /> }
                    />
                </tbody>
            </table>
        </div>
        <p>
            <small>{tr(k::COMMON_PARIS_TIME)}</small>
        </p>
    }
}

#[component]
fn LineRow(line: StatementLine, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let at = line.at.clone();
    let amount = line.amount;
    let balance_after = line.balance_after;
    let amount_class = if amount.is_negative() { "amount debit" } else { "amount credit" };
    let (name, kind) = (line.counterparty.clone(), line.counterparty_kind);
    let counterparty = move || labels::holder(i18n, name.as_deref(), kind);
    let memo = line.memo.clone();
    let memo = move || if memo.trim().is_empty() { i18n.t(k::COMMON_NONE).to_owned() } else { memo.clone() };
    let actions = ctx.reversals.map(|reversals| view! { <LineActions line=line.clone() ctx reversals /> });
    view! {
        <tr>
            <td data-label=tr(k::STATEMENT_COL_AT)>
                <time datetime=line.at.clone()>{move || format::datetime(&at, i18n.lang())}</time>
            </td>
            <td data-label=tr(k::STATEMENT_COL_KIND)>{tr(labels::transfer_kind(line.kind))}</td>
            <td data-label=tr(k::STATEMENT_COL_MEMO)>{memo}</td>
            <td data-label=tr(k::STATEMENT_COL_COUNTERPARTY)>{counterparty}</td>
            <td data-label=tr(k::STATEMENT_COL_AMOUNT) class=amount_class>
                {move || format::signed(amount, i18n.lang())}
            </td>
            <td data-label=tr(k::STATEMENT_COL_BALANCE) class="amount">
                {move || balance_after.format(i18n.lang())}
            </td>
            {actions}
        </tr>
    }
}

/// "Corriger (extourne)" and its small form (staff), or why a line cannot be reversed.
#[component]
fn LineActions(line: StatementLine, ctx: Ctx, reversals: Reversals) -> impl IntoView {
    let i18n = use_i18n();
    let id = line.transfer_id.clone();
    let is_open = {
        let id = id.clone();
        Memo::new(move |_| ctx.open.with(|open| open.as_deref() == Some(id.as_str())))
    };
    let reversible = check_reversible(line.kind, line.reversed_by.is_some());
    let reason = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let pending = RwSignal::new(false);

    let open = {
        let id = id.clone();
        move |_| {
            reason.set(String::new());
            errors.clear();
            ctx.open.set(Some(id.clone()));
        }
    };
    let submit = {
        let line = line.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            let request = ReverseTransfer { reason: reason.get_untracked().trim().to_owned() };
            let problems = request.validate();
            if !problems.is_empty() {
                errors.set(problems);
                return;
            }
            errors.clear();
            let lang = i18n.lang();
            // The reversal moves the line's amount back: this account changes by its opposite.
            let back = line.amount.checked_neg().unwrap_or_default();
            let after = reversals.balance.get_untracked().and_then(|b| b.checked_add(back).ok());
            let args = [
                ("kind", i18n.t(labels::transfer_kind(line.kind)).to_owned()),
                ("amount", format::signed(line.amount, lang)),
                ("counterparty", labels::holder(i18n, line.counterparty.as_deref(), line.counterparty_kind)),
                ("back", format::signed(back, lang)),
                ("balance", after.map(|b| b.format(lang)).unwrap_or_default()),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let question = if after.is_some() {
                k::STATEMENT_REVERSE_CONFIRM
            } else {
                k::STATEMENT_REVERSE_CONFIRM_NO_BALANCE
            };
            if !confirm(&i18n.tf(question, &args)) {
                return;
            }
            let transfer_id = line.transfer_id.clone();
            let key = ctx.key.key_for(format!("reverse {transfer_id} {request:?}"));
            pending.set(true);
            ctx.outcome.set(None);
            spawn_local(async move {
                let result = api::reverse_transfer(&transfer_id, &request, &key).await;
                ctx.key.settle(&result);
                match result {
                    Ok(_) => {
                        ctx.open.set(None);
                        ctx.outcome.set(Some(Outcome::done(k::STATEMENT_REVERSED)));
                        reversals.on_done.run(());
                    }
                    Err(failure) => {
                        errors.set(failure.field_errors().to_vec());
                        ctx.outcome.set(Some(Outcome::Failed(failure)));
                    }
                }
                pending.set(false);
            });
        }
    };

    let content = move || {
        match reversible {
            Err(ReversalRefusal::IsAReversal) => {
                return view! { <small>{tr(k::STATEMENT_NOT_REVERSIBLE)}</small> }.into_any();
            }
            Err(ReversalRefusal::AlreadyReversed) => {
                return view! { <span class="badge">{tr(k::STATEMENT_REVERSED_BADGE)}</span> }.into_any();
            }
            Ok(()) => {}
        }
        if !is_open.get() {
            return view! {
                <button type="button" class="secondary outline compact" on:click=open.clone()>
                    <Icon svg=icon::UNDO_2 />
                    " "
                    {tr(k::STATEMENT_REVERSE)}
                </button>
            }
            .into_any();
        }
        view! {
            <form class="inline-form" novalidate on:submit=submit.clone()>
                <TextField id="reverse-reason" field="reason" label=k::STATEMENT_REVERSE_REASON value=reason errors hint=k::STATEMENT_REVERSE_REASON_HINT maxlength=MEMO_MAX />
                <div class="actions">
                    <BusyButton pending label=k::STATEMENT_REVERSE_SUBMIT class="compact" />
                    <button type="button" class="secondary compact" on:click=move |_| ctx.open.set(None)>
                        {tr(k::COMMON_CANCEL)}
                    </button>
                </div>
            </form>
        }
        .into_any()
    };
    view! { <td data-label=tr(k::STATEMENT_COL_ACTIONS) class="actions">{content}</td> }
}
