//! `frontmatter-invalid-value`: a field's value does not have the configured type, or is an impossible date.

use super::{FieldType, FrontMatterConfig};
use relecture_core::frontmatter::{Node, Value};
use relecture_core::language::normalize_language;
use relecture_core::{Article, Config, Diagnostic, declare_rule};

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

pub(super) fn check(article: &Article, config: &Config, out: &mut Vec<Diagnostic>) {
    let settings = config.section::<FrontMatterConfig>();
    let Some(front) = &article.front_matter else {
        return;
    };
    for field in &front.fields {
        if matches!(field.key.as_str(), "lang" | "language") && !settings.types.contains_key(&field.key) {
            if let Err(problem) = check_language(&field.value) {
                out.push(
                    Diagnostic::new(
                        FRONTMATTER_INVALID_VALUE.name,
                        field.value.range,
                        format!("`{}` {problem}", field.key),
                    )
                    .with_fingerprint_text(format!(
                        "{}\0{}",
                        field.key,
                        article.text(field.value.range)
                    )),
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
                Diagnostic::new(
                    FRONTMATTER_INVALID_VALUE.name,
                    field.value.range,
                    format!("`{}` {problem}", field.key),
                )
                .with_fingerprint_text(format!("{}\0{}", field.key, article.text(field.value.range))),
            );
        }
    }
}

fn check_type(node: &Node, expected: FieldType) -> Result<(), String> {
    let wrong = || {
        let article = if matches!(expected, FieldType::Integer) { "an" } else { "a" };
        Err(format!("should be {article} {}, not {}", expected.name(), describe(&node.value)))
    };
    match (expected, &node.value) {
        (_, Value::Null) => Err(format!("is empty; it should be a {}", expected.name())),
        (FieldType::String, Value::String(_))
        | (FieldType::Bool, Value::Bool(_))
        | (FieldType::Integer, Value::Integer(_))
        | (FieldType::List, Value::List(_)) => Ok(()),
        (FieldType::StringList, Value::List(items)) => {
            match items.iter().find(|i| !matches!(i.value, Value::String(_))) {
                None => Ok(()),
                Some(item) => Err(format!("should be a list of strings, but holds {}", describe(&item.value))),
            }
        }
        (FieldType::Date | FieldType::Datetime, Value::String(text) | Value::Datetime(text)) => {
            check_date(text, expected == FieldType::Datetime)
        }
        _ => wrong(),
    }
}

/// `lang` and `language` must name a language: `fr`, `fr-FR`, `fr_CA`, `French`, `français`…
fn check_language(node: &Node) -> Result<(), String> {
    match &node.value {
        Value::String(tag) if normalize_language(tag).is_some() => Ok(()),
        Value::String(tag) => Err(format!(
            "\"{tag}\" is not a language: use an ISO 639-1 code such as fr or en, optionally with a region (fr-FR)"
        )),
        other => Err(format!("should be a language code such as fr, not {}", describe(other))),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string \"{s}\""),
        Value::Integer(i) => format!("the integer {i}"),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Float(f) => format!("the number {f}"),
        other => format!("a {}", other.type_name()),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Checks `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.frac]][Z|±HH:MM]`.
fn check_date(text: &str, time_required: bool) -> Result<(), String> {
    let form = if time_required { "a datetime (YYYY-MM-DDTHH:MM:SS)" } else { "a date (YYYY-MM-DD)" };
    let malformed = || Err(format!("should be {form}, not \"{text}\""));
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return malformed();
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return malformed();
    };
    if !(1..=12).contains(&month) {
        return Err(format!("\"{text}\" is not a real date: there is no month {month}"));
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        let name = MONTHS[month as usize - 1];
        return Err(format!("\"{text}\" is not a real date: {name} {year} has {days} days"));
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

fn check_time(time: &str) -> bool {
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let mut parts = clock.split(':');
    let field =
        |part: Option<&str>, max: u32| part.is_some_and(|p| p.len() == 2 && p.parse::<u32>().is_ok_and(|n| n <= max));
    let (hours, minutes, seconds) = (parts.next(), parts.next(), parts.next());
    let seconds_ok = seconds.is_none_or(|s| {
        let whole = s.split('.').next().unwrap_or("");
        field(Some(whole), 60)
            && s.split('.').nth(1).is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    });
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        offset => {
            let offset = &offset[1..];
            let mut zparts = offset.split(':');
            field(zparts.next(), 23) && field(zparts.next(), 59) && zparts.next().is_none()
        }
    };
    field(hours, 23) && field(minutes, 59) && seconds_ok && parts.next().is_none() && zone_ok
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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
        ];
        for (text, valid) in table {
            assert_eq!(check_date(text, false).is_ok(), *valid, "{text}");
        }
        assert_eq!(
            check_date("2023-02-30", false).unwrap_err(),
            "\"2023-02-30\" is not a real date: February 2023 has 28 days"
        );
        assert!(check_date("2023-02-01", true).is_err());
    }
}
