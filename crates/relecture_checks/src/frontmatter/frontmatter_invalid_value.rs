//! `frontmatter-invalid-value`: a field's value does not have the configured type, or is an impossible date.

use super::{FieldType, FrontMatterConfig};
use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::frontmatter::{Node, Value};
use relecture_core::language::normalize_language;
use relecture_core::{Article, Config, Diagnostic, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Each field listed in `[frontmatter.types]` must hold a value of that type: `string`,
    /// `date` (`YYYY-MM-DD`, optionally with a time), `datetime`, `bool`, `integer`, `list` or
    /// `string-list`. A field named `date` is checked as a date even without configuration, and
    /// dates must exist in the calendar. `lang` and `language` must name a language (`fr`,
    /// `fr-FR`, `fr_CA`, `French`).
    ///
    /// ## Why
    /// Site generators either refuse such values or silently read them as something else: a
    /// `date: 2023-02-30` becomes a string and the article drops out of date-sorted lists.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 2023-02-30
    /// ---
    /// ```
    /// February 2023 has 28 days.
    ///
    /// ## How to fix
    /// Write the value in the expected form, or change the type in `[frontmatter.types]`.
    pub FRONTMATTER_INVALID_VALUE = ("frontmatter-invalid-value", "frontmatter", Error, "a front matter value has the wrong type or is an impossible date");
}

/// Reports front matter values of the wrong type.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrontmatterInvalidValue;

impl ArticleRule for FrontmatterInvalidValue {
    const RULE: &'static RuleMeta = &FRONTMATTER_INVALID_VALUE;

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        // A block that does not parse has no fields: the syntax finding says it all.
        if article.front_matter_error.is_none() {
            check(article, context.config, out);
        }
    }
}

fn check(article: &Article, config: &Config, out: &mut Vec<Diagnostic>) {
    let settings = config.section::<FrontMatterConfig>();
    let Some(front) = &article.front_matter else {
        return;
    };
    for field in &front.fields {
        if matches!(field.key.as_str(), "lang" | "language") && !settings.types.contains_key(&field.key) {
            if let Err(problem) = check_language(&field.value) {
                out.push(
                    Diagnostic::new(&FRONTMATTER_INVALID_VALUE, field.value.range, problem.with("key", &field.key))
                        .with_fingerprint_text(format!("{}\0{}", field.key, article.text(field.value.range))),
                );
            }
            continue;
        }
        let expected = match settings.types.get(&field.key) {
            Some(expected) => *expected,
            None if field.key == "date" => FieldType::Date,
            None => continue,
        };
        if let Err(problem) = check_type(&field.value, expected) {
            out.push(
                Diagnostic::new(&FRONTMATTER_INVALID_VALUE, field.value.range, problem.with("key", &field.key))
                    .with_fingerprint_text(format!("{}\0{}", field.key, article.text(field.value.range))),
            );
        }
    }
}

/// The problem of a value, said without the field's name (the argument `key`, added by the caller).
fn check_type(node: &Node, expected: FieldType) -> Result<(), Message> {
    let wrong = || {
        Err(Message::new("frontmatter-wrong-type")
            .with("expected", type_name(expected))
            .with("found", describe(&node.value)))
    };
    match (expected, &node.value) {
        (_, Value::Null) => Err(Message::new("frontmatter-empty").with("expected", type_name(expected))),
        (FieldType::String, Value::String(_))
        | (FieldType::Bool, Value::Bool(_))
        | (FieldType::Integer, Value::Integer(_))
        | (FieldType::List, Value::List(_)) => Ok(()),
        (FieldType::StringList, Value::List(items)) => {
            match items.iter().find(|i| !matches!(i.value, Value::String(_))) {
                None => Ok(()),
                Some(item) => Err(Message::new("frontmatter-list-item").with("found", describe(&item.value))),
            }
        }
        (FieldType::Date | FieldType::Datetime, Value::String(text) | Value::Datetime(text)) => {
            check_date(text, expected == FieldType::Datetime)
        }
        _ => wrong(),
    }
}

