//! Reports written to a file the user names (`--output`): inside a repository such a path may go
//! through files the repository holds, so it is written as `--fix` writes, never through a link.

use std::io::Write;
use std::path::{Path, PathBuf};

use relecture_core::confined::{Folder, Found};

use crate::Error;
use crate::paths::relative_inside;

const LINK: &str = "it is or goes through a symbolic link of the repository, which relecture does not follow";
const NOT_REGULAR: &str = "it is not a regular file";

/// Writes `bytes` to `path`. When `path` lies inside a repository — the one holding `linted`
/// (the linted folder) or the one holding the current folder — it is one of that repository's
/// files: written whole through a temporary file, only over a regular file, and never through a
/// symbolic link at any component (a committed link named like the report must not send it
/// elsewhere). Elsewhere the path is the user's own and is written as given.
pub fn write_output(path: &Path, linted: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    let io = |source| Error::OutputIo { path: path.to_path_buf(), source };
    let mut roots: Vec<PathBuf> = Vec::new();
    for start in linted.into_iter().map(Path::to_path_buf).chain(std::env::current_dir().ok()) {
        if let Ok(workspace) = relecture_git::Workspace::discover(&start) {
            roots.push(workspace.content_root());
        }
    }
    let inside = roots.iter().find_map(|root| relative_inside(path, root).map(|r| (root, r)));
    let Some((root, relative)) = inside.filter(|(_, relative)| !relative.is_empty()) else {
        return std::fs::File::create(path).and_then(|mut file| file.write_all(bytes)).map_err(io);
    };
    let folder = Folder::open(root).map_err(io)?;
    match folder.write_atomically(&relative, 0o644, |out| out.write_all(bytes)).map_err(io)? {
        Found::Opened(()) => Ok(()),
        Found::SymbolicLink => Err(Error::OutputRefused { path: path.to_path_buf(), reason: LINK }),
        Found::NotRegular => Err(Error::OutputRefused { path: path.to_path_buf(), reason: NOT_REGULAR }),
        Found::Missing => Err(io(std::io::Error::from(std::io::ErrorKind::NotFound))),
    }
}
