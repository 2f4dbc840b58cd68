//! Importing the association's existing members from a spreadsheet's CSV export: name,
//! e-mail, trade, year, fee paid. Read here, line by line, so the preview and the import say
//! the same thing; the server saves nothing unless every line is valid, and skips addresses it
//! already has (running an import twice adds nobody twice).
//!
//! A French spreadsheet writes `;` between fields and `5,00` for five euros; an English one
//! writes `,` and `5.00`: both are read. The first line names the columns, in French or in
//! English, in any order.

use crate::membership::{NewMember, Role};
use crate::ts::hundredths;
use serde::{Deserialize, Serialize};

/// The longest trade accepted.
pub const TRADE_MAX: usize = 100;
/// The most lines one import reads (the association has about a hundred members).
pub const LINES_MAX: usize = 5000;

/// One member to import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// The line of the file (the header is line 1).
    pub line: usize,
    pub display_name: String,
    /// Lower-cased, so the same address is found whatever its case.
    pub email: String,
    pub trade: String,
    pub year: i32,
    /// The fee paid that year, in euro cents.
    pub fee_cents: i64,
}

/// What is wrong with one line (or, line 1, with the header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineError {
    pub line: usize,
    /// `display_name`, `email`, `trade`, `year`, `fee_cents`, or `file`.
    pub field: String,
    /// `required`, `too_long`, `invalid_email`, `duplicate_email`, `invalid_year`,
    /// `invalid_amount`, `missing_column`, `wrong_field_count`, `unclosed_quote`, `too_many_lines`.
    pub code: String,
}

impl LineError {
    fn new(line: usize, field: &str, code: &str) -> LineError {
        LineError { line, field: field.to_owned(), code: code.to_owned() }
    }
}

/// The columns, by their French and English names (lower case, accents as typed).
const COLUMNS: [(&str, &[&str]); 5] = [
    ("display_name", &["nom", "name"]),
    ("email", &["e-mail", "email", "courriel", "adresse e-mail"]),
    ("trade", &["métier", "metier", "trade", "activité"]),
    ("year", &["année", "annee", "year"]),
    ("fee_cents", &["cotisation", "fee", "fee paid", "cotisation payée"]),
];

/// The members of `text`, or every error found (all lines are checked, not only the first bad
/// one). An empty list of errors means the whole file can be imported.
pub fn read(text: &str) -> (Vec<ImportRow>, Vec<LineError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = match records(text) {
        Ok(records) => records,
        Err(error) => return (Vec::new(), vec![error]),
    };
    let Some((header, lines)) = records.split_first() else {
        return (Vec::new(), vec![LineError::new(1, "file", "required")]);
    };
    if lines.len() > LINES_MAX {
        return (Vec::new(), vec![LineError::new(1, "file", "too_many_lines")]);
    }
    let mut columns = [0usize; 5];
    let mut errors = Vec::new();
    for (slot, (field, names)) in columns.iter_mut().zip(COLUMNS) {
        match header.1.iter().position(|h| names.contains(&h.trim().to_lowercase().as_str())) {
            Some(index) => *slot = index,
            None => errors.push(LineError::new(1, field, "missing_column")),
        }
    }
    if !errors.is_empty() {
        return (Vec::new(), errors);
    }
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, fields) in lines {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if fields.len() != header.1.len() {
            errors.push(LineError::new(*line, "file", "wrong_field_count"));
            continue;
        }
        let get = |i: usize| fields[columns[i]].trim();
        let before = errors.len();
        // The same checks as a member added by hand.
        let member =
            NewMember { email: get(1).to_lowercase(), display_name: get(0).to_owned(), role: Role::Member };
        let problems = member.validate();
        errors.extend(problems.iter().map(|p| LineError::new(*line, &p.field, &p.code)));
        if !problems.iter().any(|p| p.field == "email") && !seen.insert(member.email.clone()) {
            errors.push(LineError::new(*line, "email", "duplicate_email"));
        }
        let trade = get(2);
        if trade.chars().count() > TRADE_MAX {
            errors.push(LineError::new(*line, "trade", "too_long"));
        }
        let year = get(3).parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        if year.is_none() {
            errors.push(LineError::new(*line, "year", "invalid_year"));
        }
        let fee = euro_cents(get(4));
        if fee.is_none() {
            errors.push(LineError::new(*line, "fee_cents", "invalid_amount"));
        }
        if let (true, Some(year), Some(fee_cents)) = (errors.len() == before, year, fee) {
            rows.push(ImportRow {
                line: *line,
                display_name: member.display_name,
                email: member.email,
                trade: trade.to_owned(),
                year,
                fee_cents,
            });
        }
    }
    (rows, errors)
}

/// Euros as typed (`5`, `5,00`, `1 000.5`, `0`, with an optional `€`) in cents; `None` for
/// anything else, a negative amount or more than two decimals.
pub fn euro_cents(text: &str) -> Option<i64> {
    hundredths(text.trim().trim_end_matches('€'), false).ok()
}

/// The records of a CSV text with their line numbers: fields split on `;` or `,` (whichever
/// the first line uses most), quotes around fields that hold them, `""` for a quote.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, LineError> {
    let first = text.lines().next().unwrap_or_default();
    let separator = if first.matches(';').count() >= first.matches(',').count() { ';' } else { ',' };
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, c) if c == separator => fields.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            (_, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if quoted {
        return Err(LineError::new(start, "file", "unclosed_quote"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
