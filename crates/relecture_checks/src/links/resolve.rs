//! Resolving link destinations against the tree of the linted source.

use percent_encoding::percent_decode_str;
use relecture_core::FileLookup;
use relecture_core::Message;
#[cfg(test)]
use relecture_core::TreeIndex;
pub use relecture_core::site::url_key;
use relecture_core::site::{Generator, Site, is_resource, under};

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
    /// A folder of the tree with no index page: on a site, a list the generator makes.
    Folder {
        /// The decoded fragment, if any (unverifiable: the generated page's anchors are unknown).
        fragment: Option<String>,
    },
    /// Nothing at that path: the candidates tried, for the message.
    Missing {
        /// The repository-relative path the link resolves to.
        resolved: String,
    },
    /// The path climbs above the repository root.
    Outside,
    /// A target relecture cannot see, and why.
    Unverifiable {
        /// Why, in a few words.
        reason: Message,
    },
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

/// Whether `dest` holds a generator's template syntax (Hugo shortcodes, Liquid, Zola, MDX
/// expressions): its value is only known once the site is built.
fn is_template(dest: &str) -> bool {
    dest.contains("{{") || dest.contains("{%") || dest.contains("%}") || dest.contains("}}")
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

/// How many levels above the repository's root `relative` climbs from the folder `base`.
fn levels_above(base: &str, relative: &str) -> usize {
    let mut depth = base.split('/').filter(|s| !s.is_empty()).count();
    let mut above = 0;
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." if depth > 0 => depth -= 1,
            ".." => above += 1,
            _ if above > 0 => break,
            _ => depth += 1,
        }
    }
    above
}

/// Joins a relative URL to the URL of the page it is written in, as a browser does; `None` when
/// it climbs above the site.
fn join_url(page: &str, relative: &str) -> Option<String> {
    let base = if page.ends_with('/') { page } else { page.rsplit_once('/').map_or("", |(dir, _)| dir) };
    let joined = join(base, relative)?;
    let slash = if relative.ends_with('/') && !joined.is_empty() { "/" } else { "" };
    Some(format!("/{joined}{slash}"))
}

/// What a run knows besides the tree: the site model and the URLs articles declare for
/// themselves (`aliases`, `url`, `slug`, `permalink`, `redirect_from`).
#[allow(missing_debug_implementations)] // holds a closure
pub struct Resolver<'a> {
    /// How the repository is published.
    pub site: &'a Site,
    /// Folders site-absolute links are resolved under (`[links] site_root`), tried first.
    pub site_roots: &'a [String],
    /// The article a declared URL leads to.
    pub declared: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

