//! Configuration from environment variables, checked once at start-up.

use std::net::SocketAddr;

/// `demo` runs with demo people and a demo sign-in, for a browser on this machine only;
/// `production` refuses unsafe settings. There is no default: a forgotten variable on a server
/// must not open a demo door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Demo,
    Production,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Demo => "demo",
            Mode::Production => "production",
        }
    }
}

/// What a demo database holds: the living association (members, listings, exchanges in every
/// state) or only the four demo people, which tests start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoData {
    Association,
    People,
}

#[derive(Clone)]
pub struct Oidc {
    pub issuer: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub workspace_domain: Option<String>,
}

/// The client secret never reaches a log: `{:?}` of a configuration shows whether it is set.
impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "[set]"))
            .field("workspace_domain", &self.workspace_domain)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub mode: Mode,
    /// `SEED_DEMO_DATA`: `association` (the default) or `people`; demo mode only.
    pub demo_data: DemoData,
    pub public_url: String,
    pub web_dir: String,
    pub oidc: Oidc,
    pub admin_emails: Vec<String>,
    pub db_pool_size: u32,
    /// Proxies whose `X-Forwarded-For` is believed (`SEED_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Sign-in attempts per address per minute (`SEED_SIGN_IN_RATE`, default 30).
    pub sign_in_rate: u32,
    /// Token creations per address per minute (`SEED_TOKEN_RATE`, default 10).
    pub token_rate: u32,
    /// Refused credentials answered per address per minute, then 429 (`SEED_REFUSAL_RATE`,
    /// default 5).
    pub refusal_rate: u32,
    /// An unknown `kid` refetches the issuer's keys at most this often
    /// (`SEED_OIDC_JWKS_REFRESH_SECS`, default 30).
    pub jwks_refresh_secs: u32,
}

