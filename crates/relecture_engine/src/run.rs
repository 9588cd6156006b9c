//! The whole run: decode and parse articles in parallel, run checks with panic isolation, apply
//! selection, suppressions and severities, and turn diagnostics into sorted, fingerprinted findings.

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rayon::prelude::*;

use relecture_core::article::Article;
use relecture_core::check::{ArticleCheck, CheckContext, Checks, CorpusCheck, CorpusDiagnostic};
use relecture_core::config::Config;
use relecture_core::declare_rule;
use relecture_core::decode::{SourceFile, decode};
use relecture_core::finding::{Diagnostic, EditReport, Finding, FixReport, RelatedLocation};
use relecture_core::language::declared_language;
use relecture_core::range::TextRange;
use relecture_core::report::ArticleSummary;
use relecture_core::rule::RuleMeta;
use relecture_core::selection::RuleSelection;
use relecture_core::text::normalize_for_comparison;
use relecture_core::tree::TreeIndex;

declare_rule! {
    /// ## What it checks
    /// A suppression comment (`<!-- relecture-disable … -->`, `-disable-next-line`, `-disable-file`)
    /// that silences no finding.
    ///
    /// ## Why
    /// Stale suppressions hide the next real problem at that place and tell readers of the source
    /// that something is wrong where nothing is.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- relecture-disable-next-line repeated-word -->
    /// A line without any repeated word.
    /// ```
    ///
    /// ## How to fix
    /// Delete the comment, or name the rule that really reports something there.
    pub UNUSED_SUPPRESSION = ("unused-suppression", "engine", Warning, "a suppression comment that suppresses nothing");
}

declare_rule! {
    /// ## What it checks
    /// A check that failed on this article. The other checks still ran and every other article
    /// was still checked.
    ///
    /// ## Why
    /// A failure must never hide the findings of other checks, nor stop a CI run; but it must be
    /// visible, since this article was not fully checked.
    ///
    /// ## Example
    /// `check frontmatter failed on this article: index out of bounds`
    ///
    /// ## How to fix
    /// This is a bug in relecture or in a plugin check: report it with the article attached.
    pub INTERNAL_ERROR = ("internal-error", "engine", Error, "a check failed on this article");
}

declare_rule! {
    /// ## What it checks
    /// A file that matches the article globs but cannot be read as Markdown text: not UTF-8
    /// (Latin-1, UTF-16), binary, larger than `max_file_size` (default 5 MiB), a git LFS
    /// pointer, or a file that cannot be read at all (a corrupt git object, a permission error).
    ///
    /// ## Why
    /// None of the other checks can look at such a file, so its problems would go unseen.
    ///
    /// ## Example
    /// A file saved in Latin-1 (`l'\xe9t\xe9`): the finding names the line of the first invalid byte.
    ///
    /// ## How to fix
    /// Re-encode the file as UTF-8, move binary files out of the article globs (`exclude`), or
    /// fetch LFS content before linting; for a corrupt object, `git fsck` names what is damaged.
    pub UNREADABLE_ARTICLE = ("unreadable-article", "engine", Error, "a file that cannot be read as a Markdown article");
}

/// The rules the engine itself reports.
pub fn engine_rules() -> Vec<RuleMeta> {
    let mut rules = vec![UNUSED_SUPPRESSION, INTERNAL_ERROR, UNREADABLE_ARTICLE];
    rules.extend(crate::translations::rules());
    rules
}

/// Every rule of a run of `checks`: the engine's, then those of the checks, in registration order.
pub fn rules(checks: &Checks) -> Vec<RuleMeta> {
    let mut rules = engine_rules();
    rules.extend(checks.rules());
    rules
}

/// What the engine returns.
#[derive(Debug, Default)]
pub struct EngineOutput {
    /// One entry per linted file, sorted by path.
    pub articles: Vec<ArticleSummary>,
    /// Findings sorted by path, offset, rule.
    pub findings: Vec<Finding>,
    /// The source text of every article that has findings, for renderers that show snippets.
    pub sources: BTreeMap<String, Arc<str>>,
}

pub(crate) enum Parsed {
    Article(Box<Article>, Vec<Diagnostic>),
    Unreadable(Box<Unreadable>),
}

pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Decodes and parses `file` and runs the article checks on it, a panicking check becoming an
/// `internal-error`.
pub(crate) fn parse_file(file: SourceFile, checks: &Checks, context: &CheckContext<'_>) -> Parsed {
    match decode(file.content, context.config.max_file_size) {
        Err(reason) => Parsed::Unreadable(Box::new(Unreadable {
            path: file.path,
            blob: file.blob,
            line: reason.line(),
            diagnostic: Diagnostic::new(&UNREADABLE_ARTICLE, TextRange::empty(reason.offset()), reason.message())
                .with_fingerprint_text(reason.message().to_string()),
        })),
        Ok(text) => {
            let article = catch_unwind(AssertUnwindSafe(|| Article::parse(file.path.clone(), file.blob.clone(), text)));
            match article {
                Err(payload) => Parsed::Unreadable(Box::new(Unreadable {
                    path: file.path,
                    blob: file.blob,
                    line: 1,
                    diagnostic: Diagnostic::new(
                        &INTERNAL_ERROR,
                        TextRange::empty(0),
                        format!("the article could not be parsed: {}", panic_message(payload.as_ref())),
                    ),
                })),
                Ok(article) => {
                    let mut diagnostics = Vec::new();
                    for check in &checks.article {
                        let mut out = Vec::new();
                        if let Err(payload) = catch_unwind(AssertUnwindSafe(|| {
                            check.check(&article, context, &mut out);
                        })) {
                            out.clear();
                            out.push(failed_check(&check.rules(), "the check", " on this article", payload.as_ref()));
                        }
                        diagnostics.append(&mut out);
                    }
                    for check in &checks.corpus {
                        // A failure here shows when the check itself runs.
                        let _ = catch_unwind(AssertUnwindSafe(|| check.prepare(&article, context)));
                    }
                    Parsed::Article(Box::new(article), diagnostics)
                }
            }
        }
    }
}

/// The `internal-error` of a check reporting `rules` that panicked.
fn failed_check(rules: &[RuleMeta], what: &str, place: &str, payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let rules: Vec<&str> = rules.iter().map(|r| r.name.as_ref()).collect();
    Diagnostic::new(
        &INTERNAL_ERROR,
        TextRange::empty(0),
        format!("{what} for {} failed{place}: {}", rules.join(", "), panic_message(payload)),
    )
}

/// Runs `check` over `articles`, a panic becoming an `internal-error` on each of them.
pub(crate) fn run_corpus_check(
    check: &dyn CorpusCheck,
    articles: &[&Article],
    context: &CheckContext<'_>,
) -> Vec<CorpusDiagnostic> {
    let mut out: Vec<CorpusDiagnostic> = Vec::new();
    match catch_unwind(AssertUnwindSafe(|| check.check(articles, context, &mut out))) {
        Ok(()) => out.retain(|d| d.article < articles.len()),
        Err(payload) => {
            let diagnostic = failed_check(&check.rules(), "the corpus check", "", payload.as_ref());
            out = (0..articles.len())
                .map(|article| CorpusDiagnostic { article, diagnostic: diagnostic.clone() })
                .collect();
        }
    }
    out
}

/// Lints `files`, whose paths are the whole tree. Must be called inside the rayon pool that
/// sets the thread count.
pub fn run(files: Vec<SourceFile>, config: &Config, checks: &Checks, selection: &RuleSelection) -> EngineOutput {
    let tree = TreeIndex::new(files.iter().map(|f| f.path.clone()));
    run_in_tree(files, &tree, config, checks, selection)
}

/// Lints `files`, part of the source whose every file is in `tree`.
pub fn run_in_tree(
    files: Vec<SourceFile>,
    tree: &TreeIndex,
    config: &Config,
    checks: &Checks,
    selection: &RuleSelection,
) -> EngineOutput {
    run_in_tree_with(files, tree, config, checks, selection, true)
}

/// [`run_in_tree`], carrying the source text of the articles with findings only when `sources`
/// is true (only the text format shows it).
pub fn run_in_tree_with(
    files: Vec<SourceFile>,
    tree: &TreeIndex,
    config: &Config,
    checks: &Checks,
    selection: &RuleSelection,
    sources: bool,
) -> EngineOutput {
    full_run(files, tree, config, checks, selection, sources).output
}

/// An article that could not be read, as the engine keeps it.
pub(crate) struct Unreadable {
    pub(crate) path: String,
    pub(crate) blob: Option<String>,
    pub(crate) line: usize,
    pub(crate) diagnostic: Diagnostic,
}

/// A whole run, with what a stored state keeps besides the report.
pub(crate) struct FullRun {
    /// The readable articles, sorted by path.
    pub(crate) articles: Vec<Article>,
    /// Per article, the diagnostics of each corpus check.
    pub(crate) corpus: Vec<Vec<Vec<Diagnostic>>>,
    pub(crate) output: EngineOutput,
}

