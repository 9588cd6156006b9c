//! Where articles come from: the working tree, any revision (bare repositories too), the staged
//! index, or a plain folder. The only crate that names git2 types.
#![deny(missing_docs)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use git2::{IndexEntry, ObjectType, Oid, Repository, Tree, TreeWalkMode, TreeWalkResult};
use relecture_core::config::FileFilter;
use relecture_core::incremental::{After, Change};
use relecture_core::{FileContent, Skipped, SourceFile};

/// What can go wrong while opening a repository or reading a source.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path given as repository does not exist.
    #[error("{path} does not exist")]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// A revision that does not resolve to a commit or tree.
    #[error("unknown revision `{revision}` in {repo}")]
    UnknownRevision {
        /// The revision as given.
        revision: String,
        /// The repository.
        repo: PathBuf,
    },
    /// `--staged` or `--rev` on a folder that is not a git repository.
    #[error("{option} needs a git repository, and {path} is not one")]
    NotARepository {
        /// The option that needs git.
        option: &'static str,
        /// The folder.
        path: PathBuf,
    },
    /// `--staged` on a bare repository.
    #[error("--staged needs a repository with an index, and {path} is bare")]
    BareIndex {
        /// The repository.
        path: PathBuf,
    },
    /// Reading a file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `core.hooksPath` names a folder that cannot be found.
    #[error("core.hooksPath `{value}` cannot be used: {reason}")]
    HooksPath {
        /// The value as configured.
        value: String,
        /// Why.
        reason: &'static str,
    },
    /// libgit2 reported an error.
    #[error("git error in {repo}: {message}")]
    Git {
        /// The repository.
        repo: PathBuf,
        /// libgit2's message.
        message: String,
    },
}

/// `path` with a leading `~` or `~/` replaced by `home`, as git expands path settings; `~user/`
/// is refused (its home folder cannot be looked up portably), and so is `%(prefix)/`.
fn expand_user_path(path: &str, home: Option<&Path>) -> Result<PathBuf, &'static str> {
    let Some(rest) = path.strip_prefix('~') else {
        if path.starts_with("%(prefix)/") {
            return Err("paths relative to git's installation prefix are not supported: write the full path");
        }
        return Ok(PathBuf::from(path));
    };
    let rest = match rest.strip_prefix('/') {
        Some(rest) => rest,
        None if rest.is_empty() => rest,
        None => return Err("the home folder of another user cannot be looked up: write the full path"),
    };
    let home = home.ok_or("`~` names the home folder, and HOME is not set")?;
    Ok(home.join(rest))
}

/// A commit of a history walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full object id.
    pub id: String,
    /// First line of the message.
    pub summary: String,
    /// `Name <mail>`.
    pub author: String,
    /// Commit time, seconds since the epoch.
    pub time: i64,
    /// The committer's offset from UTC, in minutes.
    pub offset_minutes: i32,
}

/// Which state of the repository to lint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Source {
    /// Files on disk: tracked and untracked-not-ignored (or every file of a plain folder).
    /// In a bare repository, `HEAD`.
    #[default]
    WorkTree,
    /// The tree of a revision.
    Revision(String),
    /// The staged index.
    Staged,
}

/// A repository or plain folder to lint.
pub struct Workspace {
    root: PathBuf,
    repo: Option<Repository>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace").field("root", &self.root).field("git", &self.repo.is_some()).finish()
    }
}

/// The files a source lists.
#[derive(Debug, Default)]
pub struct Listing {
    /// Articles to lint, sorted by path.
    pub files: Vec<SourceFile>,
    /// Files that matched but are not linted, with the reason.
    pub skipped: Vec<Skipped>,
    /// Every file of the state, articles or not, for resolving links.
    pub paths: Vec<String>,
    /// From [`Snapshot::list_ids`]: the articles, not read, as (path, blob id), sorted by path.
    pub unread: Vec<(String, String)>,
}

const MODE_LINK: i32 = 0o120_000;
const MODE_TREE: i32 = 0o040_000;
const MODE_BLOB: i32 = 0o100_644;
const MODE_EXECUTABLE: i32 = 0o100_755;
const MODE_COMMIT: i32 = 0o160_000;

