//! SEED's rules, written once and called by both the API and the SPA.
//!
//! Pure Rust: no I/O, no database, no web framework, so it compiles natively and to
//! `wasm32-unknown-unknown`.

#[macro_use]
pub mod text_enum;

pub mod abuse;
pub mod admin;
pub mod application;
pub mod auth;
pub mod catalogue;
pub mod duties;
pub mod exchange;
pub mod import;
pub mod interview;
pub mod ledger;
pub mod listing;
pub mod membership;
pub mod notification;
pub mod problem;
pub mod system;
pub mod timebank;
pub mod ts;
pub mod validation;
pub mod wire;

pub use problem::{ErrorCode, FieldError, NotAllowedReason, Problem};
pub use ts::{Ts, TsError};
