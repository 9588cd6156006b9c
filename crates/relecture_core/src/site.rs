//! The site model: how the repository's pages are published, read from the repository alone.
//!
//! A site generator (Hugo, Jekyll, Zola, Docusaurus, a Next.js/MDX site, mdBook, MkDocs) or a
//! forge's rendering of a plain repository (GitHub, GitLab) decides the address of each page,
//! how a link is resolved, how heading anchors are made and whether a bare address becomes a
//! link. [`Site::detect`] reads that from the generator's own files; `[site]` keys override it;
//! each setting remembers where it came from, for `relecture site`.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::{Invalid, Section, SectionLines};
use crate::frontmatter::{Field, FrontMatterFormat, Value, parse_document};
use crate::slug::Slugger;
use crate::tree::TreeIndex;

/// The program that turns the repository into a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Generator {
    /// Hugo.
    Hugo,
    /// Jekyll (and GitHub Pages).
    Jekyll,
    /// Zola.
    Zola,
    /// Docusaurus.
    Docusaurus,
    /// A Next.js site, or another site of Markdown and MDX pages.
    Mdx,
    /// mdBook.
    Mdbook,
    /// MkDocs.
    Mkdocs,
    /// GitHub's rendering of the repository's files.
    Github,
    /// GitLab's rendering of the repository's files.
    Gitlab,
}

impl Generator {
    /// The name `[site] generator` takes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Hugo => "hugo",
            Self::Jekyll => "jekyll",
            Self::Zola => "zola",
            Self::Docusaurus => "docusaurus",
            Self::Mdx => "mdx",
            Self::Mdbook => "mdbook",
            Self::Mkdocs => "mkdocs",
            Self::Github => "github",
            Self::Gitlab => "gitlab",
        }
    }
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `[site]`: what the user says of the site, over what is detected.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// The generator; detected when absent.
    pub generator: Option<Generator>,
    /// The folder holding the generator's configuration, when not the repository's root.
    pub root: Option<String>,
    /// Folders published as pages, each at a URL: `"content/en"` (at `/`) or `"content/fr = /fr/"`.
    pub content: Option<Vec<String>>,
    /// Folders copied as they are (images, downloads), each at a URL, as `content`.
    #[serde(rename = "static")]
    pub static_dirs: Option<Vec<String>>,
    /// The path the site is served under (`/docs/` for `https://example.org/docs/`).
    pub base_path: Option<String>,
    /// URL prefixes served by what the repository does not hold (another repository, a
    /// generated section): links there are unverifiable, never broken.
    pub unverifiable: Vec<String>,
    /// How heading anchors are made: `github`, `gitlab`, `hugo-github`, `hugo-github-ascii`,
    /// `hugo-blackfriday`, `kramdown`, `kramdown-gfm`, `zola`, `mdbook`, `python-markdown`,
    /// `docusaurus`.
    pub anchors: Option<Slugger>,
    /// Whether the renderer makes bare addresses (`https://…`, `www.…`) links.
    pub linkify: Option<bool>,
    /// Pretty page URLs (`/page/`) or ugly ones (`/page.html`).
    pub ugly_urls: Option<bool>,
    /// Whether page URLs are lowercased.
    pub lowercase_urls: Option<bool>,
    /// The site's default language.
    pub default_language: Option<String>,
    /// The model detected for the linted source, placed by the engine (never read from a file).
    #[serde(skip)]
    pub detected: Option<Arc<Site>>,
}

impl SiteConfig {
    /// The site model of the run: the one detected from the source's files, else (a run on
    /// articles given in memory, a history walk) a plain repository with these settings applied.
    pub fn site(&self) -> Arc<Site> {
        if let Some(site) = &self.detected {
            return Arc::clone(site);
        }
        let mut site = Site::default();
        if let Some(part) = site.parts.first_mut() {
            if let Some(generator) = self.generator {
                *part = plain(generator, "");
            }
            apply_overrides(part, self);
        }
        Arc::new(site)
    }
}

impl Section for SiteConfig {
    const NAME: &'static str = "site";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
        for (key, entries) in [("content", &self.content), ("static", &self.static_dirs)] {
            for entry in entries.iter().flatten() {
                if parse_mount(entry, true).is_none() {
                    return Err(Invalid {
                        line: lines.line(&[key], Some(entry)),
                        message: format!(
                            "`[site] {key}` entry \"{entry}\" is not a folder of the repository, optionally followed by `= /url/`"
                        ),
                    });
                }
            }
        }
        Ok(())
    }
}

/// A folder of the repository published at a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mount {
    /// Repository-relative folder (`""` for the root).
    pub folder: String,
    /// The URL path it is served at, starting and ending with `/`.
    pub url: String,
    /// The language of its pages, when the site publishes several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// `"folder"` or `"folder = /url/"`; `None` for a path that leaves the repository.
fn parse_mount(entry: &str, _: bool) -> Option<Mount> {
    let (folder, url) = match entry.split_once('=') {
        Some((folder, url)) => (folder.trim(), url.trim()),
        None => (entry.trim(), "/"),
    };
    let folder = clean_folder(folder)?;
    Some(Mount { folder, url: url_prefix(url), language: None })
}

/// A repository-relative folder without `./`, leading or trailing `/`; `None` when it climbs out.
fn clean_folder(folder: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in folder.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `docs` → `/docs/`, `` → `/`.
fn url_prefix(url: &str) -> String {
    let trimmed = url.trim().trim_matches('/');
    if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
}

/// Where a setting of the model came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting {
    /// The setting, as `relecture site` names it.
    pub name: String,
    /// Its value, as printed.
    pub value: String,
    /// Where it was read: a file and key, `[site]` of relecture.toml, or `default`.
    pub from: String,
}

/// One published site of the repository (most repositories hold one; a book may hold a
/// translation beside its source, each with its `book.toml`).
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The generator.
    pub generator: Generator,
    /// The folder holding its configuration (`""`: the root).
    pub root: String,
    /// The path the site is served under, starting and ending with `/`.
    pub base_path: String,
    /// Folders of pages, most specific first.
    pub content: Vec<Mount>,
    /// Folders copied as they are.
    pub static_dirs: Vec<Mount>,
    /// URL prefixes served by what the repository does not hold.
    pub unverifiable: Vec<String>,
    /// Pretty page URLs (`/page/`) or ugly ones (`/page.html`).
    pub ugly_urls: bool,
    /// Page URLs are lowercased.
    pub lowercase_urls: bool,
    /// A relative link is also resolved from the page's URL (the browser does so on the
    /// published site); links are always resolved from the file too, and a link to a source
    /// file (`other.md`) only from the file, as generators that rewrite such links do.
    pub page_relative: bool,
    /// How heading anchors are made.
    pub anchors: Slugger,
    /// Hugo's `autoDefinitionTermID`: terms of definition lists have anchors too.
    pub definition_anchors: bool,
    /// Bare addresses become links.
    pub linkify: bool,
    /// The default language, when the site says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_language: Option<String>,
    /// The languages the site publishes (codes as the site writes them).
    pub languages: Vec<String>,
    /// Whether the site's configuration states its default language (Hugo's
    /// `defaultContentLanguage` or `[languages]`, Zola's `default_language`, Jekyll's `lang`,
    /// Docusaurus' `i18n.defaultLocale`, mdBook's `language`, MkDocs' `theme.language`), rather
    /// than the generator assuming English: only a stated language declares the pages'.
    pub language_stated: bool,
    /// Page files `page.fr.md` are translations (`/fr/page/`).
    pub language_suffixes: bool,
    /// URLs the host redirects (`vercel.json`, `netlify.toml`, `_redirects`), as [`url_key`]s;
    /// a pattern (`/blog/:slug`, `/docs/*`) as the prefix before its first variable part.
    pub redirects: Vec<String>,
    /// Globs of the logical paths of pages the generator does not render on their own
    /// (Hugo's `cascade` with `build.render: never`): their relative links resolve where
    /// they are included.
    pub unrendered: Vec<String>,
    /// [`Part::unrendered`], compiled.
    #[serde(skip)]
    unrendered_globs: Option<globset::GlobSet>,
    /// A render hook of the site rewrites link destinations (Hugo's `render-link.html`): a
    /// destination that is a bare word (`[processable image](g)`) is its to resolve.
    pub link_hook: Option<String>,
    /// None of the folders copied as they are is in the repository: files the site serves
    /// beside its pages (images, downloads) cannot be seen.
    pub static_missing: bool,
    /// Where each setting came from.
    pub settings: Vec<Setting>,
}

impl Part {
    fn new(generator: Generator, root: &str) -> Self {
        let (anchors, linkify, page_relative) = match generator {
            Generator::Hugo => (Slugger::HugoGithub, true, true),
            Generator::Jekyll => (Slugger::KramdownGfm, false, true),
            Generator::Zola => (Slugger::Zola, false, true),
            Generator::Docusaurus => (Slugger::Docusaurus, true, true),
            Generator::Mdx => (Slugger::Github, true, true),
            Generator::Mdbook => (Slugger::MdBook, false, false),
            Generator::Mkdocs => (Slugger::PythonMarkdown, false, true),
            Generator::Github => (Slugger::Github, true, false),
            Generator::Gitlab => (Slugger::Gitlab, true, false),
        };
        Self {
            generator,
            root: root.to_string(),
            base_path: "/".into(),
            content: Vec::new(),
            static_dirs: Vec::new(),
            unverifiable: Vec::new(),
            // mdBook publishes `chapter.md` as `chapter.html`.
            ugly_urls: generator == Generator::Mdbook,
            lowercase_urls: false,
            page_relative,
            anchors,
            definition_anchors: false,
            linkify,
            default_language: None,
            languages: Vec::new(),
            language_stated: false,
            language_suffixes: false,
            redirects: Vec::new(),
            unrendered: Vec::new(),
            unrendered_globs: None,
            link_hook: None,
            static_missing: false,
            settings: Vec::new(),
        }
    }

