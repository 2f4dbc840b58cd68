//! Cursor pagination, the same for every list: `?limit=` (default 50, at most 200) and
//! `?cursor=`; the answer is `{items, next_cursor}`.

use crate::error::ApiError;
use seed_domain::admin::Page;
use seed_domain::{ErrorCode, FieldError, Problem};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// The limit to ask the database for (one more than the page, to know if another follows).
pub fn fetch_limit(limit: Option<u32>) -> Result<i64, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(i64::from(n) + 1),
        _ => {
            let mut problem = Problem::new(ErrorCode::BadRequest);
            problem.errors.push(
                FieldError::new("limit", "out_of_range")
                    .with_param("min", 1)
                    .with_param("max", i64::from(MAX_LIMIT)),
            );
            Err(problem.into())
        }
    }
}

/// Splits the rows fetched with [`fetch_limit`] into a page.
pub fn page<R, T>(
    mut rows: Vec<R>,
    fetched: i64,
    cursor_of: impl Fn(&R) -> String,
    item: impl Fn(R) -> T,
) -> Page<T> {
    let more = rows.len() as i64 >= fetched;
    if more {
        rows.truncate((fetched - 1) as usize);
    }
    let next_cursor = if more { rows.last().map(&cursor_of) } else { None };
    Page { items: rows.into_iter().map(item).collect(), next_cursor }
}
