//! `relecture.toml`: every key of the contract, with errors that name the file, line and key.

use std::collections::BTreeMap;
use std::fmt;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::Error;
use crate::rule::Severity;

/// The default article size limit: larger files get `unreadable-article`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// The project configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Globs of the articles to lint.
    pub include: Vec<String>,
    /// Globs of files to leave out.
    pub exclude: Vec<String>,
    /// Rule files or folders; `None` means `lint-rules/` when it exists.
    pub rules: Option<Vec<String>>,
    /// Rules, families or packs to run; `None` means all.
    pub select: Option<Vec<String>>,
    /// Rules, families or packs not to run.
    pub ignore: Vec<String>,
    /// Lowest severity that fails the run.
    pub fail_on: Severity,
    /// Per-rule severity.
    pub severity: BTreeMap<String, SeveritySetting>,
    /// Files larger than this many bytes are not read.
    pub max_file_size: u64,
    /// `[frontmatter]`.
    pub frontmatter: FrontMatterConfig,
    /// `[language]`.
    pub language: LanguageConfig,
    /// `[duplicates]`.
    pub duplicates: DuplicatesConfig,
    /// `[links]`.
    pub links: LinksConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            include: vec!["**/*.md".into(), "**/*.markdown".into()],
            exclude: Vec::new(),
            rules: None,
            select: None,
            ignore: Vec::new(),
            fail_on: Severity::Warning,
            severity: BTreeMap::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            frontmatter: FrontMatterConfig::default(),
            language: LanguageConfig::default(),
            duplicates: DuplicatesConfig::default(),
            links: LinksConfig::default(),
        }
    }
}

/// A per-rule severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not run the rule.
    Off,
}

impl SeveritySetting {
    /// The severity, `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Off => None,
        }
    }
}

/// `[frontmatter]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatterConfig {
    /// Fields every article must have.
    pub required: Vec<String>,
    /// Expected type per field.
    pub types: BTreeMap<String, FieldType>,
}

/// The types a front matter field can be required to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// Any text.
    String,
    /// `YYYY-MM-DD`, a real calendar day.
    Date,
    /// RFC 3339 date and time (a date alone is accepted too).
    Datetime,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A list of anything.
    List,
    /// A list of strings.
    StringList,
}

impl FieldType {
    /// The name as configured.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Date => "date",
            Self::Datetime => "datetime",
            Self::Bool => "bool",
            Self::Integer => "integer",
            Self::List => "list",
            Self::StringList => "string-list",
        }
    }
}

/// `[language]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// ISO 639-1 codes the site publishes.
    pub allowed: Vec<String>,
    /// Declared language when nothing else declares one.
    pub default: Option<String>,
    /// Glob → language, first match wins.
    pub paths: OrderedMap,
    /// Paragraphs, list items and headings shorter than this are not judged by `mixed-language`.
    pub min_words: usize,
    /// `paths` compiled once, on first use.
    #[serde(skip)]
    path_matchers: std::sync::OnceLock<Vec<(globset::GlobMatcher, String, String)>>,
}

impl LanguageConfig {
    /// The first `[language.paths]` glob that matches `path`, and its language.
    pub fn path_language(&self, path: &str) -> Option<(&str, &str)> {
        self.path_matchers
            .get_or_init(|| {
                self.paths
                    .0
                    .iter()
                    .filter_map(|(pattern, code)| {
                        Some((Glob::new(pattern).ok()?.compile_matcher(), pattern.clone(), code.clone()))
                    })
                    .collect()
            })
            .iter()
            .find(|(matcher, ..)| matcher.is_match(path))
            .map(|(_, pattern, code)| (pattern.as_str(), code.as_str()))
    }
}

impl Default for LanguageConfig {
    fn default() -> Self {
        Self {
            allowed: Vec::new(),
            default: None,
            paths: OrderedMap::default(),
            min_words: 12,
            path_matchers: std::sync::OnceLock::new(),
        }
    }
}

