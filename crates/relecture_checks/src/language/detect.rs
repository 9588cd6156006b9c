//! Language detection: a stop-word pass, whatlang's trigram model when that pass is not decisive,
//! and the article's language voted by its blocks, computed once per article.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use relecture_core::language::{LanguageConfig, declared_language};
use relecture_core::markdown::BlockKind;
use relecture_core::text;
use relecture_core::{Article, Config};

use super::stopwords::STOPWORDS;

/// whatlang's ISO 639-3 codes and their ISO 639-1 equivalents.
const WHATLANG_CODES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

fn to_whatlang(code: &str) -> Option<whatlang::Lang> {
    let code = if code == "no" { "nb" } else { code };
    WHATLANG_CODES.iter().find(|(_, iso1)| *iso1 == code).and_then(|(iso3, _)| whatlang::Lang::from_code(*iso3))
}

fn from_whatlang(lang: whatlang::Lang) -> String {
    let code = lang.code();
    WHATLANG_CODES
        .iter()
        .find(|(iso3, _)| *iso3 == code)
        .map_or_else(|| code.to_string(), |(_, iso1)| (*iso1).to_string())
}

/// The outcome of detecting the language of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code (ISO 639-3 for the few languages without one).
    pub language: String,
    /// Between 0 and 1.
    pub confidence: f64,
    /// Whether the evidence is strong enough to report on.
    pub reliable: bool,
    /// Words the decision was made on.
    pub words: usize,
    /// How many of them start with a capital letter.
    pub capitalized: usize,
    /// Whether the script or the function words decided, rather than the statistical model
    /// alone (which confuses close languages on short texts: Spanish and Portuguese).
    pub decisive: bool,
}

impl Detection {
    /// Whether most words start with a capital: a line of names, not a sentence.
    pub fn is_mostly_proper_nouns(&self) -> bool {
        self.words > 0 && self.capitalized * 10 >= self.words * 6
    }
}

/// What the language detection found in an article, computed once (see [`article_languages`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleLanguage {
    /// The article's language.
    pub overall: Option<Detection>,
    /// The detection of each block (by index), where the article-level pass made one.
    pub blocks: Vec<Option<Detection>>,
}

/// Stop word → bit mask of the languages (indices into `STOPWORDS`) it belongs to.
static STOPWORD_INDEX: LazyLock<HashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut index: HashMap<&'static str, u8> = HashMap::new();
    for (language, (_, words)) in STOPWORDS.iter().enumerate() {
        for word in *words {
            *index.entry(word).or_default() |= 1 << language;
        }
    }
    index
});

/// The longest stop word, in bytes.
const MAX_STOPWORD_BYTES: usize = 12;

/// Detects languages among a set of candidates: a cheap stop-word pass first, whatlang's trigram
/// model only when that pass is not decisive.
#[derive(Debug)]
pub struct Detector {
    /// Indices into the stop-word sets of the candidates that have one.
    stopword_sets: Vec<usize>,
    /// Whether every candidate has a stop-word set (else the cheap pass cannot rule others out).
    all_have_stopwords: bool,
    whatlang: whatlang::Detector,
    /// The article's declared language, which a script shared by several languages defers to.
    declared: Option<String>,
    /// Candidates without a stop-word set: the function words of a close relative of theirs
    /// do not decide against them (Romanian text full of words Spanish shares).
    unseen: Vec<String>,
}

impl Detector {
    /// A detector for an article declared in `declared`, among `candidates`.
    pub fn for_article(candidates: &[String], declared: Option<&str>) -> Self {
        Self { declared: declared.map(str::to_string), ..Self::new(candidates) }
    }

