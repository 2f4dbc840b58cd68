//! Who is calling: the session cookie or a bearer token, resolved once per request by the
//! [`Caller`] extractor, with the CSRF defence for cookie-authenticated writes.

pub mod identity;
pub mod oidc;
pub mod ratelimit;
pub mod secret;

use crate::audit::{self, Actor};
use crate::clock::now;
use crate::db::member::MemberRow;
use crate::db::{self, DbConn, session, token};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{Duration, NaiveDateTime};
use secret::{hash_secret, random_secret};
use seed_domain::admin::AuditAction;
use seed_domain::auth::Scope;
use seed_domain::membership::{MemberStatus, Role};
use seed_domain::wire::{CSRF_HEADER, SESSION_COOKIE, SIGN_IN_COOKIE};
use seed_domain::{ErrorCode, NotAllowedReason};
use std::future::Future;
use std::pin::Pin;

/// A session ends after this long without use...
pub const SESSION_IDLE: Duration = Duration::days(7);
/// ...and this long after sign-in, whatever happens.
pub const SESSION_ABSOLUTE: Duration = Duration::days(30);
/// Last-seen and last-used times are written at most this often, to keep authentication off
/// the database's write path.
pub const TOUCH_EVERY: Duration = Duration::minutes(5);
/// Cookie names: the `__Host-` prefix (Secure, Path=/, no Domain) when served over https.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    SESSION_COOKIE.get(state.config.is_local_http())
}

pub fn sign_in_cookie_name(state: &AppState) -> &'static str {
    SIGN_IN_COOKIE.get(state.config.is_local_http())
}

pub fn cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    max_age: CookieDuration,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .secure(!state.config.is_local_http())
        .same_site(SameSite::Lax)
        .max_age(max_age)
        .finish()
}

pub fn removal_cookie(state: &AppState, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(state, name, String::new(), CookieDuration::ZERO);
    c.make_removal();
    c
}

/// Starts a session for `member_id` and returns the cookie that carries it.
pub fn start_session(
    conn: &mut DbConn,
    state: &AppState,
    member_id: &str,
    user_agent: Option<String>,
) -> diesel::QueryResult<Cookie<'static>> {
    let secret = random_secret();
    let at = now();
    session::insert(
        conn,
        &session::SessionRow {
            id: uuid::Uuid::now_v7().to_string(),
            secret_hash: hash_secret(&secret),
            member_id: member_id.to_owned(),
            created_at: at,
            last_seen_at: at,
            expires_at: at + SESSION_ABSOLUTE,
            user_agent: user_agent.map(|ua| ua.chars().take(200).collect()),
        },
    )?;
    Ok(cookie(
        state,
        session_cookie_name(state),
        secret,
        CookieDuration::seconds(SESSION_ABSOLUTE.num_seconds()),
    ))
}

/// How a caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    Session { id: String },
    Token { id: String, scopes: Vec<Scope> },
}

/// The signed-in person behind a request. Extracting it answers 401 when nobody is signed
/// in, 403 for a cookie write without the CSRF header or from another origin, and 403 for a
/// token whose scopes do not cover the method.
#[derive(Debug, Clone)]
pub struct Caller {
    pub member: MemberRow,
    /// The member's TS account (every member has one; `None` only mid-creation).
    pub account_id: Option<String>,
    pub role: Role,
    pub credential: Credential,
    pub ip: String,
}

impl Caller {
    pub fn session_id(&self) -> Option<&str> {
        match &self.credential {
            Credential::Session { id } => Some(id),
            Credential::Token { .. } => None,
        }
    }

