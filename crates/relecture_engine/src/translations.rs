//! How far each translation is behind its source, from one walk of the first-parent history:
//! which source commits it missed since it was last brought up to date, when the first of them
//! was made, and which paragraphs of the source they changed.

use std::collections::{BTreeMap, BTreeSet};

use relecture_core::language::declared_language;
use relecture_core::translation::{
    COMMIT_KEYS, ParagraphChange, TranslationsConfig, changed_paragraphs, source_language, sources,
};
use relecture_core::{Article, Config};
use relecture_git::{PathHistory, Source, Workspace};

use crate::Error;

/// A translated page and how it stands against its source.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStatus {
    /// The translation's path.
    pub path: String,
    /// Its declared language.
    pub language: String,
    /// Its source's path, when it has one.
    pub source_path: Option<String>,
    /// Up to date, behind, or without a source.
    pub state: State,
}

/// Where a translation stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// No source commit since the translation was brought up to date.
    UpToDate,
    /// The source changed since.
    Outdated(Behind),
    /// No page of the source language has the same place: the source was deleted, or the
    /// translation never had one.
    Orphan,
}

/// How far a translation is behind its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Behind {
    /// The commit the translation is up to date with.
    pub source_commit_from: String,
    /// The source's last commit.
    pub source_commit_to: String,
    /// Source commits since `source_commit_from`.
    pub behind_commits: usize,
    /// When the first of them was made, seconds since the epoch.
    pub oldest_missed: i64,
    /// The commit the front matter names when it is not in the history (a shallow clone, a
    /// rewritten history): the translation's last commit stood for it.
    pub unknown_commit: Option<String>,
    /// The source's paragraphs that changed since `source_commit_from` (blocks of the source
    /// now for added and edited ones, of the source then for removed ones).
    pub changes: Vec<ParagraphChange>,
}

/// The translations of a lint and the pages still to translate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations {
    /// Every translated page, in the order of the articles given.
    pub pages: Vec<PageStatus>,
    /// Source pages without a translation in a language other pages are translated into, as
    /// (source path, language), sorted.
    pub missing: Vec<(String, String)>,
}

/// The translations among `articles` (the articles of revision `tip` of `workspace`, as a lint
/// parsed them) and how far each is behind its source, from `history` (see
/// [`Workspace::path_history`]). A translation is up to date with the commit its front matter
/// names ([`COMMIT_KEYS`]), else with its own last commit; a translation no commit holds yet is
/// up to date.
///
/// # Errors
/// When the source of an outdated translation cannot be read at the commit it was translated from.
pub fn translations(
    workspace: &Workspace,
    history: &PathHistory,
    articles: &[&Article],
    config: &Config,
) -> Result<Translations, Error> {
    let settings = config.section::<TranslationsConfig>();
    let keys = COMMIT_KEYS;
    let pairs = sources(articles, config);
    let mut report = Translations::default();
    // Per source page, the languages it is translated into.
    let mut translated: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut languages: BTreeSet<String> = BTreeSet::new();
    // Each article's language (with `[translations] source` set, a page that declares none is in
    // it) and whether it is the language its translations are made from.
    let declared: Vec<(Option<String>, bool)> = articles
        .iter()
        .map(|article| {
            let language = declared_language(article, config).or_else(|| settings.source.clone());
            let in_source = language.is_some() && source_language(config, &article.path) == language;
            (language, in_source)
        })
        .collect();
    for (index, article) in articles.iter().enumerate() {
        let (Some(language), in_source) = &declared[index] else { continue };
        let source = pairs[index];
        if source.is_none() && *in_source {
            continue;
        }
        let language = language.clone();
        languages.insert(language.clone());
        let state = match source {
            None => State::Orphan,
            Some(source) => {
                translated.entry(source).or_default().insert(language.clone());
                behind(workspace, history, article, articles[source], &keys)?.map_or(State::UpToDate, State::Outdated)
            }
        };
        report.pages.push(PageStatus {
            path: article.path.clone(),
            language,
            source_path: source.map(|source| articles[source].path.clone()),
            state,
        });
    }
    // A page in the source language is a source: every language others are translated into
    // is one it may miss.
    for (index, article) in articles.iter().enumerate() {
        let (Some(own), true) = &declared[index] else { continue };
        if pairs[index].is_some() {
            continue;
        }
        let has = translated.get(&index);
        for language in &languages {
            if language != own && !has.is_some_and(|has| has.contains(language)) {
                report.missing.push((article.path.clone(), language.clone()));
            }
        }
    }
    report.missing.sort();
    Ok(report)
}

