//! What each configuration file may set: a repository's own files narrow, only the user allows.
//!
//! On a pull request, `relecture.toml` is written by whoever opened it. The settings that reach
//! the network, private addresses or the filesystem outside the repository are therefore taken
//! only from the user: the command line, the environment, the user's configuration file, or a
//! `--config` file outside the repository. Set in a repository's file, they are removed before
//! the file is read into a [`Config`], and reported as [`IgnoredSettings`].

use std::fmt;
use std::path::{Component, Path};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};

use crate::config::{Config, toml_error};
use crate::error::Error;

/// The keys of `[links]` that only the user may set: they reach the network (`online`, `proxy`),
/// private addresses (`allow_private`) or the filesystem outside the repository (`cache`).
///
/// They are found in the TOML itself, before the file is read into a [`Config`], so that a key
/// is removed from a repository's file whether or not this build's `LinksConfig` has a field for
/// it. From the user's file they reach `Config::links` like any other key.
pub const TRUSTED_LINKS_KEYS: [&str; 4] = ["allow_private", "cache", "online", "proxy"];

/// Whose file a configuration file is, which decides what it may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The user's own: their configuration folder, or a `--config` file outside the repository.
    User,
    /// The repository's: written by whoever wrote the commit or opened the pull request.
    Repository,
}

/// A configuration file's text, the name its errors give it, and whose it is.
#[derive(Debug, Clone, Copy)]
pub struct ConfigText<'a> {
    /// The TOML text.
    pub text: &'a str,
    /// The file as errors and warnings name it.
    pub path: &'a str,
    /// Whose file it is.
    pub trust: Trust,
}

/// The settings only the user may give that a repository's file set: they were ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredSettings {
    /// The file that set them.
    pub file: String,
    /// Keys of `[links]`, in the order of [`TRUSTED_LINKS_KEYS`].
    pub links: Vec<String>,
    /// `rules` entries outside the repository, as written.
    pub outside_rules: Vec<String>,
}

impl fmt::Display for IgnoredSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut what = Vec::new();
        if !self.links.is_empty() {
            what.push(format!("[links] {}", self.links.join(", ")));
        }
        if !self.outside_rules.is_empty() {
            // Written by the repository: quoted with escapes, so that no control character reaches a terminal.
            let entries: Vec<String> = self.outside_rules.iter().map(|entry| format!("{entry:?}")).collect();
            what.push(format!("rule files outside the repository ({})", entries.join(", ")));
        }
        let count = self.links.len() + self.outside_rules.len();
        write!(
            f,
            "{} sets {}; only the command line, the environment or ~/.config/relecture/config.toml can, so {} ignored",
            self.file,
            what.join(" and "),
            if count == 1 { "it is" } else { "they are" }
        )
    }
}

/// The configuration of a run, from the user's file and the project's.
#[derive(Debug, Clone)]
pub struct Layered {
    /// The project's file over the user's, key by key, without what the project may not set.
    pub config: Config,
    /// The `rules` entries of the user's file: added to those of the configuration.
    pub user_rules: Vec<String>,
    /// What the project's file set and may not.
    pub ignored: Option<IgnoredSettings>,
}

/// Reads the user's configuration file and the project's (`relecture.toml` of the linted
/// source, or a `--config` file), either of which may be absent.
///
/// The project's file wins key by key (tables are merged), except that a file of
/// [`Trust::Repository`] loses [`TRUSTED_LINKS_KEYS`] and its `rules` entries outside the
/// repository. The user's `rules` entries are kept apart, in [`Layered::user_rules`], to be added
/// to the project's. Errors name the file at fault and its line.
pub fn load<'i>(user: Option<ConfigText<'i>>, project: Option<ConfigText<'i>>) -> Result<Layered, Error> {
    let from_repository = project.is_some_and(|file| file.trust == Trust::Repository);
    let mut layered = layer(user, project)?;
    if from_repository {
        let base = match user {
            Some(user) => parse(user)?.config,
            None => Config::default(),
        };
        bound_by(&mut layered.config, &base);
    }
    Ok(layered)
}

