//! A run's results kept from one run to the next, so that a run on a state close to the last one
//! (the index after one `git add`, the next commit) parses and checks only what changed.
//!
//! A [`State`] holds, per article, the id of its content (the git blob id), its findings exactly
//! as reported, the diagnostics of each corpus check and the [`Dependencies`] the corpus checks
//! declared. [`run_from`] compares a new listing with it: changed articles are parsed and checked;
//! corpus checks run again on the articles whose dependencies a change moved, plus the providers
//! of what those need; articles whose findings name a place in a changed article (a first copy,
//! a related line) are checked again so that the lines they cite stay exact. Every other article
//! keeps its stored findings. The report is the same, byte for byte, as a full run's.
//!
//! A state is only valid for the configuration, rule files and tool that made it: the caller
//! gives a key naming them, and a state with another key is not used. A state is authenticated
//! with a keyed hash under a [`Secret`] that only the user's private cache folder holds: a state
//! written by anyone else (planted in a shared folder, copied from another machine, edited and its
//! checksum recomputed) is not used.

use relecture_core::Message;
use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::NotUsed;
use crate::propagate::{
    Declarations, IntSet, changed_provides, normalized, sorted_difference_by, spread, with_providers,
};
use crate::run::{
    EngineOutput, FullRun, Parsed, describing, finalize, full_run, parse_file, run_corpus_check, sort_findings,
    summarize, unreadable_finding,
};
use relecture_core::Checks;
use relecture_core::article::Article;
use relecture_core::check::{CheckContext, CorpusDiagnostic, Dependencies};
use relecture_core::config::Config;
use relecture_core::decode::{FileContent, SourceFile};
use relecture_core::finding::{Diagnostic, Finding, FixReport, RelatedLocation};
use relecture_core::range::Span;
use relecture_core::report::ArticleSummary;
use relecture_core::rule::Severity;
use relecture_core::selection::RuleSelection;
use relecture_core::tree::TreeIndex;

/// The first bytes of a stored state, with the version of its layout.
const MAGIC: &[u8] = b"relecture-state-6\n";

/// What the first line of a state of any layout starts with: a file relecture wrote.
pub const STATE_HEADER: &[u8] = b"relecture-state-";

/// The length of the keyed hash that ends a state.
const TAG_LEN: usize = blake3::OUT_LEN;

/// The key states are authenticated with (BLAKE3's keyed mode, a MAC): random, kept in the
/// user's private cache folder, so that only runs of this user on this machine make states this
/// user's runs accept.
#[derive(Clone)]
pub struct Secret([u8; blake3::KEY_LEN]);

impl Secret {
    /// The number of bytes of a secret.
    pub const LEN: usize = blake3::KEY_LEN;

    /// A new secret from the system's random source.
    ///
    /// # Errors
    /// When the system has no random source to give.
    pub fn random() -> std::io::Result<Self> {
        let mut key = [0; Self::LEN];
        getrandom::fill(&mut key).map_err(std::io::Error::other)?;
        Ok(Self(key))
    }

    /// The secret of these bytes, `None` unless there are exactly [`Secret::LEN`].
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        Some(Self(bytes.try_into().ok()?))
    }

    /// Its bytes, to be kept.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// The results of a run, to start the next one from.
#[derive(Debug, Serialize, Deserialize)]
pub struct State {
    /// The configuration, rule files and tool this state is valid for.
    key: String,
    /// Every file of the source, sorted.
    paths: Vec<String>,
    /// Every article, sorted by path.
    articles: Vec<Stored>,
}

/// One article of a state.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    path: String,
    /// The id of its content (see [`content_id`]).
    id: String,
    summary: ArticleSummary,
    findings: Vec<StoredFinding>,
    /// Whether it could be read; an unreadable article has no diagnostics and no dependencies.
    readable: bool,
    /// The diagnostics of each corpus check.
    corpus: Vec<Vec<Diagnostic>>,
    /// The dependencies each corpus check declared.
    #[serde(with = "crate::format::dependency_list")]
    deps: Vec<Dependencies>,
    /// The other articles its findings name.
    related: Vec<String>,
}

