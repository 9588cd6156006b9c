//! What every emitter must guarantee whatever text a finding carries, shared by the property
//! test of `cargo test` and the fuzz target (which includes this file by path).

use std::collections::BTreeMap;
use std::sync::Arc;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use relecture_core::finding::{EditReport, FixReport, RelatedLocation};
use relecture_core::report::{ArticleSummary, SourceInfo, Summary, ToolInfo};
use relecture_core::{Applicability, Finding, LineIndex, Report, RuleMeta, Severity, Skipped, TextRange};
use relecture_report::escape::{is_hidden, printable_line};
use relecture_report::{EmitOptions, Format, emit};

/// The text a pull request controls in one finding.
#[derive(Debug, Clone, Default)]
pub struct HostileText {
    pub message: String,
    pub path: String,
    pub rule: String,
    pub related: String,
    pub replacement: String,
    pub source: String,
    /// Where the finding starts and ends in `source` (moved to character boundaries).
    pub at: (usize, usize),
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A report with two findings (one on a snippet, one in an article with no source), a related
/// place, a fix, a `--diff` status, a skipped file and a rule described by the same text.
#[must_use]
pub fn hostile_report(text: &HostileText) -> Report {
    let source = text.source.as_str();
    let (a, b) = (boundary(source, text.at.0), boundary(source, text.at.1));
    let range = TextRange::new(a.min(b), a.max(b));
    let index = LineIndex::new(source);
    let span = index.span(source, range);
    let finding = |severity, path: &str, status: &str| {
        let mut finding =
            Finding::new(text.rule.clone(), text.rule.clone(), severity, text.message.clone(), path, span)
                .with_related(vec![RelatedLocation::new(text.path.clone(), span, text.related.clone())])
                .with_fix(Some(FixReport::new(
                    Applicability::Safe,
                    vec![EditReport::new(span, text.replacement.clone())],
                )))
                .with_fingerprint("0123456789abcdef", String::new());
        finding.status =
            Some(if status == "new" { relecture_core::Status::New } else { relecture_core::Status::Existing });
        finding
    };
    let other = format!("{}/other", text.path);
    let findings = vec![finding(Severity::Error, &text.path, "new"), finding(Severity::Info, &other, &text.message)];
    let articles = [&text.path, &other].into_iter().map(|path| ArticleSummary::new(path.clone(), None)).collect();
    let mut report = Report::new(
        ToolInfo::new("relecture", "0.1.0"),
        SourceInfo::new(relecture_core::SourceKind::WorkTree, "/repo", None),
        Summary::count(2, &findings, 0),
    );
    report.articles = articles;
    report.findings = findings;
    report.skipped = vec![Skipped { path: text.path.clone(), reason: text.related.clone() }];
    report.sources = BTreeMap::from([(text.path.clone(), Arc::<str>::from(source))]);
    report.rules = vec![RuleMeta {
        name: text.rule.clone().into(),
        family: text.rule.clone().into(),
        default_severity: Severity::Warning,
        summary: text.message.clone().into(),
        doc: text.related.clone().into(),
        enabled_by_default: true,
    }];
    report
}

fn render(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    emit(report, format, EmitOptions { color: false }, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("every emitter writes UTF-8")
}

/// What a terminal or a CI log reading the output must never meet: a raw control character
/// (line breaks apart), a line that a GitHub runner reads as a workflow command (`::` after
/// leading whitespace, `##[` anywhere) unless `ours` accepts it.
fn assert_inert_lines(format: &str, output: &str, ours: impl Fn(&str) -> bool) {
    if let Some(c) = output.chars().find(|&c| is_hidden(c) && c != '\n') {
        panic!("{format}: raw {c:?} in\n{output}");
    }
    for line in output.lines() {
        assert!(!line.contains("##["), "{format}: `##[` in {line:?}");
        assert!(!line.trim_start().starts_with("::") || ours(line), "{format}: a workflow command {line:?}");
    }
}

/// Runs every emitter on the report of `text` and checks each output.
pub fn check_every_emitter(text: &HostileText) {
    let report = hostile_report(text);
    check_text(&report);
    check_github(&report, text);
    check_json(&report, text);
    check_sarif(&report, text);
    check_junit(&report, text);
    check_markdown(&report);
}

fn check_text(report: &Report) {
    let output = render(report, Format::Text);
    assert_inert_lines("text", &output, |_| false);
}

/// The runner's own reading of a workflow command (actions/runner `ActionCommand.TryParseV2`).
fn unescape(text: &str, property: bool) -> String {
    let mut text = text.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        text = text.replace("%3A", ":").replace("%2C", ",");
    }
    text.replace("%25", "%")
}

fn check_github(report: &Report, text: &HostileText) {
    let output = render(report, Format::Github);
    let commands = ["::error ", "::warning ", "::notice "];
    assert_inert_lines("github", &output, |line| commands.iter().any(|c| line.starts_with(c)));
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), report.findings.len(), "github: one command per finding\n{output}");
    for (line, finding) in lines.iter().zip(&report.findings) {
        assert!(commands.iter().any(|c| line.starts_with(c)), "github: {line:?}");
        let end = line[2..].find("::").map(|i| i + 2).expect("a command has data");
        let (info, data) = (&line[2..end], &line[end + 2..]);
        let (_, properties) = info.split_once(' ').expect("a command has properties");
        let properties: BTreeMap<&str, String> = properties
            .split(',')
            .filter_map(|p| p.split_once('='))
            .map(|(key, value)| (key, unescape(value, true)))
            .collect();
        let keys: Vec<&str> = properties.keys().copied().collect();
        assert_eq!(keys, ["col", "endColumn", "endLine", "file", "line", "title"], "github: {line:?}");
        assert_eq!(properties["file"], printable_line(&finding.path), "github: {line:?}");
        assert_eq!(properties["title"], printable_line(&format!("relecture {}", text.rule)), "github: {line:?}");
        assert_eq!(unescape(data, false), printable_line(&text.message), "github: {line:?}");
    }
}

