use super::*;
use proptest::prelude::*;

fn invitation() -> Invitation {
    Invitation {
        uid: "interview-42@seed.amt.example".to_owned(),
        sequence: 0,
        stamp: 1_796_207_400,
        start: 1_796_207_400,
        end: 1_796_207_400 + 45 * 60,
        summary: "Entretien préalable, AMT".to_owned(),
        location: "https://meet.google.com/abc-defg-hij".to_owned(),
        description: "Bonjour Léa,\nnous vous attendons ; à bientôt, l'équipe".to_owned(),
    }
}

/// The lines of an iCalendar text, unfolded.
fn unfold(text: &str) -> Vec<String> {
    text.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[test]
fn times_are_written_in_utc() {
    assert_eq!(utc(0), "19700101T000000Z");
    assert_eq!(utc(1_796_207_400), "20261202T103000Z");
    assert_eq!(utc(1_709_251_199), "20240229T235959Z");
    assert_eq!(utc(946_598_400), "19991231T000000Z");
    assert_eq!(utc(-1), "19691231T235959Z");
}

#[test]
fn an_invitation_is_a_published_event_with_its_uid_and_sequence() {
    let text = ics(&invitation(), Method::Publish);
    let lines = unfold(&text);
    for expected in [
        "METHOD:PUBLISH",
        "UID:interview-42@seed.amt.example",
        "SEQUENCE:0",
        "DTSTART:20261202T103000Z",
        "DTEND:20261202T111500Z",
        "STATUS:CONFIRMED",
        "DESCRIPTION:Bonjour Léa\\,\\nnous vous attendons \\; à bientôt\\, l'équipe",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected} missing from {lines:#?}");
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
}

#[test]
fn a_cancellation_keeps_the_uid_and_says_cancelled() {
    let cancelled = Invitation { sequence: 2, ..invitation() };
    let lines = unfold(&ics(&cancelled, Method::Cancel));
    for expected in ["METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:2", "UID:interview-42@seed.amt.example"] {
        assert!(lines.iter().any(|l| l == expected), "{expected} missing");
    }
}

/// The inverse of `escape`, as a calendar reads a TEXT value.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

proptest! {
    /// Every line ends in CRLF, no line passes 75 octets, and unfolding and unescaping give
    /// back the text, whatever it holds (accents, emoji, separators, line breaks).
    #[test]
    fn lines_are_folded_and_text_survives(summary in "\\PC{0,200}", description in "[a-zé;,\\\\\n🙂 ]{0,300}") {
        let text = ics(&Invitation { summary: summary.clone(), description: description.clone(), ..invitation() }, Method::Publish);
        prop_assert!(text.ends_with("\r\n"));
        prop_assert!(!text.replace("\r\n", "").contains('\n'), "a bare line feed");
        for line in text.split("\r\n") {
            prop_assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        let lines = unfold(&text);
        let value = |name: &str| lines.iter().find_map(|l| l.strip_prefix(name)).map(unescape);
        prop_assert_eq!(value("SUMMARY:"), Some(summary.replace("\r\n", "\n").replace('\r', "\n")));
        prop_assert_eq!(value("DESCRIPTION:"), Some(description));
    }

    /// UTC text is ordered as the times are (and always 16 characters).
    #[test]
    fn utc_text_sorts_like_time(a in 0i64..4_102_444_800, b in 0i64..4_102_444_800) {
        prop_assert_eq!(utc(a).len(), 16);
        prop_assert_eq!(a.cmp(&b), utc(a).cmp(&utc(b)));
    }
}
