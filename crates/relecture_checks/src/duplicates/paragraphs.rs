//! What duplicate rules compare: normalised paragraph keys, word sequences and their similarity.

use relecture_core::markdown::{Block, BlockKind, CODE_PLACEHOLDER, Prose};
use relecture_core::text::words;
use std::borrow::Cow;

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

/// The key exact duplicates are found by: Unicode NFC, lowercase, words only (punctuation,
/// quotes, apostrophes and white space do not matter).
pub fn paragraph_key(text: &str) -> String {
    // Most text is already in NFC: check cheaply before composing.
    let normalized: Cow<'_, str> = match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    };
    key_of(words(&normalized))
}

/// [`paragraph_key`] of a block's prose with its inline code: from the words the prose keeps
/// when it has no inline code and is in NFC, as most prose is.
pub fn block_key(prose: &Prose) -> String {
    if !prose.text.contains(CODE_PLACEHOLDER) && is_nfc_quick(prose.text.chars()) == IsNormalized::Yes {
        key_of(prose.words())
    } else {
        paragraph_key(&prose.text_with_code())
    }
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

/// Words lowercased, separated by one space.
fn key_of<'a>(words: impl Iterator<Item = (usize, &'a str)>) -> String {
    let mut key = String::new();
    for (_, word) in words {
        if !key.is_empty() {
            key.push(' ');
        }
        if word.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            key.extend(word.chars().flat_map(char::to_lowercase));
        } else {
            key.push_str(word);
        }
    }
    key
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

/// The words of a paragraph key as hashes, for order-aware comparison.
pub fn word_hashes(key: &str) -> Vec<u64> {
    key.split(' ').filter(|w| !w.is_empty()).map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect()
}

/// Word-level, order-aware similarity: 1 − (word edit distance ÷ length of the longer).
/// A paragraph of 50 words in which 8 were replaced scores 0.84.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 1.0;
    }
    #[allow(clippy::cast_precision_loss, reason = "paragraph lengths are far below 2^52")]
    let score = 1.0 - edit_distance(a, b) as f64 / longer as f64;
    score
}

/// How many words two paragraphs have in common, counted with repeats, from their sorted word
/// hashes: the longer one's length minus this bounds their edit distance from below, so that
/// paragraphs with too few words in common are ruled out before [`similarity`].
pub fn common_words(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Levenshtein distance over words, in O(len(a) × len(b)) time and O(len(b)) memory.
fn edit_distance(a: &[u64], b: &[u64]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
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
    fn keys_ignore_case_quotes_punctuation_and_composition() {
        assert_eq!(paragraph_key("L’IA, « c’est » utile !"), paragraph_key("l'ia \"c'est\" utile"));
        // "é" precomposed and as "e" + combining accent.
        assert_eq!(paragraph_key("Été"), paragraph_key("E\u{301}te\u{301}"));
    }

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

    #[test]
    fn similarity_is_order_aware_and_matches_the_documented_example() {
        let base: Vec<String> = (0..50).map(|i| format!("mot{i}")).collect();
        let mut edited = base.clone();
        for i in [3, 9, 14, 20, 27, 33, 40, 46] {
            edited[i] = format!("autre{i}");
        }
        let a = word_hashes(&base.join(" "));
        let b = word_hashes(&edited.join(" "));
        assert!((similarity(&a, &b) - 0.84).abs() < 1e-9);
        let mut reversed = a.clone();
        reversed.reverse();
        assert!(similarity(&a, &reversed) < 0.1);
        assert!((similarity(&a, &a) - 1.0).abs() < f64::EPSILON);
    }
}
