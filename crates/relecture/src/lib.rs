//! relecture proofreads Markdown articles straight from git: the working tree, any revision
//! (bare repositories too) or the staged index. This crate is the library other tools link.
//!
//! Build a [`Linter`], point it at a repository and a [`Source`], add your own checks if you
//! like, and [`run`](Linter::run) it to get a [`Report`]:
//!
//! ```
//! use relecture::{Article, ArticleCheck, CheckContext, Diagnostic, Linter, RuleMeta, TextRange, declare_rule};
//!
//! declare_rule! {
//!     /// ## What it checks
//!     /// A `TODO` in the text.
//!     NO_TODO = ("no-todo", "house", Warning, "a TODO left in an article");
//! }
//!
//! /// Flags articles whose body mentions "TODO".
//! struct NoTodo;
//!
//! impl ArticleCheck for NoTodo {
//!     fn rules(&self) -> Vec<RuleMeta> {
//!         vec![NO_TODO]
//!     }
//!
//!     fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
//!         for block in &article.blocks {
//!             if let Some(at) = block.prose.text.find("TODO") {
//!                 let range: TextRange = block.prose.source_range(at..at + 4);
//!                 out.push(Diagnostic::new(&NO_TODO, range, "finish this paragraph before publishing"));
//!             }
//!         }
//!     }
//! }
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("article.md"), "---\ntitle: Brouillon\n---\nTODO: écrire la suite.\n")?;
//!
//! let run = Linter::new().repo(dir.path()).article_check(NoTodo).run()?;
//! let finding = run.report.findings.iter().find(|f| f.rule == "no-todo").expect("the check ran");
//! assert_eq!(finding.range.start.line, 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use relecture_checks::duplicates::DuplicatesConfig;
pub use relecture_checks::frontmatter::{FieldType, FrontMatterConfig};
pub use relecture_checks::language::LanguageFamilyConfig;
pub use relecture_checks::links::{LinksConfig, Seconds, SiteRoots, proxy_url_problem};
pub use relecture_core::Error as ConfigError;
pub use relecture_core::config::{
    FileFilter, Invalid, OrderedMap, Section, SectionKind, SectionLines, SeveritySetting,
};
pub use relecture_core::finding::{EditReport, FixReport, RelatedLocation};
// The front matter's own names, prefixed: `Value` and `Field` alone would say nothing here.
pub use relecture_core::frontmatter::{
    Field as FrontMatterField, FrontMatter, FrontMatterError, FrontMatterFormat, Node as FrontMatterNode,
    Value as FrontMatterValue,
};
pub use relecture_core::language::LanguageConfig;
pub use relecture_core::markdown::{Block, BlockKind, Link, LinkKind, Prose};
pub use relecture_core::report::{ArticleSummary, Fallback, LanguageSummary, SourceInfo, Summary, ToolInfo};
pub use relecture_core::trust::IgnoredSettings;
use relecture_core::trust::Layered;
pub use relecture_core::{
    Applicability, Article, ArticleCheck, CheckContext, Checks, Config, CorpusCheck, CorpusDiagnostic, Dependencies,
    Diagnostic, Edit, Finding, Fix, IntroducedBy, IntroducingCommit, LineIndex, Position, Related, Report, RuleMeta,
    RuleSelection, Severity, Skipped, SourceKind, Span, Status, TextRange, TreeIndex, declare_rule,
};
use relecture_engine::store::Store;
pub use relecture_engine::{merge_reports, shard_of};
pub use relecture_git::{Source, skip_object_hash_verification};
pub use relecture_report::{EmitOptions, Format, HistoryFormat, emit, emit_history, escape};
pub use relecture_rules::{Error as RuleFileError, RuleResult, TestedFile, test_file as test_rule_file};

/// A rule file's text, or why it was refused before being parsed (too large, unreadable).
pub type RuleFileText = Result<String, RuleFileError>;

mod configuration;
mod error;
mod fix;
mod hook;
mod output;
mod paths;
mod rule_files;

