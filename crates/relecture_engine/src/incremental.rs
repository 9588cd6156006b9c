//! Incremental runs over a sequence of states, such as the commits of a history: each change
//! re-lints only the articles it touched, and corpus checks re-examine only the articles whose
//! findings it can affect, through the [`Dependencies`] the checks declare.
//!
//! The state keeps, per article, the identities of its findings (the `identity` of
//! [`relecture_core::Finding`], with its family): enough to tell which findings a change introduced and
//! which it fixed, which is what `history` and `--blame` need.
//!
//! Article checks must depend only on the article and the configuration: their results are
//! cached by path and blob id for the life of the state.

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rayon::prelude::*;

use crate::propagate::{Declarations, IntMap, IntSet, KeyIndex, changed_provides, normalized, spread, with_providers};
use crate::run::{Parsed, identify, parse_file, run_corpus_check, unreadable_identity};
use relecture_core::Checks;
use relecture_core::article::Article;
use relecture_core::check::{CheckContext, CorpusDiagnostic, Dependencies};
use relecture_core::config::Config;
use relecture_core::decode::SourceFile;
use relecture_core::finding::Diagnostic;
use relecture_core::selection::RuleSelection;
use relecture_core::tree::TreeIndex;

/// A change of one path, in the type git gives it: the engine applies the changes between two
/// commits as they come, and tests build their own.
pub use relecture_git::{After, TreeChange as Change};

/// Articles parsed and checked ahead, by (path, blob id).
#[derive(Default)]
pub struct ParsedAhead(Vec<((String, String), Arc<Parsed>)>);

impl std::fmt::Debug for ParsedAhead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ParsedAhead").field(&self.0.len()).finish()
    }
}

/// The findings of one article, as sorted, distinct (identity, family) pairs.
pub type Keys = Vec<(String, String)>;

/// How a change moved the findings of one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathDelta {
    /// Repository-relative path.
    pub path: String,
    /// Its findings before the change.
    pub before: Keys,
    /// Its findings after the change.
    pub after: Keys,
}

/// Below this many items, work is done on the calling thread: waking the pool costs more.
const PARALLEL_FROM: usize = 16;

/// Parsed articles kept by (path, blob id) beyond those of the current state.
const CACHE_LIMIT: usize = 1024;

struct Entry {
    parsed: Arc<Parsed>,
    /// Diagnostics of each corpus check on this article.
    corpus: Vec<Vec<Diagnostic>>,
    /// Dependencies declared by each corpus check (`None` until computed, or when the check
    /// cannot tell).
    deps: Vec<Option<Dependencies>>,
    keys: Keys,
}

impl Entry {
    fn article(&self) -> Option<&Article> {
        match self.parsed.as_ref() {
            Parsed::Article(article, _) => Some(article),
            Parsed::Unreadable(_) => None,
        }
    }
}

/// The findings of a sequence of states, updated change by change.
pub struct Incremental<'a> {
    config: &'a Config,
    checks: &'a Checks,
    selection: &'a RuleSelection,
    tree: TreeIndex,
    /// Path → id, and id → path; ids are never reused.
    ids: HashMap<String, u32>,
    paths: Vec<String>,
    entries: IntMap<u32, Entry>,
    indexes: Vec<KeyIndex>,
    /// Corpus checks that cannot tell their dependencies: run on every article at each change.
    whole: Vec<bool>,
    cache: HashMap<(String, String), Arc<Parsed>>,
    total: usize,
}

impl std::fmt::Debug for Incremental<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incremental").field("files", &self.tree.len()).field("articles", &self.entries.len()).finish()
    }
}

impl<'a> Incremental<'a> {
    /// An empty state (no file) for these checks.
    pub fn new(config: &'a Config, checks: &'a Checks, selection: &'a RuleSelection) -> Self {
        Self {
            config,
            checks,
            selection,
            tree: TreeIndex::default(),
            ids: HashMap::new(),
            paths: Vec::new(),
            entries: IntMap::default(),
            indexes: checks.corpus.iter().map(|_| KeyIndex::default()).collect(),
            whole: vec![false; checks.corpus.len()],
            cache: HashMap::new(),
            total: 0,
        }
    }

    /// Number of findings in the current state.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Whether the article at `path` has a finding of this identity.
    pub fn contains(&self, path: &str, identity: &str) -> bool {
        let Some(entry) = self.ids.get(path).and_then(|id| self.entries.get(id)) else { return false };
        let start = entry.keys.partition_point(|(i, _)| i.as_str() < identity);
        entry.keys.get(start).is_some_and(|(i, _)| i == identity)
    }

