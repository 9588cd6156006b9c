//! Untrusted repositories, reading articles: symbolic links, non-UTF-8 names, crafted trees, object formats: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::ffi::OsStr;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};

use support::contract::Report;
use support::{Output, Repo, run_relecture};

/// A text with one finding (`repeated-word`).
const WITH_A_FINDING: &str = "Un texte avec le le mot répété.\n";

fn report(out: &Output) -> Report {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stderr, out.stdout))
}

fn skipped(report: &Report) -> Vec<(String, String)> {
    report.skipped.iter().map(|s| (s.path.clone(), s.reason.clone())).collect()
}

fn finding_paths(report: &Report) -> Vec<String> {
    let mut paths: Vec<String> = report.findings.iter().map(|f| f.path.clone()).collect();
    paths.dedup();
    paths
}

/// Asserts that nothing of a run's output shows `secret`.
fn assert_unseen(out: &Output, secret: &str) {
    assert!(!out.stdout.contains(secret) && !out.stderr.contains(secret), "{}\n{}", out.stdout, out.stderr);
}

/// Runs git with `input` on its standard input and returns its output, trimmed.
fn git_with_input(repo: &Repo, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Writes a tree object of `entries` (mode, name, object id in hex) exactly as given, names git
/// itself would refuse included, and returns its id.
fn raw_tree(repo: &Repo, entries: &[(&str, &[u8], &str)]) -> String {
    let mut bytes = Vec::new();
    for (mode, name, id) in entries {
        bytes.extend_from_slice(mode.as_bytes());
        bytes.push(b' ');
        bytes.extend_from_slice(name);
        bytes.push(0);
        let id: Vec<u8> = (0..id.len()).step_by(2).map(|i| u8::from_str_radix(&id[i..i + 2], 16).unwrap()).collect();
        bytes.extend_from_slice(&id);
    }
    git_with_input(repo, &["hash-object", "-t", "tree", "--literally", "-w", "--stdin"], &bytes)
}

fn blob(repo: &Repo, text: &str) -> String {
    git_with_input(repo, &["hash-object", "-w", "--stdin"], text.as_bytes())
}

#[test]
fn a_tracked_folder_replaced_by_a_link_outside_is_never_read_nor_fixed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = "OUTSIDE-SECRET-4242 le le mot.   Fin www.exemple.org\n";
    std::fs::write(outside.path().join("a.md"), secret).unwrap();
    std::fs::write(outside.path().join("b.md"), secret).unwrap();
    let repo = Repo::new();
    repo.write("docs/a.md", "Un texte propre.\n");
    repo.write("index.md", "Accueil.\n");
    repo.commit("one");
    std::fs::remove_dir_all(repo.path().join("docs")).unwrap();
    symlink(outside.path(), repo.path().join("docs")).unwrap();
    symlink(outside.path().join("b.md"), repo.path().join("linked.md")).unwrap();
    symlink(outside.path(), repo.path().join("untracked-folder")).unwrap();

    for args in [&["check", "--format", "json"][..], &["check", "--format", "json"], &["check"], &["check", "--fix"]] {
        let out = run_relecture(repo.path(), args);
        assert!(out.code <= 1, "{args:?}: {}", out.stderr);
        assert_unseen(&out, "OUTSIDE-SECRET");
        if args.contains(&"json") {
            let report = report(&out);
            assert_eq!(finding_paths(&report), ["index.md"], "{:?}", report.findings);
            let skipped = skipped(&report);
            assert!(
                skipped
                    .iter()
                    .any(|(p, r)| p == "docs/a.md" && r == "in a folder that is a symbolic link (not followed)"),
                "{skipped:?}"
            );
            assert!(
                skipped.iter().any(|(p, r)| p == "linked.md" && r == "symbolic link (not followed)"),
                "{skipped:?}"
            );
        }
    }
    for name in ["a.md", "b.md"] {
        assert_eq!(std::fs::read_to_string(outside.path().join(name)).unwrap(), secret, "{name} was rewritten");
    }
}

