//! Untrusted repositories, hook install writes where git runs it, never through a symbolic link: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::{Repo, run_relecture, run_relecture_with};

const MARKER: &str = "# Installed by `relecture hook install`";

/// Runs git in `dir` with the environment the hook's relecture expects in the tests; returns
/// whether it succeeded and what it printed.
fn git_in(dir: &Path, home: &Path, args: &[&str]) -> (bool, String) {
    let cache = support::cache_dir_for(dir);
    let out = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("RELECTURE_CACHE_DIR", cache.path())
        .env("XDG_CONFIG_HOME", support::config_home())
        .env("NO_COLOR", "1")
        .output()
        .expect("git runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn the_hook_of_a_linked_worktree_runs_on_commit_there() {
    let repo = Repo::new();
    repo.write("a.md", "Un article propre.\n");
    repo.commit("first");
    let linked = tempfile::tempdir().unwrap();
    let linked_path = linked.path().join("linked");
    repo.git(&["worktree", "add", "--quiet", linked_path.to_str().unwrap()]);

    let out = run_relecture(&linked_path, &["hook", "install"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let installed = repo.path().join(".git/hooks/pre-commit");
    assert!(std::fs::read_to_string(&installed).unwrap().contains(MARKER));
    assert!(!repo.path().join(".git/worktrees/linked/hooks/pre-commit").exists());
    assert!(out.stdout.contains(".git/hooks/pre-commit"), "{}", out.stdout);

    // A commit with a finding is stopped by the hook; `relecture` is not on git's PATH here:
    // the hook runs the binary that installed it.
    std::fs::write(linked_path.join("b.md"), "Voir le le site pour la suite.\n").unwrap();
    let (_, _) = git_in(&linked_path, repo.path(), &["add", "b.md"]);
    let (committed, output) = git_in(&linked_path, repo.path(), &["commit", "--quiet", "-m", "with a finding"]);
    assert!(!committed, "the hook did not stop the commit: {output}");
    assert!(output.contains("repeated-word"), "{output}");
    assert!(output.contains("commit refused") && output.contains("git commit --no-verify"), "{output}");
    std::fs::write(linked_path.join("b.md"), "Voir le site pour la suite.\n").unwrap();
    git_in(&linked_path, repo.path(), &["add", "b.md"]);
    let (committed, output) = git_in(&linked_path, repo.path(), &["commit", "--quiet", "-m", "clean"]);
    assert!(committed, "{output}");
}

#[test]
fn a_hooks_path_under_the_home_folder_is_expanded_as_git_does() {
    let repo = Repo::new();
    let home = tempfile::tempdir().unwrap();
    repo.git(&["config", "core.hooksPath", "~/hooks"]);
    let home_text = home.path().to_str().unwrap();
    let out =
        run_relecture_with(repo.path(), &["hook", "install"], &[("HOME", home_text)], Duration::from_secs(60), None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let hook = home.path().join("hooks/pre-commit");
    assert!(std::fs::read_to_string(&hook).unwrap().contains(MARKER), "{}", out.stdout);
    assert!(!repo.path().join("~").exists());
    assert_eq!(std::fs::metadata(&hook).unwrap().permissions().mode() & 0o777, 0o755);

    // A relative hooksPath is taken from the working tree root, wherever relecture runs.
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    std::fs::create_dir_all(repo.path().join("docs")).unwrap();
    let out = run_relecture(&repo.path().join("docs"), &["hook", "install"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(repo.path().join(".githooks/pre-commit").exists());
    assert!(!repo.path().join("docs/.githooks").exists());
}

#[test]
fn a_foreign_hook_in_any_encoding_is_kept_without_force() {
    let foreign: [&[u8]; 3] = [
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0",
        b"#!/bin/sh\n# V\xe9rifie l'orthographe (Latin-1)\nmake lint\n",
        b"#!/bin/sh\nmake lint\n",
    ];
    for bytes in foreign {
        let repo = Repo::new();
        let hook = repo.path().join(".git/hooks/pre-commit");
        std::fs::write(&hook, bytes).unwrap();
        let out = run_relecture(repo.path(), &["hook", "install"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("was not written by relecture; use --force"), "{}", out.stderr);
        assert_eq!(std::fs::read(&hook).unwrap(), bytes);
        let forced = run_relecture(repo.path(), &["hook", "install", "--force"]);
        assert_eq!(forced.code, 0, "{}", forced.stderr);
        assert!(std::fs::read_to_string(&hook).unwrap().contains(MARKER));
        // Its own hook is replaced without --force.
        let again = run_relecture(repo.path(), &["hook", "install"]);
        assert_eq!(again.code, 0, "{}", again.stderr);
    }
}

#[test]
fn a_symbolic_link_hook_is_refused_and_force_replaces_the_link_not_its_target() {
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("shared-hook");
    std::fs::write(&target, "#!/bin/sh\necho shared\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    symlink(&target, &hook).unwrap();

    let out = run_relecture(repo.path(), &["hook", "install"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("is a symbolic link, which relecture does not follow"), "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&hook).unwrap().file_type().is_symlink());

    let forced = run_relecture(repo.path(), &["hook", "install", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(std::fs::symlink_metadata(&hook).unwrap().file_type().is_file());
    assert!(std::fs::read_to_string(&hook).unwrap().contains(MARKER));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "#!/bin/sh\necho shared\n");
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o644);
}

#[test]
fn a_dangling_link_hook_creates_nothing_where_it_points() {
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("planted");
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    symlink(&target, &hook).unwrap();

    let out = run_relecture(repo.path(), &["hook", "install"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
    assert!(!target.exists());

    let forced = run_relecture(repo.path(), &["hook", "install", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!target.exists());
    assert!(std::fs::symlink_metadata(&hook).unwrap().file_type().is_file());
}

#[test]
fn a_hooks_path_through_a_link_of_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let repo = Repo::new();
    std::fs::create_dir_all(repo.path().join("a")).unwrap();
    symlink(outside.path(), repo.path().join(".githooks")).unwrap();
    symlink(outside.path(), repo.path().join("a/l")).unwrap();
    repo.commit("linked hook folders");
    for hooks_path in [".githooks", "a/l/sub"] {
        repo.git(&["config", "core.hooksPath", hooks_path]);
        let out = run_relecture(repo.path(), &["hook", "install", "--force"]);
        assert_eq!(out.code, 2, "{hooks_path}: {}", out.stderr);
        assert!(out.stderr.contains("symbolic link of the repository"), "{}", out.stderr);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "{hooks_path}: written outside");
    }
}
