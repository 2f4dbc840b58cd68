//! The French and English texts, one catalogue for the SPA (compiled in by its `build.rs`)
//! and the API (the CSV statement's labels). Flat JSON maps of keys to texts; a key names its
//! subject, e.g. `transfer_kind.welcome_grant`.

/// `locales/fr.json`.
pub const FR_JSON: &str = include_str!("../locales/fr.json");

/// `locales/en.json`.
pub const EN_JSON: &str = include_str!("../locales/en.json");

/// The key of a transfer kind's label.
pub fn transfer_kind_key(kind: crate::ledger::TransferKind) -> String {
    format!("transfer_kind.{}", kind.as_str())
}

/// The key of an account kind's label (the association's accounts have no holder's name).
pub fn account_kind_key(kind: crate::ledger::AccountKind) -> String {
    format!("account_kind.{}", kind.as_str())
}
