//! The TS (*téléservice*), SEED's unit of exchange, held as an integer number of hundredths.
//!
//! # Written grammar (what [`Ts::parse`] and [`Ts::parse_signed`] accept)
//!
//! ```text
//! amount    = [space] [sign] integer [decimals] [space] [suffix] [space]
//! sign      = "-" | "−"                      ; U+002D or U+2212, only in parse_signed
//! integer   = digit{1,3} (sep digit{3})*      ; grouped by thousands
//!           | digit+                          ; or not grouped at all
//! sep       = " " | U+00A0 | U+202F           ; space, no-break space, narrow no-break space
//! decimals  = ("," | ".") digit{1,2}          ; at most two decimals
//! suffix    = "TS" (any case)
//! ```
//!
//! So "12,5", "12.50", "0,05", "1 234,50" and "1 234,50 TS" are amounts; "1,234" (three
//! decimals), "1.234,5", ",5", "12," and "1e3" are not. Neither "," nor "." is ever a
//! thousands separator, which is what makes "1,234" an error rather than a guess.
//!
//! # Formatting
//! French: "1 234,50 TS" with U+202F between thousands, a decimal comma, U+00A0 before "TS"
//! and U+2212 for a negative amount. English: "1,234.50 TS" and "-". [`Ts::to_input`] gives
//! the plain form an input field shows ("1234,50"), which parses back to the same amount.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// An amount of TS in hundredths: `Ts(1250)` is 12,50 TS. On the wire, an integer of
/// hundredths of a TS (`1250` is 12,50 TS), never a float, never a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(example = 1250))]
#[serde(transparent)]
pub struct Ts(i64);

/// Why a text is not an amount, or why arithmetic failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TsError {
    #[error("the amount is empty")]
    Empty,
    #[error("a negative amount is not allowed here")]
    NegativeNotAllowed,
    #[error("at most two decimals")]
    TooManyDecimals,
    #[error("not an amount of TS")]
    Invalid,
    #[error("the amount is too large")]
    Overflow,
}

const NARROW_NBSP: char = '\u{202F}';
const NBSP: char = '\u{00A0}';
const MINUS: char = '\u{2212}';

/// The language an amount is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Ts {
    pub const ZERO: Ts = Ts(0);

    /// An amount from its hundredths.
    pub const fn from_hundredths(hundredths: i64) -> Ts {
        Ts(hundredths)
    }

    /// A whole number of TS; `None` when it does not fit.
    pub fn from_units(units: i64) -> Option<Ts> {
        units.checked_mul(100).map(Ts)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses a zero or positive amount written in French or English (see the module docs).
    pub fn parse(text: &str) -> Result<Ts, TsError> {
        parse(text, false)
    }

    /// Like [`Ts::parse`], and also accepts a leading "-" or "−".
    pub fn parse_signed(text: &str) -> Result<Ts, TsError> {
        parse(text, true)
    }

    pub fn checked_add(self, other: Ts) -> Result<Ts, TsError> {
        self.0.checked_add(other.0).map(Ts).ok_or(TsError::Overflow)
    }

    pub fn checked_sub(self, other: Ts) -> Result<Ts, TsError> {
        self.0.checked_sub(other.0).map(Ts).ok_or(TsError::Overflow)
    }

    pub fn checked_neg(self) -> Result<Ts, TsError> {
        self.0.checked_neg().map(Ts).ok_or(TsError::Overflow)
    }

    /// The amount due for `minutes` of service at `rate` per `per_minutes`
    /// ("5 TS per 3 hours" is `rate = 5 TS`, `per_minutes = 180`).
    ///
    /// Rounding rule: the exact quotient is rounded to the nearest hundredth, and a quotient
    /// exactly half-way is rounded away from zero (1 h at 5 TS per 3 h is 1,666… → 1,67 TS;
    /// 2 h is 3,333… → 3,33 TS). The computation is exact (128-bit), so no float is involved.
    /// `None` when `per_minutes` is zero or the result does not fit.
    pub fn pro_rata(rate: Ts, minutes: u32, per_minutes: u32) -> Option<Ts> {
        if per_minutes == 0 {
            return None;
        }
        let numerator = i128::from(rate.0) * i128::from(minutes);
        let denominator = i128::from(per_minutes);
        let quotient = numerator / denominator;
        let remainder = numerator % denominator;
        let rounded =
            if 2 * remainder.abs() >= denominator { quotient + numerator.signum() } else { quotient };
        i64::try_from(rounded).ok().map(Ts)
    }

    /// "1 234,50 TS" (French) or "1,234.50 TS" (English).
    pub fn format(self, lang: Lang) -> String {
        let (sign, group, decimal, space) = match lang {
            Lang::Fr => (MINUS, NARROW_NBSP, ',', NBSP),
            Lang::En => ('-', ',', '.', ' '),
        };
        let mut out = String::new();
        if self.0 < 0 {
            out.push(sign);
        }
        push_grouped(&mut out, self.0.unsigned_abs() / 100, Some(group));
        let _ = write!(out, "{decimal}{:02}{space}TS", self.0.unsigned_abs() % 100);
        out
    }

    /// The plain form an input field shows: "1234,50" (French) or "1234.50" (English);
    /// whole amounts drop their decimals ("5").
    pub fn to_input(self, lang: Lang) -> String {
        let mut out = String::new();
        if self.0 < 0 {
            out.push('-');
        }
        push_grouped(&mut out, self.0.unsigned_abs() / 100, None);
        let cents = self.0.unsigned_abs() % 100;
        if cents != 0 {
            let decimal = if lang == Lang::Fr { ',' } else { '.' };
            let _ = write!(out, "{decimal}{cents:02}");
        }
        out
    }
}

