//! Who is calling: sessions, integrator tokens, and why a sign-in was refused.

use crate::membership::{MemberStatus, Role};
use serde::{Deserialize, Serialize};

/// What an integrator token may do. `read` allows GET; `write` allows the rest of what the
/// person may do; `admin` is needed, on top, for admin endpoints (admins only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Read,
    Write,
    Admin,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        match text {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            "admin" => Some(Scope::Admin),
            _ => None,
        }
    }

    /// The scopes a person of `role` may give a token.
    pub fn allowed_for(self, role: Role) -> bool {
        self != Scope::Admin || role == Role::Admin
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
pub struct NewToken {
    /// 1 to 60 characters, to recognise it later ("Site de l'association").
    pub name: String,
    pub scopes: Vec<Scope>,
    /// 1 to 365 days.
    pub expires_in_days: u32,
}

pub const TOKEN_NAME_MAX: usize = 60;
pub const TOKEN_DAYS_MAX: u32 = 365;

impl NewToken {
    /// The field errors of this request for a person of `role` (empty when valid).
    pub fn validate(&self, role: Role) -> Vec<crate::FieldError> {
        let mut errors = Vec::new();
        crate::validation::text(&mut errors, "name", &self.name, TOKEN_NAME_MAX);
        if self.scopes.is_empty() {
            errors.push(crate::FieldError::new("scopes", "required"));
        } else if self.scopes.iter().any(|s| !s.allowed_for(role)) {
            errors.push(crate::FieldError::new("scopes", "admin_scope_for_admins_only"));
        }
        if !(1..=TOKEN_DAYS_MAX).contains(&self.expires_in_days) {
            errors.push(
                crate::FieldError::new("expires_in_days", "out_of_range")
                    .with_param("min", 1)
                    .with_param("max", i64::from(TOKEN_DAYS_MAX)),
            );
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

impl SignInFailure {
    pub const ALL: [SignInFailure; 12] = [
        SignInFailure::ProviderError,
        SignInFailure::MissingCode,
        SignInFailure::UnknownState,
        SignInFailure::ExchangeFailed,
        SignInFailure::InvalidToken,
        SignInFailure::NonceMismatch,
        SignInFailure::EmailNotVerified,
        SignInFailure::WrongDomain,
        SignInFailure::IdentityMismatch,
        SignInFailure::NotAMember,
        SignInFailure::MembershipNotActive,
        SignInFailure::NotConfigured,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignInFailure::ProviderError => "provider_error",
            SignInFailure::MissingCode => "missing_code",
            SignInFailure::UnknownState => "unknown_state",
            SignInFailure::ExchangeFailed => "exchange_failed",
            SignInFailure::InvalidToken => "invalid_token",
            SignInFailure::NonceMismatch => "nonce_mismatch",
            SignInFailure::EmailNotVerified => "email_not_verified",
            SignInFailure::WrongDomain => "wrong_domain",
            SignInFailure::IdentityMismatch => "identity_mismatch",
            SignInFailure::NotAMember => "not_a_member",
            SignInFailure::MembershipNotActive => "membership_not_active",
            SignInFailure::NotConfigured => "not_configured",
        }
    }

    pub fn parse(text: &str) -> Option<SignInFailure> {
        SignInFailure::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_scope_is_for_admins_only() {
        let token =
            NewToken { name: "Site".into(), scopes: vec![Scope::Read, Scope::Admin], expires_in_days: 30 };
        assert!(token.validate(Role::Admin).is_empty());
        assert_eq!(token.validate(Role::Staff)[0].code, "admin_scope_for_admins_only");
    }

    #[test]
    fn token_requests_are_checked() {
        let token = NewToken { name: " ".into(), scopes: vec![], expires_in_days: 0 };
        let fields: Vec<String> = token.validate(Role::Member).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "scopes", "expires_in_days"]);
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
