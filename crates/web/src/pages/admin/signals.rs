//! `/admin/signaux` (staff): patterns of possible abuse of the time bank, grouped by kind,
//! with the members concerned and the figures behind each signal — no verdict, SEED blocks
//! nothing; and the thresholds that make a signal (admins change them, staff read them).

use crate::api::{self, segment};
use crate::components::button::BusyButton;
use crate::components::feedback::{Outcome, OutcomeView};
use crate::components::field::TextField;
use crate::components::form::FieldErrors;
use crate::components::guard::RequireRole;
use crate::components::icon::{self, Icon};
use crate::components::loaded::Loaded;
use crate::i18n::{I18n, Key, k, named, tr, use_i18n};
use crate::labels;
use crate::session::use_session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use seed_domain::Ts;
use seed_domain::abuse::{AbuseSignal, AbuseThresholds, COUNT_MAX, Evidence, SignalKind, WINDOW_DAYS_MAX};
use seed_domain::membership::Role;

/// The evidence labels whose value is an amount in hundredths of TS.
const AMOUNT_LABELS: &[&str] = &["given", "received", "balance", "ceiling", "a_to_b", "b_to_a"];

#[component]
pub fn Signals() -> impl IntoView {
    view! {
        <RequireRole role=Role::Staff>
            <SignalsPage />
        </RequireRole>
    }
}

#[component]
fn SignalsPage() -> impl IntoView {
    let session = use_session();
    let admin = session.role_untracked() == Some(Role::Admin);
    let signals = LocalResource::new(api::abuse_signals);
    view! {
        <hgroup>
            <h1>{tr(k::SIGNALS_TITLE)}</h1>
            <p>{tr(k::SIGNALS_INTRO)}</p>
        </hgroup>
        <Loaded resource=signals loading=k::SIGNALS_LOADING let:all>
            {groups(all)}
        </Loaded>
        <ThresholdsSection editable=admin on_saved=Callback::new(move |()| signals.refetch()) />
    }
}

#[component]
fn SignalGroup(kind: SignalKind, signals: Vec<AbuseSignal>) -> impl IntoView {
    let heading_id = format!("signals-{}", kind.as_str());
    let labelled_by = heading_id.clone();
    let count = signals.len();
    view! {
        <section class="signal-group" aria-labelledby=labelled_by>
            <h2 id=heading_id>
                <Icon svg=icon::SHIELD_ALERT />
                " "
                {tr(labels::signal_kind(kind))}
                " "
                <span class="badge">{count}</span>
            </h2>
            <p>{tr(labels::signal_hint(kind))}</p>
            <ul class="card-list">
                {signals.into_iter().map(|signal| view! { <SignalCard signal /> }).collect_view()}
            </ul>
        </section>
    }
}

/// The text of one figure: an amount, a percentage, a number of days, or a count.
fn evidence_value(i18n: I18n, evidence: &Evidence) -> String {
    let label = evidence.label_key.as_str();
    if AMOUNT_LABELS.contains(&label) {
        return Ts::from_hundredths(evidence.value).format(i18n.lang());
    }
    let value = evidence.value.to_string();
    if label.ends_with("_pct") {
        i18n.tf(k::SIGNALS_VALUE_PCT, &[("value", &value)])
    } else if label.ends_with("_days") {
        i18n.tf(k::SIGNALS_VALUE_DAYS, &[("value", &value)])
    } else {
        value
    }
}

/// The label of a figure, from the catalogue (`evidence.<label_key>`), else its key.
fn evidence_label(i18n: I18n, label_key: &str) -> String {
    named::evidence(label_key).map(|key: Key| i18n.t(key).to_owned()).unwrap_or_else(|| label_key.to_owned())
}