    fn note(&mut self, name: &str, value: impl fmt::Display, from: impl Into<String>) {
        let value = value.to_string();
        let from = from.into();
        if let Some(existing) = self.settings.iter_mut().find(|s| s.name == name) {
            existing.value = value;
            existing.from = from;
        } else {
            self.settings.push(Setting { name: name.into(), value, from });
        }
    }

    /// Whether `path` is one of this site's files: under its root.
    fn holds(&self, path: &str) -> bool {
        under(path, &self.root)
    }

    /// The URL of the page or file at `path` (repository-relative), `None` when no folder of
    /// the site publishes it.
    pub fn url_of(&self, path: &str) -> Option<String> {
        // A folder mounted for several languages (a fallback) has its own language's URL first,
        // then the most specific folder.
        let own = self
            .content
            .iter()
            .filter_map(|mount| strip_folder(path, &mount.folder).map(|rest| (mount, rest)))
            .min_by_key(|(mount, _)| {
                let foreign = mount.language.is_some() && mount.language != self.default_language;
                (foreign, std::cmp::Reverse(mount.folder.len()))
            });
        if let Some((mount, rest)) = own {
            return Some(self.page_url(&mount.url, rest));
        }
        for mount in &self.static_dirs {
            if let Some(rest) = strip_folder(path, &mount.folder) {
                return Some(format!("{}{rest}", mount.url));
            }
        }
        None
    }

    fn page_url(&self, prefix: &str, rest: &str) -> String {
        let Some((stem, extension)) = rest.rsplit_once('.') else { return format!("{prefix}{rest}") };
        if !is_page_extension(extension) {
            return format!("{prefix}{rest}");
        }
        let (folder, name) = stem.rsplit_once('/').map_or(("", stem), |(f, n)| (f, n));
        let (name, language) = match name.rsplit_once('.') {
            Some((name, code)) if self.language_suffixes && self.languages.iter().any(|l| l == code) => {
                (name, Some(code))
            }
            _ => (name, None),
        };
        let prefix = match language {
            Some(code) if Some(code) != self.default_language.as_deref() => format!("{prefix}{code}/"),
            _ => prefix.to_string(),
        };
        if self.generator == Generator::Jekyll
            && let Some(url) = jekyll_post_url(folder, name, self.ugly_urls)
        {
            return format!("{}{url}", prefix.trim_end_matches('/'));
        }
        // Zola takes a leading date off a page's name: `2024-01-15-hello.md` is `hello`.
        let name = if self.generator == Generator::Zola { without_date(name) } else { name };
        // Docusaurus takes number prefixes off each part (`01-guides/02-setup.md` is
        // `guides/setup`), and a page named as its folder (`guides/guides.md`) is the folder's index.
        let unnumbered: String;
        let (folder, name) = if self.generator == Generator::Docusaurus {
            unnumbered = folder.split('/').map(without_number_prefix).collect::<Vec<_>>().join("/");
            (unnumbered.as_str(), without_number_prefix(name))
        } else {
            (folder, name)
        };
        let named_as_folder =
            self.generator == Generator::Docusaurus && !folder.is_empty() && folder.rsplit('/').next() == Some(name);
        let folder = if folder.is_empty() { String::new() } else { format!("{folder}/") };
        let index = named_as_folder || matches!(name, "index" | "_index" | "README" | "readme");
        let url = match self.generator {
            Generator::Github | Generator::Gitlab => format!("{prefix}{rest}"),
            Generator::Mdbook if index => format!("{prefix}{folder}index.html"),
            Generator::Mdbook => format!("{prefix}{folder}{name}.html"),
            _ if index => format!("{prefix}{folder}"),
            Generator::Jekyll | Generator::Hugo | Generator::Zola | Generator::Mkdocs if self.ugly_urls => {
                format!("{prefix}{folder}{name}.html")
            }
            Generator::Docusaurus | Generator::Mdx => format!("{prefix}{folder}{name}"),
            _ => format!("{prefix}{folder}{name}/"),
        };
        if self.lowercase_urls { url.to_lowercase() } else { url }
    }

    /// The files that may serve `url` (a decoded absolute URL path, without query or
    /// fragment), in the order they are tried, and whether the URL is one the repository
    /// cannot show (under an unverifiable prefix).
    pub fn candidates(&self, url: &str) -> Candidates {
        let mut found = Candidates::default();
        let url =
            match url.strip_prefix(self.base_path.trim_end_matches('/')) {
                Some(rest) if self.base_path != "/" && (rest.is_empty() || rest.starts_with('/')) => {
                    if rest.is_empty() { "/" } else { rest }
                }
                _ => url,
            };
        let folder_url = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
        found.unverifiable = self.unverifiable.iter().any(|prefix| folder_url.starts_with(prefix.as_str()));
        for mount in self.content.iter().chain(&self.static_dirs) {
            let Some(rest) =
                url.strip_prefix(mount.url.as_str()).or_else(|| (url == mount.url.trim_end_matches('/')).then_some(""))
            else {
                continue;
            };
            let is_page_mount = self.content.contains(mount);
            found.paths.push(join_path(&mount.folder, rest));
            if is_page_mount {
                page_sources(&join_path(&mount.folder, rest), self, &mut found.paths);
                found.folders.push(join_path(&mount.folder, rest.trim_end_matches('/')));
                // A translated page bundle uses the default language's resources it lacks.
            }
        }
        // Jekyll's posts: `/2020/01/02/title.html` (after any categories) is `_posts/2020-01-02-title.md`.
        if self.generator == Generator::Jekyll
            && let Some(post) = jekyll_post(url)
        {
            for mount in self.content.iter().filter(|m| m.url == "/") {
                for extension in ["md", "markdown"] {
                    found.paths.push(join_path(&mount.folder, &format!("_posts/{post}.{extension}")));
                }
            }
        }
        // A translated page bundle uses the default language's resources it lacks; Docusaurus
        // serves the default language's page where a translation is missing.
        if is_resource(url) || self.generator == Generator::Docusaurus {
            for code in self.languages.iter().filter(|code| Some(code.as_str()) != self.default_language.as_deref()) {
                if let Some(rest) = url.strip_prefix(&format!("/{code}/")) {
                    let fallback = self.candidates(&format!("/{rest}"));
                    found.paths.extend(fallback.paths);
                }
            }
        }
        found
    }
}

impl Part {
    /// Whether the page at `path` is not rendered on its own (see [`Part::unrendered`]).
    pub fn is_unrendered(&self, path: &str) -> bool {
        if self.unrendered.is_empty() {
            return false;
        }
        let Some(rest) = self.content.iter().find_map(|m| strip_folder(path, &m.folder)) else { return false };
        let logical = format!("/{}", rest.rsplit_once('.').map_or(rest, |(stem, _)| stem));
        self.unrendered_globs.as_ref().is_some_and(|globs| globs.is_match(&logical))
    }
}

/// Every combination of the `{a,b}` groups of `pattern` (not nested; at most 64).
fn expand_braces(pattern: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        let choices: Vec<&str> = rest[open + 1..close].split(',').collect();
        let prefix = &rest[..open];
        out = out
            .iter()
            .flat_map(|start| choices.iter().map(move |choice| format!("{start}{prefix}{choice}")))
            .take(64)
            .collect();
        rest = &rest[close + 1..];
    }
    out.into_iter().map(|start| format!("{start}{rest}")).collect()
}

/// What may serve a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Files, in the order they are tried.
    pub paths: Vec<String>,
    /// Folders whose existence makes the URL a generated list page.
    pub folders: Vec<String>,
    /// The URL is served by what the repository does not hold.
    pub unverifiable: bool,
}

/// The name of the Jekyll post a date URL names (`/news/2020/01/02/title.html` →
/// `2020-01-02-title`).
fn jekyll_post(url: &str) -> Option<String> {
    static POST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"/(\d{4})/(\d{2})/(\d{2})/([^/]+?)(?:\.html|/)?$").expect("the post URL pattern is valid")
    });
    let captures = POST.captures(url)?;
    Some(format!("{}-{}-{}-{}", &captures[1], &captures[2], &captures[3], &captures[4]))
}

