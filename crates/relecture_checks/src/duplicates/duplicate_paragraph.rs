//! `duplicate-paragraph`: the same paragraph twice in one article.

use std::collections::HashMap;

use relecture_core::text::words;
use relecture_core::{Article, Diagnostic, Related, TextRange, declare_rule};

use super::paragraphs::{is_comparable, paragraph_key};

declare_rule! {
    /// ## What it checks
    /// A paragraph or list item of at least `[duplicates] min_words` words (default 12) that
    /// appears twice in the same article. Case, punctuation, quotes, white space and Unicode
    /// composition do not matter. The finding is on the second copy and names the first; the
    /// sentences of a duplicated paragraph are not reported again as `repeated-sentence`.
    ///
    /// ## Why
    /// A paragraph pasted twice while moving text around doubles the reading time of that part
    /// and tells the reader nobody proofread the page.
    ///
    /// ## Example
    /// The same paragraph under two different headings of one article.
    ///
    /// ## How to fix
    /// Delete one copy, or rewrite one if both sections need the idea.
    pub DUPLICATE_PARAGRAPH = ("duplicate-paragraph", "duplicates", Warning, "the same paragraph appears twice in an article");
}

/// Reports second copies and returns the indices of the blocks reported.
pub(super) fn check(article: &Article, min_words: usize, report: bool, out: &mut Vec<Diagnostic>) -> Vec<usize> {
    let mut seen: HashMap<String, TextRange> = HashMap::new();
    let mut duplicates = Vec::new();
    for (index, block) in article.blocks.iter().enumerate() {
        if !is_comparable(block) || words(&block.prose.text).nth(min_words.max(1) - 1).is_none() {
            continue;
        }
        let key = paragraph_key(&block.prose.text);
        if let Some(first) = seen.get(&key) {
            duplicates.push(index);
            if report {
                let line = article.position(first.start).line;
                out.push(
                    Diagnostic::new(
                        &DUPLICATE_PARAGRAPH,
                        block.range,
                        format!("this paragraph already appears on line {line}"),
                    )
                    .with_related(Related { path: article.path.clone(), range: *first, message: "first copy".into() })
                    .with_fingerprint_text(key),
                );
            }
        } else {
            seen.insert(key, block.range);
        }
    }
    duplicates
}
