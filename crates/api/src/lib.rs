//! SEED's API server: configuration, database, routes, the OpenAPI document and the SPA.

pub mod abuse;
pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod idempotency;
pub mod ledger;
pub mod membership;
pub mod openapi;
pub mod ops;
pub mod routes;
pub mod scheduler;
pub mod settings;
pub mod spa;
pub mod startup;
pub mod statement;
pub mod telemetry;
