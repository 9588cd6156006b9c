//! The output of `rules list`, `rules explain` and `rules test`: names, summaries and
//! documentation of rules, some of which come from a repository's rule files and are escaped as
//! every report escapes them.

use std::io::{self, Write};

use relecture_core::RuleMeta;
use relecture_core::rule_tests::RuleTests;

use crate::escape::{printable_line, printable_lines, write_json_pretty};

formats! {
    /// The output formats of `rules list`.
    pub enum RuleListFormat ("rule list format"): fn(&[RuleMeta], &mut dyn Write) {
        /// One aligned line per rule.
        #[default]
        Text = "text" => list_text,
        /// A JSON array of names, families, severities, summaries and origins.
        Json = "json" => list_json,
    }
}

/// Writes the list of `rules` in `format` to `out`, each rule's origin `built-in`.
pub fn emit_rule_list(rules: &[RuleMeta], format: RuleListFormat, out: &mut dyn Write) -> io::Result<()> {
    format.emitter()(rules, out)
}

/// Writes the list of `rules` in `format` to `out`, with where each comes from (`built-in`,
/// `shipped pack`, or the rule file of a pack).
pub fn emit_rule_list_with_origins(
    rules: &[RuleMeta],
    origin: &dyn Fn(&RuleMeta) -> String,
    format: RuleListFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        RuleListFormat::Text => list_text_with(rules, origin, out),
        RuleListFormat::Json => list_json_with(rules, origin, out),
    }
}

/// The origin of a rule when nothing else says it.
fn built_in(_: &RuleMeta) -> String {
    "built-in".to_string()
}

fn list_json(rules: &[RuleMeta], out: &mut dyn Write) -> io::Result<()> {
    list_json_with(rules, &built_in, out)
}

fn list_text(rules: &[RuleMeta], out: &mut dyn Write) -> io::Result<()> {
    list_text_with(rules, &built_in, out)
}

fn list_json_with(rules: &[RuleMeta], origin: &dyn Fn(&RuleMeta) -> String, out: &mut dyn Write) -> io::Result<()> {
    let list: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name, "family": r.family, "severity": r.default_severity.as_str(), "summary": r.summary,
                "origin": origin(r), "enabled_by_default": r.enabled_by_default,
            })
        })
        .collect();
    write_json_pretty(&list, out)
}

fn list_text_with(rules: &[RuleMeta], origin: &dyn Fn(&RuleMeta) -> String, out: &mut dyn Write) -> io::Result<()> {
    // Names, summaries and paths of packs come from repository files.
    let shown: Vec<(String, String, String)> = rules
        .iter()
        .map(|r| (printable_line(&r.name), printable_line(&r.family), printable_line(&origin(r))))
        .collect();
    let width = shown.iter().map(|(name, _, _)| name.len()).max().unwrap_or(0);
    let family_width = shown.iter().map(|(_, family, _)| family.len()).max().unwrap_or(0);
    let origin_width = shown.iter().map(|(_, _, origin)| origin.chars().count()).max().unwrap_or(0);
    for (rule, (name, family, origin)) in rules.iter().zip(&shown) {
        writeln!(
            out,
            "{name:width$}  {family:family_width$}  {:7}  {origin:origin_width$}  {}{}",
            rule.default_severity.as_str(),
            printable_line(&rule.summary),
            if rule.enabled_by_default { "" } else { " (off by default)" }
        )?;
    }
    Ok(())
}

/// Writes what `rule` checks, as `rules explain` prints it: its name, summary, family and
/// default severity, then its documentation.
pub fn emit_rule_explanation(rule: &RuleMeta, out: &mut dyn Write) -> io::Result<()> {
    let mut summary = rule.summary.to_string();
    if let Some(first) = summary.get(..1) {
        summary = first.to_uppercase() + &summary[1..];
    }
    writeln!(
        out,
        "# {}\n\n{}.\n\nFamily: {}. Default severity: {}{}.\n",
        printable_line(&rule.name),
        printable_line(&summary),
        printable_line(&rule.family),
        rule.default_severity,
        if rule.enabled_by_default { "" } else { ", off by default" }
    )?;
    write!(out, "{}", printable_lines(&rule.documentation()))
}

