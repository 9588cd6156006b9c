//! The report of a run, as every emitter receives it and as `--format json` prints it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::decode::Skipped;
use crate::finding::Finding;
use crate::rule::Severity;

/// The version of the JSON report's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// The rule of links whose target relecture cannot see: reports count them apart from findings.
pub const UNVERIFIABLE_LINK: &str = "unverifiable-link";

/// Everything a run found.
///
/// Fields will be added: build one with [`Report::new`], then fill its lists. The report types
/// cannot be built field by field outside this crate, so that adding a field is not a breaking
/// change:
///
/// ```compile_fail
/// let fallback = relecture_core::Fallback { reason: String::new() };
/// ```
///
/// ```
/// let fallback = relecture_core::Fallback::new("the kept results are damaged");
/// assert_eq!(fallback.reason, "the kept results are damaged");
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The JSON shape's version.
    pub schema_version: u32,
    /// Which tool produced it.
    pub tool: ToolInfo,
    /// What was linted.
    pub source: SourceInfo,
    /// Counts.
    pub summary: Summary,
    /// Every linted file.
    pub articles: Vec<ArticleSummary>,
    /// Every finding, sorted by path, offset, rule.
    pub findings: Vec<Finding>,
    /// Files that matched the globs but were not linted, with the reason.
    pub skipped: Vec<Skipped>,
    /// Why the results kept by the last run were not used and every article was checked; absent
    /// when they were used, or when there were none to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    /// Links whose target relecture cannot see, each as a finding of `unverifiable-link` saying
    /// why (counted in the summary; reports list them with `--verbose`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unverifiable: Vec<Finding>,
    /// Source text of the articles with findings, for snippets; not serialised.
    #[serde(skip)]
    pub sources: BTreeMap<String, Arc<str>>,
    /// The rules of the run, for formats that describe them (SARIF); not serialised.
    #[serde(skip)]
    pub rules: Vec<crate::rule::RuleMeta>,
    /// The language the messages are in ([`Report::localize`]), which reports speak too; not
    /// serialised.
    #[serde(skip)]
    pub locale: crate::message::Locale,
    /// Where each translation stood, by path, when the history could tell: how far behind its
    /// source, or `None` when up to date (whatever suppressions hide); for `--diff`. Not
    /// serialised.
    #[serde(skip)]
    pub translations: BTreeMap<String, Option<crate::finding::SourceBehind>>,
}

/// A run that could not start from the results kept by the last one and checked every article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Fallback {
    /// Why, in one lowercase sentence without a final period.
    pub reason: String,
}

impl Fallback {
    /// A fallback for `reason`.
    pub fn new(reason: impl Into<String>) -> Self {
        Self { reason: reason.into() }
    }
}

/// The tool's name and version.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolInfo {
    /// `relecture`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl ToolInfo {
    /// The tool `name` at `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Self { name: name.into(), version: version.into() }
    }
}

/// What was linted.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SourceInfo {
    /// Which state of the repository was linted.
    pub kind: SourceKind,
    /// Absolute path of the repository or folder.
    pub repo: String,
    /// The revision as given and resolved (`HEAD (1a2b3c…)`), for `--rev`.
    pub revision: Option<String>,
    /// The base of `--diff`.
    pub base: Option<String>,
}

impl SourceInfo {
    /// The state `kind` of the repository or folder at `repo` (an absolute path), with the
    /// revision of `--rev` and no `--diff` base.
    pub fn new(kind: SourceKind, repo: impl Into<String>, revision: Option<String>) -> Self {
        Self { kind, repo: repo.into(), revision, base: None }
    }
}

/// Which state of a repository a run read, serialised as `worktree`, `staged`, `revision`,
/// `folder` or `memory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SourceKind {
    /// The files on disk of a git working tree (`HEAD` in a bare repository).
    WorkTree,
    /// The staged index.
    Staged,
    /// The tree of a revision.
    Revision,
    /// A plain folder, outside any git repository.
    Folder,
    /// Articles given in memory (an editor's buffers), not read from any folder.
    Memory,
}

impl SourceKind {
    /// The name reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkTree => "worktree",
            Self::Staged => "staged",
            Self::Revision => "revision",
            Self::Folder => "folder",
            Self::Memory => "memory",
        }
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Counts of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Files linted.
    pub articles: usize,
    /// Findings reported.
    pub findings: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Wall time of the run in milliseconds.
    pub elapsed_ms: u64,
    /// With `--diff`: findings the change introduced.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub new: Option<usize>,
    /// With `--diff`: findings already present at the base.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub existing: Option<usize>,
    /// With `--diff`: findings of the changed articles present at the base and gone now.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fixed: Option<usize>,
    /// Links whose target relecture cannot see (a module mount, a generated page, a destination
    /// holding template syntax): neither broken nor checked, never findings.
    #[serde(skip_serializing_if = "is_zero", default)]
    pub unverifiable_links: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `skip_serializing_if` passes a reference
fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl Summary {
    /// Counts `findings` over `articles` files.
    pub fn count(articles: usize, findings: &[Finding], elapsed_ms: u64) -> Self {
        let of = |severity| findings.iter().filter(|f| f.severity == severity).count();
        Self {
            articles,
            findings: findings.len(),
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            infos: of(Severity::Info),
            elapsed_ms,
            new: None,
            existing: None,
            fixed: None,
            unverifiable_links: 0,
        }
    }
}

/// One linted file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ArticleSummary {
    /// Repository-relative path.
    pub path: String,
    /// Git blob id, or null for files read from disk outside git.
    pub blob: Option<String>,
    /// Declared and detected language.
    pub language: LanguageSummary,
}

impl ArticleSummary {
    /// The file at `path` (git blob `blob`), with nothing known of its language.
    pub fn new(path: impl Into<String>, blob: Option<String>) -> Self {
        Self { path: path.into(), blob, language: LanguageSummary::default() }
    }
}

/// The language of an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LanguageSummary {
    /// What the article declares (front matter, path, default).
    pub declared: Option<String>,
    /// What detection found.
    pub detected: Option<String>,
    /// Detection confidence between 0 and 1.
    pub confidence: Option<f64>,
}

impl Report {
    /// A report of `tool` on `source` counting `summary`, with no article, finding, skipped
    /// file, fallback, source text or rule yet.
    pub fn new(tool: ToolInfo, source: SourceInfo, summary: Summary) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            tool,
            source,
            summary,
            articles: Vec::new(),
            findings: Vec::new(),
            skipped: Vec::new(),
            fallback: None,
            unverifiable: Vec::new(),
            sources: BTreeMap::new(),
            rules: Vec::new(),
            locale: crate::message::Locale::En,
            translations: BTreeMap::new(),
        }
    }

    /// Says every finding's message in `locale` (see [`Finding::localize`]).
    pub fn localize(&mut self, locale: crate::message::Locale) {
        // Findings are made in English, the locale of a new report: nothing to say again.
        if self.locale == locale {
            return;
        }
        self.locale = locale;
        for finding in self.findings.iter_mut().chain(&mut self.unverifiable) {
            finding.localize(locale);
        }
    }

    /// Whether a finding at or above `fail_on` remains.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= fail_on)
    }
}

/// What one commit changed in the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CommitFindings {
    /// Full commit id.
    pub commit: String,
    /// First line of the message.
    pub summary: String,
    /// `Name <mail>`.
    pub author: String,
    /// The commit date with its offset, `2024-05-06T16:45:00+02:00`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Findings present at this commit and not at its first parent, by family.
    pub introduced: BTreeMap<String, usize>,
    /// Findings present at the first parent and gone at this commit, by family.
    pub fixed: BTreeMap<String, usize>,
    /// Findings at this commit.
    pub total: usize,
}

impl CommitFindings {
    /// The commit `commit` (its message's first line `summary`, its `author`) with no finding.
    pub fn new(commit: impl Into<String>, summary: impl Into<String>, author: impl Into<String>) -> Self {
        Self {
            commit: commit.into(),
            summary: summary.into(),
            author: author.into(),
            date: String::new(),
            introduced: BTreeMap::new(),
            fixed: BTreeMap::new(),
            total: 0,
        }
    }
}

/// The history of a range: oldest commit first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct History {
    /// The range as given.
    pub range: String,
    /// One entry per commit.
    pub commits: Vec<CommitFindings>,
}

impl History {
    /// The history of `range`.
    pub fn new(range: impl Into<String>, commits: Vec<CommitFindings>) -> Self {
        Self { range: range.into(), commits }
    }
}

/// `relecture translations`: where each translation of a site stands against its source.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TranslationStatus {
    /// The state read.
    pub source: SourceInfo,
    /// The language translations are made from, when the site has one.
    pub source_language: Option<String>,
    /// Whether the history could tell which translations are behind (not outside git, nor
    /// before the first commit).
    pub history: bool,
    /// Per language translations are made into, sorted.
    pub languages: Vec<LanguageStatus>,
    /// Every translated page, sorted by path.
    pub pages: Vec<TranslatedPage>,
    /// Source pages without a translation in a language, sorted by path then language.
    pub missing: Vec<MissingTranslation>,
    /// Where a forge shows the files of the commit read (a path and `#L12` are added), when
    /// the repository's `origin` is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub browse: Option<String>,
    /// The language the text, Markdown and HTML reports speak. Not serialised.
    #[serde(skip)]
    pub locale: crate::message::Locale,
}

impl TranslationStatus {
    /// The status of the translations of `source`, made from `source_language`, with
    /// `history` telling whether the history could be read; per language, per page, and the
    /// pages still to translate.
    pub fn new(
        source: SourceInfo,
        source_language: Option<String>,
        history: bool,
        (languages, pages, missing): (Vec<LanguageStatus>, Vec<TranslatedPage>, Vec<MissingTranslation>),
    ) -> Self {
        Self {
            source,
            source_language,
            history,
            languages,
            pages,
            missing,
            browse: None,
            locale: crate::message::Locale::En,
        }
    }
}

