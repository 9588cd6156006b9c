//! `relecture hook install`: a git pre-commit hook that lints exactly what is about to be committed.

use std::io::Write;
use std::path::{Path, PathBuf};

use relecture_core::confined::{Folder, Found};

use crate::Error;

/// The start of the line that marks a hook as written by relecture (so that it may be replaced
/// without `--force`).
const MARKER: &str = "# Installed by `relecture hook install`";

/// The hook's file name in the hooks folder.
const NAME: &str = "pre-commit";

/// A hook larger than this is not one relecture wrote.
const MAX_HOOK_SIZE: u64 = 64 * 1024;

/// The hook's text. With `folder`, the folder of the relecture that installed it comes first on
/// the `PATH`: git clients started from a desktop may not have relecture on theirs, and when
/// that folder no longer holds relecture, the one on the `PATH` runs.
fn script(folder: Option<&str>) -> String {
    let path = folder.map_or_else(String::new, |folder| {
        format!(
            "# The folder of the relecture that installed this hook, then the PATH.\nPATH={}:\"$PATH\"\n",
            shell_quoted(folder)
        )
    });
    let place = folder.map_or_else(|| "on the PATH".to_string(), |folder| format!("in {folder} nor on the PATH"));
    let missing = shell_quoted(&format!(
        "relecture: the pre-commit hook cannot find relecture ({place}): install it again with `relecture hook install`, or commit once without the check with `git commit --no-verify`"
    ));
    let refused = shell_quoted(
        "relecture: commit refused; `relecture check --staged` shows the findings again, `git commit --no-verify` commits once without the check",
    );
    format!(
        "#!/bin/sh\n{MARKER}: lints what the next commit will contain (the staged\n\
         # index), without touching unstaged edits. Skip it once with `git commit --no-verify`.\n\
         {path}\
         if ! command -v relecture >/dev/null 2>&1; then\n    echo {missing} >&2\n    exit 1\nfi\n\
         relecture check --staged --allow-empty\nstatus=$?\n\
         if [ \"$status\" -ne 0 ]; then\n    echo {refused} >&2\nfi\n\
         exit \"$status\"\n"
    )
}

/// `text` as one single-quoted shell word.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Whether a hook's bytes (any encoding) hold relecture's marker at the start of a line.
fn written_by_relecture(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'\n').any(|line| line.starts_with(MARKER.as_bytes()))
}

/// Writes the pre-commit hook of the repository containing `dir` and returns its path. The
/// hook runs `relecture` from the `PATH`; see [`install_hook_running`].
pub fn install_hook(dir: &Path, force: bool) -> Result<PathBuf, Error> {
    install_hook_running(dir, force, None)
}

/// Writes the pre-commit hook of the repository containing `dir` where git runs it (the common
/// git folder's `hooks` for a linked worktree, or `core.hooksPath`) and returns its path. The
/// hook runs `relecture check --staged` with the folder of `program` (the absolute path of a
/// binary named `relecture`) first on the `PATH`.
///
/// A hook that relecture did not write (recognised by its marker line, whatever its encoding)
/// is replaced only with `force`. A hook that is a symbolic link is never followed: refused
/// without `force`, and with it the link itself is replaced by a regular file, its target left
/// untouched.
pub fn install_hook_running(dir: &Path, force: bool, program: Option<&Path>) -> Result<PathBuf, Error> {
    let workspace = relecture_git::Workspace::discover(dir)?;
    let hooks = workspace.hooks_dir()?.ok_or_else(|| Error::NoHooks { path: workspace.root().to_path_buf() })?;
    let path = hooks.join(NAME);
    let io = |source| Error::HookIo { path: path.clone(), source };
    let folder = hooks_folder(&workspace.content_root(), &hooks).map_err(io)?;
    let Some(folder) = folder else { return Err(Error::LinkedHooksFolder { path: hooks }) };
    match folder.read(NAME, MAX_HOOK_SIZE).map_err(io)? {
        Found::Opened(Ok(bytes)) if written_by_relecture(&bytes) => {}
        Found::Opened(_) if !force => return Err(Error::ForeignHook { path }),
        Found::Opened(_) | Found::Missing => {}
        Found::SymbolicLink if !force => return Err(Error::LinkedHook { path }),
        // The link goes, its target stays as it is.
        Found::SymbolicLink => folder.remove(NAME).map_err(io)?,
        Found::NotRegular => return Err(Error::HookNotRegular { path }),
    }
    // A folder that is not plain text, or cannot be a PATH entry, stays out of the script: the
    // PATH alone finds relecture.
    let program_folder = program
        .filter(|p| p.is_absolute() && p.file_name().is_some_and(|n| n == "relecture"))
        .and_then(Path::parent)
        .and_then(Path::to_str)
        .filter(|p| !p.is_empty() && !p.contains(':') && !p.chars().any(char::is_control));
    let text = script(program_folder);
    match folder.write_atomically(NAME, 0o755, |writer| writer.write_all(text.as_bytes())).map_err(io)? {
        Found::Opened(()) => {}
        Found::SymbolicLink => return Err(Error::LinkedHook { path }),
        Found::NotRegular => return Err(Error::HookNotRegular { path }),
        Found::Missing => return Err(io(std::io::ErrorKind::NotFound.into())),
    }
    // Executable whatever the permissions of the file it replaced; set on the opened file,
    // never through a link.
    if let Found::Opened(file) = folder.open_file(NAME).map_err(io)? {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o755)).map_err(io)?;
        }
        #[cfg(not(unix))]
        drop(file);
    }
    Ok(path)
}

