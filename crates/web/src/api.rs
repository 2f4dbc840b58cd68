//! All HTTP to SEED's API, in one place. Errors come back as the API's problem code, which
//! the views turn into French or English text.

use seed_domain::Problem;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
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
            ApiFailure::Problem(p) => format!("errors.{}", p.code.as_str()),
            ApiFailure::Unexpected => "errors.unexpected".to_owned(),
        }
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(RequestCredentials::SameOrigin);
    let request =
        Request::new_with_str_and_init(path, &init).map_err(|_| ApiFailure::Unexpected)?;
    let _ = request.headers().set("Accept", "application/json");
    send(request).await
}

async fn send<T: DeserializeOwned>(request: Request) -> Result<T, ApiFailure> {
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiFailure::Network)?
        .dyn_into()
        .map_err(|_| ApiFailure::Unexpected)?;
    let body = JsFuture::from(response.json().map_err(|_| ApiFailure::Unexpected)?)
        .await
        .map_err(|_| ApiFailure::Unexpected)?;
    if response.ok() {
        serde_wasm_bindgen::from_value(body).map_err(|_| ApiFailure::Unexpected)
    } else {
        let problem: Problem =
            serde_wasm_bindgen::from_value(body).map_err(|_| ApiFailure::Unexpected)?;
        Err(ApiFailure::Problem(Box::new(problem)))
    }
}