/// `[duplicates]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DuplicatesConfig {
    /// Shorter paragraphs and sentences are never duplicates.
    pub min_words: usize,
    /// Similarity from which two paragraphs are near-duplicates.
    pub near_threshold: f64,
    /// A paragraph found in at least this many articles is boilerplate (a footer, a licence).
    pub boilerplate_articles: usize,
    /// Report each boilerplate paragraph once, as info (`false`: not at all).
    pub report_boilerplate: bool,
}

impl Default for DuplicatesConfig {
    fn default() -> Self {
        Self { min_words: 12, near_threshold: 0.8, boilerplate_articles: 5, report_boilerplate: true }
    }
}

/// `[links]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    /// Where site-absolute links are resolved: one folder, or several tried in order (Hugo's
    /// multilingual sites serve the default language at the root: `["content", "content/en"]`).
    pub site_root: SiteRoots,
    /// Regexes of URLs never checked.
    pub exclude: Vec<String>,
    /// Per-request timeout in seconds.
    pub timeout_s: u64,
    /// Let `--online` reach loopback and private addresses.
    pub allow_private: bool,
    /// Check external links without `--online`.
    pub online: bool,
    /// Where results of `--online` are cached (a trusted setting): empty for relecture's own
    /// cache folder; a path relative to the working folder, or absolute.
    pub cache: String,
    /// The folder `cache` is a path inside of, once the caller has placed it (never read from a
    /// file); `None`: `cache` is absolute, or empty for no cache.
    #[serde(skip)]
    pub cache_folder: Option<std::path::PathBuf>,
    /// How long cached results are reused (`30m`, `12h`, `1d`).
    pub cache_ttl: String,
    /// HTTP statuses that count as a working link besides 2xx (for example 403 for a site that
    /// refuses robots, or LinkedIn's 999).
    pub accept: Vec<u16>,
    /// Trusted only: the `http://` proxy `--online` sends its requests through (`CONNECT`).
    /// Without it no proxy is used: the environment's proxy variables never are. Through a
    /// proxy too, internal addresses are refused: relecture resolves each target itself and
    /// asks the proxy to connect to the address it vetted.
    pub proxy: Option<String>,
    /// How long `--online` may spend fetching, all links together (seconds, or a duration such
    /// as `90s` or `2m`): links not checked by then are reported as unverified.
    pub deadline: Seconds,
}

impl Default for LinksConfig {
    fn default() -> Self {
        Self {
            site_root: SiteRoots::default(),
            exclude: Vec::new(),
            timeout_s: 10,
            allow_private: false,
            online: false,
            cache: String::new(),
            cache_folder: None,
            cache_ttl: "1d".into(),
            accept: Vec::new(),
            proxy: None,
            deadline: Seconds(60),
        }
    }
}

impl LinksConfig {
    /// `cache_ttl` in seconds (`45s`, `30m`, `12h`, `1d`, `2w`), `None` when it does not parse.
    pub fn cache_ttl_seconds(&self) -> Option<u64> {
        duration_seconds(&self.cache_ttl)
    }
}

/// A duration such as `45s`, `30m`, `12h`, `1d` or `2w`, in seconds; `None` when it does not
/// parse or does not fit.
fn duration_seconds(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let value: u64 = text[..split].parse().ok()?;
    let unit = match &text[split..] {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    value.checked_mul(unit)
}

/// Why `url` cannot be a proxy, `None` when it can: an `http://` URL with a host.
pub fn proxy_url_problem(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("http://") else {
        return Some("a proxy is an http:// URL such as http://proxy.example.org:3128");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the proxy URL has no host");
    }
    None
}

/// A duration in whole seconds, written as a number of seconds or as a duration string such
/// as `90s`, `2m` or `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SecondsVisitor;
        impl Visitor<'_> for SecondsVisitor {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of seconds or a duration such as 90s, 2m or 1h")
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Seconds, E> {
                Ok(Seconds(value))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Seconds, E> {
                u64::try_from(value).map(Seconds).map_err(|_| E::custom("a duration cannot be negative"))
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Seconds, E> {
                duration_seconds(value)
                    .map(Seconds)
                    .ok_or_else(|| E::custom(format!("\"{value}\" is not a duration such as 90s, 2m or 1h")))
            }
        }
        deserializer.deserialize_any(SecondsVisitor)
    }
}