impl Workspace {
    /// Opens `path`: a git repository (bare or not) at that path, else a plain folder.
    pub fn open(path: &Path) -> Result<Self, Error> {
        disable_hash_verification();
        if !path.exists() {
            return Err(Error::NotFound { path: path.to_path_buf() });
        }
        let absolute = fs::canonicalize(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        match Repository::open(&absolute) {
            Ok(repo) => {
                let root = repo.workdir().map_or_else(|| repo.path().to_path_buf(), Path::to_path_buf);
                Ok(Self { root: strip_trailing(&root), repo: Some(repo) })
            }
            Err(_) => Ok(Self { root: absolute, repo: None }),
        }
    }

    /// The git repository that contains `dir`, else `dir` as a plain folder.
    pub fn discover(dir: &Path) -> Result<Self, Error> {
        disable_hash_verification();
        match Repository::discover(dir) {
            Ok(repo) => {
                let root = repo.workdir().map_or_else(|| repo.path().to_path_buf(), Path::to_path_buf);
                Ok(Self { root: strip_trailing(&root), repo: Some(repo) })
            }
            Err(_) => Self::open(dir),
        }
    }

    /// The working tree root, the bare repository's folder, or the plain folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether this is a git repository.
    pub fn is_git(&self) -> bool {
        self.repo.is_some()
    }

    /// Whether this is a bare git repository.
    pub fn is_bare(&self) -> bool {
        self.repo.as_ref().is_some_and(Repository::is_bare)
    }

    /// Resolves a source into a snapshot that can be listed and read.
    pub fn snapshot(&self, source: &Source) -> Result<Snapshot<'_>, Error> {
        match (source, &self.repo) {
            (Source::WorkTree, None) => Ok(Snapshot { workspace: self, state: State::Folder }),
            (Source::WorkTree, Some(repo)) if !repo.is_bare() => {
                Ok(Snapshot { workspace: self, state: State::WorkTree })
            }
            (Source::WorkTree, Some(_)) => self.snapshot(&Source::Revision("HEAD".into())),
            (Source::Revision(_), None) => Err(Error::NotARepository { option: "--rev", path: self.root.clone() }),
            (Source::Staged, None) => Err(Error::NotARepository { option: "--staged", path: self.root.clone() }),
            (Source::Staged, Some(repo)) if repo.is_bare() => Err(Error::BareIndex { path: self.root.clone() }),
            (Source::Staged, Some(_)) => Ok(Snapshot { workspace: self, state: State::Index }),
            (Source::Revision(revision), Some(repo)) => {
                let unknown = || Error::UnknownRevision { revision: revision.clone(), repo: self.root.clone() };
                let object = repo.revparse_single(revision).map_err(|_| unknown())?;
                let tree = object.peel_to_tree().map_err(|_| unknown())?;
                let commit = object.peel_to_commit().ok().map(|c| c.id());
                Ok(Snapshot {
                    workspace: self,
                    state: State::Tree { tree: tree.id(), commit, label: revision.clone() },
                })
            }
        }
    }

    /// The folder git runs the hooks of this working tree from: `core.hooksPath`, with `~`
    /// expanded to the home folder and a relative path taken from the working tree root as git
    /// does, else the `hooks` folder of the common git folder (the main repository's, shared by
    /// every linked worktree: git never runs `.git/worktrees/NAME/hooks`). `None` outside git
    /// and for bare repositories, which have no commits made in them.
    pub fn hooks_dir(&self) -> Result<Option<PathBuf>, Error> {
        let Some(repo) = self.repo.as_ref().filter(|r| !r.is_bare()) else { return Ok(None) };
        let git = |e: git2::Error| Error::Git { repo: self.root.clone(), message: e.message().to_string() };
        let configured = match repo.config().map_err(git)?.get_string("core.hooksPath") {
            Ok(value) if !value.is_empty() => Some(value),
            Ok(_) => None,
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(git(e)),
        };
        let Some(configured) = configured else { return Ok(Some(repo.commondir().join("hooks"))) };
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
        let path = expand_user_path(&configured, home.as_deref())
            .map_err(|reason| Error::HooksPath { value: configured.clone(), reason })?;
        Ok(Some(if path.is_absolute() { path } else { self.root.join(path) }))
    }

