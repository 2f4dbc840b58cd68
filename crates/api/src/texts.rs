//! The French and English catalogue (`seed_domain::catalogue`), read once: the French text of a
//! key (the CSV statement speaks French), and each language's texts in key order, which the SPA
//! loads when someone reads it in a language it does not carry compiled in.

use crate::auth::secret::sha256_hex;
use seed_domain::catalogue;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One language's catalogue: texts by key, and the key-ordered list with its fingerprint.
pub struct Texts {
    by_key: BTreeMap<String, String>,
    in_key_order: Vec<String>,
    /// The `ETag` of `in_key_order` as JSON.
    pub etag: String,
    /// `seed_domain::catalogue::keys_fingerprint` of the keys' order.
    pub keys: String,
}

impl Texts {
    fn parse(json: &str) -> Texts {
        let by_key: BTreeMap<String, String> = serde_json::from_str(json).unwrap_or_default();
        // The SPA numbers its keys in the same (sorted) order: `crates/web/build.rs`.
        let in_key_order: Vec<String> = by_key.values().cloned().collect();
        let body = serde_json::to_string(&in_key_order).unwrap_or_default();
        let keys = catalogue::keys_fingerprint(by_key.keys().map(String::as_str));
        Texts { etag: format!("\"{}\"", &sha256_hex(body.as_bytes())[..32]), keys, by_key, in_key_order }
    }

    pub fn in_key_order(&self) -> &[String] {
        &self.in_key_order
    }

    /// The text of `key` (the catalogue test guarantees it exists; the key otherwise).
    pub fn get(&self, key: &str) -> String {
        self.by_key.get(key).cloned().unwrap_or_else(|| key.to_owned())
    }
}

pub static FRENCH: LazyLock<Texts> = LazyLock::new(|| Texts::parse(catalogue::FR_JSON));
pub static ENGLISH: LazyLock<Texts> = LazyLock::new(|| Texts::parse(catalogue::EN_JSON));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_list_every_key_in_the_same_order() {
        assert_eq!(FRENCH.in_key_order().len(), ENGLISH.in_key_order().len());
        assert!(FRENCH.in_key_order().len() > 500);
        assert_eq!(FRENCH.get("nav.home"), "Accueil");
        assert_eq!(ENGLISH.get("nav.home"), "Home");
        let keys: Vec<&String> = FRENCH.by_key.keys().collect();
        let at = keys.iter().position(|k| *k == "nav.home").unwrap_or_default();
        assert_eq!(ENGLISH.in_key_order()[at], "Home");
        assert_ne!(FRENCH.etag, ENGLISH.etag);
        assert_eq!(FRENCH.keys, ENGLISH.keys, "both catalogues have the same keys");
    }
}