impl Resolver<'_> {
    /// Resolves `dest`, written in the article at `article_path`, as the published site does;
    /// `None` for an empty destination.
    pub fn resolve(&self, dest: &str, article_path: &str, tree: &impl FileLookup) -> Option<Target> {
        let dest = dest.trim();
        if dest.is_empty() {
            return None;
        }
        if let Some((target, fragment)) = hugo_ref(dest) {
            return Some(self.resolve_ref(&target, fragment, article_path, tree));
        }
        if let Some((target, fragment)) = jekyll_tag(dest) {
            return Some(self.resolve_jekyll(&target, fragment, article_path, tree));
        }
        if is_template(dest) {
            return Some(Target::Unverifiable { reason: Message::new("reason-template") });
        }
        let part = self.site.part_of(article_path);
        // A page only included in others: its relative links and its own fragments resolve
        // in the page that includes it.
        if part.is_unrendered(article_path) && !dest.starts_with('/') && !has_scheme(dest) && !dest.starts_with("//") {
            return Some(Target::Unverifiable { reason: Message::new("reason-unrendered") });
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Some(Target::SameArticle { fragment: decode(fragment) });
        }
        // Zola's internal links name the content file: `@/blog/post.md#part`.
        let (dest, zola) = match dest.strip_prefix("@/") {
            Some(rest) if part.generator == Generator::Zola => (rest, true),
            _ => (dest, false),
        };
        if !zola && (has_scheme(dest) || dest.starts_with("//")) {
            return Some(Target::External);
        }
        let (without_fragment, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(decode(fragment)).filter(|f| !f.is_empty())),
            None => (dest, None),
        };
        let path = without_fragment.split('?').next().unwrap_or("");
        if path.is_empty() {
            return fragment.map(|fragment| Target::SameArticle { fragment });
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
        let found = |located: Located| -> Target {
            match located {
                Located::File(path) => Target::File { path, fragment: fragment.clone() },
                Located::Folder => Target::Folder { fragment: fragment.clone() },
                Located::Nothing => unreachable_missing(),
            }
        };
        if zola {
            let content = part.content.first().map_or("content", |m| m.folder.as_str());
            let joined = relecture_core::site::join_path(content, &decoded);
            return Some(match locate(&joined, tree) {
                Located::Nothing => Target::Missing { resolved: joined },
                located => found(located),
            });
        }
        let mut first_missing: Option<String> = None;
        let mut unverifiable: Option<Message> = None;
        let mut outside = false;
        let mut forge_pages = false;
        if let Some(relative) = decoded.strip_prefix('/') {
            // `[links] site_root`: the folders the user named, in order.
            for root in self.site_roots {
                let Some(joined) = join(root.trim_matches('/'), relative) else { return Some(Target::Outside) };
                match locate(&joined, tree) {
                    Located::Nothing => {
                        first_missing.get_or_insert(joined);
                    }
                    located => return Some(found(located)),
                }
            }
            match self.url(part, &decoded, tree) {
                Ok(located) => return Some(found(located)),
                Err(Miss::Unverifiable(reason)) => unverifiable = Some(reason),
                Err(Miss::Missing(resolved)) => {
                    first_missing.get_or_insert(resolved);
                }
            }
        } else {
            // From the page's URL first where the site is a site: the browser does so; a
            // folder found this way only counts if the file itself names no file.
            let mut folder_found = false;
            // A link to a source file (`other.md`) names it from the file: generators that
            // rewrite such links do so from the file, and no site serves it at the page's URL.
            if part.page_relative
                && !names_page_source(&decoded)
                && let Some(page) = part.url_of(article_path)
            {
                match join_url(&page, &decoded) {
                    Some(url) => match self.url(part, &url, tree) {
                        Ok(Located::Folder) => folder_found = true,
                        Ok(located) => return Some(found(located)),
                        Err(Miss::Unverifiable(reason)) => unverifiable = Some(reason),
                        // The page's URL names what the site misses.
                        Err(Miss::Missing(resolved)) => first_missing = Some(resolved),
                    },
                    None => outside = true,
                }
            }
            // From the file, as written: how GitHub, mdBook, MkDocs and Docusaurus resolve it.
            let folder = article_path.rsplit_once('/').map_or("", |(dir, _)| dir);
            match join(folder, &decoded) {
                Some(joined) => match locate(&joined, tree) {
                    Located::Nothing | Located::Folder if folder_found => return Some(found(Located::Folder)),
                    Located::Nothing => {
                        let published = part.content.iter().any(|m| under(&joined, &m.folder))
                            || part.static_dirs.iter().any(|m| under(&joined, &m.folder));
                        if !published && !part.page_relative {
                            unverifiable = Some(Message::new("reason-outside-site").with("path", &joined));
                        }
                        first_missing.get_or_insert(joined);
                    }
                    located => return Some(found(located)),
                },
                None if first_missing.is_none() => {
                    outside = true;
                    // Two levels above a forge's file (`/owner/repo/blob/main/`) are the
                    // repository's own pages: `../../issues`.
                    forge_pages = levels_above(folder, &decoded) >= 2;
                }
                None => {}
            }
        }
        if unverifiable.is_none()
            && let Some(hook) = &part.link_hook
            && !decoded.contains(['/', '.'])
        {
            unverifiable = Some(Message::new("reason-render-hook").with("hook", hook));
        }
        if let Some(reason) = unverifiable {
            return Some(Target::Unverifiable { reason });
        }
        // A file of a kind the repository holds none of (no `.avif`, `.webm` or `.zip` anywhere)
        // is kept elsewhere: Git LFS, an asset store, a build step.
        if first_missing.is_some()
            && is_resource(&decoded)
            && let Some((_, extension)) = decoded.rsplit('/').next().and_then(|name| name.rsplit_once('.'))
            && !tree.holds_extension(extension)
        {
            return Some(Target::Unverifiable {
                reason: Message::new("reason-extension").with("extension", extension.to_lowercase()),
            });
        }
        match first_missing {
            Some(resolved) => Some(Target::Missing { resolved }),
            // On a forge, what lies above the files is the repository's own pages (`../../issues`).
            None if forge_pages && matches!(part.generator, Generator::Github | Generator::Gitlab) => {
                Some(Target::Unverifiable { reason: Message::new("reason-forge") })
            }
            None if outside => Some(Target::Outside),
            None => None,
        }
    }

    /// What serves the site URL `url` (decoded, absolute).
    fn url(&self, part: &relecture_core::site::Part, url: &str, tree: &impl FileLookup) -> Result<Located, Miss> {
        let candidates = part.candidates(url);
        for path in &candidates.paths {
            if tree.has_file(path) {
                return Ok(Located::File(path.clone()));
            }
        }
        // A site that lowercases its URLs serves `ResourceType.md` at `/resourcetype/`.
        if part.lowercase_urls
            && let Some(found) = candidates.paths.iter().find_map(|path| tree.file_ignoring_case(path))
        {
            return Ok(Located::File(found));
        }
        if let Some(path) = (self.declared)(&url_key(url)) {
            return Ok(Located::File(path));
        }
        if candidates.folders.iter().any(|folder| tree.has_folder(folder)) || part.redirects(url) {
            return Ok(Located::Folder);
        }
        // A file beside a page (a page bundle's image) is the page's, not the missing static folder's.
        let in_page_folder = candidates.folders.iter().any(|folder| {
            folder.rsplit_once('/').is_some_and(|(parent, _)| {
                tree.has_folder(parent) && !part.content.iter().any(|mount| mount.folder == parent)
            })
        });
        if part.static_missing && is_resource(url) && !in_page_folder {
            return Err(Miss::Unverifiable(Message::new("reason-static-missing")));
        }
        if candidates.unverifiable {
            return Err(Miss::Unverifiable(Message::new("reason-served-elsewhere").with("url", url)));
        }
        // A missing file other than a page is named in the folder the site copies files from.
        let copied = is_resource(url)
            .then(|| {
                candidates.paths.iter().find(|path| part.static_dirs.iter().any(|mount| under(path, &mount.folder)))
            })
            .flatten();
        let shown = copied.or(candidates.paths.first()).map_or(url, |path| path.as_str());
        Err(Miss::Missing(shown.trim_matches('/').to_string()))
    }
}

