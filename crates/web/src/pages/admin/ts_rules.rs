//! On `/admin/reglages` (admins): the time bank's rules, and checking the books.

use crate::api::{self, ApiFailure};
use crate::components::button::BusyButton;
use crate::components::feedback::{Failure, Outcome, OutcomeView};
use crate::components::field::TextField;
use crate::components::form::{FieldErrors, parse_amount};
use crate::components::icon::{self, Icon};
use crate::components::loaded::Loaded;
use crate::i18n::{Key, k, tr, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use seed_domain::ledger::TsRules;
use seed_domain::timebank::BooksCheck;
use seed_domain::{FieldError, Ts};

#[component]
pub fn RulesSection() -> impl IntoView {
    let rules = LocalResource::new(api::ts_rules);
    view! {
        <section aria-labelledby="rules-title">
            <h2 id="rules-title">{tr(k::RULES_TITLE)}</h2>
            <p>{tr(k::RULES_INTRO)}</p>
            <Loaded resource=rules loading=k::RULES_LOADING let:rules>
                <RulesForm rules />
            </Loaded>
        </section>
    }
}

/// The texts of the form's fields.
#[derive(Debug, Clone, Copy)]
struct Fields {
    welcome_grant: RwSignal<String>,
    service_rate: RwSignal<String>,
    service_minutes: RwSignal<String>,
    mission_brought: RwSignal<String>,
    default_floor: RwSignal<String>,
    default_ceiling: RwSignal<String>,
    max_per_exchange: RwSignal<String>,
    adjustment_admin_above: RwSignal<String>,
    idempotency_days: RwSignal<String>,
    auto_confirm_days: RwSignal<String>,
    reminder_days: RwSignal<String>,
    listing_days: RwSignal<String>,
}

impl Fields {
    fn new(rules: &TsRules, lang: crate::i18n::Lang) -> Fields {
        let amount = |ts: Ts| RwSignal::new(ts.to_input(lang));
        let number = |n: u32| RwSignal::new(n.to_string());
        Fields {
            welcome_grant: amount(rules.welcome_grant),
            service_rate: amount(rules.service_rate),
            service_minutes: number(rules.service_minutes),
            mission_brought: amount(rules.mission_brought),
            default_floor: amount(rules.default_floor),
            default_ceiling: amount(rules.default_ceiling),
            max_per_exchange: amount(rules.max_per_exchange),
            adjustment_admin_above: amount(rules.adjustment_admin_above),
            idempotency_days: number(rules.idempotency_days),
            auto_confirm_days: number(rules.auto_confirm_days),
            reminder_days: number(rules.reminder_days),
            listing_days: number(rules.listing_days),
        }
    }

    /// Shows `rules` (as saved) in the fields.
    fn show(self, rules: &TsRules, lang: crate::i18n::Lang) {
        self.welcome_grant.set(rules.welcome_grant.to_input(lang));
        self.service_rate.set(rules.service_rate.to_input(lang));
        self.service_minutes.set(rules.service_minutes.to_string());
        self.mission_brought.set(rules.mission_brought.to_input(lang));
        self.default_floor.set(rules.default_floor.to_input(lang));
        self.default_ceiling.set(rules.default_ceiling.to_input(lang));
        self.max_per_exchange.set(rules.max_per_exchange.to_input(lang));
        self.adjustment_admin_above.set(rules.adjustment_admin_above.to_input(lang));
        self.idempotency_days.set(rules.idempotency_days.to_string());
        self.auto_confirm_days.set(rules.auto_confirm_days.to_string());
        self.reminder_days.set(rules.reminder_days.to_string());
        self.listing_days.set(rules.listing_days.to_string());
    }

    /// The rules typed, or the fields' errors.
    fn read(self) -> Result<TsRules, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut amount = |field: &str, text: RwSignal<String>, signed: bool| {
            parse_amount(field, &text.get_untracked(), signed).unwrap_or_else(|e| {
                problems.push(e);
                Ts::ZERO
            })
        };
        let welcome_grant = amount("welcome_grant", self.welcome_grant, false);
        let service_rate = amount("service_rate", self.service_rate, false);
        let mission_brought = amount("mission_brought", self.mission_brought, false);
        let default_floor = amount("default_floor", self.default_floor, true);
        let default_ceiling = amount("default_ceiling", self.default_ceiling, false);
        let max_per_exchange = amount("max_per_exchange", self.max_per_exchange, false);
        let adjustment_admin_above = amount("adjustment_admin_above", self.adjustment_admin_above, false);
        // Not a number: 0, which the range checks refuse with their message.
        let number = |text: RwSignal<String>| text.get_untracked().trim().parse::<u32>().unwrap_or(0);
        let rules = TsRules {
            welcome_grant,
            service_rate,
            service_minutes: number(self.service_minutes),
            mission_brought,
            default_floor,
            default_ceiling,
            max_per_exchange,
            idempotency_days: number(self.idempotency_days),
            auto_confirm_days: number(self.auto_confirm_days),
            reminder_days: number(self.reminder_days),
            listing_days: number(self.listing_days),
            adjustment_admin_above,
        };
        let more: Vec<FieldError> =
            rules.validate().into_iter().filter(|e| !problems.iter().any(|p| p.field == e.field)).collect();
        problems.extend(more);
        if problems.is_empty() { Ok(rules) } else { Err(problems) }
    }
}

