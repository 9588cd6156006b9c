//! What duplicate rules compare: normalised paragraph keys, word sequences and their similarity.

use relecture_core::markdown::{Block, BlockKind, CODE_PLACEHOLDER, Prose};
pub use relecture_core::paragraph::{block_key, common_words, paragraph_key, similarity, word_hashes};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Whether a block is prose that duplicate rules compare (not a heading, code, table or HTML).
pub(crate) fn is_comparable(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
}

/// The passage of each block of `blocks`: a run of paragraphs, or of the items of one list at one
/// depth, that nothing else interrupts (a heading, code, a table, an HTML block such as a
/// component or a collapsed section, a list, a nested list's parent item). Text repeated in
/// another passage of the same page is a restatement (a summary, the same caveat under each
/// function, the same entry in two lists, an example introduced alike); text repeated within a
/// passage is pasted twice.
pub(crate) fn passages(blocks: &[Block]) -> Vec<usize> {
    let mut passage = 0;
    let mut previous: Option<&Block> = None;
    blocks
        .iter()
        .map(|block| {
            let continues = previous.is_some_and(|p| {
                matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                    && p.kind == block.kind
                    && p.list_depth == block.list_depth
                    && p.quote_depth == block.quote_depth
            });
            if !continues {
                passage += 1;
            }
            previous = Some(block);
            passage
        })
        .collect()
}

/// Whether a paragraph's source is a table the parser did not read as one (two lines or more
/// starting with `|`): its cells repeat by design.
pub(crate) fn is_broken_table(source: &str) -> bool {
    source.lines().filter(|line| line.trim_start_matches(['>', ' ']).starts_with('|')).nth(1).is_some()
}

/// The [`block_key`] of each block of an article that duplicate rules compare
/// ([`is_comparable`]), `None` for the others.
pub(crate) struct BlockKeys(pub(crate) Vec<Option<String>>);

/// The [`BlockKeys`] of `article`, computed once and kept with it: `duplicate-paragraph`,
/// `repeated-sentence` and the rules across articles read the same keys.
pub(crate) fn block_keys(article: &relecture_core::Article) -> std::sync::Arc<BlockKeys> {
    article.memo(|| {
        BlockKeys(article.blocks.iter().map(|block| is_comparable(block).then(|| block_key(&block.prose))).collect())
    })
}

/// The words of a block's prose as hashes, with inline code, numbers and capitalised words
/// inside a sentence each standing for any of their kind: two entries of a reference list that
/// differ only by what they name are alike. Two lists: the words with names as themselves, and
/// with names abstracted.
pub fn abstract_words(prose: &Prose) -> (Vec<u64>, Vec<u64>) {
    let code = xxhash_rust::xxh3::xxh3_64(b"\0code");
    let number = xxhash_rust::xxh3::xxh3_64(b"\0number");
    let name = xxhash_rust::xxh3::xxh3_64(b"\0name");
    let text = &prose.text;
    let (mut plain, mut shape) = (Vec::new(), Vec::new());
    // Where the text since the last inline code starts, and where the last word ended.
    let (mut part_start, mut last_end) = (0, 0);
    for (at, word) in prose.words() {
        for (offset, _) in text[last_end..at].match_indices(CODE_PLACEHOLDER) {
            plain.push(code);
            shape.push(code);
            part_start = last_end + offset + CODE_PLACEHOLDER.len_utf8();
        }
        last_end = at + word.len();
        let before = text[part_start..at].trim_end();
        let starts_sentence = before.is_empty() || before.ends_with(['.', '!', '?', ':']);
        let numeric = word.chars().any(char::is_numeric);
        let hash = if numeric {
            number
        } else if word.chars().any(char::is_uppercase) {
            xxhash_rust::xxh3::xxh3_64(word.to_lowercase().as_bytes())
        } else {
            xxhash_rust::xxh3::xxh3_64(word.as_bytes())
        };
        plain.push(hash);
        let named = !numeric && !starts_sentence && word.chars().next().is_some_and(char::is_uppercase);
        shape.push(if named { name } else { hash });
    }
    for _ in text[last_end..].matches(CODE_PLACEHOLDER) {
        plain.push(code);
        shape.push(code);
    }
    (plain, shape)
}

/// A word as compared with its neighbour: Unicode NFC (a decomposed « é » is the precomposed one)
/// and lowercase.
pub(crate) fn folded(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    match is_nfc_quick(word.chars()) {
        IsNormalized::Yes => word.to_lowercase(),
        _ => word.nfc().collect::<String>().to_lowercase(),
    }
}

/// Whether the text byte `at` of `text` is inside quotation marks opened before it: quoted words
/// are someone's, as said (« les "inconnus inconnus" », « lo que no sabemos que no sabemos »).
pub(super) fn quoted(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let count = |c: char| before.matches(c).count();
    count('"') % 2 == 1 || count('«') > count('»') || count('“') > count('”') || count('„') > count('“')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocks_key_and_abstract_words_are_those_of_its_text_with_code() {
        let article = relecture_core::Article::parse(
            "a.md",
            None,
            "Voir `lire()` puis Paris, en 2024. Le `code` à la fin `x`\n\nE\u{301}te\u{301} : `y` Anne lit.\n".into(),
        );
        for block in &article.blocks {
            assert_eq!(block_key(&block.prose), paragraph_key(&block.prose.text_with_code()));
        }
        let (plain, shape) = abstract_words(&article.blocks[0].prose);
        let hash = |w: &str| xxhash_rust::xxh3::xxh3_64(w.as_bytes());
        let (code, number, name) = (hash("\0code"), hash("\0number"), hash("\0name"));
        // « Voir » `lire()` « puis » « Paris » « en » « 2024 » « Le » `code` « à » « la » « fin » `x`
        assert_eq!(
            plain,
            [
                hash("voir"),
                code,
                hash("puis"),
                hash("paris"),
                hash("en"),
                number,
                hash("le"),
                code,
                hash("à"),
                hash("la"),
                hash("fin"),
                code
            ]
        );
        // A capitalised word inside a sentence is a name; one that starts a sentence is not.
        assert_eq!(shape[3], name);
        assert_eq!(shape[6], hash("le"));
        let (_, shape) = abstract_words(&article.blocks[1].prose);
        // After inline code, a word starts the text again: « Anne » is not a name there.
        assert_eq!(shape.len(), 4);
        assert_eq!(shape[2], hash("anne"));
    }
}
