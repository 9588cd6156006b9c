//! The article model: source text parsed once into front matter, blocks and links.

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex};

use crate::frontmatter::{FrontMatter, FrontMatterError, parse_front_matter};
use crate::markdown::{Block, BlockKind, Link, definition_terms, parse_body, starts_definition};
use crate::range::{LineIndex, Position, Span, TextRange, with_line_feeds};
use crate::slug::{PageAnchors, Slugger, heading_source_text};

/// One Markdown article, parsed.
#[derive(Debug, Clone)]
pub struct Article {
    /// Repository-relative path with `/` separators.
    pub path: String,
    /// The git blob id when read from git.
    pub blob: Option<String>,
    /// The whole file, front matter included.
    pub source: String,
    /// Line starts of `source`.
    pub line_index: LineIndex,
    /// The front matter block, when the file has one that closes.
    pub front_matter: Option<FrontMatter>,
    /// Why the front matter could not be read.
    pub front_matter_error: Option<FrontMatterError>,
    /// The Markdown body (everything after the front matter).
    pub body: TextRange,
    /// Leaf blocks of the body in source order.
    pub blocks: Vec<Block>,
    /// Links and images in source order.
    pub links: Vec<Link>,
    /// URLs written as plain text.
    pub bare_urls: Vec<TextRange>,
    /// HTML comments, where suppression directives live.
    pub html_comments: Vec<TextRange>,
    /// `id` and `name` attributes of HTML elements.
    pub html_ids: Vec<String>,
    /// Values derived from the article by checks, one per type (see [`Article::memo`]).
    memos: Memos,
}

/// A heading's text with the alt text of its images put back where they stand.
fn with_image_alt(text: &str, image_alt: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(text.len() + image_alt.iter().map(|(_, alt)| alt.len()).sum::<usize>());
    let mut from = 0;
    for (at, alt) in image_alt {
        let at = (*at).clamp(from, text.len());
        out.push_str(text.get(from..at).unwrap_or(""));
        out.push_str(alt);
        from = at;
    }
    out.push_str(text.get(from..).unwrap_or(""));
    out
}

/// The memos of an article; a clone of the article starts without them.
#[derive(Default)]
struct Memos(Mutex<Vec<(TypeId, Arc<dyn Any + Send + Sync>)>>);

impl Clone for Memos {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for Memos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memos")
    }
}

impl Article {
    /// Parses `source`, the text of the file at `path`.
    pub fn parse(path: impl Into<String>, blob: Option<String>, source: String) -> Self {
        // The front matter and Markdown parsers see `\r` alone as a line ending too (CommonMark
        // does, pulldown-cmark and the fence lines did not): the text they read has `\n` there,
        // byte for byte, so that their ranges are ranges of the source as it is.
        let parsed = with_line_feeds(&source);
        let front = parse_front_matter(&parsed);
        let body = parse_body(&parsed, front.body_start);
        Self {
            path: path.into(),
            blob,
            line_index: LineIndex::new(&source),
            front_matter: front.front_matter,
            front_matter_error: front.error,
            body: TextRange::new(front.body_start, source.len()),
            blocks: body.blocks,
            links: body.links,
            bare_urls: body.bare_urls,
            html_comments: body.html_comments,
            html_ids: body.html_ids,
            memos: Memos::default(),
            source,
        }
    }

    /// The article at `path` with only its front matter read: no block, link or comment. For
    /// what a page declares (its language, a key) without the cost of parsing its Markdown.
    pub fn front_matter_only(path: impl Into<String>, source: String) -> Self {
        let parsed = with_line_feeds(&source);
        let front = parse_front_matter(&parsed);
        let body = TextRange::new(front.body_start, source.len());
        Self {
            path: path.into(),
            blob: None,
            line_index: LineIndex::new(&source),
            front_matter: front.front_matter,
            front_matter_error: front.error,
            body,
            blocks: Vec::new(),
            links: Vec::new(),
            bare_urls: Vec::new(),
            html_comments: Vec::new(),
            html_ids: Vec::new(),
            memos: Memos::default(),
            source,
        }
    }

