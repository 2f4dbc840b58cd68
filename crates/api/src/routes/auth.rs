//! Signing in and out: the Google code flow, and the demo door of a local run.

use crate::auth::identity::{self, Outcome};
use crate::auth::ratelimit::{Bucket, client_ip};
use crate::auth::secret::{hash_secret, random_secret};
use crate::auth::{self, Caller, removal_cookie, session_cookie_name, sign_in_cookie_name};
use crate::clock::now;
use crate::config::Mode;
use crate::db::session::{self, PendingSignInRow};
use crate::db::{self, member::MemberRow};
use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, Json};
use crate::{audit, demo};
use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use seed_domain::admin::AuditAction;
use seed_domain::auth::{DemoPerson, DemoSignIn, SignInFailure, is_safe_return_path};
use seed_domain::membership::MemberStatus;
use seed_domain::{ErrorCode, FieldError, Problem};
use serde::Deserialize;

/// A pending sign-in lasts this long.
const SIGN_IN_WINDOW: chrono::Duration = chrono::Duration::minutes(10);

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LoginQuery {
    /// A path of the SPA to come back to after signing in (default `/`).
    pub return_to: Option<String>,
}

/// Only paths of this site, never another site (an open redirect): the domain's rule, and,
/// as a second lock, the path resolved against the public URL keeps its origin.
pub fn safe_return(path: Option<&str>, public_url: &str) -> String {
    let stays_home = |p: &str| {
        let Ok(base) = url::Url::parse(public_url) else { return false };
        base.join(p).is_ok_and(|joined| joined.origin() == base.origin())
    };
    match path {
        Some(p) if is_safe_return_path(p) && stays_home(p) => p.to_owned(),
        _ => "/".to_owned(),
    }
}

fn see_other(location: &str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::SeeOther();
    response.insert_header((LOCATION, location.to_owned()));
    response
}

fn failure_page(why: SignInFailure) -> String {
    format!("/connexion?erreur={}", why.as_str())
}

/// Starts the sign-in: redirects to the issuer with PKCE S256, `state` and `nonce`.
#[utoipa::path(
    tag = "auth",
    operation_id = "start_sign_in",
    params(LoginQuery),
    responses(
        (status = 303, description = "To the issuer's sign-in page (or to the sign-in page with `?erreur=not_configured`)"),
        (status = 429, description = "Too many sign-ins from this address", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The issuer is unreachable", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/auth/login")]
pub async fn start_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<LoginQuery>,
) -> ApiResult<HttpResponse> {
    let ip = client_ip(&req, &state.config.trusted_proxies);
    state.limiter.check(Bucket::SignIn, &ip, state.config.sign_in_rate)?;
    let Some(oidc) = &state.oidc else {
        return Ok(see_other(&failure_page(SignInFailure::NotConfigured)).finish());
    };
    let start = oidc.start().await.map_err(ApiError::Unavailable)?;
    let browser = random_secret();
    let at = now();
    let row = PendingSignInRow {
        state_hash: hash_secret(&start.state),
        browser_hash: hash_secret(&browser),
        nonce: start.nonce,
        pkce_verifier: start.pkce_verifier,
        return_to: safe_return(query.return_to.as_deref(), &state.config.public_url),
        created_at: at,
        expires_at: at + SIGN_IN_WINDOW,
    };
    db::run(&state.pool, move |conn| Ok(session::insert_pending(conn, &row)?)).await?;
    let cookie = auth::cookie(
        &state,
        sign_in_cookie_name(&state),
        browser,
        CookieDuration::seconds(SIGN_IN_WINDOW.num_seconds()),
    );
    Ok(see_other(&start.url).cookie(cookie).finish())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    /// Set by the issuer when the person cancelled or the request was refused.
    pub error: Option<String>,
}

