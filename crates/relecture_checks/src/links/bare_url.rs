//! `bare-url`: a URL or `www.` address written as plain text.

use crate::ArticleRule;
use relecture_core::Message;
use relecture_core::site::SiteConfig;
use relecture_core::{Applicability, Article, Diagnostic, Edit, Fix, declare_rule};
use relecture_core::{CheckContext, RuleMeta};

declare_rule! {
    /// ## What it checks
    /// An `http://`, `https://` or `www.` address written in the text without being a link,
    /// where the site's renderer leaves it as text: CommonMark, kramdown (Jekyll), Zola, mdBook,
    /// Python-Markdown (MkDocs without `pymdownx.magiclink`), Hugo with Goldmark's `linkify`
    /// turned off. Where the renderer makes such addresses links (GitHub, GitLab, Hugo by
    /// default, Docusaurus, MDX with GFM) nothing is reported; `[site] linkify` says which it
    /// is when the detection is wrong. Addresses in code, in link destinations and in autolinks
    /// (`<https://…>`) are not reported.
    ///
    /// ## Why
    /// A renderer that does not turn plain addresses into links leaves readers to copy them by
    /// hand; screen readers spell them out character by character.
    ///
    /// ## Example
    /// ```markdown
    /// Site web : www.filor-avocats.com
    /// ```
    ///
    /// ## How to fix
    /// Make it a link, ideally with words that say where it leads:
    /// `[le site du cabinet](https://www.filor-avocats.com)`. The safe fix wraps the address as
    /// an autolink: `<https://…>` as written, and `<https://www.example.org>` for a `www.`
    /// address (CommonMark autolinks need a scheme; HTTPS is what sites serve today).
    pub BARE_URL = ("bare-url", "links", Warning, "a URL written as plain text instead of a link");
}

/// Reports addresses written as plain text.
#[derive(Debug, Clone, Copy, Default)]
pub struct BareUrl;

impl ArticleRule for BareUrl {
    const RULE: &'static RuleMeta = &BARE_URL;

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let site = context.config.section::<SiteConfig>().site();
        // The renderer makes the address a link: readers get one.
        if site.part_of(&article.path).linkify {
            return;
        }
        check(article, out);
    }
}

/// Whether `url` is an address readers cannot visit, written to be read, not followed: the
/// local machine (`localhost`, `127.0.0.1`, `0.0.0.0`, `[::1]`) or a domain reserved for
/// examples (`example.org`, `*.example`, `*.test`, `*.invalid`, `*.localhost`).
fn is_not_for_visiting(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if host.starts_with('[') {
        host.split_once(']').map_or(host, |(h, _)| h).trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    matches!(host.as_str(), "127.0.0.1" | "0.0.0.0" | "::1")
        || ["localhost", "example", "test", "invalid", "example.com", "example.org", "example.net"]
            .iter()
            .any(|d| under(d))
}

fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    for &range in &article.bare_urls {
        let url = article.text(range);
        // An address a template completes (`…/blob/v{{% param version %}}/x`) is written by the
        // generator; an address nobody can visit is not a link to make.
        let after = article.source.get(range.end..).unwrap_or("");
        let templated = url.contains("{{") || url.contains("{%") || after.starts_with("{{") || after.starts_with("{%");
        if templated || is_not_for_visiting(url) {
            continue;
        }
        let has_scheme = url.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("http"));
        let replacement = if has_scheme { format!("<{url}>") } else { format!("<https://{url}>") };
        let fix = Fix { applicability: Applicability::Safe, edits: vec![Edit { range, replacement }] };
        out.push(Diagnostic::new(&BARE_URL, range, Message::new("bare-url").with("url", url)).with_fix(fix));
    }
}
