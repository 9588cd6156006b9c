//! Articles given in memory, for editors and tools: linted as a source of their own, with
//! nothing written and no git repository needed.

use std::time::Instant;

use relecture_engine::stored::Settings;

use crate::paths::normalize_path_argument;
use crate::run::Prepared;
use crate::{Error, Linter, Run, SourceInfo, SourceKind};

impl Linter {
    /// Lints one article given as text, `path` being where it would live in the repository
    /// (`posts/hello.md`): the report is the one a run would give on a folder holding only this
    /// file with this content, or, given a [`Linter::repo`], on this path of it. See [`Linter::lint_texts`] for the configuration used.
    ///
    /// ```
    /// let run = relecture::Linter::new().lint_text("hello.md", "---\ntitle: Salut\n---\nUn un texte.\n")?;
    /// assert_eq!(run.report.source.kind, relecture::SourceKind::Memory);
    /// assert!(run.report.findings.iter().any(|f| f.rule == "repeated-word" && f.range.start.line == 4));
    /// # Ok::<(), relecture::Error>(())
    /// ```
    ///
    /// # Errors
    /// When the configuration or the rule files cannot be read, or the thread pool cannot start.
    pub fn lint_text(&self, path: impl Into<String>, text: impl Into<String>) -> Result<Run, Error> {
        self.lint_texts([(path.into(), text.into())])
    }

    /// Lints a set of articles given as `(path, text)`, as a run on a folder holding exactly
    /// these files would: corpus checks (duplicated paragraphs, links between articles) see the
    /// whole set, and only paths the configuration's globs take are linted. Nothing is written:
    /// no kept results, no links cache.
    ///
    /// The configuration is the builder's ([`Linter::config`], or [`Linter::config_file`] over
    /// [`Linter::user_config_file`]), else the defaults. Given a [`Linter::repo`], the texts
    /// stand for files of its [`Linter::source`] (an editor's unsaved buffers over the working
    /// tree): its `relecture.toml` and rule files are used, and links may name its other files,
    /// as in a run on these [`Linter::paths`] there; its articles are not read. Paths, shards,
    /// `--diff`, `--blame` and the state cache do not apply.
    ///
    /// # Errors
    /// When the configuration or the rule files cannot be read, or the thread pool cannot start.
    pub fn lint_texts(&self, articles: impl IntoIterator<Item = (String, String)>) -> Result<Run, Error> {
        let started = Instant::now();
        let (prepared, repo, others) = if self.repo.is_some() {
            let workspace = self.workspace()?;
            let snapshot = workspace.snapshot(&self.source)?;
            let layered = self.load_config(&workspace, &snapshot)?;
            let packs = self.checks_with_packs(&snapshot, workspace.root(), &layered)?;
            let prepared = self.settle(layered, packs, None)?;
            // Only the paths are wanted: the listing that leaves articles unread where it can.
            let (filter, max_size) = (prepared.config.file_filter(), prepared.config.max_file_size);
            let listing = match snapshot.list_ids(&filter, max_size)? {
                Some(listing) => listing,
                None => snapshot.list(&filter, max_size)?,
            };
            (prepared, workspace.root().display().to_string(), listing.paths)
        } else {
            let layered = self.load_config_without_source()?;
            (self.settle(layered, (self.checks.clone(), Vec::new(), 0), None)?, String::new(), Vec::new())
        };
        let Prepared { config, checks, selection, refused_rule_files, ignored, .. } = prepared;
        let pool = self.pool()?;
        let filter = config.file_filter();
        let articles = articles
            .into_iter()
            .map(|(path, text)| (normalize_path_argument(&path.replace('\\', "/")), text))
            .filter(|(path, _)| filter.matches(path));
        let settings =
            Settings { config: &config, checks: &checks, selection: &selection, pool: &pool, sources: self.snippets };
        let linted = relecture_engine::check::memory(articles, others, &settings);
        let source = SourceInfo::new(SourceKind::Memory, repo, None);
        let locale = self.locale(&config, linted.site_language.as_deref());
        let mut report = relecture_engine::check::report(linted, source, &checks, started);
        report.localize(locale);
        Ok(Run { report, config, refused_rule_files, ignored_settings: ignored })
    }
}
