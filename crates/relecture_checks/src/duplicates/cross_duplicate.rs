//! `cross-duplicate`: the same paragraph in two articles.

use relecture_core::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A paragraph or list item of at least `[duplicates] min_words` words (default 12) that
    /// appears in an unrelated article too, after normalisation: Unicode NFC, case, white space,
    /// typographic quotes and apostrophes, punctuation. The finding is on each later copy (in
    /// path order) and names the first. Copies between pages alike by design are left alone:
    /// translations and pages in two languages (a language matter), the same page of parallel
    /// trees (`go/exporters.md`, `ruby/exporters.md`), a series named alike but for its numbers,
    /// pages of one folder sharing two headings or more (one template), and a page adapted from
    /// another (three paragraphs or more shared). A paragraph found in `[duplicates]
    /// boilerplate_articles` articles or more (default 5) is boilerplate, such as a footer or a
    /// licence notice: it is reported once, or not at all with `report_boilerplate = false`.
    /// Block quotes, code, tables and front matter are not compared. Info by default: on
    /// documentation sites most shared paragraphs are reuse by design; a newsroom can make it a
    /// warning in `[severity]`.
    ///
    /// ## Why
    /// Recycled paragraphs make two pages compete for the same searches, and when one copy is
    /// corrected the other silently stays wrong.
    ///
    /// ## Example
    /// The same presentation paragraph of the training programme in two articles.
    ///
    /// ## How to fix
    /// Keep the paragraph in one article and link to it from the other, or rewrite one copy for
    /// its own context.
    pub CROSS_DUPLICATE = ("cross-duplicate", "duplicates", Info, "the same paragraph appears in two articles");
}
