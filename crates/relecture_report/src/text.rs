//! `--format text`: one annotated snippet per finding, then a summary line.

use std::fmt::Write as _;
use std::io::{self, Write};

use annotate_snippets::{Level, Renderer, Snippet};
use relecture_core::report::Report;
use relecture_core::{Finding, LineIndex, Message, Severity};

use crate::escape::{printable_line, printable_snippet};

/// Lines of source shown at most for one finding.
const MAX_SNIPPET_LINES: usize = 6;

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
    }
}

pub(crate) fn emit(report: &Report, options: crate::EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if options.color { Renderer::styled() } else { Renderer::plain() }.term_width(120);
    // Findings come sorted by path: the line index of an article serves all of its findings.
    let mut lines: Option<(&str, LineIndex)> = None;
    for finding in &report.findings {
        let source = report.sources.get(&finding.path).map(|source| {
            if lines.as_ref().is_none_or(|(path, _)| *path != finding.path) {
                lines = Some((&finding.path, LineIndex::new(source)));
            }
            (&**source, &lines.as_ref().expect("just set").1)
        });
        let block = render_finding(finding, source, &renderer);
        writeln!(out, "{block}\n")?;
    }
    for skipped in &report.skipped {
        writeln!(out, "skipped {}: {}", printable_line(&skipped.path), printable_line(&skipped.reason))?;
    }
    for link in &report.unverifiable {
        let start = link.range.start;
        writeln!(
            out,
            "unverifiable {}:{}:{}: {}",
            printable_line(&link.path),
            start.line,
            start.column,
            printable_line(&link.message)
        )?;
    }
    writeln!(out, "{}", summary_line(report))
}

/// The text of `finding`, with its snippet from its article's `source` and line index when the
/// report carries them.
fn render_finding(finding: &Finding, source: Option<(&str, &LineIndex)>, renderer: &Renderer) -> String {
    // Everything shown comes from the repository: no control character reaches the terminal,
    // and no line break starts a line of our output.
    let title = printable_line(&finding.message);
    let rule = printable_line(&finding.rule);
    let path = printable_line(&finding.path);
    let notes: Vec<String> = finding
        .related
        .iter()
        .map(|r| {
            format!(
                "{}: {}:{}:{}",
                printable_line(&r.message),
                printable_line(&r.path),
                r.range.start.line,
                r.range.start.column
            )
        })
        .collect();
    let origin = format!("{path}:{}:{}", finding.range.start.line, finding.range.start.column);
    let mut message = level(finding.severity).title(&title).id(&rule);
    let snippet_source;
    if let Some((source, index)) = source {
        let first = finding.range.start.line - 1;
        let last = (finding.range.end.line - 1).min(first + MAX_SNIPPET_LINES - 1);
        let start = index.line_start(first);
        let end = index.line_range(last, source).end;
        let raw = &source[start..end];
        let span_start = finding.range.start.offset.saturating_sub(start).min(raw.len());
        let span_end = finding.range.end.offset.saturating_sub(start).clamp(span_start, raw.len());
        let span_end = underline_end(raw, span_start, span_end);
        let span;
        (snippet_source, span) = printable_snippet(raw, span_start..span_end);
        message = message.snippet(
            Snippet::source(&snippet_source)
                .line_start(first + 1)
                .origin(&path)
                .fold(false)
                .annotation(level(finding.severity).span(span)),
        );
    }
    for note in &notes {
        message = message.footer(Level::Note.title(note));
    }
    let block = renderer.render(message).to_string();
    if source.is_some() {
        return block;
    }
    // No source to show (a file that could not be read): its place on the `-->` line all the same.
    match block.split_once('\n') {
        Some((title, rest)) => format!("{title}\n  --> {origin}\n{rest}"),
        None => format!("{block}\n  --> {origin}"),
    }
}

/// Characters of one line a finding underlines at most: a finding as long as a paragraph
/// written on one line (a sentence of fifty words) is underlined over its start, the renderer
/// cutting the line around it.
const MAX_UNDERLINE_CHARS: usize = 80;

/// `span_end` brought back to [`MAX_UNDERLINE_CHARS`] characters after `span_start` when the
/// span lies on one line of `raw`.
fn underline_end(raw: &str, span_start: usize, span_end: usize) -> usize {
    let span = &raw[span_start..span_end];
    if span.contains('\n') {
        return span_end;
    }
    span.char_indices().nth(MAX_UNDERLINE_CHARS).map_or(span_end, |(at, _)| span_start + at)
}

/// `Found 3 findings (1 error, 2 warnings, 0 infos) in 9 articles.`, in the report's language.
pub(crate) fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let say = |message: Message| message.render(report.locale);
    let mut line = if s.findings == 0 {
        say(Message::new("summary-none").with("articles", s.articles))
    } else {
        say(Message::new("summary-found")
            .with("findings", s.findings)
            .with("errors", s.errors)
            .with("warnings", s.warnings)
            .with("infos", s.infos)
            .with("articles", s.articles))
    };
    if let (Some(new), Some(existing), Some(fixed)) = (s.new, s.existing, s.fixed) {
        let base = report.source.base.as_deref().map_or_else(|| say(Message::new("summary-the-base")), printable_line);
        let against = Message::new("summary-against").with("base", base).with("new", new).with("existing", existing);
        let _ = write!(line, " {}", say(against.with("fixed", fixed)));
    }
    if !report.skipped.is_empty() {
        let _ = write!(line, " {}", say(Message::new("summary-skipped").with("count", report.skipped.len())));
    }
    if s.unverifiable_links > 0 {
        // Listed with --verbose; otherwise the line says how to see them.
        let id = if report.unverifiable.is_empty() { "summary-unverifiable-hidden" } else { "summary-unverifiable" };
        let _ = write!(line, " {}", say(Message::new(id).with("count", s.unverifiable_links)));
    }
    line
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_report;
    use crate::{EmitOptions, Format, emit};

    #[test]
    fn text_report_snapshot() {
        let mut out = Vec::new();
        emit(&sample_report(), Format::Text, EmitOptions { color: false }, &mut out).unwrap();
        insta::assert_snapshot!(String::from_utf8(out).unwrap());
    }

    #[test]
    fn a_finding_as_long_as_a_paragraph_is_underlined_over_its_start() {
        let line = format!("Avant. {} Après.", "mot ".repeat(60));
        let start = "Avant. ".len();
        let end = super::underline_end(&line, start, line.len() - " Après.".len());
        assert_eq!(line[start..end].chars().count(), super::MAX_UNDERLINE_CHARS);
        assert_eq!(super::underline_end("court", 0, 5), 5);
        assert_eq!(super::underline_end("deux\nlignes", 0, 11), 11);
    }

    #[test]
    fn colours_only_when_asked() {
        let mut plain = Vec::new();
        emit(&sample_report(), Format::Text, EmitOptions { color: false }, &mut plain).unwrap();
        assert!(!plain.contains(&0x1b));
        let mut styled = Vec::new();
        emit(&sample_report(), Format::Text, EmitOptions { color: true }, &mut styled).unwrap();
        assert!(styled.contains(&0x1b));
    }
}
