//! The Markdown body parsed once into blocks, links and prose views that map back to source bytes.

use std::sync::LazyLock;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer, naive_next_state};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::range::TextRange;
use crate::slug::{PageAnchors, Slugger};
use crate::template::{self, Template};

mod html_text;

/// A leaf block of the body.
#[derive(Debug, Clone)]
pub struct Block {
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Where it is written.
    pub range: TextRange,
    /// How many block quotes contain it.
    pub quote_depth: u8,
    /// How many lists contain it.
    pub list_depth: u8,
    /// Its readable text.
    pub prose: Prose,
}

/// The kinds of leaf blocks checks look at. More will be told apart (footnotes, definition
/// lists): a `match` needs a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// `#` to `######` or a setext heading.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The anchor GitHub gives it: the explicit id, or the slug of `text` numbered when
        /// repeated. Other renderers' anchors: [`Article::heading_anchors`](crate::article::Article::heading_anchors).
        anchor: String,
        /// The text the reader sees, from which renderers make the anchor: inline code kept,
        /// entities decoded, image alt text, HTML tags and an MDX `{/*id*/}` comment left out.
        text: String,
        /// Whether the id is written in the source (`{#id}`, `{/*id*/}`) rather than generated.
        explicit: bool,
        /// The alt text of images in the heading, left out of `text`, each with the byte offset
        /// of `text` where the image stands: Hugo, Zola and Docusaurus count it in the id.
        image_alt: Vec<(usize, String)>,
    },
    /// A paragraph outside lists.
    Paragraph,
    /// The text of a list item (a paragraph directly inside an item).
    ListItem,
    /// A fenced or indented code block; its prose is empty.
    CodeBlock {
        /// The info string of a fenced block (`rust`, `yaml`…), empty otherwise.
        info: String,
    },
    /// A table; its prose is the cell texts, one per line.
    Table,
    /// An HTML block; its prose is the text of its elements, every tag standing as a
    /// [`CODE_PLACEHOLDER`], without scripts, styles, code or comments.
    Html,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkKind {
    /// `[text](dest)`.
    Inline,
    /// `[text][label]`, `[label][]` or `[label]`.
    Reference,
    /// `<https://…>`.
    Autolink,
    /// `<name@example.org>`.
    Email,
    /// `<a href="…">` or `<img src="…">` in HTML.
    Html,
}

/// A link or image of the body.
#[derive(Debug, Clone)]
pub struct Link {
    /// How it was written.
    pub kind: LinkKind,
    /// Whether it is an image.
    pub is_image: bool,
    /// The destination as written (after reference resolution).
    pub dest: String,
    /// The title, empty when none.
    pub title: String,
    /// The link text (the alt text of an image).
    pub text: String,
    /// Where the link text is in the source (empty, at the link's start, for images).
    pub text_range: TextRange,
    /// The whole link in the source.
    pub range: TextRange,
    /// Index of the block that contains it.
    pub block: usize,
}

/// What stands for a span of inline code in a block's prose (U+FFFC, the object replacement
/// character): the reader sees a token there, so the words around it are not next to each other,
/// and no space around it is doubled; it is neither a word nor a space nor punctuation.
pub const CODE_PLACEHOLDER: char = '\u{FFFC}';
const CODE_PLACEHOLDER_TEXT: &str = "\u{FFFC}";

/// The readable text of a block: no markup or HTML, inline code and bare URLs as
/// [`CODE_PLACEHOLDER`]; every byte maps back to the source.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// The text.
    pub text: String,
    /// Ranges of `text` written in emphasis or strong emphasis (titles of works, foreign terms).
    pub emphasis: Vec<std::ops::Range<usize>>,
    segments: Vec<Segment>,
    /// The text of each inline code span, in the order of their placeholders.
    code: Vec<String>,
    /// The index of the template markup span last pushed as a placeholder: a span that several
    /// parser events fall in stands once.
    markup: Option<usize>,
    /// Where the words of `text` are ([`Prose::words`]), found on first use: many checks read
    /// the same words.
    word_spans: std::sync::OnceLock<Vec<(usize, usize)>>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    text_start: usize,
    source: TextRange,
    /// The text equals the source byte for byte (no escape, entity or line break was folded).
    exact: bool,
}

impl Prose {
    /// The words of `text` as [`crate::text::words`] gives them (byte offset, word), found once
    /// and kept: the text of a parsed article does not change.
    pub fn words(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        let spans = self
            .word_spans
            .get_or_init(|| crate::text::words(&self.text).map(|(at, word)| (at, at + word.len())).collect());
        spans.iter().map(|&(start, end)| (start, &self.text[start..end]))
    }