/// A finding as a state keeps it: the article's path and the fields only `--diff` and `--blame`
/// set are left out.
#[derive(Debug, Serialize, Deserialize)]
struct StoredFinding {
    rule: String,
    family: String,
    severity: Severity,
    /// As the check said it, to be said in the report's language.
    message: Message,
    range: Span,
    related: Vec<(String, Span, Message)>,
    fix: Option<FixReport>,
    fingerprint: String,
    identity: String,
}

/// What a report says: the message as said, or its text when only that is known.
fn said(said: Option<&Message>, text: &str) -> Message {
    said.cloned().unwrap_or_else(|| Message::text(text))
}

impl StoredFinding {
    fn new(finding: &Finding) -> Self {
        Self {
            rule: finding.rule.clone(),
            family: finding.family.clone(),
            severity: finding.severity,
            message: said(finding.said.as_ref(), &finding.message),
            range: finding.range,
            related: finding
                .related
                .iter()
                .map(|r| (r.path.clone(), r.range, said(r.said.as_ref(), &r.message)))
                .collect(),
            fix: finding.fix.clone(),
            fingerprint: finding.fingerprint.clone(),
            identity: finding.identity.clone(),
        }
    }

    fn finding(&self, path: &str) -> Finding {
        Finding::new(self.rule.clone(), self.family.clone(), self.severity, self.message.clone(), path, self.range)
            .with_related(
                self.related
                    .iter()
                    .map(|(path, range, message)| RelatedLocation::new(path.clone(), *range, message.clone()))
                    .collect(),
            )
            .with_fix(self.fix.clone())
            .with_fingerprint(self.fingerprint.clone(), self.identity.clone())
    }
}

impl State {
    /// The state as bytes, to be written to a file, authenticated under `secret`.
    pub fn to_bytes(&self, secret: &Secret) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail.
        let _ = self.write_to(&mut bytes, secret);
        bytes
    }

    /// Writes the state as [`State::to_bytes`] gives it, without holding the bytes in memory: the
    /// layout's first line, the serialised state, then a keyed hash of both under `secret`.
    ///
    /// # Errors
    /// When `writer` fails.
    pub fn write_to(&self, writer: impl std::io::Write, secret: &Secret) -> std::io::Result<()> {
        let mut hashing = Hashing { inner: writer, hasher: blake3::Hasher::new_keyed(&secret.0) };
        std::io::Write::write_all(&mut hashing, MAGIC)?;
        let mut hashing = postcard::to_io(self, hashing).map_err(std::io::Error::other)?;
        let tag = hashing.hasher.finalize();
        hashing.inner.write_all(tag.as_bytes())?;
        hashing.inner.flush()
    }

    /// A state read back from [`State::to_bytes`], or `None` when the bytes are not a state of
    /// this layout (an older tool, a truncated or damaged file), were not authenticated under
    /// `secret` (written by someone else) or were made for another `key`.
    pub fn from_bytes(bytes: &[u8], key: &str, secret: &Secret) -> Option<Self> {
        Self::read(bytes, key, secret).ok().flatten()
    }

    /// [`State::from_bytes`], telling a state that is not for this run (an older layout, another
    /// `key`: `Ok(None)`) from bytes that are not a state this user's runs wrote (`Err`).
    ///
    /// # Errors
    /// [`NotUsed::Damaged`] for truncated, damaged or forged bytes.
    pub fn read(bytes: &[u8], key: &str, secret: &Secret) -> Result<Option<Self>, NotUsed> {
        if bytes.starts_with(STATE_HEADER) && !bytes.starts_with(MAGIC) {
            return Ok(None);
        }
        let at = bytes.len().checked_sub(TAG_LEN).ok_or(NotUsed::Damaged)?;
        let (authenticated, tag) = bytes.split_at(at);
        let payload = authenticated.strip_prefix(MAGIC).ok_or(NotUsed::Damaged)?;
        let tag = blake3::Hash::from_bytes(tag.try_into().map_err(|_| NotUsed::Damaged)?);
        // `Hash` compares in constant time.
        if blake3::keyed_hash(&secret.0, authenticated) != tag {
            return Err(NotUsed::Damaged);
        }
        let state: Self = postcard::from_bytes(payload).map_err(|_| NotUsed::Damaged)?;
        Ok((state.key == key).then_some(state))
    }

    /// The number of articles it holds.
    pub fn articles(&self) -> usize {
        self.articles.len()
    }
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: blake3::Hasher,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file as a run from a state lists it: its path and the id of its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Repository-relative path.
    pub path: String,
    /// See [`content_id`].
    pub id: String,
}

