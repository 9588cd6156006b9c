//! The check traits: per-article checks run in parallel, corpus checks see every article of the run.

use crate::article::Article;
use crate::config::Config;
use crate::finding::Diagnostic;
use crate::rule::RuleMeta;
use crate::selection::RuleSelection;
use crate::tree::TreeIndex;

/// What a check may look at besides the article.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The configuration of the run.
    pub config: &'a Config,
    /// Which rules run, to skip work for rules that are off.
    pub selection: &'a RuleSelection,
    /// Every file of the linted source, for checks that resolve paths.
    pub tree: &'a TreeIndex,
}

impl CheckContext<'_> {
    /// Whether `rule` runs.
    pub fn is_enabled(&self, rule: &str) -> bool {
        self.selection.is_enabled(rule)
    }
}

/// A check that looks at one article at a time.
pub trait ArticleCheck: Send + Sync {
    /// The rules this check reports.
    fn rules(&self) -> Vec<RuleMeta>;

    /// Appends the diagnostics of `article` to `out`.
    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>);
}

/// A diagnostic of a corpus check, with the index of the article it is reported on.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusDiagnostic {
    /// Index into the corpus's articles.
    pub article: usize,
    /// The diagnostic.
    pub diagnostic: Diagnostic,
}

/// A check that needs every article of the run at once (duplicates across articles, links).
pub trait CorpusCheck: Send + Sync {
    /// The rules this check reports.
    fn rules(&self) -> Vec<RuleMeta>;

    /// Appends the diagnostics found across `articles` to `out`.
    fn check(&self, articles: &[Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>);
}