/// `segment` without the number prefix Docusaurus takes off (`01-intro` → `intro`,
/// `003 - Setup` → `Setup`); dates and versions (`2021-01-31-x`, `7.0-x`) keep their numbers.
fn without_number_prefix(segment: &str) -> &str {
    let digits = segment.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return segment;
    }
    let rest = &segment[digits..];
    let is_separator = |c: char| matches!(c, '-' | '_' | '.');
    let mut chars = rest.chars();
    if chars.next().is_some_and(is_separator) && chars.next().is_some_and(|c| c.is_ascii_digit()) {
        return segment;
    }
    let spaced = rest.trim_start();
    let separated = spaced.trim_start_matches(is_separator);
    if separated.len() == spaced.len() {
        return segment;
    }
    let suffix = separated.trim_start();
    if suffix.starts_with(is_separator) || suffix.is_empty() { segment } else { suffix }
}

/// `name` without a leading `YYYY-MM-DD` date and the `-` or `_` after it.
fn without_date(name: &str) -> &str {
    let bytes = name.as_bytes();
    let dated = bytes.len() > 11
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&at| bytes[at].is_ascii_digit())
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'-' | b'_');
    if dated { &name[11..] } else { name }
}

/// The URL Jekyll gives the post `name` in `folder` (`_posts/2024-01-15-hello.md` →
/// `/2024/01/15/hello.html`, or `/2024/01/15/hello/` with pretty permalinks): the folders above
/// `_posts` are its categories; `None` when the file is not a dated post.
fn jekyll_post_url(folder: &str, name: &str, ugly: bool) -> Option<String> {
    use std::fmt::Write as _;
    let segments: Vec<&str> = folder.split('/').collect();
    let at = segments.iter().position(|segment| *segment == "_posts")?;
    let date = name.get(..11)?;
    let title = name.get(11..).filter(|title| !title.is_empty())?;
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10) && bytes[4] == b'-' && bytes[7] == b'-' && bytes[10] == b'-') {
        return None;
    }
    let mut url = String::new();
    for category in &segments[..at] {
        let _ = write!(url, "/{category}");
    }
    let (year, month, day) = (&date[..4], &date[5..7], &date[8..10]);
    let end = if ugly { ".html" } else { "/" };
    let _ = write!(url, "/{year}/{month}/{day}/{title}{end}");
    Some(url)
}

/// Whether the last segment of `url` names a file other than a page (`a.png`, `b.pdf`).
pub fn is_resource(url: &str) -> bool {
    let last = url.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.').is_some_and(|(stem, extension)| !stem.is_empty() && !is_page_extension(extension))
}

/// A URL as redirects and declared URLs are compared: without `index.html`, `.html` or
/// trailing `/`, lowercase.
pub fn url_key(url: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap_or("");
    let url = url.strip_suffix("index.html").unwrap_or(url);
    let url = url.strip_suffix(".html").unwrap_or(url);
    format!("/{}", url.trim_matches('/').to_lowercase())
}

impl Part {
    /// Whether the host redirects `url` (a decoded absolute URL path) somewhere.
    pub fn redirects(&self, url: &str) -> bool {
        let key = url_key(url);
        self.redirects.iter().any(|r| {
            if let Some(prefix) = r.strip_suffix('*') {
                key.starts_with(prefix.trim_end_matches('/'))
            } else {
                *r == key
            }
        })
    }
}

/// The redirects a host reads from the repository: Vercel's `vercel.json`, Netlify's
/// `netlify.toml` and `_redirects`.
fn read_redirects(part: &mut Part, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>) {
    let mut sources: Vec<(String, String)> = Vec::new();
    let vercel = join_path(&part.root, "vercel.json");
    if let Some(text) = tree.has_file(&vercel).then(|| read(&vercel)).flatten()
        && let Ok(fields) = parse_document(&text, FrontMatterFormat::Yaml)
    {
        for key in ["redirects", "rewrites"] {
            if let Some(Value::List(items)) = lookup(&fields, &[key]) {
                for item in items {
                    if let Value::Map(entry) = &item.value
                        && let Some(source) = lookup(entry, &["source"]).and_then(as_string)
                    {
                        sources.push((source, vercel.clone()));
                    }
                }
            }
        }
    }
    let netlify = join_path(&part.root, "netlify.toml");
    if let Some(text) = tree.has_file(&netlify).then(|| read(&netlify)).flatten()
        && let Ok(fields) = parse_document(&text, FrontMatterFormat::Toml)
        && let Some(Value::List(items)) = lookup(&fields, &["redirects"])
    {
        for item in items {
            if let Value::Map(entry) = &item.value
                && let Some(from) = lookup(entry, &["from"]).and_then(as_string)
            {
                sources.push((from, netlify.clone()));
            }
        }
    }
    let folders: Vec<String> = part.static_dirs.iter().map(|m| m.folder.clone()).chain([part.root.clone()]).collect();
    for folder in folders {
        let file = join_path(&folder, "_redirects");
        if let Some(text) = tree.has_file(&file).then(|| read(&file)).flatten() {
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                if let Some(from) = line.split_whitespace().next() {
                    sources.push((from.to_string(), file.clone()));
                }
            }
        }
    }
    let mut files = Vec::new();
    for (source, file) in sources {
        // Only the site's own paths: redirects of other hosts (`https://docs.example.org/*`) are not its URLs.
        if !source.starts_with('/') {
            continue;
        }
        let pattern = source.find([':', '*', '(']).map(|at| &source[..at]);
        let key = match pattern {
            Some(prefix) => format!("{}*", url_key(prefix).trim_end_matches('/')),
            None => url_key(&source),
        };
        part.redirects.push(key);
        if !files.contains(&file) {
            files.push(file);
        }
    }
    if !files.is_empty() {
        part.note("redirects", format!("{} URLs", part.redirects.len()), files.join(", "));
    }
}

fn is_page_extension(extension: &str) -> bool {
    matches!(extension, "md" | "markdown" | "mdx" | "mdown" | "html" | "htm")
}

/// The page files that may be published at `joined` (a repository path made from a URL).
fn page_sources(joined: &str, part: &Part, out: &mut Vec<String>) {
    let stem = joined.trim_end_matches('/');
    let stem = stem.strip_suffix("/index.html").unwrap_or(stem);
    let stem = stem.strip_suffix(".html").or_else(|| stem.strip_suffix(".htm")).unwrap_or(stem);
    if stem.is_empty() {
        out.extend(["index.md", "_index.md", "README.md", "index.mdx"].map(String::from));
        return;
    }
    for extension in ["md", "mdx", "markdown"] {
        out.push(format!("{stem}.{extension}"));
    }
    for index in ["index.md", "_index.md", "README.md", "index.mdx", "readme.md"] {
        out.push(format!("{stem}/{index}"));
    }
    if part.language_suffixes
        && let Some(language) = &part.default_language
    {
        out.push(format!("{stem}.{language}.md"));
    }
    if part.generator == Generator::Mdbook {
        out.push(format!("{stem}/README.md"));
    }
}

/// Whether `path` is in `folder` (any file is in the root, `""`).
pub fn under(path: &str, folder: &str) -> bool {
    folder.is_empty() || path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

fn strip_folder<'a>(path: &'a str, folder: &str) -> Option<&'a str> {
    if folder.is_empty() {
        return Some(path);
    }
    path.strip_prefix(folder)?.strip_prefix('/')
}

/// Whether `name` is written like a language code: `fr`, `pt-br`, `zh-hant`.
fn is_language_code(name: &str) -> bool {
    let (language, region) = name.split_once('-').map_or((name, None), |(l, r)| (l, Some(r)));
    language.len() == 2
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `folder` + `/` + `path`, either possibly empty.
pub fn join_path(folder: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    if folder.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        folder.to_string()
    } else {
        format!("{folder}/{path}")
    }
}

/// How the repository is published: one part per site it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The sites, most specific root first.
    pub parts: Vec<Part>,
}

impl Default for Site {
    /// A plain repository rendered by GitHub.
    fn default() -> Self {
        Self { parts: vec![plain(Generator::Github, "")] }
    }
}

fn plain(generator: Generator, root: &str) -> Part {
    let mut part = Part::new(generator, root);
    part.content.push(Mount { folder: root.to_string(), url: "/".into(), language: None });
    part
}

impl Site {
    /// The site `path` belongs to.
    pub fn part_of(&self, path: &str) -> &Part {
        self.parts
            .iter()
            .find(|part| part.content.iter().any(|m| under(path, &m.folder)))
            .or_else(|| self.parts.iter().find(|part| part.holds(path)))
            .unwrap_or(&self.parts[0])
    }

    /// Detects how the repository is published from its files: `tree` lists them, `read` gives
    /// the text of one (`None` when absent or unreadable); `config` overrides.
    pub fn detect(tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, config: &SiteConfig) -> Self {
        let root = config.root.as_deref().and_then(clean_folder).unwrap_or_default();
        let mut parts = Vec::new();
        let main = match config.generator {
            Some(generator) => Some(detect_as(generator, &root, tree, read)),
            None => detect_at(&root, tree, read),
        };
        let mut main = main.unwrap_or_else(|| {
            let forge =
                if tree.has_file(&join_path(&root, ".gitlab-ci.yml")) { Generator::Gitlab } else { Generator::Github };
            let mut part = plain(forge, &root);
            let from = if forge == Generator::Gitlab { ".gitlab-ci.yml" } else { "no generator's file found" };
            part.note("generator", forge, from);
            part
        });
        if config.generator.is_some() {
            main.note("generator", main.generator, "relecture.toml [site] generator");
        }
        apply_overrides(&mut main, config);
        // Other books of the repository (a translation beside its source), each in its folder.
        if main.generator == Generator::Mdbook || config.generator.is_none() {
            for folder in tree.folders_with_file("book.toml", 2) {
                if folder != root
                    && let Some(book) = detect_as_book(&folder, tree, read)
                {
                    parts.push(book);
                }
            }
        }
        parts.push(main);
        for part in &mut parts {
            read_redirects(part, tree, read);
            part.static_missing =
                !part.static_dirs.is_empty() && !part.static_dirs.iter().any(|m| tree.has_folder(&m.folder));
            if part.static_missing {
                let folders: Vec<&str> = part.static_dirs.iter().map(|m| m.folder.as_str()).collect();
                part.note("static files", "not in the repository: unverifiable", folders.join(", "));
            }
        }
        // Most specific first: a nested book before the repository's site.
        parts.sort_by_key(|part| std::cmp::Reverse(part.root.len()));
        Self { parts }
    }
}