/// `site_root`: a folder or a list of folders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRoots(pub Vec<String>);

impl<'de> Deserialize<'de> for SiteRoots {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(match OneOrMany::deserialize(deserializer)? {
            OneOrMany::One(root) => SiteRoots(vec![root]),
            OneOrMany::Many(roots) => SiteRoots(roots),
        })
    }
}

/// A string-to-string table that keeps the order it was written in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderedMap(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for OrderedMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = OrderedMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor)
    }
}

impl Config {
    /// Parses `text`, read from `path` (used in error messages only).
    pub fn from_toml(text: &str, path: &str) -> Result<Self, Error> {
        let config: Self = toml::from_str(text).map_err(|e| toml_error(&e, text, path))?;
        config.validate(path, text)?;
        Ok(config)
    }

    /// Checks what the types alone do not: globs, language codes, durations, regexes, ranges.
    pub(crate) fn validate(&self, path: &str, text: &str) -> Result<(), Error> {
        let spans = Spans::parse(text);
        // The line of the value at `keys` (its array element or table key equal to `value` when
        // given), from the parser's spans: never a search of the text, which a comment or an
        // earlier value could match.
        let line_of = |keys: &[&str], value: Option<&str>| spans.line(keys, value);
        let globs = self
            .include
            .iter()
            .map(|p| (&["include"][..], p))
            .chain(self.exclude.iter().map(|p| (&["exclude"][..], p)));
        let path_keys = self.language.paths.0.iter().map(|(k, _)| (&["language", "paths"][..], k));
        for (keys, pattern) in globs.chain(path_keys) {
            Glob::new(pattern).map_err(|e| Error::Config {
                path: path.to_string(),
                line: line_of(keys, Some(pattern)),
                message: format!("invalid glob `{pattern}`: {}", e.kind()),
            })?;
        }
        let codes = (self.language.allowed.iter().map(|c| (&["language", "allowed"][..], None, c)))
            .chain(self.language.default.iter().map(|c| (&["language", "default"][..], None, c)))
            .chain(self.language.paths.0.iter().map(|(k, c)| (&["language", "paths"][..], Some(k.as_str()), c)));
        for (keys, key, code) in codes {
            if !crate::language_code::is_language_code(code) {
                let line = match key {
                    Some(key) => line_of(keys, Some(key)),
                    None => line_of(keys, Some(code)),
                };
                return Err(Error::Config {
                    path: path.to_string(),
                    line,
                    message: format!("`{code}` is not an ISO 639-1 language code (such as fr or en)"),
                });
            }
        }
        if self.links.cache_ttl_seconds().is_none() {
            return Err(Error::Config {
                path: path.to_string(),
                line: line_of(&["links", "cache_ttl"], None),
                message: format!("`cache_ttl` \"{}\" is not a duration such as 30m, 12h or 1d", self.links.cache_ttl),
            });
        }
        if let Some(problem) = self.links.proxy.as_deref().and_then(proxy_url_problem) {
            return Err(Error::Config {
                path: path.to_string(),
                line: line_of(&["links", "proxy"], None),
                message: format!("`[links] proxy`: {problem}"),
            });
        }
        for pattern in &self.links.exclude {
            if let Err(e) = regex::Regex::new(pattern) {
                return Err(Error::Config {
                    path: path.to_string(),
                    line: line_of(&["links", "exclude"], Some(pattern)),
                    message: format!("invalid regex in `[links] exclude`: {e}"),
                });
            }
        }
        if !(0.0..=1.0).contains(&self.duplicates.near_threshold) {
            return Err(Error::Config {
                path: path.to_string(),
                line: line_of(&["duplicates", "near_threshold"], None),
                message: "`near_threshold` must be between 0 and 1".into(),
            });
        }
        Ok(())
    }