/// Finishes the sign-in: checks everything, starts the session, redirects into the SPA.
/// Any refusal redirects to the sign-in page with `?erreur=<reason>` and is audited.
#[utoipa::path(
    tag = "auth",
    operation_id = "finish_sign_in",
    params(CallbackQuery),
    responses(
        (status = 303, description = "Into the SPA (signed in), or to `/connexion?erreur=<reason>`"),
        (status = 429, description = "Too many sign-ins from this address", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/auth/callback")]
pub async fn finish_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CallbackQuery>,
) -> ApiResult<HttpResponse> {
    let ip = client_ip(&req, &state.config.trusted_proxies);
    state.limiter.check(Bucket::SignIn, &ip, state.config.sign_in_rate)?;
    let browser = req.cookie(sign_in_cookie_name(&state)).map(|c| c.value().to_owned());
    let old_session = req.cookie(session_cookie_name(&state)).map(|c| c.value().to_owned());
    let user_agent = user_agent(&req);
    let outcome = finish(&state, query.into_inner(), browser).await?;
    let clear_browser = removal_cookie(&state, sign_in_cookie_name(&state));
    match outcome {
        Ok((member, return_to)) => {
            let st = state.clone();
            let cookie = db::run(&state.pool, move |conn| {
                // A new session id at every sign-in: a session fixed before sign-in is worthless.
                if let Some(old) = old_session
                    && let Some(row) = session::find_by_hash(conn, &hash_secret(&old))?
                {
                    session::delete(conn, &row.id)?;
                }
                let cookie = auth::start_session(conn, &st, &member.id, user_agent)?;
                audit::record(conn, Some(&member.id), AuditAction::SignIn, None, Some("google"), Some(&ip))?;
                Ok(cookie)
            })
            .await?;
            Ok(see_other(&return_to).cookie(cookie).cookie(clear_browser).finish())
        }
        // A forged callback costs nothing to send: past the refusal rate, the failures of an
        // address go unwritten for the rest of the minute (the sign-in rate still applies).
        Err((why, _))
            if state.limiter.check(Bucket::SignInFailure, &ip, state.config.refusal_rate).is_err() =>
        {
            tracing::warn!(
                reason = why.as_str(),
                "sign-in failures from this address are no longer audited this minute"
            );
            Ok(see_other(&failure_page(why)).cookie(clear_browser).finish())
        }
        Err((why, email)) => {
            db::run(&state.pool, move |conn| {
                // The member it was, by id; an e-mail that is no member's is not kept.
                let member_id = match email {
                    Some(email) => crate::db::member::find_by_email(conn, &email)?.map(|m| m.id),
                    None => None,
                };
                Ok(audit::record(
                    conn,
                    None,
                    AuditAction::SignInFailed,
                    member_id.as_deref(),
                    Some(why.as_str()),
                    Some(&ip),
                )?)
            })
            .await?;
            Ok(see_other(&failure_page(why)).cookie(clear_browser).finish())
        }
    }
}

type Finished = Result<(MemberRow, String), (SignInFailure, Option<String>)>;

async fn finish(
    state: &web::Data<AppState>,
    query: CallbackQuery,
    browser: Option<String>,
) -> ApiResult<Finished> {
    // The pending sign-in is taken (deleted) first: whatever happens next, it is used up.
    let pending = match (query.state, browser) {
        (Some(s), Some(b)) => {
            let (state_hash, browser_hash) = (hash_secret(&s), hash_secret(&b));
            db::run(&state.pool, move |conn| {
                Ok(session::take_pending(conn, &state_hash, &browser_hash, now())?)
            })
            .await?
        }
        _ => None,
    };
    if query.error.is_some() {
        return Ok(Err((SignInFailure::ProviderError, None)));
    }
    let Some(pending) = pending else {
        return Ok(Err((SignInFailure::UnknownState, None)));
    };
    let Some(code) = query.code.filter(|c| !c.is_empty()) else {
        return Ok(Err((SignInFailure::MissingCode, None)));
    };
    let Some(oidc) = &state.oidc else {
        return Ok(Err((SignInFailure::NotConfigured, None)));
    };
    let id_token = match oidc.exchange(&code, &pending.pkce_verifier).await {
        Ok(t) => t,
        Err(why) => return Ok(Err((why, None))),
    };
    let claims = match oidc.verify(&id_token, &pending.nonce).await {
        Ok(c) => c,
        Err(why) => return Ok(Err((why, None))),
    };
    let st = state.clone();
    let outcome = db::run(&state.pool, move |conn| identity::resolve(conn, &st.config, &claims)).await?;
    Ok(match outcome {
        Outcome::Member(member) => Ok((member, pending.return_to)),
        Outcome::Refused(why, email) => Err((why, email)),
    })
}

fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers().get(actix_web::http::header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Ends this browser's session.
#[utoipa::path(
    tag = "auth",
    operation_id = "sign_out",
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-site request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []))
)]
#[post("/auth/logout")]
pub async fn sign_out(caller: Caller, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    caller.require_session()?;
    let cleared = removal_cookie(&state, session_cookie_name(&state));
    db::run(&state.pool, move |conn| {
        if let Some(id) = caller.session_id() {
            session::delete(conn, id)?;
        }
        Ok(caller.audit(conn, AuditAction::SignOut, None, None)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().cookie(cleared).finish())
}

/// Ends every session of the signed-in person, on every browser.
#[utoipa::path(
    tag = "auth",
    operation_id = "sign_out_everywhere",
    responses(
        (status = 204, description = "All sessions ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Cross-site request, or a read-only token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []))
)]
#[post("/auth/logout_everywhere")]
pub async fn sign_out_everywhere(caller: Caller, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    caller.require_session()?;
    let cleared = removal_cookie(&state, session_cookie_name(&state));
    db::run(&state.pool, move |conn| {
        let ended = session::delete_all_for_member(conn, &caller.member.id)?;
        Ok(caller.audit(conn, AuditAction::SignOutEverywhere, None, Some(&format!("{ended} sessions")))?)
    })
    .await?;
    Ok(HttpResponse::NoContent().cookie(cleared).finish())
}

fn demo_only(state: &AppState) -> ApiResult<()> {
    if state.config.mode == Mode::Demo { Ok(()) } else { Err(ApiError::new(ErrorCode::NotFound)) }
}

/// The demo people one can sign in as. Demo mode only (404 in production).
#[utoipa::path(
    tag = "auth",
    operation_id = "list_demo_people",
    responses(
        (status = 200, description = "The demo people", body = Vec<DemoPerson>),
        (status = 404, description = "Not in demo mode", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/auth/demo")]
pub async fn list_demo_people(state: web::Data<AppState>) -> ApiResult<web::Json<Vec<DemoPerson>>> {
    demo_only(&state)?;
    Ok(web::Json(
        demo::DEMO_PEOPLE
            .iter()
            .map(|(email, name, role)| DemoPerson {
                email: (*email).to_owned(),
                display_name: (*name).to_owned(),
                role: *role,
            })
            .collect(),
    ))
}

/// Signs in as a demo person. Demo mode only (404 in production).
#[utoipa::path(
    tag = "auth",
    operation_id = "demo_sign_in",
    request_body = DemoSignIn,
    responses(
        (status = 204, description = "Signed in; the session cookie is set"),
        (status = 403, description = "Cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not in demo mode", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a demo person", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many sign-ins from this address", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/demo")]
pub async fn demo_sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<DemoSignIn>,
) -> ApiResult<HttpResponse> {
    demo_only(&state)?;
    // Even without a session yet: a forged form must not sign a visitor into someone else.
    if !auth::csrf_ok(&req, &state) {
        return Err(ApiError::new(ErrorCode::CsrfRejected));
    }
    let ip = client_ip(&req, &state.config.trusted_proxies);
    state.limiter.check(Bucket::SignIn, &ip, state.config.sign_in_rate)?;
    let email = body.into_inner().email.to_lowercase();
    if !demo::DEMO_PEOPLE.iter().any(|(e, _, _)| *e == email) {
        let mut problem = Problem::new(ErrorCode::ValidationFailed);
        problem.errors.push(FieldError::new("email", "unknown_demo_person"));
        return Err(problem.into());
    }
    let old_session = req.cookie(session_cookie_name(&state)).map(|c| c.value().to_owned());
    let user_agent = user_agent(&req);
    let st = state.clone();
    let cookie = db::run(&state.pool, move |conn| {
        let member = crate::db::member::find_by_email(conn, &email)?
            .filter(|m| m.status == MemberStatus::Active)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound))?;
        if let Some(old) = old_session
            && let Some(row) = session::find_by_hash(conn, &hash_secret(&old))?
        {
            session::delete(conn, &row.id)?;
        }
        let cookie = auth::start_session(conn, &st, &member.id, user_agent)?;
        audit::record(conn, Some(&member.id), AuditAction::SignIn, None, Some("demo"), Some(&ip))?;
        Ok(cookie)
    })
    .await?;
    Ok(HttpResponse::NoContent().cookie(cookie).finish())
}

#[cfg(test)]
mod tests {
    use super::safe_return;

    #[test]
    fn the_return_path_never_leaves_the_site() {
        let home = "https://seed.example.org";
        assert_eq!(safe_return(Some("/echanges?x=1"), home), "/echanges?x=1");
        assert_eq!(safe_return(Some("/%2F%2Fevil.example"), home), "/%2F%2Fevil.example");
        for bad in [
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\n/evil.example",
            "//evil.example",
            "/\\evil.example",
            "%2F%2Fevil.example",
            "%09/evil.example",
            "javascript:alert(1)",
            "https://evil.example/",
        ] {
            assert_eq!(safe_return(Some(bad), home), "/", "{bad:?}");
        }
        assert_eq!(safe_return(Some(&format!("/{}", "a".repeat(300))), home), "/");
        assert_eq!(safe_return(None, home), "/");
        // A public URL that cannot be read lets nothing through.
        assert_eq!(safe_return(Some("/compte"), "not a url"), "/");
    }
}
