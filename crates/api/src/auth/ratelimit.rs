//! Per-address rate limits (sign-in, token creation, refused credentials), the tally of
//! refused credentials the audit log summarises, and the client's address.
//!
//! Counters live in each instance's memory: behind a load balancer each instance limits on
//! its own, which bounds the rate at (instances × limit) — enough to stop guessing and floods.
//! An address is an IPv4 address or an IPv6 /64, since one IPv6 host commonly holds a whole
//! /64. Windows are fixed minutes shared by every address, so the whole map is dropped once a
//! minute instead of being scanned on each call, and it never holds more than [`MAX_KEYS`]
//! counters. Past that, the minute's new addresses are not counted: someone who floods from
//! that many addresses escapes the limit for the rest of the minute, but nobody else is
//! locked out by them, and their refusals are written nowhere.

use actix_web::HttpRequest;
use seed_domain::{ErrorCode, Problem};
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    SignIn,
    TokenCreation,
    /// Credentials (a session cookie, a bearer token) that were refused.
    Refusal,
    /// Failed Google sign-ins written to the audit log (a forged callback costs nothing).
    SignInFailure,
}

/// How many (bucket, address) counters a window holds; new addresses past it are not counted.
pub const MAX_KEYS: usize = 50_000;
const WINDOW: Duration = Duration::from_secs(60);

/// Refused credentials of one address in one window, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalTally {
    pub address: String,
    pub count: u32,
    /// The first refusal's code and path.
    pub code: ErrorCode,
    pub path: String,
}

/// What counting one refused credential decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The address's first refusal of the minute: worth an audit row now.
    First,
    /// Counted; the minute's tally will say how many.
    Counted,
    /// Past the limit: answer 429 (with this `Retry-After`), and write nothing.
    Throttled(u64),
}

#[derive(Debug)]
struct Windows {
    started: Instant,
    counts: HashMap<(Bucket, String), u32>,
    refusals: HashMap<String, RefusalTally>,
    /// Tallies of ended windows with more than one refusal, until the audit log takes them.
    finished: Vec<RefusalTally>,
    /// Hashes of credentials accepted this window: they are still looked up from an address
    /// that is throttled, so a flood from a shared address does not lock its members out.
    vouched: HashSet<String>,
}

#[derive(Debug)]
pub struct Limiter {
    windows: Mutex<Windows>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter {
            windows: Mutex::new(Windows {
                started: Instant::now(),
                counts: HashMap::new(),
                refusals: HashMap::new(),
                finished: Vec::new(),
                vouched: HashSet::new(),
            }),
        }
    }
}

impl Windows {
    /// Starts a new window when the current one has ended; its tallies wait in `finished`.
    fn roll(&mut self, now: Instant) {
        if now.duration_since(self.started) < WINDOW {
            return;
        }
        self.started = now;
        self.counts.clear();
        self.vouched.clear();
        let ended = std::mem::take(&mut self.refusals);
        let room = MAX_KEYS.saturating_sub(self.finished.len());
        self.finished.extend(ended.into_values().filter(|t| t.count > 1).take(room));
    }

    fn retry_after(&self, now: Instant) -> u64 {
        WINDOW.saturating_sub(now.duration_since(self.started)).as_secs().max(1)
    }

    /// The request's number in this window for this address, or `None` past [`MAX_KEYS`].
    fn count(&mut self, bucket: Bucket, address: String) -> Option<u32> {
        let key = (bucket, address);
        if self.counts.len() >= MAX_KEYS && !self.counts.contains_key(&key) {
            return None;
        }
        let count = self.counts.entry(key).or_insert(0);
        *count = count.saturating_add(1);
        Some(*count)
    }
}

impl Limiter {
    fn lock(&self) -> std::sync::MutexGuard<'_, Windows> {
        self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one request; refuses with a 429 problem (and its `retry_after`) past `limit`.
    pub fn check(&self, bucket: Bucket, ip: &str, limit: u32) -> Result<(), Box<Problem>> {
        let now = Instant::now();
        let mut windows = self.lock();
        windows.roll(now);
        if windows.count(bucket, address_key(ip)).is_some_and(|n| n > limit) {
            return Err(Box::new(refusal(windows.retry_after(now))));
        }
        Ok(())
    }

    /// Counts one refused credential from `ip` (at most `limit` a minute are answered).
    pub fn refused(&self, ip: &str, code: ErrorCode, path: &str, limit: u32) -> Refusal {
        let now = Instant::now();
        let mut windows = self.lock();
        windows.roll(now);
        let address = address_key(ip);
        let Some(count) = windows.count(Bucket::Refusal, address.clone()) else {
            return Refusal::Counted;
        };
        windows
            .refusals
            .entry(address.clone())
            .or_insert_with(|| RefusalTally { address, count: 0, code, path: path.to_owned() })
            .count = count;
        match count {
            1 => Refusal::First,
            n if n > limit => Refusal::Throttled(windows.retry_after(now)),
            _ => Refusal::Counted,
        }
    }

