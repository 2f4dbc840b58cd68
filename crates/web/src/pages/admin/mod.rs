//! The staff and admin pages.

pub mod accounts;
pub mod audit;
pub mod disputes;
pub mod members;
pub mod settings;
pub mod signals;
pub mod ts_rules;
