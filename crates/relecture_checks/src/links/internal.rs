//! Links between files of the repository: existence at the linted revision, and anchors.

use relecture_core::Message;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use relecture_core::markdown::{Link, LinkKind};
use relecture_core::{Article, CheckContext, CorpusDiagnostic, Dependencies, Diagnostic, RecordingLookup};

use super::LinksConfig;
use super::broken_link::BROKEN_LINK;
use super::missing_anchor::MISSING_ANCHOR;
use super::resolve::{Resolver, Target, url_key};
use super::unverifiable_link::UNVERIFIABLE_LINK;
use relecture_core::frontmatter::Value;
use relecture_core::site::{Generator, Part, Site, SiteConfig};

/// The anchors a page defines.
struct Anchors {
    /// Heading anchors as the renderer of its site makes them (and Hugo's definition terms
    /// when turned on).
    headings: HashSet<String>,
    /// HTML `id` and `name` attributes, and MDX components' ids: compared exactly, as browsers do.
    ids: HashSet<String>,
    /// GitHub and GitLab find a heading whatever the case of the fragment.
    fold_case: bool,
}

impl Anchors {
    fn of(article: &Article, part: &Part) -> Self {
        let headings = if part.definition_anchors {
            article.definition_anchors(part.anchors)
        } else {
            article.heading_anchors(part.anchors)
        };
        Self {
            headings: headings.into_iter().collect(),
            ids: article.html_ids.iter().cloned().collect(),
            fold_case: matches!(part.generator, Generator::Github | Generator::Gitlab),
        }
    }

    /// Whether `#fragment` leads somewhere in the page. An empty fragment and `top` (in any
    /// case) lead to the top of every page: browsers scroll there when no element has that id.
    fn contain(&self, fragment: &str) -> bool {
        fragment.is_empty()
            || fragment.eq_ignore_ascii_case("top")
            || self.headings.contains(fragment)
            || self.ids.contains(fragment)
            || (self.fold_case && self.headings.contains(&fragment.to_lowercase()))
    }

    /// Every anchor, sorted.
    fn sorted(&self) -> Vec<&String> {
        let mut all: Vec<&String> = self.headings.union(&self.ids).collect();
        all.sort();
        all
    }
}

/// Whether the page may have anchors its Markdown does not show: it includes other files or
/// template output (Hugo shortcodes `{{% … %}}` and `{{< … >}}`, Liquid `{% include %}`), whose
/// headings and ids become its own.
fn anchors_are_open(article: &Article) -> bool {
    let body = article.source.get(article.body.start..article.body.end).unwrap_or("");
    body.contains("{{%") || body.contains("{{<") || body.contains("{% include") || body.contains("{%- include")
}

/// Whether `link` names a file of the site: an e-mail autolink (`<someone@example.org>`) is an
/// address to write to, whatever it looks like.
fn names_a_file(link: &Link) -> bool {
    link.kind != LinkKind::Email
}

/// The byte ranges of Hugo's `comment` shortcode blocks (`{{% comment %}} … {{% /comment %}}`,
/// or with `<` `>`): Hugo renders nothing of what they hold.
fn commented_out(article: &Article) -> Vec<std::ops::Range<usize>> {
    static BLOCK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)\{\{[<%]-?\s*comment\s*-?[>%]\}\}.*?\{\{[<%]-?\s*/comment\s*-?[>%]\}\}")
            .expect("the comment shortcode pattern is valid")
    });
    if !article.source.contains("comment") {
        return Vec::new();
    }
    BLOCK.find_iter(&article.source).map(|m| m.range()).collect()
}

/// The links of `article` that name files of the site and that the site renders.
fn site_links(article: &Article) -> impl Iterator<Item = &Link> {
    let hidden = commented_out(article);
    article.links.iter().filter(move |link| names_a_file(link) && !hidden.iter().any(|r| r.contains(&link.range.start)))
}