    /// The include and exclude globs compiled into one matcher.
    pub fn file_filter(&self) -> FileFilter {
        FileFilter { include: build_set(&self.include), exclude: build_set(&self.exclude) }
    }
}

/// Where the values of a configuration file are, from the TOML parser's spans.
struct Spans<'i> {
    text: &'i str,
    document: Option<toml::de::DeTable<'i>>,
}

impl<'i> Spans<'i> {
    fn parse(text: &'i str) -> Self {
        Self { text, document: toml::de::DeTable::parse(text).ok().map(toml::Spanned::into_inner) }
    }

    /// The 1-based line of the value at `keys`: of its array element equal to `value`, or of its
    /// table key `value`, when given; the line of the last key found otherwise, and 1 at worst.
    fn line(&self, keys: &[&str], value: Option<&str>) -> usize {
        use toml::de::DeValue;
        let Some(mut table) = self.document.as_ref() else { return 1 };
        let mut offset = 0;
        for (depth, key) in keys.iter().enumerate() {
            let Some((name, found)) = table.get_key_value(*key) else { break };
            offset = name.span().start;
            match found.get_ref() {
                DeValue::Table(inner) if depth + 1 < keys.len() => table = inner,
                DeValue::Table(inner) if depth + 1 == keys.len() => {
                    if let Some((name, _)) = value.and_then(|v| inner.get_key_value(v)) {
                        offset = name.span().start;
                    }
                }
                DeValue::Array(items) => {
                    let item = items.iter().find(|item| value.is_some_and(|v| item.get_ref().as_str() == Some(v)));
                    offset = item.map_or(found.span().start, |item| item.span().start);
                }
                _ => offset = found.span().start,
            }
        }
        self.text.get(..offset).unwrap_or(self.text).matches('\n').count() + 1
    }
}

/// A TOML error of the file `path` holding `text`, at its line.
pub(crate) fn toml_error(error: &toml::de::Error, text: &str, path: &str) -> Error {
    let line = error.span().map_or(1, |span| text.get(..span.start).unwrap_or(text).matches('\n').count() + 1);
    Error::Config { path: path.to_string(), line, message: error.message().trim_end().to_string() }
}

