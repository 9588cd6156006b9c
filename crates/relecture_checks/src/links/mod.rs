//! The `links` family: addresses readers cannot follow.

#[cfg(feature = "online")]
pub mod clock;
mod config;
#[cfg(feature = "online")]
pub mod guard;
mod internal;
#[cfg(feature = "online")]
mod links_cache;
#[cfg(feature = "online")]
mod proxy;
pub mod resolve;

// Rule modules, one per file that declares a rule: kept by the registry test, do not edit.
pub mod bare_url;
pub mod broken_link;
#[cfg(feature = "online")]
pub mod dead_link;
pub mod missing_anchor;
pub mod unverifiable_link;
// End of rule modules.

use relecture_core::{Article, CheckContext, CorpusCheck, CorpusDiagnostic, Dependencies, RuleMeta};

pub use config::{LinksConfig, Seconds, SiteRoots, proxy_url_problem};

use broken_link::BROKEN_LINK;
use missing_anchor::MISSING_ANCHOR;

/// Resolves links between files of the repository, at the linted revision.
#[derive(Debug, Clone, Copy, Default)]
pub struct InternalLinks;

impl CorpusCheck for InternalLinks {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![BROKEN_LINK, MISSING_ANCHOR, unverifiable_link::UNVERIFIABLE_LINK]
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        if context.is_enabled(&BROKEN_LINK)
            || context.is_enabled(&MISSING_ANCHOR)
            || context.is_enabled(&unverifiable_link::UNVERIFIABLE_LINK)
        {
            internal::check(articles, context, out);
        }
    }

    fn dependencies(&self, article: &Article, context: &CheckContext<'_>) -> Option<Dependencies> {
        Some(internal::dependencies(article, context))
    }
}
