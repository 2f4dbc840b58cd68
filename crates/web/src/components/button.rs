//! The button of an action that takes a moment: busy and disabled while it runs, so a second
//! tap sends nothing twice.

use crate::components::icon::Icon;
use crate::i18n::{Key, tr};
use leptos::prelude::*;

/// Submits its form, or runs `on_click` when given. While `pending`, it is marked busy,
/// disabled, and says `busy_label` when there is one.
#[component]
pub fn BusyButton(
    #[prop(into)] pending: Signal<bool>,
    label: Key,
    #[prop(optional)] busy_label: Option<Key>,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(optional)] icon: Option<&'static str>,
    /// Disabled for another reason too (nothing to do).
    #[prop(optional, into)]
    disabled: Option<Signal<bool>>,
    #[prop(optional)] on_click: Option<Callback<()>>,
) -> impl IntoView {
    let text = move || match busy_label {
        Some(busy) if pending.get() => tr(busy)(),
        _ => tr(label)(),
    };
    view! {
        <button
            type=if on_click.is_some() { "button" } else { "submit" }
            class=class
            aria-busy=move || pending.get().then_some("true")
            disabled=move || pending.get() || disabled.is_some_and(|d| d.get())
            on:click=move |_| {
                if let Some(on_click) = on_click {
                    on_click.run(());
                }
            }
        >
            {icon.map(|svg| view! { <Icon svg /> " " })}
            {text}
        </button>
    }
}