    /// A value derived from this article, computed by `init` the first time a value of type
    /// `T` is asked for and kept with the article, so that a check that needs it in several
    /// places (or on every commit of a history, where the article is kept) derives it once.
    /// `T` must depend only on the article and the configuration of the run.
    pub fn memo<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        let wanted = TypeId::of::<T>();
        let find = |memos: &[(TypeId, Arc<dyn Any + Send + Sync>)]| {
            memos.iter().find(|(id, _)| *id == wanted).and_then(|(_, value)| value.clone().downcast::<T>().ok())
        };
        if let Some(found) = find(&self.memos.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)) {
            return found;
        }
        // Computed without the lock: another thread may do the same, and the first one kept wins.
        let value = Arc::new(init());
        let mut memos = self.memos.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = find(&memos) {
            return found;
        }
        memos.push((wanted, value.clone()));
        value
    }

    /// The anchors of the article's headings as `slugger`'s renderer makes them, in order:
    /// explicit ids (`{#id}`, `{/*id*/}`) as written, the others from the heading's text (or its
    /// source line, for renderers that read it) with repeats numbered the renderer's way
    /// (GitHub `-1`, Python-Markdown `_1`…). For [`Slugger::Github`], the headings' `anchor`.
    pub fn heading_anchors(&self, slugger: Slugger) -> Vec<String> {
        let headings = || {
            self.blocks.iter().filter_map(|block| match &block.kind {
                BlockKind::Heading { anchor, text, explicit, image_alt, .. } => {
                    Some((block, anchor, text, *explicit, image_alt))
                }
                _ => None,
            })
        };
        if slugger == Slugger::Github {
            return headings().map(|(_, anchor, ..)| anchor.clone()).collect();
        }
        let written = headings().filter(|heading| heading.3).map(|heading| heading.1.as_str());
        let mut page = PageAnchors::with_explicit_ids(slugger, written);
        headings()
            .map(|(block, anchor, text, explicit, image_alt)| {
                if explicit {
                    page.explicit(anchor)
                } else if slugger.reads_source() {
                    page.generated(heading_source_text(self.text(block.range), text, block.quote_depth > 0))
                } else if slugger.counts_image_alt() && !image_alt.is_empty() {
                    page.generated(&slugger.id_text(&with_image_alt(text, image_alt)))
                } else {
                    page.generated(&slugger.id_text(text))
                }
            })
            .collect()
    }

    /// The ids of the article's definition terms as `slugger` makes them from their text, in
    /// order, the way Hugo does with `autoDefinitionTermID` (its documentation site links to
    /// `#enableemoji`, a term): one sequence with the headings' anchors, so that a term named
    /// like a heading above it is numbered. Terms are found in paragraphs by
    /// [`definition_terms`].
    pub fn definition_anchors(&self, slugger: Slugger) -> Vec<String> {
        let mut headings = self.heading_anchors(slugger).into_iter();
        let mut page = PageAnchors::new(slugger);
        let mut terms = Vec::new();
        for (index, block) in self.blocks.iter().enumerate() {
            match &block.kind {
                BlockKind::Heading { .. } => {
                    if let Some(anchor) = headings.next() {
                        page.take(anchor);
                    }
                }
                BlockKind::Paragraph => {
                    let next_is_definition = self.blocks.get(index + 1).is_some_and(|next| {
                        next.kind == BlockKind::Paragraph && starts_definition(self.text(next.range))
                    });
                    for term in definition_terms(self.text(block.range), next_is_definition) {
                        terms.push(page.generated(&slugger.id_text(&term)));
                    }
                }
                _ => {}
            }
        }
        terms
    }

    /// The source text of `range`.
    pub fn text(&self, range: TextRange) -> &str {
        self.source.get(range.start..range.end).unwrap_or("")
    }

    /// The position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.source, offset)
    }

    /// The span of a byte range.
    pub fn span(&self, range: TextRange) -> Span {
        self.line_index.span(&self.source, range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::LinkKind;

    const SAMPLE: &str = "---\ntitle: Essai\n---\n# L’intérêt\n\nUn paragraphe avec un [lien](autre.md#ancre) et `code` puis www.exemple.fr.\n\n- premier point\n- second point\n\n> Une citation.\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n## L’intérêt\n\n<!-- relecture-disable repeated-word -->\n\n![texte alternatif](image.png)\n";

    #[test]
    fn heading_anchors_are_made_from_the_text_the_reader_sees() {
        let source = "# The `foo()` function\n\n## Voir https://example.org/a et ![logo](l.png) *vite*\n\n\
                      Deux\nlignes\n------\n\n## <span>Balise</span> &amp; entité\n\n\
                      ## Conférences à venir {/*upcoming-conferences*/}\n\n## Vide {/* */}\n\n\
                      ## Use {braces}\n\n## Maps {a: 1}\n\n## Titre {.large}\n";
        let article = Article::parse("a.md", None, source.to_string());
        let anchors: Vec<&str> = article
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { anchor, .. } => Some(anchor.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            anchors,
            [
                "the-foo-function",
                "voir-httpsexampleorga-et--vite",
                "deuxlignes",
                "balise--entité",
                // An MDX comment names the anchor; an empty one does not.
                "upcoming-conferences",
                "vide",
                // Braces that hold no attributes are text; a class is an attribute.
                "use-braces",
                "maps-a-1",
                "titre",
            ]
        );
    }

    #[test]
    fn definition_terms_get_ids_numbered_after_the_headings_and_stay_paragraphs() {
        let source = "## enableEmoji\n\nenableEmoji\n: Whether to turn `:smile:` into 😄.\n\n\
                      `markup.goldmark`\n[Goldmark](https://example.org/)\n: The *Goldmark* settings.\n\n\
                      Loose term\n\n: Its definition.\n\nNot a term : here.\n";
        let article = Article::parse("a.md", None, source.to_string());
        assert!(article.blocks[1..].iter().all(|b| b.kind == BlockKind::Paragraph));
        assert_eq!(article.blocks[1].prose.text, "enableEmoji : Whether to turn \u{FFFC} into 😄.");
        assert_eq!(
            article.definition_anchors(Slugger::HugoGithub),
            ["enableemoji-1", "markupgoldmark", "goldmark", "loose-term"]
        );
        assert_eq!(article.heading_anchors(Slugger::HugoGithub), ["enableemoji"]);
        // A colon wrapped to the start of a line ends no term when nothing stands before it.
        let wrapped = Article::parse("b.md", None, ": suite du texte.\n".to_string());
        assert!(wrapped.definition_anchors(Slugger::HugoGithub).is_empty());
    }

    #[test]
    fn blocks_carry_kinds_ranges_and_prose() {
        let article = Article::parse("a.md", None, SAMPLE.to_string());
        let kinds: Vec<_> = article.blocks.iter().map(|b| &b.kind).collect();
        assert!(matches!(kinds[0], BlockKind::Heading { level: 1, anchor, .. } if anchor == "lintérêt"));
        assert_eq!(kinds[1], &BlockKind::Paragraph);
        assert_eq!(kinds[2], &BlockKind::ListItem);
        assert_eq!(kinds[3], &BlockKind::ListItem);
        assert_eq!(article.blocks[4].quote_depth, 1);
        assert!(matches!(kinds[5], BlockKind::CodeBlock { info } if info == "rust"));
        assert_eq!(kinds[6], &BlockKind::Table);
        assert!(matches!(kinds[7], BlockKind::Heading { level: 2, anchor, .. } if anchor == "lintérêt-1"));
        let paragraph = &article.blocks[1];
        // Inline code and a bare URL are tokens of the prose, not nothing: no double space, no
        // words side by side.
        assert_eq!(paragraph.prose.text, "Un paragraphe avec un lien et \u{FFFC} puis \u{FFFC}.");
        assert_eq!(article.text(article.blocks[0].range), "# L’intérêt");
    }

    #[test]
    fn prose_maps_back_to_source_bytes() {
        let article = Article::parse("a.md", None, SAMPLE.to_string());
        let paragraph = &article.blocks[1];
        let at = paragraph.prose.text.find("lien").unwrap();
        let range = paragraph.prose.source_range(at..at + 4);
        assert_eq!(article.text(range), "lien");
        let puis = paragraph.prose.text.find("puis").unwrap();
        assert_eq!(article.text(paragraph.prose.source_range(puis..puis + 4)), "puis");
    }

    #[test]
    fn a_bare_url_is_a_token_of_the_prose() {
        let article = Article::parse("a.md", None, "Consultez https://example.org/a pour plus.\n".into());
        let prose = &article.blocks[0].prose;
        // Not "Consultez  pour": the address is read, and the spaces around it are single.
        assert_eq!(prose.text, "Consultez \u{FFFC} pour plus.");
        assert_eq!(prose.text_with_code(), "Consultez https://example.org/a pour plus.");
        assert_eq!(article.bare_urls.len(), 1);
    }

    #[test]
    fn emphasis_ranges_cover_the_text_in_emphasis() {
        let article =
            Article::parse("a.md", None, "Lisez *Why did we build React?* et **le *guide* complet**.\n".into());
        let prose = &article.blocks[0].prose;
        let quoted: Vec<&str> = prose.emphasis.iter().map(|r| &prose.text[r.clone()]).collect();
        assert_eq!(quoted, ["Why did we build React?", "guide", "le guide complet"]);
    }

    #[test]
    fn links_urls_and_comments_are_collected() {
        let article = Article::parse("a.md", None, SAMPLE.to_string());
        assert_eq!(article.links.len(), 2);
        assert_eq!(article.links[0].dest, "autre.md#ancre");
        assert_eq!(article.links[0].kind, LinkKind::Inline);
        assert_eq!(article.links[0].text, "lien");
        assert_eq!(article.text(article.links[0].text_range), "lien");
        assert!(article.links[1].is_image);
        assert_eq!(article.links[1].text, "texte alternatif");
        assert_eq!(article.bare_urls.len(), 1);
        assert_eq!(article.text(article.bare_urls[0]), "www.exemple.fr");
        assert_eq!(article.html_comments.len(), 1);
        assert_eq!(article.position(article.html_comments[0].start).line, 23);
    }

    #[test]
    fn every_line_ending_parses_alike_at_the_same_offsets() {
        let with_lf = Article::parse("a.md", None, SAMPLE.to_string());
        for ending in ["\r", "\r\n"] {
            let article = Article::parse("a.md", None, SAMPLE.replace('\n', ending));
            let fields = |a: &Article| {
                a.front_matter.as_ref().map(|f| f.fields.iter().map(|f| f.key.clone()).collect::<Vec<_>>())
            };
            assert_eq!(fields(&article), Some(vec!["title".to_string()]), "{ending:?}");
            let kinds =
                |a: &Article| a.blocks.iter().map(|b| (b.kind.clone(), b.prose.text.clone())).collect::<Vec<_>>();
            assert_eq!(kinds(&article), kinds(&with_lf), "{ending:?}");
            // Ranges are ranges of the source as it is, lines those an editor shows.
            let url = article.bare_urls[0];
            assert_eq!(article.text(url), "www.exemple.fr");
            assert_eq!(article.position(url.start).line, with_lf.position(with_lf.bare_urls[0].start).line);
            let code = article.blocks.iter().find(|b| matches!(b.kind, BlockKind::CodeBlock { .. })).unwrap();
            assert!(article.text(code.range).starts_with("```rust") && article.text(code.range).ends_with("```"));
        }
    }

    #[test]
    fn template_syntax_is_markup_and_code_like_elements_are_code() {
        let source = "Le collecteur {{< param \"version\" >}} est stable, voir {{< figure src=\"https://example.org/a.png\" >}} ici.\n\n\
                      {{% alert title=\"Note\" %}}\nLe texte **reste** lisible.\n{{% /alert %}}\n\n\
                      {{< highlight go >}}\n\nfmt.Println(\"bonjour bonjour\")\n\n{{< /highlight >}}\n\n\
                      {% raw %}{{ page.title }}{% endraw %} et {{ site.name }} fin.\n\n\
                      <ConsoleBlock level=\"error\">\n\nWarning: Each child in a list should have a unique key prop.\n\n</ConsoleBlock>\n\n\
                      {{< comment >}}\n\n## Draft\n\nTODO\n\n{{< /comment >}}\n";
        let article = Article::parse("a.md", None, source.to_string());
        let prose: Vec<(&BlockKind, &str)> = article.blocks.iter().map(|b| (&b.kind, b.prose.text.as_str())).collect();
        // A shortcode is one token the reader sees a value for; its URL is not a bare URL.
        assert_eq!(prose[0].1, "Le collecteur \u{FFFC} est stable, voir \u{FFFC} ici.");
        assert!(article.bare_urls.is_empty());
        // The content of a Markdown shortcode is prose.
        assert_eq!(prose[1].1, "\u{FFFC} Le texte reste lisible. \u{FFFC}");
        // Highlighted code and console output are code.
        assert_eq!(prose[2].1, "\u{FFFC}");
        assert!(matches!(prose[3].0, BlockKind::CodeBlock { info } if info == "highlight"));
        assert!(matches!(prose[7].0, BlockKind::CodeBlock { info } if info == "ConsoleBlock"));
        assert!(prose.iter().any(|(_, text)| *text == "\u{FFFC} et \u{FFFC} fin."));
        assert!(!prose.iter().any(|(_, text)| text.contains("Each child") || text.contains("TODO")));
        // A heading inside a comment shortcode is not on the page: no anchor.
        assert!(article.heading_anchors(Slugger::HugoGithub).is_empty());
        // Keys that tell blocks apart see the template's text.
        assert!(article.blocks[0].prose.text_with_code().contains("param \"version\""));
        let stable = article.blocks[0].prose.text.find("stable").unwrap();
        assert_eq!(article.text(article.blocks[0].prose.source_range(stable..stable + 6)), "stable");
    }

    #[test]
    fn escapes_and_entities_keep_positions_near_the_source() {
        let source = "Un \\*texte\\* &amp; suite.\n".to_string();
        let article = Article::parse("a.md", None, source);
        let prose = &article.blocks[0].prose;
        assert_eq!(prose.text, "Un *texte* & suite.");
        let suite = prose.text.find("suite").unwrap();
        assert_eq!(article.text(prose.source_range(suite..suite + 5)), "suite");
    }
}
