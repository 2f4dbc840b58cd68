//! Sign-in with the OpenID Connect issuer (Google by default): the authorization URL with
//! PKCE, `state` and `nonce`; the code exchange; and the ID token's verification against the
//! issuer's keys. The issuer is configuration, so tests run this very code against a local one.

use crate::config::Config;
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, ExtraTokenFields, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use seed_domain::auth::SignInFailure;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// Clock skew tolerated on `exp`, `nbf` and `iat`.
pub const SKEW_SECS: i64 = 60;
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);

#[derive(Debug, Clone, Deserialize)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
}

/// The claims SEED reads from an ID token.
#[derive(Debug, Clone, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub email: Option<String>,
    pub email_verified: Option<serde_json::Value>,
    pub hd: Option<String>,
    pub nonce: Option<String>,
    pub name: Option<String>,
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdTokenField {
    id_token: Option<String>,
}

impl ExtraTokenFields for IdTokenField {}

type TokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;

/// The code-flow client: authorization and token endpoints set, the others not used.
type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

/// A sign-in about to start: where to send the browser, and what to keep until the callback.
pub struct Start {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

pub struct Oidc {
    http: oauth2::reqwest::Client,
    issuer: String,
    client_id: String,
    client_secret: String,
    domain: String,
    redirect_uri: String,
    discovery: RwLock<Option<(Discovery, Instant)>>,
    jwks: RwLock<Option<(JwkSet, Instant)>>,
    /// An unknown `kid` refreshes the keys, at most this often (a flood of forged kids cannot
    /// turn SEED into a hammer on the issuer).
    jwks_refresh_min: Duration,
}

impl Oidc {
    /// `None` when sign-in is not configured (a demo run without a Google client).
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Oidc>> {
        let (Some(client_id), Some(client_secret), Some(domain)) = (
            config.oidc.client_id.clone(),
            config.oidc.client_secret.clone(),
            config.oidc.workspace_domain.clone(),
        ) else {
            return Ok(None);
        };
        let http = oauth2::reqwest::Client::builder()
            // The code exchange must not follow redirects (an open redirect would leak the code).
            .redirect(oauth2::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Some(Oidc {
            http,
            issuer: config.oidc.issuer.trim_end_matches('/').to_owned(),
            client_id,
            client_secret,
            domain: domain.to_lowercase(),
            redirect_uri: format!("{}/api/auth/callback", config.public_url.trim_end_matches('/')),
            discovery: RwLock::new(None),
            jwks: RwLock::new(None),
            jwks_refresh_min: Duration::from_secs(u64::from(config.jwks_refresh_secs)),
        }))
    }

    pub async fn discovery(&self) -> anyhow::Result<Discovery> {
        if let Some((d, at)) = &*self.discovery.read().await
            && at.elapsed() < DISCOVERY_TTL
        {
            return Ok(d.clone());
        }
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let d: Discovery = self.http.get(&url).send().await?.error_for_status()?.json().await?;
        *self.discovery.write().await = Some((d.clone(), Instant::now()));
        Ok(d)
    }

    /// The issuers an ID token may name: Google writes both forms.
    fn accepted_issuers(&self, discovered: &str) -> Vec<String> {
        let mut issuers = vec![discovered.to_owned(), self.issuer.clone()];
        if self.issuer == "https://accounts.google.com" {
            issuers.push("accounts.google.com".to_owned());
        }
        issuers
    }

