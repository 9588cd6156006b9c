//! The declared language of an article: front matter, `[language.paths]`, path segment, default.

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::article::Article;
use crate::config::{Config, Invalid, OrderedMap, Section, SectionLines};
use crate::frontmatter::Value;

/// ISO 639-1 codes recognised in paths when `[language] allowed` is not set.
const COMMON_CODES: &[&str] = &[
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "ga", "he", "hi", "hr", "hu",
    "id", "it", "ja", "ko", "lt", "lv", "nb", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr",
    "uk", "vi", "zh",
];

/// Language names accepted in front matter, in English and in their own language.
const NAMES: &[(&str, &str)] = &[
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("english", "en"),
    ("anglais", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("spanish", "es"),
    ("español", "es"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
];

/// `[language]` as the article model reads it: how articles declare their language. The language
/// family reads its own keys of the table (`min_words`); a key neither reads is refused.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct LanguageConfig {
    /// ISO 639-1 codes the site publishes.
    pub allowed: Vec<String>,
    /// Declared language when nothing else declares one.
    pub default: Option<String>,
    /// Glob → language, first match wins.
    pub paths: OrderedMap,
    /// `paths` compiled once, on first use.
    #[serde(skip)]
    path_matchers: std::sync::OnceLock<Vec<(GlobMatcher, String, String)>>,
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
            path_matchers: std::sync::OnceLock::new(),
        }
    }
}

impl Clone for LanguageConfig {
    /// A copy whose globs are compiled again on first use, since the copy's may be changed.
    fn clone(&self) -> Self {
        Self {
            allowed: self.allowed.clone(),
            default: self.default.clone(),
            paths: self.paths.clone(),
            path_matchers: std::sync::OnceLock::new(),
        }
    }
}

impl Section for LanguageConfig {
    const NAME: &'static str = "language";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
        for (pattern, _) in &self.paths.0 {
            Glob::new(pattern).map_err(|e| Invalid {
                line: lines.line(&["paths"], Some(pattern)),
                message: format!("invalid glob `{pattern}`: {}", e.kind()),
            })?;
        }
        let codes = (self.allowed.iter().map(|c| ("allowed", None, c)))
            .chain(self.default.iter().map(|c| ("default", None, c)))
            .chain(self.paths.0.iter().map(|(k, c)| ("paths", Some(k.as_str()), c)));
        for (key, glob, code) in codes {
            if !is_language_code(code) {
                return Err(Invalid {
                    line: lines.line(&[key], Some(glob.unwrap_or(code))),
                    message: format!("`{code}` is not an ISO 639-1 language code (such as fr or en)"),
                });
            }
        }
        Ok(())
    }
}

/// Normalises a language tag or name (`fr-FR`, `fr_CA`, `French`) to its ISO 639-1 code.
pub fn normalize_language(tag: &str) -> Option<String> {
    let lower = tag.trim().to_lowercase();
    if let Some((_, code)) = NAMES.iter().find(|(name, _)| *name == lower) {
        return Some((*code).to_string());
    }
    let primary = lower.split(['-', '_']).next().unwrap_or("");
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then(|| primary.to_string())
}

/// Where an article's declared language comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclarationOrigin {
    /// The front matter field `lang` or `language`; the range of its value.
    FrontMatter(crate::range::TextRange),
    /// A `[language.paths]` glob.
    PathGlob(String),
    /// A language segment of the path (`/fr/`, `.fr.md`).
    PathSegment,
    /// `[language] default`.
    Default,
    /// The site's configuration: the language of the content folder the article is in, or the
    /// site's default language (`relecture site` shows where it is written).
    Site,
}

impl DeclarationOrigin {
    /// How messages name the origin.
    pub fn describe(&self) -> crate::message::Message {
        use crate::message::Message;
        match self {
            Self::FrontMatter(_) => Message::new("declared-by-front-matter"),
            Self::PathGlob(glob) => Message::new("declared-by-glob").with("glob", glob),
            Self::PathSegment => Message::new("declared-by-path"),
            Self::Default => Message::new("declared-by-default"),
            Self::Site => Message::new("declared-by-site"),
        }
    }
}

/// An article's declared language and where the declaration comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// ISO 639-1 code.
    pub language: String,
    /// Where it comes from.
    pub origin: DeclarationOrigin,
}

