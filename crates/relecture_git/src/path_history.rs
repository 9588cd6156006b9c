//! Which commits of a first-parent history changed each article: what tells a translation that
//! its source moved on since it was last brought up to date.

use std::collections::{BTreeMap, BTreeSet};

use relecture_core::config::FileFilter;
use relecture_core::confined::display_path;

use crate::{CommitInfo, Error, Workspace};

/// What one walk of a first-parent history says of the articles' paths.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PathHistory {
    /// The commits walked, oldest first.
    pub commits: Vec<CommitInfo>,
    /// For each path the filter accepts that a commit added, changed or deleted: the indexes
    /// in `commits` of those commits, oldest first.
    pub changes: BTreeMap<String, Vec<usize>>,
    /// Articles moved by a commit, as (commit index, old path, new path): git's rename
    /// detection, which follows a file edited while moved when half of its content stayed.
    pub renames: Vec<(usize, String, String)>,
    /// The moves of `renames` that left the content as it was, as (commit index, new path).
    pub exact: BTreeSet<(usize, String)>,
}

impl PathHistory {
    /// The index in `commits` of the commit `id` names: a full id or a prefix of at least 7
    /// hexadecimal digits that only one commit of the walk starts with.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let id = id.trim().to_ascii_lowercase();
        if id.len() < 7 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut found = self.commits.iter().enumerate().filter(|(_, commit)| commit.id.starts_with(&id));
        let (index, _) = found.next()?;
        found.next().is_none().then_some(index)
    }

    /// The commits that changed `path`, oldest first.
    pub fn changes_of(&self, path: &str) -> &[usize] {
        self.changes.get(path).map_or(&[], Vec::as_slice)
    }

    /// The last commit that changed `path`.
    pub fn last_change(&self, path: &str) -> Option<usize> {
        self.changes_of(path).last().copied()
    }

    /// The last commit that changed the content of the article now at `path`, across its
    /// moves: a commit that only moved it (its content as it was) is not a change of it.
    pub fn last_content_change(&self, path: &str) -> Option<usize> {
        self.content_lineage(path).last().copied()
    }

    /// [`PathHistory::lineage`] without the commits that only moved the article, its content as
    /// it was.
    pub fn content_lineage(&self, path: &str) -> Vec<usize> {
        let mut found = self.lineage(path);
        found.retain(|&commit| !self.exact.contains(&(commit, self.path_at(path, commit))));
        found
    }

    /// The commits after commit `index` that changed `path`, oldest first.
    pub fn changes_after(&self, path: &str, index: usize) -> &[usize] {
        let changes = self.changes_of(path);
        &changes[changes.partition_point(|&change| change <= index)..]
    }

    /// The commits that changed the article now at `path` across its moves, oldest first: those
    /// of `path`, and those of each path it had before, up to the commit that moved it.
    pub fn lineage(&self, path: &str) -> Vec<usize> {
        let mut found = self.changes_of(path).to_vec();
        let mut current = path.to_string();
        let mut until = usize::MAX;
        for (commit, old, new) in self.renames.iter().rev() {
            if *new == current && *commit <= until {
                found.extend(self.changes_of(old).iter().filter(|&&change| change < *commit));
                current.clone_from(old);
                until = *commit;
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The path the article at `path` had at commit `index`, following the renames of the
    /// commits after it backwards; `path` when it was not moved since.
    pub fn path_at(&self, path: &str, index: usize) -> String {
        let mut path = path.to_string();
        for (commit, old, new) in self.renames.iter().rev() {
            if *commit > index && *new == path {
                path.clone_from(old);
            }
        }
        path
    }

    /// The path the article that was at `path` has at the last commit walked, following the
    /// renames after its last change at `path` forwards; `path` when it was not moved.
    pub fn path_now(&self, path: &str) -> String {
        let mut path = path.to_string();
        let mut since = self.last_change(&path).unwrap_or(0);
        for (commit, old, new) in &self.renames {
            if *commit >= since && *old == path {
                path.clone_from(new);
                since = *commit;
            }
        }
        path
    }
}

/// What one commit did to the articles, as [`Workspace::path_history_until`] walks it.
#[derive(Debug)]
pub struct Step<'a> {
    /// The commit.
    pub commit: &'a CommitInfo,
    /// The articles it added, changed or deleted (both paths of a move).
    pub changed: &'a [String],
    /// The articles it deleted (the old path of a move too).
    pub deleted: &'a [String],
    /// The articles it moved: old path, new path, whether the content stayed as it was.
    pub moved: &'a [(String, String, bool)],
}

/// A commit walked: its place from the tip, the articles it changed, those it moved (old path,
/// new path, whether the content stayed as it was).
type Walked = (usize, Vec<String>, Vec<(String, String, bool)>);

impl Workspace {
    /// Walks the whole first-parent history of `tip` and records which commits added, changed
    /// or deleted each path `filter` accepts, and which articles they moved (see
    /// [`Workspace::path_history_until`]).
    ///
    /// # Errors
    /// When the repository, `tip` or one of its commits cannot be read.
    pub fn path_history(&self, tip: &str, filter: &FileFilter) -> Result<PathHistory, Error> {
        self.path_history_until(tip, filter, |_| false)
    }

    /// Walks the first-parent history of `tip` from `tip` back, and records which commits
    /// added, changed or deleted each path `filter` accepts, and which articles they moved.
    /// Trees are compared, not files: only a commit that deletes an article and adds another
    /// reads them, to tell a move from two changes. After each commit, `enough` is given what it
    /// did ([`Step`]); the walk stops when it says so, that commit being the oldest
    /// of the history returned (whose indexes start there).
    ///
    /// # Errors
    /// When the repository, `tip` or one of its commits cannot be read.
    pub fn path_history_until(
        &self,
        tip: &str,
        filter: &FileFilter,
        mut enough: impl FnMut(&Step<'_>) -> bool,
    ) -> Result<PathHistory, Error> {
        let repo = self.repo();
        let git = |e: git2::Error| self.git_error(&e);
        let unknown = || Error::UnknownRevision { revision: tip.to_string(), repo: self.root().to_path_buf() };
        let mut current = Some(repo.revparse_single(tip).and_then(|o| o.peel_to_commit()).map_err(|_| unknown())?);
        // Newest first, each commit read once, as far back as `enough` asks.
        let mut commits: Vec<CommitInfo> = Vec::new();
        let mut walked: Vec<Walked> = Vec::new();
        let mut tree = match &current {
            Some(commit) => Some(commit.tree().map_err(git)?),
            None => None,
        };
        while let (Some(commit), Some(here)) = (current.take(), tree.take()) {
            // A shallow clone's first commit has no parent here: everything is added.
            let parent = commit.parents().next();
            let parent_tree = match &parent {
                Some(parent) => Some(parent.tree().map_err(git)?),
                None => None,
            };
            let mut diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&here), None).map_err(git)?;
            let path = |file: git2::DiffFile<'_>| file.path_bytes().map(display_path);
            let mut added = false;
            let mut changed = Vec::new();
            let mut deleted = Vec::new();
            for delta in diff.deltas() {
                let Some(article) = path(delta.new_file()).or_else(|| path(delta.old_file())) else { continue };
                if filter.matches(&article) {
                    added |= delta.status() == git2::Delta::Added;
                    if delta.status() == git2::Delta::Deleted {
                        deleted.push(article.clone());
                    }
                    changed.push(article);
                }
            }
            let mut moved = Vec::new();
            if added && !deleted.is_empty() {
                let mut find = git2::DiffFindOptions::new();
                find.renames(true).rename_threshold(50);
                diff.find_similar(Some(&mut find)).map_err(git)?;
                for delta in diff.deltas().filter(|delta| delta.status() == git2::Delta::Renamed) {
                    if let (Some(old), Some(new)) = (path(delta.old_file()), path(delta.new_file()))
                        && filter.matches(&old)
                        && filter.matches(&new)
                    {
                        let exact = delta.old_file().id() == delta.new_file().id();
                        moved.push((old, new, exact));
                    }
                }
            }
            let author = commit.author();
            let info = CommitInfo {
                id: commit.id().to_string(),
                summary: commit.summary().unwrap_or("").to_string(),
                author: format!("{} <{}>", author.name().unwrap_or(""), author.email().unwrap_or("")),
                time: commit.time().seconds(),
                offset_minutes: commit.time().offset_minutes(),
            };
            let stop = enough(&Step { commit: &info, changed: &changed, deleted: &deleted, moved: &moved });
            walked.push((commits.len(), changed, moved));
            commits.push(info);
            if stop {
                break;
            }
            current = parent;
            tree = parent_tree;
        }
        commits.reverse();
        let count = commits.len();
        // Oldest first, numbered from the oldest commit walked.
        let mut changes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut renames = Vec::new();
        let mut exact = BTreeSet::new();
        for (newest_first, changed, moved) in walked.into_iter().rev() {
            let index = count - 1 - newest_first;
            for article in changed {
                changes.entry(article).or_default().push(index);
            }
            for (old, new, unchanged) in moved {
                if unchanged {
                    exact.insert((index, new.clone()));
                }
                renames.push((index, old, new));
            }
        }
        renames.sort();
        Ok(PathHistory { commits, changes, renames, exact })
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use git2::Repository;
    use relecture_core::Config;

    use super::*;

    fn commit_all(repo: &Repository, message: &str) -> String {
        let mut index = repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("Test", "test@example.org").unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap().to_string()
    }

    fn write(dir: &Path, path: &str, text: &str) {
        let full = dir.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }

    #[test]
    fn each_article_knows_the_commits_that_changed_it_and_where_it_was_before_a_move() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let page =
            "# Install\n\nDownload the archive, unpack it and run the installer from its folder.\n\nThen restart.\n";
        write(dir.path(), "content/en/install.md", page);
        write(dir.path(), "content/fr/install.md", "# Installer\n\nTéléchargez l'archive.\n");
        write(dir.path(), "static/logo.svg", "<svg/>");
        let first = commit_all(&repo, "pages");
        write(dir.path(), "content/en/install.md", &page.replace("Then restart.", "Then restart the machine."));
        commit_all(&repo, "edit the source");
        write(dir.path(), "static/logo.svg", "<svg></svg>");
        commit_all(&repo, "a file that is not an article");
        fs::remove_file(dir.path().join("content/en/install.md")).unwrap();
        write(dir.path(), "content/en/setup.md", &page.replace("Then restart.", "Then restart it."));
        let moved = commit_all(&repo, "move the source, edited");

        let ws = Workspace::open(dir.path()).unwrap();
        let history = ws.path_history("HEAD", &Config::default().file_filter()).unwrap();
        assert_eq!(history.commits.len(), 4);
        assert_eq!(history.changes_of("content/en/install.md"), [0, 1, 3]);
        assert_eq!(history.changes_of("content/fr/install.md"), [0]);
        assert_eq!(history.changes_of("content/en/setup.md"), [3]);
        assert!(history.changes_of("static/logo.svg").is_empty(), "not an article");
        assert_eq!(history.renames, [(3, "content/en/install.md".to_string(), "content/en/setup.md".to_string())]);
        assert_eq!(history.last_change("content/fr/install.md"), Some(0));
        assert_eq!(history.changes_after("content/en/install.md", 0), [1, 3]);
        assert_eq!(history.path_at("content/en/setup.md", 0), "content/en/install.md");
        assert_eq!(history.path_now("content/en/install.md"), "content/en/setup.md");
        assert_eq!(history.path_now("content/fr/install.md"), "content/fr/install.md");
        assert_eq!(history.lineage("content/en/setup.md"), [0, 1, 3], "its changes before the move count");
        assert_eq!(history.lineage("content/fr/install.md"), [0]);
        assert_eq!(history.path_at("content/en/setup.md", 3), "content/en/setup.md");
        assert_eq!(history.index_of(&first[..7]), Some(0));
        assert_eq!(history.index_of(&moved.to_uppercase()), Some(3));
        assert_eq!(history.index_of("abc"), None, "too short to name a commit");
        assert_eq!(history.index_of("0000000000"), None, "not in the walk");
    }
}