fn build_set(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        // Patterns were validated when the configuration was read.
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Decides which repository paths are articles.
#[derive(Debug, Clone)]
pub struct FileFilter {
    include: GlobSet,
    exclude: GlobSet,
}

impl FileFilter {
    /// A filter from include and exclude globs (invalid globs match nothing).
    pub fn from_globs(include: &[String], exclude: &[String]) -> Self {
        Self { include: build_set(include), exclude: build_set(exclude) }
    }

    /// Whether the repository-relative `path` (with `/` separators) is an article to lint.
    pub fn matches(&self, path: &str) -> bool {
        self.include.is_match(path) && !self.exclude.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_key_is_accepted() {
        let text = r#"
include = ["content/**/*.md"]
exclude = ["**/README.md"]
rules = ["lint-rules"]
select = ["language", "duplicates"]
ignore = ["bare-url"]
fail_on = "warning"
[severity]
near-duplicate = "info"
bare-url = "off"
[frontmatter]
required = ["title", "date"]
[frontmatter.types]
date = "date"
tags = "string-list"
[language]
allowed = ["fr", "en"]
default = "fr"
[language.paths]
"content/en/**" = "en"
"content/**" = "fr"
[duplicates]
min_words = 12
near_threshold = 0.8
[links]
site_root = "content"
exclude = ["^https://www\\.linkedin\\.com/"]
timeout_s = 10
allow_private = false
cache = ".relecture/links-cache.json"
cache_ttl = "1d"
"#;
        let config = Config::from_toml(text, "relecture.toml").expect("valid");
        assert_eq!(config.language.paths.0[0], ("content/en/**".to_string(), "en".to_string()));
        assert_eq!(config.severity["bare-url"], SeveritySetting::Off);
        assert_eq!(config.frontmatter.types["tags"], FieldType::StringList);
        assert!(config.file_filter().matches("content/fr/a.md"));
        assert!(!config.file_filter().matches("content/README.md"));
    }

    #[test]
    fn unknown_key_names_the_key_and_its_line() {
        let err =
            Config::from_toml("include = []\n\n[frontmatter]\nrequierd = [\"title\"]\n", "relecture.toml").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("relecture.toml:4"), "{text}");
        assert!(text.contains("requierd"), "{text}");
    }

    #[test]
    fn errors_name_the_line_of_the_value_not_of_its_first_mention() {
        let line = |text: &str| match Config::from_toml(text, "g2.toml").unwrap_err() {
            Error::Config { line, .. } => line,
            other @ Error::UnknownRule { .. } => panic!("{other}"),
        };
        assert_eq!(
            line("# exclude = [\"content/[\"] was tried\ninclude = [\"ok/**\"]\nexclude = [\"a\", \"content/[\"]\n"),
            3
        );
        assert_eq!(line("# languages: xx\n[language]\nallowed = [\"fr\",\n  \"xx\"]\n"), 4);
        assert_eq!(line("# cache_ttl is how long\n[links]\ntimeout_s = 3\ncache_ttl = \"soon\"\n"), 4);
        assert_eq!(line("[language.paths]\n\"a/**\" = \"fr\"\n\"b/**\" = \"zz\"\n"), 3);
        assert_eq!(line("[duplicates]\n# near_threshold: 0.8\n\nnear_threshold = 2.0\n"), 4);
    }

    #[test]
    fn bad_glob_is_refused() {
        let err = Config::from_toml("include = [\"content/[\"]\n", "relecture.toml").unwrap_err();
        assert!(err.to_string().contains("invalid glob"), "{err}");
    }

    #[test]
    fn the_online_deadline_takes_seconds_or_a_duration() {
        let deadline = |text: &str| Config::from_toml(&format!("[links]\ndeadline = {text}\n"), "relecture.toml");
        assert_eq!(Config::default().links.deadline, Seconds(60));
        assert_eq!(deadline("90").unwrap().links.deadline, Seconds(90));
        assert_eq!(deadline("\"90s\"").unwrap().links.deadline, Seconds(90));
        assert_eq!(deadline("\"2m\"").unwrap().links.deadline, Seconds(120));
        assert_eq!(deadline("9223372036854775807").unwrap().links.deadline, Seconds(i64::MAX.unsigned_abs()));
        for bad in ["-1", "\"soon\"", "\"99999999999999999w\"", "1.5"] {
            let err = deadline(bad).unwrap_err().to_string();
            assert!(err.starts_with("relecture.toml:2"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_proxy_must_be_an_http_url() {
        let proxy = |url: &str| Config::from_toml(&format!("[links]\nproxy = \"{url}\"\n"), "relecture.toml");
        assert_eq!(
            proxy("http://proxy.example.org:3128").unwrap().links.proxy.as_deref(),
            Some("http://proxy.example.org:3128")
        );
        assert!(proxy("http://user:secret@10.0.0.1").is_ok());
        for bad in [
            "socks5://127.0.0.1:1080",
            "https://proxy.example.org",
            "proxy.example.org:3128",
            "http://",
            "http://:3128",
            "http://user@/",
        ] {
            let err = proxy(bad).unwrap_err().to_string();
            assert!(err.contains("relecture.toml:2") && err.contains("proxy"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_huge_cache_ttl_is_refused_not_wrapped() {
        assert!(Config::from_toml("[links]\ncache_ttl = \"99999999999999999w\"\n", "relecture.toml").is_err());
    }
}
