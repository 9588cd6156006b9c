//! Translations tracked through git, end to end: repositories built commit by commit, checked
//! with the real binary. Commits carry fixed dates, so that their ids, and the reports, are the
//! same on every run.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use support::contract::{Finding, Report};
use support::{Repo, run_relecture};

/// A Hugo site whose pages are in one folder per language, English the default.
const HUGO_FOLDERS: &str = "defaultContentLanguage = \"en\"\n\n[languages.en]\ncontentDir = \"content/en\"\n\n[languages.fr]\ncontentDir = \"content/fr\"\n";

/// A Hugo site whose translations carry a suffix (`install.fr.md`), English the default.
const HUGO_SUFFIXES: &str =
    "defaultContentLanguage = \"en\"\n\n[languages.en]\nweight = 1\n\n[languages.fr]\nweight = 2\n";

const SOURCE: &str = "---\ntitle: Install\n---\n# Install\n\nDownload the archive from the releases page of the project.\n\nRun the installer as an administrator of the machine.\n";

const FRENCH: &str = "---\ntitle: Installer\n---\n# Installer\n\nTéléchargez l'archive depuis la page des versions du projet.\n\nLancez l'installateur en administrateur de la machine.\n";

/// Commits everything with a date `day` days after a fixed one, so that the id is the same on
/// every run; returns the id.
fn commit_on(repo: &Repo, day: u32, message: &str) -> String {
    let date = format!("2024-05-{day:02}T10:00:00+02:00");
    repo.git(&["add", "--all"]);
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(["commit", "--quiet", "-m", message])
        .current_dir(repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo.path())
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    repo.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn findings(repo: &Repo, args: &[&str]) -> Vec<Finding> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run_relecture(repo.path(), &all);
    let report: Report =
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stderr, out.stdout));
    report.findings.into_iter().filter(|f| f.family == "translations").collect()
}

/// Each finding as `path rule status: message`.
fn described(found: &[Finding]) -> Vec<String> {
    found
        .iter()
        .map(|f| format!("{} {} {}: {}", f.path, f.rule, f.status.as_deref().unwrap_or(""), f.message))
        .collect()
}

fn scrub(repo: &Repo, text: &str) -> String {
    text.replace(&repo.path().canonicalize().unwrap().display().to_string(), "[REPO]")
}

#[test]
fn a_source_edited_after_its_translation_makes_it_outdated_until_the_translation_follows() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_FOLDERS);
    repo.write("content/en/install.md", SOURCE);
    repo.write("content/fr/install.md", FRENCH);
    let first = commit_on(&repo, 1, "pages");
    assert!(findings(&repo, &[]).is_empty(), "a translation made with its source is up to date");

    repo.write("content/en/install.md", &SOURCE.replace("of the machine", "of this machine"));
    let second = commit_on(&repo, 2, "reword the source");
    let found = findings(&repo, &[]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let outdated = &found[0];
    assert_eq!((outdated.rule.as_str(), outdated.path.as_str()), ("translation-outdated", "content/fr/install.md"));
    assert_eq!(outdated.severity, "warning");
    assert_eq!(outdated.source_path.as_deref(), Some("content/en/install.md"));
    assert_eq!(outdated.source_commit_from.as_deref(), Some(first.as_str()));
    assert_eq!(outdated.source_commit_to.as_deref(), Some(second.as_str()));
    assert_eq!((outdated.behind_commits, outdated.changed_paragraphs), (Some(1), Some(1)));
    assert_eq!(
        outdated.message,
        "content/en/install.md changed in one commit since this translation was brought up to date (one paragraph changed, the first change on 2024-05-02)"
    );
    // The reworded paragraph of the source is the related place.
    assert_eq!(outdated.related.len(), 1);
    assert_eq!(
        (outdated.related[0].path.as_str(), outdated.related[0].range.start.line, outdated.related[0].message.as_str()),
        ("content/en/install.md", 8, "paragraph reworded")
    );
    let text = run_relecture(repo.path(), &["check"]);
    insta::assert_snapshot!("outdated_text", scrub(&repo, &text.stdout));

    // The translation being brought up to date in the working tree: no longer outdated there,
    // still at the last commit.
    repo.write("content/fr/install.md", &FRENCH.replace("de la machine", "de cette machine"));
    assert!(findings(&repo, &[]).is_empty());
    assert_eq!(findings(&repo, &["--rev", "HEAD"]).len(), 1);
    // Committed after its source: up to date.
    commit_on(&repo, 3, "follow the source");
    assert!(findings(&repo, &[]).is_empty());
    // `--blame` names the source commit that left it behind.
    let blamed = findings(&repo, &["--rev", "HEAD~1", "--blame"]);
    let introduced = blamed[0].introduced_by.clone().flatten().expect("a commit");
    assert_eq!(introduced.commit, second);
}