    /// The commits of `range` along first parents, oldest first: `A..B` (the commits of B not
    /// in A), or a single revision meaning its whole history.
    pub fn first_parent_commits(&self, range: &str) -> Result<Vec<CommitInfo>, Error> {
        let repo =
            self.repo.as_ref().ok_or_else(|| Error::NotARepository { option: "history", path: self.root.clone() })?;
        let unknown =
            |revision: &str| Error::UnknownRevision { revision: revision.to_string(), repo: self.root.clone() };
        let (from, to) = match range.split_once("..") {
            Some((from, to)) => (Some(from), if to.is_empty() { "HEAD" } else { to }),
            None => (None, range),
        };
        let tip = repo.revparse_single(to).and_then(|o| o.peel_to_commit()).map_err(|_| unknown(to))?;
        let stop = match from {
            Some(from) => {
                Some(repo.revparse_single(from).and_then(|o| o.peel_to_commit()).map_err(|_| unknown(from))?.id())
            }
            None => None,
        };
        let mut commits = Vec::new();
        let mut current = Some(tip);
        while let Some(commit) = current {
            if Some(commit.id()) == stop {
                break;
            }
            let author = commit.author();
            commits.push(CommitInfo {
                id: commit.id().to_string(),
                summary: commit.summary().unwrap_or("").to_string(),
                author: format!("{} <{}>", author.name().unwrap_or(""), author.email().unwrap_or("")),
                time: commit.time().seconds(),
                offset_minutes: commit.time().offset_minutes(),
            });
            current = commit.parents().next();
        }
        commits.reverse();
        Ok(commits)
    }