/// What identifies the content of a file: its blob id, or for a file that was not read, the
/// reason (the same reason gives the same finding). `None` for bytes read without a blob id.
pub fn content_id(blob: Option<&str>, content: &FileContent) -> Option<String> {
    match (blob, content) {
        (Some(blob), _) => Some(blob.to_string()),
        (None, FileContent::TooLarge(size)) => Some(format!("too-large:{size}")),
        (None, FileContent::Unavailable(reason)) => Some(format!("unavailable:{reason}")),
        (None, FileContent::Bytes(_)) => None,
    }
}

/// The dependencies of every corpus check on `article`, unless one cannot tell them.
fn declare(checks: &Checks, article: &Article, context: &CheckContext<'_>) -> Result<Vec<Dependencies>, NotUsed> {
    checks
        .corpus
        .iter()
        .map(|check| {
            catch_unwind(AssertUnwindSafe(|| check.dependencies(article, context)))
                .ok()
                .flatten()
                .map(normalized)
                .ok_or_else(|| NotUsed::UndeclaredDependencies { path: article.path.clone() })
        })
        .collect()
}

/// The other articles `diagnostics` name, sorted.
fn related_paths<'d>(own: &str, diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Vec<String> {
    let mut paths: Vec<String> =
        diagnostics.flat_map(|d| d.related.iter()).filter(|r| r.path != own).map(|r| r.path.clone()).collect();
    paths.sort();
    paths.dedup();
    paths
}

/// What a run takes besides its source.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The configuration.
    pub config: &'a Config,
    /// The checks.
    pub checks: &'a Checks,
    /// Which rules run, at which severity.
    pub selection: &'a RuleSelection,
    /// The worker threads.
    pub pool: &'a rayon::ThreadPool,
    /// Whether the output carries the text of the articles with findings (only the text format
    /// shows it).
    pub sources: bool,
}

/// The source a run from kept results lints.
pub struct Source<'r> {
    /// Its articles, sorted by path, with the ids of their contents.
    pub files: &'r [Listed],
    /// Every file of the source, sorted.
    pub paths: Vec<String>,
    /// Reads the articles named, as many as asked unless one is gone.
    pub load: &'r mut dyn FnMut(&[&str]) -> Vec<SourceFile>,
}

impl std::fmt::Debug for Source<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source").field("files", &self.files.len()).field("paths", &self.paths.len()).finish()
    }
}

/// A whole run of `files` (every file of the source is in `paths`; `listed` names the content
/// of each), and the state it leaves under `key`, unless a corpus check cannot tell its
/// dependencies.
pub fn run_storing(
    files: Vec<SourceFile>,
    listed: &[Listed],
    paths: Vec<String>,
    key: &str,
    settings: &Settings<'_>,
) -> (EngineOutput, Option<State>) {
    settings.pool.install(|| storing(files, listed, paths, key, settings))
}

