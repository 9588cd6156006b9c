//! Heading anchors as each renderer makes them: the slug of one heading, and the numbering of repeats.
//!
//! A published page links to its headings by the ids its renderer gave them, and every renderer
//! has its own rule. Each rule below says, in a comment, what the renderer does (read from its
//! documentation and behaviour); the tests here and in `tests/heading_anchors.rs` hold anchors
//! each renderer really produces. The anchors of a whole article are
//! [`Article::heading_anchors`](crate::article::Article::heading_anchors) and
//! [`Article::definition_anchors`](crate::article::Article::definition_anchors).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A renderer's way of making heading ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Slugger {
    /// github.com (github-slugger): what relecture assumes of a plain repository.
    #[default]
    Github,
    /// gitlab.com and GitLab instances.
    Gitlab,
    /// Hugo with Goldmark, `autoHeadingIDType = "github"` (Hugo's default).
    HugoGithub,
    /// Hugo with Goldmark, `autoHeadingIDType = "github-ascii"`.
    HugoGithubAscii,
    /// Hugo with Goldmark, `autoHeadingIDType = "blackfriday"`.
    HugoBlackfriday,
    /// kramdown with its own input syntax (`input: kramdown`), `auto_ids` on,
    /// `transliterated_header_ids` off (both kramdown's defaults).
    Kramdown,
    /// kramdown with the GFM parser, as Jekyll and GitHub Pages configure it by default.
    KramdownGfm,
    /// Zola with `slugify.anchors = "on"` (its default).
    Zola,
    /// mdBook.
    #[serde(rename = "mdbook")]
    MdBook,
    /// Python-Markdown's `toc` extension with its default `slugify`, as MkDocs uses it.
    PythonMarkdown,
    /// Docusaurus (github-slugger on the heading text).
    Docusaurus,
}

/// How a renderer keeps the anchors of one page apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    /// `-1`, `-2`… appended until the anchor is one no heading took yet (github-slugger, Hugo, Zola).
    UntilFree,
    /// `-N` where N counts the earlier headings with the same slug, whatever other headings took
    /// (GitLab, kramdown, mdBook): `a`, `a`, `a-1` gives `a`, `a-1`, `a-1`.
    CountPerSlug,
    /// Python-Markdown: `_1`, `_2`…, a trailing `_N` already there counted up; an empty id is `_1`.
    Underscore,
}

impl Slugger {
    /// Every slugger, in declaration order.
    pub const ALL: [Slugger; 11] = [
        Slugger::Github,
        Slugger::Gitlab,
        Slugger::HugoGithub,
        Slugger::HugoGithubAscii,
        Slugger::HugoBlackfriday,
        Slugger::Kramdown,
        Slugger::KramdownGfm,
        Slugger::Zola,
        Slugger::MdBook,
        Slugger::PythonMarkdown,
        Slugger::Docusaurus,
    ];