    /// `Some(retry_after)` when `ip` is past `limit` refusals this minute and `credential` (a
    /// secret's hash) was not accepted this minute: answer 429 before any lookup, so a flood
    /// of bogus credentials costs neither a write nor a read.
    pub fn throttled(&self, ip: &str, credential: &str, limit: u32) -> Option<u64> {
        let now = Instant::now();
        let mut windows = self.lock();
        windows.roll(now);
        let over = windows.counts.get(&(Bucket::Refusal, address_key(ip))).is_some_and(|n| *n > limit);
        (over && !windows.vouched.contains(credential)).then(|| windows.retry_after(now))
    }

    /// Remembers for this window that `credential` (a secret's hash) was accepted.
    pub fn vouch(&self, credential: &str) {
        let mut windows = self.lock();
        if windows.vouched.len() < MAX_KEYS {
            windows.vouched.insert(credential.to_owned());
        }
    }

    /// The tallies of the minutes that ended (with more than one refusal), taken once.
    pub fn take_finished_refusals(&self) -> Vec<RefusalTally> {
        let mut windows = self.lock();
        windows.roll(Instant::now());
        std::mem::take(&mut windows.finished)
    }
}

/// The 429 problem, with the figure `Retry-After` carries.
pub fn refusal(retry_after_secs: u64) -> Problem {
    Problem::new(ErrorCode::RateLimited)
        .with_param("retry_after", i64::try_from(retry_after_secs).unwrap_or(60))
}

/// What limits count by: an IPv4 address, or the /64 of an IPv6 one (an IPv4-mapped IPv6
/// address is its IPv4 address).
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
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
    fn an_ipv6_host_is_its_64() {
        let l = Limiter::default();
        for i in 0..3 {
            assert!(l.check(Bucket::SignIn, &format!("2001:db8:1:2::{i:x}"), 3).is_ok());
        }
        assert!(l.check(Bucket::SignIn, "2001:db8:1:2:ffff:1:2:3", 3).is_err());
        assert!(l.check(Bucket::SignIn, "2001:db8:1:3::1", 3).is_ok(), "another /64");
        assert_eq!(address_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(address_key("2001:db8::1"), "2001:db8:0:0::/64");
    }

    #[test]
    fn memory_is_bounded_and_addresses_past_the_bound_lock_nobody_out() {
        let l = Limiter::default();
        for i in 0..MAX_KEYS as u32 + 500 {
            let ip = std::net::Ipv4Addr::from(i).to_string();
            let _ = l.check(Bucket::SignIn, &ip, 1);
            let _ = l.refused(&ip, ErrorCode::NotSignedIn, "/api/me", 1);
        }
        {
            let windows = l.lock();
            assert_eq!(windows.counts.len(), MAX_KEYS);
            assert!(windows.refusals.len() <= MAX_KEYS);
        }
        // A newcomer is not counted (so not refused), nor written; a known address still is.
        for _ in 0..3 {
            assert!(l.check(Bucket::SignIn, "203.0.113.9", 1).is_ok());
            assert_eq!(l.refused("203.0.113.9", ErrorCode::NotSignedIn, "/api/me", 1), Refusal::Counted);
        }
        assert!(l.check(Bucket::SignIn, "0.0.0.0", 1).is_err());
    }

    #[test]
    fn refusals_past_the_limit_are_throttled_and_tallied_once_a_minute() {
        let l = Limiter::default();
        assert_eq!(l.refused("1.2.3.4", ErrorCode::NotSignedIn, "/api/me", 5), Refusal::First);
        for _ in 0..4 {
            assert_eq!(l.refused("1.2.3.4", ErrorCode::NotSignedIn, "/api/me", 5), Refusal::Counted);
        }
        assert!(
            matches!(l.refused("1.2.3.4", ErrorCode::NotSignedIn, "/api/x", 5), Refusal::Throttled(s) if s >= 1)
        );
        assert_eq!(l.refused("5.6.7.8", ErrorCode::CsrfRejected, "/api/y", 5), Refusal::First);
        assert!(l.take_finished_refusals().is_empty(), "the minute is not over");
        // End the window.
        l.lock().started -= WINDOW;
        let tallies = l.take_finished_refusals();
        assert_eq!(
            tallies,
            vec![RefusalTally {
                address: "1.2.3.4".into(),
                count: 6,
                code: ErrorCode::NotSignedIn,
                path: "/api/me".into()
            }],
            "one address had one refusal only: its first row said it all"
        );
        assert!(l.take_finished_refusals().is_empty(), "taken once");
        assert_eq!(
            l.refused("1.2.3.4", ErrorCode::NotSignedIn, "/api/me", 5),
            Refusal::First,
            "a new minute"
        );
    }

    #[test]
    fn a_throttled_address_still_gets_its_accepted_credentials_looked_up() {
        let l = Limiter::default();
        l.vouch("good");
        assert_eq!(l.throttled("1.2.3.4", "bogus", 2), None, "not throttled yet");
        for _ in 0..3 {
            let _ = l.refused("1.2.3.4", ErrorCode::NotSignedIn, "/api/me", 2);
        }
        assert!(l.throttled("1.2.3.4", "bogus", 2).is_some());
        assert_eq!(l.throttled("1.2.3.4", "good", 2), None);
        assert_eq!(l.throttled("5.6.7.8", "bogus", 2), None, "another address");
        l.lock().started -= WINDOW;
        assert_eq!(l.throttled("1.2.3.4", "bogus", 2), None, "a new minute");
        assert!(!l.lock().vouched.contains("good"), "forgotten with the minute");
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
