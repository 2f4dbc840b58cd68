//! `Idempotency-Key` for requests that move TS: the first answer is stored with the key and
//! the request's hash, a repeat gets it back, another request under the same key gets 422.

use crate::auth::secret::sha256_hex;
use crate::db::DbConn;
use crate::db::idempotency::{self, KeyRow};
use crate::error::ApiError;
use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use seed_domain::ErrorCode;
use seed_domain::wire::{IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX, is_idempotency_key};
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

/// The `Idempotency-Key` header as the OpenAPI document states it, from the rule's own
/// constants: `params(IdempotencyKey, ...)` on each operation that moves TS.
pub struct IdempotencyKey;

impl utoipa::IntoParams for IdempotencyKey {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(IDEMPOTENCY_KEY_MAX))
            // Visible ASCII: `!` to `~`.
            .pattern(Some("^[!-~]+$"));
        vec![
            ParameterBuilder::new()
                .name(IDEMPOTENCY_KEY_HEADER)
                .parameter_in(ParameterIn::Header)
                .required(Required::True)
                .description(Some(
                    "A fresh key (a UUID) per operation: a repeat under the same key gets the \
                     first answer back and moves nothing twice.",
                ))
                .schema(Some(schema))
                .build(),
        ]
    }
}

/// The key of the request: 1 to 200 visible ASCII characters (a UUID is a good choice).
pub fn key_of(req: &HttpRequest) -> Result<String, ApiError> {
    match req.headers().get(IDEMPOTENCY_KEY_HEADER).and_then(|v| v.to_str().ok()) {
        Some(k) if is_idempotency_key(k) => Ok(k.to_owned()),
        Some(_) => Err(ApiError::with_detail(
            ErrorCode::BadRequest,
            "Idempotency-Key must be 1 to 200 visible ASCII characters",
        )),
        None => Err(ApiError::with_detail(
            ErrorCode::IdempotencyKeyMissing,
            "send an Idempotency-Key header (a fresh UUID per operation)",
        )),
    }
}

/// What identifies a request under its key: the route and the parsed body.
pub fn request_hash(route: &str, body: &impl serde::Serialize) -> String {
    let text = serde_json::to_string(body).unwrap_or_default();
    sha256_hex(format!("{route}\n{text}").as_bytes())
}

/// An answer as stored: status and JSON body.
#[derive(Debug, Clone)]
pub struct Stored {
    pub status: u16,
    pub body: String,
}

impl Stored {
    pub fn response(&self) -> actix_web::HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let content_type = if status.is_success() { "application/json" } else { "application/problem+json" };
        actix_web::HttpResponse::build(status).content_type(content_type).body(self.body.clone())
    }
}

/// Runs `work` once per (owner, key), inside the caller's write transaction. Refusals
/// (problem answers) are stored too, so a repeat gets the same refusal; an unexpected error
/// rolls everything back, so the request can be retried.
///
/// The key is written once, with its answer, after the work: one row insert instead of an
/// insert and an update. A copy that arrives while the first is still running does not see
/// its key yet; it waits on the same rows (the accounts, the exchange), or on the key itself
/// when it inserts it, and once the first has committed its insert fails: it answers
/// [`ApiError::KeyTaken`], which rolls its work back.
pub fn once(
    conn: &mut DbConn,
    owner: &str,
    key: &str,
    hash: &str,
    work: impl FnOnce(&mut DbConn) -> Result<(u16, String), ApiError>,
) -> Result<Stored, ApiError> {
    if let Some(first) = idempotency::find(conn, owner, key)? {
        return replay(first, hash);
    }
    let outcome = match conn {
        // SQLite goes on after a failed statement: a savepoint keeps a refusal from committing
        // the writes made before it. PostgreSQL aborts the whole transaction instead (below).
        DbConn::Sqlite(_) => diesel::Connection::transaction(conn, work),
        DbConn::Postgresql(_) => work(conn),
    };
    let (status, body, refused) = match outcome {
        Ok((status, body)) => (status, body, None),
        Err(ApiError::Problem(p)) => (p.status, serde_json::to_string(&*p).unwrap_or_default(), Some(p)),
        Err(other) => return Err(other),
    };
    let row = KeyRow {
        owner: owner.to_owned(),
        key: key.to_owned(),
        request_hash: hash.to_owned(),
        response_status: Some(i32::from(status)),
        response_body: Some(body),
        created_at: crate::clock::now(),
    };
    match idempotency::insert(conn, &row) {
        Ok(_) => Ok(Stored { status, body: row.response_body.unwrap_or_default() }),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Err(ApiError::KeyTaken)
        }
        // A refusal that came from a failed statement (a unique index lost to a concurrent
        // request) left PostgreSQL's transaction aborted: nothing is kept, key included, and the
        // refusal is sent as it is; a repeat runs again.
        Err(e) => match refused {
            Some(problem) => Err(ApiError::Problem(problem)),
            None => Err(e.into()),
        },
    }
}

/// The answer stored under a key, for a request with `hash`: the same request gets it back,
/// another one gets 422.
fn replay(first: KeyRow, hash: &str) -> Result<Stored, ApiError> {
    if first.request_hash != hash {
        return Err(ApiError::with_detail(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used with another request",
        ));
    }
    match (first.response_status, first.response_body) {
        (Some(status), Some(body)) => Ok(Stored { status: u16::try_from(status).unwrap_or(500), body }),
        _ => Err(ApiError::new(ErrorCode::Conflict)),
    }
}

/// Answers a TS-moving request: `work` runs once per (caller, key), in one write transaction,
/// and a repeat gets the stored answer.
pub async fn respond_once<B: serde::Serialize>(
    state: &crate::state::AppState,
    req: &HttpRequest,
    owner: String,
    route: &str,
    body: &B,
    work: impl FnOnce(&mut DbConn) -> Result<(u16, String), ApiError> + Send + 'static,
) -> Result<actix_web::HttpResponse, ApiError> {
    let key = key_of(req)?;
    let hash = request_hash(route, body);
    let (o, k, h) = (owner.clone(), key.clone(), hash.clone());
    let stored = match crate::db::run_write(&state.pool, &state.writes, move |conn| {
        once(conn, &o, &k, &h, work)
    })
    .await
    {
        Err(ApiError::KeyTaken) => {
            crate::db::run(&state.pool, move |conn| {
                let first = idempotency::find(conn, &owner, &key)?
                    .ok_or_else(|| ApiError::new(ErrorCode::Conflict))?;
                replay(first, &hash)
            })
            .await?
        }
        other => other?,
    };
    Ok(stored.response())
}

/// A success to store and send: its status and JSON body.
pub fn answer(status: u16, body: &impl serde::Serialize) -> Result<(u16, String), ApiError> {
    Ok((status, serde_json::to_string(body).map_err(|e| ApiError::Unexpected(e.into()))?))
}
