//! Statements: pages of an account's postings with their running balance, and CSV exports in
//! two dialects (a French spreadsheet's, and a program's).

use crate::clock::rfc3339;
use crate::db::DbConn;
use crate::db::ledger::{self as sql, StatementFilter, StatementRow};
use crate::texts::FRENCH;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Europe::Paris;
use seed_domain::Ts;
use seed_domain::catalogue::{account_kind_key, transfer_kind_key};
use seed_domain::ledger::TransferKind;
use seed_domain::timebank::{CsvDialect, StatementLine};
use seed_domain::ts::Lang;

/// The start of `date` in Paris, in UTC (statements filter on the day people see).
pub fn paris_midnight(date: NaiveDate) -> NaiveDateTime {
    let local = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    Paris.from_local_datetime(&local).earliest().map(|t| t.naive_utc()).unwrap_or(local)
}

/// The filter for `from`..=`to` (days in Paris) and a kind.
pub fn filter(from: Option<NaiveDate>, to: Option<NaiveDate>, kind: Option<TransferKind>) -> StatementFilter {
    StatementFilter {
        from: from.map(paris_midnight),
        until: to.and_then(|d| d.succ_opt()).map(paris_midnight),
        kind,
    }
}

pub fn line(row: StatementRow) -> StatementLine {
    StatementLine {
        posting_id: row.posting.id,
        at: rfc3339(row.posting.created_at),
        kind: row.transfer.kind,
        amount: Ts::from_hundredths(row.posting.amount),
        balance_after: Ts::from_hundredths(row.posting.balance_after),
        counterparty: row.counterparty,
        counterparty_kind: row.counterparty_kind,
        memo: row.transfer.memo,
        reverses: row.transfer.reverses,
        reversed_by: row.reversed_by,
        transfer_id: row.transfer.id,
    }
}

/// At most this many lines in one export.
pub const CSV_MAX_LINES: i64 = 1_000_000;

/// The spreadsheet dialect speaks French, in the SPA's own words.
fn french(key: &str) -> String {
    FRENCH.get(key)
}

/// The spreadsheet's columns, in order.
const SPREADSHEET_COLUMNS: [&str; 7] = [
    "statement.csv.date",
    "statement.csv.kind",
    "statement.csv.memo",
    "statement.csv.counterparty",
    "statement.csv.amount",
    "statement.csv.balance",
    "statement.csv.transfer",
];

/// What a spreadsheet may read as the start of a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn quoted(text: &str, separator: char) -> String {
    if text.contains([separator, '"', '\n', '\r']) || text.starts_with(FORMULA_STARTS) {
        // Quote, and neutralise formulas: a memo must never run in a spreadsheet.
        let safe = if text.starts_with(FORMULA_STARTS) { format!("'{text}") } else { text.to_owned() };
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The whole statement (oldest first) as CSV.
pub fn csv(
    conn: &mut DbConn,
    account_id: &str,
    filter: &StatementFilter,
    dialect: CsvDialect,
) -> diesel::QueryResult<String> {
    let mut rows = sql::statement(conn, account_id, filter, None, CSV_MAX_LINES)?;
    rows.reverse();
    let (sep, lang) = match dialect {
        CsvDialect::Spreadsheet => (';', Lang::Fr),
        CsvDialect::Data => (',', Lang::En),
    };
    let mut out = String::new();
    match dialect {
        CsvDialect::Spreadsheet => {
            out.push('\u{FEFF}');
            let columns: Vec<String> = SPREADSHEET_COLUMNS.iter().map(|k| french(k)).collect();
            out.push_str(&columns.join(";"));
            out.push_str("\r\n");
        }
        CsvDialect::Data => out.push_str("date,kind,memo,counterparty,amount,balance_after,transfer_id\r\n"),
    }
    for row in rows {
        let l = line(row);
        let date = match dialect {
            CsvDialect::Spreadsheet => chrono::DateTime::parse_from_rfc3339(&l.at)
                .map(|t| t.with_timezone(&Paris).format("%d/%m/%Y %H:%M").to_string())
                .unwrap_or_default(),
            CsvDialect::Data => l.at.clone(),
        };
        let (kind, counterparty) = match dialect {
            CsvDialect::Spreadsheet => (
                french(&transfer_kind_key(l.kind)),
                l.counterparty.clone().unwrap_or_else(|| french(&account_kind_key(l.counterparty_kind))),
            ),
            CsvDialect::Data => (
                l.kind.as_str().to_owned(),
                l.counterparty.clone().unwrap_or_else(|| l.counterparty_kind.as_str().to_owned()),
            ),
        };
        let fields = [
            date,
            kind,
            quoted(&l.memo, sep),
            quoted(&counterparty, sep),
            l.amount.to_decimal(lang),
            l.balance_after.to_decimal(lang),
            l.transfer_id,
        ];
        out.push_str(&fields.join(&sep.to_string()));
        out.push_str("\r\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_days_start_at_paris_midnight() {
        let winter = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        assert_eq!(paris_midnight(winter).to_string(), "2026-11-22 23:00:00");
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default();
        assert_eq!(paris_midnight(summer).to_string(), "2026-06-30 22:00:00");
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(quoted("simple", ';'), "simple");
        assert_eq!(quoted("a;b", ';'), "\"a;b\"");
        assert_eq!(quoted("dit \"oui\"", ','), "\"dit \"\"oui\"\"\"");
        assert_eq!(quoted("=HYPERLINK(\"x\")", ';'), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(quoted("\t=1+1", ';'), "\"'\t=1+1\"");
        assert_eq!(quoted("\r=1+1", ';'), "\"'\r=1+1\"");
    }
}