    /// The name of the slugger, as configuration files write it.
    pub fn name(self) -> &'static str {
        match self {
            Slugger::Github => "github",
            Slugger::Gitlab => "gitlab",
            Slugger::HugoGithub => "hugo-github",
            Slugger::HugoGithubAscii => "hugo-github-ascii",
            Slugger::HugoBlackfriday => "hugo-blackfriday",
            Slugger::Kramdown => "kramdown",
            Slugger::KramdownGfm => "kramdown-gfm",
            Slugger::Zola => "zola",
            Slugger::MdBook => "mdbook",
            Slugger::PythonMarkdown => "python-markdown",
            Slugger::Docusaurus => "docusaurus",
        }
    }

    /// Whether the renderer makes the id from the heading's Markdown source rather than from its
    /// rendered text: kramdown's own parser reads the raw header text, so markup, link
    /// destinations and entities as written count (`## [Docs](/d)` gives `docsd`).
    pub fn reads_source(self) -> bool {
        self == Slugger::Kramdown
    }

    /// The part of a heading's rendered text the renderer makes the id from: Hugo takes the last
    /// line of a heading written on several lines (a setext heading), Zola joins the lines
    /// without anything between them, the others take the text as it is.
    pub fn id_text(self, rendered: &str) -> Cow<'_, str> {
        match self {
            Slugger::HugoGithub | Slugger::HugoGithubAscii | Slugger::HugoBlackfriday => {
                Cow::Borrowed(rendered.rsplit('\n').next().unwrap_or(rendered))
            }
            Slugger::Zola if rendered.contains('\n') => Cow::Owned(rendered.replace('\n', "")),
            _ => Cow::Borrowed(rendered),
        }
    }

    /// Whether the renderer counts the alt text of an image in a heading as part of its text:
    /// Hugo (the plain text of a node takes its children's), Zola (every text event of the
    /// heading) and Docusaurus (the text of the Markdown tree, alt included) do; GitHub, GitLab,
    /// mdBook, Python-Markdown and kramdown's GFM parser read the rendered text, where alt is an
    /// attribute.
    pub fn counts_image_alt(self) -> bool {
        matches!(
            self,
            Slugger::HugoGithub
                | Slugger::HugoGithubAscii
                | Slugger::HugoBlackfriday
                | Slugger::Zola
                | Slugger::Docusaurus
        )
    }

    /// Whether an explicit id (`{#id}`) takes its place among the page's anchors, so that a
    /// later generated anchor equal to it is numbered: Goldmark registers it as it goes, Zola and
    /// Python-Markdown gather every explicit id of the page first. github-slugger, GitLab,
    /// kramdown and mdBook number generated anchors among themselves only.
    fn explicit_ids_count(self) -> ExplicitIds {
        match self {
            Slugger::HugoGithub | Slugger::HugoGithubAscii | Slugger::HugoBlackfriday => ExplicitIds::InOrder,
            Slugger::Zola | Slugger::PythonMarkdown => ExplicitIds::Upfront,
            _ => ExplicitIds::Ignored,
        }
    }

    fn numbering(self) -> Numbering {
        match self {
            Slugger::Github
            | Slugger::Docusaurus
            | Slugger::HugoGithub
            | Slugger::HugoGithubAscii
            | Slugger::HugoBlackfriday
            | Slugger::Zola => Numbering::UntilFree,
            Slugger::Gitlab | Slugger::Kramdown | Slugger::KramdownGfm | Slugger::MdBook => Numbering::CountPerSlug,
            Slugger::PythonMarkdown => Numbering::Underscore,
        }
    }

    /// The anchor the renderer gives one heading whose text is `heading_text`, before repeats are
    /// numbered. The text is what the renderer reads: the rendered text (inline code kept,
    /// entities resolved, link destinations and HTML tags left out; see [`Self::id_text`] and
    /// [`Self::counts_image_alt`]) or, for sluggers that [read the source](Self::reads_source),
    /// the heading's source line without its `#` markers, closing sequence and attribute block.
    pub fn slug(self, heading_text: &str) -> String {
        match self {
            Slugger::Github | Slugger::Docusaurus => github(heading_text),
            Slugger::Gitlab => gitlab(heading_text),
            Slugger::HugoGithub => or_heading(goldmark_github(heading_text, false)),
            Slugger::HugoGithubAscii => or_heading(goldmark_github(heading_text, true)),
            Slugger::HugoBlackfriday => or_heading(blackfriday(heading_text)),
            Slugger::Kramdown => kramdown(heading_text),
            Slugger::KramdownGfm => kramdown_gfm(heading_text),
            // Zola slugifies anchors with the `slug` crate (transliteration by deunicode, then
            // ASCII letters and digits, runs of anything else one `-`, none at either end).
            Slugger::Zola => slug::slugify(heading_text),
            Slugger::MdBook => mdbook(heading_text),
            Slugger::PythonMarkdown => python_markdown(heading_text),
        }
    }
}

/// Whether explicit ids take part in numbering, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExplicitIds {
    Ignored,
    InOrder,
    Upfront,
}

/// github-slugger: lowercase; letters, marks, decimal and letter numbers, connector punctuation
/// (`_`) and `-` kept; each ASCII space becomes `-`; everything else dropped — punctuation,
/// symbols, emoji, other numbers (`²`, `½`), other spaces such as the no-break space.
fn github(text: &str) -> String {
    static DROPPED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\p{Alphabetic} \-]").expect("the GitHub slug pattern is valid")
    });
    DROPPED.replace_all(&text.to_lowercase(), "").replace(' ', "-")
}