#[component]
fn SignalCard(signal: AbuseSignal) -> impl IntoView {
    let i18n = use_i18n();
    let members = signal
        .member_ids
        .into_iter()
        .zip(signal.member_names)
        .enumerate()
        .map(|(i, (id, name))| {
            view! {
                {(i > 0).then_some(" · ")}
                <A href=format!("/membres/{}", segment(&id))>{name}</A>
            }
        })
        .collect_view();
    let rows = signal
        .evidence
        .into_iter()
        .map(|evidence| {
            let label = {
                let key = evidence.label_key.clone();
                move || evidence_label(i18n, &key)
            };
            let value = move || evidence_value(i18n, &evidence);
            view! {
                <div>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <li>
            <article class="signal">
                <p class="members">
                    <span class="visually-hidden">{tr(k::SIGNALS_MEMBERS)} " "</span>
                    <strong>{members}</strong>
                </p>
                <dl class="evidence">{rows}</dl>
            </article>
        </li>
    }
}

/// The texts of the thresholds' fields.
#[derive(Debug, Clone, Copy)]
struct Fields {
    window_days: RwSignal<String>,
    one_way_min_count: RwSignal<String>,
    hoarding_share_of_ceiling_pct: RwSignal<String>,
    ping_pong_min_round_trips: RwSignal<String>,
    ping_pong_window_days: RwSignal<String>,
    cancellations_min: RwSignal<String>,
}

impl Fields {
    fn new(t: &AbuseThresholds) -> Fields {
        let number = |n: u32| RwSignal::new(n.to_string());
        Fields {
            window_days: number(t.window_days),
            one_way_min_count: number(t.one_way_min_count),
            hoarding_share_of_ceiling_pct: number(t.hoarding_share_of_ceiling_pct),
            ping_pong_min_round_trips: number(t.ping_pong_min_round_trips),
            ping_pong_window_days: number(t.ping_pong_window_days),
            cancellations_min: number(t.cancellations_min),
        }
    }

    fn show(self, t: &AbuseThresholds) {
        self.window_days.set(t.window_days.to_string());
        self.one_way_min_count.set(t.one_way_min_count.to_string());
        self.hoarding_share_of_ceiling_pct.set(t.hoarding_share_of_ceiling_pct.to_string());
        self.ping_pong_min_round_trips.set(t.ping_pong_min_round_trips.to_string());
        self.ping_pong_window_days.set(t.ping_pong_window_days.to_string());
        self.cancellations_min.set(t.cancellations_min.to_string());
    }

    /// The thresholds typed; a text that is not a number is 0, which the range checks refuse.
    fn read(self) -> AbuseThresholds {
        let number = |text: RwSignal<String>| text.get_untracked().trim().parse::<u32>().unwrap_or(0);
        AbuseThresholds {
            window_days: number(self.window_days),
            one_way_min_count: number(self.one_way_min_count),
            hoarding_share_of_ceiling_pct: number(self.hoarding_share_of_ceiling_pct),
            ping_pong_min_round_trips: number(self.ping_pong_min_round_trips),
            ping_pong_window_days: number(self.ping_pong_window_days),
            cancellations_min: number(self.cancellations_min),
        }
    }
}

/// The signals by kind, or the words saying there are none.
fn groups(all: Vec<AbuseSignal>) -> AnyView {
    if all.is_empty() {
        return view! { <p class="empty">{tr(k::SIGNALS_EMPTY)}</p> }.into_any();
    }
    SignalKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let group: Vec<AbuseSignal> = all.iter().filter(|s| s.kind == kind).cloned().collect();
            (!group.is_empty()).then(|| view! { <SignalGroup kind signals=group /> })
        })
        .collect_view()
        .into_any()
}

#[component]
fn ThresholdsSection(editable: bool, on_saved: Callback<()>) -> impl IntoView {
    let thresholds = LocalResource::new(api::abuse_thresholds);
    view! {
        <section aria-labelledby="thresholds-title">
            <h2 id="thresholds-title">{tr(k::THRESHOLDS_TITLE)}</h2>
            <p>{tr(k::THRESHOLDS_INTRO)}</p>
            {(!editable).then(|| view! { <p><small>{tr(k::THRESHOLDS_ADMINS_ONLY)}</small></p> })}
            <Loaded resource=thresholds loading=k::THRESHOLDS_LOADING let:current>
                <ThresholdsForm current editable on_saved />
            </Loaded>
        </section>
    }
}

#[component]
fn ThresholdsForm(current: AbuseThresholds, editable: bool, on_saved: Callback<()>) -> impl IntoView {
    let fields = Fields::new(&current);
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !editable || pending.get_untracked() {
            return;
        }
        outcome.set(None);
        let wanted = fields.read();
        let problems = wanted.validate();
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.clear();
        pending.set(true);
        spawn_local(async move {
            match api::set_abuse_thresholds(&wanted).await {
                Ok(saved) => {
                    fields.show(&saved);
                    outcome.set(Some(Outcome::done(k::THRESHOLDS_SAVED)));
                    on_saved.run(());
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
            <div class="grid rules">
                <ThresholdField errors value=fields.one_way_min_count field="one_way_min_count" label=k::THRESHOLDS_ONE_WAY_MIN_COUNT max=COUNT_MAX editable />
                <ThresholdField errors value=fields.window_days field="window_days" label=k::THRESHOLDS_WINDOW_DAYS max=WINDOW_DAYS_MAX editable />
                <ThresholdField errors value=fields.hoarding_share_of_ceiling_pct field="hoarding_share_of_ceiling_pct" label=k::THRESHOLDS_HOARDING_SHARE_OF_CEILING_PCT max=100 editable />
            </div>
            <div class="grid rules">
                <ThresholdField errors value=fields.ping_pong_min_round_trips field="ping_pong_min_round_trips" label=k::THRESHOLDS_PING_PONG_MIN_ROUND_TRIPS max=COUNT_MAX editable />
                <ThresholdField errors value=fields.ping_pong_window_days field="ping_pong_window_days" label=k::THRESHOLDS_PING_PONG_WINDOW_DAYS max=WINDOW_DAYS_MAX editable />
                <ThresholdField errors value=fields.cancellations_min field="cancellations_min" label=k::THRESHOLDS_CANCELLATIONS_MIN max=COUNT_MAX editable />
            </div>
            {editable.then(|| view! { <BusyButton pending label=k::COMMON_SAVE busy_label=k::COMMON_SAVING /> })}
            <OutcomeView outcome />
        </form>
    }
}

#[component]
fn ThresholdField(
    errors: FieldErrors,
    value: RwSignal<String>,
    field: &'static str,
    label: Key,
    max: u32,
    editable: bool,
) -> impl IntoView {
    view! {
        <div>
            <TextField id=format!("thresholds-{}", field.replace('_', "-")) field label value errors kind="number" min=1 max readonly=!editable />
        </div>
    }
}