fn apply_overrides(part: &mut Part, config: &SiteConfig) {
    const FROM: &str = "relecture.toml [site]";
    if let Some(content) = &config.content {
        part.content = content.iter().filter_map(|entry| parse_mount(entry, true)).collect();
        part.note("content", mounts_text(&part.content), FROM);
    }
    if let Some(dirs) = &config.static_dirs {
        part.static_dirs = dirs.iter().filter_map(|entry| parse_mount(entry, true)).collect();
        part.note("static", mounts_text(&part.static_dirs), FROM);
    }
    if let Some(base) = &config.base_path {
        part.base_path = url_prefix(base);
        part.note("base path", part.base_path.clone(), FROM);
    }
    if !config.unverifiable.is_empty() {
        part.unverifiable.extend(config.unverifiable.iter().map(|u| url_prefix(u)));
        part.note("unverifiable", part.unverifiable.join(", "), FROM);
    }
    if let Some(anchors) = config.anchors {
        part.anchors = anchors;
        part.note("anchors", anchors.name(), FROM);
    }
    if let Some(linkify) = config.linkify {
        part.linkify = linkify;
        part.note("bare addresses become links", linkify, FROM);
    }
    if let Some(ugly) = config.ugly_urls {
        part.ugly_urls = ugly;
        part.note("ugly URLs", ugly, FROM);
    }
    if let Some(lower) = config.lowercase_urls {
        part.lowercase_urls = lower;
        part.note("lowercase URLs", lower, FROM);
    }
    if let Some(language) = &config.default_language {
        part.default_language = Some(language.clone());
        part.language_stated = true;
        part.note("default language", language, FROM);
    }
}

