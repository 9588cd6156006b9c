//! The bad-input battery: files and repositories that break linters. For each, the real binary
//! gives the right finding or one clear sentence with exit 2; it never panics (the helpers fail
//! on exit 101), never hangs (each run has a time limit) and stays within a memory limit.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::{Repo, finding_lines, run_relecture_limited};

/// Every run of the battery: at most this long (debug build, shared 2-core machine) and this
/// much address space.
const TIME: Duration = Duration::from_secs(90);
const MEMORY_MIB: u64 = 4096;

fn run(dir: &Path, args: &[&str]) -> support::Output {
    run_relecture_limited(dir, args, TIME, Some(MEMORY_MIB))
}

fn messages(out: &support::Output, path: &str) -> Vec<String> {
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    report.findings.iter().filter(|f| f.path == path).map(|f| f.message.clone()).collect()
}

#[test]
fn hostile_files_get_findings_and_every_other_article_is_checked() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n");
    repo.write_bytes("binary.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    repo.write_bytes("latin1.md", b"---\ntitle: ok\n---\nL'\xe9t\xe9 est chaud.\n");
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("# Titre\n\nL’été.\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    repo.write_bytes("utf16.md", &utf16);
    // 50 MB on one line: over the default 5 MiB limit, so never read.
    repo.write_bytes("one-line.md", &vec![b'a'; 50 * 1024 * 1024]);
    repo.write("quotes.md", &format!("{}Au fond.\n", "> ".repeat(10_000)));
    repo.write("lists.md", &format!("{}Au fond.\n", "- ".repeat(10_000)));
    let mut indented = String::new();
    for depth in 0..2_000 {
        writeln!(indented, "{}- niveau {depth}", "  ".repeat(depth)).unwrap();
    }
    repo.write("indented.md", &indented);
    repo.write("cible.md", "# Titre\n\nLa cible.\n");
    let mut links = String::from("# Liens\n\n");
    for _ in 0..100_000 {
        links.push_str("voir [la suite de la page](cible.md#titre) ");
    }
    links.push_str("[perdu](absent.md)\n");
    repo.write("links.md", &links);
    std::os::unix::fs::symlink("loop-b.md", repo.path().join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", repo.path().join("loop-b.md")).unwrap();
    std::os::unix::fs::symlink(".", repo.path().join("again")).unwrap();
    repo.write("fine.md", "# Titre\n\n# Titre\n");

    let out = run(repo.path(), &["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        finding_lines(&out),
        [
            "binary.md:1 unreadable-article",
            "fine.md:3 duplicate-heading",
            "latin1.md:4 unreadable-article",
            "links.md:3 broken-link",
            "one-line.md:1 unreadable-article",
            "utf16.md:1 unreadable-article",
        ]
    );
    // The site is French: relecture says its messages in French.
    assert_eq!(messages(&out, "utf16.md"), ["le fichier est du texte UTF-16 ; réencodez-le en UTF-8"]);
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(skipped, ["loop-a.md", "loop-b.md"]);
    // The same files read from git objects give the same findings.
    repo.commit("hostile files");
    let at_head = run(repo.path(), &["check", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(finding_lines(&at_head), finding_lines(&out));
}

#[test]
fn a_rule_that_backtracks_catastrophically_elsewhere_runs_in_linear_time() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n");
    repo.write(
        "lint-rules/piege.toml",
        "[pack]\nname = \"piege\"\ndescription = \"a pattern that backtracks in other engines\"\n\n\
         [[rule]]\nname = \"piege-a\"\nkind = \"existence\"\nmessage = \"a run of a\"\ndescription = \"x\"\n\
         pattern = '(a+)+$'\nexamples.fail = [\"aaaa\"]\nexamples.pass = [\"aaaa!\"]\n",
    );
    repo.write("a.md", &format!("# Titre\n\n{}!\n", "a".repeat(50_000)));
    let out = run(repo.path(), &["check", "--format", "json", "--select", "piege"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(finding_lines(&out).is_empty());
}

#[test]
fn submodules_shallow_clones_and_corrupt_objects() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n");
    repo.write("a.md", "# Titre\n\n# Titre\n");
    repo.write("b.md", "# Autre\n\nUn texte sans défaut.\n");
    repo.write("lfs.md", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
    repo.commit("one");
    repo.write("b.md", "# Autre\n\nUn texte sans défaut, revu.\n");
    repo.commit("two");
    // A submodule entry (a gitlink) named like an article.
    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{head},module.md")]);
    repo.git(&["commit", "--quiet", "-m", "three: a submodule"]);
    for args in [&["check", "--format", "json"][..], &["check", "--rev", "HEAD", "--format", "json"]] {
        let out = run(repo.path(), args);
        assert_eq!(finding_lines(&out), ["a.md:3 duplicate-heading", "lfs.md:1 unreadable-article"], "{args:?}");
        let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(report.skipped.len(), 1, "{args:?}");
        assert!(report.skipped[0].reason.contains("submodule"), "{args:?}");
    }

    // A shallow clone has one commit: everything works on it, and older revisions do not exist.
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let cloned = Command::new("git")
        .args(["clone", "--quiet", "--depth", "1", &url, "."])
        .current_dir(shallow.path())
        .output()
        .unwrap();
    assert!(cloned.status.success(), "{}", String::from_utf8_lossy(&cloned.stderr));
    let out = run(shallow.path(), &["check", "--rev", "HEAD", "--blame", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(finding_lines(&out), ["a.md:3 duplicate-heading", "lfs.md:1 unreadable-article"]);
    let history = run(shallow.path(), &["history", "--format", "json"]);
    assert_eq!(history.code, 0, "{}", history.stderr);
    assert!(history.stdout.contains("three: a submodule"));
    let before = run(shallow.path(), &["check", "--diff", "HEAD~1"]);
    assert_eq!(before.code, 2);
    assert_eq!(before.stderr.trim().lines().count(), 1, "{}", before.stderr);
    assert!(before.stderr.contains("unknown revision `HEAD~1`"), "{}", before.stderr);

    // A corrupt object: the article whose blob it is gets a finding, the others are checked.
    let blob = repo.git(&["rev-parse", "HEAD:b.md"]).trim().to_string();
    let object = repo.path().join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    fs::set_permissions(&object, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    fs::write(&object, b"this is not a zlib stream").unwrap();
    // Results kept from the last run are trusted by blob id, so only a run without them reads
    // the damaged object again.
    let out = run(repo.path(), &["check", "--rev", "HEAD", "--format", "json", "--no-cache"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        finding_lines(&out),
        ["a.md:3 duplicate-heading", "b.md:1 unreadable-article", "lfs.md:1 unreadable-article"]
    );
    assert!(messages(&out, "b.md")[0].starts_with(&format!("le fichier n'a pas pu être lu : git object {blob}")));
    let unknown = run(repo.path(), &["check", "--rev", "nope"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stderr.trim().lines().count(), 1, "{}", unknown.stderr);
}

#[test]
fn a_repository_of_100000_files_none_of_them_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("many.git");
    let init = Command::new("git").args(["init", "--quiet", "--bare"]).arg(&bare).output().unwrap();
    assert!(init.status.success());
    let mut import =
        Command::new("git").args(["fast-import", "--quiet"]).current_dir(&bare).stdin(Stdio::piped()).spawn().unwrap();
    let mut stream = String::from("blob\nmark :1\ndata 5\nimage\n");
    stream.push_str("commit refs/heads/main\ncommitter T <t@example.org> 1600000000 +0000\ndata 5\nmany\n");
    for i in 0..100_000 {
        writeln!(stream, "M 100644 :1 images/{:03}/image-{i:06}.png", i % 500).unwrap();
    }
    import.stdin.take().unwrap().write_all(stream.as_bytes()).unwrap();
    assert!(import.wait().unwrap().success());
    let head = Command::new("git").args(["symbolic-ref", "HEAD", "refs/heads/main"]).current_dir(&bare).output();
    assert!(head.unwrap().status.success());
    // Nothing to check is said, with exit 2; with --allow-empty it is an empty report.
    let out = run(&bare, &["check", "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no article to check"), "{}", out.stderr);
    let out = run(&bare, &["check", "--format", "json", "--allow-empty"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    assert!(report.articles.is_empty() && report.findings.is_empty());
}
