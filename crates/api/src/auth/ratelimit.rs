//! Per-address rate limits for sign-in and token creation, and the client's address.
//!
//! Counters live in each instance's memory: behind a load balancer each instance limits on
//! its own, which bounds the rate at (instances × limit) — enough to stop guessing and floods.

use actix_web::HttpRequest;
use seed_domain::{ErrorCode, Problem};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    SignIn,
    TokenCreation,
}

/// Fixed one-minute windows per (bucket, address).
#[derive(Debug, Default)]
pub struct Limiter {
    windows: Mutex<HashMap<(Bucket, String), (Instant, u32)>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl Limiter {
    /// Counts one request; refuses with a 429 problem (and its `retry_after`) past `limit`.
    pub fn check(&self, bucket: Bucket, ip: &str, limit: u32) -> Result<(), Box<Problem>> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry((bucket, ip.to_owned())).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > limit {
            let retry = WINDOW.saturating_sub(now.duration_since(entry.0)).as_secs().max(1);
            return Err(Box::new(refusal(retry)));
        }
        Ok(())
    }
}

/// The 429 problem, with the figure `Retry-After` carries.
pub fn refusal(retry_after_secs: u64) -> Problem {
    Problem::new(ErrorCode::RateLimited)
        .with_param("retry_after", i64::try_from(retry_after_secs).unwrap_or(60))
}

/// The client's address: the peer, or, when the peer is a trusted proxy, the rightmost
/// `X-Forwarded-For` hop that is not a trusted proxy (the leftmost hops are whatever the
/// client wrote, so they are never believed).
pub fn client_ip(req: &HttpRequest, trusted: &[IpAddr]) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let Some(peer) = peer else {
        return "unknown".to_owned();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    hops.iter().rev().find(|ip| !trusted.contains(ip)).copied().unwrap_or(peer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn counts_per_address_and_bucket() {
        let l = Limiter::default();
        for _ in 0..3 {
            assert!(l.check(Bucket::SignIn, "1.2.3.4", 3).is_ok());
        }
        let refused = l.check(Bucket::SignIn, "1.2.3.4", 3).unwrap_err();
        assert_eq!(refused.status, 429);
        assert!(l.check(Bucket::SignIn, "5.6.7.8", 3).is_ok());
        assert!(l.check(Bucket::TokenCreation, "1.2.3.4", 3).is_ok());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let direct = TestRequest::default()
            .peer_addr("9.9.9.9:1000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.1.1.1"))
            .to_http_request();
        assert_eq!(client_ip(&direct, &[proxy]), "9.9.9.9");
        let proxied = TestRequest::default()
            .peer_addr("10.0.0.1:1000".parse().unwrap())
            .insert_header(("x-forwarded-for", "6.6.6.6, 2.2.2.2"))
            .to_http_request();
        assert_eq!(client_ip(&proxied, &[proxy]), "2.2.2.2");
        let spoof_proxy = TestRequest::default()
            .peer_addr("10.0.0.1:1000".parse().unwrap())
            .insert_header(("x-forwarded-for", "2.2.2.2, 10.0.0.1"))
            .to_http_request();
        assert_eq!(client_ip(&spoof_proxy, &[proxy]), "2.2.2.2");
    }
}
