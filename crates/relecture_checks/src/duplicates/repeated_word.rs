//! `repeated-word`: the same word twice in a row (« le le », "the the").

use crate::ArticleRule;
use relecture_core::markdown::BlockKind;
use relecture_core::text::words;
use relecture_core::{Applicability, Article, Diagnostic, Edit, Fix, Related, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

/// Doubles that grammar allows: French reflexive pronouns, English "that that" and "had had".
/// Words a language doubles on purpose: « nous nous », « faire faire », « tout en en parlant »,
/// "that that", "had had", „die die“, Turkish « sık sık », « yavaş yavaş ».
const INTENTIONAL: &[&str] =
    &["nous", "vous", "faire", "en", "that", "had", "is", "do", "die", "der", "das", "sık", "yavaş", "ara", "sıra"];

/// Whether `word` is written in a script whose languages double words as grammar (Bengali
/// « সাথে সাথে », Hindi « धीरे धीरे », the other Indic scripts and Thai, U+0900 to U+0E7F): a
/// repetition there is not a slip.
fn reduplicating_script(word: &str) -> bool {
    word.chars().next().is_some_and(|c| (0x0900..=0x0E7F).contains(&u32::from(c)))
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
                if repeated
                    && !word.chars().all(char::is_numeric)
                    && !INTENTIONAL.contains(&lower.as_str())
                    && !reduplicating_script(word)
                {
                    let first = block.prose.source_range(previous_start..previous_start + previous_word.len());
                    let second = block.prose.source_range(start..start + word.len());
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