#[test]
fn relecture_toml_as_a_link_is_refused_in_the_working_tree_the_index_and_a_revision() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("secret.toml");
    std::fs::write(&target, "outside_secret_key = 1\n").unwrap();
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    symlink(&target, repo.path().join("relecture.toml")).unwrap();
    repo.commit("a linked configuration");
    for args in [&["check"][..], &["check", "--staged"], &["check", "--rev", "HEAD"], &["rules", "list"]] {
        let out = run_relecture(repo.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains("relecture.toml") && out.stderr.contains("symbolic link"),
            "{args:?}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert_unseen(&out, "outside_secret_key");
    }
    // Whether the target exists shows nowhere.
    std::fs::remove_file(&target).unwrap();
    let out = run_relecture(repo.path(), &["check", "--rev", "HEAD"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link"), "{}", out.stderr);
}

#[test]
fn rule_files_and_folders_that_are_links_are_never_parsed() {
    let outside = tempfile::tempdir().unwrap();
    // Not a valid pack: parsed, its error would name the key.
    std::fs::write(outside.path().join("pack.toml"), "outside_secret_key = 1\n").unwrap();
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    repo.write("relecture.toml", "rules = [\"lint-rules\"]\n");
    symlink(outside.path(), repo.path().join("lint-rules")).unwrap();
    repo.commit("a linked rule folder");
    for args in [&["check"][..], &["check", "--staged"], &["check", "--rev", "HEAD"], &["rules", "test"]] {
        let out = run_relecture(repo.path(), args);
        assert_ne!(out.code, 0, "{args:?}: a configured rule folder that is a link is not silently empty");
        assert!(out.stderr.contains("cannot read lint-rules: symbolic link (not followed)"), "{}", out.stderr);
        assert_unseen(&out, "outside_secret_key");
    }

    // The default folder, not configured: nothing parsed either.
    repo.write("relecture.toml", "");
    repo.commit("default rule folder");
    for args in [&["check"][..], &["check", "--rev", "HEAD"]] {
        let out = run_relecture(repo.path(), args);
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        assert_unseen(&out, "outside_secret_key");
    }

    // A rule file that is a link, in a real folder.
    std::fs::remove_file(repo.path().join("lint-rules")).unwrap();
    std::fs::create_dir(repo.path().join("lint-rules")).unwrap();
    symlink(outside.path().join("pack.toml"), repo.path().join("lint-rules/pack.toml")).unwrap();
    repo.write("relecture.toml", "rules = [\"lint-rules/pack.toml\"]\n");
    repo.commit("a linked rule file");
    for args in [&["check"][..], &["check", "--staged"], &["check", "--rev", "HEAD"]] {
        let out = run_relecture(repo.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("lint-rules/pack.toml") && out.stderr.contains("symbolic link"), "{}", out.stderr);
        assert_unseen(&out, "outside_secret_key");
    }
}

#[test]
fn a_name_that_is_not_utf8_is_linted_under_an_escaped_name_everywhere() {
    let repo = Repo::new();
    repo.write("ok.md", "Un texte.\n");
    std::fs::write(repo.path().join(OsStr::from_bytes(b"bad\xffname.md")), WITH_A_FINDING).unwrap();
    repo.commit("a name that is not UTF-8");
    std::fs::write(repo.path().join(OsStr::from_bytes(b"new\xfe.md")), WITH_A_FINDING).unwrap();
    let sources: [&[&str]; 4] = [&[], &[], &["--staged"], &["--rev", "HEAD"]];
    for source in sources {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(source);
        let out = run_relecture(repo.path(), &args);
        assert_eq!(out.code, 1, "{args:?}: {}{}", out.stdout, out.stderr);
        let report = report(&out);
        let paths = finding_paths(&report);
        assert!(paths.contains(&"bad\\xffname.md".to_string()), "{args:?}: {paths:?}");
        assert_eq!(paths.contains(&"new\\xfe.md".to_string()), source.is_empty(), "{args:?}: {paths:?}");
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    }
    let out = run_relecture(repo.path(), &["check"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("bad\\xffname.md"), "{}", out.stdout);
}

#[test]
fn crafted_tree_entries_are_skipped_with_the_reason_never_linted_outside() {
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    repo.commit("one");
    let finding = blob(&repo, WITH_A_FINDING);
    let clean = blob(&repo, "Un texte propre.\n");
    let inner = raw_tree(&repo, &[("100644", b"x.md", &finding)]);
    let tree = raw_tree(
        &repo,
        &[
            ("40000", b"..", &inner),
            ("40000", b".", &inner),
            ("40000", b".git", &inner),
            ("100644", b"a.md", &clean),
            ("100644", b"dup.md", &finding),
            ("100644", b"dup.md", &clean),
            ("100644", b"sub/x.md", &finding),
        ],
    );
    let commit = repo.git(&["commit-tree", &tree, "-m", "crafted"]);
    let commit = commit.trim();
    let out = run_relecture(repo.path(), &["check", "--rev", commit, "--format", "json"]);
    assert!(out.code <= 1, "{}", out.stderr);
    let report = report(&out);
    assert_eq!(finding_paths(&report), ["a.md"], "{:?}", report.findings);
    let reasons = skipped(&report);
    for (path, reason) in [
        ("..", "tree entry name is not a file name"),
        (".", "tree entry name is not a file name"),
        (".git", "tree entry named .git (git's own folder)"),
        ("sub\\x2fx.md", "tree entry name is not a file name"),
        ("dup.md", "duplicated tree entry"),
    ] {
        assert!(reasons.contains(&(path.to_string(), reason.to_string())), "{path}: {reasons:?}");
    }
    let articles: Vec<&str> = report.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(articles, ["a.md"]);
    let text = run_relecture(repo.path(), &["check", "--rev", commit]);
    assert!(text.stdout.contains("skipped ..: tree entry name is not a file name"), "{}", text.stdout);
    assert!(!text.stdout.contains("../x.md") && !text.stdout.contains("sub/x.md"), "{}", text.stdout);
    // History judges the crafted commit as check --rev does: a name held twice is no file.
    let history = run_relecture(repo.path(), &["history", commit, "--format", "json"]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    let json: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    let commits = json["commits"].as_array().unwrap();
    assert_eq!(commits.last().unwrap()["total"].as_u64(), Some(report.findings.len() as u64), "{}", history.stdout);

    // An empty name: git's library cannot parse the tree at all; the run names it.
    let empty = raw_tree(&repo, &[("100644", b"", &finding), ("100644", b"a.md", &clean)]);
    let commit = repo.git(&["commit-tree", &empty, "-m", "empty name"]);
    let out = run_relecture(repo.path(), &["check", "--rev", commit.trim()]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("cannot read the tree of") && out.stderr.contains("can't parse filename"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
}

#[test]
fn a_fifo_in_the_working_tree_is_skipped_without_blocking() {
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    repo.write("pipe.md", "Un texte.\n");
    repo.commit("one");
    std::fs::remove_file(repo.path().join("pipe.md")).unwrap();
    let status = Command::new("mkfifo").arg(repo.path().join("pipe.md")).status().unwrap();
    assert!(status.success());
    let out =
        support::run_relecture_timeout(repo.path(), &["check", "--format", "json"], std::time::Duration::from_secs(30));
    assert!(out.code <= 1, "{}", out.stderr);
    assert_eq!(skipped(&report(&out)), [("pipe.md".to_string(), "not a regular file".to_string())]);
}

#[test]
fn a_sha256_repository_is_refused_by_name_never_read_as_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "--quiet", "--object-format=sha256", "--initial-branch=main"]);
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/a.md"), WITH_A_FINDING).unwrap();
    git(&["add", "--all"]);
    git(&["commit", "--quiet", "-m", "one"]);
    let sources: [&[&str]; 3] = [&["check"], &["check", "--rev", "HEAD"], &["check", "--staged"]];
    for args in sources {
        for cwd in [dir.path(), &dir.path().join("docs")] {
            let out = run_relecture(cwd, args);
            assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
            assert!(out.stderr.contains("uses the sha256 object format"), "{args:?}: {}", out.stderr);
            assert!(!out.stderr.contains("not a git repository") && !out.stderr.contains("is not one"));
            assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        }
    }
    let by_path = run_relecture(Path::new("/"), &["check", "--repo", dir.path().to_str().unwrap()]);
    assert_eq!(by_path.code, 2, "{}", by_path.stderr);
    assert!(by_path.stderr.contains("sha256"), "{}", by_path.stderr);
}

#[test]
fn rules_test_on_a_folder_never_follows_the_links_it_holds() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("creds.toml"), "api_token_outside = 1\n").unwrap();
    let repo = Repo::new();
    repo.write(
        "lint-rules/maison.toml",
        "[pack]\nname = \"maison\"\n\n[[rule]]\nname = \"mot\"\nkind = \"existence\"\nmessage = \"« {match} »\"\n\
         tokens = [\"interdit\"]\nexamples.fail = [\"Un mot interdit.\"]\nexamples.pass = [\"Un mot permis.\"]\n",
    );
    symlink(outside.path().join("creds.toml"), repo.path().join("lint-rules/z.toml")).unwrap();
    symlink(outside.path(), repo.path().join("lint-rules/dirlink")).unwrap();
    symlink("..", repo.path().join("lint-rules/up")).unwrap();
    let out = run_relecture(repo.path(), &["rules", "test", "lint-rules"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("maison/mot"), "{}", out.stdout);
    assert_unseen(&out, "api_token_outside");
    for link in ["lint-rules/z.toml", "lint-rules/dirlink", "lint-rules/up"] {
        assert!(out.stderr.contains(&format!("{link} is a symbolic link")), "{link}: {}", out.stderr);
    }
    // Named directly, a link of the repository is not followed either.
    for named in ["lint-rules/z.toml", "lint-rules/dirlink/creds.toml", "lint-rules/dirlink"] {
        let out = run_relecture(repo.path(), &["rules", "test", named]);
        assert_unseen(&out, "api_token_outside");
        assert!(out.stderr.contains("goes through a symbolic link of the repository"), "{named}: {}", out.stderr);
    }
}

#[test]
fn a_repo_folder_that_is_a_link_of_the_checkout_is_neither_read_nor_fixed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.md"), "outside_secret outside_secret\n").unwrap();
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    symlink(outside.path(), repo.path().join("docs")).unwrap();
    repo.commit("a linked folder");
    for args in
        [&["check", "--repo", "docs"][..], &["check", "--repo", "docs", "--fix"], &["check", "--repo", "./docs/"]]
    {
        let out = run_relecture(repo.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("goes through a symbolic link of the repository holding it"), "{}", out.stderr);
        assert_unseen(&out, "outside_secret");
    }
    assert_eq!(std::fs::read_to_string(outside.path().join("notes.md")).unwrap(), "outside_secret outside_secret\n");
}

#[test]
fn paths_that_reach_the_checkout_another_way_still_never_go_through_its_links() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("file"), "the victim's bytes").unwrap();
    std::fs::write(outside.path().join("secret.toml"), "outside_secret_key = 1\n").unwrap();
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    symlink(outside.path(), repo.path().join("lnk")).unwrap();
    std::fs::create_dir(repo.path().join("lint-rules")).unwrap();
    symlink(outside.path().join("secret.toml"), repo.path().join("lint-rules/a.toml")).unwrap();
    repo.commit("links");
    let aliases = tempfile::tempdir().unwrap();
    let alias = aliases.path().join("alias");
    symlink(repo.path(), &alias).unwrap();

    // --output
    let target = alias.join("lnk/file");
    let out = run_relecture(repo.path(), &["check", "--output", target.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(outside.path().join("file")).unwrap(), "the victim's bytes");

    // core.hooksPath
    repo.git(&["config", "core.hooksPath", alias.join("lnk").to_str().unwrap()]);
    let out = run_relecture(repo.path(), &["hook", "install", "--force"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!outside.path().join("pre-commit").exists());
    repo.git(&["config", "--unset", "core.hooksPath"]);

    // The user's own rules entry, written as a path through the alias.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("relecture")).unwrap();
    let entry = alias.join("lint-rules/a.toml");
    std::fs::write(home.path().join("relecture/config.toml"), format!("rules = [{:?}]\n", entry.to_str().unwrap()))
        .unwrap();
    let out = support::run_relecture_with(
        repo.path(),
        &["check"],
        &[("XDG_CONFIG_HOME", home.path().to_str().unwrap())],
        std::time::Duration::from_secs(60),
        None,
    );
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert_unseen(&out, "outside_secret_key");
}

#[test]
fn a_bare_repository_planted_in_a_subfolder_is_still_the_checkouts_content() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("file"), "the victim's bytes").unwrap();
    let repo = Repo::new();
    repo.write("a.md", "Un texte.\n");
    repo.commit("one");
    // A whole bare repository, with a commit, inside the checkout.
    repo.git(&["clone", "--quiet", "--bare", ".", "docs"]);
    symlink(outside.path().join("file"), repo.path().join("relecture.sarif")).unwrap();
    repo.write("cfg.toml", "[links]\nonline = true\nallow_private = true\n");
    let out =
        run_relecture(repo.path(), &["check", "--repo", "docs", "--config", "cfg.toml", "--output", "relecture.sarif"]);
    assert!(out.stderr.contains("cfg.toml sets [links] allow_private, online"), "{}", out.stderr);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(outside.path().join("file")).unwrap(), "the victim's bytes");
}
