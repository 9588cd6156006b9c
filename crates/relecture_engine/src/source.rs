//! Linting one state of a repository: listing it, narrowing it to paths or a shard, and running
//! either in whole or from the results the last run kept, which are kept again for the next.

use relecture_core::translation::source_language;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use relecture_core::report::{Fallback, Summary};
use relecture_core::site::{Site, SiteConfig};
use relecture_core::{Checks, Config, Report, RuleMeta, Skipped, SourceFile, SourceKind, Status, TreeIndex};
use relecture_git::{Snapshot, Workspace};

use crate::store::{STATE_MAX_AGE, Store};
use crate::stored::{self, Listed, Secret, Settings, State};
use crate::{EngineOutput, Error, NotUsed};

/// Where runs keep their results between them, by name: one state per repository and kind of
/// source.
pub trait StateStore {
    /// The state `name` when there is one for `key`; `Ok(None)` when there is none for this
    /// run (no state, one made with other settings or by an older version).
    ///
    /// # Errors
    /// Why a state that is there cannot be used (damaged, not written by this user's runs).
    fn load(&self, name: &str, key: &str) -> Result<Option<State>, NotUsed>;

    /// Keeps `state` as `name`.
    ///
    /// # Errors
    /// When it cannot be written.
    fn save(&self, name: &str, state: &State) -> Result<(), Error>;

    /// Removes what is stale, after a save; nothing by default.
    fn prune(&self) {}
}

impl StateStore for Store {
    fn load(&self, name: &str, key: &str) -> Result<Option<State>, NotUsed> {
        Store::load(self, name, key)
    }

    fn save(&self, name: &str, state: &State) -> Result<(), Error> {
        self.write(name, state)
    }

    fn prune(&self) {
        Store::prune(self, STATE_MAX_AGE);
    }
}

/// States kept in memory, as bytes: for tests, and for tools that lint one repository many times
/// in one process.
#[derive(Debug)]
pub struct MemoryStore {
    secret: Secret,
    states: Mutex<HashMap<String, Vec<u8>>>,
}

impl MemoryStore {
    /// An empty store.
    ///
    /// # Errors
    /// When the system has no random source for the secret of its states.
    pub fn new() -> std::io::Result<Self> {
        Ok(Self { secret: Secret::random()?, states: Mutex::default() })
    }

    /// Changes the state `name` with `damage` (tests of what a damaged state does).
    pub fn damage(&self, name: &str, damage: impl FnOnce(&mut Vec<u8>)) {
        if let Some(bytes) = self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_mut(name) {
            damage(bytes);
        }
    }
}

impl StateStore for MemoryStore {
    fn load(&self, name: &str, key: &str) -> Result<Option<State>, NotUsed> {
        let states = self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        states.get(name).map_or(Ok(None), |bytes| State::read(bytes, key, &self.secret))
    }

    fn save(&self, name: &str, state: &State) -> Result<(), Error> {
        let bytes = state.to_bytes(&self.secret);
        self.states.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(name.to_string(), bytes);
        Ok(())
    }
}

/// The name of the state of the repository at `root` for `kind` of source: one for the working
/// tree, one for git objects (the index and revisions).
pub fn state_name(root: &Path, kind: SourceKind) -> String {
    let kind = if kind == SourceKind::WorkTree { "worktree" } else { "objects" };
    Store::state_name(&root.display().to_string(), kind)
}

/// What a state is valid for: the tool's build, the configuration, the rule files, the rule
/// selection given on the command line and the rules of the checks. A state made with any other
/// is not used.
pub fn state_key(
    tool: &str,
    config: &Config,
    rule_files_hash: u64,
    select: Option<&[String]>,
    ignore: &[String],
    checks: &Checks,
) -> String {
    let names: Vec<_> = crate::rules(checks).into_iter().map(|r| r.name).collect();
    let described = format!("{tool}\0{config:?}\0{rule_files_hash:x}\0{select:?}\0{ignore:?}\0{names:?}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(described.as_bytes()))
}

/// The 1-based shard of `path` among `count`.
pub fn shard_of(path: &str, count: usize) -> usize {
    let count = count.max(1) as u64;
    (xxhash_rust::xxh3::xxh3_64(path.as_bytes()) % count) as usize + 1
}

/// Results kept between runs.
pub struct Keeping<'a> {
    /// Where; `None` when the store cannot be opened (nothing is kept then).
    pub store: Option<&'a dyn StateStore>,
    /// What the state must have been made for ([`state_key`]).
    pub key: String,
    /// Whether the last state may be used; when not, the run is whole and its state kept.
    pub reuse: bool,
}

