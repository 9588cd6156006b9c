//! Where the configuration of a run comes from, and whose each file is: the one place that decides
//! what a repository may set (see [`relecture_core::trust`]).

use std::path::Path;

use relecture_core::trust::{self, ConfigText, Layered, Trust};

use crate::paths::{goes_through_a_repository_link, inside};

use crate::linter::ConfigOrigin;
use crate::{CONFIG_FILE, Error, Linter};

impl Linter {
    /// The configuration of a run on `snapshot`: the user's file (when the linter names one), under
    /// `relecture.toml` of the linted source or the `--config` file. The repository's own file and
    /// a `--config` file inside the repository lose the settings only the user may give.
    pub(crate) fn load_config(
        &self,
        workspace: &relecture_git::Workspace,
        snapshot: &relecture_git::Snapshot<'_>,
    ) -> Result<Layered, Error> {
        self.layered(Some((workspace, snapshot)))
    }

    /// The configuration of a run with no source to read `relecture.toml` from (articles given
    /// in memory): the builder's, or the `--config` file (the user's, there being no repository
    /// to own it), over the user's own file; else the defaults.
    pub(crate) fn load_config_without_source(&self) -> Result<Layered, Error> {
        self.layered(None)
    }

    fn layered(
        &self,
        source: Option<(&relecture_git::Workspace, &relecture_git::Snapshot<'_>)>,
    ) -> Result<Layered, Error> {
        let project = match &self.config {
            ConfigOrigin::Value(config) => {
                return Ok(Layered { config: (**config).clone(), user_rules: Vec::new(), ignored: None });
            }
            ConfigOrigin::Loaded(layered) => return Ok((**layered).clone()),
            ConfigOrigin::File(path) => {
                let bytes = std::fs::read(path).map_err(|source| Error::ConfigFile { path: path.clone(), source })?;
                // A file the pull request controls is the repository's, whoever names it: inside
                // the linted folder or anywhere in the checkout that holds it.
                let owned = source.is_some_and(|(workspace, _)| inside(path, &workspace.content_root()));
                let trust = if owned { Trust::Repository } else { Trust::User };
                Some((utf8(bytes, &path.display().to_string())?, path.display().to_string(), trust))
            }
            // A link is never followed, inside the repository or out (`Snapshot::read` refuses it
            // at every source), so that nothing outside is parsed on the repository's behalf.
            ConfigOrigin::Discover => match source {
                Some((_, snapshot)) => match snapshot.read(CONFIG_FILE)? {
                    None => None,
                    Some(bytes) => Some((utf8(bytes, CONFIG_FILE)?, CONFIG_FILE.to_string(), Trust::Repository)),
                },
                None => None,
            },
        };
        let user = match &self.user_config {
            Some(path) => read_user_config(path)?.map(|text| (text, path.display().to_string())),
            None => None,
        };
        let layered = trust::load(
            &relecture_checks::sections(),
            user.as_ref().map(|(text, path)| ConfigText { text, path, trust: Trust::User }),
            project.as_ref().map(|(text, path, trust)| ConfigText { text, path, trust: *trust }),
        )?;
        // A pack that is not shipped is refused at the line of the file that names it.
        let files =
            project.iter().map(|(text, path, _)| (text, path)).chain(user.iter().map(|(text, path)| (text, path)));
        let files: Vec<(&String, &String)> = files.collect();
        for name in &layered.config.packs {
            if relecture_rules::shipped_pack(name).is_none() {
                let at = files.iter().find_map(|(text, path)| {
                    relecture_core::config::value_line(text, &["packs"], Some(name))
                        .map(|line| format!("{path}:{line}"))
                });
                return Err(crate::rule_files::unknown_pack(name, at));
            }
        }
        Ok(layered)
    }
}

fn utf8(bytes: Vec<u8>, path: &str) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|_| Error::ConfigEncoding { path: path.to_string() })
}

/// The user's configuration file, `None` when there is none.
fn read_user_config(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(utf8(bytes, &path.display().to_string())?)),
        Err(error) if matches!(error.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            Ok(None)
        }
        Err(source) => Err(Error::ConfigFile { path: path.to_path_buf(), source }),
    }
}

