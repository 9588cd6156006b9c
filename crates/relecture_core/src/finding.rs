//! What checks produce (diagnostics on byte ranges) and what reports carry (findings with positions).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::message::{Locale, Message};
use crate::range::{Span, TextRange};
use crate::rule::{RuleMeta, Severity};

/// A problem found by a check, before the engine resolves severity, suppression and positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule that reports it.
    pub rule: Cow<'static, str>,
    /// Where it is, in the article it is reported on.
    pub range: TextRange,
    /// One sentence for the reader, said in the report's language.
    pub message: Message,
    /// Other places involved, such as a first occurrence.
    pub related: Vec<Related>,
    /// A fix, when the check can offer one.
    pub fix: Option<Fix>,
    /// The text that identifies the finding for its fingerprint; empty means the text of `range`.
    pub fingerprint_text: String,
    /// A ceiling on the rule's severity for this finding (a quotation in another language is
    /// only worth an info, whatever the rule's severity).
    pub max_severity: Option<Severity>,
    /// A rule whose finding at the same range this one replaces: the more precise verdict on
    /// one passage (a paragraph left as in its source, rather than "in another language").
    pub supersedes: Option<Cow<'static, str>>,
}

impl Diagnostic {
    /// A diagnostic of `rule` (the declared rule value, as a check's `rules()` lists it) with no
    /// related location, fix or explicit fingerprint text.
    pub fn new(rule: &RuleMeta, range: TextRange, message: impl Into<Message>) -> Self {
        Self {
            rule: rule.name.clone(),
            range,
            message: message.into(),
            related: Vec::new(),
            fix: None,
            fingerprint_text: String::new(),
            max_severity: None,
            supersedes: None,
        }
    }

    /// Replaces the finding of `rule` at the same range of the same article, if there is one.
    #[must_use]
    pub fn superseding(mut self, rule: &RuleMeta) -> Self {
        self.supersedes = Some(rule.name.clone());
        self
    }

    /// Caps the severity of this finding.
    #[must_use]
    pub fn with_max_severity(mut self, severity: Severity) -> Self {
        self.max_severity = Some(severity);
        self
    }

    /// Adds a related location.
    #[must_use]
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// Sets the fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Sets the text the fingerprint is computed from.
    #[must_use]
    pub fn with_fingerprint_text(mut self, text: impl Into<String>) -> Self {
        self.fingerprint_text = text.into();
        self
    }
}

/// Another place involved in a diagnostic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    /// The article's path (the same article or another one).
    pub path: String,
    /// Where in that article.
    pub range: TextRange,
    /// What this place is ("first occurrence").
    pub message: Message,
}

/// Whether a fix can be applied without review.
///
/// Exhaustive on purpose: `--fix` and every tool applying fixes must decide for each kind, so a
/// new kind is a breaking change that should make their `match` fail to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Meaning is preserved; `--fix` applies it.
    Safe,
    /// Needs a human look.
    Unsafe,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The bytes replaced.
    pub range: TextRange,
    /// What replaces them.
    pub replacement: String,
}

/// A fix: edits that apply together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// Non-overlapping edits.
    pub edits: Vec<Edit>,
}

/// A finding as reports carry it.
///
/// Fields will be added: build one with [`Finding::new`] and the `with_` methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Rule name.
    pub rule: String,
    /// Rule family or pack.
    pub family: String,
    /// Effective severity.
    pub severity: Severity,
    /// One sentence.
    pub message: String,
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// Where.
    pub range: Span,
    /// Other places involved.
    pub related: Vec<RelatedLocation>,
    /// The fix, or null.
    pub fix: Option<FixReport>,
    /// Identifies the finding independently of line numbers.
    pub fingerprint: String,
    /// `new` or `existing`, only with `--diff`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<Status>,
    /// The commit that introduced the finding, only with `--blame`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub introduced_by: Option<IntroducedBy>,
    /// With `translation-outdated`: the source and how far the translation is behind it
    /// (`source_path`, `source_commit_from`, `source_commit_to`, `behind_commits`,
    /// `changed_paragraphs` in the JSON report).
    #[serde(flatten, skip_serializing_if = "Option::is_none", default)]
    pub behind: Option<SourceBehind>,
    /// The fingerprint without the path: the same finding in a renamed article. Not serialised.
    #[serde(skip)]
    pub identity: String,
    /// The message as the check said it, to say it in another language ([`Finding::localize`]);
    /// `None` when only its text is known (a finding read back from a JSON report). Not serialised.
    #[serde(skip)]
    pub said: Option<Message>,
}

/// How far a translation is behind its source, as `translation-outdated` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SourceBehind {
    /// The source's path.
    pub source_path: String,
    /// The commit the translation is up to date with.
    pub source_commit_from: String,
    /// The source's last commit.
    pub source_commit_to: String,
    /// Commits that changed the source since `source_commit_from`.
    pub behind_commits: usize,
    /// Paragraphs of the source they added, reworded or removed.
    pub changed_paragraphs: usize,
}

impl SourceBehind {
    /// The translation of `source_path` is `behind_commits` commits (`source_commit_from`
    /// excluded, `source_commit_to` included) and `changed_paragraphs` paragraphs behind it.
    pub fn new(
        source_path: impl Into<String>,
        (source_commit_from, source_commit_to): (String, String),
        behind_commits: usize,
        changed_paragraphs: usize,
    ) -> Self {
        Self {
            source_path: source_path.into(),
            source_commit_from,
            source_commit_to,
            behind_commits,
            changed_paragraphs,
        }
    }
}

