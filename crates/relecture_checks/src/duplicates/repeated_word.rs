//! `repeated-word`: the same word twice in a row (« le le », "the the").

use relecture_core::Message;
use std::cell::OnceCell;
use std::collections::BTreeMap;

use super::DuplicatesConfig;
use super::paragraphs::quoted;
use crate::ArticleRule;
use relecture_core::language::declared_language;
use relecture_core::markdown::BlockKind;
use relecture_core::{Applicability, Article, Diagnostic, Edit, Fix, Related, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

/// Words said twice in every language: interjections (« ah ah », "ha ha", « bla bla »).
const ANY_LANGUAGE: &[&str] = &["ah", "ha", "oh", "hé", "eh", "bla", "hi", "ho"];

/// Words each language writes twice as grammar or as a common idiom, by ISO 639-1 code. Only
/// doubles that are right in running text are listed, not those usually written with a comma
/// (« non, non ») or a hyphen, nor those that are mostly slips (Spanish « que que », « lo lo »,
/// Italian « che che »).
const BY_LANGUAGE: &[(&str, &[&str])] = &[
    // « Nous nous sommes trompés », « vous vous êtes », « faire faire », « tout en en parlant ».
    ("fr", &["nous", "vous", "faire", "en"]),
    // "He had had enough", "that that", "what it is is", "what I do do", "gave her her keys".
    ("en", &["had", "that", "is", "do", "her"]),
    // Relative pronoun and article („die die Arbeit machen“, „der der“, „dem dem“, „den den“),
    // subject and object „weil sie sie liebt“.
    ("de", &["die", "der", "das", "den", "dem", "sie"]),
    // « así así » (so-so), « casi casi » (very nearly).
    ("es", &["así", "casi"]),
    // « piano piano », « quasi quasi », « così così », « adagio adagio », « zitto zitto »,
    // « passo passo », « lento lento ».
    ("it", &["piano", "quasi", "così", "adagio", "zitto", "passo", "lento"]),
    // Conditional and reflexive « se se quiser », « já já », « logo logo ».
    ("pt", &["se", "já", "logo"]),
    // Adverbs made by doubling: « sık sık », « yavaş yavaş », « adım adım », « tek tek »…
    (
        "tr",
        &[
            "sık", "yavaş", "ara", "sıra", "ayrı", "adım", "tekrar", "zaman", "çeşit", "kat", "yer", "tek", "ağır",
            "bol", "uzun", "kısa", "derin", "güzel", "renk", "çabuk", "için", "doya", "koşa", "gide",
        ],
    ),
    // Reduplicatives (từ láy) in a block without the letters that mark Vietnamese (ư, ơ, đ, ạ…):
    // « mãi mãi », « ngày ngày », « luôn luôn ». A block with them is not checked at all (see
    // `vietnamese`), so « dần dần », « người người » need no entry.
    ("vi", &["mãi", "nhà", "ngày", "luôn", "xa", "vui", "xanh", "hay"]),
];

/// Words of Hindi and Bengali that are never doubled as grammar: postpositions, auxiliaries and
/// conjunctions (« में में », « है है », « এবং এবং »). Both languages double most other words on
/// purpose (« धीरे धीरे », « बार बार », « कभी कभी », « সাথে সাথে », « মাঝে মাঝে »), too many to
/// list, so in their scripts only these are reported. Left out because they double as idiom:
/// « और और » (more and more), « लिए लिए » (carrying along), « কিন্তু কিন্তু » (hesitation).
const SLIPS_IN_REDUPLICATING_SCRIPTS: &[&str] =
    &["का", "की", "के", "को", "में", "से", "ने", "है", "हैं", "था", "थी", "थे", "या", "এবং", "অথবা", "জন্য"];

/// The words `repeated-word` leaves alone in one article: the built-in list of its declared
/// language and the configured words for it and for every language; all the lists when the
/// article declares no language, or one without a built-in list (never guess an error).
struct Allowed<'a> {
    builtin: Vec<&'static [&'static str]>,
    configured: Vec<&'a [String]>,
}