impl Resolver<'_> {
    /// Hugo's `ref`/`relref` to `target`: a content path, from the page's folder, else from the
    /// root of the content folders (the page's own first); Hugo stops the build when none is.
    fn resolve_ref(
        &self,
        target: &str,
        fragment: Option<String>,
        article_path: &str,
        tree: &impl FileLookup,
    ) -> Target {
        let part = self.site.part_of(article_path);
        let target = decode(target);
        if target.is_empty() {
            return fragment.map_or(Target::Unverifiable { reason: Message::new("reason-empty-ref") }, |fragment| {
                Target::SameArticle { fragment }
            });
        }
        let folder = article_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut mounts: Vec<&str> =
            part.content.iter().filter(|m| under(article_path, &m.folder)).map(|m| m.folder.as_str()).collect();
        mounts.extend(part.content.iter().map(|m| m.folder.as_str()));
        let mut bases: Vec<&str> = Vec::new();
        if !target.starts_with('/') {
            bases.push(folder);
        }
        bases.extend(self.site_roots.iter().map(|root| root.trim_matches('/')));
        bases.extend(mounts);
        let relative = target.trim_start_matches('/');
        for base in &bases {
            let Some(joined) = join(base, relative) else { continue };
            let candidates =
                [joined.clone(), format!("{joined}.md"), format!("{joined}/_index.md"), format!("{joined}/index.md")];
            if let Some(found) = candidates.into_iter().find(|c| tree.has_file(c)) {
                return Target::File { path: found, fragment };
            }
        }
        let first = bases.first().and_then(|base| join(base, relative)).unwrap_or_else(|| relative.to_string());
        Target::Missing { resolved: first }
    }
}