fn check_json(report: &Report, text: &HostileText) {
    let output = render(report, Format::Json);
    assert_inert_lines("json", &output, |_| false);
    let back: Report = serde_json::from_str(&output).unwrap_or_else(|e| panic!("json: {e}\n{output}"));
    let finding = &back.findings[0];
    assert_eq!(finding.message, text.message);
    assert_eq!(finding.path, text.path);
    assert_eq!(finding.rule, text.rule);
    assert_eq!(finding.related[0].message, text.related);
    assert_eq!(finding.fix.as_ref().map(|f| f.edits[0].replacement.as_str()), Some(text.replacement.as_str()));
}

fn check_sarif(report: &Report, text: &HostileText) {
    let output = render(report, Format::Sarif);
    assert_inert_lines("sarif", &output, |_| false);
    let sarif: serde_json::Value = serde_json::from_str(&output).unwrap_or_else(|e| panic!("sarif: {e}\n{output}"));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["message"]["text"], text.message.as_str());
    assert_eq!(result["ruleId"], text.rule.as_str());
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], text.path.as_str());
    assert_eq!(result["relatedLocations"][0]["message"]["text"], text.related.as_str());
    let inserted = &result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"];
    assert_eq!(inserted, text.replacement.as_str());
}

fn check_junit(report: &Report, text: &HostileText) {
    let output = render(report, Format::Junit);
    assert_inert_lines("junit", &output, |_| false);
    let document = roxmltree::Document::parse(&output).unwrap_or_else(|e| panic!("junit: {e}\n{output}"));
    let failures: Vec<_> = document.descendants().filter(|n| n.has_tag_name("failure")).collect();
    assert_eq!(failures.len(), report.findings.len(), "junit: one failure per finding\n{output}");
    assert_eq!(failures[0].attribute("message"), Some(printable_line(&text.message).as_str()));
    assert_eq!(failures[0].attribute("type"), Some(printable_line(&text.rule).as_str()));
    let names: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .filter_map(|n| n.attribute("name").map(str::to_string))
        .collect();
    assert!(names.contains(&printable_line(&text.path)), "junit: {names:?}");
}

/// Text that Markdown and GitHub show as it is: no mention, reference, autolink, emoji, HTML.
fn inert_markdown_text(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if "@#<>*_~[]$`|\\&".contains(c) || (matches!(c, ':' | '.') && next.is_some_and(|n| n != ' ')) {
            return false;
        }
    }
    true
}

fn check_markdown(report: &Report) {
    let output = render(report, Format::Markdown);
    assert_inert_lines("markdown", &output, |_| false);
    let mut in_link = false;
    for event in Parser::new_ext(&output, Options::ENABLE_GFM | Options::ENABLE_TABLES | Options::ENABLE_MATH) {
        match &event {
            Event::Html(html) => {
                // Ours only: `<details><summary><code>PATH</code> (N)</summary>` and `</details>`;
                // the path is text of the code element.
                let html = html.trim_end();
                let outside = match (html.find("<code>"), html.rfind("</code>")) {
                    (Some(open), Some(close)) => {
                        let path = &html[open + 6..close];
                        assert!(!path.contains(['<', '>']), "markdown: HTML in a path: {html:?}");
                        format!("{}{}", &html[..open], &html[close + 7..])
                    }
                    _ => html.to_string(),
                };
                let allowed = outside == "</details>"
                    || (outside.starts_with("<details><summary> (") && outside.ends_with(")</summary>"));
                assert!(allowed, "markdown: HTML not ours: {html:?}\n{output}");
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                assert_eq!(*link_type, LinkType::Inline, "markdown: {event:?}");
                let (path, line) = dest_url.rsplit_once("#L").expect("our links point at a line");
                assert!(line.chars().all(|c| c.is_ascii_digit()), "markdown: {dest_url}");
                assert!(
                    path.chars().all(|c| c.is_ascii_alphanumeric() || "-._~/%".contains(c) || !c.is_ascii()),
                    "markdown: {dest_url}"
                );
                in_link = true;
            }
            Event::End(TagEnd::Link) => in_link = false,
            Event::Text(text) if in_link => assert!(text.starts_with("line "), "markdown: link text {text:?}"),
            Event::Text(text) => assert!(inert_markdown_text(text), "markdown: live text {text:?}\n{output}"),
            Event::Start(Tag::Image { .. } | Tag::Emphasis | Tag::Strikethrough)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => panic!("markdown: {event:?} from a finding\n{output}"),
            // Code spans, our headings, table, list and strong severities.
            _ => {}
        }
    }
}
