//! The GitHub Action's script (`ci/action.sh`), run as a workflow runs it, on a temporary
//! repository with a base branch and a pull request's branch.

#[allow(dead_code, reason = "each test binary uses a part of the support")]
mod support;

use std::path::Path;
use std::process::Command;

use support::Repo;

/// Runs the action's script in `repo` against the base branch `base`: (exit code, standard
/// output, standard error).
fn run_action(repo: &Repo, base: &str) -> (Option<i32>, String, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("ci/action.sh");
    let out = Command::new("bash")
        .arg(script)
        .current_dir(repo.path())
        .env("RELECTURE_BIN", env!("CARGO_BIN_EXE_relecture"))
        .env("RELECTURE_BASE", base)
        .env("RELECTURE_CACHE_DIR", repo.cache())
        .env("XDG_CONFIG_HOME", support::config_home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_action_annotates_the_new_findings_of_a_pull_request_and_writes_sarif() {
    let repo = Repo::new();
    repo.write("content/old.md", "---\nlang: fr\n---\n\nUn article déjà publié avec un un défaut.\n");
    repo.commit("base");
    repo.git(&["checkout", "--quiet", "-b", "feature"]);
    repo.write("content/new.md", "---\nlang: fr\n---\n\nUn nouvel article qui répète le le même mot.\n");
    repo.commit("a new article");

    let (code, stdout, stderr) = run_action(&repo, "main");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("::warning file=content/new.md"), "{stdout}");
    // The article the pull request does not touch is not linted.
    assert!(!stdout.contains("content/old.md"), "{stdout}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("relecture.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{sarif}");
    assert_eq!(results[0]["ruleId"], "repeated-word");

    repo.write("content/new.md", "---\nlang: fr\n---\n\nUn nouvel article qui répète le même mot.\n");
    repo.commit("fixed");
    let (code, stdout, stderr) = run_action(&repo, "main");
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    // A base the clone does not have is said, exit 2.
    let (code, _, stderr) = run_action(&repo, "nonexistent");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot find the base branch `nonexistent`"), "{stderr}");
}