/// A repository's file may shorten the bounds of the online check (`timeout_s`, `deadline`,
/// `cache_ttl`), never lengthen them: the user's values, or the defaults, are the most it gets.
fn bound_by(config: &mut Config, base: &Config) {
    let (links, most) = (&mut config.links, &base.links);
    links.timeout_s = links.timeout_s.min(most.timeout_s);
    links.deadline.0 = links.deadline.0.min(most.deadline.0);
    if links.cache_ttl_seconds() > most.cache_ttl_seconds() {
        links.cache_ttl.clone_from(&most.cache_ttl);
    }
}

/// The two files read and layered, without the bounds of [`bound_by`].
fn layer<'i>(user: Option<ConfigText<'i>>, project: Option<ConfigText<'i>>) -> Result<Layered, Error> {
    let project = project.map(parse).transpose()?;
    let Some(user) = user else {
        return Ok(match project {
            Some(file) => Layered { config: file.config, user_rules: Vec::new(), ignored: file.ignored },
            None => Layered { config: Config::default(), user_rules: Vec::new(), ignored: None },
        });
    };
    let user_path = user.path;
    let ParsedFile { mut table, config: user_config, .. } = parse(user)?;
    table.remove("rules");
    let mut path = user_path;
    let mut ignored = None;
    if let Some(file) = project {
        overlay(&mut table, file.table);
        path = file.path;
        ignored = file.ignored;
    }
    // Each file was read alone above, so that its errors name it: the two together hold nothing new.
    let config = Config::deserialize(Deserializer::from(Spanned::new(0..0, table))).map_err(|e| Error::Config {
        path: path.to_string(),
        line: 1,
        message: e.message().trim_end().to_string(),
    })?;
    Ok(Layered { config, user_rules: user_config.rules.unwrap_or_default(), ignored })
}

/// Whether a `rules` entry names something other than the repository's content: an absolute
/// path, a path that leaves the repository through `..` (after `.` and `..` are resolved), or a
/// path into its `.git` folder (where credentials of a CI checkout live).
pub fn reaches_outside(entry: &str) -> bool {
    let mut depth = 0usize;
    for component in Path::new(entry).components() {
        match component {
            Component::Prefix(_) | Component::RootDir => return true,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return true,
            },
            Component::Normal(name) => {
                if name.eq_ignore_ascii_case(".git") {
                    return true;
                }
                depth += 1;
            }
        }
    }
    false
}

/// One file, read alone.
struct ParsedFile<'i> {
    path: &'i str,
    /// Its TOML, without what it may not set.
    table: DeTable<'i>,
    config: Config,
    ignored: Option<IgnoredSettings>,
}