/// The language the article declares, in the contract's order: front matter `lang` or
/// `language`, the first matching `[language.paths]` glob, a language segment in the path,
/// `[language] default`. A front matter value that names no language is skipped (the front
/// matter check reports it).
pub fn declaration(article: &Article, config: &Config) -> Option<Declaration> {
    if let Some(front) = &article.front_matter {
        for key in ["lang", "language"] {
            if let Some(field) = front.get(key)
                && let Value::String(tag) = &field.value.value
                && let Some(code) = normalize_language(tag)
            {
                return Some(Declaration { language: code, origin: DeclarationOrigin::FrontMatter(field.value.range) });
            }
        }
    }
    let language = config.section::<LanguageConfig>();
    if let Some((pattern, code)) = language.path_language(&article.path) {
        return Some(Declaration {
            language: code.to_string(),
            origin: DeclarationOrigin::PathGlob(pattern.to_string()),
        });
    }
    let site = config.section::<crate::site::SiteConfig>().detected.clone();
    let part = site.as_deref().map(|site| site.part_of(&article.path));
    // A segment names a language when it is a common language code, one `allowed`, or one the
    // site publishes; a region's folder (`pt-br`, `zh_TW`) names its language.
    let known = |segment: &str| -> Option<String> {
        let code = segment_language(segment)?;
        let listed = if language.allowed.is_empty() {
            COMMON_CODES.contains(&code)
        } else {
            language.allowed.iter().any(|a| a == code)
        };
        let published = part.is_some_and(|part| {
            part.languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(segment) || normalize_language(l).as_deref() == Some(code))
        });
        (listed || published).then(|| code.to_string())
    };
    let mut segments: Vec<&str> = article.path.split('/').collect();
    let file = segments.pop().unwrap_or("");
    // `page.fr.md`
    let mut parts = file.rsplitn(3, '.');
    let (_, code) = (parts.next(), parts.next());
    if let (Some(code), Some(_)) = (code, parts.next())
        && let Some(code) = known(code)
    {
        return Some(Declaration { language: code, origin: DeclarationOrigin::PathSegment });
    }
    if let Some(code) = segments.iter().find_map(|s| known(s)) {
        return Some(Declaration { language: code, origin: DeclarationOrigin::PathSegment });
    }
    // A folder named after its language (`FRENCH/src/…`, Hugo's `content/english`).
    if let Some((_, code)) = segments.iter().find_map(|s| NAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(s))) {
        return Some(Declaration { language: (*code).to_string(), origin: DeclarationOrigin::PathSegment });
    }
    if let Some(language) = language.default.clone() {
        return Some(Declaration { language, origin: DeclarationOrigin::Default });
    }
    let part = part?;
    let mounted = part
        .content
        .iter()
        .filter(|mount| crate::site::under(&article.path, &mount.folder))
        .max_by_key(|mount| mount.folder.len())
        .and_then(|mount| mount.language.clone());
    let stated = mounted.or_else(|| part.default_language.clone().filter(|_| part.language_stated))?;
    normalize_language(&stated).map(|language| Declaration { language, origin: DeclarationOrigin::Site })
}

/// The language the article declares (see [`declaration`]).
pub fn declared_language(article: &Article, config: &Config) -> Option<String> {
    declaration(article, config).map(|d| d.language)
}

/// The path of the page a Docusaurus translation translates: Docusaurus keeps translations under
/// `i18n/LOCALE/PLUGIN/`, the docs' current version standing for `docs/`, older versions for
/// `versioned_docs/`, the blog for `blog/` and the pages for `src/pages/`. Any other path is
/// returned as it is.
fn docusaurus_source(path: &str) -> std::borrow::Cow<'_, str> {
    let mut segments = path.split('/');
    let mut prefix = String::new();
    while let Some(segment) = segments.next() {
        if segment == "i18n" {
            let rest: Vec<&str> = segments.clone().collect();
            if let [locale, plugin, tail @ ..] = rest.as_slice()
                && segment_language(locale).is_some()
            {
                let mapped = match (*plugin, tail) {
                    ("docusaurus-plugin-content-docs", ["current", page @ ..]) => format!("docs/{}", page.join("/")),
                    ("docusaurus-plugin-content-docs", [version, page @ ..]) => {
                        format!("versioned_docs/{version}/{}", page.join("/"))
                    }
                    ("docusaurus-plugin-content-blog", page) => format!("blog/{}", page.join("/")),
                    ("docusaurus-plugin-content-pages", page) => format!("src/pages/{}", page.join("/")),
                    _ => return std::borrow::Cow::Borrowed(path),
                };
                return std::borrow::Cow::Owned(format!("{prefix}{mapped}"));
            }
        }
        prefix.push_str(segment);
        prefix.push('/');
    }
    std::borrow::Cow::Borrowed(path)
}