/// The URLs `article` declares for itself in its front matter, keyed by [`url_key`]: its own
/// (`url`, `permalink`, Zola's `path`, a `slug` replacing the last part of its URL) and the old
/// ones that redirect to it (`aliases`, `redirect_from`).
fn declared_urls(article: &Article, part: &Part) -> Vec<String> {
    let front = article.front_matter.as_ref();
    let text = |key: &str| match front.and_then(|front| front.get(key)).map(|f| &f.value.value) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let list = |key: &str| -> Vec<String> {
        match front.and_then(|front| front.get(key)).map(|f| &f.value.value) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::List(items)) => items
                .iter()
                .filter_map(|n| match &n.value {
                    Value::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let own = part.url_of(&article.path);
    let mut urls = Vec::new();
    // A URL the page's path does not spell (a lowercased name, a dated Jekyll post) is found
    // through the page.
    if let Some(own) = &own
        && !part.candidates(own).paths.contains(&article.path)
    {
        urls.push(own.clone());
    }
    for key in ["url", "permalink", "path"] {
        if let Some(url) = text(key) {
            urls.push(if url.starts_with('/') { url } else { format!("/{url}") });
        }
    }
    if let (Some(slug), Some(own)) = (text("slug"), &own) {
        if slug.starts_with('/') {
            // Docusaurus reads an absolute slug from where the page's docs are served (`/docs/`).
            let base = match part.generator {
                Generator::Docusaurus => part
                    .content
                    .iter()
                    .filter(|mount| article.path.starts_with(&format!("{}/", mount.folder)))
                    .max_by_key(|mount| mount.folder.len())
                    .map_or("/", |mount| mount.url.as_str()),
                _ => "/",
            };
            urls.push(format!("{}{slug}", base.trim_end_matches('/')));
        } else {
            let trimmed = own.trim_end_matches('/');
            let folder = trimmed.rsplit_once('/').map_or("", |(folder, _)| folder);
            urls.push(format!("{folder}/{slug}"));
        }
    }
    // Redirects a page declares as `{ from: old-url, to: … }` entries.
    let mut redirected = Vec::new();
    if let Some(Value::List(items)) = front.and_then(|front| front.get("redirects")).map(|f| &f.value.value) {
        for item in items {
            if let Value::Map(fields) = &item.value
                && let Some(Value::String(from)) = fields.iter().find(|f| f.key == "from").map(|f| &f.value.value)
            {
                redirected.push(from.clone());
            }
        }
    }
    for alias in redirected {
        if alias.starts_with('/') {
            urls.push(alias);
        } else if let Some(own) = &own {
            urls.push(format!("{}/{alias}", own.trim_end_matches('/')));
        }
    }
    for key in ["aliases", "redirect_from"] {
        for alias in list(key) {
            if alias.starts_with('/') {
                urls.push(alias);
            } else if let Some(own) = &own {
                // A relative alias is relative to the page's section.
                let trimmed = own.trim_end_matches('/');
                let folder = trimmed.rsplit_once('/').map_or("", |(folder, _)| folder);
                urls.push(format!("{folder}/{alias}"));
            }
        }
    }
    // Docusaurus leaves number prefixes out of URLs (`01-intro/02-install.md` is
    // `/docs/intro/install`), and an `id` names the page's last part.
    if part.generator == relecture_core::site::Generator::Docusaurus
        && let Some(own) = &own
    {
        static NUMBER: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"/\d+[-_.]").expect("the number prefix pattern is valid"));
        let stripped = NUMBER.replace_all(own, "/").into_owned();
        if let Some(id) = text("id") {
            let folder = stripped.trim_end_matches('/').rsplit_once('/').map_or("", |(folder, _)| folder);
            urls.push(format!("{folder}/{id}"));
        }
        urls.push(stripped);
    }
    let base = part.base_path.trim_end_matches('/');
    let mut keys: Vec<String> =
        urls.iter().map(|url| url_key(url.strip_prefix(base).filter(|r| r.starts_with('/')).unwrap_or(url))).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The site model of the run (a plain repository when none was placed).
fn site_of(context: &CheckContext<'_>) -> std::sync::Arc<Site> {
    context.config.section::<SiteConfig>().site()
}

fn url_dependency(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(key.as_bytes(), 0x0A1)
}

fn anchor_key(path: &str, anchor: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(format!("{path}#{anchor}").as_bytes(), 0xA7C)
}

/// The key of "this path is a linted article" (only articles have anchors that are checked).
fn article_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(path.as_bytes(), 0xA27)
}

/// An article offers its anchors (and, as the version of its own key, the list of them); it needs every path its links were resolved through, and the
/// anchors its links to other articles name.
pub(super) fn dependencies(article: &Article, context: &CheckContext<'_>) -> Dependencies {
    let mut deps = Dependencies::default();
    if !context.is_enabled(&BROKEN_LINK)
        && !context.is_enabled(&MISSING_ANCHOR)
        && !context.is_enabled(&UNVERIFIABLE_LINK)
    {
        return deps;
    }
    let site = site_of(context);
    let mut own: Vec<String> =
        Anchors::of(article, site.part_of(&article.path)).sorted().into_iter().cloned().collect();
    own.sort();
    // A missing-anchor message lists the target's anchors: it depends on all of them.
    let listed = xxhash_rust::xxh3::xxh3_64(own.join("\0").as_bytes());
    deps.provides.push((article_key(&article.path), listed));
    deps.provides.extend(own.iter().map(|anchor| (anchor_key(&article.path, anchor), 0)));
    let lookup = RecordingLookup::new(context.tree);
    let settings = context.config.section::<LinksConfig>();

    deps.provides
        .extend(declared_urls(article, site.part_of(&article.path)).iter().map(|key| (url_dependency(key), 0)));
    let asked = std::sync::Mutex::new(Vec::new());
    let declared = |key: &str| -> Option<String> {
        if let Ok(mut asked) = asked.lock() {
            asked.push(url_dependency(key));
        }
        None
    };
    let resolver = Resolver { site: &site, site_roots: &settings.site_root.0, declared: &declared };
    for link in site_links(article) {
        if let Some(Target::File { path, fragment: Some(fragment) }) =
            resolver.resolve(&link.dest, &article.path, &lookup)
        {
            deps.needs.push(article_key(&path));
            deps.needs.push(anchor_key(&path, &fragment));
            deps.needs.push(anchor_key(&path, &fragment.to_lowercase()));
        }
    }
    deps.needs.extend(lookup.into_keys());
    deps.needs.extend(asked.into_inner().unwrap_or_default());
    deps.provides.sort_unstable();
    deps.provides.dedup();
    deps.needs.sort_unstable();
    deps.needs.dedup();
    deps
}

