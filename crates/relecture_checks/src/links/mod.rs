//! The `links` family: addresses readers cannot follow.

mod bare_url;
mod broken_link;
mod config;
#[cfg(feature = "online")]
pub mod dead_link;
#[cfg(feature = "online")]
pub mod guard;
mod internal;
#[cfg(feature = "online")]
mod links_cache;
mod missing_anchor;
#[cfg(feature = "online")]
mod proxy;
pub mod resolve;

use relecture_core::{
    Article, ArticleCheck, CheckContext, CorpusCheck, CorpusDiagnostic, Dependencies, Diagnostic, RuleMeta,
};

pub use bare_url::BARE_URL;
pub use broken_link::BROKEN_LINK;
pub use config::{LinksConfig, Seconds, SiteRoots, proxy_url_problem};
pub use missing_anchor::MISSING_ANCHOR;

/// Runs the per-article link rules.
#[derive(Debug, Clone, Copy)]
pub struct ArticleLinks;

impl ArticleCheck for ArticleLinks {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![BARE_URL]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if context.is_enabled(&BARE_URL.name) {
            bare_url::check(article, out);
        }
    }
}

/// Resolves links between files of the repository, at the linted revision.
#[derive(Debug, Clone, Copy)]
pub struct InternalLinks;

impl CorpusCheck for InternalLinks {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![BROKEN_LINK, MISSING_ANCHOR]
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        if context.is_enabled(&BROKEN_LINK.name) || context.is_enabled(&MISSING_ANCHOR.name) {
            internal::check(articles, context, out);
        }
    }

    fn dependencies(&self, article: &Article, context: &CheckContext<'_>) -> Option<Dependencies> {
        Some(internal::dependencies(article, context))
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::render_fixture;

    #[test]
    fn bare_url_fixture() {
        insta::assert_snapshot!(render_fixture("bare-url"));
    }

    #[test]
    fn broken_link_fixture() {
        insta::assert_snapshot!(render_fixture("broken-link"));
    }

    #[cfg(feature = "online")]
    #[test]
    fn dead_link_fixture() {
        insta::assert_snapshot!(render_fixture("dead-link"));
    }

    #[test]
    fn missing_anchor_fixture() {
        insta::assert_snapshot!(render_fixture("missing-anchor"));
    }
}