    fn push(&mut self, text: &str, source: TextRange, exact: bool) {
        if text.is_empty() {
            return;
        }
        self.segments.push(Segment { text_start: self.text.len(), source, exact });
        self.text.push_str(text);
    }

    /// The text with each inline code span's own text in place of its placeholder: what keys
    /// that tell blocks apart compare (two headings that differ by their code differ).
    pub fn text_with_code(&self) -> std::borrow::Cow<'_, str> {
        self.text_with_code_in(0..self.text.len())
    }

    /// [`Prose::text_with_code`] of the text bytes `range` (a sentence of the block).
    pub fn text_with_code_in(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'_, str> {
        let Some(text) = self.text.get(range.clone()) else { return std::borrow::Cow::Borrowed("") };
        if self.code.is_empty() || !text.contains(CODE_PLACEHOLDER) {
            return std::borrow::Cow::Borrowed(text);
        }
        let before = self.text[..range.start].matches(CODE_PLACEHOLDER).count();
        let mut code = self.code.iter().skip(before);
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c == CODE_PLACEHOLDER {
                out.push_str(code.next().map_or("", String::as_str));
            } else {
                out.push(c);
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// Pushes a token the reader sees as one thing (inline code, an address, a tag), written
    /// `text` at `at`: its placeholder in the text, `text` for the keys.
    pub(crate) fn push_token(&mut self, text: &str, at: TextRange) {
        self.push(CODE_PLACEHOLDER_TEXT, at, false);
        self.code.push(text.to_string());
    }

    /// Pushes the token written `text` at `range`, or, when template markup covers it, the
    /// markup's own token (once per markup span).
    fn push_token_or_markup(&mut self, text: &str, range: TextRange, template: &Template, source: &str) {
        match template.markup_in(range).next() {
            Some((index, span)) => self.push_markup(index, span, source),
            None => self.push_token(text, range),
        }
    }

    /// Pushes the placeholder of the template markup span `index` (written `source[span]`), once.
    fn push_markup(&mut self, index: usize, span: TextRange, source: &str) {
        if self.markup == Some(index) {
            return;
        }
        self.markup = Some(index);
        self.push_token(source.get(span.start..span.end).unwrap_or(""), span);
    }

    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.segments.retain(|s| s.text_start < len);
    }

    /// The source byte offset of the text byte `offset` (an end offset maps to the end of its piece).
    pub fn source_offset(&self, offset: usize) -> usize {
        let index = self.segments.partition_point(|s| s.text_start <= offset).saturating_sub(1);
        let Some(segment) = self.segments.get(index) else {
            return 0;
        };
        let within = offset - segment.text_start.min(offset);
        if segment.exact {
            (segment.source.start + within).min(segment.source.end)
        } else if within == 0 {
            segment.source.start
        } else {
            segment.source.end
        }
    }

    /// The source range of a range of the text.
    pub fn source_range(&self, range: std::ops::Range<usize>) -> TextRange {
        if range.is_empty() {
            return TextRange::empty(self.source_offset(range.start));
        }
        // Map the last byte, not the end, so that a range ending a piece stays inside it.
        let last = self.source_offset(range.end - 1);
        let index = self.segments.partition_point(|s| s.text_start < range.end).saturating_sub(1);
        let end = match self.segments.get(index) {
            Some(s) if s.exact => last + 1,
            Some(s) => s.source.end,
            None => last,
        };
        TextRange::new(self.source_offset(range.start), end)
    }
}