/// `content/en → /, content/fr → /fr/`.
pub fn mounts_text(mounts: &[Mount]) -> String {
    if mounts.is_empty() {
        return "(none)".into();
    }
    mounts
        .iter()
        .map(|m| {
            let folder = if m.folder.is_empty() { "(root)" } else { &m.folder };
            format!("{folder} → {}", m.url)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first generator whose files are at `root`.
fn detect_at(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>) -> Option<Part> {
    // Zola before Hugo: both name section pages `_index.md`, only Zola's configuration has `base_url`.
    zola(root, tree, read, false)
        .or_else(|| hugo(root, tree, read, false))
        .or_else(|| jekyll(root, tree, read, false))
        .or_else(|| docusaurus(root, tree, read, false))
        .or_else(|| detect_as_book(root, tree, read))
        .or_else(|| mkdocs(root, tree, read, false))
        .or_else(|| mdx(root, tree, read, false))
}

/// `generator`'s reading of `root`, with its defaults where its files say nothing.
fn detect_as(generator: Generator, root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>) -> Part {
    let found = match generator {
        Generator::Hugo => hugo(root, tree, read, true),
        Generator::Zola => zola(root, tree, read, true),
        Generator::Jekyll => jekyll(root, tree, read, true),
        Generator::Docusaurus => docusaurus(root, tree, read, true),
        Generator::Mdbook => Some(book(root, tree, read)),
        Generator::Mkdocs => mkdocs(root, tree, read, true),
        Generator::Mdx => mdx(root, tree, read, true),
        Generator::Github | Generator::Gitlab => None,
    };
    found.unwrap_or_else(|| plain(generator, root))
}

fn detect_as_book(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>) -> Option<Part> {
    tree.has_file(&join_path(root, "book.toml")).then(|| book(root, tree, read))
}

/// A parsed configuration file: its path and top-level fields.
struct Document {
    path: String,
    fields: Vec<Field>,
}

impl Document {
    fn read(path: String, read: &dyn Fn(&str) -> Option<String>) -> Option<Self> {
        let text = read(&path)?;
        let toml = std::path::Path::new(&path).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        let format = if toml { FrontMatterFormat::Toml } else { FrontMatterFormat::Yaml };
        let fields = parse_document(&text, format).unwrap_or_default();
        Some(Self { path, fields })
    }

    fn get(&self, key: &[&str]) -> Option<&Value> {
        lookup(&self.fields, key)
    }

    fn string(&self, key: &[&str]) -> Option<String> {
        as_string(self.get(key)?)
    }

    fn boolean(&self, key: &[&str]) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    fn from(&self, key: &[&str]) -> String {
        format!("{} {}", self.path, key.join("."))
    }
}

/// The value at `key` (a path of map keys, compared without case as Hugo does).
fn lookup<'a>(fields: &'a [Field], key: &[&str]) -> Option<&'a Value> {
    let (first, rest) = key.split_first()?;
    let field = fields.iter().find(|f| f.key.eq_ignore_ascii_case(first))?;
    if rest.is_empty() {
        return Some(&field.value.value);
    }
    match &field.value.value {
        Value::Map(fields) => lookup(fields, rest),
        _ => None,
    }
}

fn as_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) | Value::Datetime(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items.iter().filter_map(|n| as_string(&n.value)).collect(),
        Some(value) => as_string(value).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The path of the URL in `address` (`https://example.org/docs/` → `/docs/`).
fn url_path(address: &str) -> String {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    url_prefix(rest.split(['?', '#']).next().unwrap_or(""))
}

fn first_file(root: &str, names: &[&str], tree: &TreeIndex) -> Option<String> {
    names.iter().map(|name| join_path(root, name)).find(|path| tree.has_file(path))
}

fn hugo(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, forced: bool) -> Option<Part> {
    const MAIN: &[&str] = &[
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config/_default/hugo.toml",
        "config/_default/hugo.yaml",
        "config/_default/hugo.yml",
        "config/_default/hugo.json",
        "config/_default/config.toml",
        "config/_default/config.yaml",
        "config/_default/config.yml",
        "config/_default/config.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
    ];
    let path = first_file(root, MAIN, tree);
    let document = path.and_then(|p| Document::read(p, read));
    let is_hugo = document.as_ref().is_some_and(|d| {
        let generic = d.path.ends_with("config.toml")
            || d.path.ends_with("config.yaml")
            || d.path.ends_with("config.yml")
            || d.path.ends_with("config.json");
        let hugo_keys = [
            "baseURL",
            "contentDir",
            "languageCode",
            "theme",
            "defaultContentLanguage",
            "module",
            "markup",
            "params",
            "taxonomies",
        ];
        !generic || (d.get(&["base_url"]).is_none() && hugo_keys.iter().any(|k| d.get(&[k]).is_some()))
    });
    // Without its configuration (a repository of the content alone), Hugo is recognised by its
    // section pages: `content/…/_index.md` is Hugo's name, no other generator's.
    let content_prefix = format!("{}/", join_path(root, "content"));
    let sections_only = !is_hugo
        && !tree.has_folder(&join_path(root, "config/_default"))
        && tree.files().any(|path| path.starts_with(&content_prefix) && path.ends_with("/_index.md"));
    if !is_hugo && !forced && !sections_only && !tree.has_folder(&join_path(root, "config/_default")) {
        return None;
    }
    let mut part = Part::new(Generator::Hugo, root);
    let empty = Document { path: String::new(), fields: Vec::new() };
    let config = document.filter(|_| is_hugo).unwrap_or(empty);
    part.note(
        "generator",
        Generator::Hugo,
        if sections_only {
            "content/…/_index.md section pages (no configuration in the repository)".to_string()
        } else if config.path.is_empty() {
            "config/_default/".to_string()
        } else {
            config.path.clone()
        },
    );
    // Files of the config folder are sections of the configuration, named after their file.
    let section = |name: &str| -> Option<Document> {
        ["toml", "yaml", "yml", "json"]
            .iter()
            .map(|ext| join_path(root, &format!("config/_default/{name}.{ext}")))
            .find(|p| tree.has_file(p))
            .and_then(|p| Document::read(p, read))
    };
    let value_of = |key: &[&str], section_name: Option<&str>| -> Option<(Value, String)> {
        if let Some(value) = config.get(key) {
            return Some((value.clone(), config.from(key)));
        }
        let section = section(section_name?)?;
        let value = section.get(&key[1..])?.clone();
        Some((value, section.from(&key[1..])))
    };
    if let Some(base) = config.string(&["baseURL"]) {
        part.base_path = url_path(&base);
        if part.base_path != "/" {
            part.note("base path", part.base_path.clone(), config.from(&["baseURL"]));
        }
    }
    let content_dir =
        config.string(&["contentDir"]).map_or_else(|| "content".to_string(), |d| d.trim_matches('/').to_string());
    let default_language = config.string(&["defaultContentLanguage"]).unwrap_or_else(|| "en".into());
    part.note(
        "default language",
        &default_language,
        if config.get(&["defaultContentLanguage"]).is_some() {
            config.from(&["defaultContentLanguage"])
        } else {
            "default".into()
        },
    );
    let in_subdir = config.boolean(&["defaultContentLanguageInSubdir"]).unwrap_or(false);
    part.default_language = Some(default_language.clone());
    part.language_stated = config.get(&["defaultContentLanguage"]).is_some();
    let mut languages: Vec<(String, Option<String>)> = Vec::new();
    let languages_value = value_of(&["languages"], Some("languages"));
    if let Some((Value::Map(entries), _)) = &languages_value {
        for entry in entries {
            let dir = match &entry.value.value {
                Value::Map(fields) => lookup(fields, &["contentDir"]).and_then(as_string),
                _ => None,
            };
            languages.push((entry.key.clone(), dir.map(|d| d.trim_matches('/').to_string())));
        }
    }
    if languages.is_empty() && sections_only {
        // Language folders with their own home page (`content/fr/_index.md`): a multilingual
        // site whose configuration is elsewhere.
        let mut codes: Vec<String> = tree
            .files()
            .filter_map(|path| path.strip_prefix(&content_prefix)?.strip_suffix("/_index.md"))
            .filter(|code| is_language_code(code))
            .map(str::to_string)
            .collect();
        codes.sort();
        if codes.len() > 1 {
            languages = codes.into_iter().map(|code| (code.clone(), Some(format!("content/{code}")))).collect();
            part.note(
                "languages",
                languages.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>().join(", "),
                "content/<language>/_index.md",
            );
        }
    }
    if languages.is_empty() {
        languages.push((default_language.clone(), None));
    } else if languages.iter().any(|(code, _)| *code == default_language) {
        // The default is one of the languages the site lists.
        part.language_stated = true;
    }
    part.languages = languages.iter().map(|(code, _)| code.clone()).collect();
    if let Some((_, from)) = &languages_value {
        part.note("languages", part.languages.join(", "), from.clone());
    }
    let prefix_of = |code: &str| -> String {
        if code == default_language && !in_subdir { "/".into() } else { format!("/{code}/") }
    };
    // Module mounts: in the configuration, or in a file of the config folder that declares them.
    let mut mounts: Vec<(String, String, Option<String>, String)> = Vec::new();
    let mut mount_documents: Vec<Document> = Vec::new();
    if config.get(&["module", "mounts"]).is_some() {
        mount_documents.push(Document { path: config.path.clone(), fields: config.fields.clone() });
    }
    for file in tree.files_in(&join_path(root, "config/_default")) {
        if file.contains("module")
            && let Some(document) = Document::read(file, read)
        {
            mount_documents.push(document);
        }
    }
    for document in &mount_documents {
        let list = document.get(&["module", "mounts"]).or_else(|| document.get(&["mounts"]));
        let Some(Value::List(items)) = list else { continue };
        for item in items {
            let Value::Map(fields) = &item.value else { continue };
            let (Some(source), Some(target)) =
                (lookup(fields, &["source"]).and_then(as_string), lookup(fields, &["target"]).and_then(as_string))
            else {
                continue;
            };
            let language = lookup(fields, &["lang"]).and_then(as_string).or_else(|| {
                match lookup(fields, &["sites", "matrix", "languages"]) {
                    Some(Value::List(codes)) => codes.first().and_then(|c| as_string(&c.value)),
                    _ => None,
                }
            });
            mounts.push((source, target, language, document.path.clone()));
        }
    }
    let mut content = Vec::new();
    let mut from_mounts = false;
    for (source, target, language, from) in &mounts {
        let Some(source) = clean_folder(source) else { continue };
        let source = join_path(root, &source);
        let target = target.trim_matches('/');
        let (kind, rest) = target.split_once('/').map_or((target, ""), |(k, r)| (k, r));
        // A page mounted alone (`target: content/community/mission.md`) is served at its page URL.
        let rest = match rest.rsplit_once('.') {
            Some((stem, extension)) if is_page_extension(extension) => {
                let stem = stem.strip_suffix("_index").or_else(|| stem.strip_suffix("index")).unwrap_or(stem);
                stem.to_string()
            }
            _ => rest.to_string(),
        };
        let url = |code: Option<&str>| -> String {
            let base = code.map_or_else(|| "/".to_string(), prefix_of);
            url_prefix(&format!("{base}{rest}"))
        };
        let exists = tree.has_folder(&source) || tree.has_file(&source);
        match kind {
            "content" => {
                if !exists {
                    let prefix = url(language.as_deref());
                    if !part.unverifiable.contains(&prefix) {
                        part.unverifiable.push(prefix);
                    }
                    continue;
                }
                from_mounts = true;
                content.push(Mount { folder: source, url: url(language.as_deref()), language: language.clone() });
                let _ = from;
            }
            "static" if exists => part.static_dirs.push(Mount { folder: source, url: url(None), language: None }),
            "static" => part.unverifiable.push(url(None)),
            _ => {}
        }
    }
    if !from_mounts {
        let any_dir = languages.iter().any(|(_, dir)| dir.is_some());
        for (code, dir) in &languages {
            let folder = match dir {
                Some(dir) => Some(dir.clone()),
                // A language with no folder of its own uses the site's `contentDir`.
                None if any_dir => Some(content_dir.clone()),
                // Language folders without a contentDir: mounted the same way by modules.
                None if !any_dir
                    && languages.len() > 1
                    && tree.has_folder(&join_path(root, &format!("{content_dir}/{code}"))) =>
                {
                    Some(format!("{content_dir}/{code}"))
                }
                None => None,
            };
            if let Some(folder) = folder {
                content.push(Mount {
                    folder: join_path(root, &folder),
                    url: prefix_of(code),
                    language: Some(code.clone()),
                });
            }
        }
        if content.is_empty() {
            content.push(Mount { folder: join_path(root, &content_dir), url: "/".into(), language: None });
            if languages.len() > 1 {
                part.language_suffixes = true;
            }
        }
    }
    // The most specific folder first, then the default language's.
    content.sort_by(|a, b| b.url.len().cmp(&a.url.len()).then(b.folder.len().cmp(&a.folder.len())));
    part.content = content;
    part.note(
        "content",
        mounts_text(&part.content),
        if from_mounts {
            "module mounts".to_string()
        } else if sections_only {
            "content/<language>/_index.md".to_string()
        } else if config.get(&["contentDir"]).is_some() || config.get(&["languages"]).is_some() {
            config.from(&["contentDir"])
        } else {
            "default".to_string()
        },
    );
    if part.static_dirs.is_empty() {
        let dirs = strings(config.get(&["staticDir"]));
        let dirs = if dirs.is_empty() { vec!["static".to_string()] } else { dirs };
        part.static_dirs = dirs
            .iter()
            .filter_map(|d| clean_folder(d))
            .map(|d| Mount { folder: join_path(root, &d), url: "/".into(), language: None })
            .collect();
    }
    // Assets of themes and modules are not in the repository; pages a theme adds neither.
    part.note("static", mounts_text(&part.static_dirs), "staticDir");
    if !part.unverifiable.is_empty() {
        part.note("unverifiable", part.unverifiable.join(", "), "module mounts whose source is not in the repository");
    }
    // Taxonomy pages (`/tags/rust/`) are made by Hugo: `tags` and `categories` unless the
    // configuration names others.
    let taxonomies = match config.get(&["taxonomies"]) {
        Some(Value::Map(entries)) => entries.iter().filter_map(|entry| as_string(&entry.value.value)).collect(),
        _ => vec!["tags".to_string(), "categories".to_string()],
    };
    let generated: Vec<String> = part
        .languages
        .iter()
        .flat_map(|code| taxonomies.iter().map(move |name| url_prefix(&format!("{}{name}", prefix_of(code)))))
        .collect();
    add_generated(
        &mut part,
        generated,
        if config.get(&["taxonomies"]).is_some() { config.from(&["taxonomies"]) } else { "default taxonomies".into() },
    );
    // Pages a cascade keeps from being rendered (`build: { render: never }`).
    let cascades = match config.get(&["cascade"]) {
        Some(Value::List(items)) => items.iter().map(|n| n.value.clone()).collect(),
        Some(value @ Value::Map(_)) => vec![value.clone()],
        _ => Vec::new(),
    };
    for cascade in cascades {
        let Value::Map(fields) = cascade else { continue };
        let never = ["build", "_build"].iter().any(|key| {
            lookup(&fields, &[key, "render"]).and_then(as_string).is_some_and(|r| r == "never" || r == "false")
        });
        let path = ["target", "_target"].iter().find_map(|key| lookup(&fields, &[key, "path"]).and_then(as_string));
        if never && let Some(path) = path {
            part.unrendered.push(path);
        }
    }
    if !part.unrendered.is_empty() {
        // Hugo's globs group alternatives, empty ones included (`{,/**}/_includes{,/**}`): each
        // combination is a glob of its own.
        let mut globs = globset::GlobSetBuilder::new();
        for pattern in part.unrendered.iter().flat_map(|p| expand_braces(p)) {
            if let Ok(glob) = globset::GlobBuilder::new(&pattern).literal_separator(true).build() {
                globs.add(glob);
            }
        }
        part.unrendered_globs = globs.build().ok();
        part.note("pages not rendered", part.unrendered.join(", "), config.from(&["cascade"]));
    }
    let hooks = ["layouts/_markup/render-link.html", "layouts/_default/_markup/render-link.html"];
    if let Some(hook) = hooks.iter().map(|hook| join_path(root, hook)).find(|hook| tree.has_file(hook)) {
        part.note("link render hook", "rewrites destinations that are bare words", hook.clone());
        part.link_hook = Some(hook);
    }
    if let Some(ugly) = config.boolean(&["uglyURLs"]) {
        part.ugly_urls = ugly;
        part.note("ugly URLs", ugly, config.from(&["uglyURLs"]));
    }
    part.lowercase_urls = !config.boolean(&["disablePathToLower"]).unwrap_or(false);
    part.note(
        "lowercase URLs",
        part.lowercase_urls,
        if config.get(&["disablePathToLower"]).is_some() {
            config.from(&["disablePathToLower"])
        } else {
            "default".into()
        },
    );
    if let Some((value, from)) = value_of(&["markup", "goldmark", "parser", "autoHeadingIDType"], Some("markup")) {
        part.anchors = match as_string(&value).as_deref() {
            Some("github-ascii") => Slugger::HugoGithubAscii,
            Some("blackfriday") => Slugger::HugoBlackfriday,
            _ => Slugger::HugoGithub,
        };
        part.note("anchors", part.anchors.name(), from);
    } else {
        part.note("anchors", part.anchors.name(), "default");
    }
    if let Some((Value::Bool(terms), from)) =
        value_of(&["markup", "goldmark", "parser", "autoDefinitionTermID"], Some("markup"))
    {
        part.definition_anchors = terms;
        part.note("definition term anchors", terms, from);
    }
    if let Some((Value::Bool(linkify), from)) =
        value_of(&["markup", "goldmark", "extensions", "linkify"], Some("markup"))
    {
        part.linkify = linkify;
        part.note("bare addresses become links", linkify, from);
    } else {
        part.note("bare addresses become links", part.linkify, "default (Goldmark's linkify)");
    }
    Some(part)
}

/// Adds the URL prefixes of pages the generator makes (taxonomies) to what cannot be verified.
fn add_generated(part: &mut Part, prefixes: Vec<String>, from: String) {
    if prefixes.is_empty() {
        return;
    }
    part.note("generated pages", prefixes.join(", "), from);
    for prefix in prefixes {
        if !part.unverifiable.contains(&prefix) {
            part.unverifiable.push(prefix);
        }
    }
}

fn zola(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, forced: bool) -> Option<Part> {
    let path = first_file(root, &["zola.toml", "config.toml"], tree);
    let config = path.and_then(|p| Document::read(p, read)).filter(|d| forced || d.get(&["base_url"]).is_some());
    if config.is_none() && !forced {
        return None;
    }
    let config = config.unwrap_or(Document { path: String::new(), fields: Vec::new() });
    let mut part = Part::new(Generator::Zola, root);
    part.note("generator", Generator::Zola, config.from(&["base_url"]));
    if let Some(base) = config.string(&["base_url"]) {
        part.base_path = url_path(&base);
    }
    let language = config.string(&["default_language"]).unwrap_or_else(|| "en".into());
    part.default_language = Some(language.clone());
    part.language_stated = config.get(&["default_language"]).is_some() || config.get(&["languages"]).is_some();
    part.languages = vec![language];
    if let Some(Value::Map(entries)) = config.get(&["languages"]) {
        part.languages.extend(entries.iter().map(|e| e.key.clone()));
        part.language_suffixes = true;
        part.note("languages", part.languages.join(", "), config.from(&["languages"]));
    }
    part.content.push(Mount { folder: join_path(root, "content"), url: "/".into(), language: None });
    // Taxonomy pages (`/tags/rust/`) are made by Zola from `taxonomies = [{ name = "tags" }]`.
    let generated: Vec<String> = match config.get(&["taxonomies"]) {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Map(fields) => lookup(fields, &["name"]).and_then(as_string),
                _ => None,
            })
            .map(|name| url_prefix(&name))
            .collect(),
        _ => Vec::new(),
    };
    add_generated(&mut part, generated, config.from(&["taxonomies"]));
    part.static_dirs.push(Mount { folder: join_path(root, "static"), url: "/".into(), language: None });
    part.note("content", mounts_text(&part.content), "default");
    part.note("anchors", part.anchors.name(), "default");
    // `[slugify] paths = "on"` (the default) lowercases page URLs.
    let paths = config.string(&["slugify", "paths"]);
    part.lowercase_urls = paths.as_deref().is_none_or(|paths| paths == "on");
    part.note(
        "lowercase URLs",
        part.lowercase_urls,
        if paths.is_some() { config.from(&["slugify", "paths"]) } else { "default".into() },
    );
    Some(part)
}