#[test]
fn the_commit_the_front_matter_names_decides_and_one_the_history_lacks_is_said() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_FOLDERS);
    repo.write("content/en/install.md", SOURCE);
    let first = commit_on(&repo, 1, "source");
    let added = format!("{SOURCE}\nA new paragraph about the options of the installer.\n");
    repo.write("content/en/install.md", &added);
    commit_on(&repo, 2, "add a paragraph");
    // Translated last, but from the first version of the source, as its front matter says.
    let french = FRENCH.replacen("---\n", &format!("---\ndefault_lang_commit: {}\n", &first[..10]), 1);
    repo.write("content/fr/install.md", &french);
    commit_on(&repo, 3, "translate");
    let found = findings(&repo, &[]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].source_commit_from.as_deref(), Some(first.as_str()));
    assert_eq!((found[0].behind_commits, found[0].changed_paragraphs), (Some(1), Some(1)));
    assert_eq!(found[0].related[0].message, "paragraph added");
    // The finding is on the key.
    assert_eq!((found[0].range.start.line, found[0].range.start.column), (2, 22));

    // A commit of another history: the translation's last commit stands for it, and it says so.
    repo.write("content/fr/install.md", &french.replace(&first[..10], "0123456789abcdef"));
    commit_on(&repo, 4, "a commit of another history");
    assert!(findings(&repo, &[]).is_empty());
    repo.write("content/en/install.md", &added.replace("options", "settings"));
    commit_on(&repo, 5, "edit");
    let found = findings(&repo, &[]);
    assert!(found[0].message.ends_with(
        "the commit 0123456789abcdef named in its front matter is not in this history, so its last commit stood for it"
    ), "{}", found[0].message);

    // A site that names its key otherwise.
    repo.write("relecture.toml", "[translations]\ncommit_key = \"translated_from\"\n");
    repo.write("content/fr/install.md", &french.replace("default_lang_commit", "translated_from"));
    repo.write("content/en/install.md", &added.replace("options", "settings"));
    let found = findings(&repo, &[]);
    assert_eq!(found[0].source_commit_from.as_deref(), Some(first.as_str()), "{found:#?}");
}

#[test]
fn a_source_moved_and_edited_keeps_its_translations() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_FOLDERS);
    repo.write("content/en/install.md", SOURCE);
    repo.write("content/fr/install.md", FRENCH);
    commit_on(&repo, 1, "pages");
    std::fs::remove_file(repo.path().join("content/en/install.md")).unwrap();
    repo.write("content/en/setup.md", &SOURCE.replace("of the machine", "of this machine"));
    let moved = commit_on(&repo, 2, "move the source, edited");
    let found = findings(&repo, &["--select", "translations"]);
    assert_eq!(found.len(), 1, "no orphan, no missing page: {found:#?}");
    assert_eq!(found[0].rule, "translation-outdated");
    assert_eq!(found[0].source_path.as_deref(), Some("content/en/setup.md"));
    assert_eq!(found[0].source_commit_to.as_deref(), Some(moved.as_str()));
    assert_eq!((found[0].behind_commits, found[0].changed_paragraphs), (Some(1), Some(1)));

    // The translation followed later, at its old place; then the source changed again. Linting
    // one page or the other gives the same pairing as linting the whole site.
    repo.write("content/fr/install.md", &FRENCH.replace("de la machine", "de cette machine"));
    commit_on(&repo, 3, "follow the source");
    repo.write(
        "content/en/setup.md",
        &SOURCE.replace("of the machine", "of this machine").replace("Download", "Fetch"),
    );
    commit_on(&repo, 4, "edit the source again");
    for narrowed in [&["content/fr/install.md"][..], &["content/en/setup.md"][..], &[][..]] {
        let mut args = vec!["--select", "translations"];
        args.extend_from_slice(narrowed);
        let lines: Vec<String> = findings(&repo, &args).iter().map(|f| format!("{} {}", f.path, f.rule)).collect();
        let expected: &[&str] =
            if narrowed == ["content/en/setup.md"] { &[] } else { &["content/fr/install.md translation-outdated"] };
        assert_eq!(lines, expected, "{narrowed:?}");
    }
    // Orphans alone, asked for: the moved source still pairs.
    assert!(findings(&repo, &["--select", "translation-orphan"]).is_empty());
}