impl Resolver<'_> {
    /// Jekyll's `{% post_url name %}` (a post of `_posts`, in any of its folders) and
    /// `{% link path %}` (a file from the site's source); Jekyll stops the build when none is.
    fn resolve_jekyll(
        &self,
        tag: &JekyllTag,
        fragment: Option<String>,
        article_path: &str,
        tree: &impl FileLookup,
    ) -> Target {
        let part = self.site.part_of(article_path);
        let source = part.content.iter().find(|m| m.url == "/").map_or(part.root.as_str(), |m| m.folder.as_str());
        let candidates: Vec<String> = match tag {
            JekyllTag::Post(name) => {
                let (folder, name) = name.rsplit_once('/').map_or(("", name.as_str()), |(f, n)| (f, n));
                let posts = relecture_core::site::join_path(folder, "_posts");
                ["md", "markdown", "html"]
                    .iter()
                    .map(|ext| relecture_core::site::join_path(source, &format!("{posts}/{name}.{ext}")))
                    .collect()
            }
            JekyllTag::Link(path) => vec![relecture_core::site::join_path(source, path)],
        };
        match candidates.iter().find(|c| tree.has_file(c)) {
            Some(found) => Target::File { path: found.clone(), fragment },
            None => Target::Missing { resolved: candidates.into_iter().next().unwrap_or_default() },
        }
    }
}

/// What a Jekyll tag names.
enum JekyllTag {
    /// `{% post_url 2020-01-02-title %}`: a post.
    Post(String),
    /// `{% link path/page.md %}`: a file from the site's source.
    Link(String),
}

/// What Jekyll's `{% post_url name %}` or `{% link path %}` names, and its fragment.
fn jekyll_tag(dest: &str) -> Option<(JekyllTag, Option<String>)> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\{%-?\s*(post_url|link)\s+(\S+)\s*-?%\}(#.*)?$").expect("the Jekyll tag pattern is valid")
    });
    let captures = TAG.captures(dest.trim())?;
    let name = captures.get(2)?.as_str().trim_matches(['"', '\'']);
    if name.contains("{{") {
        return None;
    }
    let fragment = captures.get(3).map(|f| decode(&f.as_str()[1..])).filter(|f| !f.is_empty());
    let tag = if &captures[1] == "post_url" {
        JekyllTag::Post(name.to_string())
    } else {
        JekyllTag::Link(name.trim_start_matches('/').to_string())
    };
    Some((tag, fragment))
}

/// The page and fragment of Hugo's `{{< ref "page.md#part" >}}` or `relref` (with `%`
/// delimiters too, and a fragment after the shortcode).
fn hugo_ref(dest: &str) -> Option<(String, Option<String>)> {
    static REF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"^\{\{[<%]-?\s*(?:rel)?ref\s+"([^"]*)"\s*-?[>%]\}\}(#.*)?$"#)
            .expect("the ref pattern is valid")
    });
    let captures = REF.captures(dest.trim())?;
    let inside = captures.get(1)?.as_str();
    let (page, inner) = inside.split_once('#').map_or((inside, None), |(p, f)| (p, Some(f)));
    let fragment = captures.get(2).map(|f| &f.as_str()[1..]).or(inner).filter(|f| !f.is_empty()).map(decode);
    Some((page.to_string(), fragment))
}

/// Whether the last segment of `path` names a page's source file (`other.md`).
fn names_page_source(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    [".md", ".mdx", ".markdown"].iter().any(|extension| last.ends_with(extension))
}