impl Ts {
    /// A plain decimal with two decimals and no grouping, for CSV files: "-1234,50" (French)
    /// or "-1234.50" (English).
    pub fn to_decimal(self, lang: Lang) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let decimal = if lang == Lang::Fr { ',' } else { '.' };
        format!("{sign}{}{decimal}{:02}", self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100)
    }
}

fn push_grouped(out: &mut String, units: u64, group: Option<char>) {
    let digits = units.to_string();
    for (i, digit) in digits.chars().enumerate() {
        if let Some(group) = group
            && i > 0
            && (digits.len() - i).is_multiple_of(3)
        {
            out.push(group);
        }
        out.push(digit);
    }
}

fn is_group_separator(c: char) -> bool {
    c == ' ' || c == NBSP || c == NARROW_NBSP
}

fn parse(text: &str, signed: bool) -> Result<Ts, TsError> {
    let mut rest = text.trim_matches(is_group_separator).trim();
    if let Some(without) = rest
        .len()
        .checked_sub(2)
        .and_then(|at| rest.get(at..).filter(|suffix| suffix.eq_ignore_ascii_case("ts")).map(|_| &rest[..at]))
    {
        rest = without.trim_end_matches(is_group_separator);
    }
    hundredths(rest, signed).map(Ts)
}

