//! The demo people of a local run (demo mode only).

use crate::db::DbConn;
use crate::db::member;
use crate::membership::add_member;
use seed_domain::membership::{MemberStatus, Role};

/// The demo people: one per role, so a visitor can try every view.
pub const DEMO_PEOPLE: [(&str, &str, Role); 3] = [
    ("camille.martin@amt.example", "Camille Martin", Role::Member),
    ("sami.benali@amt.example", "Sami Benali", Role::Staff),
    ("alex.durand@amt.example", "Alex Durand", Role::Admin),
];

/// Adds the demo people that are missing.
pub fn seed_demo_people(conn: &mut DbConn) -> Result<(), crate::ledger::LedgerError> {
    for (email, name, role) in DEMO_PEOPLE {
        if member::find_by_email(conn, email)?.is_none() {
            add_member(conn, email, name, role, MemberStatus::Active)?;
        }
    }
    Ok(())
}
