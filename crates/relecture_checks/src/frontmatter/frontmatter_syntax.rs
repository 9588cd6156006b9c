//! `frontmatter-syntax`: the YAML or TOML block does not parse.

use crate::ArticleRule;
use relecture_core::{Article, Diagnostic, TextRange, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// The front matter block at the top of the article (YAML between `---` lines, TOML between
    /// `+++` lines) must parse, close, hold a mapping of keys to values, nest at most 64 levels
    /// and not repeat a key. The finding points at the line and column of the parse error.
    ///
    /// ## Why
    /// A site generator that cannot read the front matter drops the article's title, date and
    /// language, or fails the whole build. Every other front matter rule depends on it.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Réseaux sociaux : quelle stratégie ?
    /// tags: [communication, réseaux
    /// ---
    /// ```
    /// The list is never closed.
    ///
    /// ## How to fix
    /// Correct the syntax at the reported position: close brackets and quotes, quote values that
    /// contain `: ` or start with a special character, and close the block with its fence.
    pub FRONTMATTER_SYNTAX = ("frontmatter-syntax", "frontmatter", Error, "the YAML or TOML front matter does not parse");
}

/// Reports front matter that does not parse.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrontmatterSyntax;

impl ArticleRule for FrontmatterSyntax {
    const RULE: &'static RuleMeta = &FRONTMATTER_SYNTAX;

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        check(article, out);
    }
}

fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    let Some(error) = &article.front_matter_error else {
        return;
    };
    let line = article.line_index.line_of(error.offset);
    let line_end = article.line_index.line_range(line, &article.source).end;
    let end = article.source[error.offset.min(line_end)..line_end]
        .chars()
        .next()
        .map_or(error.offset, |c| error.offset + c.len_utf8());
    out.push(
        Diagnostic::new(
            &FRONTMATTER_SYNTAX,
            TextRange::new(error.offset, end.max(error.offset)),
            error.message.clone(),
        )
        .with_fingerprint_text(error.message.to_string()),
    );
}