impl std::fmt::Debug for Keeping<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keeping").field("key", &self.key).field("reuse", &self.reuse).finish_non_exhaustive()
    }
}

/// What to lint of a source, and how.
#[derive(Debug)]
pub struct Lint<'a> {
    /// The run's configuration, checks, selection and threads.
    pub settings: Settings<'a>,
    /// Only the files at or under these paths (empty: every article).
    pub paths: &'a [String],
    /// Only the articles of this shard: (1-based index, count).
    pub shard: Option<(usize, usize)>,
    /// Whether each of `paths` must name an article or a folder holding one (an error names the
    /// first that does not); a run on a pull request's base, where a new file is not there yet,
    /// does not ask it.
    pub strict_paths: bool,
    /// Results kept between runs, for a whole source of a git repository.
    pub keeping: Option<Keeping<'a>>,
}

/// What linting a source gave.
#[derive(Debug)]
pub struct Linted {
    /// The findings and articles.
    pub output: EngineOutput,
    /// The files the globs matched that were not linted.
    pub skipped: Vec<Skipped>,
    /// Why kept results that were there were not used.
    pub fallback: Option<Fallback>,
    /// The site's language: the default language its configuration states, else `[language]
    /// default` (the language relecture speaks to its readers when they choose none).
    pub site_language: Option<String>,
    /// The site model the lint used (none for articles given in memory).
    pub site: Option<Arc<relecture_core::site::Site>>,
}