/// The hooks folder, created when missing. Inside the working tree `root` (a `core.hooksPath`
/// such as `.githooks`), its folders are the repository's: none may be a symbolic link, checked
/// on descriptors from `root` (`None` when one is); elsewhere it is opened as the user set it.
fn hooks_folder(root: &Path, hooks: &Path) -> std::io::Result<Option<Folder>> {
    let Some(relative) = crate::paths::relative_inside(hooks, root) else {
        std::fs::create_dir_all(hooks)?;
        return Folder::open(hooks).map(Some);
    };
    let root_folder = Folder::open(root)?;
    if relative.is_empty() {
        return Ok(Some(root_folder));
    }
    // Created one folder at a time from the root, never through a link; then opened on the
    // descriptors.
    let mut walked = String::new();
    for part in relative.split('/') {
        walked = if walked.is_empty() { part.to_string() } else { format!("{walked}/{part}") };
        match root_folder.folder(&walked)? {
            Found::Opened(_) => {}
            Found::Missing => std::fs::create_dir(root.join(&walked))?,
            Found::SymbolicLink | Found::NotRegular => return Ok(None),
        }
    }
    Ok(match root_folder.folder(&relative)? {
        Found::Opened(folder) => Some(folder),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_recognised_in_any_encoding_at_the_start_of_a_line() {
        assert!(written_by_relecture(script(None).as_bytes()));
        assert!(written_by_relecture(script(Some("/opt/bin")).as_bytes()));
        let latin1 = b"#!/bin/sh\n# \xe9t\xe9\nmake lint\n";
        assert!(!written_by_relecture(latin1));
        assert!(!written_by_relecture(b"\x7fELF\x02\x01\x01\0\0\0"));
        assert!(!written_by_relecture(format!("echo '{MARKER}'\n").as_bytes()));
    }

    #[test]
    fn the_installing_folder_comes_first_on_the_path_as_one_shell_word() {
        assert_eq!(shell_quoted("/opt/it's/bin"), r"'/opt/it'\''s/bin'");
        let with = script(Some("/opt/bin"));
        assert!(with.contains("\nPATH='/opt/bin':\"$PATH\"\nif ! command -v relecture"), "{with}");
        assert!(with.contains("cannot find relecture (in /opt/bin nor on the PATH)"), "{with}");
        assert!(with.contains("\nrelecture check --staged --allow-empty\n"), "{with}");
        assert!(script(None).contains("cannot find relecture (on the PATH)"));
    }

    #[test]
    #[cfg(unix)]
    fn the_script_says_how_to_see_the_findings_and_how_to_bypass_or_that_relecture_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        // A stand-in relecture that refuses, in a folder of its own.
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        std::fs::write(bin.join("relecture"), "#!/bin/sh\necho finding\nexit 1\n").unwrap();
        let mode: std::fs::Permissions = std::os::unix::fs::PermissionsExt::from_mode(0o755);
        std::fs::set_permissions(bin.join("relecture"), mode).unwrap();
        let run = |folder: &str| {
            let hook = dir.path().join("hook");
            std::fs::write(&hook, script(Some(folder))).unwrap();
            let out = std::process::Command::new("/bin/sh").arg(&hook).env("PATH", "/usr/bin:/bin").output().unwrap();
            (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
        };
        let (code, stderr) = run(bin.to_str().unwrap());
        assert_eq!(code, Some(1));
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("commit refused") && stderr.contains("--no-verify"), "{stderr}");
        let (code, stderr) = run("/nonexistent");
        assert_eq!(code, Some(1));
        assert!(stderr.contains("cannot find relecture (in /nonexistent nor on the PATH)"), "{stderr}");
    }
}
