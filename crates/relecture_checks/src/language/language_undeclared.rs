//! `language-undeclared`: nothing declares the article's language.

use relecture_core::Message;
use relecture_core::language::declaration;
use relecture_core::{Article, CorpusCheck, CorpusDiagnostic, Dependencies, Diagnostic, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// Articles whose language nothing declares: no `lang` or `language` in their front matter,
    /// no matching `[language.paths]` glob, no language segment in their path (`/fr/`, `/pt-br/`,
    /// `.fr.md`), no `[language] default`, and no language in the site's configuration (Hugo's
    /// `defaultContentLanguage` or `[languages]`, Jekyll's `lang`, Zola's `default_language`,
    /// Docusaurus' `i18n.defaultLocale`, mdBook's `language`, MkDocs' `theme.language`). They are
    /// reported once for the repository, on the first of them (path order), with their count.
    ///
    /// ## Why
    /// Without a declared language, `language-mismatch` has nothing to compare with, and site
    /// generators fall back on a site-wide default that may be wrong for these pages.
    ///
    /// ## Example
    /// A repository of notes with front matter `title: Idées` and nothing else, and no site
    /// configuration.
    ///
    /// ## How to fix
    /// Declare the language once for the whole site in its generator's configuration or with
    /// `[language] default = "fr"`, per folder with a `[language.paths]` glob, or per page with
    /// `lang: fr` in the front matter.
    pub LANGUAGE_UNDECLARED = ("language-undeclared", "language", Info, "nothing declares the language of some articles");
}

/// Reports, once for the repository, the articles whose language nothing declares.
#[derive(Debug, Clone, Copy, Default)]
pub struct LanguageUndeclared;

/// The key every undeclared article offers and needs: the finding counts them all.
const UNDECLARED: u64 = 0x6c61_6e67_756e_6463;

impl CorpusCheck for LanguageUndeclared {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![LANGUAGE_UNDECLARED]
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        if !context.is_enabled(&LANGUAGE_UNDECLARED) {
            return;
        }
        let undeclared: Vec<usize> =
            (0..articles.len()).filter(|&i| declaration(articles[i], context.config).is_none()).collect();
        let Some(&first) = undeclared.first() else { return };
        let count = undeclared.len();
        let article = articles[first];
        let message = Message::new("language-undeclared").with("count", count);
        out.push(CorpusDiagnostic {
            article: first,
            diagnostic: Diagnostic::new(&LANGUAGE_UNDECLARED, TextRange::empty(article.body.start), message)
                .with_fingerprint_text("undeclared"),
        });
    }

    fn dependencies(&self, article: &Article, context: &CheckContext<'_>) -> Option<Dependencies> {
        let mut deps = Dependencies::default();
        if context.is_enabled(&LANGUAGE_UNDECLARED) && declaration(article, context.config).is_none() {
            deps.provides.push((UNDECLARED, 0));
            deps.needs.push(UNDECLARED);
        }
        Some(deps)
    }
}