impl<'a> Allowed<'a> {
    fn new(language: Option<&str>, configured: &'a BTreeMap<String, Vec<String>>) -> Self {
        let listed = language.and_then(|code| BY_LANGUAGE.iter().find(|(c, _)| *c == code));
        let mut builtin = vec![ANY_LANGUAGE];
        match listed {
            Some((_, words)) => builtin.push(words),
            None => builtin.extend(BY_LANGUAGE.iter().map(|(_, words)| *words)),
        }
        let configured = configured
            .iter()
            .filter(|(code, _)| language.is_none() || code.as_str() == "*" || Some(code.as_str()) == language)
            .map(|(_, words)| words.as_slice())
            .collect();
        Self { builtin, configured }
    }

    /// Whether `lower`, a lowercase word, may be written twice in a row.
    fn allows(&self, lower: &str) -> bool {
        self.builtin.iter().any(|words| words.contains(&lower))
            || self.configured.iter().flat_map(|words| words.iter()).any(|word| word.to_lowercase() == lower)
    }
}

/// Whether `word` is written in a script whose languages double words as grammar (Bengali
/// « সাথে সাথে », Hindi « धीरे धीरे », the other Indic scripts and Thai, U+0900 to U+0E7F, and
/// Arabic, Urdu « بار بار »): a repetition there is a slip only for the words of
/// [`SLIPS_IN_REDUPLICATING_SCRIPTS`].
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
    /// included), ignoring case: « le le », "the the". Numbers are not reported, nor words
    /// separated by punctuation (« non, non ») or by inline code, a link's edge, a table cell or
    /// an HTML tag, nor doubles that the article's declared language allows as grammar or idiom:
    /// French « nous nous », « faire faire », « tout en en parlant »; English "had had", "that
    /// that"; German „die die“, „weil sie sie liebt“; Spanish « así así »; Italian « piano
    /// piano »; Portuguese « se se quiser », « já já »; Turkish « sık sık »; Vietnamese « mãi
    /// mãi » (blocks in Vietnamese letters are not checked: their syllables make compounds, « phát
    /// triển triển khai »). An article that declares no language gets every list. In Hindi and
    /// Bengali, where most words double on purpose (« धीरे धीरे », « সাথে সাথে »), only the words
    /// never doubled are reported (« है है », « এবং এবং »). `[duplicates] allowed_repeats` adds
    /// words, per language or for all. The text of raw HTML blocks is read too (`<p>`, `<li>`,
    /// `<td>`…): every tag separates words, and `<script>`, `<style>`, `<pre>`, `<code>` and
    /// comments are left out.
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

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        // Most articles double no word: the lists are chosen at the first double only.
        let language = OnceCell::new();
        let allowed = |word: &str| {
            let language = language.get_or_init(|| declared_language(article, context.config));
            let configured = &context.config.section::<DuplicatesConfig>().allowed_repeats;
            Allowed::new(language.as_deref(), configured).allows(word)
        };
        check(article, &allowed, out);
    }
}