pub use error::Error;
pub use fix::{FixSummary, NotFixed};
pub use hook::{install_hook, install_hook_running};
pub use output::write_output;
pub use paths::goes_through_a_repository_link;
pub use relecture_core::report::{CommitFindings, History};

/// The name of the configuration file looked up at the root of the linted source.
pub const CONFIG_FILE: &str = "relecture.toml";

/// Where the configuration comes from.
#[derive(Debug, Clone, Default)]
enum ConfigOrigin {
    /// `relecture.toml` at the root of the linted source, else the defaults.
    #[default]
    Discover,
    /// A file on disk.
    File(PathBuf),
    /// Given directly.
    Value(Box<Config>),
    /// Read already, with the user's rule files (the base of `--diff`).
    Loaded(Box<Layered>),
}

/// What a run is made of, once the configuration is read.
struct Prepared {
    config: Config,
    checks: Checks,
    selection: RuleSelection,
    refused_rule_files: Vec<relecture_rules::Error>,
    /// A hash of the rule files read, for the key of a stored state.
    rule_files_hash: u64,
    /// The rule files of the user's configuration.
    user_rules: Vec<String>,
    /// What the repository's configuration set and may not.
    ignored: Option<IgnoredSettings>,
}

/// Where runs keep their results for the next run, and what they are valid for.
#[derive(Debug, Clone)]
struct StateCache {
    dir: PathBuf,
    tool: String,
    /// Whether a run starts from the kept state (not for `--fix`: it applies only fixes it
    /// computed itself); it keeps its own either way.
    reuse: bool,
}

/// Builds and runs a lint.
#[derive(Debug, Clone)]
pub struct Linter {
    repo: Option<PathBuf>,
    source: Source,
    config: ConfigOrigin,
    user_config: Option<PathBuf>,
    checks: Checks,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    paths: Vec<String>,
    jobs: Option<usize>,
    online: bool,
    allow_private: bool,
    proxy: Option<String>,
    diff: Option<String>,
    shard: Option<(usize, usize)>,
    blame: bool,
    state_cache: Option<StateCache>,
    snippets: bool,
}

impl Default for Linter {
    fn default() -> Self {
        Self::new()
    }
}

/// The result of a run: the report and the configuration it used.
#[derive(Debug)]
pub struct Run {
    /// What was found.
    pub report: Report,
    /// The configuration in force (`fail_on` decides the exit code).
    pub config: Config,
    /// Rule files that were refused (their rules did not run), each with its file and line.
    pub refused_rule_files: Vec<relecture_rules::Error>,
    /// Settings only the user may give that the repository's configuration set: they were ignored.
    pub ignored_settings: Option<IgnoredSettings>,
}

impl Linter {
    /// A linter with every built-in check, on the repository containing the current directory.
    pub fn new() -> Self {
        Self {
            repo: None,
            source: Source::WorkTree,
            config: ConfigOrigin::Discover,
            user_config: None,
            checks: relecture_checks::builtin_checks(),
            select: None,
            ignore: Vec::new(),
            paths: Vec::new(),
            jobs: None,
            online: false,
            allow_private: false,
            proxy: None,
            diff: None,
            shard: None,
            blame: false,
            state_cache: None,
            snippets: true,
        }
    }

    /// The repository (bare or not) or plain folder to lint.
    #[must_use]
    pub fn repo(mut self, path: impl Into<PathBuf>) -> Self {
        self.repo = Some(path.into());
        self
    }