/// Parses and checks `files` (every file of the source is in `tree`).
pub(crate) fn full_run(
    files: Vec<SourceFile>,
    tree: &TreeIndex,
    config: &Config,
    checks: &Checks,
    selection: &RuleSelection,
    sources: bool,
) -> FullRun {
    let context = CheckContext { config, selection, tree };
    let mut parsed: Vec<Parsed> = files.into_par_iter().map(|file| parse_file(file, checks, &context)).collect();
    parsed.sort_by(|a, b| parsed_path(a).cmp(parsed_path(b)));
    let mut articles: Vec<Article> = Vec::new();
    let mut per_article: Vec<Vec<Diagnostic>> = Vec::new();
    let mut unreadable: Vec<Unreadable> = Vec::new();
    for item in parsed {
        match item {
            Parsed::Article(article, diagnostics) => {
                articles.push(*article);
                per_article.push(diagnostics);
            }
            Parsed::Unreadable(file) => unreadable.push(*file),
        }
    }

    let refs: Vec<&Article> = articles.iter().collect();
    let mut corpus: Vec<Vec<Vec<Diagnostic>>> = vec![vec![Vec::new(); checks.corpus.len()]; articles.len()];
    for (number, check) in checks.corpus.iter().enumerate() {
        for CorpusDiagnostic { article, diagnostic } in run_corpus_check(check.as_ref(), &refs, &context) {
            corpus[article][number].push(diagnostic);
        }
    }

    let index: HashMap<&str, &Article> = articles.iter().map(|a| (a.path.as_str(), a)).collect();
    let describing = describing(checks, &context);
    let per_article_findings: Vec<(Vec<Finding>, ArticleSummary)> = articles
        .par_iter()
        .zip(per_article)
        .zip(&corpus)
        .map(|((article, mut diagnostics), found)| {
            diagnostics.extend(found.iter().flatten().cloned());
            let findings = finalize(article, diagnostics, selection, &index);
            (findings, summarize(article, &describing, &context))
        })
        .collect();

    let mut output = EngineOutput::default();
    for (findings, summary) in per_article_findings {
        if sources
            && !findings.is_empty()
            && let Some(article) = index.get(summary.path.as_str())
        {
            output.sources.insert(article.path.clone(), Arc::from(article.source.as_str()));
        }
        output.findings.extend(findings);
        output.articles.push(summary);
    }
    for file in unreadable {
        output.findings.extend(unreadable_finding(&file, selection));
        output.articles.push(ArticleSummary::new(file.path, file.blob));
    }
    output.articles.sort_by(|a, b| a.path.cmp(&b.path));
    sort_findings(&mut output.findings);
    FullRun { articles, corpus, output }
}

/// The article checks one of whose rules runs: those that describe the articles in the report
/// ([`ArticleCheck::describe`]), so that language detection, which costs more than parsing, runs
/// only when a language rule does.
pub(crate) fn describing<'c>(checks: &'c Checks, context: &CheckContext<'_>) -> Vec<&'c dyn ArticleCheck> {
    let runs = |check: &&Arc<dyn ArticleCheck>| check.rules().iter().any(|rule| context.is_enabled(rule));
    checks.article.iter().filter(runs).map(AsRef::as_ref).collect()
}

/// The summary of a readable article: what it declares, and what the `describing` checks add.
pub(crate) fn summarize(
    article: &Article,
    describing: &[&dyn ArticleCheck],
    context: &CheckContext<'_>,
) -> ArticleSummary {
    let mut summary = ArticleSummary::new(article.path.clone(), article.blob.clone());
    summary.language.declared = declared_language(article, context.config);
    for check in describing {
        // A check that fails here failed in `check` too, where it is reported.
        let _ = catch_unwind(AssertUnwindSafe(|| check.describe(article, context, &mut summary)));
    }
    summary
}

/// The finding of a file that could not be read, unless its rule is off.
pub(crate) fn unreadable_finding(file: &Unreadable, selection: &RuleSelection) -> Option<Finding> {
    let Unreadable { path, line, diagnostic, .. } = file;
    let severity = selection.severity(&diagnostic.rule)?;
    // The bytes have no lines yet: point at the first byte, or at the bad one.
    let position = relecture_core::range::Position { line: *line, column: 1, offset: diagnostic.range.start };
    let range = relecture_core::range::Span { start: position, end: position };
    Some(
        Finding::new(diagnostic.rule.to_string(), "engine", severity, diagnostic.message.clone(), path.clone(), range)
            .with_fingerprint(
                fingerprint(&diagnostic.rule, path, &diagnostic.message.to_string(), 0),
                unreadable_identity(diagnostic),
            ),
    )
}

