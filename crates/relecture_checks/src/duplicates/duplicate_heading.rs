//! `duplicate-heading`: two headings with the same text in one article.

use crate::ArticleRule;
use relecture_core::{CheckContext, RuleMeta};
use std::collections::HashMap;

use relecture_core::markdown::BlockKind;
use relecture_core::text::comparison_key;
use relecture_core::{Article, Diagnostic, Related, TextRange, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Two headings of the same article with the same text, at any level (case, white space and
    /// typographic quotes do not matter). The finding is on the second and names the first.
    ///
    /// ## Why
    /// A repeated heading is usually a title pasted twice or a section duplicated by mistake;
    /// it also gives two anchors that differ only by a `-1` suffix, so links land on the wrong one.
    ///
    /// ## Example
    /// ```markdown
    /// # La reconnaissance faciale dans les services publics
    ///
    /// # La reconnaissance faciale dans les services publics
    /// ```
    ///
    /// ## How to fix
    /// Delete the repeated heading, or reword one of them so each section says what it holds.
    pub DUPLICATE_HEADING = ("duplicate-heading", "duplicates", Warning, "two headings with the same text in an article");
}

/// Reports headings written twice in one article.
#[derive(Debug, Clone, Copy, Default)]
pub struct DuplicateHeading;

impl ArticleRule for DuplicateHeading {
    const RULE: &'static RuleMeta = &DUPLICATE_HEADING;

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        check(article, out);
    }
}

fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, TextRange> = HashMap::new();
    for block in &article.blocks {
        if !matches!(block.kind, BlockKind::Heading { .. }) || block.prose.text.trim().is_empty() {
            continue;
        }
        let key = comparison_key(&block.prose.text_with_code());
        match seen.get(&key) {
            None => {
                seen.insert(key, block.range);
            }
            Some(first) => {
                let line = article.position(first.start).line;
                out.push(
                    Diagnostic::new(
                        &DUPLICATE_HEADING,
                        block.range,
                        format!(
                            "the heading « {} » already appears on line {line}",
                            block.prose.text_with_code().trim()
                        ),
                    )
                    .with_related(Related {
                        path: article.path.clone(),
                        range: *first,
                        message: "first heading".into(),
                    })
                    .with_fingerprint_text(key),
                );
            }
        }
    }
}
