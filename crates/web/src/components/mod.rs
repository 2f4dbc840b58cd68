pub mod bell;
pub mod feedback;
pub mod form;
pub mod guard;
pub mod icon;
pub mod paged;
pub mod shell;
