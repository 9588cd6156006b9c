//! Declarative rule files (`lint-rules/*.toml`): the schema, loading with file and line errors,
//! compilation into a check, and the embedded examples every rule must pass to be loaded.
//!
//! This is an implementation crate of relecture: it has no stability promise and its API changes
//! with any release. Tools and plugins use the `relecture` crate, the facade, which re-exports
//! what they need.
#![deny(missing_docs)]

mod check;
mod expand;
mod schema;
mod shipped;

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;

use regex::Regex;
use relecture_core::{Applicability, RuleMeta, Severity};

pub use check::PackCheck;
pub use shipped::{SHIPPED_PACKS, SHIPPED_PREFIX, shipped_languages, shipped_pack};

// Rule files come with the repository, so a pull request can write them: every cost of loading
// and running a pack is bounded. The caps are far above what real packs need (the packs we ship
// use one variable and messages of a line).

/// The largest rule file read, in bytes. Rule files are configuration, not articles: the
/// articles' `max_file_size` does not apply to them, and a larger one is refused by name.
pub const MAX_RULE_FILE_SIZE: u64 = 8 * 1024 * 1024;
/// The most bytes all the rule files of a run may hold together: files past it, in the order
/// the configuration names them, are refused.
pub const MAX_RUN_RULE_BYTES: u64 = 32 * 1024 * 1024;
/// The most rules one pack may hold.
pub const MAX_RULES_PER_PACK: usize = 50_000;
/// The longest pack or rule name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// How many levels variables may nest (`a = "{b}"`, `b = "{c}"`, … is three levels).
pub const MAX_VAR_DEPTH: usize = 8;
/// The longest text, in bytes, that a variable or a rule's field may expand to.
pub const MAX_EXPANDED_LEN: usize = 256 * 1024;
/// The most bytes that expanding variables may produce in one pack, all fields together.
pub const MAX_PACK_EXPANSION: usize = 32 * 1024 * 1024;
/// How heavy the regular expressions of one pack may be in all, in the rough units of
/// `regex_weight` (about compiled states): each pattern is also bounded by the regex crate's
/// own size limit, but thousands of patterns just under it would take gigabytes and minutes.
pub const MAX_PACK_REGEX_WEIGHT: usize = 16_000_000;
/// The most bytes that expanding variables may produce in all the packs of a run together:
/// each of N packs gets the smaller of [`MAX_PACK_EXPANSION`] and an N-th of this.
pub const MAX_RUN_EXPANSION: usize = 64 * 1024 * 1024;
/// How heavy the regular expressions of all the packs of a run may be together, shared the same
/// way as [`MAX_RUN_EXPANSION`].
pub const MAX_RUN_REGEX_WEIGHT: usize = 48_000_000;

/// What one pack may spend on expanding variables and compiling patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Bytes of expanded variables.
    pub expansion: usize,
    /// Regular-expression weight.
    pub regex: usize,
}

impl Budget {
    /// The budget of a pack loaded alone.
    pub const ONE_PACK: Self = Self { expansion: MAX_PACK_EXPANSION, regex: MAX_PACK_REGEX_WEIGHT };

    /// The budget of each of `packs` packs loaded for one run: an equal share of the run's, so
    /// that many packs together stay as bounded as one (a pull request may add any number).
    pub fn shared_by(packs: usize) -> Self {
        let packs = packs.max(1);
        Self {
            expansion: MAX_PACK_EXPANSION.min(MAX_RUN_EXPANSION / packs),
            regex: MAX_PACK_REGEX_WEIGHT.min(MAX_RUN_REGEX_WEIGHT / packs),
        }
    }
}

/// The longest message template, in bytes, after its variables are expanded.
pub const MAX_MESSAGE_LEN: usize = 2048;
/// The most placeholders (`{match}`, `{replacement}`, `{1}`…) one message may hold, and the
/// most group references (`$1`…) one replacement may hold.
pub const MAX_PLACEHOLDERS: usize = 16;
/// The most characters of the article (a match, a replacement) a finding's message quotes;
/// longer text is cut with an ellipsis.
pub const MAX_INSERTED_CHARS: usize = 200;

/// `text` fit to print on one line of a terminal or a CI log: control characters (escape
/// sequences, line breaks) and characters that reorder or hide text are written as `\u{..}`.
fn shown(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if hidden(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect())
}

/// Why a rule file was refused. Displayed with control characters escaped: a refused file's
/// name, rule names and keys come from the repository.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file is not valid TOML or does not follow the schema (unknown key, wrong type).
    #[error("{}:{line}: {}", shown(path), shown(message))]
    Schema {
        /// The rule file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// One rule is invalid: bad regex, duplicate name, failing example, unsupported kind.
    #[error("{}:{line}: rule `{}`: {}", shown(path), shown(rule), shown(message))]
    Rule {
        /// The rule file.
        path: String,
        /// 1-based line of the rule's `[[rule]]` table.
        line: usize,
        /// The rule's name.
        rule: String,
        /// What is wrong.
        message: String,
    },
    /// The file is larger than [`MAX_RULE_FILE_SIZE`].
    #[error("{}: the rule file is {size} bytes, over the {MAX_RULE_FILE_SIZE}-byte limit for rule files", shown(path))]
    TooLarge {
        /// The rule file.
        path: String,
        /// Its size in bytes.
        size: u64,
    },
    /// The rule files before this one already hold [`MAX_RUN_RULE_BYTES`] together.
    #[error("{}: the rule files of this run hold more than {MAX_RUN_RULE_BYTES} bytes together", shown(path))]
    RunTooLarge {
        /// The rule file refused.
        path: String,
    },
    /// Another rule file of the run already names its pack so: rule names would be ambiguous.
    #[error("{}: the pack name `{}` is already the name of the pack in {}", shown(path), shown(name), shown(first))]
    DuplicatePack {
        /// The rule file refused.
        path: String,
        /// The pack name both files give.
        name: String,
        /// The rule file loaded under that name.
        first: String,
    },
    /// The file could not be read (permissions, a device error).
    #[error("{}: the rule file cannot be read: {}", shown(path), shown(reason))]
    Unreadable {
        /// The rule file.
        path: String,
        /// Why.
        reason: String,
    },
}