fn jekyll(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, forced: bool) -> Option<Part> {
    let path = first_file(root, &["_config.yml", "_config.yaml", "_config.toml"], tree);
    if path.is_none() && !forced {
        return None;
    }
    let config =
        path.and_then(|p| Document::read(p, read)).unwrap_or(Document { path: String::new(), fields: Vec::new() });
    let mut part = Part::new(Generator::Jekyll, root);
    part.note("generator", Generator::Jekyll, config.path.clone());
    let source = config.string(&["source"]).and_then(|s| clean_folder(&s)).unwrap_or_default();
    let source = join_path(root, &source);
    if let Some(base) = config.string(&["baseurl"]) {
        part.base_path = url_prefix(&base);
    }
    if config.string(&["permalink"]).as_deref() == Some("pretty") {
        part.note("permalink", "pretty", config.from(&["permalink"]));
    } else {
        part.ugly_urls = true;
    }
    // Collections live in `collections_dir` (the source by default); only those with
    // `output: true` are published, each at `/name/`. A list of names publishes none.
    let collections_dir =
        join_path(&source, &config.string(&["collections_dir"]).and_then(|d| clean_folder(&d)).unwrap_or_default());
    if let Some(Value::Map(collections)) = config.get(&["collections"]) {
        for collection in collections {
            let output = match &collection.value.value {
                Value::Map(fields) => matches!(lookup(fields, &["output"]), Some(Value::Bool(true))),
                _ => false,
            };
            if output {
                part.content.push(Mount {
                    folder: join_path(&collections_dir, &format!("_{}", collection.key)),
                    url: format!("/{}/", collection.key),
                    language: None,
                });
            }
        }
    }
    // Posts are in `collections_dir/_posts`, at their dated URLs.
    if collections_dir != source && tree.has_folder(&join_path(&collections_dir, "_posts")) {
        part.content.push(Mount { folder: collections_dir, url: "/".into(), language: None });
    }
    part.content.push(Mount { folder: source, url: "/".into(), language: None });
    part.note("content", mounts_text(&part.content), "source and collections");
    if let Some(language) = config.string(&["lang"]).or_else(|| config.string(&["locale"])) {
        part.language_stated = true;
        part.default_language = Some(language.clone());
        part.languages = vec![language.clone()];
        part.note("default language", language, config.from(&["lang"]));
    }
    if config.string(&["markdown"]).is_some_and(|m| !m.eq_ignore_ascii_case("kramdown")) {
        part.anchors = Slugger::Github;
        part.note("anchors", part.anchors.name(), config.from(&["markdown"]));
    } else if config.string(&["kramdown", "input"]).is_some_and(|input| input.eq_ignore_ascii_case("kramdown")) {
        part.anchors = Slugger::Kramdown;
        part.note("anchors", part.anchors.name(), config.from(&["kramdown", "input"]));
    } else {
        part.note("anchors", part.anchors.name(), "kramdown's GFM parser, Jekyll's default");
    }
    Some(part)
}

