//! Field rules shared by the API (which enforces them) and the SPA (which checks forms before
//! sending). Hand-written rather than `validator`'s derive: its e-mail rule and error type pull
//! `regex` and `serde_json` into the WASM bundle, which has a size budget.

use crate::FieldError;

/// A required text of at most `max` characters (after trimming).
pub fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.push(FieldError::new(field, "required"));
    } else if trimmed.chars().count() > max {
        errors.push(FieldError::new(field, "too_long").with_param("max", max as i64));
    }
}

/// An e-mail address as Google Workspace issues them: one `@`, a local part of
/// letters, digits and `.`, `_`, `-`, `+`, and a domain with at least one dot.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-+'".contains(&b))
        && !local.starts_with('.')
        && !local.ends_with('.');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    local_ok && domain_ok && value.len() <= 254
}

pub fn email(errors: &mut Vec<FieldError>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, "required"));
    } else if !is_email(value.trim()) {
        errors.push(FieldError::new(field, "invalid_email"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        for ok in ["camille.martin@amt.example", "a+b@x.fr", "o'neil@amt-asso.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.fr", "a@.fr", "a@b.", "a b@c.fr", "a@b@c.fr", ".a@b.fr", "a@-b.fr",
            "a@b_c.fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn texts() {
        let mut e = Vec::new();
        text(&mut e, "name", "  ", 10);
        text(&mut e, "name", "ééééééééééé", 10);
        text(&mut e, "name", "éééééééééé", 10);
        assert_eq!(e.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["required", "too_long"]);
    }

    proptest! {
        #[test]
        fn an_email_never_has_whitespace_or_two_ats(s in "\\PC{0,40}") {
            if is_email(&s) {
                prop_assert!(!s.chars().any(char::is_whitespace));
                prop_assert_eq!(s.matches('@').count(), 1);
            }
        }
    }
}
