//! Resolving link destinations against the tree of the linted source.

use percent_encoding::percent_decode_str;
use relecture_core::FileLookup;
#[cfg(test)]
use relecture_core::TreeIndex;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another site, a mail address, a phone number: not resolved in the tree.
    External,
    /// A fragment of the same article (`#section`).
    SameArticle {
        /// The decoded fragment.
        fragment: String,
    },
    /// A file of the tree.
    File {
        /// Its repository-relative path.
        path: String,
        /// The decoded fragment, if any.
        fragment: Option<String>,
    },
    /// A folder of the tree.
    Folder,
    /// Nothing at that path: the candidates tried, for the message.
    Missing {
        /// The repository-relative path the link resolves to.
        resolved: String,
    },
    /// The path climbs above the repository root.
    Outside,
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else { return false };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Joins `relative` to the folder `base`, resolving `.` and `..`; `None` when it climbs out.
fn join(base: &str, relative: &str) -> Option<String> {
    let mut segments: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(segments.join("/"))
}

/// Resolves `dest`, written in the article at `article_path`. Site-absolute paths (`/fr/page/`)
/// are resolved under each of `site_roots` in turn, in the layouts static-site generators use: the file itself,
/// `page.md`, `page/index.md`, `page/_index.md`, a `.html` link to its `.md` source, a folder.
pub fn resolve(dest: &str, article_path: &str, site_roots: &[String], tree: &impl FileLookup) -> Option<Target> {
    let dest = dest.trim();
    if dest.is_empty() {
        return None;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Some(Target::SameArticle { fragment: decode(fragment) });
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Some(Target::External);
    }
    let (without_fragment, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment)).filter(|f| !f.is_empty())),
        None => (dest, None),
    };
    let path = without_fragment.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Some(match fragment {
            Some(fragment) => Target::SameArticle { fragment },
            None => return None,
        });
    }
    // Each segment is decoded on its own: an encoded `/` (`%2F`) is part of a name, never a
    // separator, as web servers read it; no file can have such a name.
    let decoded = path
        .split('/')
        .map(|segment| {
            let name = decode(segment);
            if name.contains('/') { segment.to_string() } else { name }
        })
        .collect::<Vec<_>>()
        .join("/");
    let bases: Vec<String> = match decoded.strip_prefix('/') {
        // A site-absolute path may live under any of the roots, in order.
        Some(_) if site_roots.is_empty() => vec![String::new()],
        Some(_) => site_roots.iter().map(|root| root.trim_matches('/').to_string()).collect(),
        None => vec![article_path.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_string())],
    };
    let relative = decoded.strip_prefix('/').unwrap_or(&decoded);
    let mut first_missing = None;
    for base in &bases {
        let Some(joined) = join(base, relative) else { return Some(Target::Outside) };
        match locate(&joined, tree) {
            Located::File(path) => return Some(Target::File { path, fragment: fragment.clone() }),
            Located::Folder => return Some(Target::Folder),
            Located::Nothing => {
                first_missing.get_or_insert(joined);
            }
        }
    }
    Some(Target::Missing { resolved: first_missing.unwrap_or_default() })
}

enum Located {
    File(String),
    Folder,
    Nothing,
}

/// What is at `joined` in the layouts static-site generators use.
fn locate(joined: &str, tree: &impl FileLookup) -> Located {
    if tree.has_file(joined) {
        return Located::File(joined.to_string());
    }
    let stem = joined.trim_end_matches('/');
    let mut candidates = vec![format!("{stem}.md"), format!("{stem}/index.md"), format!("{stem}/_index.md")];
    if let Some(html) = stem.strip_suffix(".html") {
        candidates.push(format!("{html}.md"));
    }
    if let Some(found) = candidates.into_iter().find(|c| tree.has_file(c)) {
        return Located::File(found);
    }
    if tree.has_folder(stem) {
        return Located::Folder;
    }
    Located::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> TreeIndex {
        TreeIndex::new(
            [
                "content/fr/charte.md",
                "content/fr/page/index.md",
                "content/fr/liste/_index.md",
                "content/fr/été.md",
                "content/images/a.png",
                "content/en/guide.md",
            ]
            .map(String::from),
        )
    }

    fn target(dest: &str) -> Option<Target> {
        resolve(dest, "content/fr/article.md", &["content".to_string()], &tree())
    }

    fn file(path: &str, fragment: Option<&str>) -> Target {
        Target::File { path: path.into(), fragment: fragment.map(String::from) }
    }

    #[test]
    fn relative_site_absolute_and_encoded_paths_resolve() {
        assert_eq!(target("charte.md#logo").unwrap(), file("content/fr/charte.md", Some("logo")));
        assert_eq!(target("./charte.md").unwrap(), file("content/fr/charte.md", None));
        assert_eq!(target("../en/guide.md").unwrap(), file("content/en/guide.md", None));
        assert_eq!(target("../images/a.png").unwrap(), file("content/images/a.png", None));
        assert_eq!(target("/fr/page/").unwrap(), file("content/fr/page/index.md", None));
        assert_eq!(target("/fr/liste/").unwrap(), file("content/fr/liste/_index.md", None));
        assert_eq!(target("/fr/charte/").unwrap(), file("content/fr/charte.md", None));
        assert_eq!(target("/fr/charte.html").unwrap(), file("content/fr/charte.md", None));
        assert_eq!(target("%C3%A9t%C3%A9.md").unwrap(), file("content/fr/été.md", None));
        assert_eq!(target("été.md?x=1#d%C3%A9pannage").unwrap(), file("content/fr/été.md", Some("dépannage")));
        assert_eq!(target("../images/"), Some(Target::Folder));
    }

    #[test]
    fn several_site_roots_are_tried_in_order() {
        // Hugo's multilingual layout: /fr/page/ under content/, /guide/ (the default language) under content/en/.
        let roots = ["content".to_string(), "content/en".to_string()];
        let target = |dest| resolve(dest, "content/en/x.md", &roots, &tree()).unwrap();
        assert_eq!(target("/guide/"), file("content/en/guide.md", None));
        assert_eq!(target("/fr/charte/"), file("content/fr/charte.md", None));
        assert_eq!(target("/absent/"), Target::Missing { resolved: "content/absent".into() });
    }

    #[test]
    fn external_fragments_missing_and_outside() {
        assert_eq!(target("https://example.org/a"), Some(Target::External));
        assert_eq!(target("mailto:a@b.fr"), Some(Target::External));
        assert_eq!(target("//cdn.example.org/x.js"), Some(Target::External));
        assert_eq!(target("#d%C3%A9pannage"), Some(Target::SameArticle { fragment: "dépannage".into() }));
        assert_eq!(target("manquant.md"), Some(Target::Missing { resolved: "content/fr/manquant.md".into() }));
        assert_eq!(target("../../../etc/passwd"), Some(Target::Outside));
        assert_eq!(target(""), None);
    }
}
