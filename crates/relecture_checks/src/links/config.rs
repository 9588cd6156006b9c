//! `[links]`: where site-absolute links are resolved, and the settings of the online check.

use std::fmt;

use relecture_core::config::{Invalid, Section, SectionLines};
use serde::de::Visitor;
use serde::{Deserialize, Deserializer};

/// `[links]`: where links are resolved, and how `--online` checks external ones.
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

impl Section for LinksConfig {
    const NAME: &'static str = "links";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
        if self.cache_ttl_seconds().is_none() {
            return Err(Invalid {
                line: lines.line(&["cache_ttl"], None),
                message: format!("`cache_ttl` \"{}\" is not a duration such as 30m, 12h or 1d", self.cache_ttl),
            });
        }
        if let Some(problem) = self.proxy.as_deref().and_then(proxy_url_problem) {
            return Err(Invalid { line: lines.line(&["proxy"], None), message: format!("`[links] proxy`: {problem}") });
        }
        for pattern in &self.exclude {
            if let Err(e) = regex::Regex::new(pattern) {
                return Err(Invalid {
                    line: lines.line(&["exclude"], Some(pattern)),
                    message: format!("invalid regex in `[links] exclude`: {e}"),
                });
            }
        }
        Ok(())
    }

    /// A repository's file may shorten the bounds of the online check (`timeout_s`, `deadline`,
    /// `cache_ttl`), never lengthen them: the user's values, or the defaults, are the most it gets.
    fn narrow_to(&mut self, most: &Self) {
        self.timeout_s = self.timeout_s.min(most.timeout_s);
        self.deadline.0 = self.deadline.0.min(most.deadline.0);
        if self.cache_ttl_seconds() > most.cache_ttl_seconds() {
            self.cache_ttl.clone_from(&most.cache_ttl);
        }
    }
}