fn storing(
    files: Vec<SourceFile>,
    listed: &[Listed],
    paths: Vec<String>,
    key: &str,
    &Settings { config, checks, selection, sources, .. }: &Settings<'_>,
) -> (EngineOutput, Option<State>) {
    let ids: HashMap<&str, &str> = listed.iter().map(|l| (l.path.as_str(), l.id.as_str())).collect();
    let tree = TreeIndex::new(paths.iter().cloned());
    let FullRun { articles: parsed, corpus, output } = full_run(files, &tree, config, checks, selection, sources);
    let context = CheckContext { config, selection, tree: &tree };
    // Each article is dropped once declared: the parsed corpus and the dependencies are never
    // all in memory together.
    let declared: Vec<(String, Option<Vec<Dependencies>>)> = parsed
        .into_par_iter()
        .map(|article| {
            let deps = declare(checks, &article, &context).ok();
            (article.path.clone(), deps)
        })
        .collect();
    let mut readable: HashMap<String, (Vec<Dependencies>, Vec<Vec<Diagnostic>>)> = HashMap::new();
    for ((path, deps), found) in declared.into_iter().zip(corpus) {
        let Some(deps) = deps else { return (output, None) };
        readable.insert(path, (deps, found));
    }

    let mut findings = output.findings.iter().peekable();
    let mut articles = Vec::with_capacity(output.articles.len());
    for summary in &output.articles {
        let mut own = Vec::new();
        while let Some(finding) = findings.next_if(|f| f.path == summary.path) {
            own.push(StoredFinding::new(finding));
        }
        let Some(id) = ids.get(summary.path.as_str()) else { return (output, None) };
        let (deps, found, is_readable) = match readable.remove(&summary.path) {
            Some((deps, found)) => (deps, found, true),
            None => (vec![Dependencies::default(); checks.corpus.len()], vec![Vec::new(); checks.corpus.len()], false),
        };
        articles.push(Stored {
            path: summary.path.clone(),
            id: (*id).to_string(),
            summary: summary.clone(),
            findings: own,
            readable: is_readable,
            related: related_paths(&summary.path, found.iter().flatten()),
            corpus: found,
            deps,
        });
    }
    (output, Some(State { key: key.to_string(), paths, articles }))
}

/// The articles of a run from a state, parsed as they are needed.
struct Parsing<'r> {
    files: &'r [Listed],
    parsed: HashMap<usize, Parsed>,
}

impl Parsing<'_> {
    /// Parses the articles `wanted` (by their number in the listing) not parsed yet; `false` when
    /// `load` does not return one of them.
    fn ensure(
        &mut self,
        wanted: impl IntoIterator<Item = usize>,
        load: &mut dyn FnMut(&[&str]) -> Vec<SourceFile>,
        checks: &Checks,
        context: &CheckContext<'_>,
        pool: &rayon::ThreadPool,
    ) -> bool {
        let mut missing: Vec<usize> = wanted.into_iter().filter(|i| !self.parsed.contains_key(i)).collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return true;
        }
        let paths: Vec<&str> = missing.iter().map(|&i| self.files[i].path.as_str()).collect();
        let loaded = load(&paths);
        if loaded.len() != missing.len() {
            return false;
        }
        let parsed: Vec<Parsed> =
            pool.install(|| loaded.into_par_iter().map(|file| parse_file(file, checks, context)).collect());
        for item in parsed {
            let path = match &item {
                Parsed::Article(article, _) => article.path.as_str(),
                Parsed::Unreadable(file) => file.path.as_str(),
            };
            let Ok(i) = self.files.binary_search_by(|f| f.path.as_str().cmp(path)) else { return false };
            self.parsed.insert(i, item);
        }
        missing.iter().all(|i| self.parsed.contains_key(i))
    }

    fn article(&self, i: usize) -> Option<&Article> {
        match self.parsed.get(&i)? {
            Parsed::Article(article, _) => Some(article),
            Parsed::Unreadable(_) => None,
        }
    }
}

/// [`run_from`], where a panic (a bug) becomes [`NotUsed::Failed`]: the caller runs in whole then,
/// and says why.
pub fn try_run_from(
    previous: State,
    source: Source<'_>,
    settings: &Settings<'_>,
) -> Result<(EngineOutput, State), NotUsed> {
    catch_unwind(AssertUnwindSafe(|| run_from(previous, source, settings)))
        .unwrap_or_else(|payload| Err(NotUsed::Failed { message: crate::run::panic_message(payload.as_ref()) }))
}