/// What parsing a body yields.
#[derive(Debug, Clone, Default)]
pub struct ParsedBody {
    /// Leaf blocks in source order.
    pub blocks: Vec<Block>,
    /// Links and images in source order.
    pub links: Vec<Link>,
    /// URLs and `www.` addresses written as plain text.
    pub bare_urls: Vec<TextRange>,
    /// HTML comments (block or inline).
    pub html_comments: Vec<TextRange>,
    /// `id` and `name` attributes of HTML elements: anchors a link can target.
    pub html_ids: Vec<String>,
}

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>\[\]«»\x22`]+").expect("the bare URL pattern is valid")
});
static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    // `id` and `name` of HTML elements (lowercase tags).
    Regex::new(r#"(?s)<[a-z][^>]*?\b(?i:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("the HTML id pattern is valid")
});
/// An MDX component's opening tag (`<TeamMember name="…" permalink="…">`): a component makes
/// its own ids from its props, so each prop value that could be an id is taken as an anchor
/// (`<Recipes titleId="examples">`, `permalink="dan-abramov"` on react.dev).
static COMPONENT_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[A-Z][A-Za-z0-9_.]*(?:\s[^<>]*)?>").expect("the component tag pattern is valid"));
static COMPONENT_PROP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b[A-Za-z][A-Za-z0-9_-]*\s*=\s*(?:"([^"\s]{1,100})"|'([^'\s]{1,100})')"#)
        .expect("the component prop pattern is valid")
});
static HTML_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("the HTML comment pattern is valid"));

struct OpenBlock {
    kind: BlockKind,
    start: usize,
    end: usize,
    prose: Prose,
    explicit_id: Option<String>,
    /// A heading's image alt text, with where it stands in `heading_text`.
    image_alt: Vec<(usize, String)>,
    /// A heading's text as the reader sees it (inline code included, image alt text not), from
    /// which its anchor is made.
    heading_text: String,
}

impl OpenBlock {
    /// A block of `kind` over `range`, with no prose yet.
    fn new(kind: BlockKind, range: TextRange) -> Self {
        Self {
            kind,
            start: range.start,
            end: range.end,
            prose: Prose::default(),
            explicit_id: None,
            image_alt: Vec::new(),
            heading_text: String::new(),
        }
    }
}

struct OpenLink {
    kind: LinkKind,
    is_image: bool,
    dest: String,
    title: String,
    range: TextRange,
    prose_start: usize,
    text: String,
}

/// Parses the Markdown body `source[body_start..]`; every range is an offset into `source`.
pub fn parse_body(source: &str, body_start: usize) -> ParsedBody {
    let body = &source[body_start..];
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = ParsedBody::default();
    let mut open: Option<OpenBlock> = None;
    let mut links: Vec<OpenLink> = Vec::new();
    let mut image_depth = 0usize;
    let mut quote_depth = 0u8;
    let mut list_depth = 0u8;
    let mut item_depth = 0usize;
    let mut anchors = PageAnchors::new(Slugger::Github);
    let mut emphasis_starts: Vec<usize> = Vec::new();
    // The HTML block being read, as the page has it (without the markers of its containers), each
    // piece mapped to its source.
    let mut html_block = Prose::default();
    // The element whose text is being read, whose tags are text up to its end tag (`<script>`):
    // the page is one HTML document, so it spans inline HTML and blocks.
    let mut raw_text: Option<Vec<u8>> = None;
    // Shortcodes, template tags and code-like components: markup in the prose, code in blocks.
    let template = template::scan(source, body_start);

    let close = |open: &mut Option<OpenBlock>,
                 out: &mut ParsedBody,
                 quote_depth: u8,
                 list_depth: u8,
                 anchors: &mut PageAnchors| {
        if let Some(mut block) = open.take() {
            if !matches!(block.kind, BlockKind::CodeBlock { .. } | BlockKind::Html)
                && let Some(name) = template.code_around(TextRange::new(block.start, block.end))
            {
                // Inside highlighted code, console output or a comment: shown as code or not at
                // all (a heading there makes no anchor).
                block.kind = BlockKind::CodeBlock { info: name.to_string() };
                block.prose = Prose::default();
            }
            if let BlockKind::Heading { anchor, text, explicit, image_alt, .. } = &mut block.kind {
                let first_line = source.get(block.start..block.end).and_then(|text| text.lines().next());
                let from_comment = first_line.and_then(comment_id);
                let mut heading_text = std::mem::take(&mut block.heading_text);
                if from_comment.is_some()
                    && let Some(start) = heading_text.rfind("{/*")
                {
                    // The comment is not shown: the text ends before it.
                    heading_text.truncate(heading_text[..start].trim_end().len());
                }
                let written = block.explicit_id.take().or(from_comment);
                if written.is_none()
                    && let Some(braces) = first_line.and_then(|line| trailing_braces_as_text(line, &heading_text))
                {
                    heading_text.push_str(braces);
                }
                *explicit = written.is_some();
                *anchor = match written {
                    Some(id) => anchors.explicit(&id),
                    None => anchors.generated(&heading_text),
                };
                block.image_alt.retain(|(at, _)| *at <= heading_text.len());
                *image_alt = std::mem::take(&mut block.image_alt);
                *text = heading_text;
            }
            let prose_end = block.prose.text.trim_end().len();
            block.prose.truncate(prose_end);
            out.blocks.push(Block {
                kind: block.kind,
                range: TextRange::new(block.start, block.end),
                quote_depth,
                list_depth,
                prose: block.prose,
            });
        }
    };

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let range = TextRange::new(range.start + body_start, range.end + body_start);
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    let kind = if item_depth > 0 { BlockKind::ListItem } else { BlockKind::Paragraph };
                    open = Some(OpenBlock::new(kind, trim_newline(source, range)));
                }
                Tag::Heading { level, id, .. } => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    let kind = BlockKind::Heading {
                        level: heading_level(level),
                        anchor: String::new(),
                        text: String::new(),
                        explicit: false,
                        image_alt: Vec::new(),
                    };
                    open = Some(OpenBlock {
                        explicit_id: id.map(|id| id.to_string()),
                        ..OpenBlock::new(kind, trim_newline(source, range))
                    });
                }
                Tag::CodeBlock(kind) => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    open = Some(OpenBlock::new(BlockKind::CodeBlock { info }, trim_newline(source, range)));
                }
                Tag::HtmlBlock => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    open = Some(OpenBlock::new(BlockKind::Html, trim_newline(source, range)));
                    collect_html(source, range, &mut out);
                    html_block = Prose::default();
                }
                Tag::Table(_) => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    open = Some(OpenBlock::new(BlockKind::Table, trim_newline(source, range)));
                }
                Tag::BlockQuote(_) => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    quote_depth = quote_depth.saturating_add(1);
                }
                Tag::List(_) => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    list_depth = list_depth.saturating_add(1);
                }
                Tag::Item => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    item_depth += 1;
                }
                Tag::Link { link_type, ref dest_url, ref title, .. }
                | Tag::Image { link_type, ref dest_url, ref title, .. } => {
                    let is_image = matches!(tag, Tag::Image { .. });
                    if is_image {
                        image_depth += 1;
                    }
                    let prose_start = open.as_ref().map_or(0, |b| b.prose.text.len());
                    links.push(OpenLink {
                        kind: link_kind(link_type),
                        is_image,
                        dest: dest_url.to_string(),
                        title: title.to_string(),
                        range,
                        prose_start,
                        text: String::new(),
                    });
                }
                // One start per end, so that nested emphasis pairs up.
                Tag::Emphasis | Tag::Strong => {
                    emphasis_starts.push(open.as_ref().map_or(0, |block| block.prose.text.len()));
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::HtmlBlock => {
                    let block = out.blocks.len();
                    if let Some(open) = open.as_mut() {
                        open.prose = html_text::visible_text(&html_block, &template, source);
                    }
                    push_html_links(&std::mem::take(&mut html_block), block, &mut out.links, &mut raw_text);
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                }
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Table => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                }
                TagEnd::Emphasis | TagEnd::Strong => {
                    if let (Some(start), Some(block)) = (emphasis_starts.pop(), open.as_mut()) {
                        let end = block.prose.text.len();
                        if start < end {
                            block.prose.emphasis.push(start..end);
                        }
                    }
                }
                TagEnd::TableCell => {
                    if let Some(block) = open.as_mut() {
                        block.prose.push("\n", TextRange::empty(range.end), false);
                    }
                }
                TagEnd::BlockQuote(_) => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::List(_) => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    list_depth = list_depth.saturating_sub(1);
                }
                TagEnd::Item => {
                    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
                    item_depth = item_depth.saturating_sub(1);
                }
                TagEnd::Link | TagEnd::Image => {
                    if let Some(link) = links.pop() {
                        if link.is_image {
                            image_depth = image_depth.saturating_sub(1);
                        }
                        let block_index = out.blocks.len();
                        let text_range = match open.as_ref() {
                            Some(block) if !link.is_image && block.prose.text.len() > link.prose_start => {
                                block.prose.source_range(link.prose_start..block.prose.text.len())
                            }
                            _ => TextRange::empty(link.range.start),
                        };
                        if let Some(outer) = links.last_mut() {
                            outer.text.push_str(&link.text);
                        }
                        if matches!(link.kind, LinkKind::Autolink | LinkKind::Email) {
                            // The visible text of an autolink is the URL itself: not prose.
                            if let Some(block) = open.as_mut() {
                                block.prose.truncate(link.prose_start);
                            }
                        }
                        if image_depth > 0 {
                            // A link or image written inside an image's alt text is not on the
                            // page: the alt text is plain text.
                            continue;
                        }
                        out.links.push(Link {
                            kind: link.kind,
                            is_image: link.is_image,
                            dest: link.dest,
                            title: link.title,
                            text: link.text,
                            text_range,
                            range: link.range,
                            block: block_index,
                        });
                    }
                }
                _ => {}
            },
            Event::Text(text) => {
                if open.is_none() && item_depth > 0 {
                    // Tight list items hold their text without a paragraph.
                    open = Some(OpenBlock::new(BlockKind::ListItem, range));
                }
                let Some(block) = open.as_mut() else { continue };
                block.end = block.end.max(range.end);
                if matches!(block.kind, BlockKind::CodeBlock { .. } | BlockKind::Html) {
                    continue;
                }
                if let Some(link) = links.last_mut() {
                    link.text.push_str(&text);
                }
                if image_depth == 0 && matches!(block.kind, BlockKind::Heading { .. }) {
                    block.heading_text.push_str(&text);
                } else if image_depth > 0 && matches!(block.kind, BlockKind::Heading { .. }) {
                    let at = block.heading_text.len();
                    match block.image_alt.last_mut() {
                        Some((last, alt)) if *last == at => alt.push_str(&text),
                        _ => block.image_alt.push((at, text.to_string())),
                    }
                }
                if image_depth > 0 {
                    // Alt text is kept on the image, not in the prose.
                    continue;
                }
                let exact = source.get(range.start..range.end) == Some(text.as_ref());
                let bare_urls = (exact && links.is_empty()).then_some(&mut out.bare_urls);
                push_prose(&mut block.prose, &template, source, &text, range, exact, bare_urls);
            }
            Event::Code(code) => {
                if open.is_none() && item_depth > 0 {
                    open = Some(OpenBlock::new(BlockKind::ListItem, range));
                }
                if let Some(block) = open.as_mut() {
                    block.end = block.end.max(range.end);
                    if image_depth == 0 && matches!(block.kind, BlockKind::Heading { .. }) {
                        block.heading_text.push_str(&code);
                    }
                    // The reader sees something there: a token, neither a word nor a space.
                    if image_depth == 0 && !matches!(block.kind, BlockKind::CodeBlock { .. } | BlockKind::Html) {
                        block.prose.push_token_or_markup(&code, range, &template, source);
                    }
                }
            }
            Event::InlineMath(_) | Event::DisplayMath(_) | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                if open.is_none() && item_depth > 0 {
                    open = Some(OpenBlock::new(BlockKind::ListItem, range));
                }
                if let Some(block) = open.as_mut() {
                    block.end = block.end.max(range.end);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = open.as_mut() {
                    if matches!(event, Event::SoftBreak) && matches!(block.kind, BlockKind::Heading { .. }) {
                        // The line break of a setext heading is in its text, and not a space.
                        block.heading_text.push('\n');
                    }
                    push_prose(&mut block.prose, &template, source, " ", range, false, None);
                }
            }
            Event::InlineHtml(ref html) | Event::Html(ref html) => {
                if let Some(block) = open.as_mut() {
                    block.end = block.end.max(trim_newline(source, range).end);
                }
                if matches!(event, Event::Html(_)) {
                    html_block.push(html, range, source.get(range.start..range.end) == Some(html.as_ref()));
                } else {
                    collect_html(source, range, &mut out);
                    // HTML written inside an image's alt text is text on the page.
                    if image_depth == 0 {
                        if let Some(block) =
                            open.as_mut().filter(|b| !matches!(b.kind, BlockKind::CodeBlock { .. } | BlockKind::Html))
                        {
                            // A tag is a boundary: the words of two elements (`<kbd>Ctrl</kbd>
                            // <kbd>Ctrl</kbd>`) are not next to each other in the prose.
                            block.prose.push_token_or_markup(html, range, &template, source);
                        }
                        let html = inline_html(source, html, range);
                        push_html_links(&html, out.blocks.len(), &mut out.links, &mut raw_text);
                    }
                }
            }
            Event::Rule => {}
        }
    }
    close(&mut open, &mut out, quote_depth, list_depth, &mut anchors);
    push_shortcode_links(source, &mut out);
    out.html_comments.sort();
    out.html_comments.dedup();
    out.links.sort_by_key(|l| l.range.start);
    out
}

