//! Members, their roles and statuses.

use serde::{Deserialize, Serialize};

/// What a person may do in SEED. Ordered: an admin is also staff, staff is also a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Staff,
    Admin,
}

text_enum!(Role {
    Member => "member",
    Staff => "staff",
    Admin => "admin",
});

/// Where a member's record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Known to SEED, not yet accepted as a member: cannot sign in.
    Pending,
    Active,
    /// Deactivated by an admin: cannot sign in, account closed.
    Inactive,
}

text_enum!(MemberStatus {
    Pending => "pending",
    Active => "active",
    Inactive => "inactive",
});

impl Role {
    /// True when this role includes `needed` (an admin may do what staff may do).
    pub fn includes(self, needed: Role) -> bool {
        self >= needed
    }
}

/// A member as staff see them in the members list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberSummary {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: MemberStatus,
    /// A Google account is linked (signed in at least once).
    pub google_linked: bool,
    pub created_at: String,
}

pub const NAME_MAX: u64 = 100;

/// `POST /api/members`: an admin adds a member by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct NewMember {
    /// Their address in the association's Workspace domain.
    #[validate(custom(function = "crate::validation::email"))]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = "^[A-Za-z0-9_+'-]([A-Za-z0-9._+'-]{0,62}[A-Za-z0-9_+'-])?@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
        )
    )]
    pub email: String,
    #[validate(length(max = NAME_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = "\\S"))]
    pub display_name: String,
    #[serde(default = "default_role")]
    pub role: Role,
}

fn default_role() -> Role {
    Role::Member
}

impl NewMember {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

/// `PATCH /api/members/{id}`: only the fields that change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[derive(validator::Validate)]
pub struct MemberPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = NAME_MAX, code = "too_long"), custom(function = "crate::validation::filled"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 100, pattern = "\\S"))]
    pub display_name: Option<String>,
}

impl MemberPatch {
    pub fn validate(&self) -> Vec<crate::FieldError> {
        crate::validation::field_errors(validator::Validate::validate(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip() {
        for r in [Role::Member, Role::Staff, Role::Admin] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        for s in [MemberStatus::Pending, MemberStatus::Active, MemberStatus::Inactive] {
            assert_eq!(MemberStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn roles_include_lower_roles() {
        assert!(Role::Admin.includes(Role::Staff));
        assert!(Role::Staff.includes(Role::Member));
        assert!(!Role::Member.includes(Role::Staff));
        assert!(!Role::Staff.includes(Role::Admin));
    }
}
