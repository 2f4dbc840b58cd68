//! Dates, signed amounts, durations, ratings and browser names as people read them. Times
//! travel as RFC 3339 UTC strings and are shown in Europe/Paris, the French or English way, by
//! the browser's own ICU data.

use crate::i18n::{I18n, Lang, k};
use seed_domain::Ts;
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
    date.to_locale_string(locale(lang), &options).into()
}

/// "23 nov. 2026" (French) or "23 Nov 2026" (English), the day in Paris. The text as received
/// when it is not a date.
pub fn date(rfc3339: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    let options = js_sys::Object::new();
    for (name, value) in [("dateStyle", "medium"), ("timeZone", "Europe/Paris")] {
        let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
    }
    date.to_locale_date_string(locale(lang), &options).into()
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

fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr-FR",
        Lang::En => "en-GB",
    }
}

/// An amount with its sign always written: "+1,50 TS", "−1,50 TS", "0,00 TS".
pub fn signed(amount: Ts, lang: Lang) -> String {
    if amount.is_positive() { format!("+{}", amount.format(lang)) } else { amount.format(lang) }
}

/// A duration as people say it: "45 min", "3 h", "1 h 30" (French) or "1 h 30 min" (English).
pub fn duration(i18n: I18n, minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let (h, m) = (hours.to_string(), rest.to_string());
    match (hours, rest) {
        (0, _) => i18n.tf(k::DURATION_MINUTES, &[("m", &m)]),
        (_, 0) => i18n.tf(k::DURATION_HOURS, &[("h", &h)]),
        _ => i18n.tf(k::DURATION_HOURS_MINUTES, &[("h", &h), ("m", &format!("{rest:02}"))]),
    }
}

/// A number of tenths written with one decimal, without a float: 43 is "4,3" (French) or
/// "4.3" (English).
pub fn tenths(tenths: u32, lang: Lang) -> String {
    let decimal = if lang == Lang::Fr { ',' } else { '.' };
    format!("{}{decimal}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_and_systems_are_named_from_the_user_agent() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        assert_eq!(browser(firefox).as_deref(), Some("Firefox · Linux"));
        let chrome_android = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
        assert_eq!(browser(chrome_android).as_deref(), Some("Chrome · Android"));
        let edge = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0";
        assert_eq!(browser(edge).as_deref(), Some("Edge · Windows"));
        assert_eq!(browser("curl/8.5").as_deref(), None);
    }

    #[test]
    fn signs_and_tenths_without_floats() {
        assert_eq!(
            signed(Ts::from_hundredths(150), Lang::Fr),
            format!("+{}", Ts::from_hundredths(150).format(Lang::Fr))
        );
        assert_eq!(signed(Ts::ZERO, Lang::En), Ts::ZERO.format(Lang::En));
        assert_eq!(tenths(43, Lang::Fr), "4,3");
        assert_eq!(tenths(50, Lang::En), "5.0");
    }
}
