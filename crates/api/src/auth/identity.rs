//! Which member a verified Google identity is: the pair (issuer, `sub`), linked to the member
//! record by e-mail at the first sign-in.

use super::oidc::IdClaims;
use crate::config::Config;
use crate::db::DbConn;
use crate::db::member::{self, MemberRow};
use crate::membership::add_member;
use seed_domain::auth::{SignInFailure, canonical_issuer};
use seed_domain::membership::{MemberStatus, Role};

pub enum Outcome {
    Member(MemberRow),
    Refused(SignInFailure, Option<String>),
}

pub fn resolve(
    conn: &mut DbConn,
    config: &Config,
    claims: &IdClaims,
) -> Result<Outcome, crate::error::ApiError> {
    let email = claims.email.clone().unwrap_or_default().to_lowercase();
    let refused = |why| Ok(Outcome::Refused(why, Some(email.clone())));
    let issuer = canonical_issuer(&claims.iss);
    let member = match member::find_by_identity(conn, &issuer, &claims.sub)? {
        Some(linked) => linked,
        None => match member::find_by_email(conn, &email)? {
            // Another Google account once signed in with this e-mail: a recreated account or a
            // bought domain. Staff must unlink before this one can link.
            Some(m) if m.oidc_subject.is_some() => return refused(SignInFailure::IdentityMismatch),
            Some(m) if m.status != MemberStatus::Active => {
                return refused(SignInFailure::MembershipNotActive);
            }
            Some(m) => {
                if member::link_identity(conn, &m.id, &issuer, &claims.sub, super::now())? == 0 {
                    return refused(SignInFailure::IdentityMismatch);
                }
                m
            }
            None if config.admin_emails.contains(&email) => {
                let name = claims.name.clone().unwrap_or_else(|| email.clone());
                let admin =
                    add_member(conn, &email, &name, Role::Admin, MemberStatus::Active, config.is_demo())?;
                member::link_identity(conn, &admin.id, &issuer, &claims.sub, super::now())?;
                admin
            }
            None => return refused(SignInFailure::NotAMember),
        },
    };
    if member.status != MemberStatus::Active {
        return refused(SignInFailure::MembershipNotActive);
    }
    Ok(Outcome::Member(member))
}
