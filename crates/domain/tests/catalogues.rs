//! The French and English catalogues (`crates/domain/locales`, the SPA's and the API's) against the domain: the same
//! keys and placeholders in both languages, and a text for every code the API can answer with.
//! `leptos_i18n`-style tools only warn about a missing key; here it fails the test command.

use seed_domain::admin::AuditAction;
use seed_domain::auth::SignInFailure;
use seed_domain::catalogue::{account_kind_key, transfer_kind_key};
use seed_domain::ledger::{AccountKind, TransferKind};
use seed_domain::{ErrorCode, NotAllowedReason};
use std::collections::{BTreeMap, BTreeSet};

fn catalogue(lang: &str) -> BTreeMap<String, String> {
    // The directory at run time: a target directory shared by two checkouts keeps the
    // compile-time one of whichever built it.
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let path = format!("{dir}/locales/{lang}.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let (fr, en) = (catalogue("fr"), catalogue("en"));
    let only_fr: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "missing in en: {only_fr:?}; missing in fr: {only_en:?}"
    );
    for (key, text) in &fr {
        assert_eq!(placeholders(text), placeholders(&en[key]), "{key}");
        assert!(!text.trim().is_empty() && !en[key].trim().is_empty(), "{key} is empty");
    }
}

#[test]
fn every_error_code_and_sign_in_failure_has_a_text() {
    let fr = catalogue("fr");
    for code in ErrorCode::ALL {
        assert!(fr.contains_key(&format!("errors.{}", code.as_str())), "errors.{} is missing", code.as_str());
    }
    for action in AuditAction::ALL {
        let key = format!("audit.action.{}", action.as_str());
        assert!(fr.contains_key(&key), "{key} is missing");
    }
    for reason in NotAllowedReason::ALL {
        let key = format!("errors.not_allowed_{}", reason.as_str());
        assert!(fr.contains_key(&key), "{key} is missing");
    }
    for kind in TransferKind::ALL {
        let key = transfer_kind_key(kind);
        assert!(fr.contains_key(&key), "{key} is missing");
    }
    for kind in AccountKind::ALL {
        let key = account_kind_key(kind);
        assert!(fr.contains_key(&key), "{key} is missing");
    }
    for failure in SignInFailure::ALL {
        let key = format!("signin.failure.{}", failure.as_str());
        assert!(fr.contains_key(&key), "{key} is missing");
    }
}
