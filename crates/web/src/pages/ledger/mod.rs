//! The time bank: my TS account (`/compte-ts`), and the pieces the staff's account pages reuse
//! (the summary, the balance chart, the statement).

pub mod account;
pub mod chart;
pub mod pay;
pub mod statement;
pub mod summary;

use crate::i18n::Lang;

/// French counts 0 and 1 in the singular, English only 1.
pub fn singular(count: u32, lang: Lang) -> bool {
    match lang {
        Lang::Fr => count <= 1,
        Lang::En => count == 1,
    }
}