    fn commit_tree(&self, revision: &str) -> Result<Tree<'_>, Error> {
        let repo =
            self.repo.as_ref().ok_or_else(|| Error::NotARepository { option: "history", path: self.root.clone() })?;
        let unknown = || Error::UnknownRevision { revision: revision.to_string(), repo: self.root.clone() };
        // Walks name commits by full id: looked up directly, without parsing a revision.
        if revision.len() == 40
            && let Ok(id) = Oid::from_str(revision)
            && let Ok(commit) = repo.find_commit(id)
        {
            return commit.tree().map_err(|_| unknown());
        }
        repo.revparse_single(revision).and_then(|o| o.peel_to_tree()).map_err(|_| unknown())
    }

    /// What changed from the tree of revision `from` (the empty tree when `None`) to that of
    /// `to`: articles (files `filter` accepts, read), other files, deleted paths. Symbolic links
    /// and submodules are files, never articles. Subtrees with the same id on both sides are
    /// skipped, so the cost follows the size of the change, not of the tree.
    pub fn changes(
        &self,
        from: Option<&str>,
        to: &str,
        filter: &FileFilter,
        max_size: u64,
    ) -> Result<Vec<Change>, Error> {
        let old = from.map(|from| self.commit_tree(from)).transpose()?;
        let new = self.commit_tree(to)?;
        let mut changes = Vec::new();
        self.diff_trees(old.as_ref(), Some(&new), "", filter, max_size, &mut changes)?;
        Ok(changes)
    }

    fn diff_trees(
        &self,
        old: Option<&Tree<'_>>,
        new: Option<&Tree<'_>>,
        prefix: &str,
        filter: &FileFilter,
        max_size: u64,
        out: &mut Vec<Change>,
    ) -> Result<(), Error> {
        // Entries are sorted the git way (a folder as if its name ended with `/`) on both
        // sides: one merge walk pairs them.
        let order = |entry: &git2::TreeEntry<'_>| -> (Vec<u8>, bool) {
            let mut name = entry.name_bytes().to_vec();
            let folder = entry.filemode() == MODE_TREE;
            if folder {
                name.push(b'/');
            }
            (name, folder)
        };
        let (old_len, new_len) = (old.map_or(0, Tree::len), new.map_or(0, Tree::len));
        let (mut i, mut j) = (0, 0);
        while i < old_len || j < new_len {
            let before = old.and_then(|t| t.get(i));
            let after = new.and_then(|t| t.get(j));
            let ordering = match (&before, &after) {
                (Some(a), Some(b)) => order(a).0.cmp(&order(b).0),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, _) => std::cmp::Ordering::Greater,
            };
            let (before, after) = match ordering {
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    (before, after)
                }
                std::cmp::Ordering::Less => {
                    i += 1;
                    (before, None)
                }
                std::cmp::Ordering::Greater => {
                    j += 1;
                    (None, after)
                }
            };
            if let (Some(a), Some(b)) = (&before, &after)
                && a.id() == b.id()
                && a.filemode() == b.filemode()
            {
                continue;
            }
            let Some(name) = before.as_ref().or(after.as_ref()).and_then(|e| e.name().map(str::to_string)) else {
                continue;
            };
            let path = format!("{prefix}{name}");
            let subtree = |entry: &Option<git2::TreeEntry<'_>>| -> Result<Option<Tree<'_>>, Error> {
                match entry {
                    Some(entry) if order(entry).1 => {
                        Ok(Some(self.repo().find_tree(entry.id()).map_err(|e| self.git_error(&e))?))
                    }
                    _ => Ok(None),
                }
            };
            let is_folder = |entry: &Option<git2::TreeEntry<'_>>| entry.as_ref().is_some_and(|e| order(e).1);
            if is_folder(&before) || is_folder(&after) {
                let (old_tree, new_tree) = (subtree(&before)?, subtree(&after)?);
                self.diff_trees(old_tree.as_ref(), new_tree.as_ref(), &format!("{path}/"), filter, max_size, out)?;
                continue;
            }
            let change = match after {
                None => Change { path, after: After::Absent },
                Some(entry) => {
                    let mode = entry.filemode();
                    let after = if (mode == MODE_BLOB || mode == MODE_EXECUTABLE) && filter.matches(&path) {
                        After::Article(read_blob(self, entry.id(), path.clone(), max_size)?)
                    } else {
                        After::File
                    };
                    Change { path, after }
                }
            };
            out.push(change);
        }
        Ok(())
    }

    /// The articles (paths `filter` accepts) renamed from the tree of `base` to `source`, as
    /// (path at the base, path in the source): git's rename detection, which follows files
    /// edited while moved when at least half of their content stayed.
    /// `only` limits the comparison to those paths (the ones a caller saw disappear and appear).
    pub fn renames(
        &self,
        base: &str,
        source: &Source,
        filter: &FileFilter,
        only: Option<&[String]>,
    ) -> Result<Vec<(String, String)>, Error> {
        let Some(repo) = self.repo.as_ref() else { return Ok(Vec::new()) };
        let base_tree = self.commit_tree(base)?;
        let mut options = git2::DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true);
        if let Some(paths) = only {
            options.disable_pathspec_match(true);
            for path in paths {
                options.pathspec(path);
            }
        }
        let git = |e: git2::Error| self.git_error(&e);
        let mut diff = match source {
            Source::Revision(revision) => {
                let tree = self.commit_tree(revision)?;
                repo.diff_tree_to_tree(Some(&base_tree), Some(&tree), Some(&mut options)).map_err(git)?
            }
            Source::Staged => repo.diff_tree_to_index(Some(&base_tree), None, Some(&mut options)).map_err(git)?,
            Source::WorkTree if repo.is_bare() => {
                let tree = self.commit_tree("HEAD")?;
                repo.diff_tree_to_tree(Some(&base_tree), Some(&tree), Some(&mut options)).map_err(git)?
            }
            Source::WorkTree => {
                repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut options)).map_err(git)?
            }
        };
        let mut find = git2::DiffFindOptions::new();
        find.renames(true).for_untracked(true).rename_threshold(50);
        diff.find_similar(Some(&mut find)).map_err(git)?;
        let mut renames = Vec::new();
        for delta in diff.deltas() {
            if delta.status() != git2::Delta::Renamed {
                continue;
            }
            let path = |file: git2::DiffFile<'_>| file.path().and_then(Path::to_str).map(str::to_string);
            if let (Some(old), Some(new)) = (path(delta.old_file()), path(delta.new_file()))
                && filter.matches(&old)
                && filter.matches(&new)
            {
                renames.push((old, new));
            }
        }
        renames.sort();
        Ok(renames)
    }

    fn repo(&self) -> &Repository {
        self.repo.as_ref().expect("git states exist only for git workspaces")
    }

    fn git_error(&self, error: &git2::Error) -> Error {
        Error::Git { repo: self.root.clone(), message: error.message().to_string() }
    }
}

fn strip_trailing(path: &Path) -> PathBuf {
    path.components().collect()
}

enum State {
    Folder,
    WorkTree,
    Index,
    Tree { tree: Oid, commit: Option<Oid>, label: String },
}

/// A resolved source: the files of one state of the repository.
pub struct Snapshot<'w> {
    workspace: &'w Workspace,
    state: State,
}

impl std::fmt::Debug for Snapshot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").field("kind", &self.kind()).field("revision", &self.revision()).finish()
    }
}

