//! The database's housekeeping: the planner's statistics, and SQLite's consistent copies for
//! `seed backup` and `seed restore`.

use super::DbConn;
use diesel::connection::SimpleConnection;
use diesel::{QueryResult, SqliteConnection};

/// Refreshes the query planner's statistics.
pub fn refresh_statistics(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Postgresql(_) => conn.batch_execute("ANALYZE"),
        DbConn::Sqlite(_) => conn.batch_execute("PRAGMA optimize"),
    }
}

/// A consistent copy of the SQLite database at `target`, while others may be writing.
pub fn vacuum_into(conn: &mut SqliteConnection, target: &str) -> QueryResult<()> {
    conn.batch_execute(&format!("VACUUM INTO {}", sql_string(target)))
}

/// Fails unless the SQLite database has SEED's migrations table.
pub fn check_seed_database(conn: &mut SqliteConnection) -> QueryResult<()> {
    conn.batch_execute("SELECT count(*) FROM __diesel_schema_migrations")
}

/// `text` as an SQL string literal (`VACUUM INTO` takes no bind parameter).
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
