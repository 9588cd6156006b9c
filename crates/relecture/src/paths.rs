//! Where a path the user or a configuration names leads: into a checkout or not, and through
//! which of its links. A checkout's files are the repository's, whoever names them.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute, with `.` and `..` resolved without looking at the filesystem.
pub(crate) fn lexical(path: &Path) -> Option<PathBuf> {
    let mut resolved = PathBuf::new();
    for component in std::path::absolute(path).ok()?.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    Some(resolved)
}

/// `path` relative to `root` when it lies inside `root`, whichever way it is written: as written
/// (`.` and `..` resolved), or through a way into `root` that the user's own folders give (an
/// alias of the checkout, `/proc/self/cwd`, a link to one of its files). The first ancestor of
/// `path` whose real location is inside `root` decides, and what follows it is kept as written,
/// so that a confined walk from `root` then refuses any link of the repository on the way.
fn inside_at(path: &Path, root: &Path) -> Option<PathBuf> {
    let absolute = lexical(path)?;
    let roots: Vec<PathBuf> = [lexical(root), root.canonicalize().ok()].into_iter().flatten().collect();
    for root in &roots {
        if let Ok(rest) = absolute.strip_prefix(root) {
            return Some(rest.to_path_buf());
        }
    }
    let components: Vec<Component<'_>> = absolute.components().collect();
    let mut prefix = PathBuf::new();
    for (at, component) in components.iter().enumerate() {
        prefix.push(component);
        // Past what exists, no link can lead anywhere.
        let real = prefix.canonicalize().ok()?;
        for root in &roots {
            if let Ok(rest) = real.strip_prefix(root) {
                return Some(rest.components().chain(components[at + 1..].iter().copied()).collect());
            }
        }
    }
    None
}

/// Whether `path` lies inside the folder `root`, whichever way it is written (see [`inside_at`]).
pub(crate) fn inside(path: &Path, root: &Path) -> bool {
    inside_at(path, root).is_some()
}

/// [`inside_at`] with `/` separators, for a confined walk; `""` is `root` itself, `None` also
/// when a name on the way is not Unicode.
pub(crate) fn relative_inside(path: &Path, root: &Path) -> Option<String> {
    let relative = inside_at(path, root)?;
    let parts: Option<Vec<&str>> = relative.iter().map(std::ffi::OsStr::to_str).collect();
    parts.map(|parts| parts.join("/"))
}

/// Whether `path`, however written, leads into a git checkout and then through one of its
/// symbolic links: a file the user names there is the repository's, and must not send relecture
/// elsewhere. Checked on descriptors from the checkout's root.
pub fn goes_through_a_repository_link(path: &Path) -> bool {
    let Some(start) = lexical(path) else { return false };
    let Some(checkout) = start.ancestors().find_map(|folder| {
        let real = folder.canonicalize().ok()?;
        real.ancestors().find(|f| relecture_git::is_work_tree_root(f)).map(Path::to_path_buf)
    }) else {
        return false;
    };
    let Some(relative) = relative_inside(path, &checkout).filter(|r| !r.is_empty()) else { return false };
    let Ok(folder) = relecture_core::confined::Folder::open(&checkout) else { return false };
    let linked = |found: std::io::Result<relecture_core::confined::Found<_>>| {
        matches!(found, Ok(relecture_core::confined::Found::SymbolicLink))
    };
    linked(folder.folder(&relative).map(|f| f.map(drop))) || linked(folder.open_file(&relative).map(|f| f.map(drop)))
}

/// A path argument as repository-relative: no leading `./`, no trailing `/`, `.` for the root.
pub(crate) fn normalize_path_argument(path: &str) -> String {
    if path.starts_with('/') {
        // Absolute: resolved against the repository's root later; `/` stays `/`.
        let trimmed = path.trim_end_matches('/');
        return if trimmed.is_empty() { "/".to_string() } else { trimmed.to_string() };
    }
    let trimmed = path.trim_start_matches("./").trim_end_matches('/');
    if trimmed == "." { String::new() } else { trimmed.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn a_file_is_inside_as_written_or_through_its_links() {
        let outer = tempfile::tempdir().unwrap();
        let repo = outer.path().join("repo");
        std::fs::create_dir_all(repo.join("ci")).unwrap();
        std::fs::write(repo.join("ci/r.toml"), "").unwrap();
        std::fs::write(outer.path().join("mine.toml"), "").unwrap();
        std::os::unix::fs::symlink(repo.join("ci/r.toml"), outer.path().join("link.toml")).unwrap();
        std::os::unix::fs::symlink(outer.path().join("mine.toml"), repo.join("ci/out.toml")).unwrap();
        assert!(inside(&repo.join("ci/r.toml"), &repo));
        assert!(inside(&repo.join("ci/../ci/r.toml"), &repo));
        assert!(inside(&outer.path().join("link.toml"), &repo), "a link to a file of the repository");
        assert!(inside(&repo.join("ci/out.toml"), &repo), "a link the repository holds");
        assert!(!inside(&outer.path().join("mine.toml"), &repo));
        assert!(!inside(&repo.join("../mine.toml"), &repo));
        assert!(!inside(&outer.path().join("repository.toml"), &repo), "a sibling whose name starts alike");
    }
}