/// Where in an article a rule looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Headings.
    Heading,
    /// Paragraphs outside lists and block quotes.
    Paragraph,
    /// List items outside block quotes.
    List,
    /// Anything inside a block quote.
    Blockquote,
    /// Table cells.
    Table,
    /// The text of links.
    LinkText,
    /// The string value (or string list items) of a front matter field.
    FrontMatter(String),
    /// The raw Markdown body, code and URLs included.
    Raw,
}

impl Scope {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "heading" => Self::Heading,
            "paragraph" => Self::Paragraph,
            "list" => Self::List,
            "blockquote" => Self::Blockquote,
            "table" => Self::Table,
            "link-text" => Self::LinkText,
            "raw" => Self::Raw,
            other => Self::FrontMatter(other.strip_prefix("frontmatter.").filter(|k| !k.is_empty())?.to_string()),
        })
    }
}

/// What a compiled rule does with a match.
#[derive(Debug, Clone)]
enum Action {
    /// Report the match.
    Report,
    /// Report and offer a replacement per alternative (found by capture group `s0`, `s1`…);
    /// each alternative's own regex expands `$1`, `$2`… in its replacement.
    Replace { alternatives: Vec<(Option<Regex>, String)>, applicability: Applicability },
    /// Report a sentence (or a whole scoped text) where the pattern matches more than `max` times.
    Count {
        max: usize,
        per_sentence: bool,
        /// No pattern nor tokens: the rule counts words, as relecture splits them everywhere.
        words: bool,
    },
    /// Report a match equal to the one just before it, with only white space between.
    Repeat,
    /// Report the spellings of a term that are less frequent in the article than another one.
    Consistency { variants: Vec<Regex> },
    /// Report headings not in sentence case (`title: false`) or title case (`title: true`).
    Capitalization { title: bool },
}

/// How a rule finds its matches.
#[derive(Debug, Clone)]
pub(crate) enum Engine {
    /// A regex (patterns, and tokens with punctuation).
    Regex(Regex),
    /// Word phrases compared word by word: tokens and swap keys made of words only. Thousands
    /// of them compile in no time and run in one pass over the words.
    Words(WordMatcher),
}

/// Phrases of whole words, indexed by their first word.
#[derive(Debug, Clone)]
struct WordMatcher {
    /// First word → (alternative, the phrase's words), longest phrase first.
    phrases: std::collections::HashMap<String, Vec<(usize, Vec<String>)>>,
    ignorecase: bool,
}

/// A match: its byte range in the text and, for substitutions, the `swap` entry it matched.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) range: std::ops::Range<usize>,
    pub(crate) alternative: Option<usize>,
}

impl WordMatcher {
    /// A matcher for `alternatives` when each is words separated by single spaces.
    fn new(alternatives: &[&str], ignorecase: bool) -> Option<Self> {
        let mut phrases: std::collections::HashMap<String, Vec<(usize, Vec<String>)>> =
            std::collections::HashMap::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let words: Vec<String> = relecture_core::text::words(alternative)
                .map(|(_, w)| if ignorecase { w.to_lowercase() } else { w.to_string() })
                .collect();
            let rebuilt: Vec<&str> = relecture_core::text::words(alternative).map(|(_, w)| w).collect();
            if words.is_empty() || rebuilt.join(" ") != *alternative {
                return None;
            }
            phrases.entry(words[0].clone()).or_default().push((index, words));
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|(index, words)| (std::cmp::Reverse(words.len()), *index));
        }
        Some(Self { phrases, ignorecase })
    }

    fn find(&self, text: &str) -> Vec<Found> {
        let words: Vec<(usize, &str)> = relecture_core::text::words(text).collect();
        let key = |w: &str| if self.ignorecase { w.to_lowercase() } else { w.to_string() };
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut advanced = false;
            if let Some(candidates) = self.phrases.get(&key(words[i].1)) {
                for (alternative, phrase) in candidates {
                    let Some(window) = words.get(i..i + phrase.len()) else { continue };
                    let same = window.iter().zip(phrase).all(|((_, w), p)| key(w) == *p);
                    // Words of a phrase are separated by white space only.
                    let spaced = window
                        .windows(2)
                        .all(|pair| text[pair[0].0 + pair[0].1.len()..pair[1].0].chars().all(char::is_whitespace));
                    if same && spaced {
                        let (start, _) = window[0];
                        let (last, last_word) = window[window.len() - 1];
                        found.push(Found { range: start..last + last_word.len(), alternative: Some(*alternative) });
                        i += phrase.len();
                        advanced = true;
                        break;
                    }
                }
            }
            if !advanced {
                i += 1;
            }
        }
        found
    }
}

/// Which matches of a rule must be whole words.
#[derive(Debug, Clone)]
enum WholeWords {
    /// None: the rule is a regex written by hand.
    No,
    /// Every match.
    All,
    /// The matches of the substitution alternatives marked true.
    Alternatives(Vec<bool>),
}

