//! What every handler can reach: the configuration, the database, the issuer, the rate
//! limits, the SQLite group commit; and how JSON bodies are read.

use crate::auth::oidc::Oidc;
use crate::auth::ratelimit::Limiter;
use crate::config::Config;
use crate::db::{self, DbPool};
use crate::error;
use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
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

/// A JSON request body, read as `web::Json` reads it (limits, content type, errors) except
/// that a whole number spelled as a float (`580.0`) is the integer it is: JSON Schema says so,
/// and JavaScript cannot tell them apart. A fraction (`12.5`) still fails where an integer is
/// expected, and SEED has no float fields.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let mut value = value.await?.into_inner();
            whole_numbers_as_integers(&mut value);
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| error::json_error(JsonPayloadError::Deserialize(e), &req))
        })
    }
}

/// The largest magnitude below which every whole `f64` is exactly an `i64`.
const I64_RANGE: f64 = 9_223_372_036_854_775_808.0;

fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() < I64_RANGE) {
                // Exact: `f` is whole and within range.
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_become_integers_and_fractions_stay() {
        let mut v = serde_json::json!({ "a": 580.0, "b": [1.5, -4858.0], "c": 1e20, "d": "2.0", "e": 7 });
        whole_numbers_as_integers(&mut v);
        assert_eq!(v, serde_json::json!({ "a": 580, "b": [1.5, -4858], "c": 1e20, "d": "2.0", "e": 7 }));
        assert!(v["a"].is_i64() && v["c"].is_f64());
    }
}