/// Where the database is when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "data/seed.sqlite3";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{name} is not valid: {why}")]
    Invalid { name: &'static str, why: String },
    #[error(
        "SEED_MODE is not set: set SEED_MODE=demo (a trial on this machine, with demo people) or SEED_MODE=production"
    )]
    ModeMissing,
    #[error("demo mode listens on loopback only, not on {0}; set SEED_MODE=production to serve others")]
    DemoNotLoopback(SocketAddr),
    #[error("demo mode serves this machine only: {0}; set SEED_MODE=production to serve others")]
    DemoNotLocal(&'static str),
    #[error("production mode refuses to start: {0}")]
    Unsafe(String),
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        if std::env::var_os("SEED_SECRET").is_some() {
            tracing::warn!("SEED_SECRET is set but SEED uses no such secret any more: remove it");
        }
        Config::from_lookup(env_lookup)
    }

    /// The database of the environment, for the commands that need nothing else (backup,
    /// restore).
    pub fn database_url_from_env() -> String {
        env_lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_text = lookup("SEED_ADDR").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let addr: SocketAddr = addr_text.parse().map_err(|_| ConfigError::Invalid {
            name: "SEED_ADDR",
            why: format!("{addr_text:?} is not an address:port"),
        })?;
        let mode = match lookup("SEED_MODE").as_deref() {
            None => return Err(ConfigError::ModeMissing),
            Some("demo") => Mode::Demo,
            Some("production") => Mode::Production,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "SEED_MODE",
                    why: format!("{other:?} is neither demo nor production"),
                });
            }
        };
        let demo_data = match lookup("SEED_DEMO_DATA").as_deref() {
            None | Some("association") => DemoData::Association,
            Some("people") => DemoData::People,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "SEED_DEMO_DATA",
                    why: format!("{other:?} is neither association nor people"),
                });
            }
        };
        let config = Config {
            demo_data,
            addr,
            database_url: lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            mode,
            public_url: lookup("SEED_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")),
            web_dir: lookup("SEED_WEB_DIR").unwrap_or_else(|| "dist".to_owned()),
            oidc: Oidc {
                issuer: lookup("SEED_OIDC_ISSUER")
                    .unwrap_or_else(|| "https://accounts.google.com".to_owned()),
                client_id: lookup("SEED_OIDC_CLIENT_ID"),
                client_secret: lookup("SEED_OIDC_CLIENT_SECRET"),
                workspace_domain: lookup("SEED_WORKSPACE_DOMAIN"),
            },
            admin_emails: lookup("SEED_ADMIN_EMAILS")
                .map(|v| v.split(',').map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()).collect())
                .unwrap_or_default(),
            db_pool_size: match lookup("SEED_DB_POOL") {
                None => 10,
                Some(v) => v.parse().ok().filter(|n| (1..=200).contains(n)).ok_or(ConfigError::Invalid {
                    name: "SEED_DB_POOL",
                    why: "a number from 1 to 200".to_owned(),
                })?,
            },
            trusted_proxies: match lookup("SEED_TRUSTED_PROXIES") {
                None => Vec::new(),
                Some(list) => {
                    list.split(',').map(|ip| ip.trim().parse()).collect::<Result<_, _>>().map_err(|_| {
                        ConfigError::Invalid {
                            name: "SEED_TRUSTED_PROXIES",
                            why: "a comma-separated list of IP addresses".to_owned(),
                        }
                    })?
                }
            },
            sign_in_rate: rate(&lookup, "SEED_SIGN_IN_RATE", 30)?,
            token_rate: rate(&lookup, "SEED_TOKEN_RATE", 10)?,
            refusal_rate: rate(&lookup, "SEED_REFUSAL_RATE", 5)?,
            jwks_refresh_secs: match lookup("SEED_OIDC_JWKS_REFRESH_SECS") {
                None => 30,
                Some(v) => v.parse().map_err(|_| ConfigError::Invalid {
                    name: "SEED_OIDC_JWKS_REFRESH_SECS",
                    why: "a number of seconds".to_owned(),
                })?,
            },
        };
        config.check()?;
        Ok(config)
    }

    pub fn is_demo(&self) -> bool {
        self.mode == Mode::Demo
    }

    /// True when Google sign-in is configured.
    pub fn oidc_configured(&self) -> bool {
        self.oidc.client_id.is_some()
            && self.oidc.client_secret.is_some()
            && self.oidc.workspace_domain.is_some()
    }

    fn check(&self) -> Result<(), ConfigError> {
        if !issuer_allowed(&self.oidc.issuer) {
            return Err(ConfigError::Invalid {
                name: "SEED_OIDC_ISSUER",
                why: "must be https://, or http:// on a loopback address".to_owned(),
            });
        }
        match self.mode {
            // A proxy in front of a demo server would open its door to everyone who reaches
            // the proxy: demo mode refuses every sign of one.
            Mode::Demo if !self.addr.ip().is_loopback() => Err(ConfigError::DemoNotLoopback(self.addr)),
            Mode::Demo if self.public_url.to_ascii_lowercase().starts_with("https://") => {
                Err(ConfigError::DemoNotLocal("SEED_PUBLIC_URL is https://, so a proxy serves it"))
            }
            Mode::Demo if !self.trusted_proxies.is_empty() => {
                Err(ConfigError::DemoNotLocal("SEED_TRUSTED_PROXIES names proxies"))
            }
            Mode::Demo => Ok(()),
            Mode::Production => {
                let mut problems = Vec::new();
                if self.oidc.client_id.is_none() {
                    problems.push("SEED_OIDC_CLIENT_ID is missing");
                }
                if self.oidc.client_secret.is_none() {
                    problems.push("SEED_OIDC_CLIENT_SECRET is missing");
                }
                if self.oidc.workspace_domain.is_none() {
                    problems.push("SEED_WORKSPACE_DOMAIN is missing");
                }
                if !self.public_url.starts_with("https://") {
                    problems.push("SEED_PUBLIC_URL must be an https:// URL");
                }
                if problems.is_empty() { Ok(()) } else { Err(ConfigError::Unsafe(problems.join("; "))) }
            }
        }
    }

    /// True when the browser talks to SEED over plain HTTP on this machine, where `Secure`
    /// cookies and HSTS cannot work.
    pub fn is_local_http(&self) -> bool {
        self.public_url.starts_with("http://")
    }
}

fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn rate(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u32,
) -> Result<u32, ConfigError> {
    match lookup(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or(ConfigError::Invalid { name, why: "a positive number per minute".to_owned() }),
    }
}