/// One rule of a pack, ready to run.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    meta: RuleMeta,
    scopes: Vec<Scope>,
    matcher: Engine,
    /// Matches whose text one of these matches are not reported.
    exceptions: Vec<Regex>,
    /// Matches inside these spans of the prose are not reported.
    skip: Skip,
    /// Which matches must stand at word boundaries: written as tokens (or plain swap keys),
    /// they match whole words only.
    whole_words: WholeWords,
    message: String,
    action: Action,
    /// Lowercase words one of which must be in the article's prose for the rule to match
    /// anything; `None` when the rule cannot be filtered that way (regexes, raw or front matter
    /// scopes, counting rules).
    triggers: Option<Vec<String>>,
}

/// Spans of the prose where a rule's matches are not reported: titles of works and words of
/// another language are written as link text or in emphasis, with their own typography
/// (`[React Unpacked: A Roadmap](…)`, `*Not Magic, Just Arrays*`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Skip {
    pub(crate) link_text: bool,
    pub(crate) emphasis: bool,
}

impl CompiledRule {
    /// Whether the match `range` of `text` (found by alternative `alternative`) stands where
    /// the rule wants it: at word boundaries for tokens.
    fn is_whole(&self, text: &str, range: std::ops::Range<usize>, alternative: Option<usize>) -> bool {
        let wanted = match &self.whole_words {
            WholeWords::No => false,
            WholeWords::All => true,
            WholeWords::Alternatives(flags) => alternative.and_then(|a| flags.get(a).copied()).unwrap_or(false),
        };
        if !wanted {
            return true;
        }
        let matched = &text[range.clone()];
        let starts = is_word_char(matched.chars().next()) && is_word_char(text[..range.start].chars().next_back());
        let ends = is_word_char(matched.chars().next_back()) && is_word_char(text[range.end..].chars().next());
        !starts && !ends
    }

    /// Every match of the rule in `text`, whole words and exceptions taken into account.
    pub(crate) fn find(&self, text: &str) -> Vec<Found> {
        let found: Vec<Found> = match &self.matcher {
            Engine::Words(words) => words.find(text),
            Engine::Regex(regex) => match &self.action {
                Action::Replace { alternatives, .. } => regex
                    .captures_iter(text)
                    .map(|captures| Found {
                        range: captures.get(0).expect("group 0 always exists").range(),
                        alternative: (0..alternatives.len()).find(|i| captures.name(&format!("s{i}")).is_some()),
                    })
                    .collect(),
                _ => regex.find_iter(text).map(|m| Found { range: m.range(), alternative: None }).collect(),
            },
        };
        found
            .into_iter()
            .filter(|f| {
                let matched = &text[f.range.clone()];
                !self.exceptions.iter().any(|e| e.is_match(matched))
                    && self.is_whole(text, f.range.clone(), f.alternative)
            })
            .collect()
    }

    /// How many times the rule matches in `text`: [`CompiledRule::find`]`(text).len()`, without
    /// building the matches when nothing needs to be checked on each (an occurrence rule counting
    /// words runs on every sentence of every article).
    pub(crate) fn count(&self, text: &str) -> usize {
        match &self.matcher {
            Engine::Regex(regex) if self.exceptions.is_empty() && matches!(self.whole_words, WholeWords::No) => {
                regex.find_iter(text).count()
            }
            _ => self.find(text).len(),
        }
    }

    /// The rule's metadata (`PACK/RULE` name, the pack as family).
    pub fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

/// A loaded rule pack.
#[derive(Debug, Clone)]
pub struct RulePack {
    /// The pack's name, prefix of its rules' names.
    pub name: String,
    /// What the pack is for.
    pub description: String,
    /// Languages the pack applies to; empty means all.
    pub languages: Vec<String>,
    /// The file it was loaded from.
    pub path: String,
    rules: Vec<CompiledRule>,
}

impl RulePack {
    /// Parses and compiles the rule file `text` read from `path`, and runs every rule's examples:
    /// a rule whose examples fail refuses the whole file.
    pub fn load(path: &str, text: &str) -> Result<Self, Error> {
        Self::load_within(path, text, Budget::ONE_PACK)
    }

    /// [`RulePack::load`] within `budget` (see [`Budget::shared_by`]).
    pub fn load_within(path: &str, text: &str, budget: Budget) -> Result<Self, Error> {
        // The first refused rule refuses the file: the rules after it are not compiled.
        let tested = try_rules(path, text, true, budget)?;
        let mut rules = Vec::with_capacity(tested.rules.len());
        for result in tested.rules {
            match result.outcome {
                Ok(rule) => rules.push(rule),
                Err(message) => {
                    return Err(Error::Rule { path: path.to_string(), line: result.line, rule: result.name, message });
                }
            }
        }
        Ok(Self {
            name: tested.name,
            description: tested.description,
            languages: tested.languages,
            path: path.to_string(),
            rules,
        })
    }

