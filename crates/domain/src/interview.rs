//! The intake interview's calendar invitation (*entretien préalable*): an iCalendar file
//! (RFC 5545) attached to the applicant's e-mail, so the interview lands in their calendar.
//!
//! One interview keeps one `UID` across its e-mails; each reschedule raises `SEQUENCE`, so a
//! calendar replaces the event instead of adding a second one, and a cancellation
//! (`METHOD:CANCEL`, `STATUS:CANCELLED`) removes it. Times are UTC; lines end in CRLF and are
//! folded at 75 octets without cutting a character; text is escaped.

/// What the invitation says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// Stable for the interview: `interview-<id>@<host>`.
    pub uid: String,
    /// 0 for the first invitation, raised at each reschedule and at the cancellation.
    pub sequence: u32,
    /// When the file is written, in seconds since 1970-01-01 UTC.
    pub stamp: i64,
    pub start: i64,
    pub end: i64,
    pub summary: String,
    /// The place, or the video call's link.
    pub location: String,
    pub description: String,
}

/// An invitation, or the cancellation of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Publish,
    Cancel,
}

/// The iCalendar text of `invitation`.
pub fn ics(invitation: &Invitation, method: Method) -> String {
    let (method, status) = match method {
        Method::Publish => ("PUBLISH", "CONFIRMED"),
        Method::Cancel => ("CANCEL", "CANCELLED"),
    };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//AMT//SEED//FR".to_owned(),
        format!("METHOD:{method}"),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape(&invitation.uid)),
        format!("SEQUENCE:{}", invitation.sequence),
        format!("DTSTAMP:{}", utc(invitation.stamp)),
        format!("DTSTART:{}", utc(invitation.start)),
        format!("DTEND:{}", utc(invitation.end)),
        format!("SUMMARY:{}", escape(&invitation.summary)),
        format!("LOCATION:{}", escape(&invitation.location)),
        format!("DESCRIPTION:{}", escape(&invitation.description)),
        format!("STATUS:{status}"),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|line| fold(line) + "\r\n").collect()
}

/// A TEXT value: backslashes, semicolons and commas escaped, line breaks as `\n`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets: the next part starts on a new line with one space,
/// and a character is never cut in two.
fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / LIMIT * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > LIMIT {
            out.push_str("\r\n ");
            // The leading space counts in the new line's octets.
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` for seconds since 1970-01-01 UTC.
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z", of_day / 3600, of_day % 3600 / 60, of_day % 60)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests;
