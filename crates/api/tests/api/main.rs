//! The API's integration tests: each starts the real server on a free port with a database of
//! its own, SQLite by default, PostgreSQL when `SEED_TEST_PG` names a server (the test command
//! runs the suite once for each).

mod helpers;
mod operations;
mod spa;
mod system;
