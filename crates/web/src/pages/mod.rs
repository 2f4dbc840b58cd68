//! The screens, one folder or file per area of the route table (`app.rs`).

pub mod account;
pub mod admin;
pub mod exchanges;
pub mod home;
pub mod ledger;
pub mod member;
pub mod not_found;
pub mod notifications;
pub mod sign_in;
