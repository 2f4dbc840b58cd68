//! Secrets (session cookies, sign-in states, integrator tokens) and what the database keeps of
//! them: 256 random bits, stored only as a SHA-256.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Token secrets carry a prefix so secret scanners and people recognise them.
pub const TOKEN_PREFIX: &str = "seed_";

/// 256 random bits, URL-safe base64.
pub fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a secret: its SHA-256, in hex.
pub fn hash_secret(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