/// Runs on `source` starting from `previous`, reading the articles it needs through its `load`. Returns the run, the same as a whole
/// run of these files, and the new state; why not when it cannot be done from this state (an
/// article could not be loaded, a corpus check cannot tell its dependencies): run in whole then.
#[allow(clippy::too_many_lines, reason = "one algorithm, its steps commented")]
pub fn run_from(
    previous: State,
    source: Source<'_>,
    settings: &Settings<'_>,
) -> Result<(EngineOutput, State), NotUsed> {
    let Source { files, paths, load } = source;
    let &Settings { config, checks, selection, pool, sources } = settings;
    let State { key, paths: old_paths, articles: old } = previous;
    let corpus_count = checks.corpus.len();
    if old.iter().any(|s| s.deps.len() != corpus_count || s.corpus.len() != corpus_count) {
        return Err(NotUsed::OtherChecks);
    }

    // 1. The tree, and the keys of the files and folders that appeared or disappeared.
    let mut tree = TreeIndex::new(old_paths.iter().cloned());
    let mut tree_keys: Vec<u64> = Vec::new();
    sorted_difference_by(&old_paths, &paths, |path, added| {
        if added {
            tree_keys.extend(tree.insert(path.clone()));
        } else {
            tree_keys.extend(tree.remove(path));
        }
    });
    let context = CheckContext { config, selection, tree: &tree };

    // 2. What each listed article was: the same content (kept), other content, or nothing.
    let old_at: HashMap<&str, usize> = old.iter().enumerate().map(|(i, s)| (s.path.as_str(), i)).collect();
    let before: Vec<Option<usize>> = files.iter().map(|f| old_at.get(f.path.as_str()).copied()).collect();
    let kept: Vec<Option<usize>> = files.iter().zip(&before).map(|(f, &b)| b.filter(|&b| old[b].id == f.id)).collect();
    let changed: Vec<usize> = (0..files.len()).filter(|&i| kept[i].is_none()).collect();
    let listed: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let removed: Vec<usize> = (0..old.len()).filter(|&o| !listed.contains(old[o].path.as_str())).collect();
    let moved_paths: IntSet<u64> = changed
        .iter()
        .map(|&i| files[i].path.as_str())
        .chain(removed.iter().map(|&o| old[o].path.as_str()))
        .map(path_key)
        .collect();

    let mut parsing = Parsing { files, parsed: HashMap::new() };
    if !parsing.ensure(changed.iter().copied(), load, checks, &context, pool) {
        return Err(NotUsed::ArticleGone);
    }

    // 3. The dependencies of the changed articles, and the keys whose versions moved.
    let mut fresh: HashMap<usize, Vec<Dependencies>> = HashMap::new();
    for &i in &changed {
        let deps = match parsing.article(i) {
            Some(article) => declare(checks, article, &context)?,
            None => vec![Dependencies::default(); corpus_count],
        };
        fresh.insert(i, deps);
    }
    // Articles whose findings cite a place in an article that changed or left: checked again
    // by every check, so that the lines they cite are those of now; declared again too.
    let citing: Vec<usize> = (0..files.len())
        .filter(|&i| kept[i].is_some_and(|o| old[o].related.iter().any(|p| moved_paths.contains(&path_key(p)))))
        .collect();
    if !parsing.ensure(citing.iter().copied(), load, checks, &context, pool) {
        return Err(NotUsed::ArticleGone);
    }
    for &i in &citing {
        if let Some(article) = parsing.article(i) {
            fresh.insert(i, declare(checks, article, &context)?);
        }
    }

    let mut affected: Vec<BTreeSet<usize>> = Vec::with_capacity(corpus_count);
    for check in 0..corpus_count {
        let mut keys: IntSet<u64> = tree_keys.iter().copied().collect();
        for &i in changed.iter().chain(&citing) {
            let Some(now) = fresh.get(&i) else { continue };
            let old_deps = before[i].map(|o| &old[o].deps[check]);
            keys.extend(changed_provides(old_deps, Some(&now[check])));
        }
        for &o in &removed {
            keys.extend(changed_provides(Some(&old[o].deps[check]), None));
        }
        let start: BTreeSet<usize> = changed.iter().chain(&citing).copied().collect();
        let mut declared = Declared {
            fresh: &mut fresh,
            old: &old,
            kept: &kept,
            parsing: &mut parsing,
            load: &mut *load,
            settings,
            context: &context,
            check,
        };
        let set = spread(&mut declared, start, keys)?;
        affected.push(set);
    }

    // 4. Each corpus check on its affected articles and the providers of what they need.
    let mut found: HashMap<(usize, usize), Vec<Diagnostic>> = HashMap::new();
    for (check, set) in affected.iter().enumerate() {
        let declared = Declared {
            fresh: &mut fresh,
            old: &old,
            kept: &kept,
            parsing: &mut parsing,
            load: &mut *load,
            settings,
            context: &context,
            check,
        };
        let group = with_providers(&declared, set);
        if !parsing.ensure(group.iter().copied(), load, checks, &context, pool) {
            return Err(NotUsed::ArticleGone);
        }
        let members: Vec<(usize, &Article)> = group.iter().filter_map(|&i| Some((i, parsing.article(i)?))).collect();
        let refs: Vec<&Article> = members.iter().map(|(_, a)| *a).collect();
        for &i in set {
            found.insert((i, check), Vec::new());
        }
        let diagnostics = pool.install(|| run_corpus_check(checks.corpus[check].as_ref(), &refs, &context));
        for CorpusDiagnostic { article, diagnostic } in diagnostics {
            let i = members[article].0;
            if set.contains(&i) {
                found.entry((i, check)).or_default().push(diagnostic);
            }
        }
    }

    // 5. The articles to finalise again, with their corpus diagnostics; the articles their
    // findings cite are parsed so that the cited lines can be told.
    let recompute: BTreeSet<usize> = affected.iter().flatten().copied().collect();
    let corpus_of = |i: usize| -> Vec<Vec<Diagnostic>> {
        (0..corpus_count)
            .map(|check| match found.get(&(i, check)) {
                Some(diagnostics) => diagnostics.clone(),
                None => old[kept[i].expect("articles not checked again are kept")].corpus[check].clone(),
            })
            .collect()
    };
    let mut corpus: HashMap<usize, Vec<Vec<Diagnostic>>> = recompute.iter().map(|&i| (i, corpus_of(i))).collect();
    let cited: Vec<usize> = corpus
        .iter()
        .flat_map(|(&i, found)| related_paths(&files[i].path, found.iter().flatten()))
        .filter_map(|path| files.binary_search_by(|f| f.path.as_str().cmp(&path)).ok())
        .collect();
    if !parsing.ensure(cited, load, checks, &context, pool) {
        return Err(NotUsed::ArticleGone);
    }
    let index: HashMap<&str, &Article> = parsing
        .parsed
        .values()
        .filter_map(|p| if let Parsed::Article(a, _) = p { Some((a.path.as_str(), &**a)) } else { None })
        .collect();
    let describing = describing(checks, &context);
    let changed_set: BTreeSet<usize> = changed.iter().copied().collect();
    let mut finished: HashMap<usize, (Vec<Finding>, Option<ArticleSummary>)> = pool.install(|| {
        recompute
            .par_iter()
            .map(|&i| {
                let result = match &parsing.parsed[&i] {
                    Parsed::Article(article, diagnostics) => {
                        let mut all = diagnostics.clone();
                        all.extend(corpus[&i].iter().flatten().cloned());
                        let findings = finalize(article, all, selection, &index);
                        let summary = changed_set.contains(&i).then(|| summarize(article, &describing, &context));
                        (findings, summary)
                    }
                    Parsed::Unreadable(file) => {
                        let summary = ArticleSummary::new(file.path.clone(), file.blob.clone());
                        (unreadable_finding(file, selection).into_iter().collect(), Some(summary))
                    }
                };
                (i, result)
            })
            .collect()
    });

    // 6. The report and the new state, article by article in path order.
    let mut old: Vec<Option<Stored>> = old.into_iter().map(Some).collect();
    let mut output = EngineOutput::default();
    let mut articles = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let stored = if let Some((findings, summary)) = finished.remove(&i) {
            let previous = kept[i].and_then(|o| old[o].take());
            let summary = match (summary, &previous) {
                (Some(summary), _) => summary,
                (None, Some(previous)) => previous.summary.clone(),
                (None, None) => return Err(failed("an article checked again has no summary")),
            };
            let readable = parsing.article(i).is_some();
            let diagnostics = corpus.remove(&i).unwrap_or_else(|| vec![Vec::new(); corpus_count]);
            let deps = match fresh.remove(&i) {
                Some(deps) => deps,
                None => previous.map_or_else(|| vec![Dependencies::default(); corpus_count], |p| p.deps),
            };
            if sources
                && !findings.is_empty()
                && let Some(article) = parsing.article(i)
            {
                output.sources.insert(file.path.clone(), Arc::from(article.source.as_str()));
            }
            let stored = Stored {
                path: file.path.clone(),
                id: file.id.clone(),
                summary,
                findings: findings.iter().map(StoredFinding::new).collect(),
                readable,
                related: if readable { related_paths(&file.path, diagnostics.iter().flatten()) } else { Vec::new() },
                corpus: if readable { diagnostics } else { vec![Vec::new(); corpus_count] },
                deps: if readable { deps } else { vec![Dependencies::default(); corpus_count] },
            };
            output.findings.extend(findings);
            stored
        } else {
            let stored = kept[i]
                .and_then(|o| old[o].take())
                .ok_or_else(|| failed("an article neither kept nor checked again"))?;
            output.findings.extend(stored.findings.iter().map(|f| f.finding(&file.path)));
            if sources
                && !stored.findings.is_empty()
                && let Some(article) = parsing.article(i)
            {
                output.sources.insert(file.path.clone(), Arc::from(article.source.as_str()));
            }
            stored
        };
        output.articles.push(stored.summary.clone());
        articles.push(stored);
    }
    sort_findings(&mut output.findings);
    Ok((output, State { key, paths, articles }))
}