#[test]
fn missing_and_orphaned_translations_are_reported_only_when_asked_for() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_SUFFIXES);
    repo.write("content/install.md", SOURCE);
    repo.write("content/install.fr.md", FRENCH);
    repo.write("content/usage.md", "# Usage\n\nStart it from the menu of the desktop, then open a file.\n");
    repo.write("content/old.fr.md", "# Ancien\n\nUne page dont la source a disparu depuis longtemps.\n");
    // A translation the lint cannot read (not UTF-8) is still one: its source misses nothing.
    repo.write("content/about.md", "# About\n\nWho writes these pages, and why they do.\n");
    repo.write_bytes("content/about.fr.md", b"# \xc0 propos\n");
    commit_on(&repo, 1, "pages");
    assert!(findings(&repo, &[]).is_empty(), "off by default");
    let found = findings(&repo, &["--select", "translations"]);
    let lines: Vec<String> = found.iter().map(|f| format!("{} {}: {}", f.path, f.rule, f.message)).collect();
    assert_eq!(
        lines,
        [
            "content/old.fr.md translation-orphan: this page in French has no source: no page of the source language is at its place, and none moved from it",
            "content/usage.md translation-missing: no translation of this page in fr, a language the site publishes",
        ]
    );
    assert!(found.iter().all(|f| f.severity == "info"));
    // Named in the configuration with a severity.
    repo.write("relecture.toml", "[severity]\ntranslation-missing = \"warning\"\n");
    let found = findings(&repo, &[]);
    assert_eq!(
        found.iter().map(|f| (f.rule.as_str(), f.severity.as_str())).collect::<Vec<_>>(),
        [("translation-missing", "warning")]
    );
    // A suppression comment in the page silences it, and is not reported unused.
    repo.write(
        "content/usage.md",
        "<!-- relecture-disable-file translation-missing -->\n# Usage\n\nStart it from the menu of the desktop, then open a file.\n",
    );
    let out = run_relecture(repo.path(), &["check", "--format", "json"]);
    let report: Report = serde_json::from_str(&out.stdout).unwrap();
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["unreadable-article"], "{:#?}", report.findings);
}