/// The rule files of a `rules` entry outside the repository, read from disk, as (path, bytes).
/// Only an entry of the user's own configuration gets here: those of the repository's files were
/// removed when they were read, so that nothing outside is ever opened on their behalf.
pub(crate) fn read_outside_rules(root: &Path, entry: &str) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let path = root.join(entry);
    let missing = || Error::MissingRuleFile { path: entry.to_string() };
    let io = |path: &Path, source| Error::RuleFileIo { path: path.to_path_buf(), source };
    if goes_through_a_repository_link(&path) {
        return Err(Error::RuleFileIo {
            path: path.clone(),
            source: std::io::Error::other("it is or goes through a symbolic link of the repository"),
        });
    }
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")) {
        return match std::fs::read(&path) {
            Ok(bytes) => Ok(vec![(path.display().to_string(), bytes)]),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(missing()),
            Err(source) => Err(io(&path, source)),
        };
    }
    let mut files = Vec::new();
    let mut folders = vec![path];
    while let Some(folder) = folders.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
            Err(source) => return Err(io(&folder, source)),
        };
        for item in entries {
            let item = item.map_err(|source| io(&folder, source))?;
            let file_type = item.file_type().map_err(|source| io(&item.path(), source))?;
            let path = item.path();
            // Inside the folders the user names, a link is never followed.
            if file_type.is_symlink() {
                continue;
            }
            if file_type.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let bytes = std::fs::read(&path).map_err(|source| io(&path, source))?;
                files.push((path.display().to_string(), bytes));
            }
        }
    }
    if files.is_empty() {
        return Err(missing());
    }
    files.sort();
    Ok(files)
}

impl Linter {
    /// Where the links cache of `--online` is read and written: by default, relecture's cache
    /// folder (none without [`Linter::state_cache`]); a relative `[links] cache` (a trusted
    /// setting) inside the working folder, confined to it and never under `.git`; an absolute one
    /// as it is. In every case the file is never written through a symbolic link.
    pub(crate) fn place_links_cache(
        &self,
        workspace: &relecture_git::Workspace,
        links: &mut relecture_checks::links::LinksConfig,
    ) {
        if links.cache_folder.is_some() || !links.online {
            return;
        }
        if links.cache.is_empty() {
            let own =
                self.state_cache.as_ref().filter(|cache| relecture_engine::store::Store::open(&cache.dir).is_ok());
            if let Some(cache) = own {
                links.cache_folder = Some(cache.dir.clone());
                links.cache = relecture_engine::store::LINKS_CACHE_FILE.to_string();
            }
        } else {
            // Inside the checkout, even written as an absolute path, the file is among the
            // repository's: confined like a relative one, never through one of its links.
            let content = workspace.content_root();
            let relative = if Path::new(&links.cache).is_relative() {
                Some((links.cache.clone(), workspace.root().to_path_buf()))
            } else {
                crate::paths::relative_inside(Path::new(&links.cache), &content).map(|relative| (relative, content))
            };
            if let Some((relative, folder)) = relative {
                let in_git = relative.split(['/', '\\']).any(|part| part.eq_ignore_ascii_case(".git"));
                if workspace.is_bare() || in_git {
                    links.cache.clear();
                } else {
                    links.cache = relative;
                    links.cache_folder = Some(folder);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_rule_folders_are_read_recursively_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("packs/sub")).unwrap();
        std::fs::write(dir.path().join("packs/b.toml"), "b").unwrap();
        std::fs::write(dir.path().join("packs/sub/a.toml"), "a").unwrap();
        std::fs::write(dir.path().join("packs/notes.md"), "").unwrap();
        let files =
            read_outside_rules(Path::new("/nonexistent"), &dir.path().join("packs").display().to_string()).unwrap();
        let names: Vec<&str> = files.iter().map(|(p, _)| p.rsplit('/').next().unwrap()).collect();
        assert_eq!(names, ["b.toml", "a.toml"]);
        let missing = read_outside_rules(dir.path(), "../nowhere.toml").unwrap_err();
        assert!(matches!(missing, Error::MissingRuleFile { .. }), "{missing}");
    }
}
