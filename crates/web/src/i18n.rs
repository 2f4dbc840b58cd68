//! French and English texts from `crates/domain/locales/*.json`, and the chosen language:
//! French by default, whatever the browser says; the choice is remembered. French is compiled
//! in (`build.rs`); English is loaded from the API the first time someone reads it.

use leptos::prelude::*;
use leptos::task::spawn_local;
pub use seed_domain::ts::Lang;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A catalogue entry; the constants are in [`k`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(&'static Entry);

/// A key's place in the catalogue's key order (the English texts come in that order) and its
/// French text.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry(usize, &'static str);

const STORAGE_KEY: &str = "seed.lang";

/// The English texts once loaded, in key order (leaked once: they live as long as the page).
static ENGLISH: OnceLock<Vec<&'static str>> = OnceLock::new();

/// Loads the English texts unless they are there; false when they could not be loaded (the
/// page then stays in French).
pub async fn load_english() -> bool {
    if ENGLISH.get().is_some() {
        return true;
    }
    match crate::api::english_texts(KEYS_FINGERPRINT).await {
        Ok(texts) if texts.len() == COUNT => {
            let _ = ENGLISH.set(texts.into_iter().map(|t| &*Box::leak(t.into_boxed_str())).collect());
            true
        }
        _ => false,
    }
}

fn remember(code: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, code);
    }
}

/// The language the person chose last time on this browser.
pub fn saved_lang() -> Lang {
    let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    if saved.as_deref() == Some("en") { Lang::En } else { Lang::Fr }
}

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
        // English only once its texts are there (`main` loads them before mounting).
        let lang = RwSignal::new(if ENGLISH.get().is_some() { saved_lang() } else { Lang::Fr });
        provide_context(I18n { lang });
        Effect::new(move |_| {
            let code = if lang.get() == Lang::En { "en" } else { "fr" };
            if let Some(root) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("lang", code);
            }
        });
    }

    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// Switches language and remembers the choice. English may take a moment to load; if it
    /// cannot, nothing changes (and an English reader's saved choice stays for next time).
    pub fn toggle(self) {
        if self.lang.get_untracked() == Lang::En {
            self.lang.set(Lang::Fr);
            remember("fr");
            return;
        }
        let lang = self.lang;
        spawn_local(async move {
            if load_english().await {
                lang.set(Lang::En);
                remember("en");
            }
        });
    }

    /// The text of `key` in the current language (reactive when read in a closure).
    pub fn t(self, key: Key) -> &'static str {
        match (self.lang.get(), ENGLISH.get()) {
            (Lang::En, Some(english)) => english.get(key.0.0).copied().unwrap_or(key.0.1),
            _ => key.0.1,
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

/// French counts 0 and 1 in the singular, English only 1.
pub fn singular(count: u32, lang: Lang) -> bool {
    match lang {
        Lang::Fr => count <= 1,
        Lang::En => count == 1,
    }
}

/// A reactive text for views and attributes: `{tr(k::NAV_HOME)}`.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_counts_zero_and_one_in_the_singular() {
        assert!(singular(0, Lang::Fr) && singular(1, Lang::Fr) && !singular(2, Lang::Fr));
        assert!(!singular(0, Lang::En) && singular(1, Lang::En) && !singular(2, Lang::En));
    }
}