/// Writes the outcome of `rules test`: per file its pack, per rule `ok` or `FAIL` with the line,
/// then the counts.
pub fn emit_rule_tests(tests: &RuleTests, out: &mut dyn Write) -> io::Result<()> {
    for file in &tests.files {
        match &file.outcome {
            Err(error) => writeln!(out, "{}\n  FAIL  {}", printable_line(&file.path), printable_line(error))?,
            Ok(tested) => {
                let pack = printable_line(&tested.name);
                writeln!(out, "{} ({pack})", printable_line(&file.path))?;
                for rule in &tested.rules {
                    let name = printable_line(&rule.name);
                    let (fail, pass) = rule.examples;
                    match &rule.error {
                        None => writeln!(out, "  ok    {pack}/{name} ({fail} fail, {pass} pass examples)")?,
                        Some(message) => {
                            let message = printable_line(message);
                            writeln!(out, "  FAIL  {pack}/{name} (line {}): {message}", rule.line)?;
                        }
                    }
                }
            }
        }
    }
    let (passed, failed) = tests.counts();
    writeln!(out, "{passed} rules passed their examples, {failed} failed")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use relecture_core::Severity;
    use relecture_core::rule_tests::{TestedPack, TestedRule, TestedRuleFile};

    use super::*;

    fn rules() -> Vec<RuleMeta> {
        vec![
            RuleMeta {
                name: Cow::Borrowed("repeated-word"),
                family: Cow::Borrowed("duplicates"),
                default_severity: Severity::Warning,
                summary: Cow::Borrowed("the same word twice in a row"),
                doc: Cow::Borrowed(" ## What it checks\n The same word twice.\n"),
                enabled_by_default: true,
            },
            // A pack's rule: its name and summary come from a repository's file.
            RuleMeta {
                name: Cow::Owned("maison/\u{1b}[31mrouge".into()),
                family: Cow::Owned("maison".into()),
                default_severity: Severity::Info,
                summary: Cow::Owned("une règle\nsur deux lignes".into()),
                doc: Cow::Owned(String::new()),
                enabled_by_default: true,
            },
        ]
    }

    fn render(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).expect("writing to memory");
        String::from_utf8(out).expect("reports are UTF-8")
    }

    #[test]
    fn rule_lists_align_columns_and_escape_names_from_rule_files() {
        insta::assert_snapshot!(render(|out| emit_rule_list(&rules(), RuleListFormat::Text, out)));
        insta::assert_snapshot!(render(|out| emit_rule_list(&rules(), RuleListFormat::Json, out)));
    }

    #[test]
    fn every_rule_list_format_is_chosen_by_its_own_name() {
        for format in RuleListFormat::ALL {
            assert_eq!(format.name().parse::<RuleListFormat>(), Ok(format));
        }
    }

    #[test]
    fn an_explanation_starts_with_the_summary_as_a_sentence() {
        let text = render(|out| emit_rule_explanation(&rules()[0], out));
        assert!(text.starts_with("# repeated-word\n\nThe same word twice in a row.\n\nFamily: duplicates."), "{text}");
        assert!(text.ends_with("## What it checks\nThe same word twice.\n"), "{text}");
    }

    #[test]
    fn rule_tests_name_each_failure_with_its_line_and_count_refused_files_as_failures() {
        let tests = RuleTests {
            files: vec![
                TestedRuleFile {
                    path: "lint-rules/maison.toml".into(),
                    outcome: Ok(TestedPack {
                        name: "maison".into(),
                        rules: vec![
                            TestedRule { name: "ok".into(), line: 3, examples: (1, 2), error: None },
                            TestedRule {
                                name: "casse".into(),
                                line: 9,
                                examples: (1, 0),
                                error: Some("the fail example `x` gives no finding".into()),
                            },
                        ],
                    }),
                },
                TestedRuleFile { path: "lint-rules/vide.toml".into(), outcome: Err("line 1: not a rule file".into()) },
            ],
        };
        assert_eq!(tests.counts(), (1, 2));
        insta::assert_snapshot!(render(|out| emit_rule_tests(&tests, out)));
    }
}
