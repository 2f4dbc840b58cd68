//! Demo mode: the demo people of a trial on one's own machine, the living association around
//! them ([`association`]), and the guards that keep a demo server from ever serving anyone
//! else or touching a real database.

pub mod association;

use crate::db::DbConn;
use crate::db::member;
use crate::error::ApiError;
use crate::membership::add_member;
use actix_web::ResponseError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap};
use actix_web::middleware::Next;
use anyhow::bail;
use seed_domain::ErrorCode;
use seed_domain::membership::{MemberStatus, Role};

/// The demo people: one member, two staff (so one can check the other's work) and an admin.
pub const DEMO_PEOPLE: [(&str, &str, Role); 4] = [
    ("camille.martin@amt.example", "Camille Martin", Role::Member),
    ("sami.benali@amt.example", "Sami Benali", Role::Staff),
    ("lea.moreau@amt.example", "Léa Moreau", Role::Staff),
    ("alex.durand@amt.example", "Alex Durand", Role::Admin),
];

/// Refuses a database that holds a member no demo server created (a real database), before
/// anything is written to it, migrations included.
pub fn refuse_real_database(conn: &mut DbConn) -> anyhow::Result<()> {
    let real = member::count_not_demo(conn)?;
    if real > 0 {
        bail!(
            "demo mode refuses this database: it holds {real} member(s) that no demo server created, \
             so it may be a real one; point DATABASE_URL at a demo database (./scripts/run uses data/demo.sqlite3)"
        );
    }
    Ok(())
}

/// Adds the demo people that are missing.
pub fn add_demo_people(conn: &mut DbConn) -> anyhow::Result<()> {
    for (email, name, role) in DEMO_PEOPLE {
        if member::find_by_email(conn, email)?.is_none() {
            add_member(conn, email, name, role, MemberStatus::Active, true)?;
        }
    }
    Ok(())
}

/// Why a request cannot come from a browser on this machine, if it cannot: a proxy announced
/// itself, or the request names a host that is not this machine.
pub fn not_local(headers: &HeaderMap) -> Option<&'static str> {
    let proxied = headers.keys().any(|name| {
        let name = name.as_str();
        name == "forwarded" || name == "x-real-ip" || name.starts_with("x-forwarded-")
    });
    if proxied {
        return Some("a proxy forwarded it");
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if is_loopback_host(host) { None } else { Some("its Host is not a loopback name") }
}

/// `localhost`, `127.0.0.1` or `[::1]`, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inside, rest)) if rest.is_empty() || rest.strip_prefix(':').is_some_and(is_port) => {
                return inside == "::1";
            }
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            _ => host,
        },
    };
    name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1"
}

fn is_port(digits: &str) -> bool {
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.parse::<u16>().is_ok()
}

/// Middleware of a demo-mode server: every request must come from a browser on this machine.
pub async fn local_only(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(why) = not_local(req.headers()) {
        tracing::warn!(why, "demo mode refused a request that is not local");
        let refusal = ApiError::new(ErrorCode::DemoLocalOnly).error_response();
        return Ok(req.into_response(refusal).map_into_right_body());
    }
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                HeaderName::from_bytes(k.as_bytes()).expect("name"),
                HeaderValue::from_str(v).expect("value"),
            );
        }
        map
    }

    #[test]
    fn loopback_names_with_or_without_a_port() {
        for host in ["localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:8080"] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "seed.example.org",
            "localhost.example.org",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "10.0.0.1:8080",
            "[::2]:8080",
            "[::1]x",
            "localhost:",
            "localhost:http",
            "::1",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn a_proxy_or_a_foreign_host_is_not_local() {
        assert_eq!(not_local(&headers(&[("host", "127.0.0.1:8080")])), None);
        assert!(not_local(&headers(&[])).is_some());
        assert!(not_local(&headers(&[("host", "seed.example.org")])).is_some());
        for proxy in ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip"] {
            assert!(
                not_local(&headers(&[("host", "127.0.0.1:8080"), (proxy, "1.2.3.4")])).is_some(),
                "{proxy}"
            );
        }
    }
}
