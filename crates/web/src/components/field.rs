//! The labelled controls of every form: one-line inputs, text areas, selects, and checkboxes
//! or radio buttons. Each names its hint and its field error in `aria-describedby`, so a
//! screen reader reads them with the control. Ids: the control `id`, the hint `{id}-hint`,
//! the error `{id}-error`.

use crate::components::form::{FieldErrors, FieldMessage};
use crate::i18n::{Key, tr, use_i18n};
use leptos::prelude::*;
use web_sys::HtmlSelectElement;

/// The `aria-describedby` of a control: its hint, what the caller adds, and its error when
/// there is one.
pub fn described_by(
    id: &str,
    field: &'static str,
    errors: FieldErrors,
    hint: bool,
    extra: Option<&str>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static + use<> {
    let always: Vec<String> =
        hint.then(|| format!("{id}-hint")).into_iter().chain(extra.map(str::to_owned)).collect();
    let error_id = format!("{id}-error");
    move || {
        let ids: Vec<&str> =
            always.iter().map(String::as_str).chain(errors.has(field).then_some(error_id.as_str())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The hint under a control, when it has one.
fn hint_view(id: &str, hint: Option<Key>) -> impl IntoView + use<> {
    let hint_id = format!("{id}-hint");
    hint.map(|hint| view! { <small id=hint_id>{tr(hint)}</small> })
}

/// A labelled one-line input: `kind` is `text` by default, or `email`, `search`, `number`,
/// `date`. `children` add what goes under it (a live preview, a hint that changes), named by
/// `described_by`. `on_change` runs when the person leaves the field changed (filters apply
/// then); `on_input` at each keystroke (a live search).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    /// The input's name, and the field of its errors.
    field: &'static str,
    label: Key,
    value: RwSignal<String>,
    #[prop(optional)] errors: FieldErrors,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u64>,
    #[prop(optional)] min: Option<u32>,
    #[prop(optional)] max: Option<u32>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] described_by: Option<&'static str>,
    #[prop(optional)] on_change: Option<Callback<()>>,
    #[prop(optional)] on_input: Option<Callback<String>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let described = self::described_by(&id, field, errors, hint.is_some(), described_by);
    let inputmode = inputmode.or_else(|| (kind == Some("number")).then_some("numeric"));
    view! {
        <label for=id.clone()>{tr(label)}</label>
        <input
            type=kind.unwrap_or("text")
            id=id.clone()
            name=field
            maxlength=maxlength.map(|m| m.to_string())
            min=min.map(|m| m.to_string())
            max=max.map(|m| m.to_string())
            inputmode=inputmode
            readonly=readonly
            autocomplete="off"
            bind:value=value
            aria-invalid=errors.invalid(field)
            aria-describedby=described
            on:change=move |_| {
                if let Some(on_change) = on_change {
                    on_change.run(());
                }
            }
            on:input=move |ev| {
                if let Some(on_input) = on_input {
                    on_input.run(event_target_value(&ev));
                }
            }
        />
        {hint_view(&id, hint)}
        {children.map(|children| children())}
        <FieldMessage errors field id=format!("{id}-error") />
    }
}

/// A labelled text of several lines.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    field: &'static str,
    label: Key,
    value: RwSignal<String>,
    errors: FieldErrors,
    maxlength: u64,
    #[prop(optional_no_strip, into)] hint: Option<Key>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let described = described_by(&id, field, errors, hint.is_some(), None);
    view! {
        <label for=id.clone()>{tr(label)}</label>
        <textarea
            id=id.clone()
            name=field
            rows=rows.to_string()
            maxlength=maxlength.to_string()
            bind:value=value
            aria-invalid=errors.invalid(field)
            aria-describedby=described
        ></textarea>
        {hint_view(&id, hint)}
        <FieldMessage errors field id=format!("{id}-error") />
    }
}

/// A labelled select among `options` (value, text), showing `value`. `on_change` gets the
/// value chosen and decides: the select then shows `value` again, so a choice refused (or
/// waiting for a confirmation) does not stay on screen. With `compact`, the label is only read
/// out (a select in a table row, whose column says what it is); `label_args` fill its
/// placeholders ("Rôle de {name}").
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    field: &'static str,
    label: Key,
    options: Vec<(&'static str, Key)>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional)] compact: bool,
    #[prop(optional)] label_args: Vec<(&'static str, String)>,
    #[prop(optional)] errors: FieldErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let described = described_by(&id, field, errors, false, None);
    let options = options
        .into_iter()
        .map(|(option, text)| {
            view! { <option value=option prop:selected=move || value.with(|v| v == option)>{tr(text)}</option> }
        })
        .collect_view();
    view! {
        {(!compact).then(|| view! { <label for=id.clone()>{tr(label)}</label> })}
        <select
            id=id.clone()
            name=field
            class=compact.then_some("compact")
            aria-label=move || {
                compact.then(|| {
                    let args: Vec<(&str, &str)> = label_args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                    i18n.tf(label, &args)
                })
            }
            aria-invalid=errors.invalid(field)
            aria-describedby=described
            on:change=move |ev| {
                let select: HtmlSelectElement = event_target(&ev);
                on_change.run(select.value());
                select.set_value(&value.get_untracked());
            }
        >
            {options}
        </select>
        <FieldMessage errors field id=format!("{id}-error") />
    }
}

/// A checkbox (or a switch, or a radio button of a group named `name`) inside its label,
/// which is `children`.
#[component]
pub fn Choice(
    #[prop(into)] id: String,
    name: &'static str,
    #[prop(into)] checked: Signal<bool>,
    on_change: Callback<bool>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] radio: bool,
    #[prop(optional)] switch: bool,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let label_for = id.clone();
    view! {
        <label for=label_for class=class>
            <input
                type=if radio { "radio" } else { "checkbox" }
                role=switch.then_some("switch")
                id=id
                name=name
                value=value
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            {children()}
        </label>
    }
}
