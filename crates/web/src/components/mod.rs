//! Pieces the pages share: the notification bell, feedback and failure states, form fields,
//! role guards, icons, paged lists, durations and their cost, a member's figures, and the
//! page's shell.

pub mod bell;
pub mod duration;
pub mod feedback;
pub mod form;
pub mod guard;
pub mod icon;
pub mod member;
pub mod paged;
pub mod shell;
