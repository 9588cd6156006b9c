//! `language-mismatch`: the article is not written in its declared language.

use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::language::{Declaration, DeclarationOrigin, declaration};
use relecture_core::markdown::BlockKind;
use relecture_core::report::ArticleSummary;
use relecture_core::{Article, Diagnostic, Related, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

use super::detect::{ArticleLanguage, article_languages};

declare_rule! {
    /// ## What it checks
    /// The language the article's prose is written in (detected on its paragraphs, lists,
    /// headings and tables; not on code, URLs, HTML, front matter or lines of names) against the
    /// language it declares: front matter `lang` or `language`, a `[language.paths]` glob, a
    /// language segment in the path (`/fr/`, `/pt-br/`, `.fr.md`), `[language] default`, or the
    /// site's configuration. Detection reads the script first, and Latin-script text is judged
    /// among `[language] allowed` or the site's languages. A mismatch is reported only when the
    /// detection is reliable: from 20 words, or from 8 when every block that votes goes one way
    /// and function words or the script decided each (a short reference page). The finding names
    /// the passages that decided it.
    ///
    /// ## Why
    /// An untranslated copy under `content/fr/`, or `lang: en` over French text, gives readers a
    /// page they cannot read, screen readers the wrong voice and search engines the wrong index.
    ///
    /// ## Example
    /// `content/fr/glossaire.md`, with no `lang`, whose text reads "A container image is a
    /// package that holds everything an application needs to run."
    ///
    /// ## How to fix
    /// Translate the article, move it to the folder of its language, or correct its `lang`.
    pub LANGUAGE_MISMATCH = ("language-mismatch", "language", Warning, "the article is not written in its declared language");
}

/// Reports articles written in another language than the declared one.
#[derive(Debug, Clone, Copy, Default)]
pub struct LanguageMismatch;

impl ArticleRule for LanguageMismatch {
    const RULE: &'static RuleMeta = &LANGUAGE_MISMATCH;

    fn describe(&self, article: &Article, context: &CheckContext<'_>, summary: &mut ArticleSummary) {
        super::describe(article, context, summary);
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(declared) = declaration(article, context.config) {
            check(article, &declared, &article_languages(article, context.config), out);
        }
    }
}

fn check(article: &Article, declared: &Declaration, languages: &ArticleLanguage, out: &mut Vec<Diagnostic>) {
    let Some(detected) = languages.overall.as_ref() else { return };
    // A reliable detection has the words it needs (from 20, or from 8 on a clear short page).
    if !detected.reliable || detected.language == declared.language {
        return;
    }
    let range = match &declared.origin {
        DeclarationOrigin::FrontMatter(range) => *range,
        _ => article
            .blocks
            .iter()
            .find(|b| !matches!(b.kind, BlockKind::Html | BlockKind::CodeBlock { .. }))
            .map_or(TextRange::empty(article.body.start), |b| b.range),
    };
    let message = Message::new("language-mismatch")
        .with_language("declared", &declared.language)
        .with("declared-code", &declared.language)
        .with("origin", declared.origin.describe())
        .with_language("detected", &detected.language)
        .with("detected-code", &detected.language)
        .with(
            "confidence",
            relecture_core::message::Arg::Hundredths((detected.confidence * 100.0).round_ties_even() as i64),
        );
    let mut diagnostic = Diagnostic::new(&LANGUAGE_MISMATCH, range, message)
        .with_fingerprint_text(format!("{}>{}", declared.language, detected.language));
    // The passages that decided it: the longest blocks detected in that language.
    let mut deciding: Vec<(usize, usize)> = languages
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(index, block)| {
            block.as_ref().filter(|b| b.language == detected.language).map(|b| (b.words, index))
        })
        .collect();
    deciding.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in deciding.into_iter().take(3) {
        diagnostic = diagnostic.with_related(Related {
            path: article.path.clone(),
            range: article.blocks[index].range,
            message: Message::new("related-written-in").with_language("language", &detected.language),
        });
    }
    out.push(diagnostic);
}
