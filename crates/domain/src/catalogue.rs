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

/// A fingerprint of the catalogue's keys in order (FNV-1a, 16 hex digits): the SPA and the API
/// number the texts by this order, so a page built from another catalogue (an old tab after a
/// deploy) can tell the texts it would get are not its own.
pub fn keys_fingerprint<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for key in keys {
        for byte in key.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_the_keys_and_their_order() {
        let a = keys_fingerprint(["nav.home", "nav.docs"]);
        assert_eq!(a.len(), 16);
        assert_eq!(a, keys_fingerprint(["nav.home", "nav.docs"]));
        assert_ne!(a, keys_fingerprint(["nav.docs", "nav.home"]));
        assert_ne!(a, keys_fingerprint(["nav.home", "nav.doc"]));
    }
}
