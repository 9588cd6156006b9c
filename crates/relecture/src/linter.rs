//! The [`Linter`] builder: what a run is asked to do, gathered before anything is read.

use std::path::PathBuf;
use std::sync::Arc;

use relecture_core::trust::Layered;

use crate::paths::normalize_path_argument;
use crate::{ArticleCheck, Checks, Config, CorpusCheck, IgnoredSettings, Locale, Report, Source};

/// Where the configuration comes from.
#[derive(Debug, Clone, Default)]
pub(crate) enum ConfigOrigin {
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

/// Where runs keep their results for the next run, and what they are valid for.
#[derive(Debug, Clone)]
pub(crate) struct StateCache {
    pub(crate) dir: PathBuf,
    pub(crate) tool: String,
    /// Whether a run starts from the kept state (not for `--fix`: it applies only fixes it
    /// computed itself); it keeps its own either way.
    pub(crate) reuse: bool,
}

/// Builds and runs a lint.
#[derive(Debug, Clone)]
pub struct Linter {
    pub(crate) repo: Option<PathBuf>,
    pub(crate) source: Source,
    pub(crate) config: ConfigOrigin,
    pub(crate) user_config: Option<PathBuf>,
    pub(crate) checks: Checks,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) ignore: Vec<String>,
    pub(crate) paths: Vec<String>,
    /// The folder relative paths are written from, when it lies inside the repository.
    pub(crate) paths_base: Option<PathBuf>,
    /// Whether every path must name an article or a folder holding one.
    pub(crate) strict_paths: bool,
    pub(crate) jobs: Option<usize>,
    pub(crate) online: bool,
    pub(crate) allow_private: bool,
    pub(crate) proxy: Option<String>,
    pub(crate) diff: Option<String>,
    pub(crate) shard: Option<(usize, usize)>,
    pub(crate) blame: bool,
    pub(crate) state_cache: Option<StateCache>,
    pub(crate) snippets: bool,
    /// The language of the messages, when the caller chose one.
    pub(crate) lang: Option<Locale>,
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
            paths_base: None,
            strict_paths: true,
            jobs: None,
            online: false,
            allow_private: false,
            proxy: None,
            diff: None,
            shard: None,
            blame: false,
            state_cache: None,
            snippets: true,
            lang: None,
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

    /// Lints only these files or folders: repository-relative, absolute (inside the repository),
    /// or relative to the folder [`Linter::paths_relative_to`] names. A run whose path names
    /// nothing in the source, or nothing the configuration makes an article, is an error.
    #[must_use]
    pub fn paths(mut self, paths: Vec<String>) -> Self {
        self.paths = paths.into_iter().map(|p| normalize_path_argument(&p)).collect();
        self
    }

    /// Reads relative [`Linter::paths`] from `folder` (the current folder of a command line) when
    /// it lies inside the repository; from the repository's root otherwise.
    #[must_use]
    pub fn paths_relative_to(mut self, folder: impl Into<PathBuf>) -> Self {
        self.paths_base = Some(folder.into());
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

    /// The language of the findings' messages. Without it: `lang` of the configuration, else the
    /// site's default language when relecture speaks it (French, English), else English.
    /// Messages that rule packs and plugins write are said as written.
    #[must_use]
    pub fn lang(mut self, lang: Locale) -> Self {
        self.lang = Some(lang);
        self
    }

    /// The language a run speaks: [`Linter::lang`], `lang` of `config`, the site's language
    /// when relecture speaks it, else English.
    pub(crate) fn locale(&self, config: &Config, site_language: Option<&str>) -> Locale {
        self.lang.or(config.lang).or_else(|| site_language.and_then(Locale::from_language)).unwrap_or_default()
    }
}
