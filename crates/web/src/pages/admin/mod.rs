//! The staff and admin pages.

pub mod audit;
pub mod members;
pub mod settings;
