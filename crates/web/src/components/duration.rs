//! Durations and what they cost: the labelled select by quarters of an hour and the estimate at the
//! time bank's rate, for publishing a listing, asking for a service and accepting one.

use crate::api::{self, ApiFailure};
use crate::components::field::described_by;
use crate::components::form::{FieldErrors, FieldMessage};
use crate::format;
use crate::i18n::{Key, tr, use_i18n};
use leptos::prelude::*;
use seed_domain::Ts;
use seed_domain::ledger::TsRules;
use seed_domain::listing::MINUTES_STEP;

pub type RulesResource = LocalResource<Result<TsRules, ApiFailure>>;

/// The longest duration the selects offer (8 hours); a longer one already set stays offered.
const DURATION_CHOICES_MAX: u32 = 480;

/// The rules of the time bank, for the estimates ("≈ 5,00 TS").
pub fn rules_resource() -> RulesResource {
    LocalResource::new(api::ts_rules)
}

/// What `minutes` of service cost at the rules' rate.
pub fn estimate(rules: &TsRules, minutes: u32) -> Option<Ts> {
    rules.service_cost(minutes)
}

/// The durations offered: every quarter of an hour up to 8 hours, and `current` if it is not
/// one of them.
fn duration_choices(current: u32) -> Vec<u32> {
    let mut choices: Vec<u32> = (1..=DURATION_CHOICES_MAX / MINUTES_STEP).map(|q| q * MINUTES_STEP).collect();
    if !choices.contains(&current) && current > 0 {
        choices.push(current);
        choices.sort_unstable();
    }
    choices
}

/// A labelled duration picked by quarters of an hour ("15 min" … "8 h"), with `children`
/// under it: what the duration costs, updated as it changes (`{id}-preview`).
#[component]
pub fn DurationField(
    #[prop(into)] id: String,
    field: &'static str,
    label: Key,
    value: RwSignal<u32>,
    errors: FieldErrors,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let preview_id = format!("{id}-preview");
    let described = described_by(&id, field, errors, false, Some(&preview_id));
    let choices = duration_choices(value.get_untracked());
    view! {
        <label for=id.clone()>{tr(label)}</label>
        <select
            id=id.clone()
            name=field
            aria-invalid=errors.invalid(field)
            aria-describedby=described
            on:change=move |ev| {
                if let Ok(minutes) = event_target_value(&ev).parse::<u32>() {
                    value.set(minutes);
                }
            }
        >
            {choices
                .into_iter()
                .map(|minutes| {
                    view! {
                        <option value=minutes.to_string() prop:selected=move || value.get() == minutes>
                            {move || format::duration(i18n, minutes)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <small id=preview_id class="preview" aria-live="polite">{children()}</small>
        <FieldMessage errors field id=format!("{id}-error") />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_up_to_eight_hours_and_the_current_duration() {
        let choices = duration_choices(60);
        assert_eq!(choices.first(), Some(&15));
        assert_eq!(choices.last(), Some(&DURATION_CHOICES_MAX));
        assert_eq!(choices.len(), 32);
        let longer = duration_choices(600);
        assert_eq!(longer.last(), Some(&600), "a longer duration already set stays offered");
        assert!(longer.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn estimates_follow_the_rules_rate() {
        let rules = TsRules::default();
        assert_eq!(estimate(&rules, 180), Some(Ts::from_hundredths(500)));
        assert_eq!(estimate(&rules, 90), Some(Ts::from_hundredths(250)));
    }
}
