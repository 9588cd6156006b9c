//! The built-in checks, generated from the files of each family by the test `codegen::registry_is_up_to_date`:
//! do not edit, add a rule file and run `cargo test -p relecture_checks` (a new check goes last in its
//! family).

use std::sync::Arc;

use relecture_core::{ArticleCheck, CorpusCheck};

use crate::RuleCheck;

/// Every per-article check, in registry order.
pub(crate) fn article_checks() -> Vec<Arc<dyn ArticleCheck>> {
    vec![
        Arc::new(RuleCheck(crate::frontmatter::frontmatter_syntax::FrontmatterSyntax)),
        Arc::new(RuleCheck(crate::frontmatter::frontmatter_missing_field::FrontmatterMissingField)),
        Arc::new(RuleCheck(crate::frontmatter::frontmatter_invalid_value::FrontmatterInvalidValue)),
        Arc::new(RuleCheck(crate::language::language_mismatch::LanguageMismatch)),
        Arc::new(RuleCheck(crate::language::mixed_language::MixedLanguage)),
        Arc::new(RuleCheck(crate::duplicates::repeated_sentence::RepeatedSentence)),
        Arc::new(RuleCheck(crate::duplicates::duplicate_paragraph::DuplicateParagraph)),
        Arc::new(RuleCheck(crate::duplicates::duplicate_heading::DuplicateHeading)),
        Arc::new(RuleCheck(crate::duplicates::repeated_word::RepeatedWord)),
        Arc::new(RuleCheck(crate::duplicates::repeated_phrase::RepeatedPhrase)),
        Arc::new(RuleCheck(crate::links::bare_url::BareUrl)),
    ]
}

/// Every corpus check, in registry order.
pub(crate) fn corpus_checks() -> Vec<Arc<dyn CorpusCheck>> {
    vec![
        Arc::new(crate::language::language_undeclared::LanguageUndeclared),
        Arc::new(crate::language::untranslated::Untranslated),
        Arc::new(crate::duplicates::CrossArticleDuplicates),
        Arc::new(crate::links::InternalLinks),
        #[cfg(feature = "online")]
        Arc::new(crate::links::dead_link::ExternalLinks::default()),
    ]
}