#[test]
fn the_translations_command_reports_per_language_and_per_page() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_FOLDERS);
    repo.write("content/en/install.md", SOURCE);
    repo.write("content/fr/install.md", FRENCH);
    repo.write("content/en/usage.md", "# Usage\n\nStart it from the menu of the desktop, then open a file.\n");
    repo.write("content/fr/old.md", "# Ancien\n\nUne page dont la source a disparu depuis longtemps.\n");
    commit_on(&repo, 1, "pages");
    repo.write(
        "content/en/install.md",
        &SOURCE
            .replace("of the machine", "of this machine")
            .replace("# Install\n", "# Install\n\nCheck that the machine has two gigabytes of free space first.\n"),
    );
    commit_on(&repo, 2, "edit the source");
    for (format, name) in [("text", "status_text"), ("json", "status_json"), ("markdown", "status_markdown")] {
        let out = run_relecture(repo.path(), &["translations", "--format", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        insta::assert_snapshot!(name, scrub(&repo, &out.stdout));
    }
    // The same at the first commit: everything up to date.
    let first = run_relecture(repo.path(), &["translations", "--rev", "HEAD~1", "--lang", "fr"]);
    assert!(first.stdout.contains("fr        1 (19 words)  0"), "{}", first.stdout);
    assert!(!first.stdout.contains("Outdated"), "{}", first.stdout);
    let bad = run_relecture(repo.path(), &["translations", "--lang", "klingon"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);

    // A bare clone reads HEAD.
    let bare = tempfile::tempdir().unwrap();
    let bare_path = bare.path().join("site.git");
    repo.git(&["clone", "--quiet", "--bare", ".", bare_path.to_str().unwrap()]);
    let out = run_relecture(repo.path(), &["translations", "--repo", bare_path.to_str().unwrap(), "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stderr));
    assert_eq!(status["languages"][0]["outdated"]["pages"], 1, "{}", out.stdout);
    // The translation brought up to date in the index: up to date with --staged, not in HEAD.
    repo.write("content/fr/install.md", &FRENCH.replace("de la machine", "de cette machine"));
    repo.git(&["add", "content/fr/install.md"]);
    let staged = run_relecture(repo.path(), &["translations", "--staged", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&staged.stdout).unwrap();
    assert_eq!(status["languages"][0]["up_to_date"]["pages"], 1, "{}", staged.stdout);
    let head = run_relecture(repo.path(), &["translations", "--rev", "HEAD", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&head.stdout).unwrap();
    assert_eq!(status["languages"][0]["outdated"]["pages"], 1, "{}", head.stdout);
}

#[test]
fn a_pull_request_says_which_translations_it_leaves_behind_and_which_it_brings_up_to_date() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_FOLDERS);
    repo.write("content/en/install.md", SOURCE);
    repo.write("content/fr/install.md", FRENCH);
    let first = commit_on(&repo, 1, "pages");
    repo.git(&["branch", "base"]);
    // The change rewords the source.
    repo.write("content/en/install.md", &SOURCE.replace("of the machine", "of this machine"));
    commit_on(&repo, 2, "reword the source");
    let found = findings(&repo, &["--diff", "base"]);
    assert_eq!(
        described(&found),
        [
            "content/en/install.md translation-to-update new: this change leaves one translation to update (with the paragraphs each is behind): content/fr/install.md (1)"
        ]
    );
    assert_eq!(found[0].severity, "info");
    assert_eq!(found[0].related[0].path, "content/fr/install.md");

    // The next change brings the translation up to date.
    repo.git(&["branch", "-f", "base"]);
    repo.write("content/fr/install.md", &FRENCH.replace("de la machine", "de cette machine"));
    commit_on(&repo, 3, "follow the source");
    let found = findings(&repo, &["--diff", "base"]);
    assert_eq!(
        described(&found),
        [
            "content/fr/install.md translation-updated new: this change brings this translation up to date with content/en/install.md, which it was one commit behind"
        ]
    );
    // The outdated translation counts as fixed.
    let out = run_relecture(repo.path(), &["check", "--format", "json", "--diff", "base"]);
    let report: Report = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report.summary.fixed, Some(1));

    // On a site that names the source commit, a change that only hides the finding with a
    // comment does not bring the translation up to date.
    repo.git(&["branch", "-f", "base", "HEAD~1"]);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let named = FRENCH.replacen("---\n", &format!("---\ndefault_lang_commit: {}\n", &first[..10]), 1);
    repo.write("content/fr/install.md", &named);
    commit_on(&repo, 4, "name the commit translated from");
    repo.git(&["branch", "-f", "base"]);
    repo.write("content/fr/install.md", &format!("{named}\n<!-- relecture-disable-file translation-outdated -->\n"));
    commit_on(&repo, 5, "hide the finding");
    let found = findings(&repo, &["--diff", "base"]);
    assert!(found.is_empty(), "{found:#?}");
    // A change that rewords the source again, the translation already behind: left to update,
    // since it falls further behind; a reflow of the same source is not.
    repo.git(&["branch", "-f", "base"]);
    repo.write(
        "content/en/install.md",
        &SOURCE.replace("of the machine", "of this machine").replace("Download", "Fetch"),
    );
    commit_on(&repo, 6, "reword again");
    let found = findings(&repo, &["--diff", "base"]);
    assert_eq!(found.iter().filter(|f| f.rule == "translation-to-update").count(), 1, "{found:#?}");
    repo.git(&["branch", "-f", "base"]);
    repo.write(
        "content/en/install.md",
        &SOURCE
            .replace("of the machine", "of this machine")
            .replace("Download", "Fetch")
            .replace(" from the", "\nfrom the"),
    );
    commit_on(&repo, 7, "reflow");
    let found = findings(&repo, &["--diff", "base"]);
    assert!(found.iter().all(|f| f.rule != "translation-to-update"), "{found:#?}");
}

/// Debian's Chromium, when it is installed.
fn chromium() -> Option<std::path::PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .map(std::path::PathBuf::from)
        .into_iter()
        .find(|path| path.exists())
}

/// Opens `page` in headless Chromium: the document as it stands after its scripts ran, and the
/// messages of its console.
fn open_in_chromium(browser: &std::path::Path, page: &std::path::Path) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--dump-dom"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8(out.stdout).unwrap(), console)
}

#[test]
fn the_html_reports_render_in_a_browser_without_error() {
    let repo = Repo::new();
    repo.write("hugo.toml", HUGO_FOLDERS);
    repo.write("content/en/install.md", SOURCE);
    repo.write("content/fr/install.md", FRENCH);
    commit_on(&repo, 1, "pages");
    repo.write("content/en/install.md", &SOURCE.replace("of the machine", "of <this> machine"));
    // A broken link the second commit introduces, for the history's chart.
    repo.write(
        "content/en/usage.md",
        "# Usage\n\nStart it from the menu, then open a file.\n\nSee [the guide](guide.md).\n",
    );
    commit_on(&repo, 2, "reword the source");
    let translations = run_relecture(repo.path(), &["translations", "--format", "html"]);
    let history = run_relecture(repo.path(), &["history", "--format", "html"]);
    for (out, what) in [(&translations, "translations"), (&history, "history")] {
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        let page = &out.stdout;
        // One file: nothing fetched, no script but its own.
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("default-src 'none'"), "{what}");
        assert!(!page.contains("src=") && !page.contains("<link"), "{what}: nothing loaded from elsewhere");
        assert!(page.contains("<svg"), "{what}: a chart");
    }
    // Text of the repository is escaped: the source's `<this>` is not markup.
    assert!(translations.stdout.contains("&lt;this&gt;"), "{}", translations.stdout);
    assert!(translations.stdout.contains("<title>fr: outdated 1</title>"), "the bar of French says it");
    assert!(history.stdout.contains(": 1 links introduced</title>"), "{}", history.stdout);

    let Some(browser) = chromium() else {
        eprintln!("skipped: Chromium is not installed (Debian package `chromium`)");
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    for (out, name) in [(&translations, "translations.html"), (&history, "history.html")] {
        let page = folder.path().join(name);
        std::fs::write(&page, &out.stdout).unwrap();
        let (dom, console) = open_in_chromium(&browser, &page);
        assert!(console.is_empty(), "{name}: the console says {console:#?}");
        // Its script ran: every table is sortable.
        let tables = out.stdout.matches("<table class=\"sortable\"").count();
        assert!(tables > 0);
        assert!(dom.contains(&format!("data-sortable-tables=\"{tables}\"")), "{name}: {dom}");
    }
}

#[test]
fn the_translations_report_speaks_the_language_of_a_french_site() {
    let repo = Repo::new();
    repo.write(
        "hugo.toml",
        "defaultContentLanguage = \"fr\"\n\n[languages.fr]\ncontentDir = \"content/fr\"\n\n[languages.en]\ncontentDir = \"content/en\"\n",
    );
    repo.write("content/fr/installer.md", FRENCH);
    repo.write("content/en/installer.md", SOURCE);
    repo.write(
        "content/fr/usage.md",
        "# Usage\n\nLancez-le depuis le menu du bureau, puis ouvrez un fichier de douze mille mots.\n",
    );
    commit_on(&repo, 1, "pages");
    repo.write("content/fr/installer.md", &FRENCH.replace("de la machine", "de cette machine"));
    commit_on(&repo, 2, "reformuler la source");
    let out = run_relecture(repo.path(), &["translations"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("status_text_fr", scrub(&repo, &out.stdout));
    // `lang` of the configuration says otherwise.
    repo.write("relecture.toml", "lang = \"en\"\n");
    let english = run_relecture(repo.path(), &["translations"]);
    assert!(english.stdout.starts_with("Translations from fr at the working tree"), "{}", english.stdout);
    let html = run_relecture(repo.path(), &["translations", "--format", "html"]);
    assert!(html.stdout.contains("<html lang=\"en\">"));
}