impl Snapshot<'_> {
    /// `folder`, `worktree`, `staged` or `revision`.
    pub fn kind(&self) -> &'static str {
        match self.state {
            State::Folder => "folder",
            State::WorkTree => "worktree",
            State::Index => "staged",
            State::Tree { .. } => "revision",
        }
    }

    /// For a revision: as given, with the commit it resolved to.
    pub fn revision(&self) -> Option<String> {
        match &self.state {
            State::Tree { label, commit: Some(commit), .. } => Some(format!("{label} ({commit})")),
            State::Tree { label, tree, .. } => Some(format!("{label} (tree {tree})")),
            _ => None,
        }
    }

    /// The commit of a revision source.
    pub fn commit(&self) -> Option<String> {
        match &self.state {
            State::Tree { commit, .. } => commit.map(|c| c.to_string()),
            _ => None,
        }
    }

    /// Reads one file of this state by repository-relative path; `None` when it does not exist there.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let ws = self.workspace;
        match &self.state {
            State::Folder | State::WorkTree => {
                let full = ws.root.join(path);
                match fs::read(&full) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(source) => Err(Error::Io { path: full, source }),
                }
            }
            State::Index => {
                let index = ws.repo().index().map_err(|e| ws.git_error(&e))?;
                let Some(entry) = index.get_path(Path::new(path), 0) else {
                    return Ok(None);
                };
                let blob = ws.repo().find_blob(entry.id).map_err(|e| ws.git_error(&e))?;
                Ok(Some(blob.content().to_vec()))
            }
            State::Tree { tree, .. } => {
                let tree = ws.repo().find_tree(*tree).map_err(|e| ws.git_error(&e))?;
                let Ok(entry) = tree.get_path(Path::new(path)) else {
                    return Ok(None);
                };
                if entry.kind() != Some(ObjectType::Blob) {
                    return Ok(None);
                }
                let blob = ws.repo().find_blob(entry.id()).map_err(|e| ws.git_error(&e))?;
                Ok(Some(blob.content().to_vec()))
            }
        }
    }

    /// Lists the articles of this state that `filter` accepts, reading their content
    /// (files over `max_size` bytes are listed without being read).
    pub fn list(&self, filter: &FileFilter, max_size: u64) -> Result<Listing, Error> {
        let mut listing = match &self.state {
            State::Folder => self.list_folder(filter, max_size)?,
            State::WorkTree => {
                let mut listing = self.worktree_ids(filter, max_size)?;
                for (path, _) in std::mem::take(&mut listing.unread) {
                    read_disk_file(&self.workspace.root, path, Some(self.workspace.repo()), max_size, &mut listing)?;
                }
                listing
            }
            State::Index | State::Tree { .. } => {
                let (blobs, mut listing) = self.objects(filter)?;
                for (path, id) in blobs {
                    listing.files.push(read_blob(self.workspace, id, path, max_size)?);
                }
                listing
            }
        };
        listing.files.sort_by(|a, b| a.path.cmp(&b.path));
        listing.files.dedup_by(|a, b| a.path == b.path);
        listing.skipped.sort();
        listing.skipped.dedup();
        listing.paths.sort();
        listing.paths.dedup();
        Ok(listing)
    }

    /// The listing with the articles `filter` accepts left unread where their blob id is known
    /// without reading them (in `unread`, sorted by path): every article of a revision or of the
    /// index; in the working tree, the tracked files git sees unchanged since the index (their
    /// id is that of their content as git stores it), the others being read as [`Snapshot::list`]
    /// reads them. `None` for a folder outside git.
    pub fn list_ids(&self, filter: &FileFilter, max_size: u64) -> Result<Option<Listing>, Error> {
        let mut listing = match &self.state {
            State::Folder => return Ok(None),
            State::WorkTree => self.worktree_ids(filter, max_size)?,
            State::Index | State::Tree { .. } => {
                let (blobs, mut listing) = self.objects(filter)?;
                listing.unread = blobs.into_iter().map(|(path, id)| (path, id.to_string())).collect();
                listing
            }
        };
        listing.unread.sort();
        listing.unread.dedup_by(|a, b| a.0 == b.0);
        listing.files.sort_by(|a, b| a.path.cmp(&b.path));
        listing.files.dedup_by(|a, b| a.path == b.path);
        listing.skipped.sort();
        listing.skipped.dedup();
        listing.paths.sort();
        listing.paths.dedup();
        Ok(Some(listing))
    }

    /// Reads articles listed unread by [`Snapshot::list_ids`], given as (path, blob id): from
    /// git objects, or from the disk for the working tree.
    pub fn read_ids(&self, ids: &[(&str, &str)], max_size: u64) -> Result<Vec<SourceFile>, Error> {
        if matches!(self.state, State::WorkTree | State::Folder) {
            let mut listing = Listing::default();
            let repo = self.workspace.repo.as_ref();
            for &(path, _) in ids {
                read_disk_file(&self.workspace.root, path.to_string(), repo, max_size, &mut listing)?;
            }
            return Ok(listing.files);
        }
        ids.iter()
            .map(|&(path, id)| {
                let oid = Oid::from_str(id).map_err(|e| self.workspace.git_error(&e))?;
                read_blob(self.workspace, oid, path.to_string(), max_size)
            })
            .collect()
    }

    /// The working tree as [`Snapshot::list_ids`] lists it: only files that git status reports
    /// changed or untracked are read.
    fn worktree_ids(&self, filter: &FileFilter, max_size: u64) -> Result<Listing, Error> {
        let ws = self.workspace;
        let repo = ws.repo();
        let mut listing = Listing::default();
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true).include_ignored(false).exclude_submodules(true);
        let statuses = repo.statuses(Some(&mut options)).map_err(|e| ws.git_error(&e))?;
        let changed_flags = git2::Status::WT_MODIFIED
            | git2::Status::WT_DELETED
            | git2::Status::WT_TYPECHANGE
            | git2::Status::WT_RENAMED
            | git2::Status::CONFLICTED;
        let mut changed: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut untracked: Vec<String> = Vec::new();
        for status in statuses.iter() {
            let Some(path) = status.path() else { continue };
            if status.status().contains(git2::Status::WT_NEW) {
                untracked.push(path.to_string());
            } else if status.status().intersects(changed_flags) {
                changed.insert(path.to_string());
            }
        }
        for (path, entry) in self.filtered_index(filter, &mut listing)? {
            let stage = (entry.flags >> 12) & 0b11;
            match entry.mode.cast_signed() {
                MODE_COMMIT => listing.skipped.push(Skipped { path, reason: "submodule (not followed)".into() }),
                _ if stage != 0 || changed.contains(&path) => {
                    read_disk_file(&ws.root, path, Some(repo), max_size, &mut listing)?;
                }
                MODE_LINK => listing.skipped.push(Skipped { path, reason: "symbolic link (not followed)".into() }),
                _ => listing.unread.push((path, entry.id.to_string())),
            }
        }
        for path in untracked {
            listing.paths.push(path.clone());
            if filter.matches(&path) {
                read_disk_file(&ws.root, path, Some(repo), max_size, &mut listing)?;
            }
        }
        Ok(listing)
    }

    /// The blobs of the index or of a tree that `filter` accepts, and the listing without them.
    fn objects(&self, filter: &FileFilter) -> Result<(Vec<(String, Oid)>, Listing), Error> {
        match &self.state {
            State::Index => self.index_objects(filter),
            State::Tree { tree, .. } => self.tree_objects(*tree, filter),
            State::Folder | State::WorkTree => Ok((Vec::new(), Listing::default())),
        }
    }

    fn list_folder(&self, filter: &FileFilter, max_size: u64) -> Result<Listing, Error> {
        let root = &self.workspace.root;
        let mut listing = Listing::default();
        let walker = ignore::WalkBuilder::new(root).hidden(true).require_git(false).follow_links(false).build();
        for entry in walker {
            let Ok(entry) = entry else { continue };
            let Some(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(root) else {
                continue;
            };
            let Some(path) = slash_path(relative) else {
                listing.skipped.push(Skipped {
                    path: relative.to_string_lossy().into_owned(),
                    reason: "the path is not valid UTF-8".into(),
                });
                continue;
            };
            listing.paths.push(path.clone());
            if filter.matches(&path) {
                read_disk_file(root, path, None, max_size, &mut listing)?;
            }
        }
        Ok(listing)
    }

    /// Puts every path of the index in `listing.paths` and returns the entries `filter`
    /// accepts, with their paths.
    fn filtered_index(&self, filter: &FileFilter, listing: &mut Listing) -> Result<Vec<(String, IndexEntry)>, Error> {
        let ws = self.workspace;
        let index = ws.repo().index().map_err(|e| ws.git_error(&e))?;
        let mut entries = Vec::new();
        for entry in index.iter() {
            let Ok(path) = String::from_utf8(entry.path.clone()) else {
                continue;
            };
            listing.paths.push(path.clone());
            if filter.matches(&path) {
                entries.push((path, entry));
            }
        }
        Ok(entries)
    }

    fn index_objects(&self, filter: &FileFilter) -> Result<(Vec<(String, Oid)>, Listing), Error> {
        let mut listing = Listing::default();
        let mut blobs = Vec::new();
        for (path, entry) in self.filtered_index(filter, &mut listing)? {
            let stage = (entry.flags >> 12) & 0b11;
            if stage != 0 {
                listing.skipped.push(Skipped { path, reason: "unmerged (conflicted) in the index".into() });
                continue;
            }
            match entry.mode.cast_signed() {
                MODE_LINK => listing.skipped.push(Skipped { path, reason: "symbolic link (not followed)".into() }),
                MODE_COMMIT => listing.skipped.push(Skipped { path, reason: "submodule (not followed)".into() }),
                _ => blobs.push((path, entry.id)),
            }
        }
        Ok((blobs, listing))
    }

    fn tree_objects(&self, tree: Oid, filter: &FileFilter) -> Result<(Vec<(String, Oid)>, Listing), Error> {
        let ws = self.workspace;
        let tree: Tree<'_> = ws.repo().find_tree(tree).map_err(|e| ws.git_error(&e))?;
        let mut entries: Vec<(String, Oid, i32)> = Vec::new();
        let mut all_paths: Vec<String> = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(ObjectType::Tree) {
                return TreeWalkResult::Ok;
            }
            if let Some(name) = entry.name() {
                let path = format!("{dir}{name}");
                if filter.matches(&path) {
                    entries.push((path.clone(), entry.id(), entry.filemode()));
                }
                all_paths.push(path);
            }
            TreeWalkResult::Ok
        })
        .map_err(|e| ws.git_error(&e))?;
        let mut listing = Listing { paths: all_paths, ..Listing::default() };
        let mut blobs = Vec::new();
        for (path, id, mode) in entries {
            match mode {
                MODE_LINK => listing.skipped.push(Skipped { path, reason: "symbolic link (not followed)".into() }),
                MODE_COMMIT => listing.skipped.push(Skipped { path, reason: "submodule (not followed)".into() }),
                _ => blobs.push((path, id)),
            }
        }
        Ok((blobs, listing))
    }
}

