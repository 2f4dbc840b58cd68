//! All HTTP to SEED's API, in one place: the transport here, one function per endpoint in
//! [`endpoints`]. Errors come back as the API's problem code, which the views turn into French
//! or English text.
//!
//! Every request that changes something sends `X-SEED-CSRF: 1` (the API refuses it otherwise)
//! and its body as JSON. Requests that move TS also send an `Idempotency-Key` ([`OnceKey`]).

mod endpoints;

pub use endpoints::*;
use leptos::prelude::{GetValue, SetValue, StoredValue};
use seed_domain::{FieldError, Problem, wire};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestCredentials, RequestInit, Response};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer: the network or the server is down.
    Network,
    /// The API refused, with its problem document.
    Problem(Box<Problem>),
    /// An answer we could not read.
    Unexpected,
}

impl ApiFailure {
    /// The catalogue name of the message to show.
    pub fn message_key(&self) -> String {
        match self {
            ApiFailure::Network => "errors.network".to_owned(),
            ApiFailure::Problem(p) => match seed_domain::NotAllowedReason::of(p) {
                Some(reason) => format!("errors.not_allowed_{}", reason.as_str()),
                None => format!("errors.{}", p.code.as_str()),
            },
            ApiFailure::Unexpected => "errors.unexpected".to_owned(),
        }
    }

    /// The field errors of a 422 answer (empty for other failures).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiFailure::Problem(p) => &p.errors,
            _ => &[],
        }
    }

    /// True when the API answered with this problem code.
    pub fn is(&self, code: seed_domain::ErrorCode) -> bool {
        matches!(self, ApiFailure::Problem(p) if p.code == code)
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    decode(call("GET", path, None, None).await?)
}

/// `POST` with a JSON body, answered with JSON.
async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    decode(call("POST", path, Some(encode(body)?), None).await?)
}

/// `POST` without a body, answered with JSON (`/activate`, `/deactivate`, ...).
async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    decode(call("POST", path, None, None).await?)
}

/// `POST` answered with `204 No Content`, with an optional JSON body.
async fn post_no_content<B: Serialize>(path: &str, body: Option<&B>) -> Result<(), ApiFailure> {
    let body = body.map(encode).transpose()?;
    call("POST", path, body, None).await.map(|_| ())
}

async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    decode(call("PATCH", path, Some(encode(body)?), None).await?)
}

async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiFailure> {
    decode(call("PUT", path, Some(encode(body)?), None).await?)
}

/// `DELETE`, answered with `204 No Content`.
async fn delete(path: &str) -> Result<(), ApiFailure> {
    call("DELETE", path, None, None).await.map(|_| ())
}

/// `POST` of a request that moves TS, with its `Idempotency-Key`: a repeat under the same key
/// gets the first answer back and never moves TS twice. `body` is `None` for `/settle`.
async fn post_once<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: Option<&B>,
    key: &str,
) -> Result<T, ApiFailure> {
    let body = body.map(encode).transpose()?;
    decode(call("POST", path, body, Some(key)).await?)
}

/// The `Idempotency-Key` of one form: the same key while the person retries the same
/// submission after a failure that left the outcome unknown (no answer), a fresh one as soon as
/// the form says something else, or once the previous submission was answered.
#[derive(Debug, Clone, Copy)]
pub struct OnceKey(StoredValue<Option<(String, String)>>);

impl Default for OnceKey {
    fn default() -> OnceKey {
        OnceKey(StoredValue::new(None))
    }
}

impl OnceKey {
    pub fn new() -> OnceKey {
        OnceKey::default()
    }

    /// The key for a submission described by `fingerprint` (the request, as text).
    pub fn key_for(self, fingerprint: String) -> String {
        if let Some((seen, key)) = self.0.get_value()
            && seen == fingerprint
        {
            return key;
        }
        let key = fresh_key();
        self.0.set_value(Some((fingerprint, key.clone())));
        key
    }

    /// After an answer: a success or a refusal is final (the API remembers it under this
    /// key), so the next submission gets a new key; without an answer, the key is kept.
    pub fn settle<T>(self, result: &Result<T, ApiFailure>) {
        let answered = match result {
            Ok(_) => true,
            Err(failure) => matches!(failure, ApiFailure::Problem(_)),
        };
        if answered {
            self.0.set_value(None);
        }
    }
}

/// A random key: the browser's `crypto.randomUUID()`, else 128 random bits from `Math.random`.
pub fn fresh_key() -> String {
    let uuid = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("crypto")).ok())
        .filter(|crypto| crypto.is_object())
        .and_then(|crypto| {
            let f = js_sys::Reflect::get(&crypto, &JsValue::from_str("randomUUID")).ok()?;
            let f: js_sys::Function = f.dyn_into().ok()?;
            f.call0(&crypto).ok()?.as_string()
        });
    uuid.unwrap_or_else(|| {
        (0..8)
            .map(|_| {
                // 16 random bits per round: the float only draws the digits, never an amount.
                let bits = (js_sys::Math::random() * 65536.0) as u32 & 0xffff;
                format!("{bits:04x}")
            })
            .collect()
    })
}

/// A path with its query string, the values percent-encoded.
pub fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    let mut url = path.to_owned();
    for (i, (name, value)) in params.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(name);
        url.push('=');
        url.push_str(&String::from(js_sys::encode_uri_component(value)));
    }
    url
}

/// A value made safe as one segment of a path (`/api/me/tokens/{id}`, `/offres/{id}`).
pub fn segment(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

fn encode<B: Serialize>(body: &B) -> Result<String, ApiFailure> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| ApiFailure::Unexpected)?;
    js_sys::JSON::stringify(&value).map(String::from).map_err(|_| ApiFailure::Unexpected)
}

fn decode<T: DeserializeOwned>(body: Option<JsValue>) -> Result<T, ApiFailure> {
    let body = body.ok_or(ApiFailure::Unexpected)?;
    serde_wasm_bindgen::from_value(body).map_err(|_| ApiFailure::Unexpected)
}

/// Sends one request; the JSON body of a success (`None` for `204 No Content`), or the failure.
async fn call(
    method: &str,
    path: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<Option<JsValue>, ApiFailure> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| ApiFailure::Unexpected)?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if method != "GET" {
        let _ = headers.set(wire::CSRF_HEADER, "1");
    }
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    if let Some(key) = idempotency_key {
        let _ = headers.set(wire::IDEMPOTENCY_KEY_HEADER, key);
    }
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiFailure::Network)?
        .dyn_into()
        .map_err(|_| ApiFailure::Unexpected)?;
    if response.status() == 204 {
        return if response.ok() { Ok(None) } else { Err(ApiFailure::Unexpected) };
    }
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    match (response.ok(), json) {
        (true, Some(json)) => Ok(Some(json)),
        (true, None) => Err(ApiFailure::Unexpected),
        (false, Some(json)) => {
            let problem: Problem =
                serde_wasm_bindgen::from_value(json).map_err(|_| failure_of_status(&response))?;
            Err(ApiFailure::Problem(Box::new(problem)))
        }
        (false, None) => Err(failure_of_status(&response)),
    }
}

/// A refusal without a problem document: a proxy in front of SEED answered.
fn failure_of_status(response: &Response) -> ApiFailure {
    match response.status() {
        502..=504 => ApiFailure::Network,
        _ => ApiFailure::Unexpected,
    }
}

/// A page of a list: `url` is one of [`endpoints`]' list paths with its query (`Paged`).
pub async fn page<T: DeserializeOwned>(url: &str) -> Result<seed_domain::admin::Page<T>, ApiFailure> {
    get(url).await
}
