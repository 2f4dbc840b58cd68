//! Who is calling: sessions, integrator tokens, and why a sign-in was refused.

use crate::membership::{MemberStatus, Role};
use serde::{Deserialize, Serialize};

/// What an integrator token may do. `read` allows GET; `write` allows the rest of what the
/// person may do as a member; `staff` is needed, on top, for staff's powers (staff and admins
/// only), and `admin` for admins' (admins only; it does not imply `staff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Read,
    Write,
    Staff,
    Admin,
}

text_enum!(Scope {
    Read => "read",
    Write => "write",
    Staff => "staff",
    Admin => "admin",
});

impl Scope {
    /// The scopes a person of `role` may give a token.
    pub fn allowed_for(self, role: Role) -> bool {
        match self {
            Scope::Read | Scope::Write => true,
            Scope::Staff => role.includes(Role::Staff),
            Scope::Admin => role == Role::Admin,
        }
    }

    /// A token's scopes as stored: their texts, in order, separated by spaces.
    pub fn join(scopes: &[Scope]) -> String {
        let mut sorted = scopes.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The scopes stored by [`Scope::join`]; an unknown one is an error, never dropped.
    pub fn split(text: &str) -> Result<Vec<Scope>, crate::text_enum::UnknownText> {
        text.split(' ').filter(|s| !s.is_empty()).map(|s| Scope::try_from(s.to_owned())).collect()
    }

    /// The scope a token needs, on top of `read` or `write`, to use the powers of `role`.
    pub fn for_role(role: Role) -> Option<Scope> {
        match role {
            Role::Member => None,
            Role::Staff => Some(Scope::Staff),
            Role::Admin => Some(Scope::Admin),
        }
    }
}

/// How the current request was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Via {
    Session,
    Token,
}

/// `GET /api/me`: the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: MemberStatus,
    pub via: Via,
    /// SEED runs in demo mode (demo people, fictitious data).
    pub demo: bool,
}

/// One of my sessions (a browser where I am signed in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_seen_at: String,
    /// When it ends at the latest (it also ends after 7 days without use).
    pub expires_at: String,
    pub user_agent: Option<String>,
    /// The session of this very request.
    pub current: bool,
}

/// One of my integrator tokens (never its secret, which is shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: String,
    pub expires_at: String,
    pub last_used_at: Option<String>,
}

/// `POST /api/me/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewToken {
    /// 1 to 60 characters, to recognise it later ("Site de l'association").
    #[validate(length(max = TOKEN_NAME_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 60, pattern = "\\S"))]
    pub name: String,
    #[validate(length(min = 1, code = "required"))]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<Scope>,
    /// 1 to 365 days.
    #[validate(range(min = 1, max = TOKEN_DAYS_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub expires_in_days: u32,
}

pub const TOKEN_NAME_MAX: u64 = 60;
pub const TOKEN_DAYS_MAX: u32 = 365;

impl NewToken {
    /// The field errors of this request for a person of `role` (empty when valid).
    pub fn validate(&self, role: Role) -> Vec<crate::FieldError> {
        let mut errors = crate::validation::field_errors(validator::Validate::validate(self));
        if !Scope::Staff.allowed_for(role) && self.scopes.contains(&Scope::Staff) {
            errors.push(crate::FieldError::new("scopes", "staff_scope_for_staff_only"));
        } else if self.scopes.iter().any(|s| !s.allowed_for(role)) {
            errors.push(crate::FieldError::new("scopes", "admin_scope_for_admins_only"));
        }
        errors
    }
}

/// The answer to `POST /api/me/tokens`: the secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    /// Send it as `Authorization: Bearer <token>`. SEED keeps only its hash.
    pub token: String,
    pub info: TokenInfo,
}

/// A demo person one can sign in as (demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoPerson {
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// `POST /api/auth/demo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DemoSignIn {
    pub email: String,
}

/// Why a Google sign-in was refused: the audit log's reason and the `?erreur=` of the sign-in
/// page, which explains it in French or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInFailure {
    /// Google answered with an error (the person cancelled, for example).
    ProviderError,
    /// The callback came without a code.
    MissingCode,
    /// No pending sign-in matches (replayed, forged, expired, or from another browser).
    UnknownState,
    /// The code could not be exchanged for tokens.
    ExchangeFailed,
    /// The ID token failed verification (signature, key, algorithm, dates, audience, issuer).
    InvalidToken,
    /// The ID token's nonce is absent or not the one of this sign-in.
    NonceMismatch,
    /// The Google account's e-mail is not verified.
    EmailNotVerified,
    /// The account is not of the association's Workspace domain.
    WrongDomain,
    /// The e-mail is linked to another Google account; staff must re-link it.
    IdentityMismatch,
    /// No member has this e-mail.
    NotAMember,
    /// The membership is not active (pending, or deactivated).
    MembershipNotActive,
    /// This server has no Google client configured (a local demo run).
    NotConfigured,
}