/// The path of a page without what tells its language, in segments: `content/fr/docs/a.md` and
/// `content/en/docs/a.md` give `content/docs/a`, `a.fr.md` gives `a`. An index page stands for its
/// folder. Translations of one page share it.
pub fn page_family(path: &str) -> Vec<String> {
    let path = docusaurus_source(path);
    let mut segments: Vec<String> = path.split('/').map(str::to_string).collect();
    // The language folder: the first segment naming a language, by its code (`fr`, `pt-br`) or
    // its name (Hugo's `contentDir = "content/english"`); later ones are the page's own folders.
    let folders = segments.len().saturating_sub(1);
    if let Some(at) = segments[..folders].iter().position(|segment| {
        segment_language(segment).is_some() || NAMES.iter().any(|(name, _)| name.eq_ignore_ascii_case(segment))
    }) {
        segments.remove(at);
    }
    if let Some(file) = segments.pop() {
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(stem, _)| stem);
        let stem = match stem.rsplit_once('.') {
            Some((base, code)) if segment_language(code).is_some() => base,
            _ => stem,
        };
        if !matches!(stem, "index" | "_index" | "README" | "readme") || segments.is_empty() {
            segments.push(stem.to_string());
        }
    }
    segments
}

/// Every ISO 639-1 code: a declared language must be one of these.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io \
is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na \
nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss \
st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// The language a path segment names: an ISO 639-1 code (`fr`), or a region's folder naming its
/// language (`pt-br` → `pt`, `zh_TW` → `zh`); `None` for any other segment.
pub fn segment_language(segment: &str) -> Option<&str> {
    let (code, region) = segment.split_once(['-', '_']).unwrap_or((segment, ""));
    let region = region.to_ascii_lowercase();
    // A region (`br`, `tw`), a script (`hant`) or an area (`419`): `no-code`, `to-do` and
    // `my-app` are names of pages, not languages.
    let subtag = region.is_empty()
        || REGIONS.split_ascii_whitespace().any(|r| r == region)
        || (region.len() == 3 && region.chars().all(|c| c.is_ascii_digit()));
    (subtag && is_language_code(code)).then_some(code)
}

/// Regions and scripts that language folders name after the language code (`pt-br`, `zh-hant`).
const REGIONS: &str = "br pt cn tw hk mo sg us gb uk ca au nz ie in mx ar co cl pe ve es fr be ch lu de at it nl \
jp kr ru ua by kz rs ba hr si sk cz pl hu ro md bg gr tr il sa ae eg ma dz tn ir pk bd lk np id my ph th vn ke ng za \
hans hant latn cyrl arab";

/// Whether `code` is an ISO 639-1 code.
pub fn is_language_code(code: &str) -> bool {
    code.len() == 2 && ISO_639_1.split_ascii_whitespace().any(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(path: &str, source: &str, config: &Config) -> Option<String> {
        declared_language(&Article::parse(path, None, source.to_string()), config)
    }

    #[test]
    fn order_is_front_matter_then_globs_then_path_then_default() {
        let mut config = Config::default();
        config.update_section(|language: &mut LanguageConfig| {
            language.default = Some("fr".into());
            language.paths = OrderedMap(vec![("content/special/**".into(), "de".into())]);
        });
        assert_eq!(declared("content/en/a.md", "---\nlang: fr-FR\n---\n", &config).as_deref(), Some("fr"));
        assert_eq!(declared("content/special/en/a.md", "", &config).as_deref(), Some("de"));
        assert_eq!(declared("content/en/a.md", "", &config).as_deref(), Some("en"));
        assert_eq!(declared("content/a.it.md", "", &config).as_deref(), Some("it"));
        assert_eq!(declared("content/a.md", "", &config).as_deref(), Some("fr"));
        assert_eq!(
            declared("content/a.md", "---\nlanguage: English\n---\n", &Config::default()).as_deref(),
            Some("en")
        );
        assert_eq!(declared("content/a.md", "", &Config::default()), None);
    }
}