    /// Whether an article (readable or not) is at `path`.
    pub fn has_article(&self, path: &str) -> bool {
        self.ids.get(path).is_some_and(|id| self.entries.contains_key(id))
    }

    /// Every finding of the current state as (path, identity, family), sorted.
    pub fn findings(&self) -> Vec<(String, String, String)> {
        let mut all: Vec<(String, String, String)> = self
            .entries
            .iter()
            .flat_map(|(&id, entry)| {
                let path = &self.paths[id as usize];
                entry.keys.iter().map(move |(identity, family)| (path.clone(), identity.clone(), family.clone()))
            })
            .collect();
        all.sort();
        all
    }

    /// Parses and checks `files` in parallel, on the threads of the calling pool, for
    /// [`Incremental::adopt`]: a walk over many commits does it ahead, on other threads than
    /// the one applying the changes. Article checks do not look at the tree.
    pub fn parse_ahead(
        config: &Config,
        checks: &Checks,
        selection: &RuleSelection,
        files: Vec<SourceFile>,
    ) -> ParsedAhead {
        let tree = TreeIndex::default();
        let context = CheckContext { config, selection, tree: &tree };
        ParsedAhead(
            files
                .into_par_iter()
                .filter_map(|file| {
                    let key = (file.path.clone(), file.blob.clone()?);
                    Some((key, Arc::new(parse_file(file, checks, &context))))
                })
                .collect(),
        )
    }

    /// Keeps articles parsed ahead, so that the changes bringing them find them done.
    pub fn adopt(&mut self, ahead: ParsedAhead) {
        if self.cache.len() > CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.extend(ahead.0);
    }

    fn id(&mut self, path: &str) -> u32 {
        if let Some(&id) = self.ids.get(path) {
            return id;
        }
        let id = u32::try_from(self.paths.len()).expect("fewer than 2^32 paths");
        self.ids.insert(path.to_string(), id);
        self.paths.push(path.to_string());
        id
    }

    fn dependencies(&self, check: usize, article: &Article) -> Option<Dependencies> {
        let context = CheckContext { config: self.config, selection: self.selection, tree: &self.tree };
        let check = &self.checks.corpus[check];
        catch_unwind(AssertUnwindSafe(|| check.dependencies(article, &context))).ok().flatten().map(normalized)
    }

    fn cached(&self, file: &SourceFile) -> Option<Arc<Parsed>> {
        let blob = file.blob.as_ref()?;
        self.cache.get(&(file.path.clone(), blob.clone())).cloned()
    }

