//! Prose utilities shared by checks: sentence splitting for French and English, words, comparison keys.

use std::ops::Range;

/// Abbreviations after which a full stop does not end a sentence (compared lowercase, without the dot).
const ABBREVIATIONS: &[&str] = &[
    // French
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st", "ste", "cf", "etc", "ex", "p", "pp", "av",
    "bd", "n", "no", "vol", "chap", "art", "al", "env", "min", "max", "tél", "tel", "fig", "éd", "ed", "coll", "réf",
    "ref", "hab", "apr", "oct", "nov", "déc", "janv", "févr", "sept", "juil", // English
    "mr", "mrs", "ms", "prof", "sr", "jr", "vs", "e.g", "i.e", "eg", "ie", "inc", "ltd", "co", "corp", "jan", "feb",
    "mar", "aug", "sep", "dec", "approx", "dept", "est", "u.s", "u.k",
];

/// Closing quotes and brackets that belong to the sentence before them.
const CLOSERS: &[char] = &['»', '”', '"', ')', '’', '\'', ']'];

/// Splits `text` into sentences, returned as trimmed byte ranges of `text`.
///
/// A sentence ends at `?` or `!`, and at `.` or `…` when the next word does not start with a
/// lowercase letter; closing guillemets, quotes and brackets (with the French space before
/// them, « Je pars. ») stay with the sentence they close. A full stop after an abbreviation
/// (« M. Dupont », "Dr. Smith"), an initial ("J. R. R.") or a list number does not end a
/// sentence, nor does one inside a number (3.5).
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if !matches!(c, '.' | '?' | '!' | '…') {
            continue;
        }
        // The whole run of terminal punctuation ("?!", "...").
        let mut end = index + c.len_utf8();
        let mut strong = c == '?' || c == '!';
        while let Some(&(i, next)) = chars.peek() {
            if !matches!(next, '.' | '?' | '!' | '…') {
                break;
            }
            strong |= next == '?' || next == '!';
            end = i + next.len_utf8();
            chars.next();
        }
        // Closing quotes and brackets, possibly after a (non-breaking) space.
        let mut after = end;
        let mut lookahead = text[end..].char_indices();
        let mut closed_at = None;
        let mut spaced = false;
        for (offset, next) in lookahead.by_ref() {
            // Straight quotes and apostrophes close only when they touch the punctuation: after
            // a space they open the next sentence. Guillemets and brackets may follow a space.
            let closes = CLOSERS.contains(&next) && !(spaced && matches!(next, '"' | '\'' | '’'));
            if closes {
                closed_at = Some(end + offset + next.len_utf8());
            } else if next.is_whitespace() && next != '\n' {
                spaced = true;
            } else {
                break;
            }
        }
        if let Some(closed) = closed_at {
            after = closed;
        }
        // A boundary needs white space (or the end of the text) after it.
        let rest = &text[after..];
        let Some(next_word) = rest.trim_start().chars().next() else {
            break;
        };
        if rest.len() == rest.trim_start().len() {
            continue;
        }
        if !strong && (next_word.is_lowercase() || ends_with_abbreviation(&text[start..end])) {
            continue;
        }
        out.push(start..after);
        start = after;
        // Skip what was consumed by the lookahead.
        while chars.peek().is_some_and(|&(i, _)| i < after) {
            chars.next();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.into_iter().filter_map(|r| trim_range(text, r)).collect()
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
    if word.bytes().all(|b| b.is_ascii_digit()) && word.len() <= 2 && trimmed.len() == word.len() + 1 {
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
    /// Whether the character at byte `i`, which is not ASCII, is part of a word, and its length
    /// in bytes.
    #[inline]
    fn wide_word_char_at(&self, i: usize) -> (bool, usize) {
        let bytes = self.text.as_bytes();
        let first = bytes[i];
        // Decoded from the bytes: `text` is valid UTF-8 and `i` a character boundary.
        let (length, initial) = match first {
            0xC0..=0xDF => (2, u32::from(first & 0x1F)),
            0xE0..=0xEF => (3, u32::from(first & 0x0F)),
            _ => (4, u32::from(first & 0x07)),
        };
        let code = bytes[i + 1..i + length].iter().fold(initial, |code, &b| (code << 6) | u32::from(b & 0x3F));
        // The letters of the commonest scripts, without the general Unicode lookup: Latin with
        // accents (but × and ÷), kana, ideographs and hangul syllables.
        if matches!(code, 0xC0..=0x24F if code != 0xD7 && code != 0xF7)
            || matches!(code, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
        {
            return (true, length);
        }
        // A combining mark (a decomposed accent, a Devanagari vowel sign or virama) is part of
        // the word it is written on.
        let word = char::from_u32(code)
            .is_some_and(|c| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c));
        (word, length)
    }

    /// The first byte from `i` where a word starts (`is_word`) or ends (`!is_word`), or the
    /// length of the text. ASCII, most of the text, is decided byte by byte without decoding.
    #[inline]
    fn boundary(&self, mut i: usize, is_word: bool) -> usize {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(i) {
            let (word, size) = if byte < 0x80 { (byte.is_ascii_alphanumeric(), 1) } else { self.wide_word_char_at(i) };
            if word == is_word {
                return i;
            }
            i += size;
        }
        bytes.len()
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.boundary(self.position, true);
        if start >= self.text.len() {
            self.position = self.text.len();
            return None;
        }
        let end = self.boundary(start, false);
        self.position = end;
        Some((start, &self.text[start..end]))
    }
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
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The key two sentences, paragraphs or headings are compared by: [`normalize_for_comparison`]
/// without the punctuation and quotes around the text (« X. » and X. are the same sentence).
pub fn comparison_key(text: &str) -> String {
    let mut key = normalize_for_comparison(text);
    let end = key.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    key.truncate(end);
    let start = key.len() - key.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    key.drain(..start);
    key
}

/// The name of `names` closest to `word`, when it is close enough to be a typo of it (the
/// "did you mean" of rule, pack and configuration key names); the first in order on a tie.
pub fn closest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| (strsim::jaro_winkler(word, name), name))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, name)| name)
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
            ["M. Dupont est arrivé.", "Il a vu Mme. Durand etc. et d'autres."]
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
        assert_eq!(split("Le taux est de 3.5 points. Bien."), ["Le taux est de 3.5 points.", "Bien."]);
        assert_eq!(split("Il hésita… puis partit. Fin."), ["Il hésita… puis partit.", "Fin."]);
        assert_eq!(
            split("Elle a dit « Je pars. » Puis elle est partie."),
            ["Elle a dit « Je pars. »", "Puis elle est partie."]
        );
        assert_eq!(split("Et alors ? Oui !"), ["Et alors ?", "Oui !"]);
        assert_eq!(split("He said \"stop.\" Then he left."), ["He said \"stop.\"", "Then he left."]);
        assert_eq!(split("It ends. \"Quoted\" starts here."), ["It ends.", "\"Quoted\" starts here."]);
        assert_eq!(split("Fin de ligne.\nNouvelle phrase."), ["Fin de ligne.", "Nouvelle phrase."]);
        assert_eq!(split("Quoi ?! Vraiment... Oui."), ["Quoi ?!", "Vraiment...", "Oui."]);
    }

    #[test]
    fn words_split_on_apostrophes_hyphens_and_punctuation() {
        let found: Vec<&str> = words("L’intérêt de Meurthe-et-Moselle, 3,5 % : ok!").map(|(_, w)| w).collect();
        assert_eq!(found, ["L", "intérêt", "de", "Meurthe", "et", "Moselle", "3", "5", "ok"]);
        let text = "« Été »";
        assert_eq!(words(text).next(), Some((text.find('É').unwrap(), "Été")));
    }

    #[test]
    fn normalization_folds_case_quotes_and_spaces() {
        assert_eq!(normalize_for_comparison("  L’IA\u{a0} est  «  utile » "), "l'ia est \" utile \"");
        assert_eq!(comparison_key("« La phrase. »"), comparison_key("la  phrase"));
    }
}
