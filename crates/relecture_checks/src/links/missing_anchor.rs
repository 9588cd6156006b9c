//! `missing-anchor`: a `#fragment` that no heading or id of the target defines.

use relecture_core::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The `#fragment` of a link to an article of the repository (or of the same article) must be
    /// the anchor of one of its headings, as GitHub and Hugo generate them (lowercase, accents
    /// kept, spaces as hyphens: `#dépannage`; repeated headings numbered `-1`, `-2`), an explicit
    /// `{#id}`, or an HTML `id` or `name`. Fragments of files that are not linted articles are
    /// not checked.
    ///
    /// ## Why
    /// A link whose anchor is gone lands at the top of a long page, and the reader has to guess
    /// where the promised section went.
    ///
    /// ## Example
    /// `[le logo](charte.md#logo)` when the heading is now « Logotype ».
    ///
    /// ## How to fix
    /// Use the anchor of the heading as it is now (`relecture` lists the headings' anchors in the
    /// message), or add an explicit `{#logo}` to the heading so that old links keep working.
    pub MISSING_ANCHOR = ("missing-anchor", "links", Warning, "a #fragment that no heading or id of the target defines");
}
