//! The `frontmatter` family: syntax, required fields and typed values.

mod config;
mod frontmatter_invalid_value;
mod frontmatter_missing_field;
mod frontmatter_syntax;

use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, RuleMeta};

pub use config::{FieldType, FrontMatterConfig};
pub use frontmatter_invalid_value::FRONTMATTER_INVALID_VALUE;
pub use frontmatter_missing_field::FRONTMATTER_MISSING_FIELD;
pub use frontmatter_syntax::FRONTMATTER_SYNTAX;

/// Runs the three front matter rules on one article.
#[derive(Debug, Clone, Copy)]
pub struct FrontMatterCheck;

impl ArticleCheck for FrontMatterCheck {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![FRONTMATTER_SYNTAX, FRONTMATTER_MISSING_FIELD, FRONTMATTER_INVALID_VALUE]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if context.is_enabled(&FRONTMATTER_SYNTAX.name) {
            frontmatter_syntax::check(article, out);
        }
        // A block that does not parse has no fields: the syntax finding says it all.
        if article.front_matter_error.is_some() {
            return;
        }
        if context.is_enabled(&FRONTMATTER_MISSING_FIELD.name) {
            frontmatter_missing_field::check(article, context.config, out);
        }
        if context.is_enabled(&FRONTMATTER_INVALID_VALUE.name) {
            frontmatter_invalid_value::check(article, context.config, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::render_fixture;

    #[test]
    fn frontmatter_syntax_fixture() {
        insta::assert_snapshot!(render_fixture("frontmatter-syntax"));
    }

    #[test]
    fn frontmatter_missing_field_fixture() {
        insta::assert_snapshot!(render_fixture("frontmatter-missing-field"));
    }

    #[test]
    fn frontmatter_invalid_value_fixture() {
        insta::assert_snapshot!(render_fixture("frontmatter-invalid-value"));
    }
}
