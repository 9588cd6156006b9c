//! The `duplicates` family: text written twice.

mod duplicate_heading;
mod repeated_sentence;

use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, RuleMeta};

pub use duplicate_heading::DUPLICATE_HEADING;
pub use repeated_sentence::REPEATED_SENTENCE;

/// Runs the within-article duplicate rules on one article.
#[derive(Debug, Clone, Copy)]
pub struct WithinArticleDuplicates;

impl ArticleCheck for WithinArticleDuplicates {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![REPEATED_SENTENCE, DUPLICATE_HEADING]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if context.is_enabled(&REPEATED_SENTENCE.name) {
            repeated_sentence::check(article, context.config.duplicates.min_words, out);
        }
        if context.is_enabled(&DUPLICATE_HEADING.name) {
            duplicate_heading::check(article, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::render_fixture;

    #[test]
    fn repeated_sentence_fixture() {
        insta::assert_snapshot!(render_fixture("repeated-sentence"));
    }

    #[test]
    fn duplicate_heading_fixture() {
        insta::assert_snapshot!(render_fixture("duplicate-heading"));
    }
}