/// The dependencies of article `i` for `check`: declared in this run, or kept from the state.
fn deps_of<'a>(
    fresh: &'a HashMap<usize, Vec<Dependencies>>,
    old: &'a [Stored],
    kept: &[Option<usize>],
    i: usize,
    check: usize,
) -> &'a Dependencies {
    match fresh.get(&i) {
        Some(deps) => &deps[check],
        None => &old[kept[i].expect("articles without fresh dependencies are kept")].deps[check],
    }
}

/// The declarations of one corpus check in a run from kept results: declared in this run, or
/// kept; found by scanning every article, which costs less than indexing them for one run.
struct Declared<'d, 'r> {
    fresh: &'d mut HashMap<usize, Vec<Dependencies>>,
    old: &'d [Stored],
    kept: &'d [Option<usize>],
    parsing: &'d mut Parsing<'r>,
    load: &'d mut dyn FnMut(&[&str]) -> Vec<SourceFile>,
    settings: &'d Settings<'d>,
    context: &'d CheckContext<'d>,
    check: usize,
}

impl Declared<'_, '_> {
    /// The articles outside `known` whose dependencies for this check satisfy `hit`, sorted.
    fn scan(&self, known: &BTreeSet<usize>, hit: impl Fn(&Dependencies) -> bool + Sync) -> Vec<usize> {
        let (fresh, old, kept, check) = (&*self.fresh, self.old, self.kept, self.check);
        self.settings.pool.install(|| {
            (0..kept.len())
                .into_par_iter()
                .filter(|i| !known.contains(i) && hit(deps_of(fresh, old, kept, *i, check)))
                .collect()
        })
    }
}

