//! Prose utilities shared by checks: sentence splitting for French and English, words, heading slugs.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Abbreviations after which a full stop does not end a sentence (compared lowercase, without the dot).
const ABBREVIATIONS: &[&str] = &[
    // French
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "cf", "etc",
    "ex", "p", "pp", "av", "bd", "n", "no", "vol", "chap", "art", "al", "env", "min", "max", "tél",
    "tel", "fig", "éd", "ed", "coll", "réf", "ref", "hab", "apr", "oct", "nov", "déc", "janv",
    "févr", "sept", "juil", // English
    "mr", "mrs", "ms", "prof", "sr", "jr", "vs", "e.g", "i.e", "eg", "ie", "inc", "ltd", "co",
    "corp", "jan", "feb", "mar", "aug", "sep", "dec", "approx", "dept", "est", "u.s", "u.k",
];

/// Closing quotes and brackets that end the sentence before them.
const CLOSERS: &[char] = &['»', '”', '"', ')', '’'];

/// Splits `text` into sentences, returned as trimmed byte ranges of `text`.
///
/// Builds on Unicode sentence boundaries, then joins back the boundaries that follow an abbreviation
/// (« M. Dupont », "Dr. Smith"), a single initial ("J. R. R."), or a list number ("1. ").
/// Ellipses, guillemets and decimal numbers are handled by the Unicode rules themselves.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (start, piece) in text.split_sentence_bound_indices() {
        let mut range = start..start + piece.len();
        // French spacing puts a space before closing guillemets (« Je pars. »): Unicode rules then
        // break before the guillemet, which belongs to the sentence it closes.
        let closers = piece.len()
            - piece
                .trim_start_matches(|c: char| c.is_whitespace() || CLOSERS.contains(&c))
                .len();
        if closers > 0
            && piece[..closers].chars().any(|c| CLOSERS.contains(&c))
            && pending.is_none()
            && let Some(previous) = out.last_mut()
        {
            previous.end = start + closers;
            range.start = start + closers;
            if range.is_empty() {
                continue;
            }
        }
        let current = match pending.take() {
            Some(previous) => previous.start..range.end,
            None => range,
        };
        if ends_with_abbreviation(&text[current.clone()]) && current.end < text.len() {
            pending = Some(current);
        } else {
            out.push(current);
        }
    }
    if let Some(rest) = pending {
        out.push(rest);
    }
    out.into_iter()
        .filter_map(|r| trim_range(text, r))
        .collect()
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(before_dot) = trimmed.strip_suffix('.') else {
        return false;
    };
    if before_dot.ends_with("..") {
        return false;
    }
    let word = before_dot
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '«' | '"' | '“' | '\''))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().expect("the word is not empty");
    // A single letter ("J.") or a number ("1.") before a dot.
    if chars.next().is_none() && first.is_alphabetic() && first.is_uppercase() {
        return true;
    }
    if word.bytes().all(|b| b.is_ascii_digit())
        && word.len() <= 2
        && trimmed.len() == word.len() + 1
    {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn trim_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    (start < end).then_some(start..end)
}

/// The words of `text` with their byte offsets: maximal runs of letters and digits, so that
/// apostrophes and hyphens separate words (« l’intérêt » is `l` and `intérêt`). Much cheaper than
/// Unicode word segmentation, and what counting and language detection need.
pub fn words(text: &str) -> Words<'_> {
    Words { text, position: 0 }
}

/// Iterator returned by [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    position: usize,
}

impl Words<'_> {
    /// Whether the character at byte `i` is part of a word, and its length in bytes.
    fn word_char_at(&self, i: usize) -> (bool, usize) {
        let byte = self.text.as_bytes()[i];
        if byte.is_ascii() {
            return (byte.is_ascii_alphanumeric(), 1);
        }
        let c = self.text[i..]
            .chars()
            .next()
            .expect("i is a character boundary inside the text");
        (c.is_alphanumeric(), c.len_utf8())
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let length = self.text.len();
        let mut i = self.position;
        while i < length {
            let (word, size) = self.word_char_at(i);
            if word {
                break;
            }
            i += size;
        }
        if i >= length {
            self.position = length;
            return None;
        }
        let start = i;
        while i < length {
            let (word, size) = self.word_char_at(i);
            if !word {
                break;
            }
            i += size;
        }
        self.position = i;
        Some((start, &self.text[start..i]))
    }
}

/// The anchor a heading gets on GitHub and in Hugo's default configuration: lowercase, letters and
/// digits kept (accents included), spaces turned into hyphens, other punctuation dropped.
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

/// Text folded for comparisons and fingerprints: lowercase, typographic quotes and apostrophes made
/// plain, runs of white space (including non-breaking spaces) reduced to one space, trimmed.
pub fn normalize_for_comparison(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '’' | '‘' | '`' | '´' => '\'',
            '“' | '”' | '«' | '»' | '„' => '"',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The key two sentences, paragraphs or headings are compared by: [`normalize_for_comparison`]
/// without the punctuation and quotes around the text (« X. » and X. are the same sentence).
pub fn comparison_key(text: &str) -> String {
    normalize_for_comparison(text)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn french_abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("M. Dupont est arrivé. Il a vu Mme. Durand etc. et d'autres."),
            [
                "M. Dupont est arrivé.",
                "Il a vu Mme. Durand etc. et d'autres."
            ]
        );
    }

    #[test]
    fn english_titles_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Dr. Smith met J. R. Tolkien. Then he left."),
            ["Dr. Smith met J. R. Tolkien.", "Then he left."]
        );
    }

    #[test]
    fn decimals_ellipses_and_guillemets_hold() {
        assert_eq!(
            split("Le taux est de 3.5 points. Bien."),
            ["Le taux est de 3.5 points.", "Bien."]
        );
        assert_eq!(
            split("Il hésita… puis partit. Fin."),
            ["Il hésita… puis partit.", "Fin."]
        );
        assert_eq!(
            split("Elle a dit « Je pars. » Puis elle est partie."),
            ["Elle a dit « Je pars. »", "Puis elle est partie."]
        );
        assert_eq!(split("Et alors ? Oui !"), ["Et alors ?", "Oui !"]);
    }

    #[test]
    fn words_split_on_apostrophes_hyphens_and_punctuation() {
        let found: Vec<&str> = words("L’intérêt de Meurthe-et-Moselle, 3,5 % : ok!")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            found,
            [
                "L",
                "intérêt",
                "de",
                "Meurthe",
                "et",
                "Moselle",
                "3",
                "5",
                "ok"
            ]
        );
        let text = "« Été »";
        assert_eq!(words(text).next(), Some((text.find('É').unwrap(), "Été")));
    }

    #[test]
    fn slugs_keep_accents_and_drop_punctuation() {
        assert_eq!(
            heading_slug("Dépannage : les bases !"),
            "dépannage--les-bases-"
        );
        assert_eq!(heading_slug("L’intérêt de la Com"), "lintérêt-de-la-com");
    }

    #[test]
    fn normalization_folds_case_quotes_and_spaces() {
        assert_eq!(
            normalize_for_comparison("  L’IA\u{a0} est  «  utile » "),
            "l'ia est \" utile \""
        );
        assert_eq!(
            comparison_key("« La phrase. »"),
            comparison_key("la  phrase")
        );
    }
}
