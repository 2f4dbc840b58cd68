//! SEED's API server: configuration, database, routes, the OpenAPI document and the SPA.
//!
//! Modules in layers, each importing only from the layers above it in this list (see
//! docs/ARCHITECTURE.md; `scripts/structure.py` fails the test command on any import circle).

// Foundations: no SEED module below them.
pub mod clock;
pub mod config;
pub mod error;
pub mod paging;
pub mod telemetry;
pub mod texts;
// SQL, one module per aggregate.
pub mod db;
// What handlers reach.
pub mod state;
// Services: the aggregates' work, one transaction each.
pub mod abuse;
pub mod audit;
pub mod demo;
pub mod exchange;
pub mod idempotency;
pub mod ledger;
pub mod listing;
pub mod membership;
pub mod ops;
pub mod settings;
pub mod statement;
// Who is calling (the extractor), then the HTTP surface.
pub mod auth;
pub mod routes;
pub mod spa;
// Composition: the document, the jobs, the server.
pub mod openapi;
pub mod scheduler;
pub mod startup;