    /// The metadata of every rule of the pack.
    pub fn rules(&self) -> Vec<RuleMeta> {
        self.rules.iter().map(|r| r.meta.clone()).collect()
    }
}

/// One rule of a file under test: compiled with its examples passing, or why not.
#[derive(Debug)]
pub struct RuleResult {
    /// The rule's name within its pack.
    pub name: String,
    /// 1-based line of its `[[rule]]` table.
    pub line: usize,
    /// How many `fail` and `pass` examples it carries.
    pub examples: (usize, usize),
    /// The compiled rule, or what is wrong with it.
    pub outcome: Result<CompiledRule, String>,
}

/// A rule file under test: every rule's result, not only the first failure.
#[derive(Debug)]
pub struct TestedFile {
    /// The pack's name.
    pub name: String,
    /// The pack's description.
    pub description: String,
    /// The pack's languages.
    pub languages: Vec<String>,
    /// Each rule, in file order.
    pub rules: Vec<RuleResult>,
}

/// Parses the rule file `text` read from `path` and tries every rule: name, compilation and
/// embedded examples. Fails only when the file itself is refused: larger than
/// [`MAX_RULE_FILE_SIZE`], not following the schema, a bad pack name, too many rules, or
/// variables that expand too far.
pub fn test_file(path: &str, text: &str) -> Result<TestedFile, Error> {
    try_rules(path, text, false, Budget::ONE_PACK)
}

/// [`test_file`], stopping after the first rule that fails when `stop_at_failure`.
fn try_rules(path: &str, text: &str, stop_at_failure: bool, budget: Budget) -> Result<TestedFile, Error> {
    if text.len() as u64 > MAX_RULE_FILE_SIZE {
        return Err(Error::TooLarge { path: path.to_string(), size: text.len() as u64 });
    }
    let lines = schema::Lines::new(text);
    let file = schema::parse(path, text, &lines)?;
    let pack = file.pack.name.get_ref();
    let mut vars = expand::Variables::resolve(
        file.pack.vars.0.iter().map(|(name, value)| (name.as_str(), value.get_ref().as_str())),
        budget.expansion,
    )
    .map_err(|error| Error::Schema {
        path: path.to_string(),
        line: file
            .pack
            .vars
            .0
            .iter()
            .find(|(name, _)| *name == error.variable)
            .map_or(1, |(_, value)| lines.line(value.span().start)),
        message: error.message,
    })?;
    let mut regex_budget = budget.regex;
    let mut seen: HashSet<&str> = HashSet::with_capacity(file.rule.len());
    let mut rules = Vec::with_capacity(file.rule.len());
    for spanned in &file.rule {
        let entry = spanned.get_ref();
        let line = lines.line(spanned.span().start);
        let outcome = if !is_kebab_case(&entry.name) {
            Err(format!(
                "rule names are kebab-case (lowercase letters, digits and hyphens), at most {MAX_NAME_CHARS} characters"
            ))
        } else if !seen.insert(&entry.name) {
            Err("this rule name is already used in the pack".to_string())
        } else {
            compile(pack, &mut vars, &mut regex_budget, entry)
                .and_then(|rule| check::run_examples(&rule, &entry.examples.fail, &entry.examples.pass).map(|()| rule))
        };
        let failed = outcome.is_err();
        // A pattern that does not compile is reported on its own line, not the rule's header.
        let line = match &outcome {
            Err(message) if message.starts_with("invalid regex") || message.starts_with("invalid exception regex") => {
                let key = if message.starts_with("invalid regex") { "pattern" } else { "exceptions" };
                key_line(text, spanned.span(), key).map_or(line, |at| lines.line(at))
            }
            _ => line,
        };
        rules.push(RuleResult {
            // Escaped: a refused name is printed as it is reported.
            name: shown(&entry.name).into_owned(),
            line,
            examples: (entry.examples.fail.len(), entry.examples.pass.len()),
            outcome,
        });
        if failed && stop_at_failure {
            break;
        }
    }
    Ok(TestedFile {
        name: pack.clone(),
        description: file.pack.description.clone(),
        languages: file.pack.lang.clone(),
        rules,
    })
}

/// The byte offset in `text` of the line that sets `key` (`pattern = …`) in the rule that starts
/// at `span` (up to the next table header).
fn key_line(text: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let rest = text.get(span.start..)?;
    let end = rest.get(1..).and_then(|r| r.find("\n[")).map_or(rest.len(), |at| at + 1);
    let rule = &rest[..end];
    let mut at = 0;
    for line in rule.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) {
            return Some(span.start + at + (line.len() - trimmed.len()));
        }
        at += line.len();
    }
    None
}

/// The first word of each plain token or swap key, when every alternative starts with a word
/// and the rule only looks at prose: the article must contain one of them for the rule to match.
fn triggers(entry: &schema::RuleEntry, scopes: &[Scope]) -> Option<Vec<String>> {
    if scopes.iter().any(|s| matches!(s, Scope::Raw | Scope::FrontMatter(_))) {
        return None;
    }
    let alternatives: Vec<&str> = match entry.kind.as_str() {
        "existence" | "consistency" | "repetition" if entry.pattern.is_none() => {
            entry.tokens.iter().map(String::as_str).collect()
        }
        "substitution" if entry.swap.iter().all(|(from, _)| regex::escape(from) == *from) => {
            entry.swap.iter().map(|(from, _)| from.as_str()).collect()
        }
        _ => return None,
    };
    alternatives
        .iter()
        .map(|token| {
            let (start, word) = relecture_core::text::words(token).next()?;
            (start == 0).then(|| word.to_lowercase())
        })
        .collect()
}