    /// Applies `changes` and returns, for every path whose findings changed, its findings
    /// before and after, sorted by path.
    pub fn apply(&mut self, changes: Vec<Change>) -> Vec<PathDelta> {
        // 1. The tree, and the keys of the files and folders that appeared or disappeared.
        let mut tree_keys: Vec<u64> = Vec::new();
        for change in &changes {
            match change.after {
                After::Absent => tree_keys.extend(self.tree.remove(&change.path)),
                After::Article(_) | After::File => tree_keys.extend(self.tree.insert(change.path.clone())),
            }
        }

        // 2. The new state of each changed path; articles parsed (or found in the cache) in parallel.
        let mut states: Vec<(u32, Option<Arc<Parsed>>)> = Vec::new();
        let mut pending: Vec<(u32, SourceFile)> = Vec::new();
        for change in changes {
            let id = self.id(&change.path);
            match change.after {
                After::Article(file) => match self.cached(&file) {
                    Some(parsed) => states.push((id, Some(parsed))),
                    None => pending.push((id, file)),
                },
                After::File | After::Absent => states.push((id, None)),
            }
        }
        if !pending.is_empty() {
            let context = CheckContext { config: self.config, selection: self.selection, tree: &self.tree };
            let checks = self.checks;
            let parse = |(id, file): (u32, SourceFile)| (id, Arc::new(parse_file(file, checks, &context)));
            let parsed: Vec<(u32, Arc<Parsed>)> = if pending.len() < PARALLEL_FROM {
                pending.into_iter().map(parse).collect()
            } else {
                pending.into_par_iter().map(parse).collect()
            };
            for (id, parsed) in parsed {
                if let Some(blob) = parsed_blob(&parsed) {
                    self.cache.insert((self.paths[id as usize].clone(), blob.to_string()), parsed.clone());
                }
                states.push((id, Some(parsed)));
            }
        }
        states.sort_by_key(|(id, _)| *id);

        // 3. Entries replaced; what they held is kept to compare.
        let corpus_count = self.checks.corpus.len();
        let mut before: HashMap<u32, Keys> = HashMap::new();
        let mut old_deps: HashMap<u32, Vec<Option<Dependencies>>> = HashMap::new();
        let mut touched: Vec<u32> = Vec::new();
        for (id, parsed) in states {
            match self.entries.remove(&id) {
                Some(old) => {
                    self.total -= old.keys.len();
                    before.insert(id, old.keys);
                    old_deps.insert(id, old.deps);
                }
                None => {
                    before.entry(id).or_default();
                }
            }
            if let Some(parsed) = parsed {
                let entry = Entry {
                    parsed,
                    corpus: vec![Vec::new(); corpus_count],
                    deps: vec![None; corpus_count],
                    keys: Vec::new(),
                };
                self.entries.insert(id, entry);
                touched.push(id);
            }
        }
        let anything_changed = !before.is_empty() || !tree_keys.is_empty();

        // 4. Each corpus check, on the articles the change can affect.
        let mut recompute: BTreeSet<u32> = touched.iter().copied().collect();
        for check in 0..corpus_count {
            if self.whole[check] && !anything_changed {
                continue;
            }
            let incremental =
                if self.whole[check] { None } else { self.affected(check, &touched, &tree_keys, &old_deps) };
            let affected = incremental.unwrap_or_else(|| {
                self.whole[check] = true;
                self.entries.keys().copied().collect()
            });
            self.run_check(check, &affected);

            recompute.extend(affected);
        }

        // 5. The findings of every article whose diagnostics may have changed.
        let keys = |id: &u32| self.entries.get(id).map(|entry| (*id, self.keys_of(entry)));
        let computed: Vec<(u32, Keys)> = if recompute.len() < PARALLEL_FROM {
            recompute.iter().filter_map(keys).collect()
        } else {
            recompute.par_iter().filter_map(keys).collect()
        };
        for (id, keys) in computed {
            let entry = self.entries.get_mut(&id).expect("recomputed entries exist");
            self.total = self.total + keys.len() - entry.keys.len();
            let old = std::mem::replace(&mut entry.keys, keys);
            before.entry(id).or_insert(old);
        }

        // 6. What moved.
        let mut deltas: Vec<PathDelta> = before
            .into_iter()
            .filter_map(|(id, before)| {
                let after = self.entries.get(&id).map(|e| e.keys.clone()).unwrap_or_default();
                (before != after).then(|| PathDelta { path: self.paths[id as usize].clone(), before, after })
            })
            .collect();
        deltas.sort_by(|a, b| a.path.cmp(&b.path));
        deltas
    }

    /// The articles whose findings of corpus check `check` the change can affect, with their
    /// dependencies brought up to date; `None` when some article's dependencies cannot be told.
    fn affected(
        &mut self,
        check: usize,
        touched: &[u32],
        tree_keys: &[u64],
        old_deps: &HashMap<u32, Vec<Option<Dependencies>>>,
    ) -> Option<BTreeSet<u32>> {
        let declare = |&id: &u32| {
            let deps = match self.entries[&id].article() {
                Some(article) => self.dependencies(check, article),
                None => Some(Dependencies::default()),
            };
            (id, deps)
        };
        // A commit usually touches a few articles: threads only for many.
        let computed: Vec<(u32, Option<Dependencies>)> = if touched.len() < PARALLEL_FROM {
            touched.iter().map(declare).collect()
        } else {
            touched.par_iter().map(declare).collect()
        };
        let mut changed: Vec<u64> = tree_keys.to_vec();
        for (id, deps) in computed {
            let deps = deps?;
            let old = old_deps.get(&id).and_then(|d| d[check].as_ref());
            changed.extend(changed_provides(old, Some(&deps)));
            self.indexes[check].update(id, old, Some(&deps));
            self.entries.get_mut(&id).expect("touched entries exist").deps[check] = Some(deps);
        }
        // Articles gone: whatever they offered is gone too.
        for (id, deps) in old_deps {
            if !self.entries.contains_key(id) {
                changed.extend(changed_provides(deps[check].as_ref(), None));
                self.indexes[check].update(*id, deps[check].as_ref(), None);
            }
        }
        spread(&mut Declared { state: self, check }, touched.iter().copied().collect(), changed).ok()
    }

