//! The `language` family: declared against detected language, per article and per paragraph.

mod language_mismatch;
mod language_undeclared;
mod mixed_language;

use relecture_core::language::{article_language, declaration};
use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, RuleMeta};

pub use language_mismatch::LANGUAGE_MISMATCH;
pub use language_undeclared::LANGUAGE_UNDECLARED;
pub use mixed_language::MIXED_LANGUAGE;

/// Runs the three language rules on one article, detecting its language once.
#[derive(Debug, Clone, Copy)]
pub struct LanguageCheck;

impl ArticleCheck for LanguageCheck {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![LANGUAGE_MISMATCH, MIXED_LANGUAGE, LANGUAGE_UNDECLARED]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let declared = declaration(article, context.config);
        if declared.is_none() && context.is_enabled(&LANGUAGE_UNDECLARED) {
            language_undeclared::check(article, out);
        }
        let mismatch = context.is_enabled(&LANGUAGE_MISMATCH);
        let mixed = context.is_enabled(&MIXED_LANGUAGE);
        if !mismatch && !mixed {
            return;
        }
        let detected = article_language(article, context.config);
        if mismatch && let (Some(declared), Some(detected)) = (&declared, detected) {
            language_mismatch::check(article, declared, detected, out);
        }
        if mixed {
            // Paragraphs are compared with what the article is written in; an article entirely in
            // another language than declared gets one `language-mismatch`, not one finding per paragraph.
            let reference = match (detected, &declared) {
                (Some(d), _) if d.reliable => Some(d.language.clone()),
                (_, Some(declared)) => Some(declared.language.clone()),
                _ => None,
            };
            if let Some(reference) = reference {
                mixed_language::check(
                    article,
                    context.config,
                    declared.as_ref().map(|d| d.language.as_str()),
                    &reference,
                    out,
                );
            }
        }
    }
}