/// Hugo's `[text]({{< ref "page.md" >}})` and `relref`, Jekyll's `[text]({% post_url name %})`
/// and `{% link page.md %}`: the generator fills them in before the Markdown is read, so the
/// destination is a link on the site although CommonMark reads the spaces in it as text. Read
/// in the text of every block that is not code.
fn push_shortcode_links(source: &str, out: &mut ParsedBody) {
    static REF_LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(!?)\[([^\]\n]*)\]\(\s*(\{\{[<%]-?\s*(?:rel)?ref\s+"[^"\n]*"\s*-?[>%]\}\}(?:#[^)\s]*)?|\{%-?\s*(?:post_url|link)\s+[^%\n]*-?%\}(?:#[^)\s]*)?)\s*\)"#)
            .expect("the ref shortcode link pattern is valid")
    });
    if !source.contains("ref ") && !source.contains("post_url") && !source.contains("{% link") {
        return;
    }
    let mut found = Vec::new();
    for (index, block) in out.blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::CodeBlock { .. }) {
            continue;
        }
        let Some(text) = source.get(block.range.start..block.range.end) else { continue };
        for captures in REF_LINK.captures_iter(text) {
            let (Some(whole), Some(label), Some(dest)) = (captures.get(0), captures.get(2), captures.get(3)) else {
                continue;
            };
            let at = block.range.start;
            found.push(Link {
                kind: LinkKind::Inline,
                is_image: captures.get(1).is_some_and(|bang| !bang.as_str().is_empty()),
                dest: dest.as_str().to_string(),
                title: String::new(),
                text: label.as_str().to_string(),
                text_range: TextRange::new(at + label.start(), at + label.end()),
                range: TextRange::new(at + whole.start(), at + whole.end()),
                block: index,
            });
        }
    }
    out.links.extend(found);
}