/// GitLab (its documented rule for heading ids), on the first 255 characters of the text:
/// trimmed, lowercase; what is not a word
/// character (letter, mark, decimal number, `_`), `-` or a space dropped; spaces become `-` and
/// runs of `-` one; an id of digits only is prefixed with `anchor-` so that it is not read as an
/// issue reference.
fn gitlab(text: &str) -> String {
    static DROPPED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[^\p{L}\p{M}\p{Nd}\p{Pc}\- ]").expect("the GitLab slug pattern is valid"));
    static DASHES: LazyLock<Regex> = LazyLock::new(|| Regex::new("-{2,}").expect("the dash pattern is valid"));
    let head = text.char_indices().nth(255).map_or(text, |(end, _)| &text[..end]);
    let lower = head.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0').to_lowercase();
    let kept = DROPPED.replace_all(&lower, "").replace(' ', "-");
    let id = DASHES.replace_all(&kept, "-").into_owned();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) { format!("anchor-{id}") } else { id }
}

/// Hugo's Goldmark ids (`github` and `github-ascii`): the text trimmed; `-`, space and tab each
/// become `-`; letters, decimal digits and `_` kept, lowercased; everything else dropped (marks
/// included). `github-ascii` first takes accents off (canonical decomposition, marks removed),
/// then drops whatever is still not ASCII.
fn goldmark_github(text: &str, ascii_only: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| match c {
        '-' | ' ' | '\t' => out.push('-'),
        c if c == '_' || is_letter(c) || is_decimal_digit(c) => out.extend(c.to_lowercase()),
        _ => {}
    };
    let trimmed = text.trim();
    if ascii_only {
        trimmed.nfd().filter(char::is_ascii).for_each(&mut push);
    } else {
        trimmed.chars().for_each(&mut push);
    }
    out
}

/// Goldmark names a heading whose id would be empty `heading` (numbered when repeated).
fn or_heading(id: String) -> String {
    if id.is_empty() { "heading".to_string() } else { id }
}

/// Blackfriday's anchors (Hugo's `blackfriday` id type): runs of letters and numbers, lowercased,
/// joined by one `-`; anything else separates them and never starts or ends the id.
fn blackfriday(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut separate = false;
    for c in text.chars() {
        if is_letter(c) || c.is_numeric() {
            if separate && !out.is_empty() {
                out.push('-');
            }
            separate = false;
            out.extend(c.to_lowercase());
        } else {
            separate = true;
        }
    }
    out
}

/// kramdown's own ids: everything before the first ASCII letter dropped; then only ASCII
/// letters, digits, spaces and `-` kept; spaces become `-`; lowercase; `section` when nothing is
/// left.
fn kramdown(text: &str) -> String {
    let from_letter = text.find(|c: char| c.is_ascii_alphabetic()).map_or("", |start| &text[start..]);
    let id: String = from_letter
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-'))
        .map(|c| if c == ' ' { '-' } else { c.to_ascii_lowercase() })
        .collect();
    if id.is_empty() { "section".to_string() } else { id }
}

/// kramdown's GFM parser (Jekyll's default): lowercase; what is not a word character (letter,
/// mark, decimal number, `_`), `-`, space or tab dropped; spaces and tabs become `-`.
fn kramdown_gfm(text: &str) -> String {
    static DROPPED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[^\p{L}\p{M}\p{Nd}\p{Pc}\- \t]").expect("the kramdown GFM pattern is valid"));
    DROPPED.replace_all(&text.to_lowercase(), "").replace([' ', '\t'], "-")
}