    /// Refuses unless the caller has `role` (an admin has every role); from a token, staff's
    /// powers also need the `staff` scope, and admins' the `admin` scope.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        let scoped = match (&self.credential, Scope::for_role(role)) {
            (Credential::Token { scopes, .. }, Some(needed)) => scopes.contains(&needed),
            _ => true,
        };
        if !self.role.includes(role) {
            Err(ApiError::new(ErrorCode::NotAllowed))
        } else if !scoped {
            Err(ApiError::new(ErrorCode::InsufficientScope))
        } else {
            Ok(())
        }
    }

    /// Acts with staff's powers now: staff or admin, and, from a token, with the `staff` scope.
    pub fn is_staff(&self) -> bool {
        self.require(Role::Staff).is_ok()
    }

    /// Refuses a token: what only the person in their browser may do (tokens and sessions
    /// management), so a leaked token cannot outlive its own revocation or lock its owner out.
    pub fn require_session(&self) -> Result<(), ApiError> {
        match self.credential {
            Credential::Session { .. } => Ok(()),
            Credential::Token { .. } => Err(NotAllowedReason::SessionOnly.problem().into()),
        }
    }

    /// The role whose powers this request may use: the member's, or, from a token, the
    /// highest its scopes allow (an admin's token without `admin` acts as staff at most).
    pub fn acting_role(&self) -> Role {
        [Role::Admin, Role::Staff].into_iter().find(|r| self.require(*r).is_ok()).unwrap_or(Role::Member)
    }

    /// Adds a line to the audit log for what this caller did.
    pub fn audit(
        &self,
        conn: &mut DbConn,
        action: AuditAction,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> diesel::QueryResult<()> {
        audit::record(conn, Some(&self.member.id), action, subject, detail, Some(&self.ip))
    }

    /// Who acts, for the services: the member, the role this request may use, the address.
    pub fn actor(&self) -> Actor {
        Actor { member_id: self.member.id.clone(), role: self.acting_role(), ip: self.ip.clone() }
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// What the request presents, read before going to the database.
struct Presented {
    bearer: Option<String>,
    cookie: Option<String>,
    safe: bool,
    csrf_ok: bool,
    ip: String,
    path: String,
}

/// The CSRF defence for a state-changing request: SEED's header, and no foreign `Origin`.
pub fn csrf_ok(req: &HttpRequest, state: &AppState) -> bool {
    let header_ok = req.headers().get(CSRF_HEADER).is_some();
    let origin_ok = match req.headers().get(actix_web::http::header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => same_origin(origin, &state.config.public_url, req),
    };
    header_ok && origin_ok
}

fn presented(req: &HttpRequest, state: &AppState) -> Presented {
    let bearer = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|v| v.trim().to_owned());
    let cookie = req.cookie(session_cookie_name(state)).map(|c| c.value().to_owned());
    Presented {
        bearer,
        cookie,
        safe: is_safe(req.method()),
        csrf_ok: csrf_ok(req, state),
        ip: ratelimit::client_ip(req, &state.config.trusted_proxies),
        path: req.path().to_owned(),
    }
}

/// An `Origin` is ours when it is the public URL's, or the address the request came to.
fn same_origin(origin: &str, public_url: &str, req: &HttpRequest) -> bool {
    let public_origin: String =
        public_url.trim_end_matches('/').split('/').take(3).collect::<Vec<_>>().join("/");
    if origin == public_origin {
        return true;
    }
    let info = req.connection_info();
    origin == format!("{}://{}", info.scheme(), info.host())
}

fn refused(code: ErrorCode) -> ApiError {
    ApiError::new(code)
}

/// Looks the credential up. A refused credential is audited once per address and minute
/// (the minute's tally follows, see `audit::record_refusal_tallies`), and past
/// `SEED_REFUSAL_RATE` refusals a minute the address gets 429 without any write: a flood of
/// bogus credentials cannot flood the audit log or the database's writer.
fn resolve(
    conn: &mut DbConn,
    p: &Presented,
    limiter: &ratelimit::Limiter,
    refusal_rate: u32,
) -> Result<Caller, ApiError> {
    let at = now();
    let outcome = if let Some(secret) = &p.bearer {
        resolve_token(conn, secret, p, at)
    } else if let Some(secret) = &p.cookie {
        if !p.safe && !p.csrf_ok {
            Err(refused(ErrorCode::CsrfRejected))
        } else {
            resolve_session(conn, secret, at)
        }
    } else {
        Err(refused(ErrorCode::NotSignedIn))
    };
    match outcome {
        Ok(Resolved { member, account_id, credential }) => {
            let role = member.role;
            Ok(Caller { member, account_id, role, credential, ip: p.ip.clone() })
        }
        Err(e) => {
            // A visitor with no credential is just a visitor.
            let presented_any = p.bearer.is_some() || p.cookie.is_some();
            if let ApiError::Problem(problem) = &e
                && presented_any
            {
                match limiter.refused(&p.ip, problem.code, &p.path, refusal_rate) {
                    ratelimit::Refusal::First => audit::record(
                        conn,
                        None,
                        AuditAction::AccessRefused,
                        Some(&p.path),
                        Some(problem.code.as_str()),
                        Some(&p.ip),
                    )?,
                    ratelimit::Refusal::Counted => {}
                    ratelimit::Refusal::Throttled(retry) => return Err(ratelimit::refusal(retry).into()),
                }
            }
            Err(e)
        }
    }
}

fn resolve_session(conn: &mut DbConn, secret: &str, at: NaiveDateTime) -> Result<Resolved, ApiError> {
    let Some((row, member, account_id)) = session::find_with_member(conn, &hash_secret(secret))? else {
        return Err(refused(ErrorCode::NotSignedIn));
    };
    if row.expires_at <= at || row.last_seen_at + SESSION_IDLE <= at {
        session::delete(conn, &row.id)?;
        return Err(refused(ErrorCode::NotSignedIn));
    }
    require_active(&member)?;
    if row.last_seen_at + TOUCH_EVERY <= at {
        session::touch(conn, &row.id, at)?;
    }
    Ok(Resolved { member, account_id, credential: Credential::Session { id: row.id } })
}

fn resolve_token(
    conn: &mut DbConn,
    secret: &str,
    p: &Presented,
    at: NaiveDateTime,
) -> Result<Resolved, ApiError> {
    let Some((row, member, account_id)) = token::find_with_member(conn, &hash_secret(secret))? else {
        return Err(refused(ErrorCode::NotSignedIn));
    };
    if row.revoked_at.is_some() || row.expires_at <= at {
        return Err(refused(ErrorCode::NotSignedIn));
    }
    let scopes = db::unknown_is_an_error(Scope::split(&row.scopes))?;
    let needed = if p.safe { Scope::Read } else { Scope::Write };
    if !scopes.contains(&needed) {
        return Err(refused(ErrorCode::InsufficientScope));
    }
    require_active(&member)?;
    if row.last_used_at.is_none_or(|t| t + TOUCH_EVERY <= at) {
        token::touch(conn, &row.id, at)?;
    }
    Ok(Resolved { member, account_id, credential: Credential::Token { id: row.id, scopes } })
}

/// What a credential leads to.
struct Resolved {
    member: MemberRow,
    account_id: Option<String>,
    credential: Credential,
}

fn require_active(member: &MemberRow) -> Result<(), ApiError> {
    if member.status == MemberStatus::Active { Ok(()) } else { Err(refused(ErrorCode::NotSignedIn)) }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let presented = state.as_ref().map(|s| presented(req, s));
        Box::pin(async move {
            let (Some(state), Some(presented)) = (state, presented) else {
                return Err(ApiError::Unexpected(anyhow::anyhow!("no application state")));
            };
            // A visitor with no credential: nothing to look up (and no database needed).
            let Some(credential) =
                presented.bearer.as_deref().or(presented.cookie.as_deref()).map(hash_secret)
            else {
                return Err(refused(ErrorCode::NotSignedIn));
            };
            let rate = state.config.refusal_rate;
            if let Some(retry) = state.limiter.throttled(&presented.ip, &credential, rate) {
                let _ = state.limiter.refused(&presented.ip, ErrorCode::NotSignedIn, &presented.path, rate);
                return Err(ratelimit::refusal(retry).into());
            }
            let st = state.clone();
            let caller =
                db::run(&state.pool, move |conn| resolve(conn, &presented, &st.limiter, rate)).await?;
            state.limiter.vouch(&credential);
            Ok(caller)
        })
    }
}

/// The caller if someone is signed in, else `None` (for endpoints open to everyone).
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequest for MaybeCaller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<MaybeCaller, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let caller = Caller::from_request(req, payload);
        Box::pin(async move {
            match caller.await {
                Ok(c) => Ok(MaybeCaller(Some(c))),
                Err(ApiError::Problem(p)) if p.code == ErrorCode::NotSignedIn => Ok(MaybeCaller(None)),
                Err(e) => Err(e),
            }
        })
    }
}

/// Middleware: a 401 answered to a request that carried a session cookie also clears the
/// cookie, so a browser stops sending a dead session (an idle one ends before its cookie
/// does) instead of counting as refused credentials on every request.
pub async fn forget_dead_session(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let carried = state.as_ref().is_some_and(|s| req.cookie(session_cookie_name(s)).is_some());
    let mut res = next.call(req).await?;
    if carried
        && res.status() == actix_web::http::StatusCode::UNAUTHORIZED
        && let Some(state) = state
    {
        res.response_mut().add_cookie(&removal_cookie(&state, session_cookie_name(&state)))?;
    }
    Ok(res)
}
