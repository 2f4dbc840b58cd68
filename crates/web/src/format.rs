//! Dates and browser names as people read them. Times travel as RFC 3339 UTC strings and are
//! shown in Europe/Paris, the French or English way, by the browser's own ICU data.

use crate::i18n::Lang;
use wasm_bindgen::JsValue;

/// "23 nov. 2026, 10:00" (French) or "23 Nov 2026, 10:00" (English), in Paris time. The text
/// as received when it is not a date.
pub fn datetime(rfc3339: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    for (name, value) in [("dateStyle", "medium"), ("timeStyle", "short"), ("timeZone", "Europe/Paris")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    let locale = match lang {
        Lang::Fr => "fr-FR",
        Lang::En => "en-GB",
    };
    date.to_locale_string(locale, &options).into()
}

/// The browser and system of a user agent ("Firefox · Linux"), or `None` when neither is
/// recognised. Only for display: the full text stays available as a tooltip.
pub fn browser(user_agent: &str) -> Option<String> {
    const BROWSERS: &[(&str, &str)] = &[
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: &[(&str, &str)] = &[
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table.iter().find(|(needle, _)| user_agent.contains(needle)).map(|(_, name)| *name)
    };
    match (find(BROWSERS), find(SYSTEMS)) {
        (Some(b), Some(s)) => Some(format!("{b} · {s}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}