pub(super) fn check(articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
    let check_files = context.is_enabled(&BROKEN_LINK);
    let check_anchors = context.is_enabled(&MISSING_ANCHOR);
    let check_unverifiable = context.is_enabled(&UNVERIFIABLE_LINK);
    let settings = context.config.section::<LinksConfig>();
    let site = site_of(context);
    let mut declared_by: HashMap<String, usize> = HashMap::new();
    for (index, article) in articles.iter().enumerate() {
        for key in declared_urls(article, site.part_of(&article.path)) {
            declared_by.entry(key).or_insert(index);
        }
    }
    let declared = |key: &str| declared_by.get(key).map(|&i| articles[i].path.clone());
    let resolver = Resolver { site: &site, site_roots: &settings.site_root.0, declared: &declared };
    let all_anchors: Vec<(Anchors, bool)> = if check_anchors || check_unverifiable {
        articles.par_iter().map(|a| (Anchors::of(a, site.part_of(&a.path)), anchors_are_open(a))).collect()
    } else {
        Vec::new()
    };
    let by_path: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.path.as_str(), i)).collect();
    let found: Vec<Vec<CorpusDiagnostic>> = articles
        .par_iter()
        .enumerate()
        .map(|(index, article)| {
            let mut diagnostics = Vec::new();
            for link in site_links(article) {
                let Some(target) = resolver.resolve(&link.dest, &article.path, context.tree) else { continue };
                let anchor_problem = |target_index: usize, fragment: &str| -> Option<Diagnostic> {
                    let (anchors, open) = all_anchors.get(target_index)?;
                    if anchors.contain(fragment) {
                        return None;
                    }
                    if *open || !check_anchors {
                        if !*open || !check_unverifiable {
                            return None;
                        }
                        let target_path = &articles[target_index].path;
                        return Some(
                            Diagnostic::new(
                                &UNVERIFIABLE_LINK,
                                link.range,
                                Message::new("unverifiable-anchor-include")
                                    .with("fragment", fragment)
                                    .with("path", target_path),
                            )
                            .with_fingerprint_text(format!("{}\0{fragment}", link.dest)),
                        );
                    }
                    let known = anchors.sorted();
                    let listed: Vec<String> = known.iter().take(8).map(|a| format!("#{a}")).collect();
                    let target_path = &articles[target_index].path;
                    let message = if listed.is_empty() {
                        Message::new("missing-anchor-no-heading")
                    } else {
                        Message::new("missing-anchor").with("anchors", listed.join(", "))
                    };
                    let message = message.with("fragment", fragment).with("path", target_path);
                    Some(
                        Diagnostic::new(&MISSING_ANCHOR, link.range, message)
                            .with_fingerprint_text(format!("{}\0{fragment}", link.dest)),
                    )
                };
                let diagnostic = match target {
                    Target::SameArticle { fragment } if check_anchors || check_unverifiable => {
                        anchor_problem(index, &fragment)
                    }
                    Target::File { path, fragment: Some(fragment) } if check_anchors || check_unverifiable => {
                        by_path.get(path.as_str()).and_then(|&target| anchor_problem(target, &fragment))
                    }
                    Target::Missing { resolved } if check_files => Some(
                        Diagnostic::new(
                            &BROKEN_LINK,
                            link.range,
                            Message::new("broken-link-missing").with("link", &link.dest).with("resolved", resolved),
                        )
                        .with_fingerprint_text(link.dest.clone()),
                    ),
                    Target::Unverifiable { reason } if check_unverifiable => Some(
                        Diagnostic::new(
                            &UNVERIFIABLE_LINK,
                            link.range,
                            Message::new("unverifiable-link").with("link", &link.dest).with("reason", reason),
                        )
                        .with_fingerprint_text(link.dest.clone()),
                    ),
                    Target::Folder { fragment: Some(_) } if check_unverifiable => Some(
                        Diagnostic::new(
                            &UNVERIFIABLE_LINK,
                            link.range,
                            Message::new("unverifiable-folder").with("link", &link.dest),
                        )
                        .with_fingerprint_text(link.dest.clone()),
                    ),
                    Target::Outside if check_files => Some(
                        Diagnostic::new(
                            &BROKEN_LINK,
                            link.range,
                            Message::new("broken-link-outside").with("link", &link.dest),
                        )
                        .with_fingerprint_text(link.dest.clone()),
                    ),
                    _ => None,
                };
                if let Some(diagnostic) = diagnostic {
                    diagnostics.push(CorpusDiagnostic { article: index, diagnostic });
                }
            }
            diagnostics
        })
        .collect();
    out.extend(found.into_iter().flatten());
}