fn parse(file: ConfigText<'_>) -> Result<ParsedFile<'_>, Error> {
    let document = DeTable::parse(file.text).map_err(|e| toml_error(&e, file.text, file.path))?;
    let span = document.span();
    let mut table = document.into_inner();
    let ignored = match file.trust {
        Trust::User => None,
        Trust::Repository => remove_trusted_only(&mut table, file.path),
    };
    let config = Config::deserialize(Deserializer::from(Spanned::new(span, table.clone())))
        .map_err(|e| toml_error(&e, file.text, file.path))?;
    config.validate(file.path, file.text)?;
    Ok(ParsedFile { path: file.path, table, config, ignored })
}

/// Removes from a repository's file what only the user may set, and says what it was.
fn remove_trusted_only(table: &mut DeTable<'_>, path: &str) -> Option<IgnoredSettings> {
    let mut links = Vec::new();
    if let Some(DeValue::Table(section)) = table.get_mut("links").map(Spanned::get_mut) {
        for key in TRUSTED_LINKS_KEYS {
            if section.remove(key).is_some() {
                links.push(key.to_string());
            }
        }
    }
    let mut outside_rules = Vec::new();
    if let Some(DeValue::Array(entries)) = table.get_mut("rules").map(Spanned::get_mut) {
        let kept: DeArray<'_> = std::mem::replace(entries, DeArray::new())
            .into_iter()
            .filter(|entry| match entry.get_ref().as_str() {
                Some(text) if reaches_outside(text) => {
                    outside_rules.push(text.to_string());
                    false
                }
                _ => true,
            })
            .collect();
        *entries = kept;
    }
    (!links.is_empty() || !outside_rules.is_empty()).then(|| IgnoredSettings {
        file: path.to_string(),
        links,
        outside_rules,
    })
}

/// Puts `top` over `base`: a key of `top` replaces that of `base`, tables of both are merged.
fn overlay<'i>(base: &mut DeTable<'i>, top: DeTable<'i>) {
    for (key, value) in top {
        let span = value.span();
        match value.into_inner() {
            DeValue::Table(above) => {
                let name: &str = key.get_ref();
                if let Some(DeValue::Table(below)) = base.get_mut(name).map(Spanned::get_mut) {
                    overlay(below, above);
                } else {
                    base.insert(key, Spanned::new(span, DeValue::Table(above)));
                }
            }
            other => {
                base.insert(key, Spanned::new(span, other));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository(text: &str) -> ConfigText<'_> {
        ConfigText { text, path: "relecture.toml", trust: Trust::Repository }
    }

    fn user(text: &str) -> ConfigText<'_> {
        ConfigText { text, path: "/home/u/.config/relecture/config.toml", trust: Trust::User }
    }

    const ALLOWING: &str = "rules = [\"lint-rules\", \"/abs/x.toml\", \"../x.toml\", \"a/../../b\", \".git/config\"]\n\
                            [links]\nonline = true\nallow_private = true\ncache = \".git/hooks/pre-commit\"\nproxy = \"http://127.0.0.1:9\"\ntimeout_s = 3\n";

    #[test]
    fn a_repository_file_cannot_allow_anything() {
        let layered = load(None, Some(repository(ALLOWING))).unwrap();
        let links = &layered.config.links;
        assert!(!links.online && !links.allow_private);
        assert_eq!(links.cache, "", "relecture's own cache folder");
        assert_eq!(links.timeout_s, 3, "the other keys of the file are read");
        assert_eq!(layered.config.rules.as_deref(), Some(&["lint-rules".to_string()][..]));
        let ignored = layered.ignored.unwrap();
        assert_eq!(ignored.links, ["allow_private", "cache", "online", "proxy"]);
        assert_eq!(ignored.outside_rules, ["/abs/x.toml", "../x.toml", "a/../../b", ".git/config"]);
        assert_eq!(
            ignored.to_string(),
            "relecture.toml sets [links] allow_private, cache, online, proxy and rule files outside the repository \
             (\"/abs/x.toml\", \"../x.toml\", \"a/../../b\", \".git/config\"); only the command line, the environment \
             or ~/.config/relecture/config.toml can, so they are ignored"
        );
    }

    #[test]
    fn a_repository_file_may_shorten_the_online_bounds_never_lengthen_them() {
        let longer = "[links]\ntimeout_s = 300\ndeadline = \"100000m\"\ncache_ttl = \"9999w\"\n";
        let links = load(None, Some(repository(longer))).unwrap().config.links;
        assert_eq!((links.timeout_s, links.deadline.0, links.cache_ttl.as_str()), (10, 60, "1d"));
        let user_bounds = user("[links]\ntimeout_s = 2\ndeadline = 5\ncache_ttl = \"1h\"\n");
        let links = load(Some(user_bounds), Some(repository(longer))).unwrap().config.links;
        assert_eq!((links.timeout_s, links.deadline.0, links.cache_ttl.as_str()), (2, 5, "1h"));
        let shorter = "[links]\ntimeout_s = 1\ndeadline = 3\ncache_ttl = \"5m\"\n";
        let links = load(Some(user_bounds), Some(repository(shorter))).unwrap().config.links;
        assert_eq!((links.timeout_s, links.deadline.0, links.cache_ttl.as_str()), (1, 3, "5m"));
        // The user's own file, or a --config file outside the repository, sets what it likes.
        let links = load(None, Some(user(longer))).unwrap().config.links;
        assert_eq!(links.timeout_s, 300);
    }

    #[test]
    fn only_the_users_proxy_is_used() {
        let layered = load(
            Some(user("[links]\nproxy = \"http://127.0.0.1:3128\"\n")),
            Some(repository("[links]\nproxy = \"http://10.0.0.1:1\"\n")),
        )
        .unwrap();
        assert_eq!(layered.config.links.proxy.as_deref(), Some("http://127.0.0.1:3128"));
        assert_eq!(layered.ignored.unwrap().links, ["proxy"]);
    }

    #[test]
    fn dotted_and_inline_tables_are_the_same_keys() {
        for text in ["links.online = true\n", "links = { online = true, timeout_s = 2 }\n"] {
            let layered = load(None, Some(repository(text))).unwrap();
            assert!(!layered.config.links.online, "{text}");
            assert_eq!(layered.ignored.unwrap().to_string().matches("online").count(), 1);
        }
    }

    #[test]
    fn a_user_file_allows() {
        let text = "rules = [\"/abs/x.toml\"]\n[links]\nonline = true\nallow_private = true\ncache = \"/tmp/c.json\"\n";
        let layered = load(Some(user(text)), None).unwrap();
        assert!(layered.config.links.online && layered.config.links.allow_private);
        assert_eq!(layered.config.links.cache, "/tmp/c.json");
        assert_eq!(layered.user_rules, ["/abs/x.toml"]);
        assert_eq!(layered.config.rules, None, "the user's rules are added to the project's, not in place of them");
        assert!(layered.ignored.is_none());
    }

    #[test]
    fn the_project_wins_key_by_key_but_cannot_take_back_what_the_user_allowed() {
        let user_text =
            "exclude = [\"drafts/**\"]\n[links]\nonline = true\ntimeout_s = 4\n[severity]\nbare-url = \"off\"\n";
        let project_text = "[links]\nonline = false\ntimeout_s = 3\n[severity]\nrepeated-word = \"info\"\n";
        let layered = load(Some(user(user_text)), Some(repository(project_text))).unwrap();
        let config = &layered.config;
        assert!(config.links.online, "a repository may not set `online`, neither on nor off");
        assert_eq!(config.links.timeout_s, 3);
        assert_eq!(config.exclude, ["drafts/**"]);
        assert_eq!(config.severity.len(), 2, "tables are merged");
        assert_eq!(layered.ignored.unwrap().links, ["online"]);
    }

    #[test]
    fn a_trusted_project_file_may_allow() {
        let text = "rules = [\"/abs/x.toml\", \"lint-rules\"]\n[links]\nonline = true\nallow_private = true\n";
        let file = ConfigText { text, path: "/ci/relecture.toml", trust: Trust::User };
        let layered = load(None, Some(file)).unwrap();
        assert!(layered.config.links.online && layered.config.links.allow_private);
        assert_eq!(layered.config.rules.unwrap().len(), 2);
        assert!(layered.ignored.is_none());
    }

    #[test]
    fn errors_name_the_file_and_line_at_fault() {
        let err = load(Some(user("[links]\nonline = tru\n")), Some(repository(""))).unwrap_err().to_string();
        assert!(err.starts_with("/home/u/.config/relecture/config.toml:2:"), "{err}");
        let err = load(Some(user("")), Some(repository("\n[links]\ntimeout_s = \"x\"\n"))).unwrap_err().to_string();
        assert!(err.starts_with("relecture.toml:3:"), "{err}");
        let err =
            load(None, Some(repository("include = []\n\n[frontmatter]\nrequierd = []\n"))).unwrap_err().to_string();
        assert!(err.starts_with("relecture.toml:4:") && err.contains("requierd"), "{err}");
        let err = load(None, Some(repository("[links]\ncache_ttl = \"1y\"\n"))).unwrap_err().to_string();
        assert!(err.starts_with("relecture.toml:2:"), "{err}");
    }

    #[test]
    fn entries_that_leave_the_repository() {
        for outside in ["/etc/x.toml", "../x.toml", "./../x", "a/../../x", "a/b/../../../x", ".git/config", "a/.GIT/x"]
        {
            assert!(reaches_outside(outside), "{outside}");
        }
        for inside in ["lint-rules", "./lint-rules/x.toml", "a/../b", "a/b/../../c", "..x/y", "x.."] {
            assert!(!reaches_outside(inside), "{inside}");
        }
    }
}