/// relecture only reads objects, as git does without hashing each one again: libgit2's check
/// of every object's hash on read costs a tenth of a history walk. Corrupt objects still fail to
/// inflate or parse, and are reported.
fn disable_hash_verification() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

fn slash_path(relative: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = relative.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/"))
}

/// Reads the blob of an article. A blob that cannot be read (a corrupt or missing object)
/// becomes an unreadable article, so that the other articles are still checked.
fn read_blob(ws: &Workspace, id: Oid, path: String, max_size: u64) -> Result<SourceFile, Error> {
    let repo = ws.repo();
    let odb = repo.odb().map_err(|e| ws.git_error(&e))?;
    let unavailable = |e: &git2::Error| FileContent::Unavailable(format!("git object {id}: {}", e.message()));
    let content = match odb.read_header(id) {
        Err(e) => unavailable(&e),
        Ok((size, _)) if size as u64 > max_size => FileContent::TooLarge(size as u64),
        Ok(_) => match odb.read(id) {
            Ok(object) => FileContent::Bytes(object.data().to_vec()),
            Err(e) => unavailable(&e),
        },
    };
    Ok(SourceFile { path, blob: Some(id.to_string()), content })
}

fn read_disk_file(
    root: &Path,
    path: String,
    repo: Option<&Repository>,
    max_size: u64,
    listing: &mut Listing,
) -> Result<(), Error> {
    let full = root.join(&path);
    let metadata = match fs::symlink_metadata(&full) {
        Ok(metadata) => metadata,
        // Tracked but deleted in the working tree: not part of this state.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(Error::Io { path: full, source }),
    };
    if metadata.file_type().is_symlink() {
        listing.skipped.push(Skipped { path, reason: "symbolic link (not followed)".into() });
        return Ok(());
    }
    if !metadata.is_file() {
        listing.skipped.push(Skipped { path, reason: "not a regular file".into() });
        return Ok(());
    }
    if metadata.len() > max_size {
        listing.files.push(SourceFile { path, blob: None, content: FileContent::TooLarge(metadata.len()) });
        return Ok(());
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    if let Err(error) = fs::File::open(&full).and_then(|file| file.take(max_size + 1).read_to_end(&mut bytes)) {
        // Unreadable here (permissions, a device error): reported on the article, the run goes on.
        listing.files.push(SourceFile { path, blob: None, content: FileContent::Unavailable(error.to_string()) });
        return Ok(());
    }
    let blob = repo.and_then(|_| Oid::hash_object(ObjectType::Blob, &bytes).ok()).map(|oid| oid.to_string());
    listing.files.push(SourceFile { path, blob, content: FileContent::Bytes(bytes) });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use relecture_core::Config;

    fn commit_all(repo: &Repository, message: &str) {
        let mut index = repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("Test", "test@example.org").unwrap();
        let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap();
    }

    fn paths(listing: &Listing) -> Vec<&str> {
        listing.files.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn hooks_paths_expand_the_home_folder_as_git_does() {
        let home = Path::new("/home/ana");
        assert_eq!(expand_user_path("~/hooks", Some(home)).unwrap(), Path::new("/home/ana/hooks"));
        assert_eq!(expand_user_path("~", Some(home)).unwrap(), Path::new("/home/ana"));
        assert_eq!(expand_user_path(".githooks", Some(home)).unwrap(), Path::new(".githooks"));
        assert_eq!(expand_user_path("/srv/hooks", None).unwrap(), Path::new("/srv/hooks"));
        assert!(expand_user_path("~/hooks", None).is_err());
        assert!(expand_user_path("~bob/hooks", Some(home)).is_err());
    }

    #[test]
    fn a_linked_worktree_runs_the_hooks_of_the_common_git_folder() {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("main");
        let repo = Repository::init(&main).unwrap();
        fs::write(main.join("a.md"), "a").unwrap();
        commit_all(&repo, "one");
        repo.worktree("linked", &dir.path().join("linked"), None).unwrap();
        let common = fs::canonicalize(main.join(".git")).unwrap().join("hooks");
        let linked = Workspace::open(&dir.path().join("linked")).unwrap();
        let hooks = linked.hooks_dir().unwrap().unwrap();
        assert_eq!(fs::canonicalize(hooks.parent().unwrap()).unwrap().join("hooks"), common);
        repo.config().unwrap().set_str("core.hooksPath", ".githooks").unwrap();
        let linked = Workspace::open(&dir.path().join("linked")).unwrap();
        assert_eq!(linked.hooks_dir().unwrap().unwrap(), linked.root().join(".githooks"));
    }

    #[test]
    fn sources_see_the_right_state() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        fs::write(dir.path().join("content/a.md"), "a1").unwrap();
        commit_all(&repo, "one");
        fs::write(dir.path().join("content/b.md"), "b staged").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("content/b.md")).unwrap();
        index.write().unwrap();
        fs::write(dir.path().join("content/a.md"), "a unstaged").unwrap();
        fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
        fs::write(dir.path().join("ignored.md"), "x").unwrap();
        fs::write(dir.path().join("new.md"), "new").unwrap();

        let ws = Workspace::open(dir.path()).unwrap();
        let filter = Config::default().file_filter();
        let head = ws.snapshot(&Source::Revision("HEAD".into())).unwrap().list(&filter, 1000).unwrap();
        assert_eq!(paths(&head), ["content/a.md"]);
        assert_eq!(head.files[0].content, FileContent::Bytes(b"a1".to_vec()));
        let staged = ws.snapshot(&Source::Staged).unwrap().list(&filter, 1000).unwrap();
        assert_eq!(paths(&staged), ["content/a.md", "content/b.md"]);
        assert_eq!(staged.files[0].content, FileContent::Bytes(b"a1".to_vec()));
        let work = ws.snapshot(&Source::WorkTree).unwrap().list(&filter, 1000).unwrap();
        assert_eq!(paths(&work), ["content/a.md", "content/b.md", "new.md"]);
        assert_eq!(work.files[0].content, FileContent::Bytes(b"a unstaged".to_vec()));
        assert_eq!(
            ws.snapshot(&Source::Revision("HEAD".into())).unwrap().read("content/a.md").unwrap(),
            Some(b"a1".to_vec())
        );
        let err = ws.snapshot(&Source::Revision("nope".into())).unwrap_err();
        assert!(err.to_string().starts_with("unknown revision `nope`"), "{err}");
    }

    #[test]
    fn symlinks_are_skipped_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), "a").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("passwd.md")).unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        assert!(!ws.is_git());
        let listing = ws.snapshot(&Source::WorkTree).unwrap().list(&Config::default().file_filter(), 1000).unwrap();
        assert_eq!(paths(&listing), ["a.md"]);
        assert_eq!(listing.skipped[0].path, "passwd.md");
    }
}
