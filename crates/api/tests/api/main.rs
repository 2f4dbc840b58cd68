//! The API's integration tests: each starts the real server on a free port with a database of
//! its own, SQLite by default, PostgreSQL when `SEED_TEST_PG` names a server (the test command
//! runs the suite once for each).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "in tests a failure is a panic with its message"
)]

mod accounts;
mod admin;
mod auth;
mod demo;
mod duties;
mod enums;
mod exchanges;
mod helpers;
mod issuer;
mod ledger_model;
mod listings;
mod me;
mod members;
mod migrations;
mod notifications;
mod operations;
mod public;
mod spa;
mod statements;
mod system;
mod transfers;
mod trust;
