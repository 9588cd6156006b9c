//! The rule files of a run: read from the linted source (or, for the user's own, from disk),
//! bounded in size together, and loaded in parallel into one check for the packs that load.

use std::path::Path;
use std::sync::Arc;

use relecture_core::trust::Layered;

use crate::paths::normalize_path_argument;
use crate::{Checks, Error, Linter, RuleFileError, RuleFileText, configuration};

impl Linter {
    /// The rule files the configuration names (`rules`, or `lint-rules/` when it exists, then
    /// the `rules` of the user's file, then the shipped packs `packs` names) — read from the linted source, or from disk for the
    /// entries outside the repository that only the user's files keep — as (path, text), or why
    /// a file is refused before parsing (larger than [`relecture_rules::MAX_RULE_FILE_SIZE`],
    /// unreadable). Rule files are configuration: the articles' `max_file_size` does not apply.
    fn read_rule_files(
        snapshot: &relecture_git::Snapshot<'_>,
        root: &Path,
        layered: &Layered,
    ) -> Result<Vec<(String, RuleFileText)>, Error> {
        use relecture_core::FileContent;
        let limit = relecture_rules::MAX_RULE_FILE_SIZE;
        let config = &layered.config;
        let explicit = config.rules.is_some();
        let entries = config.rules.clone().unwrap_or_else(|| vec!["lint-rules".to_string()]);
        // The user's file applies to every repository: an entry inside one that lacks it is skipped.
        let user_entries = layered.user_rules.iter().map(|entry| (entry.clone(), false));
        let mut files: Vec<(String, FileContent)> = Vec::new();
        for (entry, explicit) in entries.into_iter().map(|entry| (entry, explicit)).chain(user_entries) {
            if relecture_core::trust::reaches_outside(&entry) {
                let outside = configuration::read_outside_rules(root, &entry)?;
                files.extend(outside.into_iter().map(|(path, bytes)| (path, FileContent::Bytes(bytes))));
                continue;
            }
            let entry = normalize_path_argument(&entry);
            let has_toml_extension = Path::new(&entry).extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            if has_toml_extension {
                match snapshot.read(&entry)? {
                    Some(bytes) => files.push((entry, FileContent::Bytes(bytes))),
                    None if explicit => return Err(Error::MissingRuleFile { path: entry }),
                    None => {}
                }
                continue;
            }
            let filter = relecture_core::config::FileFilter::from_globs(&[format!("{entry}/**/*.toml")], &[]);
            let listing = snapshot.list(&filter, limit)?;
            if listing.files.is_empty() && explicit {
                // A rule folder that is a symbolic link is never followed, and said so, not
                // taken for a missing folder.
                if let Err(error) = snapshot.read(&entry)
                    && error.is_symbolic_link()
                {
                    return Err(error.into());
                }
                return Err(Error::MissingRuleFile { path: entry });
            }
            files.extend(listing.files.into_iter().map(|file| (file.path, file.content)));
        }
        // Named by both the project's and the user's file, a file is read once.
        let mut seen = std::collections::HashSet::new();
        files.retain(|(path, _)| seen.insert(path.clone()));
        // The shipped packs `packs` names come last: a pack of the repository with the same name
        // replaces the shipped one.
        for name in &config.packs {
            let Some((path, text)) = relecture_rules::shipped_pack(name) else {
                return Err(unknown_pack(name, None));
            };
            if seen.insert(path.clone()) {
                files.push((path, FileContent::Bytes(text.as_bytes().to_vec())));
            }
        }
        let mut read: Vec<(String, RuleFileText)> = files
            .into_iter()
            .map(|(path, content)| match content {
                FileContent::Bytes(bytes) if bytes.len() as u64 > limit => {
                    Ok((path.clone(), Err(RuleFileError::TooLarge { path, size: bytes.len() as u64 })))
                }
                FileContent::Bytes(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => Ok((path, Ok(text))),
                    Err(_) => Err(Error::RuleFileEncoding { path }),
                },
                FileContent::TooLarge(size) => Ok((path.clone(), Err(RuleFileError::TooLarge { path, size }))),
                FileContent::Unavailable(reason) => Ok((path.clone(), Err(RuleFileError::Unreadable { path, reason }))),
            })
            .collect::<Result<_, _>>()?;
        // However many files a repository adds, together they hold a bounded amount of text: the
        // files past the run's limit, in the order named, are refused.
        let mut total: u64 = 0;
        for (path, text) in &mut read {
            if let Ok(content) = text {
                total = total.saturating_add(content.len() as u64);
                if total > relecture_rules::MAX_RUN_RULE_BYTES {
                    *text = Err(RuleFileError::RunTooLarge { path: path.clone() });
                }
            }
        }
        Ok(read)
    }

