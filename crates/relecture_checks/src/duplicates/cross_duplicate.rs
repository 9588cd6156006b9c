//! `cross-duplicate`: the same paragraph in two articles.

use relecture_core::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A paragraph or list item of at least `[duplicates] min_words` words (default 12) that
    /// appears in another article too, after normalisation: Unicode NFC, case, white space,
    /// typographic quotes and apostrophes, punctuation. The finding is on each later copy (in
    /// path order) and names the first. A paragraph found in `[duplicates] boilerplate_articles`
    /// articles or more (default 5) is boilerplate, such as a footer or a licence notice: it is
    /// reported once, as info, or not at all with `report_boilerplate = false`. Block quotes,
    /// code, tables and front matter are not compared.
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
    pub CROSS_DUPLICATE = ("cross-duplicate", "duplicates", Warning, "the same paragraph appears in two articles");
}