    /// Runs corpus check `check` on `affected` and the providers of what they need, and keeps
    /// its diagnostics on `affected`.
    fn run_check(&mut self, check: usize, affected: &BTreeSet<u32>) {
        let context_ids: Vec<u32> = if self.whole[check] {
            affected.iter().copied().collect()
        } else {
            with_providers(&Declared { state: self, check }, affected)
        };
        let mut ordered: Vec<(&str, u32, &Article)> = context_ids
            .into_iter()
            .filter_map(|id| {
                let article = self.entries.get(&id)?.article()?;
                Some((self.paths[id as usize].as_str(), id, article))
            })
            .collect();
        ordered.sort_by(|a, b| a.0.cmp(b.0));
        let refs: Vec<&Article> = ordered.iter().map(|(_, _, article)| *article).collect();
        let context = CheckContext { config: self.config, selection: self.selection, tree: &self.tree };
        let found = run_corpus_check(self.checks.corpus[check].as_ref(), &refs, &context);
        let ids: Vec<u32> = ordered.iter().map(|(_, id, _)| *id).collect();
        for id in affected {
            if let Some(entry) = self.entries.get_mut(id) {
                entry.corpus[check].clear();
            }
        }
        for CorpusDiagnostic { article, diagnostic } in found {
            let id = ids[article];
            if affected.contains(&id)
                && let Some(entry) = self.entries.get_mut(&id)
            {
                entry.corpus[check].push(diagnostic);
            }
        }
    }

    fn keys_of(&self, entry: &Entry) -> Keys {
        let mut keys: Keys = match entry.parsed.as_ref() {
            Parsed::Article(article, diagnostics) => {
                let mut all = diagnostics.clone();
                for found in &entry.corpus {
                    all.extend(found.iter().cloned());
                }
                // A link relecture cannot verify is counted apart, never a finding (as in a check).
                identify(article, all, self.selection)
                    .into_iter()
                    .filter(|i| i.diagnostic.rule != relecture_core::UNVERIFIABLE_LINK)
                    .map(|i| (i.identity, i.family))
                    .collect()
            }
            Parsed::Unreadable(file) => {
                if self.selection.severity(&file.diagnostic.rule).is_some() {
                    vec![(unreadable_identity(&file.diagnostic), "engine".to_string())]
                } else {
                    Vec::new()
                }
            }
        };
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The declarations of one corpus check in a state, looked up through its key index.
struct Declared<'s, 'a> {
    state: &'s mut Incremental<'a>,
    check: usize,
}

impl Declarations for Declared<'_, '_> {
    type Id = u32;
    /// The check is then run on every article.
    type Refusal = ();

    fn needing(&self, keys: &IntSet<u64>, known: &BTreeSet<u32>) -> Vec<u32> {
        self.state.indexes[self.check].needing(keys, known)
    }

    fn providing(&self, keys: &IntSet<u64>, known: &BTreeSet<u32>) -> Vec<u32> {
        self.state.indexes[self.check].providing(keys, known)
    }

    fn needs(&self, id: u32) -> &[u64] {
        self.state.entries.get(&id).and_then(|e| e.deps[self.check].as_ref()).map_or(&[], |d| d.needs.as_slice())
    }

    fn declare_again(&mut self, ids: &[u32], moved: &mut Vec<u64>) -> Result<(), ()> {
        let check = self.check;
        for &id in ids {
            let Some(article) = self.state.entries.get(&id).and_then(Entry::article) else { continue };
            let fresh = self.state.dependencies(check, article).ok_or(())?;
            let entry = self.state.entries.get_mut(&id).expect("needers exist");
            if entry.deps[check].as_ref() != Some(&fresh) {
                let old = entry.deps[check].replace(fresh.clone());
                moved.extend(changed_provides(old.as_ref(), Some(&fresh)));
                self.state.indexes[check].update(id, old.as_ref(), Some(&fresh));
            }
        }
        Ok(())
    }
}

fn parsed_blob(parsed: &Parsed) -> Option<&str> {
    match parsed {
        Parsed::Article(article, _) => article.blob.as_deref(),
        Parsed::Unreadable(file) => file.blob.as_deref(),
    }
}