/// `lang` and `language` must name a language: `fr`, `fr-FR`, `fr_CA`, `French`, `français`…
fn check_language(node: &Node) -> Result<(), Message> {
    match &node.value {
        Value::String(tag) if normalize_language(tag).is_some() => Ok(()),
        Value::String(tag) => Err(Message::new("frontmatter-not-language").with("value", tag)),
        other => Err(Message::new("frontmatter-language-type").with("found", describe(other))),
    }
}

/// A type as a noun with its article: "an integer".
fn type_name(expected: FieldType) -> Message {
    Message::new(match expected {
        FieldType::String => "type-string",
        FieldType::Date => "type-date",
        FieldType::Datetime => "type-datetime",
        FieldType::Bool => "type-bool",
        FieldType::Integer => "type-integer",
        FieldType::List => "type-list",
        FieldType::StringList => "type-string-list",
    })
}

fn describe(value: &Value) -> Message {
    match value {
        Value::String(s) => Message::new("value-string").with("value", s),
        Value::Integer(i) => Message::new("value-integer").with("value", i.to_string()),
        Value::Bool(b) => Message::new("value-boolean").with("value", b.to_string()),
        Value::Float(f) => Message::new("value-number").with("value", f.to_string()),
        other => Message::new("value-other").with("type", other.type_name()),
    }
}

/// Checks `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.frac]][Z|±HH:MM]`:
/// the form here, the calendar and the clock by `jiff`.
fn check_date(text: &str, time_required: bool) -> Result<(), Message> {
    let form = if time_required { "frontmatter-malformed-datetime" } else { "frontmatter-malformed-date" };
    let malformed = || Err(Message::new(form).with("value", text));
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return malformed();
    }
    let (Some(year), Some(month), Some(day)) = (digits(text, 0..4), digits(text, 5..7), digits(text, 8..10)) else {
        return malformed();
    };
    // Four digits, two and two: always within the ranges of `i16` and `i8`.
    let (year, month, day) = (year as i16, month as i8, day as i8);
    let Ok(first) = jiff::civil::Date::new(year, month, 1) else {
        return Err(Message::new("frontmatter-no-month").with("value", text).with("month", i64::from(month)));
    };
    if jiff::civil::Date::new(year, month, day).is_err() {
        return Err(Message::new("frontmatter-short-month")
            .with("value", text)
            .with("month", i64::from(month))
            .with("year", i64::from(year))
            .with("days", i64::from(first.days_in_month())));
    }
    let rest = &text[10..];
    if rest.is_empty() {
        return if time_required { malformed() } else { Ok(()) };
    }
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return malformed();
    };
    if check_time(time) { Ok(()) } else { malformed() }
}

/// The number written with the ASCII digits of `text[range]`, `None` when it is anything else.
fn digits(text: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = text.get(range)?;
    part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
}