/// Lists and lints `snapshot` of `workspace`, from the state of the last run when there is one.
///
/// # Errors
/// When the source cannot be listed or an article cannot be read.
pub fn lint(workspace: &Workspace, snapshot: &Snapshot<'_>, lint: Lint<'_>) -> Result<Linted, Error> {
    let Lint { settings, paths: narrow, shard, keeping, strict_paths } = lint;
    let Settings { config, checks, selection, pool, sources } = settings;
    // A whole run, nothing kept.
    let whole = |files: Vec<SourceFile>, paths: Vec<String>, config: &Config| -> EngineOutput {
        let tree = TreeIndex::new(paths);
        pool.install(|| crate::run_in_tree_with(files, &tree, config, checks, selection, sources))
    };
    let keeping = keeping.filter(|_| workspace.is_git() && narrow.is_empty() && shard.is_none());
    let Some(Keeping { store, key, reuse }) = keeping else {
        let mut listing = snapshot.list(&config.file_filter(), config.max_file_size)?;
        let config = &with_site(config, &listing.paths, snapshot);
        if strict_paths {
            check_paths(narrow, &listing, &config.file_filter(), snapshot)?;
        }
        if !narrow.is_empty() {
            let keep = |path: &str| {
                narrow.iter().any(|p| {
                    p.is_empty() || path == p || path.strip_prefix(p.as_str()).is_some_and(|r| r.starts_with('/'))
                })
            };
            listing.files.retain(|f| keep(&f.path));
            listing.skipped.retain(|s| keep(&s.path));
        }
        if let Some((index, count)) = shard {
            listing.files.retain(|f| shard_of(&f.path, count) == index);
        }
        return Ok(Linted {
            output: whole(listing.files, listing.paths, config),
            skipped: listing.skipped,
            fallback: None,
            site_language: source_language(config, ""),
            site: config.section::<SiteConfig>().detected.clone(),
        });
    };

    let file = state_name(workspace.root(), snapshot.kind());
    let max_size = config.max_file_size;

    // The articles as (path, content id), and how to read them.
    let Some(mut listing) = snapshot.list_ids(&config.file_filter(), max_size)? else {
        let listing = snapshot.list(&config.file_filter(), max_size)?;
        let config = &with_site(config, &listing.paths, snapshot);
        return Ok(Linted {
            output: whole(listing.files, listing.paths, config),
            skipped: listing.skipped,
            fallback: None,
            site_language: source_language(config, ""),
            site: config.section::<SiteConfig>().detected.clone(),
        });
    };
    // The site model is read from the files of this source: a state made for another model is
    // not used.
    let config = &with_site(config, &listing.paths, snapshot);
    let key = format!("{key}{:016x}", site_hash(config));
    let settings = Settings { config, ..settings };
    // No state for this run is no fallback; a state that is there but unusable is one.
    let previous = match store.filter(|_| reuse).map(|store| store.load(&file, &key)) {
        Some(Ok(Some(state))) => Ok(Some(state)),
        Some(Ok(None)) | None => Ok(None),
        Some(Err(reason)) => Err(reason),
    };
    let unread = std::mem::take(&mut listing.unread);
    let read_now: HashMap<String, SourceFile> =
        std::mem::take(&mut listing.files).into_iter().map(|f| (f.path.clone(), f)).collect();
    // A tracked file of the working tree left unread is named by the id of its content as git
    // stores it, which line-ending filters may make differ from its bytes on disk: those ids
    // have their own namespace.
    let prefix = if snapshot.kind() == SourceKind::WorkTree { "clean:" } else { "" };
    let mut listed: Vec<Listed> =
        unread.iter().map(|(path, id)| Listed { path: path.clone(), id: format!("{prefix}{id}") }).collect();
    let mut unnamed = false;
    for file in read_now.values() {
        match stored::content_id(file.blob.as_deref(), &file.content) {
            Some(id) => listed.push(Listed { path: file.path.clone(), id }),
            None => unnamed = true,
        }
    }
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    // One article, from what the listing read or from git (the disk for the working tree);
    // `None` when it is gone since the listing.
    let fetch = |path: &str| -> Result<Option<SourceFile>, Error> {
        if let Some(file) = read_now.get(path) {
            return Ok(Some(file.clone()));
        }
        let Ok(at) = unread.binary_search_by(|(p, _)| p.as_str().cmp(path)) else { return Ok(None) };
        Ok(snapshot.read_ids(&[(unread[at].0.as_str(), unread[at].1.as_str())], max_size)?.pop())
    };
    // For a whole run: a file that cannot be read stops the run, as it does without kept results.
    let read_all = |wanted: &[&str]| -> Result<Vec<SourceFile>, Error> {
        Ok(wanted.iter().map(|path| fetch(path)).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect())
    };
    // For a run from a state: a file missing makes it a whole run.
    let mut read =
        |wanted: &[&str]| -> Vec<SourceFile> { wanted.iter().filter_map(|path| fetch(path).ok().flatten()).collect() };
    let all: Vec<&str> = listed.iter().map(|l| l.path.as_str()).collect();
    let (paths, skipped) = (listing.paths, listing.skipped);
    if unnamed {
        return Ok(Linted {
            output: whole(read_all(&all)?, paths, config),
            skipped,
            fallback: None,
            site_language: source_language(config, ""),
            site: config.section::<SiteConfig>().detected.clone(),
        });
    }

    // A run from a state that goes wrong (a bug) must not stop the run: it is done in whole,
    // and the report says why.
    let from_state = previous.and_then(|previous| {
        let Some(previous) = previous else { return Ok(None) };
        let source = stored::Source { files: &listed, paths: paths.clone(), load: &mut read };
        stored::try_run_from(previous, source, &settings).map(Some)
    });
    let (from_state, fallback) = match from_state {
        Ok(done) => (done, None),
        Err(reason) => (None, Some(Fallback::new(reason.to_string()))),
    };
    let (mut output, state) = if let Some((output, state)) = from_state {
        (output, Some(state))
    } else {
        let files = read_all(&all)?;
        stored::run_storing(files, &listed, paths, &key, &settings)
    };
    if sources {
        backfill_sources(&mut output, &mut read, max_size);
    }
    if let (Some(state), Some(store)) = (state, store) {
        // The state is only a cache: a run never fails for want of writing it.
        let _ = store.save(&file, &state);
        store.prune();
    }
    Ok(Linted {
        output,
        skipped,
        fallback,
        site_language: source_language(config, ""),
        site: config.section::<SiteConfig>().detected.clone(),
    })
}

/// Whether `path` is `under` itself or inside the folder `under` (`""` is the root).
fn is_under(path: &str, under: &str) -> bool {
    under.is_empty() || path == under || path.strip_prefix(under).is_some_and(|rest| rest.starts_with('/'))
}