    /// The detection the text's script decides, if it does.
    fn by_script(&self, text: &str) -> Option<Detection> {
        let (language, confidence) = script_language(text, self.declared.as_deref())?;
        let mut words = 0;
        let mut capitalized = 0;
        for (_, word) in text::words(text) {
            words += 1;
            capitalized += usize::from(word.chars().next().is_some_and(char::is_uppercase));
        }
        // Chinese and Japanese put no space between words: about two characters make one, so
        // that a Japanese page weighs as much as the same text in a spaced script.
        let words = words.max(unspaced_words(text)).max(3);
        Some(Detection { language, confidence, reliable: true, words, capitalized, decisive: true })
    }

    /// A detector restricted to `candidates` (ISO 639-1 codes); empty means every language.
    pub fn new(candidates: &[String]) -> Self {
        let stopword_sets: Vec<usize> = if candidates.is_empty() {
            (0..STOPWORDS.len()).collect()
        } else {
            candidates.iter().filter_map(|c| STOPWORDS.iter().position(|(code, _)| code == c)).collect()
        };
        let allowlist: Vec<whatlang::Lang> = candidates.iter().filter_map(|c| to_whatlang(c)).collect();
        Self {
            all_have_stopwords: !candidates.is_empty() && stopword_sets.len() == candidates.len(),
            stopword_sets,
            whatlang: if allowlist.is_empty() {
                whatlang::Detector::new()
            } else {
                whatlang::Detector::with_allowlist(allowlist)
            },
            declared: None,
            unseen: candidates.iter().filter(|c| !STOPWORDS.iter().any(|(code, _)| code == c)).cloned().collect(),
        }
    }

    /// The language of `text`, `None` when it has fewer than three words. The script decides
    /// first (see [`script_language`]); the statistical passes judge Latin-script text.
    pub fn detect(&self, text: &str) -> Option<Detection> {
        let text = &*without_identifiers(text);
        if let Some(detection) = self.by_script(text) {
            return Some(detection);
        }
        let mut per_language = [0usize; STOPWORDS.len()];
        let mut words = 0usize;
        let mut capitalized = 0usize;
        let mut lower = String::new();
        for (_, word) in text::words(text) {
            if word.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            words += 1;
            let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
            capitalized += usize::from(starts_upper);
            // Function words are short: longer words cannot be one.
            if word.len() > MAX_STOPWORD_BYTES {
                continue;
            }
            let key = if starts_upper || word.chars().any(char::is_uppercase) {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                lower.as_str()
            } else {
                word
            };
            if let Some(&mask) = STOPWORD_INDEX.get(key) {
                for (language, count) in per_language.iter_mut().enumerate() {
                    if mask & (1 << language) != 0 {
                        *count += 1;
                    }
                }
            }
        }
        let counts: Vec<usize> = self.stopword_sets.iter().map(|&set| per_language[set]).collect();
        if words < 3 {
            return None;
        }
        let mut ranked: Vec<(usize, usize)> = counts.iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = ranked.first().copied().unwrap_or((0, 0));
        let second = ranked.get(1).map_or(0, |r| r.1);
        #[allow(clippy::cast_precision_loss, reason = "word counts are far below 2^52")]
        let share = best.1 as f64 / words as f64;
        // Decisive: function words of one language make up a good part of the text and clearly
        // outnumber those of any other candidate.
        let best_language = STOPWORDS[self.stopword_sets[best.0]].0;
        let decisive = best.1 >= 3
            && share >= 0.12
            && best.1 * 2 >= second * 5
            && (self.all_have_stopwords || share >= 0.25)
            && !self.unseen.iter().any(|c| close_languages(best_language, c));
        if decisive {
            #[allow(clippy::cast_precision_loss, reason = "word counts are far below 2^52")]
            let confidence = (best.1 as f64 / (best.1 + second) as f64).min(0.99);
            return Some(Detection {
                language: STOPWORDS[self.stopword_sets[best.0]].0.to_string(),
                confidence,
                reliable: true,
                words,
                capitalized,
                decisive: true,
            });
        }
        let info = self.whatlang.detect(text)?;
        Some(Detection {
            language: from_whatlang(info.lang()),
            confidence: info.confidence(),
            reliable: info.is_reliable(),
            words,
            capitalized,
            decisive: false,
        })
    }
}

