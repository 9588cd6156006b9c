//! `duplicate-heading`: two headings with the same text in one article.

use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::{CheckContext, RuleMeta};
use std::collections::HashMap;

use relecture_core::markdown::BlockKind;
use relecture_core::text::comparison_key;
use relecture_core::{Article, Diagnostic, Related, TextRange, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Two sibling headings of the same article with the same text: the same level under the
    /// same parent heading (case, white space and typographic quotes do not matter; inline code
    /// does). The finding is on the second and names the first. The same heading under two
    /// parents is parallel structure ("Parameters" under each function, "Dependencies" under
    /// each exporter), and two headings one of which has its own id (`{#zipkin-dependencies}`)
    /// were told apart on purpose: both are left alone. A heading of punctuation only (a broken
    /// table after `##`) is not compared.
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
    // (parent heading, level, key) → the first heading.
    let mut seen: HashMap<(Option<usize>, u8, String), (TextRange, bool)> = HashMap::new();
    // The open headings: (block index, level), outermost first.
    let mut open: Vec<(usize, u8)> = Vec::new();
    for (index, block) in article.blocks.iter().enumerate() {
        let BlockKind::Heading { level, explicit, .. } = block.kind else { continue };
        while open.last().is_some_and(|&(_, open_level)| open_level >= level) {
            open.pop();
        }
        let parent = open.last().map(|&(parent, _)| parent);
        open.push((index, level));
        // A heading of punctuation only is broken markup (a table row after `##`), not a title.
        if !block.prose.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        let key = comparison_key(&block.prose.text_with_code());
        match seen.get(&(parent, level, key.clone())) {
            None => {
                seen.insert((parent, level, key), (block.range, explicit));
            }
            // A heading given its own id was told apart from the other on purpose.
            Some((_, first_explicit)) if explicit || *first_explicit => {}
            Some((first, _)) => {
                let line = article.position(first.start).line;
                out.push(
                    Diagnostic::new(
                        &DUPLICATE_HEADING,
                        block.range,
                        Message::new("duplicate-heading")
                            .with("heading", block.prose.text_with_code().trim())
                            .with("line", line),
                    )
                    .with_related(Related {
                        path: article.path.clone(),
                        range: *first,
                        message: Message::new("related-first-heading"),
                    })
                    .with_fingerprint_text(key),
                );
            }
        }
    }
}
