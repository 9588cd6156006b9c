//! `repeated-phrase`: a phrase of three words or more written twice in place (« qui vise à qui
//! vise à »).

use super::paragraphs::quoted;
use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::markdown::BlockKind;
use relecture_core::{Applicability, Article, Diagnostic, Edit, Fix, Related, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

/// The shortest and longest phrases looked for, in words (one word twice is `repeated-word`).
const SHORTEST: usize = 3;
const LONGEST: usize = 12;

declare_rule! {
    /// ## What it checks
    /// A phrase of three words or more written twice in a row, as a slip of editing leaves it:
    /// « un dispositif qui vise à qui vise à réduire », "in order to in order to". The two copies
    /// are separated by white space only, in a paragraph, a list item, a heading or the text of a
    /// raw HTML block; case does not matter; inline code, HTML tags and punctuation break the
    /// run; link texts are their own; words in quotation marks are someone's, as said; a phrase
    /// written three times in a row is one finding. Numbers alone are not phrases.
    ///
    /// ## Why
    /// A doubled phrase is the mark of a sentence edited in two passes; it reads as a stutter,
    /// and spell checkers, which look at one word at a time, do not see it.
    ///
    /// ## Example
    /// `Un dispositif qui vise à qui vise à réduire les délais.`
    ///
    /// ## How to fix
    /// Delete the second copy. The fix does so; it is marked unsafe, since a repetition may be
    /// meant (a quotation, a refrain).
    pub REPEATED_PHRASE = ("repeated-phrase", "duplicates", Warning, "a phrase of three words or more written twice in place");
}

/// Reports phrases doubled in place.
#[derive(Debug, Clone, Copy, Default)]
pub struct RepeatedPhrase;

impl ArticleRule for RepeatedPhrase {
    const RULE: &'static RuleMeta = &REPEATED_PHRASE;

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        check(article, out);
    }
}

fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    for block in &article.blocks {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Heading { .. } | BlockKind::Html
        ) {
            continue;
        }
        let text = &block.prose.text;
        let list: Vec<(usize, &str, String)> =
            block.prose.words().map(|(at, word)| (at, word, super::paragraphs::folded(word))).collect();
        // Runs of words separated by white space only: a doubled phrase lies inside one.
        let mut start = 0;
        while start < list.len() {
            let mut end = start + 1;
            while end < list.len() {
                let (at, word, _) = &list[end - 1];
                let between = &text[at + word.len()..list[end].0];
                if between.is_empty() || !between.chars().all(char::is_whitespace) {
                    break;
                }
                end += 1;
            }
            find_in_run(article, block, &list[start..end], out);
            start = end;
        }
    }
}

/// Finds doubled phrases in `run`, words separated by white space only; each reported once,
/// the longest first at a place.
fn find_in_run(
    article: &Article,
    block: &relecture_core::markdown::Block,
    run: &[(usize, &str, String)],
    out: &mut Vec<Diagnostic>,
) {
    let mut i = 0;
    while i < run.len() {
        let longest = LONGEST.min((run.len() - i) / 2);
        let found = (SHORTEST..=longest).rev().find(|&n| {
            let (first, second) = (&run[i..i + n], &run[i + n..i + 2 * n]);
            first.iter().zip(second).all(|(a, b)| a.2 == b.2)
                && !first.iter().all(|w| w.1.chars().all(char::is_numeric))
                // A phrase that is one word repeated is `repeated-word`'s.
                && !first.iter().all(|w| w.2 == first[0].2)
        });
        let Some(n) = found else {
            i += 1;
            continue;
        };
        let text_range = |from: &(usize, &str, String), to: &(usize, &str, String)| from.0..to.0 + to.1.len();
        let first = block.prose.source_range(text_range(&run[i], &run[i + n - 1]));
        let second = block.prose.source_range(text_range(&run[i + n], &run[i + 2 * n - 1]));
        // Every further copy in a row belongs to this finding: one stutter, one finding.
        let mut next = i + 2 * n;
        while next + n <= run.len() && run[next..next + n].iter().zip(&run[i..i + n]).all(|(a, b)| a.2 == b.2) {
            next += n;
        }
        // Link texts are their own: two links with the same words side by side are two links.
        // Words quoted are someone's, as said (« ce que nous ne savons pas que nous ne savons pas »).
        if touches_a_link(article, first) || touches_a_link(article, second) || quoted(&block.prose.text, run[i].0) {
            i = next;
            continue;
        }
        let phrase: Vec<&str> = run[i..i + n].iter().map(|w| w.1).collect();
        let phrase = phrase.join(" ");
        let removal = TextRange::new(first.end, second.end);
        let fixable = article.text(removal).split_whitespace().eq(phrase.split(' '));
        let mut diagnostic =
            Diagnostic::new(&REPEATED_PHRASE, second, Message::new("repeated-phrase").with("phrase", &phrase))
                .with_related(Related {
                    path: article.path.clone(),
                    range: first,
                    message: Message::new("related-first-copy"),
                })
                .with_fingerprint_text(phrase.to_lowercase());
        if fixable {
            diagnostic = diagnostic.with_fix(Fix {
                applicability: Applicability::Unsafe,
                edits: vec![Edit { range: removal, replacement: String::new() }],
            });
        }
        out.push(diagnostic);
        i = next;
    }
}

/// Whether `range` overlaps the text of a link.
fn touches_a_link(article: &Article, range: TextRange) -> bool {
    let after = article.links.partition_point(|link| link.range.end <= range.start);
    article.links[after..].iter().take_while(|link| link.range.start < range.end).next().is_some()
}
