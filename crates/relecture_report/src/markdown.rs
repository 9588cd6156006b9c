//! `--format markdown`: a summary fit for a pull-request comment.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use relecture_core::{Finding, Message, Report, Severity};

use crate::escape::{code_span, link_destination, markdown_name, markdown_text, markup};

pub(crate) fn emit(report: &Report, _: crate::EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let say = |id: &'static str| Message::new(id).render(report.locale);
    let mut text = String::from("## relecture\n\n");
    if report.findings.is_empty() {
        let _ = writeln!(text, "{}", Message::new("summary-none").with("articles", s.articles).render(report.locale));
        return out.write_all(text.as_bytes());
    }
    let counts = Message::new("markdown-counts")
        .with("findings", s.findings)
        .with("articles", s.articles)
        .with("errors", s.errors)
        .with("warnings", s.warnings)
        .with("infos", s.infos);
    let _ = writeln!(text, "{}\n", counts.render(report.locale));
    // Counts by family and severity (and status with --diff).
    let mut counts: BTreeMap<(&str, Option<&str>), [usize; 3]> = BTreeMap::new();
    for finding in &report.findings {
        let slot = match finding.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        counts.entry((finding.family.as_str(), finding.status.map(relecture_core::Status::as_str))).or_default()
            [slot] += 1;
    }
    let with_status = report.findings.iter().any(|f| f.status.is_some());
    let (family, status) = (say("markdown-family"), say("markdown-status"));
    let (errors, warnings, infos) = (say("markdown-errors"), say("markdown-warnings"), say("markdown-infos"));
    if with_status {
        let _ = writeln!(
            text,
            "| {family} | {status} | {errors} | {warnings} | {infos} |\n| --- | --- | ---: | ---: | ---: |"
        );
    } else {
        let _ = writeln!(text, "| {family} | {errors} | {warnings} | {infos} |\n| --- | ---: | ---: | ---: |");
    }
    for ((family, status), [errors, warnings, infos]) in &counts {
        if with_status {
            let (family, status) = (markdown_name(family), markdown_name(status.unwrap_or("-")));
            let _ = writeln!(text, "| {family} | {status} | {errors} | {warnings} | {infos} |");
        } else {
            let _ = writeln!(text, "| {} | {errors} | {warnings} | {infos} |", markdown_name(family));
        }
    }
    // The findings themselves, new ones only when statuses are known, grouped by article.
    let mut by_article: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in report.findings.iter().filter(|f| f.status.is_none_or(|s| s == relecture_core::Status::New)) {
        by_article.entry(finding.path.as_str()).or_default().push(finding);
    }
    let heading = say(if with_status { "markdown-new-findings" } else { "markdown-findings" });
    let _ = writeln!(text, "\n### {heading}\n");
    // The summary line is raw HTML, where Markdown is not read: entities there; everything from
    // the repository elsewhere is a code span or a percent-encoded destination, so that no link,
    // image, HTML, mention or issue reference comes from a finding.
    for (path, findings) in by_article {
        let _ = writeln!(text, "<details><summary><code>{}</code> ({})</summary>\n", markup(path), findings.len());
        let destination = link_destination(path);
        for finding in findings {
            let line = finding.range.start.line;
            let _ = writeln!(
                text,
                "- **{}** {} [{}]({destination}#L{line}): {}",
                finding.severity,
                code_span(&finding.rule),
                Message::new("markdown-line").with("line", line).render(report.locale),
                markdown_text(&finding.message)
            );
        }
        text.push_str("\n</details>\n\n");
    }
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    #[test]
    fn markdown_summary_snapshot() {
        let mut out = Vec::new();
        emit(&sample_report(), Format::Markdown, EmitOptions::default(), &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }
}
