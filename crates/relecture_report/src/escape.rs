//! Escaping shared by every printer: what a finding carries (messages, paths, rule names,
//! source text) may be written by the author of a pull request, so it is shown, never obeyed.
//!
//! One helper per concern: [`printable_line`] and [`printable_lines`] for anything read on a
//! terminal or in a CI log, [`write_json_pretty`] for JSON, and crate-private helpers for GitHub
//! workflow commands, Markdown code spans and XML built on top of them.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

/// Whether `c` is shown as an escape rather than written: control characters (C0, DEL, C1),
/// the line and paragraph separators, the bidirectional embeddings, overrides and isolates (text
/// that reads differently from what it is), and U+FFFE and U+FFFF, which XML 1.0 cannot carry.
#[must_use]
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}')
}

/// Which characters a caller keeps as they are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// One output line: every hidden character escaped, line breaks and tabs included.
    Nothing,
    /// Several lines: `\n` (and the `\r` of `\r\n`) and tabs pass through.
    LineBreaksAndTabs,
}

/// Escapes `text` into `out`; each of `marks` (byte offsets of `text`, on character
/// boundaries) becomes the offset in `out` of the same character.
fn escape_into(out: &mut String, text: &str, keep: Keep, marks: &mut [usize]) {
    let origin = out.len();
    let mut moved = vec![false; marks.len()];
    let mut move_marks = |at: usize, to: usize, marks: &mut [usize]| {
        for (mark, moved) in marks.iter_mut().zip(moved.iter_mut()) {
            if !*moved && *mark <= at {
                *mark = to;
                *moved = true;
            }
        }
    };
    // Whether only whitespace has been written since the start of the output line: a GitHub
    // runner reads a line whose trimmed start is `::` as a workflow command.
    let mut line_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        move_marks(at, out.len() - origin, marks);
        let next = chars.peek().map(|&(_, next)| next);
        let kept_break = keep == Keep::LineBreaksAndTabs && (c == '\n' || (c == '\r' && next == Some('\n')));
        if kept_break || (keep == Keep::LineBreaksAndTabs && c == '\t') {
            out.push(c);
            line_start |= c == '\n';
            continue;
        }
        if is_hidden(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                _ => {
                    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                }
            }
        } else if (c == ':' && line_start && next == Some(':')) || (c == '[' && out.ends_with("##")) {
            // `::command::` at the start of a line, `##[command]` anywhere in it.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
        line_start &= c.is_whitespace();
    }
    move_marks(text.len(), out.len() - origin, marks);
}

/// `text` fit to be printed inside one line of a terminal or CI log: control characters and
/// line breaks shown as `\n`, `\r`, `\t` or `\u{1b}`, and what a GitHub runner would read as a
/// workflow command (`::` starting the text, `##[` anywhere) shown with `\u{3a}` or `\u{5b}`.
#[must_use]
pub fn printable_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, Keep::Nothing, &mut []);
    out
}

/// Like [`printable_line`], for text of several lines (documentation, error details): line
/// breaks and tabs are kept, and no line can start a workflow command.
#[must_use]
pub fn printable_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, Keep::LineBreaksAndTabs, &mut []);
    out
}

/// A slice of an article shown as a snippet (line breaks and tabs kept), with `span` moved to
/// cover the same characters of the escaped text.
pub(crate) fn printable_snippet(source: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let mut out = String::with_capacity(source.len());
    let mut marks = [span.start, span.end];
    escape_into(&mut out, source, Keep::LineBreaksAndTabs, &mut marks);
    (out, marks[0]..marks[1].max(marks[0]))
}

/// Writes `value` as pretty-printed JSON that decodes to exactly `value`, in which no character
/// of [`is_hidden`] appears raw and no `##[` appears at all (a CI log that shows the report must
/// not read it as a command): such characters inside strings are written as `\uXXXX`.
///
/// # Errors
///
/// When `value` cannot be serialised or `out` cannot be written.
pub fn write_json_pretty<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    out.write_all(json_escape_more(&json).as_bytes())?;
    out.write_all(b"\n")
}

