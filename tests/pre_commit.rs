//! The pre-commit framework (https://pre-commit.com) installs relecture from this repository's
//! `.pre-commit-hooks.yaml` and runs it on what a commit stages; the local hook of the README runs
//! the installed binary. Skipped, saying so, when the `pre-commit` command is not installed
//! (`pip install pre-commit`).

#[allow(dead_code, reason = "each test binary uses a part of the support")]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::Repo;

/// The `pre-commit` command, when it runs here.
fn pre_commit() -> Option<PathBuf> {
    let found = Command::new("pre-commit").arg("--version").output().ok()?;
    found.status.success().then(|| PathBuf::from("pre-commit"))
}

/// Runs `pre-commit args` in `repo` with its own cache (`home`): nothing from an earlier run or
/// from the user's cache. The framework builds relecture with `cargo install`, offline (this
/// build fetched the crates already) and without optimisation, into a target folder kept
/// between test runs.
fn run(program: &Path, repo: &Repo, home: &Path, args: &[&str], path: Option<&str>) -> (bool, String) {
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(|target| target.join("pre-commit")))
        .expect("the test binary is in the target folder");
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("RELECTURE_CACHE_DIR", repo.cache())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org");
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let out = command.output().expect("pre-commit runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// A repository with one clean article, committed, and a French site.
fn articles() -> Repo {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n");
    repo.write("a.md", "---\ntitle: Le chat\n---\n\n# Le chat\n\nLe chat dort au soleil.\n");
    repo.commit("articles");
    repo
}

#[test]
fn the_framework_installs_the_hook_from_a_clean_cache_and_runs_it_on_what_is_staged() {
    let Some(program) = pre_commit() else {
        eprintln!("skipped: the pre-commit command is not installed (pip install pre-commit)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let home = tempfile::tempdir().unwrap();
    let repo = articles();
    let try_repo =
        |repo: &Repo| run(&program, repo, home.path(), &["try-repo", root.to_str().unwrap(), "relecture"], None);

    // A defect staged: the hook is built, runs and refuses it, naming the finding.
    repo.write("a.md", "---\ntitle: Le chat\n---\n\n# Le chat\n\nLe le chat dort au soleil.\n");
    repo.git(&["add", "a.md"]);
    let (passed, out) = try_repo(&repo);
    assert!(!passed, "{out}");
    assert!(out.contains("warning[repeated-word]: « le » est répété"), "{out}");
    assert!(out.contains("--> a.md:7:4"), "{out}");

    // The defect fixed in the index (the working tree still has it): what the commit holds passes.
    repo.write("a.md", "---\ntitle: Le chat\n---\n\n# Le chat\n\nLe chat dort au soleil.\n");
    repo.git(&["add", "a.md"]);
    repo.write("a.md", "---\ntitle: Le chat\n---\n\n# Le chat\n\nLe le chat dort au soleil.\n");
    let (passed, out) = try_repo(&repo);
    assert!(passed, "{out}");
    repo.git(&["checkout", "--", "a.md"]);

    // Only the configuration changes: the hook runs all the same, since findings can change.
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n[frontmatter]\nrequired = [\"date\"]\n");
    repo.git(&["add", "relecture.toml"]);
    let (passed, out) = try_repo(&repo);
    assert!(!passed, "{out}");
    assert!(out.contains("frontmatter-missing-field"), "{out}");
    repo.git(&["reset", "--quiet", "--hard"]);

    // Nothing it reads changes: not run.
    repo.write("notes.txt", "à faire\n");
    repo.git(&["add", "notes.txt"]);
    let (passed, out) = try_repo(&repo);
    assert!(passed && out.contains("(no files to check)Skipped"), "{out}");
}

#[test]
fn the_local_hook_of_the_readme_runs_the_installed_binary() {
    let Some(program) = pre_commit() else {
        eprintln!("skipped: the pre-commit command is not installed (pip install pre-commit)");
        return;
    };
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("repos:\n  - repo: local").expect("the README shows the local hook");
    let config = &readme[start..start + readme[start..].find("```").unwrap()];
    let home = tempfile::tempdir().unwrap();
    let repo = articles();
    repo.write(".pre-commit-config.yaml", config);
    repo.git(&["add", ".pre-commit-config.yaml"]);
    repo.git(&["commit", "--quiet", "-m", "hooks"]);
    let binary = Path::new(env!("CARGO_BIN_EXE_relecture")).parent().unwrap().display().to_string();
    let path = format!("{binary}:{}", std::env::var("PATH").unwrap_or_default());

    repo.write("a.md", "---\ntitle: Le chat\n---\n\n# Le chat\n\nLe le chat dort au soleil.\n");
    repo.git(&["add", "a.md"]);
    let (passed, out) = run(&program, &repo, home.path(), &["run"], Some(&path));
    assert!(!passed, "{out}");
    assert!(out.contains("« le » est répété"), "{out}");
    repo.write("a.md", "---\ntitle: Le chat\n---\n\n# Le chat\n\nLe chat dort au soleil.\n");
    repo.git(&["add", "a.md"]);
    let (passed, out) = run(&program, &repo, home.path(), &["run"], Some(&path));
    assert!(passed, "{out}");
}
