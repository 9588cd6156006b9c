//! Translations and their sources: which article of a site is the translation of which.
//!
//! A translated page has the path of its source with what tells the language changed: a language
//! folder (`content/fr/docs/a.md` beside `content/en/docs/a.md`) or a suffix (`a.fr.md` beside
//! `a.md`). The source language is `[translations] source`, else the default language the site's
//! configuration states, else `[language] default`; without one, no page is paired.

use std::collections::HashMap;

use serde::Deserialize;

use crate::article::Article;
use crate::config::{Config, Invalid, Section, SectionLines};
use crate::language::{declared_language, is_language_code, normalize_language, page_family};

/// `[translations]`: how translations relate to their sources.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TranslationsConfig {
    /// The language translations are made from (ISO 639-1); default: the site's default
    /// language.
    pub source: Option<String>,
    /// The front matter key naming the source commit a translation is up to date with; default:
    /// `default_lang_commit` or `source_commit`.
    pub commit_key: Option<String>,
    /// Layouts the path rules do not see, each `"SOURCE = TRANSLATION"`: path templates where
    /// `{path}` stands for the rest of the path and `{lang}` for the translation's language
    /// (`"docs/{path} = translations/{lang}/{path}"`).
    pub patterns: Vec<String>,
}

/// A `[translations] patterns` entry: what a source's path and a translation's look like.
#[derive(Debug, Clone)]
pub struct PathPattern {
    source: String,
    translation: regex::Regex,
}

impl PathPattern {
    /// Reads `"SOURCE = TRANSLATION"`, or says why it is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (source, translation) = text
            .split_once('=')
            .map(|(a, b)| (a.trim(), b.trim()))
            .ok_or_else(|| format!("`{text}` is not `SOURCE = TRANSLATION`"))?;
        if source.matches("{path}").count() != 1 || source.contains("{lang}") {
            return Err(format!("`{source}` must hold `{{path}}` once and no `{{lang}}`"));
        }
        if translation.matches("{path}").count() != 1 || translation.matches("{lang}").count() != 1 {
            return Err(format!("`{translation}` must hold `{{path}}` and `{{lang}}` once each"));
        }
        let expression = regex::escape(translation)
            .replace(r"\{path\}", "(?P<path>.+)")
            .replace(r"\{lang\}", "(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)");
        let translation = regex::Regex::new(&format!("^{expression}$")).map_err(|e| e.to_string())?;
        Ok(Self { source: source.to_string(), translation })
    }

    /// For the path of a translation this pattern describes: its source's path and its
    /// language (normalised).
    pub fn source_of(&self, path: &str) -> Option<(String, String)> {
        let found = self.translation.captures(path)?;
        let language = normalize_language(&found["lang"])?;
        Some((self.source.replace("{path}", &found["path"]), language))
    }
}

impl TranslationsConfig {
    /// The `patterns` that read (those that do not are refused when the configuration is read).
    pub fn path_patterns(&self) -> Vec<PathPattern> {
        self.patterns.iter().filter_map(|text| PathPattern::parse(text).ok()).collect()
    }
}

/// The front matter keys that name the source commit a translation is up to date with, as
/// sites record it (opentelemetry.io's `default_lang_commit`).
pub const COMMIT_KEYS: [&str; 2] = ["default_lang_commit", "source_commit"];

impl TranslationsConfig {
    /// The front matter keys that may name the source commit a translation is up to date with:
    /// `commit_key`, else [`COMMIT_KEYS`].
    pub fn commit_keys(&self) -> Vec<&str> {
        self.commit_key.as_deref().map_or_else(|| COMMIT_KEYS.to_vec(), |key| vec![key])
    }
}