/// A decimal amount with at most two decimals ("12,50", "1 000.5", "3") in hundredths, with
/// a leading minus only when `signed`. TS amounts and euro amounts (in cents) are read alike.
pub fn hundredths(text: &str, signed: bool) -> Result<i64, TsError> {
    let mut rest = text.trim_matches(is_group_separator).trim();
    if rest.is_empty() {
        return Err(TsError::Empty);
    }
    let negative = if let Some(after) = rest.strip_prefix('-').or_else(|| rest.strip_prefix(MINUS)) {
        if !signed {
            return Err(TsError::NegativeNotAllowed);
        }
        rest = after;
        true
    } else {
        false
    };
    let (integer, decimals) = match rest.find([',', '.']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let units = parse_integer(integer)?;
    let cents: i64 = match decimals {
        None => 0,
        Some(d) if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(TsError::Invalid);
        }
        Some(d) if d.len() > 2 => return Err(TsError::TooManyDecimals),
        Some(d) => {
            let value: i64 = d.parse().map_err(|_| TsError::Invalid)?;
            if d.len() == 1 { value * 10 } else { value }
        }
    };
    let magnitude = units.checked_mul(100).and_then(|h| h.checked_add(cents)).ok_or(TsError::Overflow)?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Digits, either ungrouped or grouped by three with one kind of separator.
fn parse_integer(integer: &str) -> Result<i64, TsError> {
    if integer.is_empty() {
        return Err(TsError::Invalid);
    }
    let groups: Vec<&str> = integer.split(is_group_separator).collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(TsError::Invalid);
    }
    let mut value: i64 = 0;
    for digit in groups.concat().bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(digit - b'0')))
            .ok_or(TsError::Overflow)?;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(h: i64) -> Ts {
        Ts::from_hundredths(h)
    }

    #[test]
    fn parses_the_written_examples() {
        assert_eq!(Ts::parse("12,5"), Ok(ts(1250)));
        assert_eq!(Ts::parse("12.50"), Ok(ts(1250)));
        assert_eq!(Ts::parse("0,05"), Ok(ts(5)));
        assert_eq!(Ts::parse("1 234,50"), Ok(ts(123_450)));
        assert_eq!(Ts::parse("1\u{00A0}234,50"), Ok(ts(123_450)));
        assert_eq!(Ts::parse("1\u{202F}234,50"), Ok(ts(123_450)));
        assert_eq!(Ts::parse("1 234 567"), Ok(ts(123_456_700)));
        assert_eq!(Ts::parse(" 7 "), Ok(ts(700)));
        assert_eq!(Ts::parse("5 TS"), Ok(ts(500)));
        assert_eq!(Ts::parse("1\u{202F}234,50\u{00A0}TS"), Ok(ts(123_450)));
        assert_eq!(Ts::parse_signed("-2,5"), Ok(ts(-250)));
        assert_eq!(Ts::parse_signed("−20"), Ok(ts(-2000)));
        assert_eq!(Ts::parse("0"), Ok(Ts::ZERO));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Ts::parse(""), Err(TsError::Empty));
        assert_eq!(Ts::parse("  TS"), Err(TsError::Empty));
        assert_eq!(Ts::parse("-1"), Err(TsError::NegativeNotAllowed));
        assert_eq!(Ts::parse("−1"), Err(TsError::NegativeNotAllowed));
        assert_eq!(Ts::parse("1,234"), Err(TsError::TooManyDecimals));
        assert_eq!(Ts::parse("1.234"), Err(TsError::TooManyDecimals));
        for bad in [
            "1.234,5", ",5", "12,", "1e3", "12 34", "1 2345", "abc", "1,2,3", "+1", "--1", "1 ,5", "١٢",
            "0x10", "1_000",
        ] {
            assert!(Ts::parse(bad).is_err(), "{bad} should not parse");
        }
        assert_eq!(Ts::parse("99999999999999999999"), Err(TsError::Overflow));
        assert_eq!(Ts::parse("92233720368547758,08"), Err(TsError::Overflow));
    }

    #[test]
    fn formats_the_french_and_english_ways() {
        assert_eq!(ts(123_450).format(Lang::Fr), "1\u{202F}234,50\u{00A0}TS");
        assert_eq!(ts(123_450).format(Lang::En), "1,234.50 TS");
        assert_eq!(ts(500).format(Lang::Fr), "5,00\u{00A0}TS");
        assert_eq!(ts(-250).format(Lang::Fr), "\u{2212}2,50\u{00A0}TS");
        assert_eq!(ts(-250).format(Lang::En), "-2.50 TS");
        assert_eq!(ts(5).format(Lang::Fr), "0,05\u{00A0}TS");
        assert_eq!(ts(100_000_000).format(Lang::Fr), "1\u{202F}000\u{202F}000,00\u{00A0}TS");
        assert_eq!(ts(i64::MIN).format(Lang::En), "-92,233,720,368,547,758.08 TS");
        assert_eq!(ts(123_450).to_input(Lang::Fr), "1234,50");
        assert_eq!(ts(500).to_input(Lang::En), "5");
        assert_eq!(ts(-123_450).to_decimal(Lang::Fr), "-1234,50");
        assert_eq!(ts(5).to_decimal(Lang::En), "0.05");
    }

    #[test]
    fn pro_rata_follows_the_rounding_rule() {
        let rate = ts(500);
        assert_eq!(Ts::pro_rata(rate, 180, 180), Some(ts(500)));
        assert_eq!(Ts::pro_rata(rate, 60, 180), Some(ts(167)));
        assert_eq!(Ts::pro_rata(rate, 120, 180), Some(ts(333)));
        assert_eq!(Ts::pro_rata(rate, 90, 180), Some(ts(250)));
        assert_eq!(Ts::pro_rata(rate, 0, 180), Some(Ts::ZERO));
        // 1 TS per 8 minutes for 1 minute is 12,5 hundredths: the half goes away from zero.
        assert_eq!(Ts::pro_rata(ts(100), 1, 8), Some(ts(13)));
        assert_eq!(Ts::pro_rata(ts(-100), 1, 8), Some(ts(-13)));
        assert_eq!(Ts::pro_rata(rate, 60, 0), None);
        assert_eq!(Ts::pro_rata(ts(i64::MAX), u32::MAX, 1), None);
    }

    #[test]
    fn arithmetic_reports_overflow() {
        assert_eq!(ts(i64::MAX).checked_add(ts(1)), Err(TsError::Overflow));
        assert_eq!(ts(i64::MIN).checked_sub(ts(1)), Err(TsError::Overflow));
        assert_eq!(ts(i64::MIN).checked_neg(), Err(TsError::Overflow));
        assert_eq!(ts(150).checked_add(ts(-50)), Ok(ts(100)));
    }

    #[test]
    fn serialises_as_an_integer_of_hundredths() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::to_string(&ts(1250))?, "1250");
        assert_eq!(serde_json::from_str::<Ts>("1250")?, ts(1250));
        assert!(serde_json::from_str::<Ts>("12.5").is_err());
        assert!(serde_json::from_str::<Ts>("\"1250\"").is_err());
        assert!(serde_json::from_str::<Ts>("9223372036854775808").is_err());
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn french_format_parses_back(h in any::<i64>().prop_filter("MIN has no magnitude", |h| *h != i64::MIN)) {
            prop_assert_eq!(Ts::parse_signed(&ts(h).format(Lang::Fr)), Ok(ts(h)));
        }

        #[test]
        fn input_form_parses_back(h in any::<i64>().prop_filter("MIN has no magnitude", |h| *h != i64::MIN)) {
            prop_assert_eq!(Ts::parse_signed(&ts(h).to_input(Lang::Fr)), Ok(ts(h)));
            prop_assert_eq!(Ts::parse_signed(&ts(h).to_input(Lang::En)), Ok(ts(h)));
        }

        #[test]
        fn unsigned_parse_never_gives_a_negative(text in "\\PC{0,12}") {
            if let Ok(amount) = Ts::parse(&text) {
                prop_assert!(!amount.is_negative());
            }
        }

        #[test]
        fn addition_is_exact_or_an_error(a in any::<i64>(), b in any::<i64>()) {
            match ts(a).checked_add(ts(b)) {
                Ok(sum) => prop_assert_eq!(i128::from(sum.hundredths()), i128::from(a) + i128::from(b)),
                Err(e) => {
                    prop_assert_eq!(e, TsError::Overflow);
                    prop_assert!(i128::from(a) + i128::from(b) > i128::from(i64::MAX)
                        || i128::from(a) + i128::from(b) < i128::from(i64::MIN));
                }
            }
        }

        #[test]
        fn add_then_sub_restores(a in -1_000_000_000_000i64..1_000_000_000_000, b in -1_000_000_000_000i64..1_000_000_000_000) {
            prop_assert_eq!(ts(a).checked_add(ts(b)).and_then(|s| s.checked_sub(ts(b))), Ok(ts(a)));
        }

        #[test]
        fn pro_rata_is_within_half_a_hundredth(rate in 0i64..100_000, minutes in 0u32..100_000, per in 1u32..10_000) {
            let Some(amount) = Ts::pro_rata(ts(rate), minutes, per) else {
                return Err(TestCaseError::fail("fits"));
            };
            let exact_times_per = i128::from(rate) * i128::from(minutes);
            let error = (i128::from(amount.hundredths()) * i128::from(per) - exact_times_per).abs();
            prop_assert!(2 * error <= i128::from(per));
        }

        #[test]
        fn pro_rata_parts_add_up_within_rounding(rate in 0i64..10_000, a in 0u32..1000, b in 0u32..1000) {
            let (Some(x), Some(y), Some(whole)) = (
                Ts::pro_rata(ts(rate), a, 180),
                Ts::pro_rata(ts(rate), b, 180),
                Ts::pro_rata(ts(rate), a + b, 180),
            ) else {
                return Err(TestCaseError::fail("fits"));
            };
            prop_assert!((x.hundredths() + y.hundredths() - whole.hundredths()).abs() <= 1);
        }
    }
}