#[component]
fn RulesForm(rules: TsRules) -> impl IntoView {
    let i18n = use_i18n();
    let fields = Fields::new(&rules, i18n.lang());
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let rules = match fields.read() {
            Ok(rules) => rules,
            Err(problems) => {
                errors.set(problems);
                return;
            }
        };
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::set_ts_rules(&rules).await {
                Ok(saved) => {
                    fields.show(&saved, i18n.lang());
                    outcome.set(Some(Outcome::done(k::RULES_SAVED)));
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
        <form on:submit=submit novalidate>
            <fieldset>
                <legend>{tr(k::RULES_AMOUNTS_LEGEND)}</legend>
                <div class="grid rules">
                    <RuleField errors value=fields.welcome_grant field="welcome_grant" id="rules-welcome-grant" label=k::RULES_WELCOME_GRANT hint=k::RULES_WELCOME_GRANT_HINT amount=true />
                    <RuleField errors value=fields.mission_brought field="mission_brought" id="rules-mission-brought" label=k::RULES_MISSION_BROUGHT hint=k::RULES_MISSION_BROUGHT_HINT amount=true />
                </div>
                <div class="grid rules">
                    <RuleField errors value=fields.service_rate field="service_rate" id="rules-service-rate" label=k::RULES_SERVICE_RATE hint=k::RULES_SERVICE_RATE_HINT amount=true />
                    <RuleField errors value=fields.service_minutes field="service_minutes" id="rules-service-minutes" label=k::RULES_SERVICE_MINUTES hint=k::RULES_SERVICE_MINUTES_HINT amount=false />
                </div>
            </fieldset>
            <fieldset>
                <legend>{tr(k::RULES_LIMITS_LEGEND)}</legend>
                <div class="grid rules">
                    <RuleField errors value=fields.default_floor field="default_floor" id="rules-default-floor" label=k::RULES_DEFAULT_FLOOR hint=k::RULES_DEFAULT_FLOOR_HINT amount=true />
                    <RuleField errors value=fields.default_ceiling field="default_ceiling" id="rules-default-ceiling" label=k::RULES_DEFAULT_CEILING hint=k::RULES_DEFAULT_CEILING_HINT amount=true />
                    <RuleField errors value=fields.max_per_exchange field="max_per_exchange" id="rules-max-per-exchange" label=k::RULES_MAX_PER_EXCHANGE hint=k::RULES_MAX_PER_EXCHANGE_HINT amount=true />
                    <RuleField errors value=fields.adjustment_admin_above field="adjustment_admin_above" id="rules-adjustment-admin-above" label=k::RULES_ADJUSTMENT_ADMIN_ABOVE hint=k::RULES_ADJUSTMENT_ADMIN_ABOVE_HINT amount=true />
                </div>
            </fieldset>
            <fieldset>
                <legend>{tr(k::RULES_DELAYS_LEGEND)}</legend>
                <div class="grid rules">
                    <RuleField errors value=fields.auto_confirm_days field="auto_confirm_days" id="rules-auto-confirm-days" label=k::RULES_AUTO_CONFIRM_DAYS hint=k::RULES_AUTO_CONFIRM_DAYS_HINT amount=false />
                    <RuleField errors value=fields.reminder_days field="reminder_days" id="rules-reminder-days" label=k::RULES_REMINDER_DAYS hint=k::RULES_REMINDER_DAYS_HINT amount=false />
                    <RuleField errors value=fields.listing_days field="listing_days" id="rules-listing-days" label=k::RULES_LISTING_DAYS hint=k::RULES_LISTING_DAYS_HINT amount=false />
                    <RuleField errors value=fields.idempotency_days field="idempotency_days" id="rules-idempotency-days" label=k::RULES_IDEMPOTENCY_DAYS hint=k::RULES_IDEMPOTENCY_DAYS_HINT amount=false />
                </div>
            </fieldset>
            <BusyButton pending label=k::COMMON_SAVE busy_label=k::COMMON_SAVING />
            <OutcomeView outcome />
        </form>
    }
}

/// One field of the rules: a TS amount (text) or a whole number (minutes, days).
#[component]
fn RuleField(
    errors: FieldErrors,
    value: RwSignal<String>,
    field: &'static str,
    id: &'static str,
    label: Key,
    hint: Key,
    amount: bool,
) -> impl IntoView {
    let input = if amount {
        view! { <TextField id field label value errors hint inputmode="decimal" /> }.into_any()
    } else {
        view! { <TextField id field label value errors hint kind="number" min=1 /> }.into_any()
    };
    view! { <div>{input}</div> }
}

#[component]
pub fn BooksSection() -> impl IntoView {
    let result = RwSignal::new(None::<Result<BooksCheck, ApiFailure>>);
    let pending = RwSignal::new(false);
    let check = move |()| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        spawn_local(async move {
            result.set(Some(api::books().await));
            pending.set(false);
        });
    };
    let report = move || {
        result.get().map(|r| match r {
            Ok(books) => view! { <BooksReport books /> }.into_any(),
            Err(failure) => view! { <Failure failure /> }.into_any(),
        })
    };
    view! {
        <section aria-labelledby="books-title">
            <h2 id="books-title">{tr(k::BOOKS_TITLE)}</h2>
            <p>{tr(k::BOOKS_INTRO)}</p>
            <BusyButton
                pending
                label=k::BOOKS_CHECK
                busy_label=k::BOOKS_CHECKING
                icon=icon::SCALE
                on_click=Callback::new(check)
            />
            <div role="status">{report}</div>
        </section>
    }
}