impl Section for TranslationsConfig {
    const NAME: &'static str = "translations";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
        for pattern in &self.patterns {
            if let Err(message) = PathPattern::parse(pattern) {
                return Err(Invalid { line: lines.line(&["patterns"], Some(pattern)), message });
            }
        }
        match &self.source {
            Some(code) if !is_language_code(code) => Err(Invalid {
                line: lines.line(&["source"], Some(code)),
                message: format!("`{code}` is not an ISO 639-1 language code (such as fr or en)"),
            }),
            _ => Ok(()),
        }
    }
}

/// The language the translations of the page at `path` are made from: `[translations] source`,
/// the default language the site's configuration states for the part holding the page, or
/// `[language] default`.
pub fn source_language(config: &Config, path: &str) -> Option<String> {
    if let Some(source) = &config.section::<TranslationsConfig>().source {
        return Some(source.clone());
    }
    let site = config.section::<crate::site::SiteConfig>().detected.clone();
    let stated = site.as_deref().map(|site| site.part_of(path)).and_then(|part| {
        part.default_language.as_deref().filter(|_| part.language_stated).and_then(normalize_language)
    });
    stated.or_else(|| config.section::<crate::language::LanguageConfig>().default.clone())
}

/// For each article (in the order given), the index of its source when it is a translation: the
/// article of the same page family (see [`page_family`]) declared in the source language, the
/// first in the order given when several are. An article in the source language, or with no
/// declared language, has none; with `[translations] source` set, an article that declares no
/// language is in the source language.
pub fn sources(articles: &[&Article], config: &Config) -> Vec<Option<usize>> {
    let pages: Vec<(&str, Option<String>)> =
        articles.iter().map(|article| (article.path.as_str(), declared_language(article, config))).collect();
    pairing(&pages, config).sources
}

/// How the pages of a site pair as translations and sources, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// Each page's language as translations are paired by: the one it declares, else the one a
    /// `[translations] patterns` entry gives it, else `[translations] source` (a site that only
    /// marks its translations, `a.md` beside `a.fr.md`).
    pub languages: Vec<Option<String>>,
    /// The language each page's translations are made from ([`source_language`]).
    pub source_languages: Vec<Option<String>>,
    /// Each page's source when it is a translation (see [`sources`]).
    pub sources: Vec<Option<usize>>,
    /// Whether each page is a translation: in a language other than its source language, or
    /// paired with a source.
    pub translated: Vec<bool>,
}

/// [`Pairing`] of pages given as their path and declared language.
pub fn pairing(pages: &[(&str, Option<String>)], config: &Config) -> Pairing {
    let settings = config.section::<TranslationsConfig>();
    let patterns = settings.path_patterns();
    // A page a pattern describes as a translation has its source's place, and the pattern's
    // language unless it declares one.
    let described: Vec<Option<(String, String)>> =
        pages.iter().map(|(path, _)| patterns.iter().find_map(|pattern| pattern.source_of(path))).collect();
    let families: Vec<Vec<String>> = pages
        .iter()
        .zip(&described)
        .map(|((path, _), described)| page_family(described.as_ref().map_or(*path, |(source, _)| source.as_str())))
        .collect();
    let languages: Vec<Option<String>> = pages
        .iter()
        .zip(&described)
        .map(|((_, declared), described)| {
            declared
                .clone()
                .or_else(|| described.as_ref().map(|(_, language)| language.clone()))
                .or_else(|| settings.source.clone())
        })
        .collect();
    let source_languages: Vec<Option<String>> = pages.iter().map(|(path, _)| source_language(config, path)).collect();
    let mut by_page: HashMap<(&[String], &str), usize> = HashMap::new();
    // Pages that declare no language, by place.
    let mut undeclared: HashMap<&[String], usize> = HashMap::new();
    for (index, language) in languages.iter().enumerate() {
        match language {
            Some(language) => by_page.entry((families[index].as_slice(), language.as_str())).or_insert(index),
            None => undeclared.entry(families[index].as_slice()).or_insert(index),
        };
    }
    let sources: Vec<Option<usize>> = (0..pages.len())
        .map(|index| {
            let language = languages[index].as_deref()?;
            match source_languages[index].as_deref() {
                Some(source) if source == language => None,
                Some(source) => by_page.get(&(families[index].as_slice(), source)).copied(),
                // No source language known: the page at the same place that declares none is
                // the source (a book in a folder named after its language, beside its source).
                None => undeclared.get(families[index].as_slice()).copied(),
            }
        })
        .collect();
    let translated = (0..pages.len())
        .map(|index| {
            sources[index].is_some()
                || matches!((&languages[index], &source_languages[index]), (Some(language), Some(source)) if language != source)
        })
        .collect();
    Pairing { languages, source_languages, sources, translated }
}