    fn client(&self, d: &Discovery) -> anyhow::Result<OAuthClient> {
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.clone()))
            .set_auth_uri(AuthUrl::new(d.authorization_endpoint.clone())?)
            .set_token_uri(TokenUrl::new(d.token_endpoint.clone())?)
            .set_redirect_uri(RedirectUrl::new(self.redirect_uri.clone())?))
    }

    /// A fresh `state`, `nonce` and PKCE S256 verifier, and the URL to send the browser to.
    pub async fn start(&self) -> anyhow::Result<Start> {
        let d = self.discovery().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let nonce = super::secret::random_secret();
        let (url, state) = self
            .client(&d)?
            .authorize_url(CsrfToken::new_random)
            .add_scope(oauth2::Scope::new("openid".to_owned()))
            .add_scope(oauth2::Scope::new("email".to_owned()))
            .add_scope(oauth2::Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .add_extra_param("nonce", nonce.clone())
            // Only a hint for Google's account chooser: the `hd` claim decides.
            .add_extra_param("hd", self.domain.clone())
            .add_extra_param("prompt", "select_account")
            .url();
        Ok(Start {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce,
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the PKCE verifier) for the ID token.
    pub async fn exchange(&self, code: &str, pkce_verifier: &str) -> Result<String, SignInFailure> {
        let d = self.discovery().await.map_err(|_| SignInFailure::ExchangeFailed)?;
        let client = self.client(&d).map_err(|_| SignInFailure::ExchangeFailed)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "the code exchange failed");
                SignInFailure::ExchangeFailed
            })?;
        response.extra_fields().id_token.clone().ok_or(SignInFailure::ExchangeFailed)
    }

    async fn key(&self, kid: &str) -> Result<Jwk, SignInFailure> {
        if let Some((set, _)) = &*self.jwks.read().await
            && let Some(jwk) = set.find(kid)
        {
            return Ok(jwk.clone());
        }
        let mut cache = self.jwks.write().await;
        let stale = cache.as_ref().is_none_or(|(_, at)| at.elapsed() >= self.jwks_refresh_min);
        if stale {
            let d = self.discovery().await.map_err(|_| SignInFailure::InvalidToken)?;
            let fetched: Result<JwkSet, reqwest::Error> =
                async { self.http.get(&d.jwks_uri).send().await?.error_for_status()?.json().await }.await;
            match fetched {
                Ok(set) => *cache = Some((set, Instant::now())),
                Err(e) => tracing::warn!(error = %e, "cannot fetch the issuer's keys"),
            }
        }
        cache.as_ref().and_then(|(set, _)| set.find(kid)).cloned().ok_or(SignInFailure::InvalidToken)
    }

    /// Verifies the ID token: RS256 only, a known key, `exp`/`aud`/`iss`/`sub` present and
    /// right, `iat` and `nbf` not in the future (beyond the skew), our `nonce`, a verified
    /// e-mail, and the Workspace domain in `hd`.
    pub async fn verify(&self, id_token: &str, expected_nonce: &str) -> Result<IdClaims, SignInFailure> {
        let header = jsonwebtoken::decode_header(id_token).map_err(|_| SignInFailure::InvalidToken)?;
        if header.alg != Algorithm::RS256 {
            return Err(SignInFailure::InvalidToken);
        }
        let kid = header.kid.ok_or(SignInFailure::InvalidToken)?;
        let jwk = self.key(&kid).await?;
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| SignInFailure::InvalidToken)?;
        let d = self.discovery().await.map_err(|_| SignInFailure::InvalidToken)?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.algorithms = vec![Algorithm::RS256];
        validation.set_audience(&[&self.client_id]);
        validation.set_issuer(&self.accepted_issuers(&d.issuer));
        validation.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        validation.leeway = SKEW_SECS as u64;
        validation.validate_nbf = true;
        let claims = jsonwebtoken::decode::<IdClaims>(id_token, &key, &validation)
            .map_err(|e| {
                tracing::info!(error = %e, "ID token refused");
                SignInFailure::InvalidToken
            })?
            .claims;
        check_claims(&claims, expected_nonce, &self.domain, chrono::Utc::now().timestamp())?;
        Ok(claims)
    }
}

/// The checks `jsonwebtoken` does not do (or not by default).
pub fn check_claims(
    claims: &IdClaims,
    expected_nonce: &str,
    domain: &str,
    now: i64,
) -> Result<(), SignInFailure> {
    match claims.iat {
        Some(iat) if iat <= now + SKEW_SECS => {}
        _ => return Err(SignInFailure::InvalidToken),
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + SKEW_SECS) {
        return Err(SignInFailure::InvalidToken);
    }
    if claims.nonce.as_deref() != Some(expected_nonce) {
        return Err(SignInFailure::NonceMismatch);
    }
    if claims.hd.as_deref().map(str::to_lowercase).as_deref() != Some(domain) {
        return Err(SignInFailure::WrongDomain);
    }
    if claims.email_verified != Some(serde_json::Value::Bool(true)) || claims.email.is_none() {
        return Err(SignInFailure::EmailNotVerified);
    }
    Ok(())
}
