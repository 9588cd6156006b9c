//! `repeated-sentence`: the same sentence twice in one article.

use super::duplicate_paragraph::{DUPLICATE_PARAGRAPH, duplicated_paragraphs};
use super::paragraphs::{is_broken_table, passages};
use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::{CheckContext, RuleMeta};
use std::collections::HashMap;

use relecture_core::markdown::BlockKind;
use relecture_core::text::{comparison_key, sentences, words};
use relecture_core::{Article, Diagnostic, Related, TextRange, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A sentence written twice in one paragraph or list item (from 5 words), or in two
    /// paragraphs of the same passage of an article, a run of paragraphs that no heading, list,
    /// code block, table or HTML block interrupts (from `[duplicates] min_words` words, default
    /// 12). The same sentence in two items of a list is parallel structure (each entry of a
    /// reference says it of its own subject).
    /// Case, white space and typographic quotes do not matter; inline code does. Headings, code,
    /// tables and HTML are not compared. The same sentence in two sections is a restatement (a
    /// summary, the same caveat under each function) and is left alone.
    ///
    /// ## Why
    /// A sentence pasted twice while editing is the most common copy-paste defect, and readers
    /// notice it at once.
    ///
    /// ## Example
    /// ```markdown
    /// La communication publique s’adapte désormais à tout type de format pour toucher le plus grand nombre.
    ///
    /// Les réseaux sociaux en sont un exemple. La communication publique s’adapte désormais à tout
    /// type de format pour toucher le plus grand nombre.
    ///
    /// Le site sera mis à jour demain. Merci de votre patience. Le site sera mis à jour demain.
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

/// A sentence this short is a duplicate only when written twice in one paragraph: shorter ones
/// ("Oui. Oui.", "Click Next.") are often said twice on purpose.
const SHORT_SENTENCE_WORDS: usize = 5;

fn check(article: &Article, min_words: usize, duplicated_blocks: &[usize], out: &mut Vec<Diagnostic>) {
    let min_words = min_words.max(1);
    let shortest = SHORT_SENTENCE_WORDS.min(min_words);
    // (passage, key) → where the sentence was first written and in which block.
    let mut seen: HashMap<(usize, String), (TextRange, usize)> = HashMap::new();
    let passages = passages(&article.blocks);
    for (index, block) in article.blocks.iter().enumerate() {
        // A second copy of a whole paragraph is one `duplicate-paragraph`, not one finding per sentence.
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
            || duplicated_blocks.contains(&index)
            || is_broken_table(article.text(block.range))
        {
            continue;
        }
        let text = &block.prose.text;
        // No sentence of a block shorter than the threshold can qualify: skip the splitting.
        if block.prose.words().nth(shortest - 1).is_none() {
            continue;
        }
        for sentence in sentences(text) {
            let sentence_text = &text[sentence.clone()];
            // Only whether it reaches `shortest` and `min_words` matters.
            let count = words(sentence_text).take(min_words.max(shortest)).count();
            if count < shortest {
                continue;
            }
            // Sentences that differ by their inline code are different sentences.
            let place = (passages[index], comparison_key(&block.prose.text_with_code_in(sentence.clone())));
            let range = block.prose.source_range(sentence);
            let Some(slot) = seen.get_mut(&place) else {
                seen.insert(place, (range, index));
                continue;
            };
            if slot.1 == index && slot.0 == range {
                continue;
            }
            let key = place.1;
            if slot.1 != index && (count < min_words || block.kind == BlockKind::ListItem) {
                // A short sentence of another paragraph, or the sentence of another item of a
                // list: the copy in this one is the first here.
                *slot = (range, index);
                continue;
            }
            let line = article.position(slot.0.start).line;
            out.push(
                Diagnostic::new(&REPEATED_SENTENCE, range, Message::new("repeated-sentence").with("line", line))
                    .with_related(Related {
                        path: article.path.clone(),
                        range: slot.0,
                        message: Message::new("related-first-occurrence"),
                    })
                    .with_fingerprint_text(key),
            );
        }
    }
}
