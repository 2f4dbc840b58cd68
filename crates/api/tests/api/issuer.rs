//! A local OpenID Connect issuer for the tests: discovery, keys and a token endpoint, signing
//! ID tokens with a committed test key. SEED's production verification code runs against it
//! unchanged. The test plays the person at the consent screen: it reads the authorization
//! URL SEED redirected to and registers what the token endpoint will answer for a code.

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const CLIENT_ID: &str = "seed-test-client";
pub const CLIENT_SECRET: &str = "seed-test-secret";
pub const DOMAIN: &str = "amt.example";

const ISSUER_KEY: &str = include_str!("../fixtures/issuer-key.pem");
const ISSUER_PUBLIC: &str = include_str!("../fixtures/issuer-key.pub.pem");
const ISSUER_JWK: &str = include_str!("../fixtures/issuer-key.jwk.json");
const OTHER_KEY: &str = include_str!("../fixtures/other-key.pem");
const OTHER_JWK: &str = include_str!("../fixtures/other-key.jwk.json");

/// How the ID token of a code is made.
#[derive(Clone, Debug)]
pub enum Signing {
    /// RS256 with the issuer's published key.
    Issuer,
    /// RS256 with a key the issuer does not publish (yet).
    OtherKey,
    /// `alg: none`, no signature.
    None,
    /// HS256 keyed with the issuer's *public* key (the classic confusion attack).
    Hs256WithPublicKey,
}

#[derive(Clone, Debug)]
struct Grant {
    challenge: String,
    claims: Value,
    signing: Signing,
}

#[derive(Default)]
struct State {
    grants: HashMap<String, Grant>,
    publish_other_key: bool,
    token_requests: u32,
}

#[derive(Clone)]
pub struct Issuer {
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl Issuer {
    pub async fn start() -> Issuer {
        let state = Arc::new(Mutex::new(State::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let data = web::Data::new((url.clone(), state.clone()));
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route("/.well-known/openid-configuration", web::get().to(discovery))
                .route("/jwks", web::get().to(jwks))
                .route("/token", web::post().to(token))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        Issuer { url, state }
    }

    /// Registers the answer to a code: the ID token `claims`, signed as `signing`, given to a
    /// client whose PKCE verifier hashes to `challenge`.
    pub fn grant(&self, challenge: &str, claims: Value, signing: Signing) -> String {
        let code = format!("code-{}", uuid::Uuid::now_v7().simple());
        self.state
            .lock()
            .unwrap()
            .grants
            .insert(code.clone(), Grant { challenge: challenge.to_owned(), claims, signing });
        code
    }

    /// Publishes the other key too (a key rotation).
    pub fn rotate_in_other_key(&self) {
        self.state.lock().unwrap().publish_other_key = true;
    }

    pub fn token_requests(&self) -> u32 {
        self.state.lock().unwrap().token_requests
    }

    /// Claims of a valid ID token for `email` with `sub`.
    pub fn claims(&self, email: &str, sub: &str, nonce: &str) -> Value {
        let now = chrono::Utc::now().timestamp();
        json!({
            "iss": self.url, "aud": CLIENT_ID, "sub": sub, "email": email, "email_verified": true,
            "hd": DOMAIN, "nonce": nonce, "name": "Personne de test", "iat": now, "exp": now + 3600,
        })
    }
}

type Data = web::Data<(String, Arc<Mutex<State>>)>;

async fn discovery(data: Data) -> HttpResponse {
    let url = &data.0;
    HttpResponse::Ok().json(json!({
        "issuer": url,
        "authorization_endpoint": format!("{url}/authorize"),
        "token_endpoint": format!("{url}/token"),
        "jwks_uri": format!("{url}/jwks"),
    }))
}

async fn jwks(data: Data) -> HttpResponse {
    let mut keys = vec![serde_json::from_str::<Value>(ISSUER_JWK).unwrap()];
    if data.1.lock().unwrap().publish_other_key {
        keys.push(serde_json::from_str::<Value>(OTHER_JWK).unwrap());
    }
    HttpResponse::Ok().json(json!({ "keys": keys }))
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sign(claims: &Value, signing: &Signing) -> String {
    match signing {
        Signing::Issuer => {
            let mut header = Header::new(Algorithm::RS256);
            header.kid = Some("issuer-key".to_owned());
            jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_pem(ISSUER_KEY.as_bytes()).unwrap())
                .unwrap()
        }
        Signing::OtherKey => {
            let mut header = Header::new(Algorithm::RS256);
            header.kid = Some("other-key".to_owned());
            jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_pem(OTHER_KEY.as_bytes()).unwrap())
                .unwrap()
        }
        Signing::None => {
            let header = b64(br#"{"alg":"none","typ":"JWT","kid":"issuer-key"}"#);
            format!("{header}.{}.", b64(claims.to_string().as_bytes()))
        }
        Signing::Hs256WithPublicKey => {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some("issuer-key".to_owned());
            jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(ISSUER_PUBLIC.as_bytes()))
                .unwrap()
        }
    }
}

/// The token endpoint: client authentication, the code (once), and PKCE S256, as Google does.
async fn token(data: Data, req: HttpRequest, form: web::Form<HashMap<String, String>>) -> HttpResponse {
    let mut state = data.1.lock().unwrap();
    state.token_requests += 1;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    let authorised = req.headers().get("authorization").and_then(|v| v.to_str().ok()) == Some(basic.as_str());
    if !authorised {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
    }
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return HttpResponse::BadRequest().json(json!({"error": "unsupported_grant_type"}));
    }
    let Some(grant) = form.get("code").and_then(|c| state.grants.remove(c)) else {
        return HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}));
    };
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    if b64(&Sha256::digest(verifier.as_bytes())) != grant.challenge {
        return HttpResponse::BadRequest()
            .json(json!({"error": "invalid_grant", "error_description": "PKCE"}));
    }
    HttpResponse::Ok().json(json!({
        "access_token": "test-access-token",
        "token_type": "Bearer",
        "expires_in": 3600,
        "id_token": sign(&grant.claims, &grant.signing),
    }))
}

/// What SEED's redirect to the issuer carried.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub params: HashMap<String, String>,
}

impl AuthorizeRequest {
    pub fn parse(location: &str) -> AuthorizeRequest {
        let url = url::Url::parse(location).unwrap();
        AuthorizeRequest { params: url.query_pairs().into_owned().collect() }
    }

    pub fn get(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or_default()
    }
}
