//! Pieces the pages share: the notification bell, feedback and failure states, form fields,
//! role guards, icons, paged lists and the page's shell.

pub mod bell;
pub mod feedback;
pub mod form;
pub mod guard;
pub mod icon;
pub mod paged;
pub mod shell;