/// The words of the Chinese and Japanese in `text`, which puts no space between words: about two
/// characters make one.
pub fn unspaced_words(text: &str) -> usize {
    // Kana and ideographs are encoded from 0xE3 on: text without such a byte has none.
    if !text.bytes().any(|b| b >= 0xE3) {
        return 0;
    }
    text.chars().filter(|&c| matches!(Script::of(c), Some(Script::Han | Script::Kana))).count() / 2
}

/// Whether the prose of `article` has [`HAN_SENTENCE`] ideographs or more, sentence punctuation
/// (`，` or `。`), and no kana: Chinese prose, not Japanese.
fn is_without_kana(article: &Article) -> bool {
    let mut han = 0;
    let mut sentences = false;
    for block in &article.blocks {
        for c in block.prose.text.chars() {
            match Script::of(c) {
                Some(Script::Kana) => return false,
                Some(Script::Han) => han += 1,
                _ => sentences |= matches!(c, '，' | '。'),
            }
        }
    }
    han >= HAN_SENTENCE && sentences
}

/// Whether `text` has fewer than `n` words, counting those of unspaced scripts.
pub fn has_fewer_words(text: &str, n: usize) -> bool {
    n > 0 && text::words(text).nth(n - 1).is_none() && unspaced_words(text) < n
}

/// [`has_fewer_words`] of a block's prose, from the words it keeps.
pub fn prose_has_fewer_words(prose: &relecture_core::markdown::Prose, n: usize) -> bool {
    n > 0 && prose.words().nth(n - 1).is_none() && unspaced_words(&prose.text) < n
}

/// `text` with the identifiers written as prose blanked out: runs of ASCII letters, digits and
/// `_ . / -` in which a `.`, `_` or `/` joins two letters or digits (`java.util.concurrent.Future`,
/// `max_retries`, `config.yaml`, `src/main.rs`). They are in no language, and their parts would
/// vote as words. Only the run goes: the Japanese around `config.yaml` stays.
fn without_identifiers(text: &str) -> Cow<'_, str> {
    let joined =
        |w: &[u8]| w[0].is_ascii_alphanumeric() && matches!(w[1], b'.' | b'_' | b'/') && w[2].is_ascii_alphanumeric();
    let bytes = text.as_bytes();
    if !bytes.windows(3).any(joined) {
        return Cow::Borrowed(text);
    }
    let in_run = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-');
    let mut out = bytes.to_vec();
    let mut start = 0;
    while start < bytes.len() {
        if !in_run(bytes[start]) {
            start += 1;
            continue;
        }
        let end = bytes[start..].iter().position(|&b| !in_run(b)).map_or(bytes.len(), |n| start + n);
        if bytes[start..end].windows(3).any(joined) {
            out[start..end].fill(b' ');
        }
        start = end;
    }
    // Only ASCII bytes were replaced by ASCII spaces: still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// The writing systems relecture tells apart before any statistical model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Devanagari,
    Bengali,
    Thai,
    Han,
    Kana,
    Hangul,
    /// Another script (Tamil, Georgian…): left to the statistical model.
    Other,
}

impl Script {
    /// Every script, in the order of their discriminants.
    const ALL: [Self; 12] = [
        Self::Latin,
        Self::Cyrillic,
        Self::Greek,
        Self::Arabic,
        Self::Hebrew,
        Self::Devanagari,
        Self::Bengali,
        Self::Thai,
        Self::Han,
        Self::Kana,
        Self::Hangul,
        Self::Other,
    ];

