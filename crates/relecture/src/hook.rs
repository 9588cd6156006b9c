//! `relecture hook install`: a git pre-commit hook that lints exactly what is about to be committed.

use std::path::{Path, PathBuf};

use crate::Error;

/// The line that marks a hook as written by relecture (so it may be replaced without `--force`).
const MARKER: &str = "# Installed by `relecture hook install`";

const HOOK: &str = "#!/bin/sh
# Installed by `relecture hook install`: lints what the next commit will contain (the staged
# index), without touching unstaged edits. Skip it once with `git commit --no-verify`.
exec relecture check --staged
";

/// Writes the pre-commit hook of the repository containing `dir` and returns its path. A hook
/// that relecture did not write is replaced only with `force`.
pub fn install_hook(dir: &Path, force: bool) -> Result<PathBuf, Error> {
    let workspace = relecture_git::Workspace::discover(dir)?;
    let hooks = workspace.hooks_dir().ok_or_else(|| Error::NoHooks { path: workspace.root().to_path_buf() })?;
    let path = hooks.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(MARKER)
        && !force
    {
        return Err(Error::ForeignHook { path });
    }
    let io = |source| Error::HookIo { path: path.clone(), source };
    std::fs::create_dir_all(&hooks).map_err(io)?;
    std::fs::write(&path, HOOK).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).map_err(io)?;
    }
    Ok(path)
}
