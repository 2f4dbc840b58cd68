//! SQL for the settings admins edit.

use super::DbConn;
use super::schema::settings;
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn get(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    settings::table.find(key).select(settings::value).first(conn).optional()
}

pub fn set(
    conn: &mut DbConn,
    key: &str,
    value: &str,
    by: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(settings::table.find(key))
        .set((settings::value.eq(value), settings::updated_at.eq(at), settings::updated_by.eq(by)))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(settings::table)
            .values((
                settings::key.eq(key),
                settings::value.eq(value),
                settings::updated_at.eq(at),
                settings::updated_by.eq(by),
            ))
            .execute(conn)?;
    }
    Ok(())
}
