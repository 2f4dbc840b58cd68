//! Names both ends of the HTTP wire spell the same way: the API reads them, the SPA sends
//! them, and the OpenAPI document states them.

/// The header every state-changing browser request carries: another site cannot set it
/// without a CORS preflight, which SEED never grants. The API refuses a cookie-authenticated
/// write without it.
pub const CSRF_HEADER: &str = "X-SEED-CSRF";

/// The header that makes a TS-moving request safe to retry: the first answer is replayed.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The longest `Idempotency-Key` (a UUID is 36 characters).
pub const IDEMPOTENCY_KEY_MAX: usize = 200;

/// 1 to [`IDEMPOTENCY_KEY_MAX`] visible ASCII characters.
pub fn is_idempotency_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= IDEMPOTENCY_KEY_MAX && key.bytes().all(|b| b.is_ascii_graphic())
}

/// A cookie's name on local HTTP, and over https with the `__Host-` prefix (Secure, Path=/,
/// no Domain), which a browser only accepts from the host itself.
#[derive(Debug, Clone, Copy)]
pub struct CookieName {
    pub local: &'static str,
    pub secure: &'static str,
}

impl CookieName {
    pub const fn get(self, local_http: bool) -> &'static str {
        if local_http { self.local } else { self.secure }
    }
}

/// The session, set at sign-in.
pub const SESSION_COOKIE: CookieName = CookieName { local: "seed_session", secure: "__Host-seed_session" };

/// The browser's half of a Google sign-in under way (state, nonce, PKCE verifier).
pub const SIGN_IN_COOKIE: CookieName = CookieName { local: "seed_sign_in", secure: "__Host-seed_sign_in" };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_visible_ascii_up_to_the_limit() {
        assert!(is_idempotency_key("6f1c2a7e-0b8e-4c55-9d0a-2f4b8e1d3c9a"));
        assert!(is_idempotency_key(&"k".repeat(IDEMPOTENCY_KEY_MAX)));
        assert!(!is_idempotency_key(""));
        assert!(!is_idempotency_key(&"k".repeat(IDEMPOTENCY_KEY_MAX + 1)));
        assert!(!is_idempotency_key("a key"));
        assert!(!is_idempotency_key("clé"));
    }

    #[test]
    fn cookie_names_take_the_host_prefix_over_https() {
        assert_eq!(SESSION_COOKIE.get(true), "seed_session");
        assert_eq!(SESSION_COOKIE.get(false), "__Host-seed_session");
        assert!(SIGN_IN_COOKIE.get(false).starts_with("__Host-"));
    }
}
