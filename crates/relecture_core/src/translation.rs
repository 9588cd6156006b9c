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
}

impl Section for TranslationsConfig {
    const NAME: &'static str = "translations";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
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
    let families: Vec<Vec<String>> = articles.iter().map(|article| page_family(&article.path)).collect();
    // With `[translations] source` set, a page that declares no language is in it: the sources of
    // a site that only marks its translations (`a.md` beside `a.fr.md`).
    let explicit = config.section::<TranslationsConfig>().source.clone();
    let languages: Vec<Option<String>> =
        articles.iter().map(|article| declared_language(article, config).or_else(|| explicit.clone())).collect();
    let mut by_page: HashMap<(&[String], &str), usize> = HashMap::new();
    for (index, language) in languages.iter().enumerate() {
        if let Some(language) = language {
            by_page.entry((families[index].as_slice(), language.as_str())).or_insert(index);
        }
    }
    (0..articles.len())
        .map(|index| {
            let language = languages[index].as_deref()?;
            let source = source_language(config, &articles[index].path)?;
            if language == source {
                return None;
            }
            by_page.get(&(families[index].as_slice(), source.as_str())).copied()
        })
        .collect()
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
}
