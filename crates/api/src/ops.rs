//! `seed backup FILE` and `seed restore FILE`: the database to a file and back.
//!
//! SQLite: `VACUUM INTO` makes a consistent copy while the server runs; restoring writes the
//! copy in place of the database file (stop the server first). PostgreSQL: `pg_dump` in its
//! custom format and `pg_restore --clean` in one transaction, with the PostgreSQL client tools
//! found on PATH, with `pg_config --bindir` or under `/usr/lib/postgresql/*/bin`.

use crate::db::Backend;
use crate::db::maintenance::{check_seed_database, vacuum_into};
use anyhow::{Context, bail};
use diesel::{Connection, SqliteConnection};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn backup(database_url: &str, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists; choose a new file name", file.display());
    }
    match Backend::of_url(database_url) {
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(database_url)
                .with_context(|| format!("cannot open {database_url}"))?;
            let target = file.to_str().context("the backup file name is not UTF-8")?;
            vacuum_into(&mut conn, target).context("VACUUM INTO failed")?;
        }
        Backend::Postgresql => {
            let status = Command::new(pg_tool("pg_dump")?)
                .envs(libpq_env(database_url)?)
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(file)
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
            check_seed_database(&mut backup).with_context(|| format!("{source} is not a SEED backup"))?;
            let staging = PathBuf::from(format!("{database_url}.restoring"));
            let _ = std::fs::remove_file(&staging);
            let staging_text = staging.to_str().context("the database path is not UTF-8")?;
            vacuum_into(&mut backup, staging_text).context("cannot copy the backup")?;
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{database_url}{suffix}"));
            }
            std::fs::rename(&staging, database_url)
                .with_context(|| format!("cannot replace {database_url}"))?;
        }
        Backend::Postgresql => {
            let status = Command::new(pg_tool("pg_restore")?)
                .envs(libpq_env(database_url)?)
                .args(["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"])
                // Without `--dbname`, pg_restore would print the SQL instead of running it;
                // the name alone carries no secret.
                .arg(format!("--dbname={}", libpq_value(&libpq_env(database_url)?, "PGDATABASE")))
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

/// The connection of a `postgres://` URL as libpq's environment variables, so the password
/// never appears on a command line (where `ps` shows it to every local user).
fn libpq_env(database_url: &str) -> anyhow::Result<Vec<(&'static str, String)>> {
    let url = url::Url::parse(database_url).context("DATABASE_URL is not a URL")?;
    let decode = |s: &str| percent_decode(s);
    let mut env = Vec::new();
    if let Some(host) = url.host_str() {
        env.push(("PGHOST", host.trim_matches(['[', ']']).to_owned()));
    }
    if let Some(port) = url.port() {
        env.push(("PGPORT", port.to_string()));
    }
    if !url.username().is_empty() {
        env.push(("PGUSER", decode(url.username())?));
    }
    if let Some(password) = url.password() {
        env.push(("PGPASSWORD", decode(password)?));
    }
    let database = decode(url.path().trim_start_matches('/'))?;
    if !database.is_empty() {
        env.push(("PGDATABASE", database));
    }
    for (key, value) in url.query_pairs() {
        let name = match key.as_ref() {
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "password" => "PGPASSWORD",
            "dbname" => "PGDATABASE",
            "sslmode" => "PGSSLMODE",
            "sslrootcert" => "PGSSLROOTCERT",
            "sslcert" => "PGSSLCERT",
            "sslkey" => "PGSSLKEY",
            "connect_timeout" => "PGCONNECT_TIMEOUT",
            "application_name" => "PGAPPNAME",
            other => bail!("DATABASE_URL has a parameter the backup tools do not take: {other}"),
        };
        env.push((name, value.into_owned()));
    }
    Ok(env)
}

fn libpq_value(env: &[(&'static str, String)], name: &str) -> String {
    env.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn percent_decode(text: &str) -> anyhow::Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).context("DATABASE_URL has a bad %-escape")?;
            out.push(u8::from_str_radix(hex, 16).context("DATABASE_URL has a bad %-escape")?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).context("DATABASE_URL is not UTF-8 once decoded")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_to_the_environment() -> anyhow::Result<()> {
        let env = libpq_env("postgres://seed%40amt:p%40ss%2Fw0rd@[::1]:5433/seed_prod?sslmode=require")?;
        assert_eq!(
            env,
            vec![
                ("PGHOST", "::1".to_owned()),
                ("PGPORT", "5433".to_owned()),
                ("PGUSER", "seed@amt".to_owned()),
                ("PGPASSWORD", "p@ss/w0rd".to_owned()),
                ("PGDATABASE", "seed_prod".to_owned()),
                ("PGSSLMODE", "require".to_owned()),
            ]
        );
        assert_eq!(libpq_value(&env, "PGDATABASE"), "seed_prod");
        assert!(libpq_env("postgres://h/db?options=-c%20x").is_err());
        Ok(())
    }
}
