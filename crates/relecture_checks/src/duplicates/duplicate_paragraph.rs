//! `duplicate-paragraph`: the same paragraph twice in one article.

use relecture_core::Message;
use std::collections::HashMap;
use std::sync::Arc;

use relecture_core::{Article, CheckContext, Diagnostic, Related, RuleMeta, TextRange, declare_rule};

use super::paragraphs::{block_keys, is_broken_table, is_comparable, passages};
use crate::ArticleRule;

declare_rule! {
    /// ## What it checks
    /// A paragraph or list item of at least `[duplicates] min_words` words (default 12) that
    /// appears twice in the same passage of an article: a run of paragraphs, or the items of one
    /// list, that no heading, code block, table, HTML block or other list interrupts. Case, punctuation, quotes, white
    /// space and Unicode composition do not matter; inline code does. The finding is on the
    /// second copy and names the first; the sentences of a duplicated paragraph are not reported
    /// again as `repeated-sentence`. The same paragraph in two sections is a restatement (a
    /// summary, the same caveat under each function, a collapsed section) and is left alone.
    ///
    /// ## Why
    /// A paragraph pasted twice while moving text around doubles the reading time of that part
    /// and tells the reader nobody proofread the page.
    ///
    /// ## Example
    /// ```markdown
    /// Les agents publics doivent informer les usagers de leurs droits de manière claire.
    ///
    /// Les agents publics doivent informer les usagers de leurs droits de manière claire.
    /// ```
    ///
    /// ## How to fix
    /// Delete one copy, or rewrite one if both sections need the idea.
    pub DUPLICATE_PARAGRAPH = ("duplicate-paragraph", "duplicates", Warning, "the same paragraph appears twice in an article");
}

/// Reports the second copy of each paragraph.
#[derive(Debug, Clone, Copy, Default)]
pub struct DuplicateParagraph;

impl ArticleRule for DuplicateParagraph {
    const RULE: &'static RuleMeta = &DUPLICATE_PARAGRAPH;

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        for copy in
            &duplicated_paragraphs(article, context.config.section::<super::DuplicatesConfig>().min_words).copies
        {
            let line = article.position(copy.first.start).line;
            out.push(
                Diagnostic::new(
                    &DUPLICATE_PARAGRAPH,
                    copy.range,
                    Message::new("duplicate-paragraph").with("line", line),
                )
                .with_related(Related {
                    path: article.path.clone(),
                    range: copy.first,
                    message: Message::new("related-first-copy"),
                })
                .with_fingerprint_text(copy.key.clone()),
            );
        }
    }
}

/// The second copies of the paragraphs of an article, found once for `duplicate-paragraph` and
/// `repeated-sentence` (which does not report the sentences of a copy again).
#[derive(Debug)]
pub(super) struct DuplicatedParagraphs {
    min_words: usize,
    /// In the order of the article.
    pub(super) copies: Vec<Copy>,
}

/// A paragraph that repeats an earlier one.
#[derive(Debug)]
pub(super) struct Copy {
    /// The index of its block.
    pub(super) block: usize,
    range: TextRange,
    /// The first copy.
    first: TextRange,
    key: String,
}

/// The copies of `article`, kept with the article.
pub(super) fn duplicated_paragraphs(article: &Article, min_words: usize) -> Arc<DuplicatedParagraphs> {
    let compute = || {
        let mut seen: HashMap<(usize, String), TextRange> = HashMap::new();
        let mut copies = Vec::new();
        let passages = passages(&article.blocks);
        let keys = block_keys(article);
        for (index, block) in article.blocks.iter().enumerate() {
            if !is_comparable(block)
                || block.prose.words().nth(min_words.max(1) - 1).is_none()
                || is_broken_table(article.text(block.range))
            {
                continue;
            }
            let Some(key) = keys.0[index].clone() else { continue };
            match seen.entry((passages[index], key)) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    copies.push(Copy {
                        block: index,
                        range: block.range,
                        first: *first.get(),
                        key: first.key().1.clone(),
                    });
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(block.range);
                }
            }
        }
        DuplicatedParagraphs { min_words, copies }
    };
    let memo = article.memo(compute);
    // Another minimum (a library caller changing the configuration) is computed afresh.
    if memo.min_words == min_words { memo } else { Arc::new(compute()) }
}
