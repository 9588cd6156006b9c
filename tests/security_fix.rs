//! Untrusted repositories, --fix: one at a time, only on what was linted, atomic, every line ending: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{Repo, run_relecture};

/// A pack whose fixes insert characters and change lengths, so that offsets from one text
/// applied to another garble it.
const PACK: &str = r#"[pack]
name = "typo"

[[rule]]
name = "avant-double-ponctuation"
kind = "substitution"
message = "une espace fine insécable précède « : », « ; », « ! » et « ? »"
swap = { '([\p{L}\p{N}]) ?([:;!?])(\s|$)' = "$1\u202F$2$3" }
examples.fail = ["Bonjour : voici"]
examples.pass = ["Bonjour\u202F: voici"]

[[rule]]
name = "points-de-suspension"
kind = "substitution"
message = "« ... » s’écrit « … »"
swap = { '\.\.\.' = "…" }
examples.fail = ["Et puis..."]
examples.pass = ["Et puis…"]
"#;

/// The rules whose fixes the tests apply.
const FIXED: &str = "typo,bare-url,repeated-word";

/// Every regular file under `dir`, as (relative path, bytes), sorted.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn repo_with_articles(count: usize) -> Repo {
    let repo = Repo::new();
    // Bare addresses stay text where the renderer is plain CommonMark: their fix is the one used here.
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    repo.write("lint-rules/typo.toml", PACK);
    for n in 0..count {
        repo.write(
            &format!("docs/a{n:03}.md"),
            &format!(
                "---\ntitle: Article {n}\n---\n\nBonjour : voici www.exemple.org/{n} et le le texte {n} !\nEt puis... la suite ; oui?\n\nFin... de l’article {n} : merci.\n"
            ),
        );
    }
    repo.commit("articles");
    repo
}

#[test]
fn two_fixes_at_once_on_many_articles_leave_every_file_as_one_fix_does() {
    let alone = repo_with_articles(400);
    let fixed = run_relecture(alone.path(), &["check", "--fix", "--select", FIXED, "--format", "json"]);
    assert!(fixed.stderr.contains("in 400 files"), "{}", fixed.stderr);
    let expected = files_under(&alone.path().join("docs"));

    let repo = repo_with_articles(400);
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let dir = repo.path().to_path_buf();
            std::thread::spawn(move || run_relecture(&dir, &["check", "--fix", "--select", FIXED, "--format", "json"]))
        })
        .collect();
    for run in runs {
        let out = run.join().unwrap();
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!out.stderr.contains("error"), "{}", out.stderr);
    }
    let after = files_under(&repo.path().join("docs"));
    assert_eq!(after.len(), expected.len());
    for (got, want) in after.iter().zip(&expected) {
        assert_eq!(got.0, want.0);
        assert_eq!(String::from_utf8_lossy(&got.1), String::from_utf8_lossy(&want.1), "{}", got.0);
    }
    assert!(String::from_utf8_lossy(&after[7].1).contains("Bonjour\u{202f}: voici <https://www.exemple.org/7> et le texte 7\u{202f}!\nEt puis… la suite\u{202f}; oui\u{202f}?\n"));
}

#[test]
fn a_second_fix_waits_for_the_first_and_writes_nothing_into_the_repository() {
    let repo = repo_with_articles(3);
    // Another run holds the lock of the working tree for a while.
    let mut holder = std::process::Command::new("flock")
        .arg(repo.path())
        .args(["sleep", "2"])
        .spawn()
        .expect("flock (util-linux) runs");
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let out = run_relecture(repo.path(), &["check", "--fix", "--select", FIXED]);
    assert!(started.elapsed() >= Duration::from_millis(1200), "{:?}", started.elapsed());
    holder.wait().unwrap();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(repo.read("docs/a001.md").contains("le texte 1\u{202f}!"));
    // The lock leaves nothing behind: only the fixed articles changed.
    assert_eq!(repo.git(&["status", "--porcelain", "--untracked-files=all"]).lines().count(), 3);
}

