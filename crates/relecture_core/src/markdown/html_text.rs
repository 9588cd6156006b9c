//! The text a reader sees in an HTML block: what lies between its tags, entities decoded, every
//! tag a boundary between words, without code, scripts, styles or comments.

use std::sync::LazyLock;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};
use regex::Regex;

use super::{CODE_PLACEHOLDER, Prose, push_prose};
use crate::range::TextRange;
use crate::template::Template;

/// Elements whose content is code, data or markup rather than running text.
const NOT_PROSE: &[&[u8]] =
    &[b"script", b"style", b"pre", b"code", b"kbd", b"samp", b"var", b"textarea", b"template", b"svg", b"math"];

/// A character reference (`&amp;`, `&#233;`, `&#xE9;`) or a line break: each is pushed on its
/// own, since its text is not the source byte for byte.
static ENTITY_OR_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|\r?\n")
        .expect("the character reference pattern is valid")
});

/// What the tokenizer reports that the text depends on.
enum Part {
    /// Text between tags, at this span of the HTML.
    Text(std::ops::Range<usize>),
    /// A start tag opening an element that holds no running text, or another tag.
    Open { not_prose: bool, at: usize },
    /// The end of a start tag written `/>`: an element with no content.
    SelfClosing,
    /// An end tag.
    End { not_prose: bool, at: usize },
    /// A comment or a doctype.
    Other { at: usize },
}

/// The readable text of `html`, an HTML block as the page has it, each piece mapped to `source`:
/// the text of its elements, with [`CODE_PLACEHOLDER`] standing for every tag, comment and element
/// that holds code, so that words in two elements (two cells, two items) are never next to each
/// other. Template markup in the text stays markup.
pub(super) fn visible_text(html: &Prose, template: &Template, source: &str) -> Prose {
    let mut prose = Prose::default();
    if html.text.is_empty() {
        return prose;
    }
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| match event {
        CallbackEvent::String { .. } => Some(Part::Text(span.start..span.end)),
        CallbackEvent::OpenStartTag { name } => {
            Some(Part::Open { not_prose: NOT_PROSE.contains(&name), at: span.start })
        }
        CallbackEvent::CloseStartTag { self_closing: true } => Some(Part::SelfClosing),
        CallbackEvent::EndTag { name } => Some(Part::End { not_prose: NOT_PROSE.contains(&name), at: span.start }),
        CallbackEvent::Comment { .. } | CallbackEvent::Doctype { .. } => Some(Part::Other { at: span.start }),
        _ => None,
    });
    // The text of `<script>` and `<style>` is raw: a `<` there opens no tag.
    emitter.naively_switch_states(true);
    // How many elements holding no running text are open, and whether the last start tag opened one.
    let mut hidden = 0usize;
    let mut last_opened_hidden = false;
    for Ok(part) in Tokenizer::new_with_emitter(html.text.as_str(), emitter) {
        let at = match part {
            Part::Text(range) => {
                if hidden == 0 {
                    push_text(&mut prose, html, template, source, range);
                }
                continue;
            }
            Part::Open { not_prose, at } => {
                last_opened_hidden = not_prose;
                hidden += usize::from(not_prose);
                at
            }
            Part::SelfClosing => {
                if std::mem::take(&mut last_opened_hidden) {
                    hidden = hidden.saturating_sub(1);
                }
                continue;
            }
            Part::End { not_prose, at } => {
                hidden = hidden.saturating_sub(usize::from(not_prose));
                at
            }
            Part::Other { at } => at,
        };
        // One token for tags in a row: the reader sees no word there, and no space.
        if !prose.text.ends_with(CODE_PLACEHOLDER) {
            prose.push_token("", TextRange::empty(html.source_offset(at)));
        }
    }
    prose
}

