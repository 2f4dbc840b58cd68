use super::*;
use proptest::prelude::*;

const FRENCH: &str = "\u{feff}Nom;E-mail;Métier;Année;Cotisation\r\n\
    Camille Martin;Camille.Martin@amt.example;Traductrice;2023;5,00\r\n\
    \"Durand; Alex\";alex@amt.example;\"Graphiste \"\"print\"\"\";2024;0\r\n";

#[test]
fn a_french_export_is_read() {
    let (rows, errors) = read(FRENCH);
    assert_eq!(errors, vec![]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].email, "camille.martin@amt.example");
    assert_eq!((rows[0].year, rows[0].fee_cents, rows[0].line), (2023, 500, 2));
    assert_eq!(rows[1].display_name, "Durand; Alex");
    assert_eq!(rows[1].trade, "Graphiste \"print\"");
}

#[test]
fn an_english_export_with_columns_in_another_order_is_read() {
    let (rows, errors) = read("email,name,year,fee,trade\nlea@amt.example,Léa Moreau,2025,5.5,Dev\n\n");
    assert_eq!(errors, vec![]);
    assert_eq!((rows[0].display_name.as_str(), rows[0].fee_cents), ("Léa Moreau", 550));
}

#[test]
fn every_bad_line_is_named_and_nothing_is_kept_from_it() {
    let text = "nom;e-mail;métier;année;cotisation\n\
        ;pas-une-adresse;;1850;cinq\n\
        Sami;sami@amt.example;;2024;5\n\
        Sami bis;SAMI@amt.example;;2024;5\n\
        Trop;de;champs;ici;2024;5\n";
    let (rows, errors) = read(text);
    assert_eq!(rows.len(), 1);
    let mut found: Vec<(usize, &str, &str)> =
        errors.iter().map(|e| (e.line, e.field.as_str(), e.code.as_str())).collect();
    found.sort_unstable();
    assert_eq!(
        found,
        vec![
            (2, "display_name", "required"),
            (2, "email", "invalid_email"),
            (2, "fee_cents", "invalid_amount"),
            (2, "year", "invalid_year"),
            (4, "email", "duplicate_email"),
            (5, "file", "wrong_field_count"),
        ]
    );
}

#[test]
fn a_missing_column_or_an_open_quote_stops_the_file() {
    let (_, errors) = read("nom;e-mail;année\nA;a@amt.example;2024\n");
    assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["trade", "fee_cents"]);
    let (_, errors) = read("nom;e-mail;métier;année;cotisation\n\"A;a@amt.example;;2024;5\n");
    assert_eq!(errors, vec![LineError::new(2, "file", "unclosed_quote")]);
    assert_eq!(read("").1, vec![LineError::new(1, "file", "required")]);
}

#[test]
fn euros_are_read_as_cents() {
    for (text, cents) in [
        ("5", Some(500)),
        ("5,00", Some(500)),
        ("5.5", Some(550)),
        ("0", Some(0)),
        ("12 €", Some(1200)),
        ("12€", Some(1200)),
    ] {
        assert_eq!(euro_cents(text), cents, "{text}");
    }
    assert_eq!(euro_cents("1 000,50"), Some(100_050));
    for text in ["", "-5", "5,123", "5,", ",5", "cinq", "1e3", "1 00"] {
        assert_eq!(euro_cents(text), None, "{text}");
    }
}

proptest! {
    /// Any name and trade written out by a spreadsheet (quoted, quotes doubled) come back as
    /// they were.
    #[test]
    fn quoted_fields_come_back_whole(name in "[A-Za-zéè;,\" ]{1,40}", trade in "[a-z;,\"\n ]{0,40}") {
        prop_assume!(!name.trim().is_empty());
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let text = format!("nom;e-mail;métier;année;cotisation\n{};x@amt.example;{};2024;5\n", quote(&name), quote(&trade));
        let (rows, errors) = read(&text);
        prop_assert_eq!(errors, vec![]);
        prop_assert_eq!(rows[0].display_name.as_str(), name.trim());
        prop_assert_eq!(rows[0].trade.as_str(), trade.trim());
    }

    /// Cents written as euros with two decimals are read back exactly.
    #[test]
    fn cents_round_trip(cents in 0i64..10_000_000) {
        prop_assert_eq!(euro_cents(&format!("{},{:02}", cents / 100, cents % 100)), Some(cents));
    }
}
