//! The `links` family: addresses readers cannot follow.

mod bare_url;

use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, RuleMeta};

pub use bare_url::BARE_URL;

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

#[cfg(test)]
mod tests {
    use crate::test_support::render_fixture;

    #[test]
    fn bare_url_fixture() {
        insta::assert_snapshot!(render_fixture("bare-url"));
    }
}