text_enum!(SignInFailure {
    ProviderError => "provider_error",
    MissingCode => "missing_code",
    UnknownState => "unknown_state",
    ExchangeFailed => "exchange_failed",
    InvalidToken => "invalid_token",
    NonceMismatch => "nonce_mismatch",
    EmailNotVerified => "email_not_verified",
    WrongDomain => "wrong_domain",
    IdentityMismatch => "identity_mismatch",
    NotAMember => "not_a_member",
    MembershipNotActive => "membership_not_active",
    NotConfigured => "not_configured",
});

/// The longest path SEED sends a browser back to after signing in.
pub const RETURN_PATH_MAX: usize = 200;

/// Whether `path` is safe to send a browser back to after signing in: a path of this site,
/// never another site's address. Printable ASCII only, because browsers drop TAB, CR and LF
/// from a URL before reading it (`/\t/evil.example` becomes `//evil.example`, another host),
/// and no `\`, which browsers read as `/`. Percent-escapes are fine: browsers do not decode
/// them when they resolve a path.
pub fn is_safe_return_path(path: &str) -> bool {
    path.len() <= RETURN_PATH_MAX
        && path.starts_with('/')
        && !path.starts_with("//")
        && path.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
}

/// One spelling of an OpenID issuer: Google writes its own both as
/// `https://accounts.google.com` and `accounts.google.com`, which are the same issuer.
pub fn canonical_issuer(issuer: &str) -> String {
    let issuer = issuer.trim().trim_end_matches('/');
    if issuer.contains("://") { issuer.to_owned() } else { format!("https://{issuer}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_on_this_site() {
        for good in ["/", "/compte", "/echanges/42?onglet=2#fin", "/%2F%2Fevil.example", "/a%09b"] {
            assert!(is_safe_return_path(good), "{good:?} should be accepted");
        }
        let long = format!("/{}", "a".repeat(RETURN_PATH_MAX));
        for bad in [
            "",
            "compte",
            "//evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\r\n/evil.example",
            "/x\ny",
            "/x\ry",
            "/x\0",
            "/a b",
            "/\u{e9}t\u{e9}",
            "%2F%2Fevil.example",
            "%09/evil.example",
            "javascript:alert(1)",
            "https://evil.example/",
            long.as_str(),
        ] {
            assert!(!is_safe_return_path(bad), "{bad:?} should be refused");
        }
        assert!(is_safe_return_path(&long[..RETURN_PATH_MAX]));
    }

    #[test]
    fn issuers_have_one_spelling() {
        assert_eq!(canonical_issuer("accounts.google.com"), "https://accounts.google.com");
        assert_eq!(canonical_issuer("https://accounts.google.com"), "https://accounts.google.com");
        assert_eq!(canonical_issuer("https://accounts.google.com/"), "https://accounts.google.com");
        assert_eq!(canonical_issuer("http://127.0.0.1:4000"), "http://127.0.0.1:4000");
    }

    #[test]
    fn admin_scope_is_for_admins_only() {
        let token =
            NewToken { name: "Site".into(), scopes: vec![Scope::Read, Scope::Admin], expires_in_days: 30 };
        assert!(token.validate(Role::Admin).is_empty());
        assert_eq!(token.validate(Role::Staff)[0].code, "admin_scope_for_admins_only");
    }

    #[test]
    fn staff_scope_is_for_staff_and_admins_and_admin_does_not_imply_it() {
        let token =
            NewToken { name: "Site".into(), scopes: vec![Scope::Read, Scope::Staff], expires_in_days: 30 };
        assert!(token.validate(Role::Staff).is_empty());
        assert!(token.validate(Role::Admin).is_empty());
        assert_eq!(token.validate(Role::Member)[0].code, "staff_scope_for_staff_only");
        assert_eq!(Scope::for_role(Role::Staff), Some(Scope::Staff));
        assert_eq!(Scope::for_role(Role::Admin), Some(Scope::Admin));
        assert_eq!(Scope::for_role(Role::Member), None);
    }

    #[test]
    fn token_requests_are_checked() {
        let token = NewToken { name: " ".into(), scopes: vec![], expires_in_days: 0 };
        let fields: Vec<String> = token.validate(Role::Member).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["expires_in_days", "name", "scopes"]);
        let long = NewToken { name: "x".repeat(61), scopes: vec![Scope::Read], expires_in_days: 366 };
        assert_eq!(long.validate(Role::Member).len(), 2);
    }

    #[test]
    fn failure_names_round_trip() {
        for f in SignInFailure::ALL {
            assert_eq!(SignInFailure::parse(f.as_str()), Some(f));
        }
    }
}
