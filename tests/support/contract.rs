//! The JSON report as the contract describes it, written independently of the library's types so
//! that a change to the library cannot silently change the contract.

#![allow(dead_code, reason = "every field is declared to check the report's shape; tests read only some")]

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub source: Source,
    pub summary: Summary,
    pub articles: Vec<Article>,
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    /// Only when the results kept by the last run could not be used.
    pub fallback: Option<Fallback>,
    /// Only with `--verbose`, and when some links could not be verified.
    #[serde(default)]
    pub unverifiable: Vec<Finding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: String,
    pub repo: String,
    pub revision: Option<String>,
    pub base: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub articles: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub elapsed_ms: u64,
    /// Only with `--diff`.
    #[serde(default)]
    pub new: Option<usize>,
    #[serde(default)]
    pub existing: Option<usize>,
    #[serde(default)]
    pub fixed: Option<usize>,
    /// Only when some links could not be verified.
    #[serde(default)]
    pub unverifiable_links: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub path: String,
    pub blob: Option<String>,
    pub language: Language,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub declared: Option<String>,
    pub detected: Option<String>,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub rule: String,
    pub family: String,
    pub severity: String,
    pub message: String,
    pub path: String,
    pub range: Range,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    pub fingerprint: String,
    pub status: Option<String>,
    /// Absent without `--blame`; with it, the commit, or `null` for a finding not committed yet.
    #[serde(default, deserialize_with = "present")]
    #[allow(clippy::option_option, reason = "absent, null and a commit are three shapes of the report")]
    pub introduced_by: Option<Option<IntroducedBy>>,
    /// `translation-outdated`: the source and how far the translation is behind it.
    #[serde(default)]
    pub source_path: Option<String>,
    #[serde(default)]
    pub source_commit_from: Option<String>,
    #[serde(default)]
    pub source_commit_to: Option<String>,
    #[serde(default)]
    pub behind_commits: Option<usize>,
    #[serde(default)]
    pub changed_paragraphs: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntroducedBy {
    pub commit: String,
    pub author: String,
    pub date: String,
}

/// A field that is present, `null` included (`Some(None)`); an absent one is its default, `None`.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(value: D) -> Result<Option<T>, D::Error> {
    T::deserialize(value).map(Some)
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub path: String,
    pub range: Range,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    pub applicability: String,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub range: Range,
    pub replacement: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}
