//! The check traits: per-article checks run in parallel, corpus checks see every article of the run.

use std::sync::Arc;

use crate::article::Article;
use crate::config::Config;
use crate::finding::Diagnostic;
use crate::report::ArticleSummary;
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
    /// Whether `rule` (a rule value the check declares) runs.
    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.selection.is_enabled(&rule.name)
    }
}

/// A check that looks at one article at a time.
pub trait ArticleCheck: Send + Sync {
    /// The rules this check reports.
    fn rules(&self) -> Vec<RuleMeta>;

    /// Appends the diagnostics of `article` to `out`.
    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>);

    /// Fills in what this check knows of the article for its entry in the report (the language
    /// family: the detected language and its confidence). The engine calls it, after
    /// [`ArticleCheck::check`], only when one of the check's rules runs; the default adds nothing.
    fn describe(&self, _article: &Article, _context: &CheckContext<'_>, _summary: &mut ArticleSummary) {}
}

/// A diagnostic of a corpus check, with the index of the article it is reported on.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusDiagnostic {
    /// Index into the corpus's articles.
    pub article: usize,
    /// The diagnostic.
    pub diagnostic: Diagnostic,
}

/// How the findings of one article depend on other articles and files, so that a run over many
/// commits (`history`, `--blame`) or a run from kept results re-examines only what a change can
/// affect.
///
/// Keys are opaque numbers a check derives from what it compares (a paragraph's normalised
/// text, an anchor, a path: [`crate::tree::file_key`] and [`crate::tree::folder_key`] for files
/// and folders, whose appearing and disappearing the engine announces itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// What this article offers others, as (key, version): the version is a hash of whatever in
    /// this article the findings of the articles needing the key depend on (0 when only the
    /// key's presence matters). When the article changes, the articles that need a key whose
    /// version changed, appeared or disappeared are checked again.
    pub provides: Vec<(u64, u64)>,
    /// The keys this article's findings depend on: the articles providing them are given to the
    /// check together with this one.
    pub needs: Vec<u64>,
}

impl Dependencies {
    /// The distinct keys of sorted `provides`.
    pub fn provided_keys(&self) -> impl Iterator<Item = u64> + '_ {
        let provides = &self.provides;
        provides
            .iter()
            .enumerate()
            .filter(|&(i, (key, _))| i == 0 || provides[i - 1].0 != *key)
            .map(|(_, &(key, _))| key)
    }
}

/// A check that needs every article of the run at once (duplicates across articles, links).
pub trait CorpusCheck: Send + Sync {
    /// The rules this check reports.
    fn rules(&self) -> Vec<RuleMeta>;

    /// Appends the diagnostics found across `articles` (sorted by path) to `out`.
    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>);

    /// What the findings of `article` depend on besides the article itself; `None` (the
    /// default) when the check cannot tell, and then runs over many commits check every article
    /// again whenever anything changed, and runs from kept results are whole
    /// runs. Given the dependencies, the diagnostics of an article must be the same — messages
    /// included — whether the check sees the whole corpus or only the article and the providers
    /// of the keys it needs, and a version must change whenever something a message of a needing
    /// article quotes changes (a related place in another article is handled by the engine).
    fn dependencies(&self, _article: &Article, _context: &CheckContext<'_>) -> Option<Dependencies> {
        None
    }

    /// Derives ahead, while articles are parsed in parallel, what this check will need from
    /// `article` (kept with [`Article::memo`]); the default does nothing.
    fn prepare(&self, _article: &Article, _context: &CheckContext<'_>) {}
}

/// The checks of a run.
#[derive(Clone, Default)]
pub struct Checks {
    /// Checks run on each article.
    pub article: Vec<Arc<dyn ArticleCheck>>,
    /// Checks run once on the whole set of articles.
    pub corpus: Vec<Arc<dyn CorpusCheck>>,
}

impl std::fmt::Debug for Checks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checks").field("article", &self.article.len()).field("corpus", &self.corpus.len()).finish()
    }
}

impl Checks {
    /// Every rule of these checks, in registration order; the engine adds its own
    /// (`unused-suppression`, `internal-error`, `unreadable-article`) to those of a run.
    pub fn rules(&self) -> Vec<RuleMeta> {
        let mut rules: Vec<RuleMeta> = self.article.iter().flat_map(|c| c.rules()).collect();
        rules.extend(self.corpus.iter().flat_map(|c| c.rules()));
        rules
    }
}
