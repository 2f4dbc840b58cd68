//! The time bank: my TS account (`/compte-ts`), and the pieces the staff's account pages reuse
//! (the summary, the balance chart, the statement).

pub mod account;
pub mod chart;
pub mod pay;
pub mod statement;
pub mod summary;