/// Where a finding comes from, as `--blame` reports it in `introduced_by`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum IntroducedBy {
    /// The oldest commit from which the finding is present in every commit up to the linted
    /// one: `{"author": …, "commit": …, "date": …}` in the JSON report.
    Commit(IntroducingCommit),
    /// The finding is not in the linted commit (an uncommitted edit): `null` in the JSON report.
    Uncommitted,
}

/// The commit that introduced a finding.
///
/// The fields are in alphabetical order because the JSON report has always listed them so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IntroducingCommit {
    /// `Name <mail>`.
    pub author: String,
    /// The full commit id.
    pub commit: String,
    /// The commit date with its offset, `2024-05-06T16:45:00+02:00`.
    pub date: String,
}

impl IntroducingCommit {
    /// The commit `commit` by `author` (`Name <mail>`) dated `date` (ISO 8601 with its offset).
    pub fn new(commit: impl Into<String>, author: impl Into<String>, date: impl Into<String>) -> Self {
        Self { author: author.into(), commit: commit.into(), date: date.into() }
    }
}

impl Finding {
    /// A finding of `rule` (of `family`) at `range` of the article at `path`, with no related
    /// location, no fix, an empty fingerprint and no `--diff` or `--blame` information.
    pub fn new(
        rule: impl Into<String>,
        family: impl Into<String>,
        severity: Severity,
        message: impl Into<Message>,
        path: impl Into<String>,
        range: Span,
    ) -> Self {
        let said = message.into();
        Self {
            rule: rule.into(),
            family: family.into(),
            severity,
            message: said.to_string(),
            path: path.into(),
            range,
            related: Vec::new(),
            fix: None,
            fingerprint: String::new(),
            status: None,
            introduced_by: None,
            behind: None,
            identity: String::new(),
            said: Some(said),
        }
    }

    /// Says the message and those of the related places in `locale` (they are in English until
    /// then).
    pub fn localize(&mut self, locale: Locale) {
        if let Some(said) = &self.said {
            self.message = said.render(locale);
        }
        for related in &mut self.related {
            if let Some(said) = &related.said {
                related.message = said.render(locale);
            }
        }
    }

    /// Sets the other places involved.
    #[must_use]
    pub fn with_related(mut self, related: Vec<RelatedLocation>) -> Self {
        self.related = related;
        self
    }

    /// Sets the fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Option<FixReport>) -> Self {
        self.fix = fix;
        self
    }

    /// Sets the fingerprint and the identity (the fingerprint without the path).
    #[must_use]
    pub fn with_fingerprint(mut self, fingerprint: impl Into<String>, identity: impl Into<String>) -> Self {
        self.fingerprint = fingerprint.into();
        self.identity = identity.into();
        self
    }
}

/// A related place as reports carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RelatedLocation {
    /// The article's path.
    pub path: String,
    /// Where.
    pub range: Span,
    /// What this place is.
    pub message: String,
    /// The message as the check said it ([`Finding::localize`]). Not serialised.
    #[serde(skip)]
    pub said: Option<Message>,
}

impl RelatedLocation {
    /// The place `range` of the article at `path`, described by `message`.
    pub fn new(path: impl Into<String>, range: Span, message: impl Into<Message>) -> Self {
        let said = message.into();
        Self { path: path.into(), range, message: said.to_string(), said: Some(said) }
    }
}

/// A fix as reports carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FixReport {
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// The edits.
    pub edits: Vec<EditReport>,
}

impl FixReport {
    /// A fix of `edits`.
    pub fn new(applicability: Applicability, edits: Vec<EditReport>) -> Self {
        Self { applicability, edits }
    }
}

/// An edit as reports carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EditReport {
    /// The bytes replaced.
    pub range: Span,
    /// What replaces them.
    pub replacement: String,
}

impl EditReport {
    /// Replaces `range` with `replacement`.
    pub fn new(range: Span, replacement: impl Into<String>) -> Self {
        Self { range, replacement: replacement.into() }
    }
}

/// How a finding of `--diff` stands against the base: in the JSON report, `"new"` or
/// `"existing"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Not at the base: the change brought it.
    New,
    /// The same finding (by fingerprint) is at the base.
    Existing,
}

impl Status {
    /// `new` or `existing`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Existing => "existing",
        }
    }
}

#[cfg(test)]
mod introduced_by_tests {
    use super::{IntroducedBy, IntroducingCommit};

    #[test]
    fn introduced_by_serialises_as_the_blame_object_or_null() {
        let commit =
            IntroducedBy::Commit(IntroducingCommit::new("1a2b", "Ada <ada@example.org>", "2024-05-06T16:45:00+02:00"));
        let json = r#"{"author":"Ada <ada@example.org>","commit":"1a2b","date":"2024-05-06T16:45:00+02:00"}"#;
        assert_eq!(serde_json::to_string(&commit).unwrap(), json);
        assert_eq!(serde_json::from_str::<IntroducedBy>(json).unwrap(), commit);
        assert_eq!(serde_json::to_string(&IntroducedBy::Uncommitted).unwrap(), "null");
        assert_eq!(serde_json::from_str::<IntroducedBy>("null").unwrap(), IntroducedBy::Uncommitted);
    }
}