    /// The rule files of the linted source's configuration, as (path, text) or why the file is
    /// refused before parsing, for `rules test`.
    pub fn rule_files(&self) -> Result<Vec<(String, RuleFileText)>, Error> {
        let workspace = self.workspace()?;
        let snapshot = workspace.snapshot(&self.source)?;
        let layered = self.load_config(&workspace, &snapshot)?;
        Self::read_rule_files(&snapshot, workspace.root(), &layered)
    }

    /// The checks of this linter plus one check for the rule packs that load; a file that is
    /// refused (size, schema, names, regex, failing example, bounds) is returned with its error,
    /// and the others load.
    pub(crate) fn checks_with_packs(
        &self,
        snapshot: &relecture_git::Snapshot<'_>,
        root: &Path,
        layered: &Layered,
    ) -> Result<(Checks, Vec<relecture_rules::Error>, u64), Error> {
        let (packs, refused, hash) = Self::load_packs(snapshot, root, layered)?;
        Ok((self.with_packs(packs), refused, hash))
    }

    /// The checks of this linter plus one check for `packs`.
    pub(crate) fn with_packs(&self, packs: Vec<relecture_rules::RulePack>) -> Checks {
        let mut checks = self.checks.clone();
        if !packs.is_empty() {
            checks.article.push(Arc::new(relecture_rules::PackCheck::new(packs)));
        }
        checks
    }

    /// The rule packs that load, the rule files refused with their error, and a hash of the
    /// files read (see [`Linter::checks_with_packs`]).
    pub(crate) fn load_packs(
        snapshot: &relecture_git::Snapshot<'_>,
        root: &Path,
        layered: &Layered,
    ) -> Result<(Vec<relecture_rules::RulePack>, Vec<relecture_rules::Error>, u64), Error> {
        use rayon::prelude::*;
        let files = Self::read_rule_files(snapshot, root, layered)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (path, text) in &files {
            let text = text.as_ref().map_or(&[][..], |text| text.as_bytes());
            for part in [path.as_bytes(), b"\0", text, b"\0"] {
                hasher.update(part);
            }
        }
        // Compiling rules and running their examples is the costly part of loading: in parallel.
        // However many packs there are, together they spend no more than the run's budget.
        let budget = relecture_rules::Budget::shared_by(files.len());
        let loaded: Vec<_> = files
            .into_par_iter()
            .map(|(path, text)| text.and_then(|text| relecture_rules::RulePack::load_within(&path, &text, budget)))
            .collect();
        let mut packs: Vec<relecture_rules::RulePack> = Vec::new();
        let mut refused = Vec::new();
        // Files come in the order the configuration names them (a folder's sorted by path): of
        // two packs with one name, the first loads and the other is refused.
        for result in loaded {
            match result {
                Ok(pack) => match packs.iter().find(|loaded| loaded.name == pack.name) {
                    // The repository's own pack of that name replaces the shipped one.
                    Some(_) if pack.path.starts_with(relecture_rules::SHIPPED_PREFIX) => {}
                    Some(first) => refused.push(relecture_rules::Error::DuplicatePack {
                        path: pack.path.clone(),
                        name: pack.name.clone(),
                        first: first.path.clone(),
                    }),
                    None => packs.push(pack),
                },
                Err(error) => refused.push(error),
            }
        }
        Ok((packs, refused, hasher.digest()))
    }
}

/// The error of a `packs` entry that names no shipped pack, at `at` (`relecture.toml:3`).
pub(crate) fn unknown_pack(name: &str, at: Option<String>) -> Error {
    let shipped: Vec<&str> = relecture_rules::SHIPPED_PACKS.iter().map(|(name, _)| *name).collect();
    let suggestion = relecture_core::text::closest(name, shipped.iter().copied()).map(String::from);
    Error::UnknownPack { at, name: name.to_string(), shipped: shipped.join(", "), suggestion }
}