    fn of(c: char) -> Option<Self> {
        let code = u32::from(c);
        let script = match code {
            0x0041..=0x005A | 0x0061..=0x007A | 0x00C0..=0x024F | 0x1E00..=0x1EFF => Self::Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Self::Greek,
            0x0400..=0x052F => Self::Cyrillic,
            0x0590..=0x05FF => Self::Hebrew,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Self::Arabic,
            0x0900..=0x097F => Self::Devanagari,
            0x0980..=0x09FF => Self::Bengali,
            0x0E00..=0x0E7F => Self::Thai,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Self::Kana,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Self::Hangul,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Self::Han,
            _ if c.is_alphabetic() => Self::Other,
            _ => return None,
        };
        Some(script)
    }

    /// How many Latin letters one character of the script is worth as evidence: an ideograph
    /// or a syllable says more than a letter, so a Japanese sentence around long English product
    /// names is still Japanese.
    fn weight(self) -> usize {
        match self {
            Self::Han | Self::Kana | Self::Hangul => 3,
            Self::Devanagari | Self::Bengali | Self::Thai => 2,
            _ => 1,
        }
    }

    /// The languages written in the script, the first the most common.
    fn languages(self) -> &'static [&'static str] {
        match self {
            Self::Cyrillic => &["ru", "uk", "bg", "be", "sr", "mk", "kk"],
            Self::Greek => &["el"],
            Self::Arabic => &["ar", "fa", "ur", "ps"],
            Self::Hebrew => &["he", "yi"],
            Self::Devanagari => &["hi", "mr", "ne"],
            Self::Bengali => &["bn", "as"],
            Self::Thai => &["th"],
            Self::Han => &["zh", "ja"],
            Self::Kana => &["ja"],
            Self::Hangul => &["ko"],
            Self::Latin | Self::Other => &[],
        }
    }
}

/// The language a text's script decides, with a confidence: when the weighted characters of a
/// non-Latin script outweigh the letters of lowercase Latin words (product and person names,
/// versions, code and URLs do not outvote a sentence written around them), the script names the
/// language:
/// kana is Japanese, hangul Korean, Thai Thai, Bengali Bengali; ideographs alone are Chinese, or
/// Japanese on a page declared Japanese; for scripts several languages share (Cyrillic, Arabic,
/// Devanagari), the declared language when it is written in it, else the statistical model
/// restricted to the script's languages. `None` for Latin-script text.
pub fn script_language(text: &str, declared: Option<&str>) -> Option<(String, f64)> {
    let mut counts = [0usize; Script::ALL.len()];
    let index = |script: Script| script as usize;
    for c in text.chars() {
        if let Some(script) = Script::of(c) {
            counts[index(script)] += script.weight();
        }
    }
    // Ideographs and kana together are one Japanese text.
    let japanese = counts[index(Script::Han)] + counts[index(Script::Kana)];
    let (script, weight) = Script::ALL
        .iter()
        .filter(|script| !matches!(script, Script::Latin | Script::Other))
        .map(|&script| {
            let weight = match script {
                Script::Han | Script::Kana if counts[index(Script::Kana)] > 0 => japanese,
                _ => counts[index(script)],
            };
            (script, weight)
        })
        .max_by_key(|&(script, weight)| (weight, std::cmp::Reverse(index(script))))?;
    // Nine weighted characters at least (three ideographs). Most blocks are in a Latin script:
    // no second pass over their words.
    if weight < 9 {
        return None;
    }
    // Latin words that are names (capitalised: product and person names in a non-Latin
    // sentence) or hold digits (versions) carry no vote: only lowercase Latin words do.
    let latin: usize = text::words(text)
        .filter(|(_, word)| {
            !word.chars().next().is_some_and(char::is_uppercase) && !word.chars().any(|c| c.is_ascii_digit())
        })
        .map(|(_, word)| word.chars().filter(|&c| Script::of(c) == Some(Script::Latin)).count())
        .sum();
    let other = counts[index(Script::Other)];
    // More than the Latin letters.
    if weight <= latin || weight <= other {
        return None;
    }
    let total = latin + weight + other;
    #[allow(clippy::cast_precision_loss, reason = "character counts are far below 2^52")]
    let confidence = (weight as f64 / total as f64).clamp(0.5, 0.99);
    let languages = script.languages();
    let language = match script {
        _ if counts[index(Script::Kana)] > 0 && matches!(script, Script::Han | Script::Kana) => "ja".to_string(),
        // Japanese sentences are full of kana (particles, endings): ideographs as many as a
        // sentence's, without any kana and with Chinese commas, are Chinese even on a Japanese
        // page (a Japanese list of terms in kanji separates them with 、).
        Script::Han if counts[index(Script::Han)] >= HAN_SENTENCE * Script::Han.weight() && text.contains('，') => {
            "zh".to_string()
        }
        Script::Han => declared.filter(|d| *d == "ja").unwrap_or("zh").to_string(),
        _ if languages.len() == 1 => languages[0].to_string(),
        _ => declared.filter(|d| languages.contains(d)).map_or_else(
            || {
                let allow: Vec<whatlang::Lang> = languages.iter().filter_map(|c| to_whatlang(c)).collect();
                whatlang::Detector::with_allowlist(allow)
                    .detect_lang(text)
                    .map_or_else(|| languages[0].to_string(), from_whatlang)
            },
            str::to_string,
        ),
    };
    Some((language, confidence))
}