    /// The working tree (default), a revision or the staged index.
    #[must_use]
    pub fn source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    /// Reads the configuration from this file instead of `relecture.toml` in the linted source.
    /// A file inside the repository is the repository's: like `relecture.toml`, it cannot set what
    /// only the user may (see [`Linter::user_config_file`]).
    #[must_use]
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config = ConfigOrigin::File(path.into());
        self
    }

    /// Uses this configuration, as the user's own: it may set anything, and the file of
    /// [`Linter::user_config_file`] is not read. Do not build it from a repository's file.
    #[must_use]
    pub fn config(mut self, config: Config) -> Self {
        self.config = ConfigOrigin::Value(Box::new(config));
        self
    }

    /// The user's own configuration file (the command line passes
    /// `$XDG_CONFIG_HOME/relecture/config.toml`), read when it exists. It is the one file that may
    /// set what a repository may not: `[links] online`, `allow_private`, `cache`, `proxy`, and
    /// `rules` outside the repository (read from disk). Its `rules` are added to the project's
    /// (those inside the repository only when it has them); its other keys are defaults that the
    /// project's configuration overrides key by key.
    #[must_use]
    pub fn user_config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.user_config = Some(path.into());
        self
    }

    /// Adds a check run on every article; its findings go through selection, suppression,
    /// severities and every emitter like built-in ones.
    #[must_use]
    pub fn article_check(mut self, check: impl ArticleCheck + 'static) -> Self {
        self.checks.article.push(Arc::new(check));
        self
    }

    /// Adds a check that sees every article of the run at once.
    #[must_use]
    pub fn corpus_check(mut self, check: impl CorpusCheck + 'static) -> Self {
        self.checks.corpus.push(Arc::new(check));
        self
    }

    /// Runs only these rules, families or packs (replaces the configuration's `select`).
    #[must_use]
    pub fn select(mut self, selectors: Vec<String>) -> Self {
        self.select = Some(selectors);
        self
    }

    /// Does not run these rules, families or packs (adds to the configuration's `ignore`).
    #[must_use]
    pub fn ignore(mut self, selectors: Vec<String>) -> Self {
        self.ignore = selectors;
        self
    }

    /// Lints only these files or folders (repository-relative).
    #[must_use]
    pub fn paths(mut self, paths: Vec<String>) -> Self {
        self.paths = paths.into_iter().map(|p| normalize_path_argument(&p)).collect();
        self
    }

    /// Worker threads (default: all cores).
    #[must_use]
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = Some(jobs.max(1));
        self
    }

    /// Reports only findings in articles that differ between `base` and the linted source, each
    /// with `status` `new` or `existing` (present at `base`, matched by fingerprint, renames
    /// followed). Every check still sees the whole tree.
    #[must_use]
    pub fn diff(mut self, base: impl Into<String>) -> Self {
        self.diff = Some(base.into());
        self
    }

    /// Adds `introduced_by` to each finding: the commit where it first appeared and stayed, in
    /// the first-parent history of the linted revision (`HEAD` for the working tree and index).
    #[must_use]
    pub fn blame(mut self, blame: bool) -> Self {
        self.blame = blame;
        self
    }

    /// Lints only shard `index` (1-based) of `count`: articles are split by a hash of their path,
    /// the same on every machine, so that a CI matrix covers every article exactly once. Links
    /// still resolve against the whole tree; duplicates are found within the shard.
    #[must_use]
    pub fn shard(mut self, index: usize, count: usize) -> Self {
        self.shard = Some((index, count));
        self
    }

    /// Also checks external links over the network (`dead-link`), as `[links] online = true` in
    /// the user's configuration does.
    #[must_use]
    pub fn online(mut self, online: bool) -> Self {
        self.online = online;
        self
    }

    /// Lets online checks reach loopback and private addresses, as `[links] allow_private = true`
    /// in the user's configuration does.
    #[must_use]
    pub fn allow_private(mut self, allow_private: bool) -> Self {
        self.allow_private = allow_private;
        self
    }

    /// Sends the requests of the online check through this `http://` proxy, as `[links] proxy`
    /// does (the environment's proxy variables are never used). Internal addresses are still
    /// refused: relecture resolves each target itself and asks the proxy to connect to the
    /// address it vetted.
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Keeps the results of each run in `dir` (one file per repository), so that the next run on
    /// a state close to this one (the index after a `git add`, the next commit) parses and checks
    /// only the articles that changed and those a change can affect; the report is the same as
    /// without it. `tool` must name the code of the checks (a version and build): a state made
    /// with another `tool`, configuration, rule files or selection is not used. Runs on a subset
    /// (paths, shards) or online do not use it; the runs of [`Linter::fix`] keep their results but
    /// never start from kept ones, so that only fixes computed now are applied. The folder is
    /// made the user's only (0700), its files 0600; states are authenticated under a secret kept
    /// in it, so that a state not written by this user's runs is not used. The links cache of
    /// `--online` is kept there too, unless `[links] cache` names another file. Off by default.
    #[must_use]
    pub fn state_cache(mut self, dir: impl Into<PathBuf>, tool: impl Into<String>) -> Self {
        self.state_cache = Some(StateCache { dir: dir.into(), tool: tool.into(), reuse: true });
        self
    }

    /// Whether the report carries the source text of every article with findings, for snippets
    /// (default: yes). Without, only the articles the run had to read are carried: the text
    /// format shows snippets for those only.
    #[must_use]
    pub fn snippets(mut self, snippets: bool) -> Self {
        self.snippets = snippets;
        self
    }

    /// Every rule this linter can report: engine, built-in and added checks, and the rule packs
    /// of the linted source's configuration.
    pub fn rules(&self) -> Result<Vec<RuleMeta>, Error> {
        Ok(self.rules_and_refusals()?.0)
    }

    /// [`Linter::rules`], and the rule files that were refused (their rules are not listed),
    /// each with its file and line.
    pub fn rules_and_refusals(&self) -> Result<(Vec<RuleMeta>, Vec<RuleFileError>), Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let layered = self.load_config(&workspace, &snapshot)?;
        let (checks, refused, _) = self.checks_with_packs(&snapshot, workspace.root(), &layered)?;
        Ok((relecture_engine::rules(&checks), refused))
    }

    /// The settings only the user may give that the configuration of the linted source sets (the
    /// repository's `relecture.toml`, or a `--config` file inside the repository): a run ignores
    /// them. [`Run::ignored_settings`] says the same after a run.
    pub fn ignored_settings(&self) -> Result<Option<IgnoredSettings>, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        Ok(self.load_config(&workspace, &snapshot)?.ignored)
    }

    fn workspace(&self) -> Result<relecture_git::Workspace, Error> {
        Ok(match &self.repo {
            Some(path) => {
                refuse_linked_folder(path)?;
                relecture_git::Workspace::open(path)?
            }
            None => relecture_git::Workspace::discover(Path::new("."))?,
        })
    }

    /// Applies safe fixes (and unsafe ones with `unsafe_fixes`) to the working-tree files, linting
    /// again after each round until nothing changes (at most a few rounds), and returns the run
    /// of the fixed files with what was changed. Refused for revisions, the index and bare
    /// repositories: nothing else is ever written.
    ///
    /// One fix runs at a time in a working tree: a second one waits until the first is done
    /// (a lock on the working-tree folder, which writes nothing into it), then lints the files
    /// as the first left them. A file is fixed only when its bytes are still those that were
    /// linted, written whole through a temporary file renamed over it (its permissions kept),
    /// never through a symbolic link. A file that cannot be fixed (read-only, changed meanwhile,
    /// reached through a link) is named in [`FixSummary::not_fixed`] and the others are fixed.
    pub fn fix(&self, unsafe_fixes: bool) -> Result<(Run, FixSummary), Error> {
        match self.source {
            Source::Revision(_) => return Err(Error::FixSource { what: "--rev" }),
            Source::Staged => return Err(Error::FixSource { what: "--staged" }),
            Source::WorkTree => {}
        }
        let workspace = self.workspace()?;
        if workspace.is_bare() {
            return Err(Error::FixSource { what: "a bare repository" });
        }
        let io = |source| Error::FixIo { path: workspace.root().to_path_buf(), source };
        let folder = relecture_core::confined::Folder::open(workspace.root()).map_err(io)?;
        let _lock = folder.lock(true).map_err(io)?;
        // Each round lints every file from disk and carries the text it linted, so that a file
        // is written only when it is still that text; kept results may name a file by an id
        // read before its text, and are not used.
        let mut round = self.clone().snippets(true);
        round.state_cache = None;
        let mut summary = FixSummary::default();
        let mut not_fixed: std::collections::BTreeMap<String, fix::NotFixed> = std::collections::BTreeMap::new();
        for _ in 0..fix::MAX_ROUNDS {
            let run = round.run()?;
            summary.rounds += 1;
            // A file that changed meanwhile is linted again and tried again; others are not.
            not_fixed.retain(|_, refusal| !refusal.is_transient());
            let applied = fix::apply(&run.report, &folder, unsafe_fixes, &|path| not_fixed.contains_key(path));
            let retry = applied.not_fixed.iter().any(fix::NotFixed::is_transient);
            not_fixed.extend(applied.not_fixed.into_iter().map(|refusal| (refusal.path().to_string(), refusal)));
            summary.edits += applied.edits;
            for file in applied.files {
                if !summary.files.contains(&file) {
                    summary.files.push(file);
                }
            }
            if applied.edits == 0 && !retry {
                summary.files.sort();
                summary.not_fixed = not_fixed.into_values().collect();
                return Ok((run, summary));
            }
        }
        summary.files.sort();
        summary.not_fixed = not_fixed.into_values().collect();
        Ok((self.run_for_fix()?, summary))
    }

    /// The configuration, checks and rule selection of a run on `snapshot`.
    fn prepare(
        &self,
        workspace: &relecture_git::Workspace,
        snapshot: &relecture_git::Snapshot<'_>,
    ) -> Result<Prepared, Error> {
        let layered = self.load_config(workspace, snapshot)?;
        let (checks, refused_rule_files, rule_files_hash) =
            self.checks_with_packs(snapshot, workspace.root(), &layered)?;
        let Layered { mut config, user_rules, ignored } = layered;
        config.update_section(|links: &mut LinksConfig| {
            links.online |= self.online;
            links.allow_private |= self.allow_private;
            if let Some(proxy) = &self.proxy {
                links.proxy = Some(proxy.clone());
            }
            self.place_links_cache(workspace, links);
        });
        let selection =
            RuleSelection::new(&relecture_engine::rules(&checks), &config, self.select.as_deref(), &self.ignore)?;
        Ok(Prepared { config, checks, selection, refused_rule_files, rule_files_hash, user_rules, ignored })
    }

    /// The worker pool of `--jobs`.
    fn pool(&self) -> Result<rayon::ThreadPool, Error> {
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(jobs) = self.jobs {
            pool = pool.num_threads(jobs);
        }
        pool.build().map_err(|e| Error::Threads { jobs: self.jobs.unwrap_or(0), message: e.to_string() })
    }

    /// Reads the source, runs the checks and returns the report.
    pub fn run(&self) -> Result<Run, Error> {
        let started = Instant::now();
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let prepared = self.prepare(&workspace, &snapshot)?;
        let pool = self.pool()?;
        let relecture_engine::Linted { output, skipped, fallback } =
            self.lint(&workspace, &snapshot, &prepared, &pool)?;
        let Prepared { config, checks, selection, refused_rule_files, user_rules, ignored, .. } = prepared;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let mut report = Report::new(
            ToolInfo::new("relecture", env!("CARGO_PKG_VERSION")),
            SourceInfo::new(snapshot.kind(), workspace.root().display().to_string(), snapshot.revision()),
            Summary::count(output.articles.len(), &output.findings, elapsed_ms),
        );
        report.articles = output.articles;
        report.findings = output.findings;
        report.skipped = skipped;
        report.fallback = fallback;
        report.sources = output.sources;
        report.rules = relecture_engine::source::report_rules(&checks);
        let mut run = Run { report, config, refused_rule_files, ignored_settings: ignored };
        if let Some(base) = &self.diff {
            if !workspace.is_git() {
                return Err(Error::DiffNeedsGit { path: workspace.root().to_path_buf() });
            }
            // The base is linted with the same configuration and checks, so that only the
            // articles, not the rules, make a finding new.
            let mut at_base = self.clone();
            at_base.source = Source::Revision(base.clone());
            at_base.diff = None;
            at_base.blame = false;
            // One state is kept per repository: the base must not replace the linted source's.
            at_base.state_cache = None;
            at_base.config =
                ConfigOrigin::Loaded(Box::new(Layered { config: run.config.clone(), user_rules, ignored: None }));
            let base_run = at_base.run()?;
            let renames = workspace.renames(base, &self.source, &run.config.file_filter(), None)?;
            relecture_engine::diff::classify(&mut run.report, &base_run.report, base, &renames);
        }
        if self.blame {
            if !workspace.is_git() {
                return Err(Error::BlameNeedsGit { path: workspace.root().to_path_buf() });
            }
            let tip = match &self.source {
                Source::Revision(revision) => revision.clone(),
                Source::WorkTree | Source::Staged => "HEAD".to_string(),
            };
            let walk = relecture_engine::history::Walk {
                workspace: &workspace,
                config: &run.config,
                checks: &checks,
                selection: &selection,
                pool: &pool,
            };
            relecture_engine::blame::blame(&walk, &mut run.report, &tip)?;
        }
        Ok(run)
    }

    /// Lints every commit of `range` (first parents, oldest first; a single revision means its
    /// whole history) and compares each with the one before. Every commit is linted with the
    /// configuration and rule files of the linted source (the working tree unless `--rev`,
    /// or `--config`), so that the counts follow the articles, not changes of the rules.
    /// `progress` is called after each commit with the number done and the total.
    pub fn history(&self, range: &str, progress: impl FnMut(usize, usize) + Send) -> Result<History, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let Prepared { config, checks, selection, .. } = self.prepare(&workspace, &snapshot)?;
        let pool = self.pool()?;
        let walk = relecture_engine::history::Walk {
            workspace: &workspace,
            config: &config,
            checks: &checks,
            selection: &selection,
            pool: &pool,
        };
        Ok(relecture_engine::history::history(&walk, range, progress)?)
    }

    /// A run whose every finding, and so every fix, is computed now: `--fix` never applies a
    /// fix read back from kept results.
    fn run_for_fix(&self) -> Result<Run, Error> {
        let mut fresh = self.clone();
        if let Some(cache) = &mut fresh.state_cache {
            cache.reuse = false;
        }
        fresh.run()
    }

    /// Lists and lints the source, from the stored state of the last run when there is one.
    fn lint(
        &self,
        workspace: &relecture_git::Workspace,
        snapshot: &relecture_git::Snapshot<'_>,
        prepared: &Prepared,
        pool: &rayon::ThreadPool,
    ) -> Result<relecture_engine::Linted, Error> {
        let Prepared { config, checks, selection, .. } = prepared;
        let settings = relecture_engine::stored::Settings { config, checks, selection, pool, sources: self.snippets };
        // relecture's private folder; a folder that cannot be made the user's own keeps nothing.
        let store = self.state_cache.as_ref().and_then(|cache| Store::open(&cache.dir).ok());
        // Answers of remote servers change between runs: checking them online keeps nothing.
        let keeping = self.state_cache.as_ref().filter(|_| !config.section::<LinksConfig>().online);
        let keeping = keeping.map(|cache| relecture_engine::Keeping {
            store: store.as_ref().map(|store| store as &dyn relecture_engine::StateStore),
            key: relecture_engine::state_key(
                &cache.tool,
                config,
                prepared.rule_files_hash,
                self.select.as_deref(),
                &self.ignore,
                checks,
            ),
            reuse: cache.reuse,
        });
        let lint = relecture_engine::Lint { settings, paths: &self.paths, shard: self.shard, keeping };
        Ok(relecture_engine::lint(workspace, snapshot, lint)?)
    }
}

/// Refuses a `--repo` folder that a checkout holding it reaches through one of its symbolic links
/// (a committed `docs -> /elsewhere`): linting, and fixing, what the link points to would read
/// and write outside the repository on its behalf.
fn refuse_linked_folder(path: &Path) -> Result<(), Error> {
    if goes_through_a_repository_link(path) {
        return Err(Error::LinkedRepository { path: path.to_path_buf() });
    }
    Ok(())
}

fn normalize_path_argument(path: &str) -> String {
    let trimmed = path.trim_start_matches("./").trim_end_matches('/');
    if trimmed == "." { String::new() } else { trimmed.to_string() }
}