/// Plain http is only for an issuer on this machine (the tests' local issuer).
fn issuer_allowed(issuer: &str) -> bool {
    if issuer.starts_with("https://") {
        return true;
    }
    let Some(rest) = issuer.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or_default();
    let host = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    host == "localhost"
        || host.trim_matches(['[', ']']).parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    const SAFE: &[(&str, &str)] = &[
        ("SEED_MODE", "production"),
        ("SEED_ADDR", "0.0.0.0:8080"),
        ("SEED_PUBLIC_URL", "https://seed.example.org"),
        ("SEED_OIDC_CLIENT_ID", "id"),
        ("SEED_OIDC_CLIENT_SECRET", "secret"),
        ("SEED_WORKSPACE_DOMAIN", "example.org"),
    ];

    const DEMO: (&str, &str) = ("SEED_MODE", "demo");

    #[test]
    fn the_mode_has_no_default() {
        assert_eq!(config(&[]).unwrap_err(), ConfigError::ModeMissing);
        let line = ConfigError::ModeMissing.to_string();
        assert!(line.contains("SEED_MODE=demo") && line.contains("SEED_MODE=production"), "{line}");
    }

    #[test]
    fn defaults_are_a_local_demo() -> Result<(), ConfigError> {
        let c = config(&[DEMO])?;
        assert_eq!(c.mode, Mode::Demo);
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "data/seed.sqlite3");
        assert!(c.is_local_http());
        Ok(())
    }

    #[test]
    fn demo_refuses_a_public_address() {
        assert!(matches!(
            config(&[DEMO, ("SEED_ADDR", "0.0.0.0:8080")]),
            Err(ConfigError::DemoNotLoopback(_))
        ));
        assert!(config(&[DEMO, ("SEED_ADDR", "[::1]:8080")]).is_ok());
    }

    #[test]
    fn demo_refuses_the_signs_of_a_proxy() {
        assert!(matches!(
            config(&[DEMO, ("SEED_PUBLIC_URL", "https://seed.example.org")]),
            Err(ConfigError::DemoNotLocal(why)) if why.contains("SEED_PUBLIC_URL")
        ));
        assert!(matches!(
            config(&[DEMO, ("SEED_TRUSTED_PROXIES", "127.0.0.1")]),
            Err(ConfigError::DemoNotLocal(why)) if why.contains("SEED_TRUSTED_PROXIES")
        ));
        assert!(matches!(
            config(&[DEMO, ("SEED_PUBLIC_URL", "HTTPS://seed.example.org")]),
            Err(ConfigError::DemoNotLocal(_))
        ));
        assert!(config(&[DEMO, ("SEED_PUBLIC_URL", "http://localhost:8080")]).is_ok());
    }

    #[test]
    fn production_accepts_safe_settings() {
        assert!(config(SAFE).is_ok());
    }

    #[test]
    fn production_refuses_each_unsafe_setting() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("SEED_OIDC_CLIENT_ID", None, "SEED_OIDC_CLIENT_ID"),
            ("SEED_OIDC_CLIENT_SECRET", None, "SEED_OIDC_CLIENT_SECRET"),
            ("SEED_WORKSPACE_DOMAIN", None, "SEED_WORKSPACE_DOMAIN"),
            ("SEED_PUBLIC_URL", Some("http://seed.example.org"), "SEED_PUBLIC_URL"),
        ];
        for (name, value, expected) in cases {
            let pairs: Vec<(&str, &str)> =
                SAFE.iter().copied().filter(|(k, _)| k != name).chain(value.map(|v| (*name, v))).collect();
            match config(&pairs) {
                Err(ConfigError::Unsafe(why)) => assert!(why.contains(expected), "{why}"),
                other => panic!("{name}={value:?} should be refused, got {other:?}"),
            }
        }
    }

    #[test]
    fn plain_http_issuers_only_on_loopback() {
        assert!(issuer_allowed("https://accounts.google.com"));
        assert!(issuer_allowed("http://127.0.0.1:4000"));
        assert!(issuer_allowed("http://localhost:4000/realm"));
        assert!(issuer_allowed("http://[::1]:4000"));
        assert!(!issuer_allowed("http://issuer.example.org"));
        assert!(!issuer_allowed("http://127.0.0.1.example.org"));
        assert!(matches!(
            config(&[DEMO, ("SEED_OIDC_ISSUER", "http://10.0.0.1")]),
            Err(ConfigError::Invalid { name: "SEED_OIDC_ISSUER", .. })
        ));
    }

    #[test]
    fn bad_values_are_named() {
        assert!(matches!(
            config(&[("SEED_MODE", "prod")]),
            Err(ConfigError::Invalid { name: "SEED_MODE", .. })
        ));
        assert!(matches!(
            config(&[DEMO, ("SEED_ADDR", "localhost")]),
            Err(ConfigError::Invalid { name: "SEED_ADDR", .. })
        ));
    }
}