/// Ideographs from which a text without kana is a Chinese sentence rather than a Japanese name
/// or term.
const HAN_SENTENCE: usize = 20;

/// Bytes of prose the article-level detection looks at, at most.
const ARTICLE_SAMPLE_BYTES: usize = 6_000;

/// Whether most words of `text` start with a capital: a line of names, not a sentence.
pub fn is_mostly_proper_nouns(text: &str) -> bool {
    let mut words = 0usize;
    let mut capitalized = 0usize;
    for (_, word) in text::words(text) {
        if word.chars().all(char::is_numeric) {
            continue;
        }
        words += 1;
        if word.chars().next().is_some_and(char::is_uppercase) {
            capitalized += 1;
        }
    }
    words > 0 && capitalized * 10 >= words * 6
}

/// The candidate languages for the article at `path`: the allowed ones, or, when none are
/// configured, the languages its site publishes if it publishes several (a multilingual site
/// is written in its own languages: Latin-script text is judged among them); plus its declared
/// language. Empty means every language.
pub fn candidates(config: &Config, declared: Option<&str>, path: &str) -> Vec<String> {
    let mut candidates = config.section::<LanguageConfig>().allowed.clone();
    if candidates.is_empty()
        && let Some(site) = &config.section::<relecture_core::site::SiteConfig>().detected
    {
        let part = site.part_of(path);
        if part.languages.len() > 1 {
            candidates =
                part.languages.iter().filter_map(|l| relecture_core::language::normalize_language(l)).collect();
            candidates.sort();
            candidates.dedup();
        }
    }
    if let Some(declared) = declared
        && !candidates.is_empty()
        && !candidates.iter().any(|c| c == declared)
    {
        candidates.push(declared.to_string());
    }
    candidates
}

/// The fewest words of prose a page is judged on, when the evidence is clear.
pub(super) const SHORT_PAGE_WORDS: usize = 8;
/// Words of prose from which a page is judged on a plain majority.
const FULL_PAGE_WORDS: usize = 20;

/// Adds `detection`'s words to the votes of an article.
fn vote(votes: &mut Vec<(String, f64)>, detection: &Detection, total_words: &mut usize, undecided_words: &mut usize) {
    *total_words += detection.words;
    #[allow(clippy::cast_precision_loss, reason = "word counts are far below 2^52")]
    let weight = detection.words as f64 * detection.confidence;
    match votes.iter_mut().find(|(language, _)| *language == detection.language) {
        Some((_, score)) => *score += weight,
        None => votes.push((detection.language.clone(), weight)),
    }
    if !detection.decisive {
        *undecided_words += detection.words;
    }
}

/// Blocks shorter than this do not vote on the article's language (a two-word heading is noise).
const VOTING_MIN_WORDS: usize = 5;

