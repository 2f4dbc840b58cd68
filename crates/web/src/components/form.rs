//! Field errors next to the fields, from the domain's `validate()` or from a 422 answer.

use crate::i18n::{I18n, k, named, use_i18n};
use leptos::prelude::*;
use seed_domain::problem::serde_json_value::Value;
use seed_domain::{FieldError, Ts, TsError};

/// The field errors of one form.
#[derive(Debug, Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<FieldError>>);

impl Default for FieldErrors {
    fn default() -> FieldErrors {
        FieldErrors(RwSignal::new(Vec::new()))
    }
}

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    pub fn set(self, errors: Vec<FieldError>) {
        self.0.set(errors);
    }

    pub fn clear(self) {
        self.0.set(Vec::new());
    }

    /// The first error of `field` (reactive).
    pub fn first(self, field: &str) -> Option<FieldError> {
        self.0.with(|errors| errors.iter().find(|e| e.field == field).cloned())
    }

    /// True when `field` has an error (reactive).
    pub fn has(self, field: &str) -> bool {
        self.0.with(|errors| errors.iter().any(|e| e.field == field))
    }

    /// `aria-invalid` of the field's input.
    pub fn invalid(self, field: &'static str) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync {
        move || self.has(field).then_some("true")
    }
}

/// The text of a field error: `field_errors.<field>.<code>`, else `field_errors.<code>`, with
/// its `{param}` placeholders filled.
pub fn field_error_text(i18n: I18n, error: &FieldError) -> String {
    let key = named::field_errors(&format!("{}.{}", error.field, error.code))
        .or_else(|| named::field_errors(&error.code))
        .unwrap_or(k::FIELD_ERRORS_INVALID);
    let params: Vec<(String, String)> = error
        .params
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Int(n) => n.to_string(),
                Value::Text(t) => t.clone(),
            };
            (name.clone(), value)
        })
        .collect();
    let args: Vec<(&str, &str)> = params.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    i18n.tf(key, &args)
}

/// The error of `field`, under its input, with the id its `aria-describedby` names.
#[component]
pub fn FieldMessage(errors: FieldErrors, field: &'static str, #[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.first(field).map(|error| {
            view! { <small id=id.clone() class="field-error">{move || field_error_text(i18n, &error)}</small> }
        })
    }
}

/// The field error of a text that is not an amount of TS.
pub fn amount_error(field: &str, error: TsError) -> FieldError {
    let code = match error {
        TsError::Empty => "required",
        TsError::NegativeNotAllowed => "negative_not_allowed",
        TsError::TooManyDecimals => "too_many_decimals",
        TsError::Invalid => "invalid_amount",
        TsError::Overflow => "amount_too_large",
    };
    FieldError::new(field, code)
}

/// A TS amount typed in a field: the amount, or the field's error.
pub fn parse_amount(field: &str, text: &str, signed: bool) -> Result<Ts, FieldError> {
    let parsed = if signed { Ts::parse_signed(text) } else { Ts::parse(text) };
    parsed.map_err(|e| amount_error(field, e))
}