/// Refuses the first of `narrow` that names nothing in the source, or nothing the configuration
/// makes an article.
fn check_paths(
    narrow: &[String],
    listing: &relecture_git::Listing,
    filter: &relecture_core::config::FileFilter,
    snapshot: &Snapshot<'_>,
) -> Result<(), Error> {
    for path in narrow.iter().filter(|p| !p.is_empty()) {
        if !listing.paths.iter().any(|p| is_under(p, path)) {
            let place = match snapshot.kind() {
                SourceKind::Staged => "the index".to_string(),
                SourceKind::Revision => format!("revision {}", snapshot.revision().unwrap_or_default()),
                _ => "the working tree".to_string(),
            };
            return Err(Error::NoSuchPath { path: path.clone(), place });
        }
        let articles =
            listing.files.iter().map(|f| f.path.as_str()).chain(listing.skipped.iter().map(|s| s.path.as_str()));
        if !articles.clone().any(|p| is_under(p, path)) {
            let is_file = listing.paths.iter().any(|p| p == path);
            let why = match filter.why_not(path).filter(|_| is_file) {
                Some(why) => why,
                None => format!("no file in this folder is one ({})", filter.describe()),
            };
            return Err(Error::NotAnArticle { path: path.clone(), why });
        }
    }
    Ok(())
}

/// `config` with the site model of the source whose files are `paths` (unless the caller placed one).
pub fn with_site(config: &Config, paths: &[String], snapshot: &Snapshot<'_>) -> Config {
    let mut config = config.clone();
    config.update_section(|site: &mut SiteConfig| {
        if site.detected.is_none() {
            site.detected = Some(Arc::new(detect_site(paths, snapshot, site)));
        }
    });
    config
}

/// The site model of `snapshot`, whose files are `paths`.
pub fn detect_site(paths: &[String], snapshot: &Snapshot<'_>, settings: &SiteConfig) -> Site {
    let tree = TreeIndex::new(paths.iter().cloned());
    // Configuration files are small: anything larger is not one.
    let read = |path: &str| -> Option<String> {
        snapshot.read(path).ok().flatten().filter(|bytes| bytes.len() < 1 << 20).and_then(|b| String::from_utf8(b).ok())
    };
    Site::detect(&tree, &read, settings)
}

fn site_hash(config: &Config) -> u64 {
    xxhash_rust::xxh3::xxh3_64(format!("{:?}", config.section::<SiteConfig>().detected).as_bytes())
}

/// Adds the text of the articles with findings that a run from kept results did not read, for
/// the snippets of the text format.
fn backfill_sources(output: &mut EngineOutput, read: &mut dyn FnMut(&[&str]) -> Vec<SourceFile>, max_size: u64) {
    let missing: Vec<&str> = output
        .findings
        .iter()
        .map(|f| f.path.as_str())
        .filter(|path| !output.sources.contains_key(*path))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let texts: Vec<(String, Arc<str>)> = read(&missing)
        .into_iter()
        .filter_map(|file| match relecture_core::decode::decode(file.content, max_size) {
            Ok(text) => Some((file.path, Arc::from(text.as_str()))),
            Err(_) => None,
        })
        .collect();
    output.sources.extend(texts);
}