/// The definition terms a paragraph's source starts, as Hugo's Goldmark reads definition lists
/// (PHP Markdown Extra's syntax): the lines before its first line that starts with `:` and a
/// space, each a term; with `next_is_definition` (the next block is a paragraph starting so, the
/// loose form, a blank line between), every line of the paragraph. Each term is given as the
/// text it renders to (inline code kept, markup and link destinations left out). Terms are not
/// blocks of their own: on GitHub and most renderers these lines are one paragraph, and a line
/// that starts with `: ` (a French colon wrapped to the next line) is text.
pub fn definition_terms(paragraph: &str, next_is_definition: bool) -> Vec<String> {
    let lines: Vec<&str> = paragraph.lines().collect();
    let count = match lines.iter().position(|line| starts_definition(line)) {
        Some(0) => return Vec::new(),
        Some(first) => first,
        None if next_is_definition => lines.len(),
        None => return Vec::new(),
    };
    lines[..count].iter().map(|line| plain_text(line.trim())).collect()
}

/// Whether a source line starts a definition: up to three spaces, `:`, then a space or a tab.
pub fn starts_definition(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    indent <= 3 && line[indent..].strip_prefix(':').is_some_and(|rest| rest.starts_with([' ', '\t']))
}

/// The text one line of inline Markdown renders to: its text and code, image alt text included.
fn plain_text(line: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(line, Options::ENABLE_STRIKETHROUGH) {
        if let Event::Text(piece) | Event::Code(piece) = event {
            text.push_str(&piece);
        }
    }
    text
}