/// mdBook: the rendered text trimmed; then letters, numbers, `_` and `-` kept with ASCII letters
/// lowercased (other letters keep their case), white space becomes `-`, anything else dropped.
fn mdbook(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// Python-Markdown's default `slugify` (MkDocs' too): compatibility decomposition, then only
/// ASCII kept (`žlutý` is `zluty`, a no-break space a space); what is not a word character,
/// white space or `-` dropped; trimmed and lowercased; each run of `-` and white space one `-`.
fn python_markdown(text: &str) -> String {
    let ascii: String = text
        .nfkd()
        .filter(|c| c.is_ascii() && (c.is_ascii_alphanumeric() || matches!(c, '_' | '-') || is_python_space(*c)))
        .collect();
    let mut out = String::with_capacity(ascii.len());
    let mut in_separator = false;
    for c in ascii.trim_matches(is_python_space).chars() {
        if c == '-' || is_python_space(c) {
            in_separator = true;
            continue;
        }
        if in_separator {
            out.push('-');
            in_separator = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    if in_separator {
        out.push('-');
    }
    out
}

/// White space as Python's `\s` and `str.strip` see it in ASCII text.
fn is_python_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f')
}

/// Whether `c` is a letter (general category L), as Go's `unicode.IsLetter` says: unlike
/// Rust's `char::is_alphabetic`, no marks, letter numbers or circled letters.
fn is_letter(c: char) -> bool {
    static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{L}$").expect("the letter pattern is valid"));
    if c.is_ascii() { c.is_ascii_alphabetic() } else { in_class(&LETTER, c) }
}

/// Whether `c` is a decimal digit (general category Nd), as Go's `unicode.IsDigit` says.
fn is_decimal_digit(c: char) -> bool {
    static DECIMAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Nd}$").expect("the digit pattern is valid"));
    if c.is_ascii() { c.is_ascii_digit() } else { in_class(&DECIMAL, c) }
}

/// Whether the one-character pattern `class` matches `c`.
fn in_class(class: &Regex, c: char) -> bool {
    let mut buffer = [0; 4];
    class.is_match(c.encode_utf8(&mut buffer))
}

/// The heading's text as renderers that [read the source](Slugger::reads_source) see it, from
/// `source`, the whole heading as written: an ATX heading's line without its `#` markers,
/// closing sequence and attribute block; a setext heading's last line of text. `rendered` is the heading's rendered text: a trailing `{…}` it does not show was
/// read as an attribute block. `quoted` says the heading is in a block quote, whose `>` markers
/// start its later lines.
pub fn heading_source_text<'a>(source: &'a str, rendered: &str, quoted: bool) -> &'a str {
    let trimmed = source.trim_start_matches([' ', '\t']);
    let markers = trimmed.len() - trimmed.trim_start_matches('#').len();
    let after = &trimmed[markers..];
    let atx = (1..=6).contains(&markers) && (after.is_empty() || after.starts_with([' ', '\t', '\n']));
    let mut line = if atx {
        after.lines().next().unwrap_or("").trim()
    } else {
        let mut lines: Vec<&str> = source.lines().collect();
        lines.pop();
        let last = lines.pop().unwrap_or("");
        let last = if quoted && !lines.is_empty() { last.trim_start_matches(['>', ' ', '\t']) } else { last };
        last.trim()
    };
    if line.ends_with('}')
        && !rendered.trim_end().ends_with('}')
        && let Some(open) = line.rfind('{')
    {
        line = line[..open].trim_end();
    }
    if atx {
        let without_closing = line.trim_end_matches('#');
        if without_closing.is_empty() {
            line = "";
        } else if without_closing.len() < line.len() && without_closing.ends_with([' ', '\t']) {
            line = without_closing.trim_end();
        }
    }
    line
}

/// The anchors of one page as a renderer numbers them, given in the order the headings come.
#[derive(Debug, Clone)]
pub struct PageAnchors {
    slugger: Slugger,
    /// Every anchor taken so far.
    taken: HashSet<String>,
    /// How many generated anchors had each slug (for [`Numbering::CountPerSlug`]).
    counts: HashMap<String, usize>,
}

impl PageAnchors {
    /// No anchor taken yet.
    pub fn new(slugger: Slugger) -> Self {
        Self { slugger, taken: HashSet::new(), counts: HashMap::new() }
    }

    /// A page whose explicit ids are `explicit`: renderers that gather a page's explicit ids
    /// before numbering (Zola, Python-Markdown) take them from the start.
    pub fn with_explicit_ids<'a>(slugger: Slugger, explicit: impl IntoIterator<Item = &'a str>) -> Self {
        let mut anchors = Self::new(slugger);
        if slugger.explicit_ids_count() == ExplicitIds::Upfront {
            anchors.taken.extend(explicit.into_iter().map(str::to_string));
        }
        anchors
    }

    /// The anchor of the next heading, whose text is `heading_text`, numbered when repeated.
    pub fn generated(&mut self, heading_text: &str) -> String {
        let base = self.slugger.slug(heading_text);
        self.numbered(base)
    }

    /// An explicit id, as written; the renderers that count it see it taken from now on.
    pub fn explicit(&mut self, id: &str) -> String {
        if self.slugger.explicit_ids_count() == ExplicitIds::InOrder {
            self.taken.insert(id.to_string());
        }
        id.to_string()
    }

    /// An anchor another element of the page took (a heading's, when numbering definition
    /// terms after it): later anchors are numbered around it.
    pub fn take(&mut self, anchor: String) {
        self.taken.insert(anchor);
    }

    /// `base` numbered the renderer's way against the anchors taken so far, and taken.
    fn numbered(&mut self, base: String) -> String {
        let anchor = match self.slugger.numbering() {
            Numbering::UntilFree => {
                let mut candidate = base.clone();
                let mut n = 0;
                while self.taken.contains(&candidate) {
                    n += 1;
                    candidate = format!("{base}-{n}");
                }
                candidate
            }
            Numbering::CountPerSlug => {
                let count = self.counts.entry(base.clone()).or_insert(0);
                let anchor = if *count == 0 { base } else { format!("{base}-{count}") };
                *count += 1;
                anchor
            }
            Numbering::Underscore => {
                let mut candidate = base;
                while candidate.is_empty() || self.taken.contains(&candidate) {
                    candidate = next_underscore(&candidate);
                }
                candidate
            }
        };
        self.taken.insert(anchor.clone());
        anchor
    }
}