/// How far `translation` is behind `source`, or `None` when it is up to date.
fn behind(
    workspace: &Workspace,
    history: &PathHistory,
    translation: &Article,
    source: &Article,
    keys: &[&str],
) -> Result<Option<Behind>, Error> {
    let named = translation.front_matter.as_ref().and_then(|front| {
        keys.iter().find_map(|key| match &front.get(key)?.value.value {
            relecture_core::frontmatter::Value::String(id) => Some(id.trim().to_string()),
            _ => None,
        })
    });
    let (from, unknown_commit) = match named.as_deref().map(|id| (id, history.index_of(id))) {
        Some((_, Some(index))) => (Some(index), None),
        Some((id, None)) => (history.last_change(&translation.path), Some(id.to_string())),
        None => (history.last_change(&translation.path), None),
    };
    // A translation no commit holds yet is being written now: up to date.
    let Some(from) = from else { return Ok(None) };
    let missed: Vec<usize> = history.lineage(&source.path).into_iter().filter(|&commit| commit > from).collect();
    let (Some(&first), Some(&last)) = (missed.first(), missed.last()) else { return Ok(None) };
    let then_path = history.path_at(&source.path, from);
    let then_id = &history.commits[from].id;
    let then = workspace.snapshot(&Source::Revision(then_id.clone()))?.read(&then_path)?;
    // A source that did not exist yet is all new: compared with an empty page.
    let text = then.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default();
    let changes = changed_paragraphs(&Article::parse(then_path, None, text), source);
    Ok(Some(Behind {
        source_commit_from: then_id.clone(),
        source_commit_to: history.commits[last].id.clone(),
        behind_commits: missed.len(),
        oldest_missed: history.commits[first].time,
        unknown_commit,
        changes,
    }))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// A git repository built commit by commit with the git command line.
    struct Repo(tempfile::TempDir);

    impl Repo {
        fn new() -> Self {
            let repo = Self(tempfile::tempdir().unwrap());
            repo.git(&["init", "-q"]);
            repo
        }

        fn git(&self, args: &[&str]) -> String {
            let out = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
                .args(args)
                .current_dir(self.0.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .output()
                .unwrap();
            assert!(out.status.success(), "git {args:?}");
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        }

        fn commit(&self, files: &[(&str, &str)], message: &str) -> String {
            for (path, text) in files {
                let full = self.0.path().join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(full, text).unwrap();
            }
            self.git(&["add", "-A"]);
            self.git(&["commit", "-q", "-m", message]);
            self.git(&["rev-parse", "HEAD"])
        }

        /// The translations at HEAD, every article parsed from the working tree.
        fn translations(&self) -> Translations {
            let workspace = Workspace::open(self.0.path()).unwrap();
            let config = Config::from_toml(
                "[translations]\nsource = \"en\"\n",
                "relecture.toml",
                &[
                    relecture_core::config::SectionKind::of::<TranslationsConfig>(),
                    relecture_core::config::SectionKind::of::<relecture_core::language::LanguageConfig>(),
                ],
            )
            .unwrap();
            let history = workspace.path_history("HEAD", &config.file_filter()).unwrap();
            let mut paths: Vec<String> = history.changes.keys().cloned().collect();
            paths.retain(|path| self.0.path().join(path).exists());
            let articles: Vec<Article> = paths
                .iter()
                .map(|path| {
                    Article::parse(path.clone(), None, std::fs::read_to_string(self.0.path().join(path)).unwrap())
                })
                .collect();
            let refs: Vec<&Article> = articles.iter().collect();
            translations(&workspace, &history, &refs, &config).unwrap()
        }
    }

    const SOURCE: &str = "# Install\n\nDownload the archive from the releases page of the project.\n\nRun the installer as an administrator of the machine.\n";
    const FRENCH: &str = "# Installer\n\nTéléchargez l'archive depuis la page des versions du projet.\n\nLancez l'installateur en administrateur de la machine.\n";

    fn state(translations: &Translations, path: &str) -> State {
        translations.pages.iter().find(|page| page.path == path).unwrap().state.clone()
    }

    #[test]
    fn a_source_edited_after_its_translation_leaves_it_one_commit_and_one_paragraph_behind() {
        let repo = Repo::new();
        let first = repo.commit(&[("content/en/install.md", SOURCE), ("content/fr/install.md", FRENCH)], "pages");
        let edited = SOURCE.replace("of the machine", "of this machine");
        let second = repo.commit(&[("content/en/install.md", &edited)], "reword the source");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!((behind.source_commit_from, behind.source_commit_to), (first, second));
        assert_eq!(behind.behind_commits, 1);
        assert_eq!(behind.changes, [ParagraphChange::Edited { block: 2, before: 2 }]);
        assert_eq!(behind.unknown_commit, None);

        // The translation updated after: up to date.
        repo.commit(&[("content/fr/install.md", &FRENCH.replace("de la machine", "de cette machine"))], "follow");
        assert_eq!(state(&repo.translations(), "content/fr/install.md"), State::UpToDate);
        assert!(repo.translations().missing.is_empty());
    }

    #[test]
    fn the_commit_the_front_matter_names_is_the_one_a_translation_is_up_to_date_with() {
        let repo = Repo::new();
        let first = repo.commit(&[("content/en/install.md", SOURCE)], "source");
        let added = format!("{SOURCE}\nA new paragraph about the options of the installer.\n");
        repo.commit(&[("content/en/install.md", &added)], "add a paragraph");
        // Translated last, but from the first version of the source, as its front matter says.
        let french = format!("---\ndefault_lang_commit: {}\n---\n{FRENCH}", &first[..10]);
        repo.commit(&[("content/fr/install.md", &french)], "translate");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!(behind.source_commit_from, first);
        assert_eq!(behind.behind_commits, 1);
        assert_eq!(behind.changes, [ParagraphChange::Added { block: 3 }]);

        // A commit the history does not hold: the translation's own last commit stands for it.
        let french = format!("---\ndefault_lang_commit: 0123456789abcdef\n---\n{FRENCH}");
        repo.commit(&[("content/fr/install.md", &french)], "a commit of another history");
        let translations = repo.translations();
        assert_eq!(state(&translations, "content/fr/install.md"), State::UpToDate);
        let source_edit = added.replace("options", "settings");
        repo.commit(&[("content/en/install.md", &source_edit)], "edit");
        let State::Outdated(behind) = state(&repo.translations(), "content/fr/install.md") else { panic!() };
        assert_eq!(behind.unknown_commit.as_deref(), Some("0123456789abcdef"));
        assert_eq!(behind.behind_commits, 1);
    }

    #[test]
    fn suffixes_pair_and_orphans_and_missing_pages_are_named() {
        let repo = Repo::new();
        repo.commit(
            &[
                ("docs/install.md", SOURCE),
                ("docs/install.fr.md", FRENCH),
                ("docs/usage.md", "# Usage\n\nStart it from the menu of the desktop, then open a file.\n"),
                ("docs/old.fr.md", "# Ancien\n\nUne page dont la source a disparu depuis longtemps.\n"),
            ],
            "pages",
        );
        std::fs::remove_file(Path::new(repo.0.path()).join("docs/install.md")).unwrap();
        let moved = SOURCE.replace("of the machine", "of this machine");
        repo.commit(&[("docs/setup.md", &moved)], "move the source");
        let translations = repo.translations();
        // A translation is paired by its name: `install.fr.md` with `install.md`, which is gone
        // (moved to `setup.md`, which has no translation under its new name).
        assert_eq!(state(&translations, "docs/old.fr.md"), State::Orphan);
        assert_eq!(state(&translations, "docs/install.fr.md"), State::Orphan);
        assert_eq!(
            translations.missing,
            [("docs/setup.md".to_string(), "fr".to_string()), ("docs/usage.md".to_string(), "fr".to_string())]
        );
    }
}
