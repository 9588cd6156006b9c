//! `--format junit`: one test case per article, one failure per finding.

use std::collections::BTreeMap;
use std::io::{self, Write};

use relecture_core::{Finding, Report};

// Text and attributes alike: entities, and only characters XML 1.0 allows, no line break.
use crate::escape::markup;

pub(crate) fn emit(report: &Report, _: crate::EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut by_article: BTreeMap<&str, Vec<&Finding>> =
        report.articles.iter().map(|a| (a.path.as_str(), Vec::new())).collect();
    for finding in &report.findings {
        by_article.entry(finding.path.as_str()).or_default().push(finding);
    }
    let failures = by_article.values().filter(|f| !f.is_empty()).count();
    #[allow(clippy::cast_precision_loss, reason = "milliseconds fit an f64")]
    let seconds = report.summary.elapsed_ms as f64 / 1000.0;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="relecture" tests="{}" failures="{failures}" time="{seconds:.3}">"#,
        by_article.len()
    )?;
    writeln!(
        out,
        r#"  <testsuite name="relecture" tests="{}" failures="{failures}" errors="0" skipped="0">"#,
        by_article.len()
    )?;
    for (path, findings) in &by_article {
        if findings.is_empty() {
            writeln!(out, r#"    <testcase classname="relecture" name="{}"/>"#, markup(path))?;
            continue;
        }
        writeln!(out, r#"    <testcase classname="relecture" name="{}">"#, markup(path))?;
        for finding in findings {
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}:{}:{}: {} [{}] {}</failure>"#,
                markup(&finding.rule),
                markup(&finding.message),
                markup(path),
                finding.range.start.line,
                finding.range.start.column,
                finding.severity,
                markup(&finding.rule),
                markup(&finding.message),
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    #[test]
    fn junit_report_snapshot() {
        let mut report = sample_report();
        report.summary.elapsed_ms = 0;
        let mut out = Vec::new();
        emit(&report, Format::Junit, EmitOptions::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
