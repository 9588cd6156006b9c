//! What each configuration file may set: a repository's own files narrow, only the user allows.
//!
//! On a pull request, `relecture.toml` is written by whoever opened it. The settings that reach
//! the network, private addresses or the filesystem outside the repository are therefore taken
//! only from the user: the command line, the environment, the user's configuration file, or a
//! `--config` file outside the repository. Set in a repository's file, they are removed before
//! the file is read into a [`Config`], and reported as [`IgnoredSettings`]; what a repository's
//! file sets is then bounded by the user's ([`crate::config::Section::narrow_to`]).

use std::fmt;
use std::path::{Component, Path};

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::config::{Config, Misread, SectionKind};
use crate::error::Error;

/// The keys of `[links]` that only the user may set: they reach the network (`online`, `proxy`),
/// private addresses (`allow_private`) or the filesystem outside the repository (`cache`).
///
/// They are found in the TOML itself, before the file is read into a [`Config`], so that a key
/// is removed from a repository's file whether or not this build's `[links]` section has a field
/// for it. From the user's file they reach the section like any other key.
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
/// to the project's. The tables of the files are read into the sections of `sections`, any other
/// table being an unknown key. Errors name the file at fault and its line.
pub fn load<'i>(
    sections: &[SectionKind],
    user: Option<ConfigText<'i>>,
    project: Option<ConfigText<'i>>,
) -> Result<Layered, Error> {
    let from_repository = project.is_some_and(|file| file.trust == Trust::Repository);
    let mut layered = layer(sections, user, project)?;
    if from_repository {
        let base = match user {
            Some(user) => parse(user, sections)?.config,
            None => Config::with_sections(sections),
        };
        layered.config.narrow_to(&base, sections);
    }
    Ok(layered)
}

/// The two files read and layered, without the bounds of [`Config::narrow_to`].
fn layer<'i>(
    sections: &[SectionKind],
    user: Option<ConfigText<'i>>,
    project: Option<ConfigText<'i>>,
) -> Result<Layered, Error> {
    let project = project.map(|file| parse(file, sections)).transpose()?;
    let Some(user) = user else {
        return Ok(match project {
            Some(file) => Layered { config: file.config, user_rules: Vec::new(), ignored: file.ignored },
            None => Layered { config: Config::with_sections(sections), user_rules: Vec::new(), ignored: None },
        });
    };
    let user_path = user.path;
    let ParsedFile { mut table, config: user_config, .. } = parse(user, sections)?;
    table.remove("rules");
    let mut path = user_path;
    let mut ignored = None;
    if let Some(file) = project {
        overlay(&mut table, file.table);
        path = file.path;
        ignored = file.ignored;
    }
    // Each file was read alone above, so that its errors name it: the two together hold nothing new.
    let config = Config::from_table(Spanned::new(0..0, table), sections).map_err(|e: Misread| Error::Config {
        path: path.to_string(),
        line: 1,
        message: e.message,
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

fn parse<'i>(file: ConfigText<'i>, sections: &[SectionKind]) -> Result<ParsedFile<'i>, Error> {
    let document = DeTable::parse(file.text).map_err(|e| Misread::from(e).at_line_in(file.text, file.path))?;
    let span = document.span();
    let mut table = document.into_inner();
    let ignored = match file.trust {
        Trust::User => None,
        Trust::Repository => remove_trusted_only(&mut table, file.path),
    };
    let config = Config::from_table(Spanned::new(span, table.clone()), sections)
        .map_err(|e| e.at_line_in(file.text, file.path))?;
    config.validate(file.path, file.text, sections)?;
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