#[component]
fn BooksReport(books: BooksCheck) -> impl IntoView {
    let i18n = use_i18n();
    let verdict = if books.balanced {
        view! {
            <p class="notice">
                <Icon svg=icon::CIRCLE_CHECK />
                " "
                {tr(k::BOOKS_BALANCED)}
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="warning">
                <Icon svg=icon::TRIANGLE_ALERT />
                " "
                <strong>{tr(k::BOOKS_NOT_BALANCED)}</strong>
            </p>
        }
        .into_any()
    };
    let sum = books.sum;
    let circulation = books.in_circulation;
    let mismatches = (!books.mismatches.is_empty()).then(|| {
        let rows = books
            .mismatches
            .iter()
            .map(|m| {
                let (cached, computed) = (m.cached, m.from_postings);
                view! {
                    <tr>
                        <th scope="row" data-label=tr(k::BOOKS_COL_ACCOUNT) class="email">{m.account.clone()}</th>
                        <td data-label=tr(k::BOOKS_COL_CACHED) class="amount">{move || cached.format(i18n.lang())}</td>
                        <td data-label=tr(k::BOOKS_COL_COMPUTED) class="amount">{move || computed.format(i18n.lang())}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>{tr(k::BOOKS_MISMATCHES_TITLE)}</h3>
            <div class="overflow-auto">
                <table class="cards">
                    <thead>
                        <tr>
                            <th scope="col">{tr(k::BOOKS_COL_ACCOUNT)}</th>
                            <th scope="col" class="amount">{tr(k::BOOKS_COL_CACHED)}</th>
                            <th scope="col" class="amount">{tr(k::BOOKS_COL_COMPUTED)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <article class="books">
            {verdict}
            <dl class="profile">
                <dt>{tr(k::BOOKS_ACCOUNTS)}</dt>
                <dd>{books.accounts}</dd>
                <dt>{tr(k::BOOKS_TRANSFERS)}</dt>
                <dd>{books.transfers}</dd>
                <dt>{tr(k::BOOKS_SUM)}</dt>
                <dd>{move || sum.format(i18n.lang())}</dd>
                <dt>{tr(k::BOOKS_IN_CIRCULATION)}</dt>
                <dd>
                    {move || circulation.format(i18n.lang())}
                    " "
                    <small>{tr(k::BOOKS_IN_CIRCULATION_HINT)}</small>
                </dd>
            </dl>
            {mismatches}
        </article>
    }
}
