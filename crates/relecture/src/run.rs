//! A run of the [`Linter`]: the configuration, rule files and checks gathered from the linted
//! source, then handed to the engine, which lints, reports, and adds `--diff` and `--blame`.

use std::path::Path;
use std::time::Instant;

use relecture_checks::links::LinksConfig;
use relecture_core::site::SiteConfig;
use relecture_core::trust::Layered;
use relecture_engine::store::Store;

use crate::linter::ConfigOrigin;
use crate::paths::{goes_through_a_repository_link, relative_inside};
use crate::{
    Checks, Config, Error, History, IgnoredSettings, Linter, RuleFileError, RuleMeta, RuleSelection, Run, Source,
    SourceInfo,
};

/// What a run is made of, once the configuration is read.
pub(crate) struct Prepared {
    pub(crate) config: Config,
    pub(crate) checks: Checks,
    pub(crate) selection: RuleSelection,
    pub(crate) refused_rule_files: Vec<relecture_rules::Error>,
    /// A hash of the rule files read, for the key of a stored state.
    pub(crate) rule_files_hash: u64,
    /// The rule files of the user's configuration.
    pub(crate) user_rules: Vec<String>,
    /// What the repository's configuration set and may not.
    pub(crate) ignored: Option<IgnoredSettings>,
}

/// Every rule of a run, the rule files refused, and each pack's origin by pack name (see
/// [`Linter::rules_with_origins`]).
pub type RulesWithOrigins = (Vec<RuleMeta>, Vec<RuleFileError>, std::collections::BTreeMap<String, String>);

impl Linter {
    /// Every rule this linter can report: engine, built-in and added checks, and the rule packs
    /// of the linted source's configuration.
    pub fn rules(&self) -> Result<Vec<RuleMeta>, Error> {
        Ok(self.rules_and_refusals()?.0)
    }

    /// [`Linter::rules`], and the rule files that were refused (their rules are not listed),
    /// each with its file and line.
    pub fn rules_and_refusals(&self) -> Result<(Vec<RuleMeta>, Vec<RuleFileError>), Error> {
        let (rules, refused, _) = self.rules_with_origins()?;
        Ok((rules, refused))
    }