/// Pushes the text `html.text[range]`: line breaks as spaces, character references decoded, the
/// rest byte for byte where the source has it so.
fn push_text(prose: &mut Prose, html: &Prose, template: &Template, source: &str, range: std::ops::Range<usize>) {
    let Some(text) = html.text.get(range.clone()) else { return };
    let push = |prose: &mut Prose, piece: &str, from: usize, to: usize, exact_text: bool| {
        let at = html.source_range(from..to);
        let exact = exact_text && source.get(at.start..at.end) == Some(piece);
        push_prose(prose, template, source, piece, at, exact, None);
    };
    let mut last = 0;
    for m in ENTITY_OR_BREAK.find_iter(text) {
        let (start, end) = (range.start + m.start(), range.start + m.end());
        push(prose, &text[last..m.start()], range.start + last, start, true);
        if m.as_str().ends_with('\n') {
            push(prose, " ", start, end, false);
        } else {
            push(prose, &decode(m.as_str()), start, end, false);
        }
        last = m.end();
    }
    push(prose, &text[last..], range.start + last, range.end, true);
}

/// The text of the character reference `reference` as a browser reads it (itself when unknown).
fn decode(reference: &str) -> String {
    let mut decoded = Vec::new();
    let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _: Span<usize>| match event {
        CallbackEvent::String { value } => Some(value.to_vec()),
        _ => None,
    });
    for Ok(value) in Tokenizer::new_with_emitter(reference, emitter) {
        decoded.extend(value);
    }
    String::from_utf8(decoded).unwrap_or_else(|_| reference.to_string())
}

#[cfg(test)]
mod tests {
    use crate::article::Article;
    use crate::markdown::{BlockKind, CODE_PLACEHOLDER};

    /// The article and its HTML block's text, tags shown as `|`.
    fn html_text(source: &str) -> (Article, String) {
        let article = Article::parse("a.md", None, source.to_string());
        let block = article.blocks.iter().find(|b| b.kind == BlockKind::Html).expect("an HTML block");
        let text = block.prose.text.replace(CODE_PLACEHOLDER, "|");
        (article, text)
    }

    #[test]
    fn html_block_text_is_the_text_between_tags_mapped_to_the_source() {
        let source = "Avant.\n\n<p>Il faut faire le le point.</p>\n\nAprès.\n";
        let (article, text) = html_text(source);
        assert_eq!(text, "|Il faut faire le le point.|");
        let block = &article.blocks[1];
        let at = block.prose.text.find("le le").unwrap();
        assert_eq!(article.text(block.prose.source_range(at..at + 5)), "le le");
    }

    #[test]
    fn every_tag_separates_words() {
        let (_, text) = html_text("<table><tr><td>oui</td><td>oui</td></tr></table>\n");
        assert_eq!(text, "|oui|oui|");
        let (_, text) = html_text("<p>un<br>deux <em>trois</em></p>\n");
        assert_eq!(text, "|un|deux |trois|");
    }

    #[test]
    fn code_scripts_styles_and_comments_are_not_text() {
        let source = "<div>\n<pre>le le</pre> a <code>b b</code> c <script>if (a<b) { d d }</script>\n<style>p { e: e }</style><!-- f f --> g\n</div>\n";
        let (_, text) = html_text(source);
        assert_eq!(text, "| | a | c | | g |");
    }

    #[test]
    fn character_references_are_decoded_and_map_to_what_is_written() {
        let source = "<p>Un caf&eacute; &amp; une\nlimonade&#x21;</p>\n";
        let (article, text) = html_text(source);
        assert_eq!(text, "|Un café & une limonade!|");
        let block = &article.blocks[0];
        let at = block.prose.text.find("café").unwrap();
        assert_eq!(article.text(block.prose.source_range(at..at + "café".len())), "caf&eacute;");
    }

    #[test]
    fn html_in_a_block_quote_maps_past_the_markers() {
        let source = "> <div>\n> le le\n> </div>\n";
        let (article, text) = html_text(source);
        assert!(text.contains(" le le "), "{text}");
        let block = article.blocks.iter().find(|b| b.kind == BlockKind::Html).unwrap();
        let at = block.prose.text.find("le le").unwrap();
        assert_eq!(article.text(block.prose.source_range(at..at + 5)), "le le");
    }

    #[test]
    fn template_markup_in_html_text_stays_markup() {
        let (_, text) = html_text("<div>Voir {{< param \"nom\" >}} {{< param \"nom\" >}} ici</div>\n");
        assert_eq!(text, "|Voir | | ici|");
    }
}