/// Escapes, in serialised JSON, what serde leaves raw. Serde escapes the C0 controls of strings,
/// so the line breaks left are the layout's; every other character concerned (DEL, non-ASCII,
/// the `[` of `##[`) can only stand inside a string, where `\uXXXX` is valid.
fn json_escape_more(json: &str) -> std::borrow::Cow<'_, str> {
    let bytes = json.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Only DEL, `[` and the first bytes of C1 controls (U+0080–U+009F), of the line and
        // paragraph separators and bidirectional controls (U+2028–U+2069) and of U+FFFE/U+FFFF
        // can start a character to escape: every other byte is copied as it is.
        let c = match bytes[at] {
            0x7f => '\x7f',
            b'[' => '[',
            0xc2 | 0xe2 | 0xef => json[at..].chars().next().unwrap_or('\0'),
            _ => {
                at += 1;
                continue;
            }
        };
        let escape = if c == '[' { at >= 2 && &bytes[at - 2..at] == b"##" } else { is_hidden(c) };
        if escape {
            let out = out.get_or_insert_with(|| String::with_capacity(json.len() + 16));
            out.push_str(&json[copied..at]);
            // Every hidden character not escaped by serde is in the basic plane: one code unit.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
            copied = at + c.len_utf8();
        }
        at += c.len_utf8();
    }
    match out {
        None => std::borrow::Cow::Borrowed(json),
        Some(mut out) => {
            out.push_str(&json[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// The data of a GitHub workflow command: printable, then the runner's own escapes.
pub(crate) fn github_data(text: &str) -> String {
    printable_line(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value of a GitHub workflow command: as data, plus `:` and `,`.
pub(crate) fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `text` as one Markdown code span: shown literally (no emphasis, link, image, HTML, mention or
/// issue reference), whatever backticks it holds, on one line.
#[must_use]
pub fn code_span(text: &str) -> String {
    let text = printable_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space at each end when both are there, and a backtick at an end
    // would join the fence: pad with one space.
    if text.is_empty() {
        return "` `".to_string();
    }
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim_matches(' ').is_empty());
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{text}{space}{fence}")
}

/// A message in Markdown: its `quoted` parts as code spans, and each stretch between them as it
/// is when it holds only letters, digits, spaces and punctuation that Markdown and GitHub leave
/// alone, else as a code span too. Nothing from the message can become a link, an image, HTML,
/// emphasis, a mention or an issue reference.
#[must_use]
pub fn markdown_text(text: &str) -> String {
    let text = printable_line(text);
    let parts: Vec<&str> = text.split('`').collect();
    // An even count of parts is an odd count of backticks: the quotes cannot be told apart.
    if parts.len().is_multiple_of(2) || parts.iter().skip(1).step_by(2).any(|quoted| quoted.is_empty()) {
        return code_span(&text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            out.push_str(&code_span(part));
        } else if is_inert(part) {
            out.push_str(part);
        } else {
            let core = part.trim_matches(' ');
            let before = &part[..part.len() - part.trim_start_matches(' ').len()];
            let after = &part[part.trim_end_matches(' ').len()..];
            out.push_str(before);
            out.push_str(&code_span(core));
            out.push_str(after);
        }
    }
    out
}

/// Whether Markdown (GitHub's included: autolinks, mentions, references, emoji, math) reads
/// `text` as plain text: letters, digits, spaces, some punctuation, and `:` or `.` only before a
/// space or at the end (so no `http://`, `www.x.org` or `:emoji:`).
fn is_inert(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let inert = c.is_alphanumeric()
            || matches!(c, ' ' | ',' | ';' | '\'' | '"' | '(' | ')' | '?' | '!' | '-' | '%' | '/' | '=')
            || (matches!(c, ':' | '.') && next.is_none_or(|n| n == ' '))
            || (!c.is_ascii() && !is_hidden(c) && !c.is_alphanumeric() && c != '\u{fe0f}');
        if !inert {
            return false;
        }
    }
    true
}

/// `text` as a code span in a cell of a Markdown table, where `|` ends the cell even inside code.
#[must_use]
pub fn table_code_span(text: &str) -> String {
    code_span(text).replace('|', "\\|")
}

/// A name (family, status) in Markdown, table cells included: as it is when it is only lowercase
/// ASCII letters, digits and `-`, else a code span.
#[must_use]
pub fn markdown_name(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        name.to_string()
    } else {
        table_code_span(name)
    }
}

/// A path as a Markdown link destination: everything but ASCII letters, digits, `-._~/` and
/// visible non-ASCII characters percent-encoded.
pub(crate) fn link_destination(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_alphanumeric()
            || matches!(c, '-' | '.' | '_' | '~' | '/')
            || (!c.is_ascii() && !is_hidden(c) && !c.is_whitespace())
        {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// `text` in HTML (or XML) text or an attribute value: printable, then `&<>"'` as entities.
/// Printable text holds only characters XML 1.0 allows.
pub(crate) fn markup(text: &str) -> String {
    let text = printable_line(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_shows_control_characters_and_line_breaks() {
        assert_eq!(printable_line("a\nb\r\tc\u{1b}[31md\u{0}"), "a\\nb\\r\\tc\\u{1b}[31md\\u{0}");
        assert_eq!(printable_line("\u{9b}\u{85}\u{2028}\u{202e}\u{ffff}"), "\\u{9b}\\u{85}\\u{2028}\\u{202e}\\u{ffff}");
        // French text passes as it is.
        let french = "« L’intérêt » — 12\u{202f}% d’élèves\u{a0}!";
        assert_eq!(printable_line(french), french);
    }

    #[test]
    fn a_line_cannot_start_or_hold_a_workflow_command() {
        assert_eq!(printable_line("::error::x"), "\\u{3a}:error::x");
        assert_eq!(printable_line("  ::error::x"), "  \\u{3a}:error::x");
        assert_eq!(printable_line("a ::b"), "a ::b");
        assert_eq!(printable_line("x ##[error]y"), "x ##\\u{5b}error]y");
        assert_eq!(printable_line("2023-02-30\n::error::INJECTED"), "2023-02-30\\n::error::INJECTED");
    }

    #[test]
    fn lines_keep_breaks_and_tabs_but_no_command() {
        assert_eq!(printable_lines("a\n\tb\r\n::c\n ::d\re"), "a\n\tb\r\n\\u{3a}:c\n \\u{3a}:d\\re");
    }

    #[test]
    fn a_snippet_span_follows_its_characters() {
        let source = "a\u{1b}b\tc\u{1b}d";
        let (text, span) = printable_snippet(source, 2..5);
        assert_eq!(text, "a\\u{1b}b\tc\\u{1b}d");
        assert_eq!(&text[span], "b\tc");
        let (text, span) = printable_snippet("ab", 2..2);
        assert_eq!(span, text.len()..text.len());
    }

    #[test]
    fn json_keeps_its_value_and_shows_nothing_raw() {
        let value = serde_json::json!({ "message": "a\u{1b}\u{85}\u{7f}\u{202e}##[error]b\u{ffff}" });
        let mut out = Vec::new();
        write_json_pretty(&value, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("##["), "{text}");
        assert!(!text.chars().any(|c| is_hidden(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code_span("rule"), "`rule`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a``"), "``` `a`` ```");
        assert_eq!(code_span(" a "), "`  a  `");
        assert_eq!(code_span(""), "` `");
        assert_eq!(table_code_span("a|b"), "`a\\|b`");
        assert_eq!(markdown_name("langage-clair"), "langage-clair");
        assert_eq!(markdown_name("@octocat|x"), "`@octocat\\|x`");
    }

    #[test]
    fn markdown_text_keeps_plain_words_and_quotes_the_rest() {
        assert_eq!(
            markdown_text("the required field `title` is missing: add it."),
            "the required field `title` is missing: add it."
        );
        assert_eq!(markdown_text("« @octocat » is repeated"), "`« @octocat » is repeated`");
        assert_eq!(markdown_text("`a` then <img src=x> `b`"), "`a` `then <img src=x>` `b`");
        // Backticks inside a quote pair up differently, but every part is still inert.
        assert_eq!(markdown_text("`a`b`<img/src=x>.md` leads nowhere"), "`a`b`<img/src=x>.md` leads nowhere");
        assert_eq!(markdown_text("`a`<img/src=x>`b` leads nowhere"), "`a``<img/src=x>``b` leads nowhere");
        assert_eq!(markdown_text("see www.example.org"), "`see www.example.org`");
        assert_eq!(markdown_text("x ``"), "``` x `` ```");
    }

    #[test]
    fn link_destinations_are_percent_encoded() {
        assert_eq!(link_destination("content/fr/été.md"), "content/fr/été.md");
        assert_eq!(link_destination("a b)(`<x>#\n.md"), "a%20b%29%28%60%3Cx%3E%23%0A.md");
    }

    #[test]
    fn markup_is_entities_and_xml_characters() {
        assert_eq!(markup("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
        assert_eq!(markup("a\u{ffff}\u{fffe}\u{1}b"), "a\\u{ffff}\\u{fffe}\\u{1}b");
    }

    #[test]
    fn github_properties_escape_their_separators() {
        assert_eq!(github_data("50% de\nréussite"), "50%25 de\\nréussite");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
    }
}
