//! `frontmatter-missing-field`: a field that `[frontmatter] required` lists is absent.

use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::{Article, Config, Diagnostic, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

use super::FrontMatterConfig;

declare_rule! {
    /// ## What it checks
    /// Every field listed in `[frontmatter] required` must be present at the top level of the
    /// front matter. An article without front matter misses every required field.
    ///
    /// ## Why
    /// Listings, feeds and search pages are built from these fields: an article without a `date`
    /// sorts wrongly, one without a `title` shows its file name.
    ///
    /// ## Example
    /// With `required = ["title", "date"]`:
    /// ```markdown
    /// ---
    /// title: Journée portes ouvertes
    /// ---
    /// ```
    /// `date` is missing.
    ///
    /// ## How to fix
    /// Add the field, or remove it from `required` if the site does not need it.
    pub FRONTMATTER_MISSING_FIELD = ("frontmatter-missing-field", "frontmatter", Error, "a required front matter field is missing");
}

/// Reports required front matter fields that are missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrontmatterMissingField;

impl ArticleRule for FrontmatterMissingField {
    const RULE: &'static RuleMeta = &FRONTMATTER_MISSING_FIELD;

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        // A block that does not parse has no fields: the syntax finding says it all.
        if article.front_matter_error.is_none() {
            check(article, context.config, out);
        }
    }
}

fn check(article: &Article, config: &Config, out: &mut Vec<Diagnostic>) {
    for field in &config.section::<FrontMatterConfig>().required {
        let (present, range, message) = match &article.front_matter {
            Some(front) => (
                front.get(field).is_some(),
                // Point at the opening fence line.
                TextRange::new(front.range.start, front.range.start + 3),
                Message::new("frontmatter-missing-field").with("field", field),
            ),
            None => (
                false,
                TextRange::empty(article.body.start),
                Message::new("frontmatter-missing-front-matter").with("field", field),
            ),
        };
        if !present {
            out.push(Diagnostic::new(&FRONTMATTER_MISSING_FIELD, range, message).with_fingerprint_text(field.clone()));
        }
    }
}
