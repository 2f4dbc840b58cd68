//! What every handler can reach: the configuration, the database, the issuer, the rate
//! limits, the SQLite group commit; and how JSON bodies are read.

use crate::auth::oidc::Oidc;
use crate::auth::ratelimit::Limiter;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::error;
use actix_web::web;
use std::sync::Arc;

pub struct AppState {
    pub config: Config,
    pub pool: DbPool,
    /// `None` when no Google client is configured (a local demo run).
    pub oidc: Option<Oidc>,
    pub limiter: Arc<Limiter>,
    /// SQLite's group commit for the writes that move TS.
    pub writes: db::WriteQueue,
}

/// Largest JSON body accepted; larger ones get 413.
pub const JSON_LIMIT: usize = 64 * 1024;

/// How JSON bodies are read: at most [`JSON_LIMIT`], and every failure as problem+json.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(JSON_LIMIT).error_handler(error::json_error)
}