fn check(article: &Article, allowed: &dyn Fn(&str) -> bool, out: &mut Vec<Diagnostic>) {
    for block in &article.blocks {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Heading { .. } | BlockKind::Table | BlockKind::Html
        ) {
            continue;
        }
        let text = &block.prose.text;
        if vietnamese(text) {
            continue;
        }
        let mut previous: Option<(usize, &str, String)> = None;
        for (start, word) in block.prose.words() {
            let lower = super::paragraphs::folded(word);
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
                    && (!reduplicating_script(word) || SLIPS_IN_REDUPLICATING_SCRIPTS.contains(&lower.as_str()))
                    && !allowed(&lower)
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
                    let mut diagnostic =
                        Diagnostic::new(&REPEATED_WORD, second, Message::new("repeated-word").with("word", word))
                            .with_related(Related {
                                path: article.path.clone(),
                                range: first,
                                message: Message::new("related-first-occurrence"),
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

#[cfg(test)]
mod tests {
    use relecture_core::{Config, FileContent, RuleSelection, SourceFile};
    use relecture_engine::run::run;

    use crate::builtin_checks;

    /// The words `repeated-word` reports in `text`, written at `path`, with `settings` as
    /// `relecture.toml`.
    fn reported(settings: &str, path: &str, text: &str) -> Vec<String> {
        let config = Config::from_toml(settings, "relecture.toml", &crate::sections()).expect("valid settings");
        let checks = builtin_checks();
        let only = ["repeated-word".to_string()];
        let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&only), &[]).unwrap();
        let file =
            SourceFile { path: path.to_string(), blob: None, content: FileContent::Bytes(text.as_bytes().to_vec()) };
        let findings = run(vec![file], &config, &checks, &selection).findings;
        findings.iter().map(|f| text[f.range.start.offset..f.range.end.offset].to_lowercase()).collect()
    }

    /// What each language's list allows in an article declared in that language, and what the
    /// same double is in an article declared in another listed language.
    #[test]
    fn each_language_allows_its_own_doubles() {
        let table: &[(&str, &str, &str)] = &[
            ("fr", "Nous nous sommes trompés, il faut faire faire le travail, tout en en parlant.", "nous"),
            ("en", "He had had enough, and she said that that was fine; I gave her her keys.", "had"),
            ("de", "Er sagt, die die Arbeit machen, sind müde, weil sie sie lieben.", "die"),
            ("es", "¿Cómo estás? Así así, casi casi terminado.", "así"),
            ("it", "Piano piano si arriva, quasi quasi vado, così così.", "piano"),
            ("pt", "Se se quiser chegar, já já estaremos lá, logo logo.", "se"),
            ("tr", "Sık sık gelir, yavaş yavaş yürür, tek tek sayar.", "sık"),
            ("vi", "Tình yêu mãi mãi, nhà nhà vui.", "mãi"),
        ];
        for (language, text, word) in table {
            let article = format!("---\nlang: {language}\n---\n{text}\n");
            assert_eq!(reported("", "article.md", &article), Vec::<String>::new(), "{language}: {text}");
            // The same sentence in an article of another language is a slip there.
            let other = if *language == "fr" { "en" } else { "fr" };
            let elsewhere = format!("---\nlang: {other}\n---\n{text}\n");
            assert!(reported("", "article.md", &elsewhere).contains(&(*word).to_string()), "{other}: {text}");
            // Without a declared language, every list applies.
            assert_eq!(reported("", "article.md", &format!("{text}\n")), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_word_written_once_composed_and_once_decomposed_is_the_same_word() {
        // « répété » precomposed, then with combining accents; « caractère » decomposed stays one word.
        let text = "Un mot répété re\u{301}pe\u{301}te\u{301} dans un caracte\u{300}re re\u{301}pe\u{301}titif.\n";
        assert_eq!(reported("", "fr/a.md", text), ["re\u{301}pe\u{301}te\u{301}"]);
    }

    #[test]
    fn spanish_pronoun_doubled_is_a_slip() {
        assert_eq!(reported("", "es/a.md", "Él lo lo dijo ayer, y que que no vuelva.\n"), ["lo", "que"]);
    }

    #[test]
    fn hindi_and_bengali_report_only_words_never_doubled() {
        let text = "वह धीरे धीरे चलता है। वह बार बार आता है है। কাজের চাপ বাড়ার সাথে সাথে বাড়ে এবং এবং কমে।\n";
        assert_eq!(reported("", "article.md", text), ["है", "এবং"]);
    }

    #[test]
    fn configured_words_are_allowed_in_their_language() {
        let settings = "[duplicates]\nallowed_repeats = { fr = [\"Très\"], \"*\" = [\"toc\"] }\n";
        let text = "C'est très très bien, toc toc.\n";
        assert_eq!(reported(settings, "fr/a.md", text), Vec::<String>::new());
        assert_eq!(reported("", "fr/a.md", text), ["très", "toc"]);
        // `fr` words do not apply to an English article; `*` words do.
        assert_eq!(reported(settings, "en/a.md", "It is very very good, très très, toc toc.\n"), ["very", "très"]);
    }
}
