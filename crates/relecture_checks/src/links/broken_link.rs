//! `broken-link`: a relative or site-absolute link to a file missing at the linted revision.

use relecture_core::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Links and images whose destination is a path in the repository (`../fr/charte.md`,
    /// `./images/a.png`, `/fr/page/`), in Markdown or in HTML (`<a href>`, `<img src>`), resolved
    /// against the tree of the source being linted: the working tree, the revision of `--rev`,
    /// or the staged index. Site-absolute paths are resolved under `[links] site_root` (one
    /// folder, or several tried in order, such as `["content", "content/en", "static"]`) in the
    /// usual static-site layouts (`/fr/page/` is `fr/page.md`, `fr/page/index.md` or
    /// `fr/page/_index.md`). Percent-encoded and accented paths are decoded; links to folders
    /// are fine. Links in code are never checked.
    ///
    /// ## Why
    /// A broken link is the defect readers see first. Checked at the revision being linted, a
    /// pull request that deletes a page is caught in every article that links to it.
    ///
    /// ## Example
    /// `Voir la [charte graphique](../charte.md)` after `charte.md` was renamed.
    ///
    /// ## How to fix
    /// Point the link at the file's new path, or restore the file.
    pub BROKEN_LINK = ("broken-link", "links", Error, "a link to a file missing at this revision");
}
