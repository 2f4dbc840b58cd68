//! The audit log, the settings admins edit, and the legal notice.

use serde::{Deserialize, Serialize};

/// What a line of the audit log records. Its text is the catalogue key's suffix
/// (`audit.action.<text>`), so the log reads in French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    SignOut,
    SignOutEverywhere,
    TokenCreated,
    TokenRevoked,
    SessionRevoked,
    MemberAdded,
    RoleChanged,
    MemberRenamed,
    MemberDeactivated,
    MemberActivated,
    GoogleUnlinked,
    SettingsChanged,
    LegalNoticeChanged,
    TsRulesChanged,
    AccessRefused,
    AccountLimitsChanged,
    AccountSettled,
    TransferReversed,
    TsAdjusted,
}

text_enum!(AuditAction {
    SignIn => "sign_in",
    SignInFailed => "sign_in_failed",
    SignOut => "sign_out",
    SignOutEverywhere => "sign_out_everywhere",
    TokenCreated => "token_created",
    TokenRevoked => "token_revoked",
    SessionRevoked => "session_revoked",
    MemberAdded => "member_added",
    RoleChanged => "role_changed",
    MemberRenamed => "member_renamed",
    MemberDeactivated => "member_deactivated",
    MemberActivated => "member_activated",
    GoogleUnlinked => "google_unlinked",
    SettingsChanged => "settings_changed",
    LegalNoticeChanged => "legal_notice_changed",
    TsRulesChanged => "ts_rules_changed",
    AccessRefused => "access_refused",
    AccountLimitsChanged => "account_limits_changed",
    AccountSettled => "account_settled",
    TransferReversed => "transfer_reversed",
    TsAdjusted => "ts_adjusted",
});

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    /// Who did it (their name), if someone signed in did.
    pub actor: Option<String>,
    pub action: AuditAction,
    /// What it was done to: a member's id (never an e-mail), a token's id, a setting's name.
    pub subject: Option<String>,
    /// The member's name when the subject is a member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_name: Option<String>,
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
    /// Days the audit log keeps its rows before purging them (30 to 3650, default 365).
    pub audit_retention_days: u32,
}

pub const AUDIT_IP_RETENTION_DEFAULT: u32 = 90;
pub const AUDIT_IP_RETENTION_MAX: u32 = 365;
pub const AUDIT_RETENTION_DEFAULT: u32 = 365;
pub const AUDIT_RETENTION_MIN: u32 = 30;
pub const AUDIT_RETENTION_MAX: u32 = 3650;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct SettingsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = AUDIT_IP_RETENTION_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub audit_ip_retention_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = AUDIT_RETENTION_MIN, max = AUDIT_RETENTION_MAX, code = "out_of_range"))]
    #[cfg_attr(feature = "openapi", schema(minimum = 30, maximum = 3650))]
    pub audit_retention_days: Option<u32>,
}

impl SettingsPatch {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// The "mentions légales" text, edited by admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct LegalNotice {
    /// Plain text; blank lines separate paragraphs. At most 20 000 characters.
    #[validate(length(max = LEGAL_NOTICE_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000, pattern = "\\S"))]
    pub text: String,
}

pub const LEGAL_NOTICE_MAX: u64 = 20_000;

impl LegalNotice {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
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
