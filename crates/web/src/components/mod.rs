//! Pieces the pages share: the notification bell, feedback and failure states, what a page
//! loads, form fields and busy buttons, role guards, icons, paged lists, durations and their cost, a member's figures, and the
//! page's shell.

pub mod bell;
pub mod button;
pub mod duration;
pub mod feedback;
pub mod field;
pub mod form;
pub mod guard;
pub mod icon;
pub mod loaded;
pub mod member;
pub mod paged;
pub mod shell;