fn is_kebab_case(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_CHARS
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// Wraps a word-like alternative in word boundaries so that `ici` does not match inside `ici-bas`'s neighbours.
/// A token as a regex group. Word boundaries are checked on each match instead of written as
/// `\b`: Unicode `\b` makes thousands of rules slow to compile and to run on accented text.
fn group(pattern: &str) -> String {
    format!("(?:{pattern})")
}

/// Tokens sorted longest first, so that a longer token wins over its prefix at the same place.
fn longest_first(tokens: &[String]) -> Vec<&String> {
    let mut sorted: Vec<&String> = tokens.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.len()));
    sorted
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The placeholders a message may hold, filled in when a finding is reported.
fn is_message_placeholder(name: &str) -> bool {
    matches!(name, "match" | "replacement" | "count" | "max" | "expected")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses a message that could make findings long: over [`MAX_MESSAGE_LEN`] bytes, over
/// [`MAX_PLACEHOLDERS`] placeholders, or holding control characters (a message is printed as is
/// in `rules list` and in every report).
fn check_message(message: &str) -> Result<(), String> {
    if message.len() > MAX_MESSAGE_LEN {
        return Err(format!("the message is over {MAX_MESSAGE_LEN} bytes once its variables are expanded"));
    }
    if expand::placeholders(message).filter(|(_, name)| is_message_placeholder(name)).count() > MAX_PLACEHOLDERS {
        return Err(format!("the message holds more than {MAX_PLACEHOLDERS} placeholders"));
    }
    if let Some(c) = message.chars().find(|c| c.is_control()) {
        return Err(format!("the message holds the control character U+{:04X}", u32::from(c)));
    }
    Ok(())
}

/// How much compiling `hir` may cost, roughly in compiled states: literals by their bytes,
/// classes by their ranges (a Unicode range compiles to several byte ranges), repetitions by
/// their count. `\w{300}` weighs about a million; a plain word a few units.
fn regex_weight(hir: &regex_syntax::hir::Hir) -> usize {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len(),
        HirKind::Class(Class::Unicode(class)) => class.ranges().len().saturating_mul(4),
        HirKind::Class(Class::Bytes(class)) => class.ranges().len(),
        HirKind::Repetition(repetition) => {
            let count = repetition.max.unwrap_or(repetition.min).max(repetition.min).saturating_add(1);
            regex_weight(&repetition.sub).saturating_mul(usize::try_from(count).unwrap_or(usize::MAX))
        }
        HirKind::Capture(capture) => regex_weight(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().map(regex_weight).fold(0, usize::saturating_add)
        }
    }
}

/// Compiles `pattern` when what is left of the pack's `budget` (see [`MAX_PACK_REGEX_WEIGHT`])
/// covers its weight, and charges it; `context` words a syntax error.
/// Why `pattern`, as the rule file writes it, does not compile: the regex crate's reason in one
/// line, about the pattern as written (not as relecture wraps it with its flags).
fn invalid_regex(pattern: &str, error: &regex::Error) -> String {
    let reason = match regex_syntax::Parser::new().parse(pattern) {
        Err(parse) => parse.to_string().lines().rev().find_map(|l| l.strip_prefix("error: ")).unwrap_or("").to_string(),
        Ok(_) => String::new(),
    };
    let reason = if reason.is_empty() { error.to_string().lines().last().unwrap_or("").to_string() } else { reason };
    format!("invalid regex `{pattern}`: {reason}")
}

fn bounded_regex(
    pattern: &str,
    budget: &mut usize,
    context: impl FnOnce(regex::Error) -> String,
) -> Result<Regex, String> {
    // A pattern that does not parse is reported by the regex crate itself, in its words.
    if let Ok(hir) = regex_syntax::Parser::new().parse(pattern) {
        let weight = regex_weight(&hir);
        if weight > *budget {
            return Err("the patterns of this pack are too large in all: simplify them or split the pack".into());
        }
        *budget -= weight;
    }
    Regex::new(pattern).map_err(context)
}

