//! `seed backup FILE` and `seed restore FILE`: the database to a file and back.
//!
//! SQLite: `VACUUM INTO` makes a consistent copy while the server runs; restoring writes the
//! copy in place of the database file (stop the server first). PostgreSQL: `pg_dump` in its
//! custom format and `pg_restore --clean` in one transaction, with the PostgreSQL client tools
//! found on PATH, with `pg_config --bindir` or under `/usr/lib/postgresql/*/bin`.

use crate::db::Backend;
use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::{Connection, SqliteConnection};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

pub fn backup(database_url: &str, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists; choose a new file name", file.display());
    }
    match Backend::of_url(database_url) {
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(database_url)
                .with_context(|| format!("cannot open {database_url}"))?;
            let target = file.to_str().context("the backup file name is not UTF-8")?;
            conn.batch_execute(&format!("VACUUM INTO {}", sql_string(target)))
                .context("VACUUM INTO failed")?;
        }
        Backend::Postgresql => {
            let status = Command::new(pg_tool("pg_dump")?)
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(file)
                .arg(database_url)
                .status()
                .context("cannot run pg_dump")?;
            if !status.success() {
                bail!("pg_dump failed ({status})");
            }
        }
    }
    Ok(())
}

pub fn restore(database_url: &str, file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("{} is not a file", file.display());
    }
    match Backend::of_url(database_url) {
        Backend::Sqlite => {
            let source = file.to_str().context("the backup file name is not UTF-8")?;
            let mut backup =
                SqliteConnection::establish(source).with_context(|| format!("cannot open {source}"))?;
            backup
                .batch_execute("SELECT count(*) FROM __diesel_schema_migrations")
                .with_context(|| format!("{source} is not a SEED backup"))?;
            let staging = PathBuf::from(format!("{database_url}.restoring"));
            let _ = std::fs::remove_file(&staging);
            let staging_text = staging.to_str().context("the database path is not UTF-8")?;
            backup
                .batch_execute(&format!("VACUUM INTO {}", sql_string(staging_text)))
                .context("cannot copy the backup")?;
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{database_url}{suffix}"));
            }
            std::fs::rename(&staging, database_url)
                .with_context(|| format!("cannot replace {database_url}"))?;
        }
        Backend::Postgresql => {
            let status = Command::new(pg_tool("pg_restore")?)
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                ])
                .arg(database_url)
                .arg(file)
                .status()
                .context("cannot run pg_restore")?;
            if !status.success() {
                bail!("pg_restore failed ({status})");
            }
        }
    }
    Ok(())
}

/// Finds a PostgreSQL client tool (`SEED_PG_BIN` first, then PATH, `pg_config`, Debian's dirs).
pub fn pg_tool(name: &str) -> anyhow::Result<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = std::env::var_os("SEED_PG_BIN") {
        dirs.push(dir.into());
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        dirs.push(String::from_utf8_lossy(&out.stdout).trim().into());
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<PathBuf> = entries.flatten().map(|e| e.path().join("bin")).collect();
        versions.sort();
        dirs.extend(versions.into_iter().rev());
    }
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file()).with_context(|| {
        format!("{name} not found: install the PostgreSQL client (apt-get install postgresql-client)")
    })
}