/// The id a heading's first source line gives itself in a trailing MDX comment, `## Titre
/// {/*mon-id*/}`, as sites built with MDX (react.dev and its translations) write them: the comment
/// is not shown and the id is the anchor.
fn comment_id(heading: &str) -> Option<String> {
    let inner = heading.trim_end().strip_suffix("*/}")?;
    let (_, id) = inner.rsplit_once("{/*")?;
    let id = id.trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| id.to_string())
}

/// A heading line's trailing `{…}` that the parser took as an attribute block though it is not
/// one (`## Use {braces}`, `## Maps {a: 1}`), with the white space before it: the text renderers
/// show. An attribute block holds only `#id`, `.class` and `key=value` items.
fn trailing_braces_as_text<'a>(line: &'a str, text: &str) -> Option<&'a str> {
    let line = line.trim_end();
    if !line.ends_with('}') || text.trim_end().ends_with('}') {
        return None;
    }
    let open = line.rfind('{')?;
    let inside = &line[open + 1..line.len() - 1];
    let attributes = inside.split_whitespace().next().is_some()
        && inside.split_whitespace().all(|item| item.starts_with(['#', '.']) || item.contains('='));
    if attributes || inside.starts_with("/*") {
        return None;
    }
    let start = line[..open].trim_end().len();
    Some(&line[start..])
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn link_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::Autolink => LinkKind::Autolink,
        LinkType::Email => LinkKind::Email,
        LinkType::Reference
        | LinkType::ReferenceUnknown
        | LinkType::Collapsed
        | LinkType::CollapsedUnknown
        | LinkType::Shortcut
        | LinkType::ShortcutUnknown => LinkKind::Reference,
        _ => LinkKind::Inline,
    }
}

fn trim_newline(source: &str, range: TextRange) -> TextRange {
    let mut end = range.end;
    let bytes = source.as_bytes();
    while end > range.start && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    TextRange::new(range.start, end)
}