/// The detected language of the article's prose (not its code, URLs, HTML, front matter, link
/// targets or lines of names), on a bounded sample, and the per-block detections made on the
/// way; computed once per article and kept with it, so that the checks and the summary share it.
///
/// Each block of the sample is detected on its own and votes with its number of words, so that
/// a paragraph in another language does not drag the whole article along: the article's
/// language is the one most of its words are written in, and the confidence is that share
/// (times the blocks' own confidence). Block quotes vote only when the rest has fewer than eight
/// words (the description of a short reference page). When at
/// least a fifth of the votes go to the declared language, the article is in that language.
pub fn article_languages(article: &Article, config: &Config) -> Arc<ArticleLanguage> {
    article.memo(|| detect_article(article, config))
}

fn detect_article(article: &Article, config: &Config) -> ArticleLanguage {
    let declared = declared_language(article, config);
    // Ideographs defer to a page declared Japanese, unless the page has a sentence's worth of
    // them and no kana at all: Japanese prose always has some, so that page is Chinese.
    let script_declared = match declared.as_deref() {
        Some("ja") if is_without_kana(article) => None,
        other => other,
    };
    let detector = Detector::for_article(&candidates(config, declared.as_deref(), &article.path), script_declared);
    let mut blocks: Vec<Option<Detection>> = vec![None; article.blocks.len()];
    let mut votes: Vec<(String, f64)> = Vec::new();
    let mut total_words = 0usize;
    let mut sampled = 0usize;
    let mut leftovers = String::new();
    // Words of voting blocks that only the statistical model judged.
    let mut undecided_words = 0usize;
    for quoted in [false, true] {
        // Block quotes vote when the rest is too short to judge: the description of a short
        // reference page, not a quotation in a page of prose.
        if quoted && total_words >= SHORT_PAGE_WORDS {
            break;
        }
        for (index, block) in article.blocks.iter().enumerate() {
            if sampled >= ARTICLE_SAMPLE_BYTES {
                break;
            }
            let prose = matches!(
                block.kind,
                BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Heading { .. } | BlockKind::Table
            );
            if !prose || (block.quote_depth > 0) != quoted {
                continue;
            }
            let text = &block.prose.text;
            if has_fewer_words(text, VOTING_MIN_WORDS) {
                if !is_mostly_proper_nouns(text) {
                    sampled += text.len();
                    leftovers.push_str(text);
                    leftovers.push('\n');
                }
                continue;
            }
            let Some(detection) = detector.detect(text) else {
                continue;
            };
            if !detection.is_mostly_proper_nouns() {
                sampled += text.len();
                vote(&mut votes, &detection, &mut total_words, &mut undecided_words);
            }
            blocks[index] = Some(detection);
        }
    }
    // On a short page, the short items and headings vote together as one block.
    if total_words > 0
        && total_words < FULL_PAGE_WORDS
        && let Some(detection) = detector.detect(&leftovers)
        && !detection.is_mostly_proper_nouns()
    {
        vote(&mut votes, &detection, &mut total_words, &mut undecided_words);
    }
    if total_words == 0 {
        // Only short blocks (a list of short items): judged together, and trusted only when the
        // function words or the script decide clearly on at least eight words.
        let overall = detector
            .detect(&leftovers)
            .map(|d| Detection { reliable: d.decisive && d.words >= SHORT_PAGE_WORDS && d.confidence >= 0.9, ..d });
        return ArticleLanguage { overall, blocks };
    }
    let sum: f64 = votes.iter().map(|(_, score)| score).sum();
    votes.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // An article a fifth of which is in its declared language is in that language with
    // passages in another one: those passages are `mixed-language`, not a mismatch.
    let declared_vote =
        votes.iter().position(|(language, score)| Some(language) == declared.as_ref() && *score * 5.0 >= sum);
    let (language, score) = votes.swap_remove(declared_vote.unwrap_or(0));
    let confidence = if sum > 0.0 { score / sum } else { 0.0 };
    let overall = Some(Detection {
        language,
        confidence,
        // A short page is judged when the blocks that voted went one way and the function words
        // or the script decided eight words of them at least.
        reliable: (confidence >= 0.6 && total_words >= FULL_PAGE_WORDS)
            || (total_words - undecided_words >= SHORT_PAGE_WORDS && confidence >= 0.9),
        words: total_words,
        capitalized: 0,
        decisive: true,
    });
    ArticleLanguage { overall, blocks }
}

