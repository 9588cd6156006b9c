//! `unverifiable-link`: a link whose target relecture cannot see; counted, never reported.

use relecture_core::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Nothing that becomes a finding. A link whose target the repository does not hold is
    /// neither broken nor checked: a page mounted from another repository or a git submodule
    /// that is not there (Hugo module mounts), a page the generator makes (taxonomy and section
    /// lists), a destination holding template syntax (`{{< ref … >}}`, `{{ site.baseurl }}`,
    /// `{% post_url … %}`), a link that climbs out of a book to what is published beside it.
    /// The summary counts them (`unverifiable_links` in JSON); `--verbose` lists each with the
    /// reason.
    ///
    /// ## Why
    /// A linter that guesses reports errors that are not there; one that says nothing hides
    /// what it could not check. Counting tells how much of the site was verified.
    ///
    /// ## Example
    /// `[the specification](/docs/specs/otel/trace/)` on a Hugo site that mounts
    /// `/docs/specs/otel/` from a submodule that is not checked out.
    ///
    /// ## How to fix
    /// Nothing to fix. To check such links, check out what the site mounts, or declare where
    /// pages come from in `[site] content`.
    pub UNVERIFIABLE_LINK = ("unverifiable-link", "links", Info, "a link whose target relecture cannot see (counted, never a finding)");
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_engine_counts_this_rule_apart() {
        assert_eq!(super::UNVERIFIABLE_LINK.name, relecture_core::UNVERIFIABLE_LINK);
    }
}