/// Combines reports (for example one per shard) into one: articles, findings and skipped files
/// are concatenated and sorted, the summary counted again.
pub fn merge_reports(reports: Vec<Report>) -> Option<Report> {
    let mut reports = reports.into_iter();
    let mut merged = reports.next()?;
    let mut elapsed = merged.summary.elapsed_ms;
    let mut fixed = merged.summary.fixed;
    for report in reports {
        merged.articles.extend(report.articles);
        merged.findings.extend(report.findings);
        merged.unverifiable.extend(report.unverifiable);
        merged.skipped.extend(report.skipped);
        merged.fallback = merged.fallback.or(report.fallback);
        elapsed = elapsed.max(report.summary.elapsed_ms);
        fixed = match (fixed, report.summary.fixed) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
    merged.articles.sort_by(|a, b| a.path.cmp(&b.path));
    merged.articles.dedup_by(|a, b| a.path == b.path);
    crate::sort_findings(&mut merged.findings);
    merged.findings.dedup_by(|a, b| a.path == b.path && a.fingerprint == b.fingerprint);
    merged.skipped.sort();
    merged.skipped.dedup();
    crate::sort_findings(&mut merged.unverifiable);
    merged.unverifiable.dedup_by(|a, b| a.path == b.path && a.fingerprint == b.fingerprint);
    let with_status = merged.findings.iter().any(|f| f.status.is_some());
    let new = merged.findings.iter().filter(|f| f.status == Some(Status::New)).count();
    let mut summary = Summary::count(merged.articles.len(), &merged.findings, elapsed);
    summary.new = with_status.then_some(new);
    summary.existing = with_status.then_some(merged.findings.len() - new);
    summary.fixed = fixed.filter(|_| with_status);
    summary.unverifiable_links = merged.unverifiable.len();
    merged.summary = summary;
    Some(merged)
}

/// The rules of a report of a run of `checks`, sorted by name (for formats that describe them).
pub fn report_rules(checks: &Checks) -> Vec<RuleMeta> {
    let mut rules = crate::rules(checks);
    rules.sort_by(|a, b| a.name.cmp(&b.name));
    rules
}

#[cfg(test)]
mod tests {
    use relecture_core::RuleSelection;

    use super::*;

    #[test]
    fn a_memory_store_gives_back_its_states_and_tells_a_damaged_one() {
        let config = Config::default();
        let checks = Checks::default();
        let selection = RuleSelection::new(&crate::rules(&checks), &config, None, &[]).unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let settings =
            Settings { config: &config, checks: &checks, selection: &selection, pool: &pool, sources: false };
        let (_, state) = stored::run_storing(Vec::new(), &[], Vec::new(), "key", &settings);
        let store = MemoryStore::new().unwrap();
        let name = state_name(Path::new("/repo"), SourceKind::Staged);
        assert!(name.ends_with("-objects.state"), "{name}");
        assert!(store.load(&name, "key").unwrap().is_none(), "nothing kept yet");
        store.save(&name, &state.unwrap()).unwrap();
        assert!(store.load(&name, "key").unwrap().is_some());
        assert!(store.load(&name, "another key").unwrap().is_none(), "made for other settings: no fallback");
        store.damage(&name, |bytes| {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 1;
        });
        assert_eq!(store.load(&name, "key").unwrap_err(), NotUsed::Damaged);
    }

    /// A git repository of two articles, one with a suppression that suppresses nothing.
    fn repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
                .args(args)
                .current_dir(dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        std::fs::write(dir.path().join("a.md"), "<!-- relecture-disable-next-line internal-error -->\nUn texte.\n")
            .unwrap();
        std::fs::write(dir.path().join("b.md"), "Un autre texte.\n").unwrap();
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "a"]);
        dir
    }

    #[test]
    fn runs_keep_their_results_in_any_store_and_a_damaged_state_is_a_whole_run_that_says_why() {
        let dir = repository();
        let workspace = Workspace::open(dir.path()).unwrap();
        let snapshot = workspace.snapshot(&relecture_git::Source::WorkTree).unwrap();
        let config = Config::default();
        let checks = Checks::default();
        let selection = RuleSelection::new(&crate::rules(&checks), &config, None, &[]).unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let settings =
            Settings { config: &config, checks: &checks, selection: &selection, pool: &pool, sources: false };
        let store = MemoryStore::new().unwrap();
        let run = || {
            let keeping = Keeping { store: Some(&store), key: "key".into(), reuse: true };
            let linted = lint(
                &workspace,
                &snapshot,
                Lint { settings, paths: &[], shard: None, keeping: Some(keeping), strict_paths: true },
            )
            .unwrap();
            let findings: Vec<String> = linted
                .output
                .findings
                .iter()
                .map(|f| format!("{}:{} {}", f.path, f.range.start.line, f.rule))
                .collect();
            (findings, linted.fallback)
        };
        let (whole, fallback) = run();
        assert_eq!(whole, ["a.md:1 unused-suppression"]);
        assert_eq!(fallback, None);
        // From the kept state: the same, and nothing to say.
        assert_eq!(run(), (whole.clone(), None));
        store.damage(&state_name(workspace.root(), SourceKind::WorkTree), |bytes| {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x55;
        });
        let (findings, fallback) = run();
        assert_eq!(findings, whole);
        assert_eq!(fallback, Some(Fallback::new(NotUsed::Damaged.to_string())));
        // That run kept its results again.
        assert_eq!(run(), (whole, None));
    }

    #[test]
    fn shards_split_paths_the_same_way_every_time() {
        let shards: Vec<usize> = ["a.md", "b.md", "c.md", "d.md"].iter().map(|p| shard_of(p, 3)).collect();
        assert!(shards.iter().all(|s| (1..=3).contains(s)));
        assert_eq!(shards, ["a.md", "b.md", "c.md", "d.md"].iter().map(|p| shard_of(p, 3)).collect::<Vec<_>>());
        assert_eq!(shard_of("a.md", 0), 1);
    }
}
