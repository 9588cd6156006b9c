//! Links between files of the repository: existence at the linted revision, and anchors.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use relecture_core::markdown::{BlockKind, Link, LinkKind};
use relecture_core::{Article, CheckContext, CorpusDiagnostic, Dependencies, Diagnostic, RecordingLookup};

use super::LinksConfig;
use super::broken_link::BROKEN_LINK;
use super::missing_anchor::MISSING_ANCHOR;
use super::resolve::{Target, resolve};

/// The anchors an article defines: heading anchors and HTML ids.
fn anchors(article: &Article) -> HashSet<String> {
    let mut anchors: HashSet<String> = article
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Heading { anchor, .. } => Some(anchor.clone()),
            _ => None,
        })
        .collect();
    anchors.extend(article.html_ids.iter().cloned());
    anchors
}

/// Whether `#fragment` leads somewhere in a page with `anchors`. An empty fragment and `top`
/// (in any case) lead to the top of every page: browsers scroll there when no element has that id.
fn has_anchor(anchors: &HashSet<String>, fragment: &str) -> bool {
    fragment.is_empty()
        || fragment.eq_ignore_ascii_case("top")
        || anchors.contains(fragment)
        || anchors.contains(&fragment.to_lowercase())
}

/// Whether `link` names a file of the site: an e-mail autolink (`<someone@example.org>`) is an
/// address to write to, whatever it looks like.
fn names_a_file(link: &Link) -> bool {
    link.kind != LinkKind::Email
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
    if !context.is_enabled(&BROKEN_LINK) && !context.is_enabled(&MISSING_ANCHOR) {
        return deps;
    }
    let mut own: Vec<String> = anchors(article).into_iter().collect();
    own.sort();
    // A missing-anchor message lists the target's anchors: it depends on all of them.
    let listed = xxhash_rust::xxh3::xxh3_64(own.join("\0").as_bytes());
    deps.provides.push((article_key(&article.path), listed));
    deps.provides.extend(own.iter().map(|anchor| (anchor_key(&article.path, anchor), 0)));
    let lookup = RecordingLookup::new(context.tree);
    let settings = context.config.section::<LinksConfig>();
    for link in article.links.iter().filter(|link| names_a_file(link)) {
        if let Some(Target::File { path, fragment: Some(fragment) }) =
            resolve(&link.dest, &article.path, &settings.site_root.0, &lookup)
        {
            deps.needs.push(article_key(&path));
            deps.needs.push(anchor_key(&path, &fragment));
            deps.needs.push(anchor_key(&path, &fragment.to_lowercase()));
        }
    }
    deps.needs.extend(lookup.into_keys());
    deps.provides.sort_unstable();
    deps.provides.dedup();
    deps.needs.sort_unstable();
    deps.needs.dedup();
    deps
}

pub(super) fn check(articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
    let check_files = context.is_enabled(&BROKEN_LINK);
    let check_anchors = context.is_enabled(&MISSING_ANCHOR);
    let settings = context.config.section::<LinksConfig>();
    let site_roots = &settings.site_root.0;
    let all_anchors: Vec<HashSet<String>> =
        if check_anchors { articles.par_iter().map(|a| anchors(a)).collect() } else { Vec::new() };
    let by_path: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.path.as_str(), i)).collect();
    let found: Vec<Vec<CorpusDiagnostic>> = articles
        .par_iter()
        .enumerate()
        .map(|(index, article)| {
            let mut diagnostics = Vec::new();
            for link in article.links.iter().filter(|link| names_a_file(link)) {
                let Some(target) = resolve(&link.dest, &article.path, site_roots, context.tree) else { continue };
                let anchor_problem = |target_index: usize, fragment: &str| -> Option<Diagnostic> {
                    let anchors = all_anchors.get(target_index)?;
                    if has_anchor(anchors, fragment) {
                        return None;
                    }
                    let mut known: Vec<&String> = anchors.iter().collect();
                    known.sort();
                    let listed: Vec<String> = known.iter().take(8).map(|a| format!("#{a}")).collect();
                    let target_path = &articles[target_index].path;
                    let message = if listed.is_empty() {
                        format!("`#{fragment}` is not an anchor of {target_path}, which has no heading")
                    } else {
                        format!("`#{fragment}` is not an anchor of {target_path} (anchors: {})", listed.join(", "))
                    };
                    Some(
                        Diagnostic::new(&MISSING_ANCHOR, link.range, message)
                            .with_fingerprint_text(format!("{}\0{fragment}", link.dest)),
                    )
                };
                let diagnostic = match target {
                    Target::SameArticle { fragment } if check_anchors => anchor_problem(index, &fragment),
                    Target::File { path, fragment: Some(fragment) } if check_anchors => {
                        by_path.get(path.as_str()).and_then(|&target| anchor_problem(target, &fragment))
                    }
                    Target::Missing { resolved } if check_files => Some(
                        Diagnostic::new(
                            &BROKEN_LINK,
                            link.range,
                            format!("`{}` leads nowhere: {resolved} does not exist in this revision", link.dest),
                        )
                        .with_fingerprint_text(link.dest.clone()),
                    ),
                    Target::Outside if check_files => Some(
                        Diagnostic::new(
                            &BROKEN_LINK,
                            link.range,
                            format!("`{}` points outside the repository", link.dest),
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
