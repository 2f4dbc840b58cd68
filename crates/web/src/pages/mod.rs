pub mod account;
pub mod admin;
pub mod home;
pub mod legal;
pub mod not_found;
pub mod privacy;
pub mod sign_in;