/// Pages and the words they hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Pages.
    pub pages: usize,
    /// Words of their prose.
    pub words: usize,
}

impl Tally {
    /// Counts one more page of `words` words.
    pub fn add(&mut self, words: usize) {
        self.pages += 1;
        self.words += words;
    }
}

/// The translations into one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LanguageStatus {
    /// ISO 639-1 code.
    pub language: String,
    /// Translations up to date with their source.
    pub up_to_date: Tally,
    /// Translations behind their source (words of the translations).
    pub outdated: Tally,
    /// Source pages not translated into it (words of the sources).
    pub missing: Tally,
    /// Translations without a source.
    pub orphan: Tally,
    /// Translations whose state no history tells.
    pub unknown: Tally,
}

impl LanguageStatus {
    /// No page counted yet in `language`.
    pub fn new(language: impl Into<String>) -> Self {
        Self { language: language.into(), ..Self::default() }
    }
}

/// A translated page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TranslatedPage {
    /// The translation's path.
    pub path: String,
    /// Its language.
    pub language: String,
    /// `up-to-date`, `outdated`, `orphan` or `unknown`.
    pub state: String,
    /// Words of its prose.
    pub words: usize,
    /// Its source's path, when it has one.
    pub source_path: Option<String>,
    /// How far it is behind, when it is outdated.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub behind: Option<PageBehind>,
}

impl TranslatedPage {
    /// The translation at `path` in `language`, in `state`, of `words` words, made from
    /// `source_path`, `behind` it when outdated.
    pub fn new(
        path: String,
        language: String,
        state: String,
        words: usize,
        source_path: Option<String>,
        behind: Option<PageBehind>,
    ) -> Self {
        Self { path, language, state, words, source_path, behind }
    }
}

/// How far a translation is behind its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PageBehind {
    /// The commit the translation is up to date with.
    pub source_commit_from: String,
    /// The source's last commit.
    pub source_commit_to: String,
    /// Source commits since `source_commit_from`.
    pub behind_commits: usize,
    /// The date of the first of them, `2024-05-06T16:45:00+02:00`.
    pub oldest_missed: String,
    /// The commit the front matter names when the history does not hold it (the translation's
    /// last commit stood for it).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unknown_commit: Option<String>,
    /// The paragraphs of the source that changed since `source_commit_from`.
    pub changed_paragraphs: Vec<ChangedParagraph>,
}

impl PageBehind {
    /// Behind by `behind_commits` commits from `source_commit_from` to `source_commit_to`, the
    /// first made at `oldest_missed`, with the paragraphs they changed.
    pub fn new(
        (source_commit_from, source_commit_to): (String, String),
        behind_commits: usize,
        oldest_missed: String,
        unknown_commit: Option<String>,
        changed_paragraphs: Vec<ChangedParagraph>,
    ) -> Self {
        Self { source_commit_from, source_commit_to, behind_commits, oldest_missed, unknown_commit, changed_paragraphs }
    }
}

/// A paragraph of a source that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChangedParagraph {
    /// `added`, `reworded` or `removed`; for a code block `code added`, `code changed` or
    /// `code removed`.
    pub change: String,
    /// Its line in the source now (for a removed one, the line it stood before).
    pub line: usize,
    /// Its first words (as it was, for a removed one).
    pub excerpt: String,
}

impl ChangedParagraph {
    /// A paragraph `change`d (`added`, `reworded`, `removed`) at `line`, starting with `excerpt`.
    pub fn new(change: &str, line: usize, excerpt: String) -> Self {
        Self { change: change.to_string(), line, excerpt }
    }
}

/// A source page not translated into a language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MissingTranslation {
    /// The source's path.
    pub source_path: String,
    /// The language it is not translated into.
    pub language: String,
    /// Words of the source's prose.
    pub words: usize,
}

impl MissingTranslation {
    /// `source_path`, of `words` words, not translated into `language`.
    pub fn new(source_path: String, language: String, words: usize) -> Self {
        Self { source_path, language, words }
    }
}

#[cfg(test)]
mod source_kind_tests {
    use super::SourceKind;

    #[test]
    fn source_kinds_serialise_as_the_names_reports_always_used() {
        for (kind, name) in [
            (SourceKind::WorkTree, "worktree"),
            (SourceKind::Staged, "staged"),
            (SourceKind::Revision, "revision"),
            (SourceKind::Folder, "folder"),
            (SourceKind::Memory, "memory"),
        ] {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{name}\""));
            assert_eq!(kind.to_string(), name);
            assert_eq!(serde_json::from_str::<SourceKind>(&format!("\"{name}\"")).unwrap(), kind);
        }
    }
}