impl Declarations for Declared<'_, '_> {
    type Id = usize;
    type Refusal = NotUsed;

    fn needing(&self, keys: &IntSet<u64>, known: &BTreeSet<usize>) -> Vec<usize> {
        self.scan(known, |deps| deps.needs.iter().any(|k| keys.contains(k)))
    }

    fn providing(&self, keys: &IntSet<u64>, known: &BTreeSet<usize>) -> Vec<usize> {
        self.scan(known, |deps| deps.provides.iter().any(|(k, _)| keys.contains(k)))
    }

    fn needs(&self, i: usize) -> &[u64] {
        &deps_of(self.fresh, self.old, self.kept, i, self.check).needs
    }

    fn declare_again(&mut self, ids: &[usize], moved: &mut Vec<u64>) -> Result<(), NotUsed> {
        let Settings { checks, pool, .. } = *self.settings;
        if !self.parsing.ensure(ids.iter().copied(), self.load, checks, self.context, pool) {
            return Err(NotUsed::ArticleGone);
        }
        let check = self.check;
        for &i in ids {
            let Some(article) = self.parsing.article(i) else { continue };
            let now = declare(checks, article, self.context)?;
            let was = deps_of(self.fresh, self.old, self.kept, i, check);
            if *was != now[check] {
                moved.extend(changed_provides(Some(was), Some(&now[check])));
            }
            let (old, kept) = (self.old, self.kept);
            let entry = self.fresh.entry(i).or_insert_with(|| old[kept[i].expect("kept")].deps.clone());
            entry[check] = now[check].clone();
        }
        Ok(())
    }
}

