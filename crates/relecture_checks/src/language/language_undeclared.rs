//! `language-undeclared`: nothing declares the article's language.

use crate::ArticleRule;
use relecture_core::language::declaration;
use relecture_core::report::ArticleSummary;
use relecture_core::{Article, Diagnostic, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// An article whose language nothing declares: no `lang` or `language` in its front matter,
    /// no matching `[language.paths]` glob, no language segment in its path and no
    /// `[language] default`.
    ///
    /// ## Why
    /// Without a declared language, `language-mismatch` has nothing to compare with, and site
    /// generators fall back on a site-wide default that may be wrong for this page.
    ///
    /// ## Example
    /// `notes/idees.md` with front matter `title: Idées` and nothing else.
    ///
    /// ## How to fix
    /// Add `lang: fr` to the front matter, or declare the language once for the whole site with
    /// `[language] default = "fr"` or a `[language.paths]` glob.
    pub LANGUAGE_UNDECLARED = ("language-undeclared", "language", Info, "nothing declares the article's language");
}

/// Reports articles whose language nothing declares.
#[derive(Debug, Clone, Copy, Default)]
pub struct LanguageUndeclared;

impl ArticleRule for LanguageUndeclared {
    const RULE: &'static RuleMeta = &LANGUAGE_UNDECLARED;

    fn describe(&self, article: &Article, context: &CheckContext<'_>, summary: &mut ArticleSummary) {
        super::describe(article, context, summary);
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if declaration(article, context.config).is_none() {
            check(article, out);
        }
    }
}

fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    out.push(
        Diagnostic::new(
            &LANGUAGE_UNDECLARED,
            TextRange::empty(article.body.start),
            "the article declares no language: set `lang` in its front matter, or `[language] default` or a `[language.paths]` glob in relecture.toml",
        )
        .with_fingerprint_text("undeclared"),
    );
}