/// How many words of `text` are function words of `language` and not of `other`, and how many
/// of `other` and not of `language` (a language without a list has none).
pub fn function_words_between(text: &str, language: &str, other: &str) -> (usize, usize) {
    let bit = |code: &str| STOPWORDS.iter().position(|(c, _)| *c == code).map_or(0u8, |i| 1 << i);
    let (mine, theirs) = (bit(language), bit(other));
    let mut counts = (0, 0);
    for (_, word) in text::words(text) {
        if word.len() > MAX_STOPWORD_BYTES {
            continue;
        }
        let Some(&mask) = STOPWORD_INDEX.get(word.to_lowercase().as_str()) else { continue };
        match (mask & mine != 0, mask & theirs != 0) {
            (true, false) => counts.0 += 1,
            (false, true) => counts.1 += 1,
            _ => {}
        }
    }
    counts
}

/// Languages close enough that the statistical model confuses them on short texts.
const CLOSE_LANGUAGES: &[&[&str]] = &[
    &["es", "pt", "gl", "ca", "it", "ro"],
    &["da", "no", "nb", "nn", "sv"],
    &["cs", "sk"],
    &["hr", "sr", "bs", "sl"],
    &["id", "ms"],
    &["ru", "uk", "be", "bg"],
];

/// Whether two languages are close relatives the statistical model alone cannot tell apart.
pub fn close_languages(a: &str, b: &str) -> bool {
    a != b && CLOSE_LANGUAGES.iter().any(|group| group.contains(&a) && group.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_detected_has_a_name_in_each_catalogue() {
        use relecture_core::message::{Locale, language_name};
        for lang in whatlang::Lang::all() {
            let code = from_whatlang(*lang);
            assert_eq!(language_name(&code, Locale::En), lang.eng_name(), "{code}");
            assert_ne!(language_name(&code, Locale::Fr), code, "no French name for {code}");
        }
        assert_eq!(language_name("no", Locale::Fr), "norvégien bokmål");
    }

    #[test]
    fn stop_words_fit_the_length_bound() {
        for (_, words) in STOPWORDS {
            assert!(words.iter().all(|w| w.len() <= MAX_STOPWORD_BYTES && *w == w.to_lowercase()));
        }
    }

    #[test]
    fn detection_tells_french_from_english_on_short_paragraphs() {
        let detector = Detector::new(&["fr".to_string(), "en".to_string()]);
        let fr = detector.detect("Le community manager publie des stories sur Instagram pour la mairie.").unwrap();
        assert_eq!((fr.language.as_str(), fr.reliable), ("fr", true));
        let en = detector.detect("The city council publishes its decisions on the website every week.").unwrap();
        assert_eq!((en.language.as_str(), en.reliable), ("en", true));
        assert_eq!(detector.detect("Bonjour"), None);
    }

    #[test]
    fn function_words_a_close_relative_shares_do_not_decide() {
        // Romanian has no stop-word set; Spanish shares « este », « de »: the model decides.
        let detector = Detector::new(&["ro".to_string(), "es".to_string(), "en".to_string()]);
        let detection =
            detector.detect("APM este pe cale de dispariție și acest lucru este firesc pentru toată lumea").unwrap();
        assert!(!(detection.decisive && detection.language == "es"), "{detection:?}");
    }

    #[test]
    fn the_script_decides_before_latin_names() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            // Japanese around long English product names, as translated documentation writes it.
            (
                "同様に、OpenTelemetry Semantic Conventions for Java ライブラリ用に生成されたコードは、このプロジェクトで確認できます。",
                Some("ja"),
                "ja",
            ),
            (
                "Jacob 氏は Lightstep from ServiceNow の Telemetry Pipeline チームに約 2 年間在籍しています。",
                Some("ja"),
                "ja",
            ),
            // Chinese: ideographs without kana.
            ("我们需要一个可以由 OpAMP Supervisor 管理的 OpenTelemetry Collector 二进制文件。", Some("zh"), "zh"),
            (
                "OpenTelemetry Spring Boot 启动器适用于 Spring Boot 2.6+ 和 3.1+ 版本，以及 Spring Boot Native image 应用程序。",
                Some("zh"),
                "zh",
            ),
            // Names around an Urdu sentence.
            ("Saim Safdar، Waleed Ahmed، اور Seokho Son نے کی۔", Some("ur"), "ur"),
            // Ideographs only, on a page declared Japanese: Japanese.
            ("分散トレーシング", Some("ja"), "ja"),
            ("设计原则与架构概述说明", Some("ja"), "ja"),
            ("设计原则与架构概述说明", None, "zh"),
            // A sentence of ideographs without kana is Chinese, even on a Japanese page; a
            // Japanese list of terms in kanji is Japanese.
            ("基础设施即代码是将基础设施的定义存储为一个或多个文件的做法，它取代了传统模型。", Some("ja"), "zh"),
            ("監視、分散追跡、計装、指標、記録、警告、可視化、構成管理、認証、認可、監査", Some("ja"), "ja"),
            ("Kubernetes 클러스터에서 OpenTelemetry Collector를 배포하는 방법을 설명합니다.", Some("ko"), "ko"),
            ("यह पृष्ठ बताता है कि OpenTelemetry Collector को कैसे कॉन्फ़िगर करें।", Some("hi"), "hi"),
            ("এই পৃষ্ঠাটি OpenTelemetry Collector কনফিগার করার পদ্ধতি ব্যাখ্যা করে।", Some("bn"), "bn"),
            ("Эта страница объясняет, как настроить OpenTelemetry Collector в кластере.", None, "ru"),
        ];
        for (text, declared, expected) in cases {
            let (language, _) =
                script_language(text, *declared).unwrap_or_else(|| panic!("no script decision: {text}"));
            assert_eq!(language, *expected, "{text}");
        }
        // Qualified names are code, not words of a language.
        let detector = Detector::new(&[]);
        assert!(
            detector
                .detect("java.util.concurrent.CompletableFuture io.reactivex.Maybe reactor.core.publisher.Mono")
                .is_none()
        );
        // A Japanese sentence weighs as many words as it holds, though it has no spaces.
        let detector = Detector::for_article(&[], Some("ja"));
        let japanese = detector.detect("クラスターとは、ネットワークで接続されたコンピューターのグループであり、共通のタスクを実行するために連携して動作します。").unwrap();
        assert!(japanese.words >= 20, "{japanese:?}");
        // Latin-script text, even with a few foreign words, is left to the statistical passes.
        assert_eq!(script_language("The collector 収集器 runs on every node of the cluster.", None), None);
        assert_eq!(script_language("Le service communication relit chaque article.", Some("fr")), None);
    }

    #[test]
    fn an_article_is_detected_once() {
        let article = Article::parse(
            "content/fr/a.md",
            None,
            "La mairie publie chaque semaine les décisions du conseil municipal sur son site, pour que les habitants \
             puissent les lire et les commenter avant la prochaine séance.\n"
                .to_string(),
        );
        let config = Config::default();
        let first = article_languages(&article, &config);
        assert_eq!(first.overall.as_ref().map(|d| d.language.as_str()), Some("fr"));
        assert!(Arc::ptr_eq(&first, &article_languages(&article, &config)));
    }
}
