//! The catalogue texts of the shared enums (roles, statuses, scopes).

use crate::i18n::{Key, k};
use seed_domain::auth::Scope;
use seed_domain::membership::{MemberStatus, Role};

pub const ROLES: [Role; 3] = [Role::Member, Role::Staff, Role::Admin];

pub fn role(role: Role) -> Key {
    match role {
        Role::Member => k::ROLE_MEMBER,
        Role::Staff => k::ROLE_STAFF,
        Role::Admin => k::ROLE_ADMIN,
    }
}

pub fn status(status: MemberStatus) -> Key {
    match status {
        MemberStatus::Pending => k::STATUS_PENDING,
        MemberStatus::Active => k::STATUS_ACTIVE,
        MemberStatus::Inactive => k::STATUS_INACTIVE,
    }
}

pub fn scope(scope: Scope) -> Key {
    match scope {
        Scope::Read => k::SCOPE_READ,
        Scope::Write => k::SCOPE_WRITE,
        Scope::Admin => k::SCOPE_ADMIN,
    }
}

pub fn scope_hint(scope: Scope) -> Key {
    match scope {
        Scope::Read => k::SCOPE_READ_HINT,
        Scope::Write => k::SCOPE_WRITE_HINT,
        Scope::Admin => k::SCOPE_ADMIN_HINT,
    }
}