/// How a paragraph of a source changed from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphChange {
    /// A paragraph the newer version adds: its block there.
    Added {
        /// The block in the newer version.
        block: usize,
    },
    /// A paragraph reworded: one change, not a removal and an addition.
    Edited {
        /// The block in the newer version.
        block: usize,
        /// The block in the older version.
        before: usize,
    },
    /// A paragraph the newer version no longer has.
    Removed {
        /// The block in the older version.
        before: usize,
        /// Where it stood in the newer version: the block now before which it was (the number
        /// of blocks when it was after the last one).
        at: usize,
    },
}

/// Two versions of a paragraph this alike, word for word in order, are one paragraph reworded.
const REWORDED_SIMILARITY: f64 = 0.5;

/// What changed in the prose of `before` to make `after`, paragraph by paragraph (items,
/// headings, table text and code blocks included, and the destinations of links), compared by
/// their keys ([`crate::paragraph::block_key`]):
/// case, punctuation and moves do not count; a paragraph reworded is [`ParagraphChange::Edited`],
/// matched with the most alike of the paragraphs that left. Added and edited ones come in the
/// order of `after`, removed ones after them in the order of `before`.
pub fn changed_paragraphs(before: &Article, after: &Article) -> Vec<ParagraphChange> {
    use crate::paragraph::{block_key, similarity, word_hashes};
    // A passage is its words, and what a translation copies from it: the destinations of its
    // links and the text of a code block.
    let keyed = |article: &Article| -> Vec<(usize, String)> {
        let mut keys: Vec<String> = article
            .blocks
            .iter()
            .map(|block| match block.kind {
                crate::markdown::BlockKind::CodeBlock { .. } => {
                    article.text(block.range).split_whitespace().collect::<Vec<_>>().join(" ")
                }
                _ => block_key(&block.prose),
            })
            .collect();
        for link in &article.links {
            if let Some(key) = keys.get_mut(link.block).filter(|key| !key.is_empty()) {
                // `/guide` and `/guide/` are one page.
                key.push_str(" \u{2192} ");
                key.push_str(link.dest.trim_end_matches('/'));
            }
        }
        keys.into_iter().enumerate().filter(|(_, key)| !key.is_empty()).collect()
    };
    let (old, new) = (keyed(before), keyed(after));
    let mut unmatched: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (index, key) in &old {
        unmatched.entry(key.as_str()).or_default().push_back(*index);
    }
    let mut left_new = Vec::new();
    // Blocks of the older version kept, with their block in the newer one.
    let mut kept: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (index, key) in &new {
        match unmatched.get_mut(key.as_str()).and_then(std::collections::VecDeque::pop_front) {
            Some(before) => {
                kept.insert(before, *index);
            }
            None => left_new.push((*index, key)),
        }
    }
    let mut left_old: Vec<(usize, Vec<u64>)> = old
        .iter()
        .filter(|(index, key)| unmatched.get(key.as_str()).is_some_and(|left| left.contains(index)))
        .map(|(index, key)| (*index, word_hashes(key)))
        .collect();
    let mut changes = Vec::new();
    for (block, key) in left_new {
        let words = word_hashes(key);
        let closest = left_old
            .iter()
            .enumerate()
            .map(|(at, (_, old_words))| (at, similarity(&words, old_words)))
            .filter(|(_, score)| *score >= REWORDED_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match closest {
            Some((at, _)) => {
                let (before, _) = left_old.remove(at);
                kept.insert(before, block);
                changes.push(ParagraphChange::Edited { block, before });
            }
            None => changes.push(ParagraphChange::Added { block }),
        }
    }
    changes.extend(left_old.into_iter().map(|(before, _)| {
        let at = kept.range(before..).next().map_or(after.blocks.len(), |(_, &block)| block);
        ParagraphChange::Removed { before, at }
    }));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SectionKind;

    /// For each path, the index of its source.
    fn paired(paths: &[&str], settings: &str) -> Vec<Option<usize>> {
        let sections = [
            SectionKind::of::<TranslationsConfig>(),
            SectionKind::of::<crate::language::LanguageConfig>(),
            SectionKind::of::<crate::site::SiteConfig>(),
        ];
        let config = Config::from_toml(settings, "relecture.toml", &sections).expect("valid settings");
        let articles: Vec<Article> =
            paths.iter().map(|path| Article::parse(*path, None, "Texte.\n".to_string())).collect();
        let refs: Vec<&Article> = articles.iter().collect();
        sources(&refs, &config)
    }

    #[test]
    fn a_book_in_a_folder_named_after_its_language_translates_the_one_beside_it() {
        // No source language stated anywhere: the page at the same place that declares none.
        let paths = ["src/ch01.md", "FRENCH/src/ch01.md", "FRENCH/src/ch02.md", "src/ch03.md"];
        assert_eq!(paired(&paths, ""), [None, Some(0), None, None]);
    }

    #[test]
    fn patterns_pair_layouts_the_path_rules_do_not_see() {
        let paths = ["docs/setup/install.md", "translations/fr/setup/install.md", "docs/usage.md", "notes/ja/usage.md"];
        assert_eq!(paired(&paths, "[translations]\nsource = \"en\"\n"), [None, None, None, None]);
        let settings = "[translations]\nsource = \"en\"\npatterns = [\"docs/{path} = translations/{lang}/{path}\", \"docs/{path}.md = notes/{lang}/{path}.md\"]\n";
        assert_eq!(paired(&paths, settings), [None, Some(0), None, Some(2)]);
        // A file name that carries the language.
        let paths = ["guide/intro.md", "guide/intro.de-CH.txt.md"];
        let settings =
            "[translations]\nsource = \"en\"\npatterns = [\"guide/{path}.md = guide/{path}.{lang}.txt.md\"]\n";
        assert_eq!(paired(&paths, settings), [None, Some(0)]);
        let sections = [SectionKind::of::<TranslationsConfig>()];
        let error = Config::from_toml(
            "[translations]\npatterns = [\n  \"docs/{path} = i18n/{path}\",\n]\n",
            "relecture.toml",
            &sections,
        )
        .expect_err("no {lang}");
        assert_eq!(error.to_string(), "relecture.toml:3: `i18n/{path}` must hold `{path}` and `{lang}` once each");
    }

    #[test]
    fn folders_and_suffixes_pair_a_translation_with_its_source() {
        let paths = [
            "content/en/docs/a.md",
            "content/fr/docs/a.md",
            "content/pt-br/docs/a.md",
            "content/fr/docs/only-fr.md",
            "posts/b.md",
            "posts/b.fr.md",
        ];
        assert_eq!(
            paired(&paths, "[translations]\nsource = \"en\"\n[language]\ndefault = \"en\"\n"),
            [None, Some(0), Some(0), None, None, Some(4)]
        );
    }

    #[test]
    fn docusaurus_translations_are_paired_with_the_docs_blog_and_pages_they_translate() {
        let paths = [
            "website/docs/intro.md",
            "website/i18n/fr/docusaurus-plugin-content-docs/current/intro.md",
            "website/blog/2024-01-01-hello.md",
            "website/i18n/ja/docusaurus-plugin-content-blog/2024-01-01-hello.md",
            "website/i18n/fr/docusaurus-plugin-content-docs/version-1.0/intro.md",
            "website/versioned_docs/version-1.0/intro.md",
        ];
        assert_eq!(
            paired(&paths, "[translations]\nsource = \"en\"\n[language]\ndefault = \"en\"\n"),
            [None, Some(0), None, Some(2), Some(5), None]
        );
    }

    #[test]
    fn with_the_source_set_pages_that_declare_no_language_are_sources() {
        assert_eq!(paired(&["docs/a.md", "docs/a.fr.md"], "[translations]\nsource = \"en\"\n"), [None, Some(0)]);
    }

    #[test]
    fn language_folders_are_told_from_page_folders() {
        let paths = [
            "content/en/blog/no-code/index.md",
            "content/en/blog/_index.md",
            "content/fr/blog/no-code/index.md",
            "content/en/docs/ml/overview.md",
            "content/fr/docs/overview.md",
            "content/english/about.md",
            "content/french/about.md",
        ];
        let settings = "[translations]\nsource = \"en\"\n[language.paths]\n\"content/english/**\" = \"en\"\n\"content/french/**\" = \"fr\"\n";
        assert_eq!(paired(&paths, settings), [None, None, Some(0), None, None, None, Some(5)]);
    }

    #[test]
    fn without_a_source_language_nothing_is_paired() {
        assert_eq!(paired(&["content/en/a.md", "content/fr/a.md"], ""), [None, None]);
    }

    #[test]
    fn a_source_that_is_not_a_language_code_is_refused_with_its_line() {
        let sections = [SectionKind::of::<TranslationsConfig>()];
        let error = Config::from_toml("[translations]\nsource = \"english\"\n", "relecture.toml", &sections)
            .expect_err("not a code");
        assert!(error.to_string().contains("relecture.toml:2"), "{error}");
    }

    #[test]
    fn a_sources_changes_are_paragraphs_added_reworded_and_removed_not_moved() {
        let article = |text: &str| Article::parse("content/en/a.md", None, text.to_string());
        let before = article(
            "# Install\n\nDownload the archive from the releases page.\n\nUnpack it anywhere you like on your disk.\n\nRun the installer as an administrator of the machine.\n\nOld note that goes away.\n",
        );
        let after = article(
            "# Install\n\nRun the installer as an administrator of the machine.\n\nDownload the archive from the releases page.\n\nUnpack it anywhere you like on your fast disk.\n\nA brand new paragraph about something else entirely.\n",
        );
        assert_eq!(
            changed_paragraphs(&before, &after),
            [
                ParagraphChange::Edited { block: 3, before: 2 },
                ParagraphChange::Added { block: 4 },
                ParagraphChange::Removed { before: 4, at: 5 },
            ]
        );
        // A paragraph removed in the middle stood before the next one kept.
        let before =
            article("# Install\n\nDownload the archive.\n\nUnpack it anywhere you like.\n\nRun the installer.\n");
        let after = article("# Install\n\nDownload the archive.\n\nRun the installer.\n");
        assert_eq!(changed_paragraphs(&before, &after), [ParagraphChange::Removed { before: 2, at: 2 }]);
        // Case and punctuation are not changes.
        let same = article("# install\n\nDownload the archive, from the releases page!\n");
        let before = article("# Install\n\nDownload the archive from the releases page.\n");
        assert_eq!(changed_paragraphs(&before, &same), []);
        // What a translation copies is: a link's destination, a command in a code block.
        let before = article("See [the guide](/guide/old/) first.\n\n```sh\nnpx hugo new post.md\n```\n");
        let after = article("See [the guide](/guide/new/) first.\n\n```sh\nnpm exec --no -- hugo new post.md\n```\n");
        assert_eq!(
            changed_paragraphs(&before, &after),
            [ParagraphChange::Edited { block: 0, before: 0 }, ParagraphChange::Edited { block: 1, before: 1 }]
        );
    }
}
