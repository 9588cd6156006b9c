//! `repeated-word`: the same word twice in a row (« le le », "the the").

use super::paragraphs::quoted;
use crate::ArticleRule;
use relecture_core::markdown::BlockKind;
use relecture_core::text::words;
use relecture_core::{Applicability, Article, Diagnostic, Edit, Fix, Related, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

/// Doubles that grammar allows: French reflexive pronouns, English "that that" and "had had".
/// Words a language doubles on purpose: « nous nous », « faire faire », « tout en en parlant »,
/// "that that", "had had", „die die“, Turkish « sık sık », « yavaş yavaş ».
const INTENTIONAL: &[&str] = &[
    "nous", "vous", "faire", "en", "that", "had", "is", "do", "die", "der", "das", "sık", "yavaş", "ara", "sıra",
    "ayrı", "adım", "tekrar", "zaman", "çeşit", "kat", // and interjections said twice: « ah ah », "ha ha"
    "ah", "ha", "oh", "hé", "eh", "bla", "hi", "ho",
];

/// Whether `word` is written in a script whose languages double words as grammar (Bengali
/// « সাথে সাথে », Hindi « धीरे धीरे », the other Indic scripts and Thai, U+0900 to U+0E7F): a
/// repetition there is not a slip.
fn reduplicating_script(word: &str) -> bool {
    word.chars().next().is_some_and(|c| {
        let c = u32::from(c);
        (0x0900..=0x0E7F).contains(&c) || (0x0600..=0x06FF).contains(&c)
    })
}

/// Whether `word` is written in capitals (an acronym, an operator's name).
fn is_upper(word: &str) -> bool {
    word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase())
}

/// Whether `text` is Vietnamese, whose words are syllables written apart: a syllable written
/// twice is often two words (« phát triển triển khai »), not a slip.
fn vietnamese(text: &str) -> bool {
    text.chars().any(|c| matches!(c, 'ư' | 'ơ' | 'Ư' | 'Ơ' | 'đ' | 'Đ') || ('\u{1EA0}'..='\u{1EF9}').contains(&c))
}

/// Whether the word at `start..end` of `text` is part of a longer word joined by a hyphen or an
/// apostrophe (« quelqu'un un », "segunda segunda-feira", « что что-то »).
fn joined(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    matches!(before, Some('\'' | '’' | '-')) || matches!(after, Some('\'' | '’' | '-'))
}

/// The link whose text holds `range`, if any.
fn link_holding(article: &Article, range: TextRange) -> Option<usize> {
    article.links.iter().position(|link| {
        link.text_range.start <= range.start && range.end <= link.text_range.end && !link.text_range.is_empty()
    })
}

declare_rule! {
    /// ## What it checks
    /// The same word written twice in a row, separated only by white space (a line break
    /// included), ignoring case: « le le », "the the". Numbers and doubles that grammar allows
    /// (« nous nous », « vous vous », "that that", "had had") are not reported, nor are words
    /// separated by punctuation (« non, non »).
    ///
    /// ## Why
    /// A doubled word is the typo that eyes skip most easily, because the brain reads the
    /// sentence it expects.
    ///
    /// ## Example
    /// `La communication publique désigne toutes les les activités.`
    ///
    /// ## How to fix
    /// Delete the second word; the fix does it (safe).
    pub REPEATED_WORD = ("repeated-word", "duplicates", Warning, "the same word twice in a row");
}

/// Reports words written twice in a row.
#[derive(Debug, Clone, Copy, Default)]
pub struct RepeatedWord;

impl ArticleRule for RepeatedWord {
    const RULE: &'static RuleMeta = &REPEATED_WORD;

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        check(article, out);
    }
}

fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    for block in &article.blocks {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Heading { .. } | BlockKind::Table
        ) {
            continue;
        }
        let text = &block.prose.text;
        if vietnamese(text) {
            continue;
        }
        let mut previous: Option<(usize, &str, String)> = None;
        for (start, word) in words(text) {
            let lower = word.to_lowercase();
            if let Some((previous_start, previous_word, previous_lower)) = &previous {
                let (previous_start, previous_word) = (*previous_start, *previous_word);
                let between = &text[previous_start + previous_word.len()..start];
                // Table cells are separated by a line break in the prose: a cell is not the next
                // word of the one before.
                let cell_boundary = block.kind == BlockKind::Table && between.contains('\n');
                let repeated = !between.is_empty()
                    && between.chars().all(char::is_whitespace)
                    && !cell_boundary
                    && lower == *previous_lower;
                let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
                if repeated
                    && !word.chars().all(char::is_numeric)
                    && !INTENTIONAL.contains(&lower.as_str())
                    && !reduplicating_script(word)
                    // A name written twice is a name (« Lin Lin »), not "The the".
                    && (!capitalised(word) || !capitalised(previous_word))
                    // An acronym beside the word it spells is two words ("Bitwise AND and").
                    && (word == previous_word || !(is_upper(word) || is_upper(previous_word)))
                    && !joined(text, previous_start, previous_start + previous_word.len())
                    && !joined(text, start, start + word.len())
                    && !quoted(text, previous_start)
                {
                    let first = block.prose.source_range(previous_start..previous_start + previous_word.len());
                    let second = block.prose.source_range(start..start + word.len());
                    // A link's text is its own: a word beside it is not its neighbour.
                    if link_holding(article, first) != link_holding(article, second) {
                        previous = Some((start, word, lower));
                        continue;
                    }
                    // Delete the space before the second word and the word itself.
                    let removal = TextRange::new(first.end, second.end);
                    let exact = article.text(removal).trim_start() == word;
                    let mut diagnostic = Diagnostic::new(&REPEATED_WORD, second, format!("« {word} » is repeated"))
                        .with_related(Related {
                            path: article.path.clone(),
                            range: first,
                            message: "first occurrence".into(),
                        })
                        .with_fingerprint_text(format!("{lower} {lower}"));
                    if exact {
                        diagnostic = diagnostic.with_fix(Fix {
                            applicability: Applicability::Safe,
                            edits: vec![Edit { range: removal, replacement: String::new() }],
                        });
                    }
                    out.push(diagnostic);
                }
            }
            previous = Some((start, word, lower));
        }
    }
}