/// A run from kept results that went wrong: a bug, said rather than hidden.
fn failed(message: &str) -> NotUsed {
    NotUsed::Failed { message: message.to_string() }
}

/// A hash of a path, to test membership cheaply.
fn path_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        let at = relecture_core::range::Position { line: 1, column: 1, offset: 0 };
        let finding = StoredFinding {
            rule: "repeated-word".into(),
            family: "duplicates".into(),
            severity: Severity::Warning,
            message: "« le le »".into(),
            range: Span { start: at, end: at },
            related: Vec::new(),
            fix: None,
            fingerprint: "0123456789abcdef".into(),
            identity: "fedcba9876543210".into(),
        };
        let deps = vec![
            Dependencies { provides: vec![(1, 2), (u64::MAX, 0)], needs: vec![3, u64::MAX] },
            // Needs that are the provided keys are written once.
            Dependencies { provides: vec![(1, 0), (1, 7), (5, 7)], needs: vec![1, 5] },
            Dependencies { provides: vec![(1, 0)], needs: Vec::new() },
        ];
        State {
            key: "key".into(),
            paths: vec!["a.md".into(), "img.png".into()],
            articles: vec![Stored {
                path: "a.md".into(),
                id: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".into(),
                summary: ArticleSummary::new("a.md", None),
                findings: vec![finding],
                readable: true,
                corpus: vec![
                    vec![Diagnostic::new(
                        &crate::run::UNUSED_SUPPRESSION,
                        relecture_core::TextRange::new(3, 9),
                        "copie",
                    )],
                    vec![],
                    vec![],
                ],
                deps,
                related: vec!["b.md".into()],
            }],
        }
    }

    #[test]
    fn a_state_reads_back_only_whole_with_its_key() {
        let secret = Secret::random().unwrap();
        let bytes = state().to_bytes(&secret);
        assert!(bytes.starts_with(STATE_HEADER));
        let back = State::from_bytes(&bytes, "key", &secret).expect("reads back");
        assert_eq!(back.articles[0].deps, state().articles[0].deps);
        assert_eq!(back.articles[0].corpus, state().articles[0].corpus);
        assert_eq!(back.articles[0].findings[0].finding("a.md").message, "« le le »");
        assert!(State::from_bytes(&bytes, "other", &secret).is_none(), "another configuration or build");
        assert!(State::from_bytes(&bytes[..bytes.len() - 1], "key", &secret).is_none(), "truncated");
        assert!(State::from_bytes(&bytes[..MAGIC.len() + 3], "key", &secret).is_none(), "truncated");
        for at in [MAGIC.len(), bytes.len() / 2, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert!(State::from_bytes(&damaged, "key", &secret).is_none(), "byte {at} damaged");
        }
        let mut older = bytes.clone();
        older[MAGIC.len() - 2] = b'1';
        assert!(State::from_bytes(&older, "key", &secret).is_none(), "another layout");
        assert!(State::from_bytes(b"", "key", &secret).is_none());
    }

    #[test]
    fn a_state_made_or_edited_without_the_secret_is_not_used() {
        let secret = Secret::random().unwrap();
        let theirs = Secret::random().unwrap();
        // Someone else's state, valid under their own secret.
        let planted = state().to_bytes(&theirs);
        assert!(State::from_bytes(&planted, "key", &theirs).is_some());
        assert!(State::from_bytes(&planted, "key", &secret).is_none());
        // An edited state with a hash anyone can compute again (the hash without a key).
        let mut edited = state();
        edited.articles[0].findings[0].message = "« la la »".into();
        let mut bytes = edited.to_bytes(&secret);
        let body = bytes.len() - TAG_LEN;
        let unkeyed = blake3::hash(&bytes[..body]);
        bytes[body..].copy_from_slice(unkeyed.as_bytes());
        assert!(State::from_bytes(&bytes, "key", &secret).is_none());
    }
}