/// Collects the comments and ids of a piece of HTML.
fn collect_html(source: &str, range: TextRange, out: &mut ParsedBody) {
    let text = &source[range.start..range.end];
    for m in HTML_COMMENT.find_iter(text) {
        out.html_comments.push(TextRange::new(range.start + m.start(), range.start + m.end()));
    }
    // Ids inside comments are not part of the page.
    let outside_comments = |at: usize| !HTML_COMMENT.find_iter(text).any(|c| c.range().contains(&at));
    for captures in HTML_ID.captures_iter(text) {
        let whole = captures.get(0).expect("group 0 always exists");
        if let Some(value) = captures.get(1).or_else(|| captures.get(2))
            && outside_comments(whole.start())
        {
            out.html_ids.push(value.as_str().to_string());
        }
    }
    for tag in COMPONENT_TAG.find_iter(text).filter(|tag| outside_comments(tag.start())) {
        // A component often titles what it renders with its own name (`<Challenges>` makes
        // `#challenges`).
        let name: String = tag.as_str()[1..].chars().take_while(char::is_ascii_alphanumeric).collect();
        out.html_ids.push(name.to_ascii_lowercase());
        for captures in COMPONENT_PROP.captures_iter(tag.as_str()) {
            if let Some(value) = captures.get(1).or_else(|| captures.get(2)).filter(|v| !v.as_str().contains('/')) {
                out.html_ids.push(value.as_str().to_string());
            }
        }
    }
}

/// The text of an inline HTML event mapped to the source. The text leaves out the block quote
/// markers (`> `) of the lines a tag spans, so each of its lines ends the source line it comes from.
fn inline_html(source: &str, text: &str, range: TextRange) -> Prose {
    let mut html = Prose::default();
    let written = source.get(range.start..range.end).unwrap_or("");
    if written == text {
        html.push(text, range, true);
        return html;
    }
    let mut written_lines = written.split_inclusive('\n');
    let mut line_start = range.start;
    for line in text.split_inclusive('\n') {
        let written_line = written_lines.next().unwrap_or("");
        let line_end = line_start + written_line.len();
        if written_line.ends_with(line) {
            html.push(line, TextRange::new(line_end - line.len(), line_end), true);
        } else {
            html.push(line, TextRange::new(line_start, line_end), false);
        }
        line_start = line_end;
    }
    html
}

/// What the HTML tokenizer reports that links depend on: start tags with their attributes, whose
/// links they are, and end tags, which end the text of a `<script>`.
enum StartTagPart {
    Open { name: Vec<u8>, start: usize },
    Attribute { name: Vec<u8>, end: usize },
    Value { value: String, start: usize, end: usize },
    Close,
    End { name: Vec<u8> },
}

/// The attribute of an element that a browser follows as a link or loads as media.
fn link_attribute(element: &[u8]) -> Option<&'static [u8]> {
    match element {
        b"a" => Some(b"href"),
        b"img" | b"source" | b"video" | b"audio" | b"track" => Some(b"src"),
        _ => None,
    }
}

/// Where the end tag of `element` starts in `text`, as a browser ends the text of a `<script>`.
fn end_tag_offset(text: &str, element: &[u8]) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&at| {
        let name_end = at + 2 + element.len();
        bytes[at..].starts_with(b"</")
            && bytes.get(at + 2..name_end).is_some_and(|name| name.eq_ignore_ascii_case(element))
            && matches!(bytes.get(name_end), None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
    })
}

