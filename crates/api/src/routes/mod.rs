//! Every route of the API, registered in one place.

pub mod system;

use utoipa_actix_web::service_config::ServiceConfig;

/// The routes under `/api`, each documented by its `#[utoipa::path]`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::health).service(system::ready);
}