/// `HH:MM[:SS[.frac]][Z|±HH:MM]`: two digits a field, a time of day `jiff` accepts (not 24:00),
/// a leap second `:60` taken as the last second of its minute, an offset of at most ±23:59.
fn check_time(time: &str) -> bool {
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    // As `u32` parses them (a sign counts as a character): only the length is checked here.
    let two_digits = |part: Option<&str>| part.filter(|p| p.len() == 2).and_then(|p| p.parse::<u32>().ok());
    let mut parts = clock.split(':');
    let (Some(hours), Some(minutes)) = (two_digits(parts.next()), two_digits(parts.next())) else {
        return false;
    };
    let seconds = match parts.next() {
        None => Some(0),
        Some(s) => {
            // What follows a second `.` is not looked at.
            let mut pieces = s.split('.');
            let whole = two_digits(pieces.next());
            let fraction_ok = pieces.next().is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
            whole.filter(|_| fraction_ok)
        }
    };
    let Some(seconds) = seconds.filter(|_| parts.next().is_none()) else {
        return false;
    };
    // Two digits each: within `i8`.
    let (hours, minutes, seconds) = (hours as i8, minutes as i8, seconds as i8);
    let clock_ok = jiff::civil::Time::new(hours, minutes, if seconds == 60 { 59 } else { seconds }, 0).is_ok();
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        offset => {
            let mut zparts = offset[1..].split(':');
            let (hours, minutes) = (two_digits(zparts.next()), two_digits(zparts.next()));
            zparts.next().is_none() && hours.zip(minutes).is_some_and(|(h, m)| h <= 23 && m <= 59)
        }
    };
    clock_ok && zone_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        let table: &[(&str, bool)] = &[
            ("2023-02-28", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2023-02-30", false),
            ("2000-02-29", true),
            ("1900-02-29", false),
            ("2023-13-01", false),
            ("2023-04-31", false),
            ("2023-1-01", false),
            ("13/10/2020", false),
            ("2023-02-01T10:30:00+01:00", true),
            ("2023-02-01 10:30", true),
            ("2023-02-01T25:00:00Z", false),
            ("2023-02-01T10:30:00.123Z", true),
            ("2023-02-01Tnoon", false),
            // Leap years: every fourth year, not every hundredth, every four hundredth.
            ("2024-02-30", false),
            ("2100-02-29", false),
            ("2400-02-29", true),
            ("0000-02-29", true),
            ("2023-00-10", false),
            ("2023-12-00", false),
            // Offsets: ±HH:MM up to 23:59, with a colon.
            ("2023-02-01T10:30:00-05:00", true),
            ("2023-02-01T10:30:00+23:59", true),
            ("2023-02-01T10:30:00+24:00", false),
            ("2023-02-01T10:30:00+01:60", false),
            ("2023-02-01T10:30:00+0100", false),
            ("2023-02-01T10:30:00+01", false),
            ("2023-02-01T10:30z", true),
            // The end of the day is 23:59, not 24:00.
            ("2023-02-01T24:00", false),
            ("2023-02-01T24:00:00Z", false),
            ("2023-02-01T23:59:59.999999999999Z", true),
            ("2023-02-01T10:60", false),
            // A leap second is a time of the day.
            ("2016-12-31T23:59:60Z", true),
            ("2023-02-01T10:30:60", true),
            ("2023-02-01T10:30:61", false),
            ("2023-02-01T10:30:00.", false),
            ("2023-02-01T1030", false),
            ("2023-02-01T10", false),
        ];
        for (text, valid) in table {
            assert_eq!(check_date(text, false).is_ok(), *valid, "{text}");
        }
        assert_eq!(
            check_date("2023-02-30", false).unwrap_err().with("key", "date"),
            "`date` \"2023-02-30\" is not a real date: February 2023 has 28 days"
        );
        assert!(check_date("2023-02-01", true).is_err());
        assert_eq!(
            check_date("2100-02-29", false).unwrap_err().with("key", "date"),
            "`date` \"2100-02-29\" is not a real date: February 2100 has 28 days"
        );
        assert_eq!(
            check_date("2024-02-30", false).unwrap_err().with("key", "date"),
            "`date` \"2024-02-30\" is not a real date: February 2024 has 29 days"
        );
        assert_eq!(
            check_date("2023-04-31", false).unwrap_err().with("key", "date"),
            "`date` \"2023-04-31\" is not a real date: April 2023 has 30 days"
        );
        assert_eq!(
            check_date("2023-13-01", false).unwrap_err().with("key", "date"),
            "`date` \"2023-13-01\" is not a real date: there is no month 13"
        );
        assert_eq!(
            check_date("2023-02-01T24:00", true).unwrap_err().with("key", "date"),
            "`date` should be a datetime (YYYY-MM-DDTHH:MM:SS), not \"2023-02-01T24:00\""
        );
    }
}
