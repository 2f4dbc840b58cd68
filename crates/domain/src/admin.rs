//! The audit log, the settings admins edit, and the legal notice.

use serde::{Deserialize, Serialize};

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    /// Who did it (their name), if someone signed in did.
    pub actor: Option<String>,
    /// `sign_in`, `sign_in_failed`, `token_created`, `role_changed`, ...
    pub action: String,
    /// What it was done to (an e-mail, a token name).
    pub subject: Option<String>,
    /// The reason of a refusal, the new value of a change.
    pub detail: Option<String>,
    /// Erased after the retention period of the settings.
    pub ip: Option<String>,
}

/// The settings admins edit (`GET`/`PATCH /api/admin/settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// Days the audit log keeps IP addresses before erasing them (1 to 365, default 90).
    pub audit_ip_retention_days: u32,
}

pub const AUDIT_IP_RETENTION_DEFAULT: u32 = 90;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_ip_retention_days: Option<u32>,
}

impl SettingsPatch {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        match self.audit_ip_retention_days {
            Some(days) if !(1..=365).contains(&days) => vec![
                crate::FieldError::new("audit_ip_retention_days", "out_of_range")
                    .with_param("min", 1)
                    .with_param("max", 365),
            ],
            _ => Vec::new(),
        }
    }
}

/// The "mentions légales" text, edited by admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalNotice {
    /// Plain text; blank lines separate paragraphs. At most 20 000 characters.
    pub text: String,
}

pub const LEGAL_NOTICE_MAX: usize = 20_000;

impl LegalNotice {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        let mut errors = Vec::new();
        crate::validation::text(&mut errors, "text", &self.text, LEGAL_NOTICE_MAX);
        errors
    }
}

/// A page of a list, by cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass it as `?cursor=` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