    /// [`Linter::rules_and_refusals`], and where each rule pack comes from, by pack name:
    /// `shipped pack` for a pack shipped inside the binary, else the rule file it is loaded from
    /// (built-in rules are in no pack).
    pub fn rules_with_origins(&self) -> Result<RulesWithOrigins, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let layered = self.load_config(&workspace, &snapshot)?;
        let (packs, refused, _) = Self::load_packs(&snapshot, workspace.root(), &layered)?;
        let origins = packs
            .iter()
            .map(|pack| {
                let origin = if pack.path.starts_with(relecture_rules::SHIPPED_PREFIX) {
                    "shipped pack".to_string()
                } else {
                    pack.path.clone()
                };
                (pack.name.clone(), origin)
            })
            .collect();
        Ok((relecture_engine::rules(&self.with_packs(packs)), refused, origins))
    }

    /// The settings only the user may give that the configuration of the linted source sets (the
    /// repository's `relecture.toml`, or a `--config` file inside the repository): a run ignores
    /// them. [`Run::ignored_settings`] says the same after a run.
    pub fn ignored_settings(&self) -> Result<Option<IgnoredSettings>, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        Ok(self.load_config(&workspace, &snapshot)?.ignored)
    }

    pub(crate) fn workspace(&self) -> Result<relecture_git::Workspace, Error> {
        Ok(match &self.repo {
            Some(path) => {
                refuse_linked_folder(path)?;
                relecture_git::Workspace::open(path)?
            }
            None => relecture_git::Workspace::discover(Path::new("."))?,
        })
    }

    /// The configuration, checks and rule selection of a run on `snapshot`.
    pub(crate) fn prepare(
        &self,
        workspace: &relecture_git::Workspace,
        snapshot: &relecture_git::Snapshot<'_>,
    ) -> Result<Prepared, Error> {
        let layered = self.load_config(workspace, snapshot)?;
        let packs = self.checks_with_packs(snapshot, workspace.root(), &layered)?;
        self.settle(layered, packs, Some(workspace))
    }

    /// [`Linter::prepare`] once the configuration and rule files are read: the builder's links
    /// settings applied, the links cache placed in `workspace` (none without one), the rules
    /// selected.
    pub(crate) fn settle(
        &self,
        layered: Layered,
        (checks, refused_rule_files, rule_files_hash): (Checks, Vec<RuleFileError>, u64),
        workspace: Option<&relecture_git::Workspace>,
    ) -> Result<Prepared, Error> {
        let Layered { mut config, user_rules, ignored } = layered;
        config.update_section(|links: &mut LinksConfig| {
            links.online |= self.online;
            links.allow_private |= self.allow_private;
            if let Some(proxy) = &self.proxy {
                links.proxy = Some(proxy.clone());
            }
            if let Some(workspace) = workspace {
                self.place_links_cache(workspace, links);
            } else {
                links.cache.clear();
                links.cache_folder = None;
            }
        });
        let selection =
            RuleSelection::new(&relecture_engine::rules(&checks), &config, self.select.as_deref(), &self.ignore)?;
        Ok(Prepared { config, checks, selection, refused_rule_files, rule_files_hash, user_rules, ignored })
    }

    /// The worker pool of `--jobs`.
    pub(crate) fn pool(&self) -> Result<rayon::ThreadPool, Error> {
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
        let linted = self.lint(&workspace, &snapshot, &prepared, &pool)?;
        let site_language = linted.site_language.clone();
        let site = linted.site.clone();
        let Prepared { config, checks, selection, refused_rule_files, user_rules, ignored, .. } = prepared;
        let source = SourceInfo::new(snapshot.kind(), workspace.root().display().to_string(), snapshot.revision());
        let mut report = relecture_engine::check::report(linted, source, &checks, started);
        // Translations are judged on the history, after the lint, with the lint's site model.
        let translating = relecture_engine::translations::rules().iter().any(|rule| selection.is_enabled(&rule.name));
        let site_config = match site {
            Some(site) if translating => {
                let mut config = config.clone();
                config.update_section(|settings: &mut SiteConfig| settings.detected = Some(site));
                Some(config)
            }
            None if translating => Some(with_site(config.clone(), &snapshot)?),
            _ => None,
        };
        let pass = site_config.as_ref().map(|site_config| relecture_engine::translations::Pass {
            workspace: &workspace,
            snapshot: &snapshot,
            config: site_config,
            selection: &selection,
            sources: self.snippets,
            blame: self.blame,
        });
        if let Some(pass) = &pass {
            relecture_engine::translations::check(pass, &mut report)?;
        }
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
            // A file the change adds is not at the base.
            at_base.strict_paths = false;
            // One state is kept per repository: the base must not replace the linted source's.
            at_base.state_cache = None;
            at_base.config =
                ConfigOrigin::Loaded(Box::new(Layered { config: run.config.clone(), user_rules, ignored: None }));
            let base_run = at_base.run()?;
            if let Some(pass) = &pass {
                relecture_engine::translations::diff(pass, &mut run.report, &base_run.report)?;
            }
            relecture_engine::check::diff(
                &workspace,
                &mut run.report,
                &base_run.report,
                base,
                &self.source,
                &run.config,
            )?;
        }
        if self.blame {
            if !workspace.is_git() {
                return Err(Error::BlameNeedsGit { path: workspace.root().to_path_buf() });
            }
            let config = with_site(run.config.clone(), &snapshot)?;
            let walk = relecture_engine::history::Walk {
                workspace: &workspace,
                config: &config,
                checks: &checks,
                selection: &selection,
                pool: &pool,
            };
            relecture_engine::check::blame(&walk, &mut run.report, &self.source)?;
        }
        run.report.localize(self.locale(&run.config, site_language.as_deref()));
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
        // Every commit is linted with the site model of the linted source, as with its configuration.
        let config = with_site(config, &snapshot)?;
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
        let paths = self.repository_paths(workspace)?;
        let strict_paths = self.strict_paths;
        let lint = relecture_engine::Lint { settings, paths: &paths, shard: self.shard, keeping, strict_paths };
        Ok(relecture_engine::lint(workspace, snapshot, lint)?)
    }

    /// The paths to lint, repository-relative: absolute ones and, when the folder they are
    /// written from lies inside the repository, relative ones are read from where they point.
    fn repository_paths(&self, workspace: &relecture_git::Workspace) -> Result<Vec<String>, Error> {
        let root = workspace.root();
        let base = self.paths_base.as_deref().filter(|base| relative_inside(base, root).is_some());
        let outside = |path: &str| Error::PathOutsideRepository { path: path.to_string(), root: root.to_path_buf() };
        self.paths
            .iter()
            .map(|given| {
                let path = Path::new(given);
                let full = if path.is_absolute() { Some(path.to_path_buf()) } else { base.map(|base| base.join(path)) };
                match full {
                    Some(full) => relative_inside(&full, root).ok_or_else(|| outside(given)),
                    None if given == ".." || given.starts_with("../") => Err(outside(given)),
                    None => Ok(given.clone()),
                }
            })
            .collect()
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

/// `config` with the site model of `snapshot` placed in it (unless the caller placed one).
pub(crate) fn with_site(config: Config, snapshot: &relecture_git::Snapshot<'_>) -> Result<Config, Error> {
    if config.section::<SiteConfig>().detected.is_some() {
        return Ok(config);
    }
    let listing = snapshot.list(&config.file_filter(), config.max_file_size)?;
    Ok(relecture_engine::source::with_site(&config, &listing.paths, snapshot))
}
