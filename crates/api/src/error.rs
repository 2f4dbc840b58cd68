//! Every error leaves as `application/problem+json` with a code from `seed_domain::ErrorCode`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use seed_domain::{ErrorCode, Problem};

/// What a handler returns when it fails.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// An expected refusal, already in its wire shape.
    #[error("{}", .0.title)]
    Problem(Box<Problem>),
    /// A dependency is down (database unreachable, pool exhausted).
    #[error("unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A bug: logged with its chain, answered as a bare 500.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
    /// A copy of this request stored its answer under the same `Idempotency-Key` while this
    /// one ran: this one's work is rolled back, and `idempotency::respond_once` sends the
    /// stored answer instead. Never leaves the server.
    #[error("a copy of this request committed first")]
    KeyTaken,
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `value` when the domain's validation (`check`) finds nothing wrong, else 422
/// `validation_failed` with its field errors.
pub fn valid<T>(value: T, check: impl FnOnce(&T) -> Vec<seed_domain::FieldError>) -> ApiResult<T> {
    match Problem::from_field_errors(check(&value)) {
        Some(problem) => Err(problem.into()),
        None => Ok(value),
    }
}

impl ApiError {
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError::Problem(Box::new(Problem::new(code)))
    }

    pub fn with_detail(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError::Problem(Box::new(Problem::new(code).with_detail(detail)))
    }

    fn problem(&self) -> Problem {
        match self {
            ApiError::Problem(p) => (**p).clone(),
            ApiError::Unavailable(_) => Problem::new(ErrorCode::Unavailable)
                .with_detail("The database is unavailable; retry in a moment."),
            ApiError::Unexpected(_) => Problem::new(ErrorCode::Internal),
            ApiError::KeyTaken => Problem::new(ErrorCode::Conflict),
        }
    }
}

impl From<Box<Problem>> for ApiError {
    fn from(p: Box<Problem>) -> ApiError {
        ApiError::Problem(p)
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> ApiError {
        ApiError::Problem(Box::new(p))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match e {
            Error::NotFound => ApiError::new(ErrorCode::NotFound),
            Error::DatabaseError(Kind::UniqueViolation, _) => ApiError::new(ErrorCode::Conflict),
            Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) => {
                ApiError::Unavailable(anyhow::anyhow!("{}", info.message()))
            }
            // SQLite answers "database is locked" once its busy timeout is spent.
            Error::DatabaseError(_, ref info) if info.message().contains("database is locked") => {
                ApiError::Unavailable(anyhow::Error::new(e))
            }
            other => ApiError::Unexpected(anyhow::Error::new(other)),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> ApiError {
        ApiError::Unavailable(anyhow::Error::new(e))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Unexpected(e) => tracing::error!(error = ?e, "unexpected error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "dependency unavailable"),
            ApiError::Problem(_) | ApiError::KeyTaken => {}
        }
        problem_response(&self.problem())
    }
}

pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json")));
    if problem.code == ErrorCode::RateLimited
        && let Some(seed_domain::problem::serde_json_value::Value::Int(secs)) =
            problem.params.get("retry_after")
    {
        response.insert_header((header::RETRY_AFTER, secs.to_string()));
    }
    response.body(serde_json::to_string(problem).unwrap_or_default())
}

/// Bodies that are not the JSON a handler expects: 400, 413 or 415, never a panic.
pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    let problem = match &err {
        E::ContentType => {
            Problem::new(ErrorCode::UnsupportedMediaType).with_detail("Send the body as application/json.")
        }
        E::OverflowKnownLength { limit, .. } | E::Overflow { limit } => {
            Problem::new(ErrorCode::PayloadTooLarge)
                .with_param("limit", i64::try_from(*limit).unwrap_or(i64::MAX))
        }
        E::Deserialize(e) => Problem::new(ErrorCode::MalformedJson).with_detail(e.to_string()),
        other => Problem::new(ErrorCode::MalformedJson).with_detail(other.to_string()),
    };
    actix_web::error::InternalError::from_response(err, problem_response(&problem)).into()
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let problem = Problem::new(ErrorCode::BadRequest).with_detail(err.to_string());
    actix_web::error::InternalError::from_response(err, problem_response(&problem)).into()
}

pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    let problem = Problem::new(ErrorCode::NotFound);
    actix_web::error::InternalError::from_response(err, problem_response(&problem)).into()
}

/// Unknown routes under `/api`.
pub async fn not_found() -> HttpResponse {
    problem_response(&Problem::new(ErrorCode::NotFound))
}