/// Appends the links of a piece of HTML, read as a browser reads it: attribute names and values
/// (quoted or not, entities decoded), the first of repeated attributes, no tags inside comments or
/// inside the text of `script`, `style` and the like (`raw_text`, open from an earlier piece or
/// left open for the next one).
fn push_html_links(html: &Prose, block: usize, links: &mut Vec<Link>, raw_text: &mut Option<Vec<u8>>) {
    let mut from = 0;
    if let Some(element) = raw_text.as_deref() {
        let Some(end) = end_tag_offset(&html.text, element) else { return };
        from = end;
        *raw_text = None;
    }
    let text = &html.text[from..];
    if !text.contains('<') {
        return;
    }
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, span: Span<usize>| match event {
        CallbackEvent::OpenStartTag { name } => Some(StartTagPart::Open { name: name.to_vec(), start: span.start }),
        CallbackEvent::AttributeName { name } => Some(StartTagPart::Attribute { name: name.to_vec(), end: span.end }),
        CallbackEvent::AttributeValue { value } => Some(StartTagPart::Value {
            value: String::from_utf8_lossy(value).into_owned(),
            start: span.start,
            end: span.end,
        }),
        CallbackEvent::CloseStartTag { .. } => Some(StartTagPart::Close),
        CallbackEvent::EndTag { name } => Some(StartTagPart::End { name: name.to_vec() }),
        _ => None,
    });
    // Tags inside `<script>`, `<style>`, `<textarea>` and `<title>` are their text.
    emitter.naively_switch_states(true);
    // The open start tag (its name, where it starts, the attribute that is its link), the names
    // of its attributes so far, whether the attribute being read is the link, and the link.
    let mut element: Option<(Vec<u8>, usize, &'static [u8])> = None;
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut reading_link = false;
    let mut found: Option<(String, std::ops::Range<usize>)> = None;
    let mut opens_raw_text: Option<Vec<u8>> = None;
    for Ok(part) in Tokenizer::new_with_emitter(text, emitter) {
        match part {
            StartTagPart::Open { name, start } => {
                opens_raw_text = naive_next_state(&name).is_some().then(|| name.clone());
                element = link_attribute(&name).map(|attribute| (name, from + start, attribute));
                names.clear();
                found = None;
                reading_link = false;
            }
            StartTagPart::Attribute { name, end } => {
                // Attributes of an end tag come outside any start tag: they are nothing.
                let Some((_, _, attribute)) = &element else { continue };
                reading_link = *attribute == name.as_slice() && !names.contains(&name);
                if reading_link {
                    found = Some((String::new(), from + end..from + end));
                }
                names.push(name);
            }
            StartTagPart::Value { value, start, end } => {
                if reading_link {
                    found = Some((value, from + start..from + end));
                }
            }
            StartTagPart::Close => {
                if let (Some((name, start, _)), Some((dest, value))) = (element.take(), found.take()) {
                    links.push(Link {
                        kind: LinkKind::Html,
                        is_image: name == b"img",
                        dest,
                        title: String::new(),
                        text: String::new(),
                        text_range: TextRange::empty(html.source_offset(start)),
                        range: html.source_range(value),
                        block,
                    });
                }
                reading_link = false;
                if let Some(element) = opens_raw_text.take() {
                    *raw_text = Some(element);
                }
            }
            StartTagPart::End { name } => {
                if raw_text.as_ref() == Some(&name) {
                    *raw_text = None;
                }
            }
        }
    }
}

/// Appends `text`, written at `range` (byte for byte when `exact`), to the prose: template markup
/// in it stands as one placeholder per span, and with `bare_urls` the URLs written in the rest
/// are left out and recorded.
fn push_prose(
    prose: &mut Prose,
    template: &Template,
    source: &str,
    text: &str,
    range: TextRange,
    exact: bool,
    mut bare_urls: Option<&mut Vec<TextRange>>,
) {
    let mut push = |prose: &mut Prose, piece: &str, at: TextRange| match bare_urls.as_deref_mut() {
        Some(urls) => push_without_urls(prose, piece, at, urls),
        None => prose.push(piece, at, exact),
    };
    let mut spans = template.markup_in(range).peekable();
    if spans.peek().is_none() {
        push(prose, text, range);
        return;
    }
    if !exact {
        // Not the source byte for byte (an escape, an entity, a line break): in markup or not, whole.
        let (index, span) = spans.next().expect("peeked");
        if span.start <= range.start {
            prose.push_markup(index, span, source);
        } else {
            push(prose, text, range);
        }
        return;
    }
    let mut at = range.start;
    for (index, span) in spans {
        if span.start > at {
            push(prose, &text[at - range.start..span.start - range.start], TextRange::new(at, span.start));
        }
        prose.push_markup(index, span, source);
        at = at.max(span.end);
    }
    if at < range.end {
        push(prose, &text[at - range.start..], TextRange::new(at, range.end));
    }
}

/// Appends `text` to the prose, each URL written in it as a placeholder token, and records the URLs.
fn push_without_urls(prose: &mut Prose, text: &str, range: TextRange, bare_urls: &mut Vec<TextRange>) {
    let mut last = 0;
    for m in BARE_URL.find_iter(text) {
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’', ')']);
        if url.len() <= 4 {
            continue;
        }
        prose.push(&text[last..m.start()], TextRange::new(range.start + last, range.start + m.start()), true);
        let at = TextRange::new(range.start + m.start(), range.start + m.start() + url.len());
        // The reader sees the address: a token, like inline code, so that the spaces around it
        // are not read as one double space.
        prose.push_token(url, at);
        bare_urls.push(at);
        last = m.start() + url.len();
    }
    prose.push(&text[last..], TextRange::new(range.start + last, range.end), true);
}
