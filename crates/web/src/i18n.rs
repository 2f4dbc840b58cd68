//! French and English texts from `crates/domain/locales/*.json` (compiled in by `build.rs`), and the chosen
//! language: French by default, whatever the browser says; the choice is remembered.

use leptos::prelude::*;
pub use seed_domain::ts::Lang;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A catalogue entry; the constants are in [`k`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(usize);

const STORAGE_KEY: &str = "seed.lang";

#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl I18n {
    /// Makes the language available to every component and keeps `<html lang>` in step.
    pub fn provide() {
        let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let lang = RwSignal::new(if saved.as_deref() == Some("en") { Lang::En } else { Lang::Fr });
        provide_context(I18n { lang });
        Effect::new(move |_| {
            let code = if lang.get() == Lang::En { "en" } else { "fr" };
            if let Some(root) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", code);
            }
            if let Some(s) = storage() {
                let _ = s.set_item(STORAGE_KEY, code);
            }
        });
    }

    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    pub fn toggle(self) {
        self.lang.update(|l| *l = if *l == Lang::Fr { Lang::En } else { Lang::Fr });
    }

    /// The text of `key` in the current language (reactive when read in a closure).
    pub fn t(self, key: Key) -> &'static str {
        match self.lang.get() {
            Lang::Fr => FR[key.0],
            Lang::En => EN[key.0],
        }
    }

    /// The text with its `{name}` placeholders filled.
    pub fn tf(self, key: Key, args: &[(&str, &str)]) -> String {
        args.iter()
            .fold(self.t(key).to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
    }
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n { lang: RwSignal::new(Lang::Fr) })
}

/// A reactive text for views and attributes: `{tr(k::NAV_HOME)}`.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}