#[test]
fn a_file_with_cr_only_line_endings_is_fixed_where_the_findings_are() {
    let repo = Repo::new();
    // Bare addresses stay text where the renderer is plain CommonMark: their fix is the one used here.
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    repo.write("lint-rules/typo.toml", PACK);
    let lines = [
        "---",
        "title: Essai",
        "date: 2024-01-02",
        "---",
        "",
        "Bonjour : voici www.exemple.org et le le texte !",
        "",
        "```",
        "code : ici ; oui",
        "```",
        "",
        "    indenté : www.exemple.org",
        "",
        "Fin ; oui...",
        "",
    ];
    let fixed_lines = [
        "---",
        "title: Essai",
        "date: 2024-01-02",
        "---",
        "",
        "Bonjour\u{202f}: voici <https://www.exemple.org> et le texte\u{202f}!",
        "",
        "```",
        "code : ici ; oui",
        "```",
        "",
        "    indenté : www.exemple.org",
        "",
        "Fin\u{202f}; oui…",
        "",
    ];
    repo.write("cr.md", &lines.join("\r"));
    // Mixed endings: CR LF, CR alone and LF in one file.
    let mixed = |lines: &[&str]| -> String {
        lines.iter().enumerate().flat_map(|(i, l)| [*l, ["\r\n", "\r", "\n"][i % 3]]).collect()
    };
    repo.write("mixed.md", &mixed(&lines));
    repo.commit("articles");
    let out = run_relecture(repo.path(), &["check", "--fix", "--select", FIXED, "--format", "json"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(repo.read("cr.md"), fixed_lines.join("\r"));
    assert_eq!(repo.read("mixed.md"), mixed(&fixed_lines));
    // Lines are those an editor shows.
    let check = run_relecture(repo.path(), &["check", "--select", FIXED, "--format", "json"]);
    assert_eq!(support::finding_lines(&check), Vec::<String>::new());
    repo.write("cr.md", &lines.join("\r"));
    let check = run_relecture(repo.path(), &["check", "--select", "bare-url", "--format", "json"]);
    assert_eq!(support::finding_lines(&check), ["cr.md:6 bare-url"]);
    // The fix converges: a second one changes nothing.
    run_relecture(repo.path(), &["check", "--fix", "--select", FIXED]);
    let again = run_relecture(repo.path(), &["check", "--fix", "--select", FIXED]);
    assert!(!again.stderr.contains("applied"), "{}", again.stderr);
    assert_eq!(repo.read("cr.md"), fixed_lines.join("\r"));
}

/// Makes `path` a file the current user cannot write (read-only; immutable for the superuser);
/// `None` when that cannot be done here.
fn make_unwritable(path: &Path) -> Option<Unwritable> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let writable = || std::fs::OpenOptions::new().write(true).open(path).is_ok();
    if !writable() {
        return Some(Unwritable { path: path.to_path_buf(), immutable: false });
    }
    let status = std::process::Command::new("chattr").arg("+i").arg(path).status();
    (status.is_ok_and(|s| s.success()) && !writable()).then(|| Unwritable { path: path.to_path_buf(), immutable: true })
}

/// Gives the file back its write permission when the test ends, so that it can be removed.
struct Unwritable {
    path: std::path::PathBuf,
    immutable: bool,
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.immutable {
            let _ = std::process::Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o644));
    }
}

#[test]
fn a_read_only_file_is_named_and_every_other_file_is_still_fixed_and_reported() {
    let repo = repo_with_articles(3);
    let original = repo.read("docs/a001.md");
    let Some(_guard) = make_unwritable(&repo.path().join("docs/a001.md")) else {
        eprintln!("skipped: no way to make a file unwritable here");
        return;
    };
    let out = run_relecture(repo.path(), &["check", "--fix", "--select", FIXED, "--format", "json"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("relecture: error: cannot write the fixes of docs/a001.md: permission denied\n"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(&repo.path().display().to_string()), "{}", out.stderr);
    assert!(out.stderr.contains("in 2 files"), "{}", out.stderr);
    assert_eq!(repo.read("docs/a001.md"), original);
    assert!(repo.read("docs/a000.md").contains("le texte 0\u{202f}!"));
    assert!(repo.read("docs/a002.md").contains("le texte 2\u{202f}!"));
    // The report is printed: what remains is in the file that could not be written.
    let remaining = support::finding_lines(&out);
    assert!(!remaining.is_empty());
    assert!(remaining.iter().all(|f| f.starts_with("docs/a001.md:")), "{remaining:?}");
}

#[test]
fn a_tracked_folder_replaced_by_a_link_outside_is_not_rewritten() {
    let outside = tempfile::tempdir().unwrap();
    let text = "Bonjour : voici www.exemple.org et le le texte !\n";
    std::fs::write(outside.path().join("a.md"), text).unwrap();
    std::fs::write(outside.path().join("b.md"), text).unwrap();
    let repo = Repo::new();
    // Bare addresses stay text where the renderer is plain CommonMark: their fix is the one used here.
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    repo.write("lint-rules/typo.toml", PACK);
    repo.write("docs/a.md", "Rien.\n");
    repo.write("notes/b.md", "Rien.\n");
    repo.write("c.md", text);
    repo.commit("articles");
    std::fs::remove_dir_all(repo.path().join("docs")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("docs")).unwrap();
    std::fs::remove_file(repo.path().join("notes/b.md")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("b.md"), repo.path().join("notes/b.md")).unwrap();
    let out = run_relecture(repo.path(), &["check", "--fix", "--select", FIXED]);
    assert!(out.code == 0 || out.code == 2, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(std::fs::read_to_string(outside.path().join("a.md")).unwrap(), text);
    assert_eq!(std::fs::read_to_string(outside.path().join("b.md")).unwrap(), text);
    assert!(std::fs::symlink_metadata(repo.path().join("notes/b.md")).unwrap().file_type().is_symlink());
    // Files inside are still fixed.
    assert_eq!(repo.read("c.md"), "Bonjour\u{202f}: voici <https://www.exemple.org> et le texte\u{202f}!\n");
}
