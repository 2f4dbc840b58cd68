//! Field rules shared by the API (which enforces them) and the SPA (which checks forms before
//! sending). Request types derive `validator::Validate` with lengths, ranges and the custom
//! rules below; [`field_errors`] turns its errors into SEED's, in one place. Never its
//! `email`, `url` or `regex` validators, which would pull ICU tables and `regex` into the WASM.
//!
//! Lengths count characters before trimming (as JSON Schema's `maxLength` does), and a
//! required text must hold something other than whitespace (the OpenAPI's `pattern: \S`).

use crate::{FieldError, Ts};
use validator::{ValidationError, ValidationErrors};

/// The parameters a field error carries to its message; `validator` also adds the value.
const PARAMS: [&str; 4] = ["min", "max", "step", "index"];

/// `validator`'s result as SEED's field errors, ordered by field name (its map has no order;
/// a form shows each error beside its field, so any fixed order does).
pub fn field_errors(result: Result<(), ValidationErrors>) -> Vec<FieldError> {
    let Err(errors) = result else { return Vec::new() };
    let mut fields: Vec<_> = errors.field_errors().into_iter().collect();
    fields.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for (field, list) in fields {
        for e in list {
            let mut f = FieldError::new(&field, &e.code);
            for name in PARAMS {
                if let Some(n) = e.params.get(name).and_then(|v| v.as_i64()) {
                    f = f.with_param(name, n);
                }
            }
            out.push(f);
        }
    }
    out
}

fn error(code: &'static str) -> ValidationError {
    ValidationError::new(code)
}

/// A required text: something other than whitespace.
pub fn filled(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() { Err(error("required")) } else { Ok(()) }
}

pub fn positive(value: &Ts) -> Result<(), ValidationError> {
    if value.is_positive() { Ok(()) } else { Err(error("must_be_positive")) }
}

pub fn not_positive(value: &Ts) -> Result<(), ValidationError> {
    if value.is_positive() { Err(error("must_not_be_positive")) } else { Ok(()) }
}

pub fn not_zero(value: &Ts) -> Result<(), ValidationError> {
    if *value == Ts::ZERO { Err(error("must_not_be_zero")) } else { Ok(()) }
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

/// A required e-mail address (surrounding spaces aside).
pub fn email(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(error("required"))
    } else if !is_email(value.trim()) {
        Err(error("invalid_email"))
    } else {
        Ok(())
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

    #[derive(validator::Validate)]
    struct Named {
        #[validate(length(max = 10, code = "too_long"), custom(function = "filled"))]
        name: String,
    }

    fn codes(name: &str) -> Vec<String> {
        let errors = field_errors(validator::Validate::validate(&Named { name: name.to_owned() }));
        errors.into_iter().map(|f| format!("{}:{}:{:?}", f.field, f.code, f.params.get("max"))).collect()
    }

    #[test]
    fn texts_count_characters_and_need_more_than_whitespace() {
        assert_eq!(codes("  "), ["name:required:None"]);
        assert_eq!(codes("ééééééééééé"), ["name:too_long:Some(Int(10))"]);
        assert!(codes("éééééééééé").is_empty());
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