/// Python-Markdown's next candidate: `x_N` becomes `x_N+1`, anything else gets `_1` (so does a
/// number too large to count up, which Python would: the candidate still changes).
fn next_underscore(id: &str) -> String {
    if let Some((stem, number)) = id.rsplit_once('_')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && let Some(next) = number.parse::<u64>().ok().and_then(|n| n.checked_add(1))
    {
        return format!("{stem}_{next}");
    }
    format!("{id}_1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_anchors_keep_code_marks_and_letters_and_drop_the_rest() {
        let slug = |text| Slugger::Github.slug(text);
        assert_eq!(slug("Dépannage : les bases !"), "dépannage--les-bases-");
        assert_eq!(slug("L’intérêt de la Com"), "lintérêt-de-la-com");
        assert_eq!(slug("The foo() function"), "the-foo-function");
        assert_eq!(slug("Pourquoi\u{a0}?"), "pourquoi");
        assert_eq!(slug("Pourquoi ?"), "pourquoi-");
        assert_eq!(slug("Cafe\u{301} cre\u{300}me"), "cafe\u{301}-cre\u{300}me");
        assert_eq!(slug("Aire en m² : ½ mesure"), "aire-en-m---mesure");
        assert_eq!(slug("snake_case and kebab-case"), "snake_case-and-kebab-case");
        assert_eq!(slug("Émoji 🎉 fête"), "émoji--fête");
        assert_eq!(slug("  deux  espaces "), "--deux--espaces-");
        assert_eq!(slug("ⒶⒷ circled"), "ⓐⓑ-circled");
    }

    #[test]
    fn gitlab_reads_the_first_255_characters() {
        let long = format!("{} tail", "é".repeat(253));
        assert_eq!(Slugger::Gitlab.slug(&long), format!("{}-t", "é".repeat(253)));
    }

    #[test]
    fn mdbook_ids_lowercase_ascii_only_and_keep_every_script() {
        let slug = |text| Slugger::MdBook.slug(text);
        assert_eq!(slug("--passes: more passes"), "--passes-more-passes");
        assert_eq!(slug("Method-call 🐙 calls \u{1f47c}"), "method-call--calls-");
        assert_eq!(slug("Über 中文 CJK"), "Über-中文-cjk");
        assert_eq!(slug("_-_12345"), "_-_12345");
    }

    #[test]
    fn renderers_reading_the_source_see_it_without_markers_and_attributes() {
        assert_eq!(heading_source_text("## Q&amp;A ##", "Q&A", false), "Q&amp;A");
        assert_eq!(heading_source_text("## C# #", "C#", false), "C#");
        assert_eq!(heading_source_text("## Titre {.large}", "Titre", false), "Titre");
        assert_eq!(heading_source_text("## Use {braces}", "Use {braces}", false), "Use {braces}");
        assert_eq!(heading_source_text("Deux\nlignes\n------", "Deux\nlignes", false), "lignes");
        assert_eq!(heading_source_text("Deux\n> lignes\n> ===", "Deux\nlignes", true), "lignes");
        assert_eq!(heading_source_text("#", "", false), "");
    }

    #[test]
    fn names_are_the_configuration_names() {
        for slugger in Slugger::ALL {
            let written = toml::Value::try_from(slugger).expect("a slugger serializes");
            assert_eq!(written.as_str(), Some(slugger.name()));
            let read: Slugger = written.try_into().expect("a slugger name deserializes");
            assert_eq!(read, slugger);
        }
        assert_eq!(Slugger::default(), Slugger::Github);
    }
}