fn compile(
    pack: &str,
    vars: &mut expand::Variables,
    regex_budget: &mut usize,
    entry: &schema::RuleEntry,
) -> Result<CompiledRule, String> {
    let mut expand =
        |text: &str| vars.expand(text).map_err(|message| format!("once its variables are expanded, a field {message}"));
    let entry = &schema::RuleEntry {
        name: entry.name.clone(),
        kind: entry.kind.clone(),
        message: expand(&entry.message)?,
        description: entry.description.clone(),
        severity: entry.severity.clone(),
        scope: entry.scope.clone(),
        tokens: entry.tokens.iter().map(|t| expand(t)).collect::<Result<_, _>>()?,
        pattern: entry.pattern.as_deref().map(&mut expand).transpose()?,
        swap: schema::Swap(
            entry.swap.iter().map(|(from, to)| Ok((expand(from)?, expand(to)?))).collect::<Result<_, String>>()?,
        ),
        ignorecase: entry.ignorecase,
        fix: entry.fix.clone(),
        exceptions: entry.exceptions.iter().map(|e| expand(e)).collect::<Result<_, _>>()?,
        skip: entry.skip.clone(),
        max: entry.max,
        per: entry.per.clone(),
        style: entry.style.clone(),
        examples: schema::Examples { fail: entry.examples.fail.clone(), pass: entry.examples.pass.clone() },
    };
    check_message(&entry.message)?;
    if let Some(description) = &entry.description
        && let Some(c) = description.chars().find(|c| c.is_control())
    {
        return Err(format!("the description holds the control character U+{:04X}", u32::from(c)));
    }
    if let Some((from, _)) = entry.swap.iter().find(|(_, to)| to.matches('$').count() > MAX_PLACEHOLDERS) {
        return Err(format!("the replacement of `{from}` uses more than {MAX_PLACEHOLDERS} groups"));
    }
    let scopes = if entry.scope.is_empty() && entry.kind == "capitalization" {
        vec![Scope::Heading]
    } else if entry.scope.is_empty() {
        vec![Scope::Heading, Scope::Paragraph, Scope::List, Scope::Blockquote, Scope::Table]
    } else {
        entry
            .scope
            .iter()
            .map(|s| Scope::parse(s).ok_or_else(|| format!("unknown scope `{s}`")))
            .collect::<Result<_, _>>()?
    };
    let flags = if entry.ignorecase { "(?i)" } else { "" };
    let (pattern, action) = match entry.kind.as_str() {
        "existence" | "occurrence" | "repetition" => {
            let pattern = match (&entry.pattern, entry.tokens.is_empty()) {
                // Occurrence rules count words unless told otherwise.
                (None, true) if entry.kind == "occurrence" => r"[\p{L}\p{N}]+".to_string(),
                (Some(pattern), true) => pattern.clone(),
                (None, false) => longest_first(&entry.tokens)
                    .into_iter()
                    .map(|t| group(&regex::escape(t)))
                    .collect::<Vec<_>>()
                    .join("|"),
                (Some(_), false) => {
                    return Err("give either `tokens` or `pattern`, not both".into());
                }
                (None, true) => {
                    return Err(format!(
                        "a{} {} rule needs `tokens` or `pattern`",
                        if entry.kind == "existence" { "n" } else { "" },
                        entry.kind
                    ));
                }
            };
            let action = match entry.kind.as_str() {
                "occurrence" => {
                    let max = entry.max.ok_or("an occurrence rule needs `max`")?;
                    let per_sentence = match entry.per.as_deref() {
                        None | Some("sentence") => true,
                        Some("scope") => false,
                        Some(other) => return Err(format!("`per` is `sentence` or `scope`, not `{other}`")),
                    };
                    let words = entry.pattern.is_none() && entry.tokens.is_empty() && entry.exceptions.is_empty();
                    Action::Count { max, per_sentence, words }
                }
                "repetition" => Action::Repeat,
                _ => Action::Report,
            };
            (pattern, action)
        }
        "consistency" => {
            if entry.tokens.len() < 2 {
                return Err("a consistency rule needs at least two spellings in `tokens`".into());
            }
            let variants = entry
                .tokens
                .iter()
                .map(|t| {
                    let body = group(&regex::escape(t));
                    bounded_regex(&format!("{flags}{body}"), regex_budget, |e| format!("invalid token `{t}`: {e}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let pattern = longest_first(&entry.tokens)
                .into_iter()
                .map(|t| group(&regex::escape(t)))
                .collect::<Vec<_>>()
                .join("|");
            (pattern, Action::Consistency { variants })
        }
        "capitalization" => {
            let title = match entry.style.as_deref() {
                Some("sentence") => false,
                Some("title") => true,
                _ => return Err("a capitalization rule needs `style = \"sentence\"` or `\"title\"`".into()),
            };
            // Every word: the check looks at their capitals.
            (r"[\p{L}][\p{L}\p{N}'’-]*".to_string(), Action::Capitalization { title })
        }
        "substitution" => {
            if entry.swap.is_empty() {
                return Err("a substitution rule needs `swap`".into());
            }
            // Each swap key as a regex body: plain words get word boundaries.
            let bodies: Vec<String> = entry
                .swap
                .iter()
                .map(|(from, _)| if regex::escape(from) == *from { group(from) } else { format!("(?:{from})") })
                .collect();
            // Longest keys first, so that « digitale » is not cut short by « digital »; group
            // names keep each key's place in `swap`.
            let mut order: Vec<usize> = (0..bodies.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(entry.swap.0[i].0.len()));
            let alternatives: Vec<String> = order.iter().map(|&i| format!("(?P<s{i}>{})", bodies[i])).collect();
            let applicability = match entry.fix.as_deref() {
                None | Some("safe") => Applicability::Safe,
                Some("unsafe") => Applicability::Unsafe,
                Some(other) => return Err(format!("`fix` is `safe` or `unsafe`, not `{other}`")),
            };
            let mut compiled = Vec::new();
            for ((from, to), body) in entry.swap.iter().zip(&bodies) {
                // Anchored, to expand `$1` on exactly the text the combined pattern matched;
                // compiled only when the replacement uses groups.
                let own = if to.contains('$') {
                    Some(bounded_regex(&format!("{flags}^{body}$"), regex_budget, |e| {
                        format!("invalid regex `{from}`: {e}")
                    })?)
                } else {
                    None
                };
                compiled.push((own, to.clone()));
            }
            (alternatives.join("|"), Action::Replace { alternatives: compiled, applicability })
        }
        other => {
            return Err(format!(
                "unknown kind `{other}` (existence, substitution, occurrence, repetition, consistency or capitalization)"
            ));
        }
    };
    // Words only (and no `$1` to expand): compare words, no regex to compile.
    let plain: Option<Vec<&str>> = match entry.kind.as_str() {
        "existence" | "repetition" | "consistency" if entry.pattern.is_none() => {
            Some(entry.tokens.iter().map(String::as_str).collect())
        }
        "substitution" if entry.swap.iter().all(|(_, to)| !to.contains('$')) => {
            Some(entry.swap.iter().map(|(from, _)| from.as_str()).collect())
        }
        _ => None,
    };
    let matcher = match plain.and_then(|alternatives| WordMatcher::new(&alternatives, entry.ignorecase)) {
        Some(words) => Engine::Words(words),
        None => {
            Engine::Regex(bounded_regex(&format!("{flags}{pattern}"), regex_budget, |e| invalid_regex(&pattern, &e))?)
        }
    };
    let exceptions = entry
        .exceptions
        .iter()
        .map(|e| {
            bounded_regex(&format!("{flags}{e}"), regex_budget, |error| {
                format!("invalid exception regex `{e}`: {error}")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Engine::Regex(regex) = &matcher
        && regex.is_match("")
    {
        return Err("the pattern matches the empty string".into());
    }
    let mut skip = Skip::default();
    for span in &entry.skip {
        match span.as_str() {
            "link-text" => skip.link_text = true,
            "emphasis" => skip.emphasis = true,
            other => return Err(format!("`skip` holds `link-text` or `emphasis`, not `{other}`")),
        }
    }
    if (skip.link_text || skip.emphasis) && !matches!(entry.kind.as_str(), "existence" | "substitution") {
        return Err("`skip` applies to existence and substitution rules only".into());
    }
    let severity = match entry.severity.as_deref() {
        None => Severity::Warning,
        Some(text) => text.parse().map_err(|e: String| e)?,
    };
    let name = format!("{pack}/{}", entry.name);
    let summary = entry
        .description
        .clone()
        .unwrap_or_else(|| entry.message.replace("{match}", "…").replace("{replacement}", "…"));
    let mut doc = format!("## What it checks\n{summary}\n\n## Why\nA rule of the `{pack}` pack.\n\n## Example\n");
    // Examples often differ by a space a reader cannot see: the no-break spaces are shown.
    let visible = |example: &str| example.replace('\u{a0}', "⟨nbsp⟩").replace('\u{202f}', "⟨nnbsp⟩");
    for example in &entry.examples.fail {
        let _ = writeln!(doc, "Reported: `{}`", visible(example));
    }
    for example in &entry.examples.pass {
        let _ = writeln!(doc, "Not reported: `{}`", visible(example));
    }
    if entry.examples.fail.iter().chain(&entry.examples.pass).any(|e| e.contains(['\u{a0}', '\u{202f}'])) {
        doc.push_str("\n(⟨nbsp⟩: a no-break space, U+00A0; ⟨nnbsp⟩: a narrow no-break space, U+202F.)\n");
    }
    doc.push_str("\n## How to fix\n");
    doc.push_str(&entry.message.replace("{match}", "…").replace("{replacement}", "…"));
    doc.push('\n');
    Ok(CompiledRule {
        meta: RuleMeta {
            name: Cow::Owned(name),
            family: Cow::Owned(pack.to_string()),
            default_severity: severity,
            summary: Cow::Owned(summary),
            doc: Cow::Owned(doc),
            enabled_by_default: true,
        },
        triggers: triggers(entry, &scopes),
        whole_words: match entry.kind.as_str() {
            "substitution" => {
                WholeWords::Alternatives(entry.swap.iter().map(|(from, _)| regex::escape(from) == *from).collect())
            }
            "consistency" => WholeWords::All,
            "existence" | "repetition" if entry.pattern.is_none() && !entry.tokens.is_empty() => WholeWords::All,
            _ => WholeWords::No,
        },
        scopes,
        matcher,
        exceptions,
        skip,
        message: entry.message.clone(),
        action,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pack named `name` whose one rule has `message` and `swap` (tokens when `swap` is empty).
    fn pack(name: &str, rule: &str, message: &str, swap: &str) -> String {
        let matcher = if swap.is_empty() { "tokens = [\"mot\"]".to_string() } else { format!("swap = {{ {swap} }}") };
        format!(
            "[pack]\nname = \"{name}\"\n\n[[rule]]\nname = \"{rule}\"\nkind = \"{}\"\nmessage = \"{message}\"\n{matcher}\nexamples.fail = [\"un mot\"]\n",
            if swap.is_empty() { "existence" } else { "substitution" }
        )
    }

    #[test]
    fn an_invalid_pattern_is_reported_on_its_own_line_as_written() {
        let text = "[pack]\nname = \"p\"\n\n[[rule]]\nname = \"r\"\nkind = \"existence\"\nmessage = \"non\"\n\
                    pattern = '(abc'\nexamples.fail = [\"abc\"]\n";
        let error = RulePack::load("p.toml", text).expect_err("the pattern does not compile").to_string();
        assert!(error.starts_with("p.toml:8: rule `r`: invalid regex `(abc`: unclosed group"), "{error}");
    }

    #[test]
    fn examples_show_the_no_break_spaces_a_reader_cannot_see() {
        let text = "[pack]\nname = \"p\"\n\n[[rule]]\nname = \"r\"\nkind = \"existence\"\nmessage = \"non\"\n\
                    pattern = ' [?]'\nexamples.fail = [\"Vraiment ?\"]\nexamples.pass = [\"Vraiment\u{a0}?\"]\n";
        let pack = RulePack::load("p.toml", text).expect("the pack loads");
        let doc = pack.rules()[0].documentation();
        assert!(doc.contains("Reported: `Vraiment ?`") && doc.contains("Not reported: `Vraiment⟨nbsp⟩?`"), "{doc}");
        assert!(doc.contains("U+00A0"), "{doc}");
    }

    fn refusal(text: &str) -> String {
        match RulePack::load("lint-rules/p.toml", text) {
            Ok(pack) => panic!("the pack {} loads", pack.name),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn pack_names_are_short_identifiers_in_any_script() {
        for good in ["fr-typographie", "langage_clair", "règles-été", "日本語", "v2"] {
            assert!(RulePack::load("p.toml", &pack(good, "r", "{match}", "")).is_ok(), "{good}");
        }
        for bad in ["", "../x", "a/b", "a.b", "deux mots", r"\u001b[31mx", r"a\nb", r"\u202Eab", &"x".repeat(65)] {
            let error = refusal(&pack(bad, "r", "{match}", ""));
            assert!(error.starts_with("lint-rules/p.toml:2: the pack name "), "{bad}: {error}");
            assert!(!error.chars().any(char::is_control), "{error:?}");
        }
    }

    #[test]
    fn refusals_escape_what_came_from_the_file() {
        let error = refusal(&pack("p", r"\u001b[2Jr", "{match}", ""));
        assert!(error.starts_with(r"lint-rules/p.toml:4: rule `\u{1b}[2Jr`: rule names are kebab-case"), "{error}");
        let long = refusal(&pack("p", &"r".repeat(65), "{match}", ""));
        assert!(long.contains("at most 64 characters"), "{long}");
        let error = Error::Schema { path: "a\u{1b}.toml".into(), line: 1, message: "line\nbreak\u{202E}".into() };
        assert_eq!(error.to_string(), r"a\u{1b}.toml:1: line\u{a}break\u{202e}");
    }

    #[test]
    fn messages_are_bounded_at_load() {
        let long = refusal(&pack("p", "r", &"x".repeat(MAX_MESSAGE_LEN + 1), ""));
        assert!(long.ends_with("the message is over 2048 bytes once its variables are expanded"), "{long}");
        let many = refusal(&pack("p", "r", &"{match}".repeat(MAX_PLACEHOLDERS + 1), ""));
        assert!(many.ends_with("the message holds more than 16 placeholders"), "{many}");
        // Braces that are no placeholder (a regex quantifier quoted in a message) do not count.
        assert!(RulePack::load("p.toml", &pack("p", "r", &"{x}".repeat(100), "")).is_ok());
        let control = refusal(&pack("p", "r", r"a\u001b[0m", ""));
        assert!(control.ends_with("the message holds the control character U+001B"), "{control}");
        let groups = refusal(&pack("p", "r", "{match}", &format!("'(mot)' = '{}'", "$1".repeat(17))));
        assert!(groups.ends_with("the replacement of `(mot)` uses more than 16 groups"), "{groups}");
    }

    #[test]
    fn variables_that_expand_too_far_refuse_the_pack_at_their_line() {
        let mut vars = String::new();
        for i in 0..34 {
            let _ = write!(vars, "v{i} = \"{{v{next}}}{{v{next}}}\", ", next = i + 1);
        }
        vars.push_str("v34 = \"x\"");
        let text =
            pack("p", "r", "{v0}", "").replace("name = \"p\"\n", &format!("name = \"p\"\nvars = {{ {vars} }}\n"));
        let error = refusal(&text);
        assert!(error.starts_with("lint-rules/p.toml:3: variables nest more than 8 levels deep"), "{error}");
        // Shallow, but each rule field is bounded too.
        let wide = pack("p", "r", "{w}", "").replace(
            "name = \"p\"\n",
            &format!("name = \"p\"\nvars = {{ w = \"{}\" }}\n", "x".repeat(MAX_MESSAGE_LEN + 1)),
        );
        assert!(refusal(&wide).ends_with("the message is over 2048 bytes once its variables are expanded"));
    }

    #[test]
    fn the_shipped_packs_load() {
        for (path, text) in [
            ("fr-typographie.toml", include_str!("../../../lint-rules/fr-typographie.toml")),
            ("langage-clair.toml", include_str!("../../../lint-rules/langage-clair.toml")),
            ("donnees-personnelles.toml", include_str!("../../../lint-rules/donnees-personnelles.toml")),
        ] {
            RulePack::load(path, text).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn a_pack_over_the_rule_count_or_the_size_limit_is_refused() {
        let rule = "[[rule]]\nname = \"r\"\nkind = \"existence\"\nmessage = \"m\"\nexamples.fail = [\"x\"]\n";
        let text = format!("[pack]\nname = \"p\"\n{}", rule.repeat(MAX_RULES_PER_PACK + 1));
        let error = refusal(&text);
        let line = 3 + 5 * MAX_RULES_PER_PACK;
        assert_eq!(error, format!("lint-rules/p.toml:{line}: a pack holds at most 50000 rules; split this one"));
        let size = usize::try_from(MAX_RULE_FILE_SIZE).unwrap() + 1;
        let large = format!("{}{}", pack("p", "r", "m", ""), "#".repeat(size));
        assert!(refusal(&large).contains("over the 8388608-byte limit for rule files"));
    }

    #[test]
    fn heavy_patterns_are_charged_to_the_pack_until_its_budget_is_spent() {
        let mut budget = 400_000;
        assert!(bounded_regex(r"(?i)\bcliquez ici\b", &mut budget, |e| e.to_string()).is_ok());
        assert!(budget > 399_000, "{budget}");
        // About 320,000: once, and not twice.
        assert!(bounded_regex(r"\w{100}", &mut budget, |e| e.to_string()).is_ok());
        let error = bounded_regex(r"\w{100}", &mut budget, |e| e.to_string()).unwrap_err();
        assert_eq!(error, "the patterns of this pack are too large in all: simplify them or split the pack");
        let syntax = bounded_regex("(unclosed", &mut budget, |e| format!("invalid regex: {e}")).unwrap_err();
        assert!(syntax.starts_with("invalid regex: regex parse error"), "{syntax}");
        let nested = regex_weight(&regex_syntax::Parser::new().parse("(?:(?:a{1000}){1000}){1000}").unwrap());
        assert!(nested > MAX_PACK_REGEX_WEIGHT, "{nested}");
    }

    #[test]
    fn each_rule_has_its_line_and_a_repeated_name_is_refused() {
        let rule = |i: usize| {
            format!(
                "[[rule]]\nname = \"r{}\"\nkind = \"existence\"\nmessage = \"m\"\ntokens = [\"mot\"]\nexamples.fail = [\"mot\"]\n",
                i % 2
            )
        };
        let text = format!("[pack]\nname = \"p\"\n{}", (0..3).map(rule).collect::<String>());
        let tested = test_file("p.toml", &text).unwrap();
        let lines: Vec<usize> = tested.rules.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 9, 15]);
        assert_eq!(tested.rules[2].outcome.as_ref().unwrap_err(), "this rule name is already used in the pack");
    }
}