fn docusaurus(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, forced: bool) -> Option<Part> {
    let path = first_file(
        root,
        &[
            "docusaurus.config.js",
            "docusaurus.config.ts",
            "docusaurus.config.mjs",
            "docusaurus.config.cjs",
            "docusaurus.config.mts",
        ],
        tree,
    );
    if path.is_none() && !forced {
        return None;
    }
    let text = path.as_deref().and_then(read).unwrap_or_default();
    let file = path.unwrap_or_default();
    let mut part = Part::new(Generator::Docusaurus, root);
    part.note("generator", Generator::Docusaurus, file.clone());
    let quoted = |key: &str| -> Option<String> {
        let pattern = regex::Regex::new(&format!(r#"\b{key}\s*:\s*['"`]([^'"`]*)['"`]"#)).ok()?;
        pattern.captures(&text).map(|c| c[1].to_string())
    };
    if let Some(base) = quoted("baseUrl") {
        part.base_path = url_prefix(&base);
    }
    let docs_base = quoted("routeBasePath").unwrap_or_else(|| "docs".into());
    part.content.push(Mount { folder: join_path(root, "docs"), url: url_prefix(&docs_base), language: None });
    part.content.push(Mount { folder: join_path(root, "blog"), url: "/blog/".into(), language: None });
    part.content.push(Mount { folder: join_path(root, "src/pages"), url: "/".into(), language: None });
    let default = quoted("defaultLocale").unwrap_or_else(|| "en".into());
    part.language_stated = quoted("defaultLocale").is_some();
    part.default_language = Some(default.clone());
    part.languages = vec![default.clone()];
    if let Some(list) = regex::Regex::new(r"\blocales\s*:\s*\[([^\]]*)\]")
        .ok()
        .and_then(|p| p.captures(&text).map(|c| c[1].to_string()))
    {
        part.languages = list
            .split(',')
            .map(|l| l.trim().trim_matches(['\'', '"', '`']).to_string())
            .filter(|l| !l.is_empty())
            .collect();
        for code in part.languages.clone().iter().filter(|code| **code != default) {
            let i18n = format!("i18n/{code}");
            part.content.push(Mount {
                folder: join_path(root, &format!("{i18n}/docusaurus-plugin-content-docs/current")),
                url: format!("/{code}{}", url_prefix(&docs_base)),
                language: Some(code.clone()),
            });
            part.content.push(Mount {
                folder: join_path(root, &format!("{i18n}/docusaurus-plugin-content-blog")),
                url: format!("/{code}/blog/"),
                language: Some(code.clone()),
            });
        }
        part.note("languages", part.languages.join(", "), format!("{file} i18n.locales"));
    }
    part.static_dirs.push(Mount { folder: join_path(root, "static"), url: "/".into(), language: None });
    // Pages the docs and blog plugins and the search plugin make.
    let made = [
        format!("{}tags", url_prefix(&docs_base)),
        "/blog/tags".into(),
        "/blog/archive".into(),
        "/blog/page".into(),
        "/search".into(),
    ];
    let generated: Vec<String> = part
        .languages
        .iter()
        .flat_map(|code| {
            let language = if *code == default { String::new() } else { format!("/{code}") };
            made.iter().map(move |page| url_prefix(&format!("{language}{page}")))
        })
        .collect();
    add_generated(&mut part, generated, "the docs, blog and search plugins".into());
    part.content.sort_by_key(|mount| std::cmp::Reverse(mount.url.len()));
    part.note("content", mounts_text(&part.content), format!("{file} routeBasePath"));
    Some(part)
}

fn book(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>) -> Part {
    let path = join_path(root, "book.toml");
    let config = Document::read(path.clone(), read).unwrap_or(Document { path: path.clone(), fields: Vec::new() });
    let mut part = Part::new(Generator::Mdbook, root);
    part.note("generator", Generator::Mdbook, path);
    let src = config.string(&["book", "src"]).and_then(|s| clean_folder(&s)).unwrap_or_else(|| "src".into());
    part.content.push(Mount { folder: join_path(root, &src), url: "/".into(), language: None });
    part.note(
        "content",
        mounts_text(&part.content),
        if config.get(&["book", "src"]).is_some() { config.from(&["book", "src"]) } else { "default".into() },
    );
    if let Some(language) = config.string(&["book", "language"]) {
        part.language_stated = true;
        part.default_language = Some(language.clone());
        part.languages = vec![language.clone()];
        part.note("default language", language, config.from(&["book", "language"]));
    }
    // Links that climb above the book lead to what is published beside it.
    part.note("anchors", part.anchors.name(), "mdBook");
    let _ = tree;
    part
}

fn mkdocs(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, forced: bool) -> Option<Part> {
    let path = first_file(root, &["mkdocs.yml", "mkdocs.yaml"], tree);
    if path.is_none() && !forced {
        return None;
    }
    // MkDocs files use YAML tags (`!!python/name:`) that a plain reader refuses: keys are read line by line.
    let text = path.as_deref().and_then(read).unwrap_or_default();
    let file = path.unwrap_or_default();
    let top = |key: &str| -> Option<String> {
        text.lines()
            .find_map(|line| {
                line.strip_prefix(key)?.strip_prefix(':').map(|v| v.trim().trim_matches(['\'', '"']).to_string())
            })
            .filter(|v| !v.is_empty())
    };
    let mut part = Part::new(Generator::Mkdocs, root);
    part.note("generator", Generator::Mkdocs, file.clone());
    let docs = top("docs_dir").and_then(|d| clean_folder(&d)).unwrap_or_else(|| "docs".into());
    part.content.push(Mount { folder: join_path(root, &docs), url: "/".into(), language: None });
    part.note("content", mounts_text(&part.content), format!("{file} docs_dir"));
    if top("use_directory_urls").as_deref() == Some("false") {
        part.ugly_urls = true;
    }
    if let Some(base) = top("site_url") {
        part.base_path = url_path(&base);
    }
    if text.contains("pymdownx.magiclink") {
        part.linkify = true;
        part.note("bare addresses become links", true, format!("{file} pymdownx.magiclink"));
    }
    if let Some(language) = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("language:").map(|v| v.trim().trim_matches(['\'', '"']).to_string()))
    {
        part.language_stated = true;
        part.default_language = Some(language.clone());
        part.languages = vec![language.clone()];
        part.note("default language", language, format!("{file} theme.language"));
    }
    Some(part)
}

fn mdx(root: &str, tree: &TreeIndex, read: &dyn Fn(&str) -> Option<String>, forced: bool) -> Option<Part> {
    let config = first_file(root, &["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"], tree);
    let package = read(&join_path(root, "package.json")).unwrap_or_default();
    let uses_mdx =
        package.contains("\"@next/mdx\"") || package.contains("\"@mdx-js/") || package.contains("\"next-mdx-remote\"");
    if config.is_none() && !uses_mdx && !forced {
        return None;
    }
    let mut part = Part::new(Generator::Mdx, root);
    part.note("generator", Generator::Mdx, config.clone().unwrap_or_else(|| "package.json".into()));
    for folder in ["src/content", "content", "src/pages", "pages", "src/app", "app", "docs"] {
        let folder = join_path(root, folder);
        if tree.has_folder(&folder) {
            part.content.push(Mount { folder, url: "/".into(), language: None });
        }
    }
    part.static_dirs.push(Mount { folder: join_path(root, "public"), url: "/".into(), language: None });
    part.note("content", mounts_text(&part.content), "the folders of Markdown pages a Next.js site routes");
    // Dynamic routes (`app/blog/[slug]/page.tsx`) make pages from data the repository's pages
    // do not show; a catch-all at the root serves the content folders themselves.
    let mut generated = Vec::new();
    for router in ["src/app", "app", "src/pages", "pages"] {
        let router = join_path(root, router);
        for file in tree.files().filter_map(|path| strip_folder(path, &router)) {
            let mut prefix = Vec::new();
            for segment in file.split('/') {
                if segment.starts_with('[') {
                    if !prefix.is_empty() {
                        generated.push(url_prefix(&prefix.join("/")));
                    }
                    break;
                }
                // Route groups (`(marketing)`) and private folders (`_components`) are no part of a URL.
                if !(segment.starts_with('(') || segment.starts_with('_')) {
                    prefix.push(segment);
                }
            }
        }
    }
    generated.sort();
    generated.dedup();
    add_generated(&mut part, generated, "dynamic routes of the app and pages folders".into());
    Some(part)
}

impl TreeIndex {
    /// The folders (at most `depth` levels below the root) holding a file named `name`.
    pub fn folders_with_file(&self, name: &str, depth: usize) -> Vec<String> {
        let mut found: Vec<String> = self
            .files()
            .filter_map(|path| {
                let folder = if path == name { "" } else { path.strip_suffix(name)?.strip_suffix('/')? };
                (folder.is_empty() || folder.split('/').count() <= depth).then(|| folder.to_string())
            })
            .collect();
        found.sort();
        found
    }

    /// The files directly in `folder`, sorted.
    pub fn files_in(&self, folder: &str) -> Vec<String> {
        let mut found: Vec<String> = self
            .files()
            .filter(|path| strip_folder(path, folder).is_some_and(|rest| !rest.contains('/')))
            .cloned()
            .collect();
        found.sort();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        let tree = TreeIndex::new(files.iter().map(|(p, _)| p.to_string()));
        let texts: std::collections::HashMap<String, String> =
            files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        Site::detect(&tree, &|p| texts.get(p).cloned(), &SiteConfig::default())
    }

    #[test]
    fn a_multilingual_hugo_site_serves_its_default_language_at_the_root() {
        let site = site(&[
            (
                "config.toml",
                "baseURL = \"https://glossary.example.org/\"\ndefaultContentLanguage = \"en\"\n[languages.en]\ncontentDir = \"content/en\"\n[languages.fr]\ncontentDir = \"content/fr\"\n",
            ),
            ("content/en/a.md", ""),
            ("content/fr/a.md", ""),
            ("static/images/x.png", ""),
        ]);
        let part = site.part_of("content/fr/a.md");
        assert_eq!(part.generator, Generator::Hugo);
        assert_eq!(part.url_of("content/en/a.md").as_deref(), Some("/a/"));
        assert_eq!(part.url_of("content/fr/a.md").as_deref(), Some("/fr/a/"));
        assert_eq!(part.url_of("content/en/Docs/_index.md").as_deref(), Some("/docs/"));
        assert!(part.candidates("/fr/a/").paths.contains(&"content/fr/a.md".to_string()));
        assert!(part.candidates("/a/").paths.contains(&"content/en/a.md".to_string()));
        assert!(part.candidates("/images/x.png").paths.contains(&"static/images/x.png".to_string()));
    }

    #[test]
    fn hugo_mounts_from_missing_folders_are_unverifiable() {
        let site = site(&[
            (
                "config/_default/hugo.yaml",
                "defaultContentLanguage: en\nlanguages:\n  en: {}\n  ja: {}\ncascade:\n  - build: { render: never }\n    target: { path: '{,/**}/_includes{,/**}' }\n",
            ),
            (
                "config/_default/module.yaml",
                "mounts:\n  - source: content/en\n    target: content\n  - source: tmp/spec\n    target: content/docs/specs/otel\n  - source: content/ja\n    target: content\n    lang: ja\n",
            ),
            ("content/en/docs/a.md", ""),
            ("content/en/docs/_includes/b.md", ""),
            ("content/en/_includes/exporters/deep/c.md", ""),
            ("content/ja/docs/a.md", ""),
        ]);
        let part = site.part_of("content/en/docs/a.md");
        assert!(part.is_unrendered("content/en/docs/_includes/b.md"));
        assert!(part.is_unrendered("content/en/_includes/exporters/deep/c.md"));
        assert!(!part.is_unrendered("content/en/docs/a.md"));
        // The mount from a missing folder, then the taxonomy pages Hugo makes in each language.
        assert_eq!(
            part.unverifiable,
            ["/docs/specs/otel/", "/tags/", "/categories/", "/ja/tags/", "/ja/categories/"].map(String::from)
        );
        assert!(part.candidates("/docs/specs/otel/trace/").unverifiable);
        assert!(!part.candidates("/docs/a/").unverifiable);
        assert_eq!(part.url_of("content/ja/docs/a.md").as_deref(), Some("/ja/docs/a/"));
    }

    #[test]
    fn hugo_content_without_its_configuration_is_recognised_by_its_section_pages() {
        let site = site(&[
            ("content/en/_index.md", ""),
            ("content/en/a.md", ""),
            ("content/fr/_index.md", ""),
            ("content/fr/a.md", ""),
        ]);
        let part = site.part_of("content/fr/a.md");
        assert_eq!(part.generator, Generator::Hugo);
        assert_eq!(part.url_of("content/en/a.md").as_deref(), Some("/a/"));
        assert_eq!(part.url_of("content/fr/a.md").as_deref(), Some("/fr/a/"));
        assert!(!is_language_code("docs") && is_language_code("pt-br") && !is_language_code("blog-posts"));
    }

    #[test]
    fn jekyll_posts_are_found_from_their_date_urls() {
        let site = site(&[("_config.yml", "title: x\n"), ("_posts/2020-01-02-hello.md", "")]);
        let part = &site.parts[0];
        assert!(
            part.candidates("/news/2020/01/02/hello.html").paths.contains(&"_posts/2020-01-02-hello.md".to_string())
        );
        assert!(part.candidates("/2020/01/02/hello/").paths.contains(&"_posts/2020-01-02-hello.md".to_string()));
    }

    #[test]
    fn next_dynamic_routes_make_the_urls_below_them_unverifiable() {
        let site = site(&[
            ("next.config.js", ""),
            ("src/content/errors/index.md", ""),
            ("src/pages/errors/[errorCode].tsx", ""),
        ]);
        let part = &site.parts[0];
        assert!(part.candidates("/errors/421").unverifiable);
        assert!(!part.candidates("/learn/x").unverifiable);
    }

    #[test]
    fn books_beside_each_other_are_two_sites() {
        let site = site(&[
            ("book.toml", "[book]\ntitle = \"x\"\n"),
            ("src/a.md", ""),
            ("FRENCH/book.toml", "[book]\nlanguage = \"fr\"\n"),
            ("FRENCH/src/a.md", ""),
        ]);
        assert_eq!(site.part_of("FRENCH/src/a.md").root, "FRENCH");
        assert_eq!(site.part_of("src/a.md").root, "");
        assert_eq!(site.part_of("FRENCH/src/a.md").url_of("FRENCH/src/a.md").as_deref(), Some("/a.html"));
        assert_eq!(site.part_of("FRENCH/src/a.md").default_language.as_deref(), Some("fr"));
    }

    #[test]
    fn each_generator_is_recognised_by_its_files() {
        let cases: &[(&[(&str, &str)], Generator)] = &[
            (&[("_config.yml", "title: x\nlang: fr\n")], Generator::Jekyll),
            (&[("config.toml", "base_url = \"https://example.org\"\n")], Generator::Zola),
            (&[("docusaurus.config.js", "module.exports = { baseUrl: '/' }")], Generator::Docusaurus),
            (&[("mkdocs.yml", "site_name: x\n")], Generator::Mkdocs),
            (&[("next.config.js", ""), ("src/content/a.md", "")], Generator::Mdx),
            (&[("hugo.toml", "title = \"x\"\n")], Generator::Hugo),
            (&[("README.md", "")], Generator::Github),
            (&[(".gitlab-ci.yml", ""), ("README.md", "")], Generator::Gitlab),
        ];
        for (files, generator) in cases {
            assert_eq!(site(files).parts[0].generator, *generator, "{files:?}");
        }
    }

    #[test]
    fn page_urls_follow_each_generator() {
        let url = |files: &[(&str, &str)], path: &str| site(files).part_of(path).url_of(path);
        assert_eq!(url(&[("mkdocs.yml", "")], "docs/guide/install.md").as_deref(), Some("/guide/install/"));
        assert_eq!(url(&[("mkdocs.yml", "")], "docs/guide/index.md").as_deref(), Some("/guide/"));
        assert_eq!(url(&[("_config.yml", "")], "about.md").as_deref(), Some("/about.html"));
        assert_eq!(url(&[("_config.yml", "permalink: pretty\n")], "about.md").as_deref(), Some("/about/"));
        assert_eq!(
            url(&[("_config.yml", "collections:\n  startups:\n    output: true\n")], "_startups/x.md").as_deref(),
            Some("/startups/x.html")
        );
        assert_eq!(
            url(&[("next.config.js", ""), ("src/content/learn/a.md", "")], "src/content/learn/a.md").as_deref(),
            Some("/learn/a")
        );
        assert_eq!(url(&[("README.md", "")], "docs/a.md").as_deref(), Some("/docs/a.md"));
    }

    #[test]
    fn dated_posts_and_pages_and_mkdocs_files_have_the_generators_urls() {
        let url = |files: &[(&str, &str)], path: &str| site(files).part_of(path).url_of(path);
        let jekyll = [("_config.yml", "title: x\n")];
        assert_eq!(url(&jekyll, "_posts/2024-01-15-hello.md").as_deref(), Some("/2024/01/15/hello.html"));
        assert_eq!(url(&jekyll, "blog/_posts/2024-01-15-hello.md").as_deref(), Some("/blog/2024/01/15/hello.html"));
        assert_eq!(url(&jekyll, "_posts/hello.md").as_deref(), Some("/_posts/hello.html"));
        let pretty = [("_config.yml", "permalink: pretty\n")];
        assert_eq!(url(&pretty, "_posts/2024-01-15-hello.md").as_deref(), Some("/2024/01/15/hello/"));
        let zola = [("config.toml", "base_url = \"https://example.org\"\n")];
        assert_eq!(url(&zola, "content/blog/2024-01-15_Hello.md").as_deref(), Some("/blog/hello/"));
        let kept = [("config.toml", "base_url = \"https://example.org\"\n[slugify]\npaths = \"safe\"\n")];
        assert_eq!(url(&kept, "content/blog/Hello.md").as_deref(), Some("/blog/Hello/"));
        let docusaurus = [("docusaurus.config.js", "module.exports = { baseUrl: '/' }")];
        assert_eq!(url(&docusaurus, "docs/01-guides/02-setup.md").as_deref(), Some("/docs/guides/setup"));
        assert_eq!(url(&docusaurus, "docs/guides/guides.md").as_deref(), Some("/docs/guides/"));
        assert_eq!(url(&docusaurus, "docs/2021-01-31-notes.md").as_deref(), Some("/docs/2021-01-31-notes"));
        assert_eq!(url(&docusaurus, "docs/003 - Setup.md").as_deref(), Some("/docs/Setup"));
        let files = [("mkdocs.yml", "use_directory_urls: false\n")];
        assert_eq!(url(&files, "docs/guide/install.md").as_deref(), Some("/guide/install.html"));
    }

    #[test]
    fn site_settings_override_detection_and_say_so() {
        let tree = TreeIndex::new(["hugo.toml".to_string(), "pages/a.md".to_string()]);
        let config = SiteConfig {
            content: Some(vec!["pages = /".into()]),
            unverifiable: vec!["/api/".into()],
            ..SiteConfig::default()
        };
        let site = Site::detect(&tree, &|_| Some(String::new()), &config);
        let part = &site.parts[0];
        assert_eq!(part.content, vec![Mount { folder: "pages".into(), url: "/".into(), language: None }]);
        assert!(part.candidates("/api/x/").unverifiable);
        assert!(part.settings.iter().any(|s| s.name == "content" && s.from.contains("relecture.toml")));
    }
}
