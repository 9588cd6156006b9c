//! `repeated-sentence`: the same sentence twice in one article.

use super::duplicate_paragraph::{DUPLICATE_PARAGRAPH, duplicated_paragraphs};
use crate::ArticleRule;
use relecture_core::{CheckContext, RuleMeta};
use std::collections::HashMap;

use relecture_core::markdown::BlockKind;
use relecture_core::text::{comparison_key, sentences, words};
use relecture_core::{Article, Diagnostic, Related, TextRange, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A sentence of at least `[duplicates] min_words` words (default 12) that appears twice in
    /// the same article, in the same paragraph or anywhere else. Case, white space and
    /// typographic quotes do not matter. Headings, code, tables and HTML are not compared.
    ///
    /// ## Why
    /// A sentence pasted twice while editing is the most common copy-paste defect, and readers
    /// notice it at once.
    ///
    /// ## Example
    /// ```markdown
    /// La communication publique s’adapte désormais à tout type de format pour toucher le plus grand nombre.
    ///
    /// (…)
    ///
    /// La communication publique s’adapte désormais à tout type de format pour toucher le plus grand nombre.
    /// ```
    ///
    /// ## How to fix
    /// Delete one of the two sentences, or rewrite one if both places need the idea.
    pub REPEATED_SENTENCE = ("repeated-sentence", "duplicates", Warning, "the same sentence appears twice in an article");
}

/// Reports sentences written twice in one article.
#[derive(Debug, Clone, Copy, Default)]
pub struct RepeatedSentence;

impl ArticleRule for RepeatedSentence {
    const RULE: &'static RuleMeta = &REPEATED_SENTENCE;

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let min_words = context.config.section::<super::DuplicatesConfig>().min_words;
        // The sentences of a paragraph reported as a copy are not reported again.
        let duplicated: Vec<usize> = if context.is_enabled(&DUPLICATE_PARAGRAPH) {
            duplicated_paragraphs(article, min_words).copies.iter().map(|copy| copy.block).collect()
        } else {
            Vec::new()
        };
        check(article, min_words, &duplicated, out);
    }
}

fn check(article: &Article, min_words: usize, duplicated_blocks: &[usize], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, TextRange> = HashMap::new();
    for (index, block) in article.blocks.iter().enumerate() {
        // A second copy of a whole paragraph is one `duplicate-paragraph`, not one finding per sentence.
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) || duplicated_blocks.contains(&index) {
            continue;
        }
        let text = &block.prose.text;
        // No sentence of a block shorter than the threshold can qualify: skip the splitting.
        if words(text).nth(min_words.max(1) - 1).is_none() {
            continue;
        }
        for sentence in sentences(text) {
            let sentence_text = &text[sentence.clone()];
            if words(sentence_text).count() < min_words.max(1) {
                continue;
            }
            // Sentences that differ by their inline code are different sentences.
            let key = comparison_key(&block.prose.text_with_code_in(sentence.clone()));
            let range = block.prose.source_range(sentence);
            match seen.get(&key) {
                None => {
                    seen.insert(key, range);
                }
                Some(first) => {
                    let line = article.position(first.start).line;
                    out.push(
                        Diagnostic::new(
                            &REPEATED_SENTENCE,
                            range,
                            format!("this sentence already appears on line {line}"),
                        )
                        .with_related(Related {
                            path: article.path.clone(),
                            range: *first,
                            message: "first occurrence".into(),
                        })
                        .with_fingerprint_text(key),
                    );
                }
            }
        }
    }
}
