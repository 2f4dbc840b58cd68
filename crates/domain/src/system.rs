//! Types of the system endpoints (`/api/health`, `/api/ready`), shared by API and SPA.

use serde::{Deserialize, Serialize};

/// `GET /api/health`: the process is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
    /// SEED's version, e.g. `0.1.0`.
    pub version: String,
    /// `demo`; a production server does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

/// `GET /api/ready`: the database is reachable and its migrations are applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ready {
    /// `ready`, or `unavailable` with a 503.
    pub status: String,
    /// `sqlite` or `postgresql` in demo mode; a production server does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}
