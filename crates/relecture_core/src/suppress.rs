//! Inline suppression comments: `relecture-disable`, `-enable`, `-disable-next-line`, `-disable-file`.

use std::sync::LazyLock;

use regex::Regex;

use crate::article::Article;
use crate::finding::Diagnostic;
use crate::range::TextRange;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)^<!--\s*relecture-(disable-next-line|disable-file|disable|enable)\b(.*?)-->$")
        .expect("the directive pattern is valid")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    File,
}

/// One suppression directive and the part of the article it covers.
#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    /// Rule names, families or packs; empty means every rule.
    selectors: Vec<String>,
    /// The comment.
    range: TextRange,
    /// The bytes it covers (for `disable`: up to the matching `enable`).
    covers: TextRange,
    /// For `disable-next-line`: the 0-based line it covers.
    line: Option<usize>,
    used: bool,
}

fn parse_directives(article: &Article) -> Vec<Directive> {
    let mut directives = Vec::new();
    for &range in &article.html_comments {
        let Some(captures) = DIRECTIVE.captures(article.text(range)) else {
            continue;
        };
        let kind = match &captures[1] {
            "disable" => Kind::Disable,
            "enable" => Kind::Enable,
            "disable-next-line" => Kind::NextLine,
            _ => Kind::File,
        };
        let selectors = captures[2]
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let line = (kind == Kind::NextLine).then(|| article.line_index.line_of(range.end) + 1);
        let covers = match kind {
            Kind::File => TextRange::new(0, article.source.len()),
            _ => TextRange::new(range.end, article.source.len()),
        };
        directives.push(Directive { kind, selectors, range, covers, line, used: false });
    }
    // A `disable` covers up to the first later `enable` that names every rule or one of its rules.
    let enables: Vec<(usize, Vec<String>)> =
        directives.iter().filter(|d| d.kind == Kind::Enable).map(|d| (d.range.start, d.selectors.clone())).collect();
    for directive in directives.iter_mut().filter(|d| d.kind == Kind::Disable) {
        if let Some((start, _)) = enables.iter().find(|(start, selectors)| {
            *start > directive.range.start
                && (selectors.is_empty()
                    || directive.selectors.is_empty()
                    || selectors.iter().any(|s| directive.selectors.contains(s)))
        }) {
            directive.covers = TextRange::new(directive.range.end, *start);
        }
    }
    directives.retain(|d| d.kind != Kind::Enable);
    directives
}

fn names(directive: &Directive, rule: &str, family: &str) -> bool {
    directive.selectors.is_empty()
        || directive.selectors.iter().any(|s| {
            s == rule || s == family || rule.strip_prefix(s.as_str()).is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Removes the diagnostics that a directive of `article` suppresses, and returns, for each directive
/// that suppressed nothing, its range and text. `family_of` gives a rule's family; `is_enabled` tells
/// whether a selector names a rule that runs (a directive for rules that are off is not unused).
pub fn apply_suppressions(
    article: &Article,
    diagnostics: &mut Vec<Diagnostic>,
    family_of: impl Fn(&str) -> String,
    names_enabled_rule: impl Fn(&str) -> bool,
) -> Vec<(TextRange, String)> {
    let mut directives = parse_directives(article);
    if directives.is_empty() {
        return Vec::new();
    }
    diagnostics.retain(|diagnostic| {
        let family = family_of(&diagnostic.rule);
        let line = article.line_index.line_of(diagnostic.range.start);
        let mut suppressed = false;
        for directive in &mut directives {
            let applies = match directive.kind {
                Kind::NextLine => directive.line == Some(line),
                _ => {
                    directive.covers.contains(diagnostic.range.start)
                        || (directive.covers.end == article.source.len()
                            && diagnostic.range.start == article.source.len())
                }
            };
            if applies && names(directive, &diagnostic.rule, &family) {
                directive.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    directives
        .into_iter()
        .filter(|d| !d.used && (d.selectors.is_empty() || d.selectors.iter().any(|s| names_enabled_rule(s))))
        .map(|d| (d.range, article.text(d.range).trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str, rules: &[(&'static str, usize)]) -> (Vec<String>, usize) {
        let article = Article::parse("a.md", None, source.to_string());
        let mut diagnostics: Vec<Diagnostic> = rules
            .iter()
            .map(|(rule, line)| {
                let start = article.line_index.line_start(line - 1);
                let rule = crate::RuleMeta {
                    name: (*rule).into(),
                    family: "duplicates".into(),
                    default_severity: crate::Severity::Warning,
                    summary: "".into(),
                    doc: "".into(),
                    enabled_by_default: true,
                };
                Diagnostic::new(&rule, TextRange::new(start, start + 1), "m")
            })
            .collect();
        let unused = apply_suppressions(&article, &mut diagnostics, |_| "duplicates".into(), |_| true);
        (
            diagnostics.iter().map(|d| format!("{}@{}", d.rule, article.position(d.range.start).line)).collect(),
            unused.len(),
        )
    }

    #[test]
    fn disable_enable_covers_the_region_between() {
        let source = "a\n\n<!-- relecture-disable repeated-word -->\n\nb\n\n<!-- relecture-enable -->\n\nc\n";
        let (kept, unused) =
            run(source, &[("repeated-word", 1), ("repeated-word", 5), ("repeated-word", 9), ("other", 5)]);
        assert_eq!(kept, ["repeated-word@1", "repeated-word@9", "other@5"]);
        assert_eq!(unused, 0);
    }

    #[test]
    fn next_line_covers_only_the_next_line() {
        let source = "<!-- relecture-disable-next-line repeated-word -->\nb\nc\n";
        let (kept, _) = run(source, &[("repeated-word", 2), ("repeated-word", 3)]);
        assert_eq!(kept, ["repeated-word@3"]);
    }

    #[test]
    fn file_directive_and_family_names() {
        let source = "x\n\n<!-- relecture-disable-file duplicates -->\n";
        let (kept, unused) = run(source, &[("repeated-word", 1)]);
        assert!(kept.is_empty());
        assert_eq!(unused, 0);
    }

    #[test]
    fn a_directive_that_suppresses_nothing_is_unused() {
        let source = "<!-- relecture-disable-next-line repeated-word -->\nb\n";
        let (kept, unused) = run(source, &[("other", 2)]);
        assert_eq!(kept, ["other@2"]);
        assert_eq!(unused, 1);
    }
}