fn parsed_path(parsed: &Parsed) -> &str {
    match parsed {
        Parsed::Article(article, _) => &article.path,
        Parsed::Unreadable(file) => &file.path,
    }
}

/// Sorts findings by path, offset, rule, then message and fingerprint, so that output never depends on threads.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.range.start.offset, &a.rule, a.range.end.offset, &a.message, &a.fingerprint).cmp(&(
            &b.path,
            b.range.start.offset,
            &b.rule,
            b.range.end.offset,
            &b.message,
            &b.fingerprint,
        ))
    });
}

/// A stable 16-hex-digit fingerprint of a rule, a path and the normalised text involved.
pub fn fingerprint(rule: &str, path: &str, text: &str, occurrence: usize) -> String {
    fingerprint_normalized(rule, path, &normalize_for_comparison(text), occurrence)
}

/// [`fingerprint`] of a text already normalised with [`normalize_for_comparison`].
fn fingerprint_normalized(rule: &str, path: &str, normalized: &str, occurrence: usize) -> String {
    let mut key = String::with_capacity(rule.len() + path.len() + normalized.len() + 8);
    key.push_str(rule);
    key.push('\0');
    key.push_str(path);
    key.push('\0');
    key.push_str(normalized);
    if occurrence > 0 {
        key.push('\0');
        key.push_str(&occurrence.to_string());
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// A diagnostic that survived selection and suppressions, with what identifies it.
pub(crate) struct Identified {
    pub(crate) diagnostic: Diagnostic,
    pub(crate) severity: relecture_core::Severity,
    pub(crate) family: String,
    pub(crate) fingerprint: String,
    pub(crate) identity: String,
}

/// Applies selection and suppressions to the diagnostics of `article` (adding
/// `unused-suppression`), sorts them and computes their fingerprints and identities.
pub(crate) fn identify(
    article: &Article,
    mut diagnostics: Vec<Diagnostic>,
    selection: &RuleSelection,
) -> Vec<Identified> {
    // A rule no check declares is a bug of the check that reported it: said, not dropped.
    for diagnostic in &mut diagnostics {
        if !selection.is_declared(&diagnostic.rule) {
            let message = format!(
                "a check reported the rule `{}`, which no check declares: {}",
                diagnostic.rule, diagnostic.message
            );
            *diagnostic = Diagnostic::new(&INTERNAL_ERROR, diagnostic.range, message)
                .with_fingerprint_text(diagnostic.rule.to_string());
        }
    }
    diagnostics.retain(|d| selection.is_enabled(&d.rule));
    let family_of = |rule: &str| selection.family(rule).unwrap_or("custom").to_string();
    // Suppressions apply first, to every finding; then a finding replaces the one it supersedes,
    // or goes with it when a suppression comment silenced it (the reader's decision on that
    // passage holds for the finding that replaces it).
    // Most articles have no superseding finding: nothing to record for them.
    let superseding = diagnostics.iter().any(|d| d.supersedes.is_some());
    let targets = |diagnostics: &[Diagnostic]| -> Vec<(TextRange, String)> {
        if superseding { diagnostics.iter().map(|d| (d.range, d.rule.to_string())).collect() } else { Vec::new() }
    };
    let before = targets(&diagnostics);
    let unused = relecture_core::suppress::apply_suppressions(article, &mut diagnostics, family_of, |selector| {
        selection_names_enabled(selection, selector)
    });
    if superseding {
        let after = targets(&diagnostics);
        diagnostics.retain(|d| {
            d.supersedes.as_ref().is_none_or(|rule| {
                let target = (d.range, rule.to_string());
                !before.contains(&target) || after.contains(&target)
            })
        });
        diagnostics = without_superseded(diagnostics);
    }
    if selection.is_enabled(UNUSED_SUPPRESSION.name.as_ref()) {
        for (range, text) in unused {
            diagnostics.push(
                Diagnostic::new(&UNUSED_SUPPRESSION, range, relecture_core::Message::new("unused-suppression"))
                    .with_fingerprint_text(text),
            );
        }
    }
    diagnostics.sort_by(|a, b| (a.range, &a.rule, &a.message).cmp(&(b.range, &b.rule, &b.message)));
    let mut seen: HashMap<String, usize> = HashMap::new();
    diagnostics
        .into_iter()
        .filter_map(|d| {
            let severity = selection.severity(&d.rule)?.min(d.max_severity.unwrap_or(relecture_core::Severity::Error));
            let text = if d.fingerprint_text.is_empty() {
                article.text(d.range).to_string()
            } else {
                d.fingerprint_text.clone()
            };
            let text = normalize_for_comparison(&text);
            let base = fingerprint_normalized(&d.rule, &article.path, &text, 0);
            let occurrence = seen.entry(base.clone()).and_modify(|n| *n += 1).or_insert(0);
            let identity = fingerprint_normalized(&d.rule, "", &text, *occurrence);
            let fingerprint = if *occurrence == 0 {
                base
            } else {
                fingerprint_normalized(&d.rule, &article.path, &text, *occurrence)
            };
            let family = selection.family(&d.rule).unwrap_or("custom").to_string();
            Some(Identified { diagnostic: d, severity, family, fingerprint, identity })
        })
        .collect()
}

/// The path-independent identity of the finding on an unreadable file.
pub(crate) fn unreadable_identity(diagnostic: &Diagnostic) -> String {
    fingerprint(&diagnostic.rule, "", &diagnostic.message.to_string(), 0)
}

pub(crate) fn finalize(
    article: &Article,
    diagnostics: Vec<Diagnostic>,
    selection: &RuleSelection,
    index: &HashMap<&str, &Article>,
) -> Vec<Finding> {
    identify(article, diagnostics, selection)
        .into_iter()
        .map(|Identified { diagnostic: d, severity, family, fingerprint, identity }| {
            let related = d
                .related
                .iter()
                .map(|r| {
                    let target = index.get(r.path.as_str()).copied().unwrap_or(article);
                    RelatedLocation::new(r.path.clone(), target.span(r.range), r.message.clone())
                })
                .collect();
            let fix = d.fix.as_ref().map(|fix| {
                FixReport::new(
                    fix.applicability,
                    fix.edits.iter().map(|e| EditReport::new(article.span(e.range), e.replacement.clone())).collect(),
                )
            });
            Finding::new(d.rule.into_owned(), family, severity, d.message, article.path.clone(), article.span(d.range))
                .with_related(related)
                .with_fix(fix)
                .with_fingerprint(fingerprint, identity)
        })
        .collect()
}

/// `diagnostics` without those another one supersedes (same rule and range).
fn without_superseded(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let superseded: Vec<(TextRange, std::borrow::Cow<'static, str>)> =
        diagnostics.iter().filter_map(|d| d.supersedes.clone().map(|rule| (d.range, rule))).collect();
    if !superseded.is_empty() {
        diagnostics.retain(|d| !superseded.iter().any(|(range, rule)| *range == d.range && *rule == d.rule));
    }
    diagnostics
}

/// Whether `selector` names a rule the lint runs. The rules of the `translations` family run
/// after the lint, on the history: a comment that silences one is not judged here.
fn selection_names_enabled(selection: &RuleSelection, selector: &str) -> bool {
    let later = selector == "translations" || crate::translations::rules().iter().any(|rule| rule.name == selector);
    !later && (selection.is_enabled(selector) || selection.family_enabled(selector))
}

#[cfg(test)]
mod tests {
    use relecture_core::ArticleCheck;
    use relecture_core::decode::FileContent;
    use relecture_core::finding::Diagnostic;

    use super::*;

    declare_rule! {
        /// Reports the first byte of every article.
        PANICKY = ("panicky", "test", Warning, "");
    }

    declare_rule! {
        /// A rule name misspelt by a check: declared nowhere.
        PANICY = ("panicy", "test", Warning, "");
    }

    struct Panicky;
    impl ArticleCheck for Panicky {
        fn rules(&self) -> Vec<RuleMeta> {
            vec![PANICKY]
        }
        fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
            assert!(!article.path.contains("boom"), "exploded on purpose");
            let rule = if article.path.contains("typo") { &PANICY } else { &PANICKY };
            out.push(Diagnostic::new(rule, TextRange::new(0, 1), "first byte"));
        }
    }

    fn file(path: &str, bytes: &[u8]) -> SourceFile {
        SourceFile { path: path.into(), blob: None, content: FileContent::Bytes(bytes.to_vec()) }
    }

    fn lint(files: Vec<SourceFile>) -> EngineOutput {
        let checks = Checks { article: vec![Arc::new(Panicky)], corpus: Vec::new() };
        let config = Config::default();
        let selection = RuleSelection::new(&rules(&checks), &config, None, &[]).unwrap();
        run(files, &config, &checks, &selection)
    }

    fn summary(output: &EngineOutput) -> Vec<String> {
        output.findings.iter().map(|f| format!("{}:{} {} {}", f.path, f.range.start.line, f.rule, f.message)).collect()
    }

    #[test]
    fn a_panicking_check_becomes_an_internal_error_and_others_still_run() {
        let output = lint(vec![file("boom.md", b"x"), file("fine.md", b"y")]);
        assert_eq!(
            summary(&output),
            [
                "boom.md:1 internal-error the check for panicky failed on this article: exploded on purpose",
                "fine.md:1 panicky first byte",
            ]
        );
    }

    #[test]
    fn a_finding_of_a_rule_no_check_declares_is_an_internal_error_not_dropped() {
        let output = lint(vec![file("typo.md", b"x")]);
        assert_eq!(
            summary(&output),
            ["typo.md:1 internal-error a check reported the rule `panicy`, which no check declares: first byte"]
        );
    }

    struct PanickyCorpus;
    impl CorpusCheck for PanickyCorpus {
        fn rules(&self) -> Vec<RuleMeta> {
            vec![RuleMeta {
                name: "panicky-corpus".into(),
                family: "test".into(),
                default_severity: relecture_core::Severity::Warning,
                summary: "".into(),
                doc: "".into(),
                enabled_by_default: true,
            }]
        }
        fn check(&self, articles: &[&Article], _: &CheckContext<'_>, _: &mut Vec<CorpusDiagnostic>) {
            assert!(articles.len() < 2, "compared too much");
        }
    }

    #[test]
    fn a_panicking_corpus_check_is_an_internal_error_on_each_article_and_article_checks_still_report() {
        let checks = Checks { article: vec![Arc::new(Panicky)], corpus: vec![Arc::new(PanickyCorpus)] };
        let config = Config::default();
        let selection = RuleSelection::new(&rules(&checks), &config, None, &[]).unwrap();
        let output = run(vec![file("a.md", b"x"), file("b.md", b"y")], &config, &checks, &selection);
        assert_eq!(
            summary(&output),
            [
                "a.md:1 internal-error the corpus check for panicky-corpus failed: compared too much",
                "a.md:1 panicky first byte",
                "b.md:1 internal-error the corpus check for panicky-corpus failed: compared too much",
                "b.md:1 panicky first byte",
            ]
        );
    }

    #[test]
    fn unreadable_files_are_reported_with_their_line() {
        let output = lint(vec![file("latin1.md", b"un\ndeux \xe9t\xe9\n"), file("binary.md", b"\x89PNG\0\0")]);
        assert_eq!(
            summary(&output),
            [
                "binary.md:1 unreadable-article the file is binary (it contains NUL bytes), not Markdown text",
                "latin1.md:2 unreadable-article the file is not valid UTF-8 (first invalid byte at line 2, offset 8); re-encode it as UTF-8",
            ]
        );
        assert_eq!(output.articles.len(), 2);
    }

    #[test]
    fn unused_suppressions_are_reported_and_used_ones_are_not() {
        let output = lint(vec![
            file("a.md", b"<!-- relecture-disable-next-line panicky -->\nx\n"),
            file("b.md", b"x\n\n<!-- relecture-disable-file panicky -->\n"),
        ]);
        assert_eq!(
            summary(&output),
            ["a.md:1 panicky first byte", "a.md:1 unused-suppression this suppression comment suppresses no finding"]
        );
    }

    #[test]
    fn engine_rules_are_documented_with_the_four_headings() {
        for rule in engine_rules() {
            let doc = rule.documentation();
            for heading in ["## What it checks", "## Why", "## Example", "## How to fix"] {
                assert!(doc.contains(heading), "`{}` has no `{heading}` section", rule.name);
            }
            assert!(["engine", "translations"].contains(&rule.family.as_ref()), "{}", rule.family);
        }
    }

    #[test]
    fn fingerprints_ignore_line_numbers_but_count_repeats() {
        let a = fingerprint("rule", "a.md", "Le  texte", 0);
        assert_eq!(a, fingerprint("rule", "a.md", "le texte", 0));
        assert_ne!(a, fingerprint("rule", "a.md", "le texte", 1));
        assert_ne!(a, fingerprint("rule", "b.md", "le texte", 0));
        assert_eq!(a.len(), 16);
    }
}