enum Miss {
    Unverifiable(Message),
    Missing(String),
}

fn unreachable_missing() -> Target {
    Target::Missing { resolved: String::new() }
}

/// Resolves `dest`, written in the article at `article_path`, on a plain repository. Site-absolute
/// paths (`/fr/page/`) are resolved under each of `site_roots` in turn, in the layouts
/// static-site generators use: the file itself, `page.md`, `page/index.md`, `page/_index.md`, a
/// `.html` link to its `.md` source, a folder.
pub fn resolve(dest: &str, article_path: &str, site_roots: &[String], tree: &impl FileLookup) -> Option<Target> {
    let site = Site::default();
    Resolver { site: &site, site_roots, declared: &|_| None }.resolve(dest, article_path, tree)
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
    let mut candidates = vec![
        format!("{stem}.md"),
        format!("{stem}/index.md"),
        format!("{stem}/_index.md"),
        format!("{stem}/README.md"),
    ];
    if let Some(html) = stem.strip_suffix(".html") {
        candidates.push(format!("{html}.md"));
        if let Some(folder) = html.strip_suffix("/index") {
            candidates.push(format!("{folder}/README.md"));
        }
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
        assert_eq!(target("../images/"), Some(Target::Folder { fragment: None }));
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

    fn site_of(files: &[(&str, &str)]) -> (Site, TreeIndex) {
        let tree = TreeIndex::new(files.iter().map(|(p, _)| p.to_string()));
        let read = |path: &str| files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.to_string());
        (Site::detect(&tree, &read, &relecture_core::site::SiteConfig::default()), tree)
    }

    #[test]
    fn jekyll_posts_and_tags_resolve_as_jekyll_builds_them() {
        let (site, tree) = site_of(&[
            ("_config.yml", "title: x\n"),
            ("_posts/2020-01-02-hello.md", ""),
            ("about.md", ""),
            ("docs/guide.md", ""),
        ]);
        let resolver = Resolver { site: &site, site_roots: &[], declared: &|_| None };
        let target = |dest: &str| resolver.resolve(dest, "docs/guide.md", &tree).unwrap();
        assert_eq!(target("{% post_url 2020-01-02-hello %}"), file("_posts/2020-01-02-hello.md", None));
        assert_eq!(target("{% link about.md %}#team"), file("about.md", Some("team")));
        assert_eq!(target("/2020/01/02/hello.html"), file("_posts/2020-01-02-hello.md", None));
        assert_eq!(target("/about.html"), file("about.md", None));
        assert!(matches!(target("{% post_url 2020-01-03-gone %}"), Target::Missing { .. }));
        assert!(matches!(target("{{ site.baseurl }}/about/"), Target::Unverifiable { .. }));
    }

    #[test]
    fn hugo_pages_resolve_from_the_page_url_and_refs_from_the_content_folder() {
        let (site, tree) = site_of(&[
            ("hugo.toml", "baseURL = \"https://example.org/\"\n"),
            ("content/docs/java/instrumentation.md", ""),
            ("content/docs/java/api.md", ""),
            ("content/docs/Methods/ResourceType.md", ""),
        ]);
        let resolver = Resolver { site: &site, site_roots: &[], declared: &|_| None };
        let target = |dest: &str| resolver.resolve(dest, "content/docs/java/instrumentation.md", &tree).unwrap();
        // The page is /docs/java/instrumentation/: `../api/` is /docs/java/api/.
        assert_eq!(target("../api/#context"), file("content/docs/java/api.md", Some("context")));
        assert_eq!(target("/docs/methods/resourcetype/"), file("content/docs/Methods/ResourceType.md", None));
        assert_eq!(target("{{< ref \"api.md\" >}}"), file("content/docs/java/api.md", None));
        assert_eq!(target("{{< relref \"/docs/java/api\" >}}#x"), file("content/docs/java/api.md", Some("x")));
        assert!(matches!(target("{{< ref \"gone.md\" >}}"), Target::Missing { .. }));
    }
}
