//! End-to-end tests: the real `relecture` binary on temporary git repositories built by the test.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::fmt::Write as _;
use std::fs;
use std::time::Duration;

use support::{HOUSE_PACK, Repo, run_relecture};

/// The commits of `relecture history --format json` in `dir`.
fn history_commits(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let out = run_relecture(dir, &["history", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    json["commits"].as_array().unwrap().clone()
}

#[test]
fn sample_content_lists_findings_and_exits_1() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = run_relecture(&root, &["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("content/fr/interet-com-publique.md"), "{}", out.stdout);
    assert!(out.stdout.contains("repeated-sentence"));
    // The sample site is French: relecture speaks French to it, unless told otherwise.
    assert!(out.stdout.contains("cette phrase figure déjà à la ligne"), "{}", out.stdout);
    assert!(out.stdout.contains(" constats ("), "{}", out.stdout);
    let english = run_relecture(&root, &["check", "--lang", "en"]);
    assert!(english.stdout.contains("this sentence already appears on line"), "{}", english.stdout);
    assert!(english.stdout.contains("Found "), "{}", english.stdout);
}

#[test]
fn shipped_rule_packs_pass_their_own_examples() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = run_relecture(&root, &["rules", "test"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    for pack in ["fr-typographie", "langage-clair", "donnees-personnelles"] {
        assert!(out.stdout.contains(&format!("lint-rules/{pack}.toml ({pack})")), "{}", out.stdout);
    }
    assert!(out.stdout.contains(", 0 failed"));
    let explain = run_relecture(&root, &["rules", "explain", "fr-typographie/points-de-suspension"]);
    assert_eq!(explain.code, 0);
    assert!(
        explain.stdout.contains("Trois points") && explain.stdout.contains("Reported: `Et puis... plus rien.`"),
        "{}",
        explain.stdout
    );
    // On the sample, the typography pack reports the missing non-breaking spaces of the seed text.
    let check = run_relecture(&root, &["check", "--format", "json", "--select", "fr-typographie"]);
    let report: support::contract::Report = serde_json::from_str(&check.stdout).unwrap();
    let title = report
        .findings
        .iter()
        .find(|f| {
            f.path == "content/fr/interet-com-publique.md" && f.rule == "fr-typographie/espace-avant-ponctuation-double"
        })
        .expect("« Com Publique: Une » is reported");
    assert_eq!(title.fix.as_ref().unwrap().edits[0].replacement, "e\u{202f}: ");
}

#[test]
fn json_report_has_the_contract_shape() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = run_relecture(&root, &["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: support::contract::Report =
        serde_json::from_str(&out.stdout).expect("the report has the contract's shape");
    assert_eq!(report.schema_version, 1);
    assert_eq!(report.tool.name, "relecture");
    assert_eq!(report.summary.articles, 10);
    assert_eq!(report.summary.findings, report.findings.len());
    assert_eq!(report.summary.errors + report.summary.warnings + report.summary.infos, report.findings.len());
    assert!(
        report
            .articles
            .iter()
            .all(|a| a.path.starts_with("content/fr/") && a.language.declared.as_deref() == Some("fr"))
    );
    // Every sample article is detected as French, and none is reported as in another language.
    assert!(
        report
            .articles
            .iter()
            .all(|a| a.language.detected.as_deref() == Some("fr") && a.language.confidence.is_some_and(|c| c > 0.9))
    );
    assert!(!report.findings.iter().any(|f| f.family == "language"));
    let repeated =
        report.findings.iter().find(|f| f.rule == "repeated-sentence").expect("the repeated sentence is found");
    assert_eq!(repeated.path, "content/fr/interet-com-publique.md");
    assert_eq!(repeated.family, "duplicates");
    assert_eq!(repeated.related.len(), 1);
    assert!(repeated.related[0].range.start.offset < repeated.range.start.offset);
    assert_eq!(repeated.fingerprint.len(), 16);
    let mut sorted = report.findings.clone();
    sorted.sort_by(|a, b| (&a.path, a.range.start.offset, &a.rule).cmp(&(&b.path, b.range.start.offset, &b.rule)));
    assert_eq!(sorted, report.findings, "findings are sorted by path, offset, rule");
}

#[test]
fn sources_see_exactly_their_state() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[frontmatter]\nrequired = [\"title\"]\n");
    repo.write("content/a.md", "---\ntitle: A\n---\nUn texte.\n");
    repo.commit("first");
    repo.write("content/b.md", "---\ntitle: B\n---\nUn autre.\n");
    repo.commit("second");
    // Staged: b loses its title. Unstaged: a loses its title.
    repo.write("content/b.md", "---\nauthor: B\n---\nUn autre.\n");
    repo.git(&["add", "content/b.md"]);
    repo.write("content/a.md", "---\nauthor: A\n---\nUn texte.\n");

    let missing = |args: &[&str]| -> Vec<String> {
        let out = run_relecture(repo.path(), args);
        assert!(out.code <= 1, "{}", out.stderr);
        let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
        report.findings.iter().filter(|f| f.rule == "frontmatter-missing-field").map(|f| f.path.clone()).collect()
    };
    assert!(missing(&["check", "--rev", "HEAD", "--format", "json"]).is_empty());
    assert_eq!(missing(&["check", "--staged", "--format", "json"]), ["content/b.md"]);
    assert_eq!(missing(&["check", "--format", "json"]), ["content/a.md", "content/b.md"]);
    assert!(missing(&["check", "--rev", "HEAD~1", "--format", "json"]).is_empty());
    // Linting never touches the working tree or the index.
    assert_eq!(repo.read("content/a.md"), "---\nauthor: A\n---\nUn texte.\n");
    assert!(repo.git(&["status", "--porcelain"]).contains("M  content/b.md"));
}

#[test]
fn revision_in_a_bare_clone_and_its_own_configuration() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[frontmatter]\nrequired = [\"title\"]\n");
    repo.write("a.md", "Sans front matter.\n");
    repo.commit("with a required title");
    repo.write("relecture.toml", "[frontmatter]\nrequired = []\n");
    repo.commit("no required field");
    let bare = tempfile::tempdir().unwrap();
    let bare_path = bare.path().join("bare.git");
    repo.git(&["clone", "--quiet", "--bare", repo.path().to_str().unwrap(), bare_path.to_str().unwrap()]);

    let head = run_relecture(repo.path(), &["check", "--repo", bare_path.to_str().unwrap(), "--rev", "HEAD"]);
    assert_eq!(head.code, 0, "{}{}", head.stdout, head.stderr);
    let before = run_relecture(
        repo.path(),
        &["check", "--repo", bare_path.to_str().unwrap(), "--rev", "HEAD~1", "--format", "json"],
    );
    assert_eq!(before.code, 1, "{}", before.stderr);
    assert!(before.stdout.contains("frontmatter-missing-field"));
    assert!(before.stdout.contains("\"kind\": \"revision\""));
}

#[test]
fn runs_that_cannot_be_done_exit_2_with_one_sentence() {
    let repo = Repo::new();
    repo.write("a.md", "Texte.\n");
    repo.commit("one");
    let out = run_relecture(repo.path(), &["check", "--rev", "nonexistent"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown revision `nonexistent`"), "{}", out.stderr);
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);

    let out = run_relecture(repo.path(), &["check", "--config", "missing.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("missing.toml"), "{}", out.stderr);

    repo.write("relecture.toml", "[frontmatter]\nrequierd = [\"title\"]\n");
    let out = run_relecture(repo.path(), &["check"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("relecture.toml:2") && out.stderr.contains("requierd"), "{}", out.stderr);

    std::fs::remove_file(repo.path().join("relecture.toml")).unwrap();
    let out = run_relecture(repo.path(), &["check", "--select", "no-such-rule"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`no-such-rule`"), "{}", out.stderr);

    let out = run_relecture(repo.path(), &["check", "--bogus-flag"]);
    assert_eq!(out.code, 2);

    let plain = tempfile::tempdir().unwrap();
    let out = run_relecture(plain.path(), &["check", "--staged"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--staged needs a git repository"), "{}", out.stderr);
}

#[test]
fn paths_resolve_from_the_current_folder_and_a_path_or_run_that_checks_nothing_exits_2() {
    let repo = Repo::new();
    let out = run_relecture(repo.path(), &["check", "--rev", "HEAD"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("has no commits yet"), "{}", out.stderr);
    let out = run_relecture(repo.path(), &["check"]);
    assert_eq!(out.code, 2, "an empty repository checks nothing");
    assert!(out.stderr.contains("no article to check") && out.stderr.contains("--allow-empty"), "{}", out.stderr);
    assert_eq!(run_relecture(repo.path(), &["check", "--allow-empty"]).code, 0);

    repo.write("content/fr/x.md", "---\ntitle: Titre\n---\n\nUn texte sans défaut.\n");
    repo.write("notes.txt", "notes\n");
    repo.commit("one");
    // From a subfolder, a path is read from there, as every command line tool does.
    let folder = repo.path().join("content/fr");
    let out = run_relecture(&folder, &["check", "--format", "json", "x.md"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["articles"][0]["path"], "content/fr/x.md");
    let absolute = folder.join("x.md");
    assert_eq!(run_relecture(repo.path(), &["check", absolute.to_str().unwrap()]).code, 0);

    let refused = |dir: &std::path::Path, args: &[&str], expected: &str| {
        let out = run_relecture(dir, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    };
    refused(
        repo.path(),
        &["check", "content/fr/nope.md"],
        "content/fr/nope.md: no such file or folder in the working tree",
    );
    refused(&folder, &["check", "nope.md"], "content/fr/nope.md: no such file or folder");
    refused(repo.path(), &["check", "/"], "is outside the repository");
    refused(&folder, &["check", "../../.."], "is outside the repository");
    refused(repo.path(), &["check", "notes.txt"], "notes.txt is not an article to check: it matches no `include` glob");
    refused(repo.path(), &["check", "--rev", "HEAD", "content/fr/y.md"], "no such file or folder in revision");
    repo.write("relecture.toml", "exclude = [\"content/fr/*\"]\n");
    refused(repo.path(), &["check", "content/fr/x.md"], "`exclude` entry `content/fr/*` leaves it out");
    refused(repo.path(), &["check"], "no article to check");
    repo.write("relecture.toml", "include = [\"docs/**/*.md\"]\n");
    refused(repo.path(), &["check"], "`include` = `docs/**/*.md`");
}

#[test]
fn shipped_packs_are_enabled_by_name_and_a_pack_of_the_repository_replaces_one() {
    let repo = Repo::new();
    repo.write(
        "fr/rapport.md",
        "---\nlang: fr\n---\n\nPour lire le rapport annuel du service, [cliquez ici](rapport.md).\n",
    );
    repo.commit("one");
    let rules = |repo: &Repo| -> Vec<String> {
        let out = run_relecture(repo.path(), &["check", "--format", "json", "--select", "langage-clair"]);
        let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap_or_default();
        report["findings"].as_array().map_or_else(Vec::new, |f| f.iter().map(|f| f["rule"].to_string()).collect())
    };
    // Without `packs`, the shipped packs do not run (the selector names nothing).
    assert_eq!(run_relecture(repo.path(), &["check", "--select", "langage-clair"]).code, 2);
    repo.write("relecture.toml", "packs = [\"langage-clair\"]\n");
    assert_eq!(rules(&repo), ["\"langage-clair/cliquez-ici\""]);
    let origin = |repo: &Repo, rule: &str| -> String {
        let out = run_relecture(repo.path(), &["rules", "list", "--format", "json"]);
        let list: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let found = list.as_array().unwrap().iter().find(|r| r["name"] == rule).cloned().unwrap_or_default();
        found["origin"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(origin(&repo, "langage-clair/cliquez-ici"), "shipped pack");
    assert_eq!(origin(&repo, "bare-url"), "built-in");
    // A pack of the repository with the same name replaces the shipped one.
    repo.write(
        "lint-rules/clair.toml",
        "[pack]\nname = \"langage-clair\"\ndescription = \"Nos règles\"\n\n[[rule]]\nname = \"annuel\"\nkind = \"existence\"\n\
         description = \"Le mot annuel\"\npattern = 'annuel'\nmessage = \"évitez « annuel »\"\n\
         examples.fail = [\"Le rapport annuel.\"]\nexamples.pass = [\"Le rapport.\"]\n",
    );
    assert_eq!(rules(&repo), ["\"langage-clair/annuel\""]);
    assert_eq!(origin(&repo, "langage-clair/annuel"), "lint-rules/clair.toml");
    repo.write("relecture.toml", "packs = [\"langage-clairr\"]\n");
    let out = run_relecture(repo.path(), &["check"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.starts_with(
            "relecture: error: relecture.toml:1: unknown pack `langage-clairr` in `packs`; did you mean `langage-clair`?"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn messages_speak_the_sites_language_or_the_one_asked_for() {
    let repo = Repo::new();
    repo.write("hugo.toml", "defaultContentLanguage = \"fr\"\n");
    repo.write(
        "content/bilan.md",
        "---\ntitle: Bilan\ndate: 2024-02-30\n---\n\n# Bilan\n\nLe le bilan de l'année est publié. Voir [la suite](suite.md).\n",
    );
    repo.commit("bilan");
    let french = run_relecture(repo.path(), &["check", "--rev", "HEAD"]);
    assert_eq!(french.code, 1, "{}", french.stderr);
    insta::assert_snapshot!("text_report_in_french", french.stdout);
    let markdown = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--format", "markdown"]);
    assert!(
        markdown.stdout.contains("3 constats dans 1 article : 2 erreurs, 1 avertissement, 0 info."),
        "{}",
        markdown.stdout
    );
    assert!(markdown.stdout.contains("| famille | erreurs | avertissements | infos |"), "{}", markdown.stdout);
    assert!(markdown.stdout.contains("[ligne 3](content/bilan.md#L3)"), "{}", markdown.stdout);
    // Asked for on the command line, or in the configuration.
    let english = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--lang", "en", "--format", "json"]);
    let report: support::contract::Report = serde_json::from_str(&english.stdout).unwrap();
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert!(messages.contains(&"« le » is repeated"), "{messages:?}");
    repo.write("relecture.toml", "lang = \"en\"\n");
    let configured = run_relecture(repo.path(), &["check"]);
    assert!(
        configured.stdout.contains("Found 3 findings (2 errors, 1 warning, 0 infos) in 1 article."),
        "{}",
        configured.stdout
    );
    // The command line wins over the configuration.
    let asked = run_relecture(repo.path(), &["check", "--lang", "fr"]);
    assert!(asked.stdout.contains("« le » est répété"), "{}", asked.stdout);
    // A language relecture does not speak is refused, at its line.
    repo.write("relecture.toml", "title = \"x\"\nlang = \"de\"\n");
    let refused = run_relecture(repo.path(), &["check"]);
    assert_eq!(refused.code, 2);
    assert_eq!(
        refused.stderr.trim(),
        "relecture: error: relecture.toml:1: unknown field `title`, expected one of `include`, `exclude`, `rules`, `packs`, `select`, `ignore`, `fail_on`, `severity`, `max_file_size`, `lang`, `frontmatter`, `language`, `duplicates`, `links`, `site`, `translations`"
    );
    repo.write("relecture.toml", "lang = \"de\"\n");
    let refused = run_relecture(repo.path(), &["check"]);
    assert_eq!(
        refused.stderr.trim(),
        "relecture: error: relecture.toml:1: unknown variant `de`, expected `en` or `fr`"
    );
    // A mistyped key is named with the key it most likely is.
    repo.write("relecture.toml", "lnag = \"fr\"\n");
    let typo = run_relecture(repo.path(), &["check"]);
    assert_eq!(typo.stderr.trim(), "relecture: error: relecture.toml:1: unknown field `lnag`; did you mean `lang`?");
}

#[test]
fn broken_front_matter_is_reported_on_its_line_and_the_body_still_checked() {
    let repo = Repo::new();
    repo.write("yaml.md", "---\ntitle: ok\ntags: [a, b\n---\n# Titre\n\n# Titre\n");
    repo.write("toml.md", "+++\ntitle = \"ok\"\ndate = 2023-02-30\n+++\n# Titre\n");
    repo.write("date.md", "---\ntitle: ok\ndate: 2023-02-30\n---\n# Titre\n\n# Titre\n");
    repo.write("unclosed.md", "---\ntitle: ok\n\n# Titre\n\n# Titre\n");
    let out = run_relecture(repo.path(), &["check", "--format", "json", "--ignore", "language"]);
    let lines = support::finding_lines(&out);
    assert_eq!(
        lines,
        [
            "date.md:3 frontmatter-invalid-value",
            "date.md:7 duplicate-heading",
            "toml.md:3 frontmatter-syntax",
            "unclosed.md:1 frontmatter-syntax",
            "unclosed.md:6 duplicate-heading",
            "yaml.md:4 frontmatter-syntax",
            "yaml.md:7 duplicate-heading",
        ]
    );
}

#[test]
fn bad_input_gives_findings_or_reasons_and_never_hangs() {
    let repo = Repo::new();
    repo.write_bytes("binary.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    repo.write_bytes("latin1.md", b"---\ntitle: ok\n---\nL'\xe9t\xe9 est chaud.\n");
    repo.write_bytes("huge.md", &vec![b'a'; 10 * 1024 * 1024]);
    repo.write("lfs.md", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
    let mut bomb =
        String::from("---\na: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (name, previous) in
        [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e"), ("g", "f"), ("h", "g"), ("i", "h")]
    {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        writeln!(bomb, "{name}: &{name} [{aliases}]").unwrap();
    }
    bomb.push_str("title: bombe\n---\n# Titre\n\n# Titre\n");
    repo.write("bomb.md", &bomb);
    repo.write("deep.md", &format!("---\nkey: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000)));
    std::os::unix::fs::symlink("/etc/passwd", repo.path().join("passwd.md")).unwrap();
    repo.write("fine.md", "# Titre\n\n# Titre\n");

    let out = support::run_relecture_timeout(
        repo.path(),
        &["check", "--format", "json", "--ignore", "language"],
        Duration::from_secs(60),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    let lines = support::finding_lines(&out);
    assert_eq!(
        lines,
        [
            "binary.md:1 unreadable-article",
            "bomb.md:15 duplicate-heading",
            "deep.md:2 frontmatter-syntax",
            "fine.md:3 duplicate-heading",
            "huge.md:1 unreadable-article",
            "latin1.md:4 unreadable-article",
            "lfs.md:1 unreadable-article",
        ]
    );
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].path, "passwd.md");
    assert!(report.skipped[0].reason.contains("symbolic link"));
    assert!(!out.stdout.contains("root:"), "the symlink target was read");
}

#[test]
fn json_is_byte_identical_whatever_the_thread_count() {
    let repo = Repo::new();
    for i in 0..60 {
        repo.write(
            &format!("content/article-{i:02}.md"),
            &format!("---\ntitle: Article {i}\ndate: 2023-02-{:02}\n---\n# Titre\n\n# Titre\n\nVoir www.exemple-{i}.fr et www.autre.fr.\n", i % 31 + 1),
        );
    }
    let normalize =
        |s: String| regex::Regex::new(r#""elapsed_ms": \d+"#).unwrap().replace(&s, "\"elapsed_ms\": 0").into_owned();
    let one = normalize(run_relecture(repo.path(), &["check", "--format", "json", "--jobs", "1"]).stdout);
    let eight = normalize(run_relecture(repo.path(), &["check", "--format", "json", "--jobs", "8"]).stdout);
    assert!(one.contains("frontmatter-invalid-value"));
    assert_eq!(one, eight);
}

#[test]
fn suppression_comments_silence_what_they_name_and_unused_ones_are_reported() {
    let repo = Repo::new();
    // Bare addresses stay text where the renderer is plain CommonMark.
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    repo.write(
        "a.md",
        "# Titre\n\n<!-- relecture-disable-next-line duplicate-heading -->\n# Titre\n\nVoir www.un.fr.\n\n<!-- relecture-disable bare-url -->\n\nVoir www.deux.fr.\n\n<!-- relecture-enable -->\n\nVoir www.trois.fr.\n\n<!-- relecture-disable-next-line duplicate-heading -->\nRien ici.\n",
    );
    let out = run_relecture(repo.path(), &["check", "--format", "json", "--ignore", "language"]);
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    let lines: Vec<String> = report.findings.iter().map(|f| format!("{} {}", f.range.start.line, f.rule)).collect();
    assert_eq!(lines, ["6 bare-url", "14 bare-url", "16 unused-suppression"]);
}

#[test]
fn select_ignore_severity_and_fail_on_change_the_exit_code() {
    let repo = Repo::new();
    repo.write("a.md", "# Titre\n\n# Titre\n");
    assert_eq!(run_relecture(repo.path(), &["check"]).code, 1);
    assert_eq!(run_relecture(repo.path(), &["check", "--ignore", "duplicates"]).code, 0);
    assert_eq!(run_relecture(repo.path(), &["check", "--select", "frontmatter,links"]).code, 0);
    assert_eq!(run_relecture(repo.path(), &["check", "--fail-on", "error"]).code, 0);
    assert_eq!(run_relecture(repo.path(), &["check", "--exit-zero"]).code, 0);
    repo.write("relecture.toml", "[severity]\nduplicate-heading = \"error\"\n");
    assert_eq!(run_relecture(repo.path(), &["check", "--fail-on", "error"]).code, 1);
    repo.write("relecture.toml", "fail_on = \"error\"\n");
    assert_eq!(run_relecture(repo.path(), &["check"]).code, 0);
    repo.write("relecture.toml", "[severity]\nduplicate-heading = \"off\"\n");
    assert_eq!(run_relecture(repo.path(), &["check"]).code, 0);
}

#[test]
fn output_file_and_path_arguments() {
    let repo = Repo::new();
    repo.write("content/a.md", "# Titre\n\n# Titre\n");
    repo.write("other/b.md", "# Titre\n\n# Titre\n");
    let report_path = repo.path().join("report.json");
    let out = run_relecture(
        repo.path(),
        &["check", "content", "--format", "json", "--output", report_path.to_str().unwrap()],
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    let report: support::contract::Report = serde_json::from_str(&fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(report.articles.iter().map(|a| a.path.as_str()).collect::<Vec<_>>(), ["content/a.md"]);
}

#[test]
fn text_and_json_reports_snapshot() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[frontmatter]\nrequired = [\"title\", \"date\"]\n\n[site]\nlinkify = false\n");
    repo.write(
        "content/fr/com.md",
        "---\ntitle: \"L’intérêt de la Com Publique\"\ndate: 2020-02-30\n---\n# L’intérêt\n\nLa communication publique s’adapte désormais à tout type de format pour toucher le plus grand nombre. Elle explique. La communication publique s’adapte désormais à tout type de format pour toucher le plus grand nombre.\n\nSite web : www.filor-avocats.com\n",
    );
    repo.write("content/fr/vide.md", "Sans front matter.\n");
    repo.commit("articles");
    let text = run_relecture(repo.path(), &["check", "--rev", "HEAD"]);
    let json = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--format", "json"]);
    let commit = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    let scrub = |s: &str| {
        let s = s
            .replace(&repo.path().canonicalize().unwrap().display().to_string(), "[REPO]")
            .replace(&commit, "[COMMIT]");
        regex::Regex::new(r#""elapsed_ms": \d+"#).unwrap().replace(&s, "\"elapsed_ms\": [MS]").into_owned()
    };
    insta::assert_snapshot!("text_report", scrub(&text.stdout));
    insta::assert_snapshot!("json_report", scrub(&json.stdout));
}

#[test]
fn rules_list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let list = run_relecture(dir.path(), &["rules", "list"]);
    assert_eq!(list.code, 0);
    for rule in [
        "frontmatter-syntax",
        "frontmatter-missing-field",
        "frontmatter-invalid-value",
        "unreadable-article",
        "repeated-sentence",
        "bare-url",
    ] {
        assert!(list.stdout.contains(rule), "{rule} missing from {}", list.stdout);
    }
    let json = run_relecture(dir.path(), &["rules", "list", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    assert!(rules.iter().any(|r| r["name"] == "bare-url" && r["family"] == "links" && r["severity"] == "warning"));
    let explain = run_relecture(dir.path(), &["rules", "explain", "frontmatter-invalid-value"]);
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.contains("## How to fix") && explain.stdout.contains("2023-02-30"));
    assert_eq!(run_relecture(dir.path(), &["rules", "explain", "nope"]).code, 2);
}

#[test]
fn rule_packs_load_from_the_linted_source_and_run_like_built_in_rules() {
    let repo = Repo::new();
    repo.write("lint-rules/house.toml", HOUSE_PACK);
    repo.write("a.md", "Pour lire le rapport, [cliquez ici](rapport.md).\n");
    repo.commit("pack");
    let out = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--format", "json", "--ignore", "language,links"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report.findings.len(), 1);
    assert_eq!((report.findings[0].rule.as_str(), report.findings[0].family.as_str()), ("house/cliquez-ici", "house"));
    assert_eq!(report.findings[0].range.start.column, 24);
    assert_eq!(run_relecture(repo.path(), &["check", "--ignore", "house,links"]).code, 0);
    let list = run_relecture(repo.path(), &["rules", "list"]);
    assert!(list.stdout.contains("house/cliquez-ici"), "{}", list.stdout);

    // A failing example refuses the file, naming it and the rule's line; the other rules run and
    // are reported, then the run exits 2 (a configuration error); the committed revision still
    // has the pack.
    repo.write("lint-rules/house.toml", &HOUSE_PACK.replace("[Cliquez ici](a.md).", "[Ici](a.md)."));
    repo.write("lint-rules/other.toml", &HOUSE_PACK.replace("name = \"house\"", "name = \"other\""));
    let out = run_relecture(repo.path(), &["check", "--format", "json", "--ignore", "language,links"]);
    assert!(out.stderr.contains("lint-rules/house.toml:5: rule `cliquez-ici`: the example"), "{}", out.stderr);
    assert!(out.stdout.contains("other/cliquez-ici") && !out.stdout.contains("house/cliquez-ici"), "{}", out.stdout);
    assert_eq!(out.code, 2);
    let head =
        run_relecture(repo.path(), &["check", "--rev", "HEAD", "--format", "json", "--ignore", "language,links"]);
    assert!(head.stdout.contains("house/cliquez-ici"));

    // `rules test` runs every example of every file and names the failing rule.
    let tested = run_relecture(repo.path(), &["rules", "test"]);
    assert_eq!(tested.code, 1);
    assert!(tested.stdout.contains("FAIL  house/cliquez-ici (line 5)"), "{}", tested.stdout);
    assert!(tested.stdout.contains("ok    other/cliquez-ici (1 fail, 1 pass examples)"), "{}", tested.stdout);
    let one = run_relecture(repo.path(), &["rules", "test", "lint-rules/other.toml"]);
    assert_eq!(one.code, 0, "{}", one.stdout);
}

#[test]
fn links_are_resolved_at_the_linted_revision() {
    let repo = Repo::new();
    repo.write("content/fr/charte.md", "# Charte\n\n## Logo\n");
    repo.write("content/fr/a.md", "Voir la [charte](charte.md#logo) et [son logo](charte.md#logotype).\n");
    repo.commit("charte");
    repo.git(&["rm", "--quiet", "content/fr/charte.md"]);
    repo.commit("suppression de la charte");
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json", "--select", "links"];
        all.extend_from_slice(args);
        let out = run_relecture(repo.path(), &all);
        let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
        report.findings.iter().map(|f| format!("{}:{}", f.rule, f.range.start.column)).collect()
    };
    assert_eq!(rules(&["--rev", "HEAD~1"]), ["missing-anchor:37"]);
    assert_eq!(rules(&["--rev", "HEAD"]), ["broken-link:9", "broken-link:37"]);
    assert_eq!(rules(&[]), ["broken-link:9", "broken-link:37"]);
    // Restored in the index only: the staged state has it, the revision does not.
    repo.git(&["checkout", "HEAD~1", "--", "content/fr/charte.md"]);
    assert_eq!(rules(&["--staged"]), ["missing-anchor:37"]);
    assert_eq!(rules(&["--rev", "HEAD"]), ["broken-link:9", "broken-link:37"]);
}

#[test]
fn online_checks_external_links_only_when_asked() {
    let server = support::http::Server::not_found();
    let repo = Repo::new();
    repo.write("a.md", &format!("Voir [le rapport]({}).\n", server.url("/rapport")));
    let offline = run_relecture(repo.path(), &["check", "--select", "dead-link", "--format", "json"]);
    assert_eq!(offline.code, 0, "{}", offline.stdout);
    assert_eq!(server.requests().len(), 0);
    let online = run_relecture(
        repo.path(),
        &["check", "--online", "--allow-private", "--select", "dead-link", "--format", "json"],
    );
    assert_eq!(online.code, 1, "{}", online.stderr);
    assert!(online.stdout.contains("is dead: 404 Not Found"), "{}", online.stdout);
    assert!(!server.requests().is_empty());
    // The links cache is kept in relecture's cache folder, never in the repository.
    assert!(!repo.path().join(".relecture").exists());
}

#[test]
fn fix_applies_safe_fixes_to_the_working_tree_until_nothing_changes() {
    let repo = Repo::new();
    // Bare addresses stay text where the renderer is plain CommonMark.
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    repo.write(
        "lint-rules/typo.toml",
        r#"[pack]
name = "typo"

[[rule]]
name = "points-de-suspension"
kind = "substitution"
message = "« {match} » s’écrit « {replacement} »"
swap = { '\.\.\.' = "…" }
examples.fail = ["Et puis..."]
examples.pass = ["Et puis…"]

[[rule]]
name = "jargon"
kind = "substitution"
message = "« {match} » : préférez « {replacement} »"
fix = "unsafe"
swap = { "impacter" = "toucher" }
examples.fail = ["Cela va impacter le service."]
examples.pass = ["Cela va toucher le service."]
"#,
    );
    let original = "Et puis... le le texte va impacter. Voir https://exemple.org/page et www.exemple.org.\n\n```\nle le code... reste\n```\n";
    repo.write("a.md", original);
    repo.commit("article");
    let refused = run_relecture(repo.path(), &["check", "--fix", "--rev", "HEAD"]);
    assert_eq!(refused.code, 2);
    let out = run_relecture(repo.path(), &["check", "--fix", "--ignore", "language"]);
    assert!(out.stderr.contains("applied 4 fixes in 1 file"), "{}", out.stderr);
    assert_eq!(
        repo.read("a.md"),
        "Et puis… le texte va impacter. Voir <https://exemple.org/page> et <https://www.exemple.org>.\n\n```\nle le code... reste\n```\n"
    );
    // The unsafe fix (a change of wording) waits for --unsafe-fixes; the run reports what remains.
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("impacter"));
    let unsafe_run = run_relecture(repo.path(), &["check", "--fix", "--unsafe-fixes", "--ignore", "language"]);
    assert_eq!(unsafe_run.code, 0, "{}{}", unsafe_run.stdout, unsafe_run.stderr);
    assert!(repo.read("a.md").contains("le texte va toucher."));
    // The commit is untouched: only working-tree files change.
    assert_eq!(repo.git(&["show", "HEAD:a.md"]), original);
}

#[test]
fn fix_corrects_the_sample_typography_and_nothing_else() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let repo = Repo::new();
    for folder in ["content/fr", "lint-rules"] {
        for entry in fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            repo.write(
                &format!("{folder}/{}", path.file_name().unwrap().to_str().unwrap()),
                &fs::read_to_string(&path).unwrap(),
            );
        }
    }
    repo.write("relecture.toml", &fs::read_to_string(root.join("relecture.toml")).unwrap());
    repo.commit("copy of the sample");
    let out = run_relecture(repo.path(), &["check", "--fix", "--select", "fr-typographie"]);
    assert!(out.stderr.contains("applied"), "{}", out.stderr);
    // The fixed articles differ from the originals only by spaces and ellipses.
    let squeeze =
        |text: &str| -> String { text.replace("...", "…").chars().filter(|c| !c.is_whitespace()).collect() };
    for entry in fs::read_dir(repo.path().join("content/fr")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let original = fs::read_to_string(root.join("content/fr").join(&name)).unwrap();
        assert_eq!(squeeze(&fs::read_to_string(&path).unwrap()), squeeze(&original), "{name}");
    }
    // What remains after fixing: nothing that has a safe fix.
    let after = run_relecture(repo.path(), &["check", "--select", "fr-typographie", "--format", "json"]);
    let report: support::contract::Report = serde_json::from_str(&after.stdout).unwrap();
    assert!(report.findings.iter().all(|f| f.fix.is_none()), "{:#?}", report.findings);
    let diff = repo.git(&["diff", "--word-diff=porcelain", "-U0", "--", "content"]);
    let changes: Vec<String> = diff
        .lines()
        .filter(|l| (l.starts_with('-') || l.starts_with('+')) && !l.starts_with("---") && !l.starts_with("+++"))
        .map(|l| l.replace('\u{202f}', "⍽").replace('\u{a0}', "⎵"))
        .collect();
    insta::assert_snapshot!("fix_sample_typography_diff", changes.join("\n"));
}

/// Rules whose fixes overlap each other and those of the built-in checks.
const OVERLAPPING_PACK: &str = r#"[pack]
name = "overlap"

[[rule]]
name = "trois-points"
kind = "substitution"
message = "« {match} » s’écrit « {replacement} »"
swap = { '\.\.\.' = "…" }
examples.fail = ["Et puis..."]
examples.pass = ["Et puis…"]

[[rule]]
name = "quatre-points"
kind = "substitution"
message = "« {match} » : un point de trop"
swap = { '\.\.\.\.' = "..." }
examples.fail = ["Et puis...."]
examples.pass = ["Et puis."]

[[rule]]
name = "le-le"
kind = "substitution"
message = "« {match} » : un mot de trop"
fix = "unsafe"
swap = { "le le" = "le" }
examples.fail = ["Voir le le texte."]
examples.pass = ["Voir le texte."]
"#;

/// The files of `dir` under `repo` with their bytes.
fn snapshot_files(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn fixing_again_changes_nothing_on_the_fixtures_of_every_rule_with_a_fix() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let repo = Repo::new();
    // Bare addresses stay text where the renderer is plain CommonMark.
    repo.write("relecture.toml", "[site]\nlinkify = false\n");
    for (from, to) in [
        ("crates/relecture_checks/tests/fixtures", "fixtures"),
        ("content/fr", "content/fr"),
        ("lint-rules", "lint-rules"),
    ] {
        for entry in fs::read_dir(root.join(from)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap();
            repo.write_bytes(&format!("{to}/{name}"), &fs::read(&path).unwrap());
        }
    }
    repo.write("lint-rules/overlap.toml", OVERLAPPING_PACK);
    // A generated article where fixes overlap: runs of points, repeated words, bare addresses.
    let pieces = ["le le", "le le le", "...", "....", ".....", "www.exemple.org", "https://exemple.org/p", "Texte"];
    let mut generated = String::from("---\ntitle: G\nlang: fr\n---\n\n");
    for (i, first) in pieces.iter().enumerate() {
        for (j, second) in pieces.iter().enumerate() {
            let third = pieces[(i * 3 + j * 5) % pieces.len()];
            writeln!(generated, "Un {first} {second}{third} puis {third} {first} fin.\n").unwrap();
        }
    }
    repo.write("content/fr/genere.md", &generated);
    repo.commit("fixtures");
    let args = ["check", "--format", "json", "--fail-on", "error"];
    let before = run_relecture(repo.path(), &args);
    let report: support::contract::Report = serde_json::from_str(&before.stdout).unwrap();
    let with_fix: std::collections::BTreeSet<&str> =
        report.findings.iter().filter(|f| f.fix.is_some()).map(|f| f.rule.as_str()).collect();
    for rule in ["bare-url", "repeated-word", "overlap/trois-points", "overlap/quatre-points", "overlap/le-le"] {
        assert!(with_fix.contains(rule), "{rule} offers no fix: {with_fix:?}");
    }
    assert!(with_fix.iter().any(|rule| rule.starts_with("fr-typographie/")), "{with_fix:?}");

    let fixing = ["check", "--fix", "--unsafe-fixes", "--format", "json", "--fail-on", "error"];
    let first = run_relecture(repo.path(), &fixing);
    assert_ne!(first.code, 2, "{}", first.stderr);
    assert!(first.stderr.contains("applied"), "{}", first.stderr);
    let fixed = snapshot_files(repo.path());
    assert_ne!(repo.git(&["status", "--porcelain"]), "");
    let report: support::contract::Report = serde_json::from_str(&first.stdout).unwrap();
    let left: Vec<_> = report.findings.iter().filter(|f| f.fix.is_some()).collect();
    assert!(left.is_empty(), "fixable findings left after --fix: {left:#?}");

    // A second --fix finds nothing to fix and changes nothing.
    let second = run_relecture(repo.path(), &fixing);
    assert_ne!(second.code, 2, "{}", second.stderr);
    assert!(!second.stderr.contains("applied"), "{}", second.stderr);
    assert_eq!(snapshot_files(repo.path()), fixed);
    assert_eq!(second.stdout.replace(char::is_numeric, ""), first.stdout.replace(char::is_numeric, ""));
}

#[test]
fn every_format_is_available_from_the_command_line() {
    let repo = Repo::new();
    repo.write("a.md", "---\nlang: fr\n---\n# Titre\n\n# Titre\n");
    for (format, expected) in [
        ("sarif", "\"version\": \"2.1.0\""),
        ("github", "::warning file=a.md,line=6,col=1"),
        ("junit", "<testcase classname=\"relecture\" name=\"a.md\">"),
        ("markdown", "## relecture"),
    ] {
        let out = run_relecture(repo.path(), &["check", "--format", format]);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert!(out.stdout.contains(expected), "{format}: {}", out.stdout);
    }
}

#[test]
fn hook_install_writes_a_staged_pre_commit_hook_and_respects_foreign_ones() {
    let repo = Repo::new();
    let out = run_relecture(repo.path(), &["hook", "install"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let hook = repo.path().join(".git/hooks/pre-commit");
    let text = fs::read_to_string(&hook).unwrap();
    assert!(text.contains("relecture check --staged"));
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&fs::metadata(&hook).unwrap().permissions()) & 0o111, 0o111);
    // Installing again replaces our own hook; a foreign one needs --force.
    assert_eq!(run_relecture(repo.path(), &["hook", "install"]).code, 0);
    fs::write(&hook, "#!/bin/sh\nmake lint\n").unwrap();
    let refused = run_relecture(repo.path(), &["hook", "install"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\nmake lint\n");
    assert_eq!(run_relecture(repo.path(), &["hook", "install", "--force"]).code, 0);

    // The hook blocks a commit whose staged article has a finding, and only the staged one counts.
    let binary_dir = std::path::Path::new(env!("CARGO_BIN_EXE_relecture")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", binary_dir.display(), std::env::var("PATH").unwrap_or_default());
    repo.write("a.md", "---\nlang: fr\n---\n# Titre\n\n# Titre\n");
    repo.git(&["add", "a.md"]);
    let blocked = std::process::Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x"])
        .current_dir(repo.path())
        .env("PATH", &path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!blocked.status.success(), "the hook let a finding through");
    repo.write("a.md", "---\nlang: fr\n---\n# Titre\n");
    repo.git(&["add", "a.md"]);
    let passed = std::process::Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x"])
        .current_dir(repo.path())
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(passed.status.success(), "{}", String::from_utf8_lossy(&passed.stdout));
}

#[test]
fn diff_reports_changed_articles_with_new_and_existing_statuses() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n\n[site]\nlinkify = false\n");
    repo.write("a.md", "# Titre\n\n# Titre\n\nUn texte.\n");
    repo.write("b.md", "# Autre\n\n# Autre\n");
    repo.write("c.md", "# Renommé\n\n# Renommé\n");
    repo.write("cible.md", "# Cible\n");
    repo.commit("base");
    repo.write(
        "a.md",
        "# Titre\n\n# Titre\n\nUn texte avec www.exemple.fr et un [lien](cible.md) et un [autre](absent.md).\n",
    );
    repo.git(&["mv", "c.md", "d.md"]);
    repo.write("b2.md", "Voir www.nouveau.fr.\n");
    repo.commit("change");
    let out = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--diff", "HEAD~1", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let findings: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!("{} {} {}", f["path"].as_str().unwrap(), f["rule"].as_str().unwrap(), f["status"].as_str().unwrap())
        })
        .collect();
    // b.md did not change and d.md is c.md renamed: neither is reported; the link into the
    // unchanged cible.md resolves against the whole tree.
    assert_eq!(
        findings,
        ["a.md duplicate-heading existing", "a.md bare-url new", "a.md broken-link new", "b2.md bare-url new",]
    );
    assert_eq!(json["summary"]["new"], 3);
    assert_eq!(json["summary"]["existing"], 1);
    assert_eq!(json["source"]["base"], "HEAD~1");
    // --new-only: existing findings alone do not fail the run.
    repo.write("a.md", "# Titre\n\n# Titre\n\nUn texte modifié.\n");
    std::fs::remove_file(repo.path().join("b2.md")).unwrap();
    assert_eq!(run_relecture(repo.path(), &["check", "--diff", "HEAD~1"]).code, 1);
    assert_eq!(run_relecture(repo.path(), &["check", "--diff", "HEAD~1", "--new-only"]).code, 0);
    let text = run_relecture(repo.path(), &["check", "--diff", "HEAD~1"]);
    assert!(text.stdout.contains("Par rapport à HEAD~1 : 0 nouveau, 1 existant"), "{}", text.stdout);
    assert_eq!(run_relecture(repo.path(), &["check", "--diff", "nope"]).code, 2);
}

#[test]
fn shards_cover_every_article_once_and_merge_back() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n");
    for i in 0..12 {
        repo.write(
            &format!("content/article-{i:02}.md"),
            &format!("# Titre {i}\n\n# Titre {i}\n\nVoir www.site-{i}.fr.\n"),
        );
    }
    let whole = run_relecture(repo.path(), &["check", "--format", "json"]);
    let mut outputs = Vec::new();
    let mut paths: Vec<String> = Vec::new();
    for shard in 1..=3 {
        let output = repo.path().join(format!("shard-{shard}.json"));
        let spec = format!("{shard}/3");
        run_relecture(
            repo.path(),
            &["check", "--shard", &spec, "--format", "json", "--output", output.to_str().unwrap()],
        );
        let report: support::contract::Report = serde_json::from_str(&fs::read_to_string(&output).unwrap()).unwrap();
        paths.extend(report.articles.iter().map(|a| a.path.clone()));
        outputs.push(output.to_str().unwrap().to_string());
    }
    paths.sort();
    assert_eq!(paths.len(), 12, "every article is in exactly one shard");
    paths.dedup();
    assert_eq!(paths.len(), 12);
    let mut args = vec!["merge"];
    args.extend(outputs.iter().map(String::as_str));
    let merged = run_relecture(repo.path(), &args);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let normalize =
        |s: &str| regex::Regex::new(r#""elapsed_ms": \d+"#).unwrap().replace(s, "\"elapsed_ms\": 0").into_owned();
    assert_eq!(normalize(&merged.stdout), normalize(&whole.stdout));
    assert_eq!(run_relecture(repo.path(), &["check", "--shard", "4/3"]).code, 2);
}

#[test]
fn history_counts_findings_introduced_and_fixed_per_commit() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n\n[site]\nunverifiable = [\"/specs/\"]\n");
    repo.write("a.md", "# Titre\n\nUn texte.\n");
    repo.commit("one");
    repo.write("a.md", "# Titre\n\nUn texte.\n\n# Titre\n");
    repo.commit("two: a repeated heading");
    // A link relecture cannot verify is no finding in a history either, as in a check.
    repo.write("b.md", "Voir [la page](absente.md) et [la spécification](/specs/trace/).\n");
    repo.commit("three: a broken link");
    repo.write("a.md", "# Titre\n\nUn texte.\n");
    repo.commit("four: heading fixed");
    let rows: Vec<String> = history_commits(repo.path())
        .iter()
        .map(|c| format!("{} +{} -{} ={}", c["summary"].as_str().unwrap(), c["introduced"], c["fixed"], c["total"]))
        .collect();
    assert_eq!(
        rows,
        [
            "one +{} -{} =0",
            "two: a repeated heading +{\"duplicates\":1} -{} =1",
            "three: a broken link +{\"links\":1} -{} =2",
            "four: heading fixed +{} -{\"duplicates\":1} =1",
        ]
    );
    let range = run_relecture(repo.path(), &["history", "HEAD~2..HEAD", "--format", "markdown"]);
    assert_eq!(range.stdout.lines().count(), 4, "{}", range.stdout);
    assert!(range.stdout.contains("| 1 (links 1) |"), "{}", range.stdout);
    assert_eq!(run_relecture(repo.path(), &["history", "nope..HEAD"]).code, 2);
}

#[test]
fn blame_names_the_commit_that_introduced_each_finding() {
    let repo = Repo::new();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n\n[site]\nlinkify = false\n");
    repo.write("a.md", "# Titre\n\nUn texte.\n");
    repo.commit("one");
    repo.write("a.md", "# Titre\n\nUn texte.\n\n# Titre\n");
    repo.commit("two: a repeated heading");
    let two = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.write("a.md", "# Titre\n\nUn texte avec www.exemple.fr.\n\n# Titre\n");
    repo.commit("three: a bare address");
    let three = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.write("a.md", "# Titre\n\nUn texte avec www.exemple.fr et le le mot.\n\n# Titre\n");
    let out = run_relecture(repo.path(), &["check", "--blame", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let blamed: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["introduced_by"]["commit"].as_str().unwrap_or("uncommitted")
            )
        })
        .collect();
    assert_eq!(
        blamed,
        [format!("bare-url {three}"), "repeated-word uncommitted".to_string(), format!("duplicate-heading {two}")]
    );
    let first = &json["findings"][0]["introduced_by"];
    assert_eq!(first["author"], "Test <test@example.org>");
    assert!(first["date"].as_str().unwrap().contains('T'));
    // The report's shape: the commit's author, id and date, and `null`, not an absent key, for
    // the finding that is not committed yet.
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    let introduced: Vec<_> = report.findings.iter().map(|f| f.introduced_by.clone()).collect();
    assert!(matches!(&introduced[..], [Some(Some(_)), Some(None), Some(Some(_))]), "{introduced:?}");
    assert_eq!(introduced[0].clone().flatten().map(|c| c.commit), Some(three));
}

/// One history for every git-native workflow: articles added, edited, renamed with an edit,
/// deleted; a finding introduced in commit 2 and fixed in commit 4; a link whose target is
/// deleted in commit 3.
#[test]
fn git_workflows_agree_on_one_known_history() {
    let repo = Repo::new();
    let rev = |r: &str| repo.git(&["rev-parse", r]).trim().to_string();
    repo.write("relecture.toml", "[language]\ndefault = \"fr\"\n");
    let ancien =
        "# Guide\n\nCe guide explique comment rédiger une annonce claire pour les habitants du quartier.\n\n# Guide\n";
    repo.write("ancien.md", ancien);
    repo.write("a.md", "# Accueil\n\nBienvenue sur le site. Voir [la cible](cible.md).\n");
    repo.write("cible.md", "# Cible\n\nLa page vers laquelle pointe l’accueil.\n");
    repo.commit("one");
    let one = rev("HEAD");
    repo.write("a.md", "# Accueil\n\nBienvenue sur sur le site. Voir [la cible](cible.md).\n");
    repo.commit("two: a repeated word");
    repo.git(&["rm", "-q", "cible.md"]);
    repo.git(&["mv", "ancien.md", "nouveau.md"]);
    repo.write("nouveau.md", &format!("{ancien}\nUne phrase ajoutée au guide en le déplaçant.\n"));
    repo.commit("three: the target deleted, the guide moved and edited");
    let three = rev("HEAD");
    repo.write("a.md", "# Accueil\n\nBienvenue sur le site. Voir [la cible](cible.md).\n");
    repo.commit("four: repeated word fixed");

    // history: the move is neither a fix nor a new finding.
    let rows: Vec<String> = history_commits(repo.path())
        .iter()
        .map(|c| format!("+{} -{} ={}", c["introduced"], c["fixed"], c["total"]))
        .collect();
    assert_eq!(
        rows,
        [
            "+{\"duplicates\":1} -{} =1",
            "+{\"duplicates\":1} -{} =2",
            "+{\"links\":1} -{} =3",
            "+{} -{\"duplicates\":1} =2",
        ]
    );

    // --blame: the heading repeated since commit 1 is followed through the move with an edit;
    // the link broke in commit 3 although a.md did not change then.
    let out = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--blame", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let blamed: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!("{} {} {}", f["path"].as_str().unwrap(), f["rule"].as_str().unwrap(), f["introduced_by"]["commit"])
        })
        .collect();
    assert_eq!(blamed, [format!("a.md broken-link \"{three}\""), format!("nouveau.md duplicate-heading \"{one}\"")]);

    // --diff: the moved guide's finding is existing, the broken link new, the repeated word fixed.
    let statuses = |base: &str| {
        let out = run_relecture(repo.path(), &["check", "--rev", "HEAD", "--diff", base, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let findings: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f["path"].as_str().unwrap(),
                    f["rule"].as_str().unwrap(),
                    f["status"].as_str().unwrap()
                )
            })
            .collect();
        let summary = &json["summary"];
        (findings, format!("new {} existing {} fixed {}", summary["new"], summary["existing"], summary["fixed"]))
    };
    assert_eq!(
        statuses("HEAD~2"),
        (
            vec!["a.md broken-link new".to_string(), "nouveau.md duplicate-heading existing".to_string()],
            "new 1 existing 1 fixed 1".to_string()
        )
    );
    // From commit 3, only a.md changed: its broken link is existing, so --new-only passes.
    assert_eq!(
        statuses("HEAD~1"),
        (vec!["a.md broken-link existing".to_string()], "new 0 existing 1 fixed 1".to_string())
    );
    assert_eq!(run_relecture(repo.path(), &["check", "--rev", "HEAD", "--diff", "HEAD~1"]).code, 1);
    assert_eq!(run_relecture(repo.path(), &["check", "--rev", "HEAD", "--diff", "HEAD~1", "--new-only"]).code, 0);
    assert_eq!(run_relecture(repo.path(), &["check", "--rev", "HEAD", "--diff", "HEAD~2", "--new-only"]).code, 1);
}

#[test]
fn a_run_from_the_last_runs_results_reports_exactly_what_a_full_run_does() {
    let repo = Repo::new();
    let shared = "Les collectivités publient chaque année un rapport sur la communication publique et ses effets sur la participation des habitants aux décisions locales.";
    repo.write("relecture.toml", "[language]\nallowed = [\"fr\"]\n");
    repo.write(
        "content/a.md",
        &format!("---\ntitle: A\nlang: fr\n---\n# Premier titre\n\n{shared}\n\n## Méthode\n\nUn texte court.\n"),
    );
    repo.write(
        "content/b.md",
        &format!("---\ntitle: B\nlang: fr\n---\n# Autre\n\n{shared}\n\nVoir [la méthode](a.md#méthode) et [la suite](a.md#suite).\n"),
    );
    for i in 0..20 {
        repo.write(
            &format!("content/c{i}.md"),
            &format!("---\ntitle: C{i}\nlang: fr\n---\n# Titre {i}\n\nLe le texte {i}.\n"),
        );
    }
    repo.commit("articles");
    let cache = tempfile::tempdir().unwrap();
    let normalize =
        |s: &str| regex::Regex::new(r#""elapsed_ms": \d+"#).unwrap().replace(s, "\"elapsed_ms\": 0").into_owned();
    let run_with = |args: &[&str], cache_dir: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_relecture"))
            .args(args)
            .current_dir(repo.path())
            .env("RELECTURE_CACHE_DIR", cache_dir)
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(101));
        normalize(&String::from_utf8(out.stdout).unwrap())
    };
    let status_before = repo.git(&["status", "--porcelain", "--ignored"]);

    // The first run keeps its results outside the repository.
    let first = run_with(&["check", "--staged", "--format", "json"], cache.path());
    // Beside the secret states are authenticated with.
    let states: Vec<_> = fs::read_dir(cache.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "state"))
        .collect();
    assert_eq!(states.len(), 1, "one state per repository");
    assert!(first.contains("this paragraph also appears in content/a.md:7"), "{first}");

    // A staged edit that moves the first copy down and adds the anchor B was missing: the run
    // from the stored state cites the new line and drops the missing-anchor finding, exactly as
    // a full run does.
    repo.write(
        "content/a.md",
        &format!("---\ntitle: A\nlang: fr\n---\n# Premier titre\n\nUne introduction.\n\n{shared}\n\n## Méthode\n\nUn texte court.\n\n## Suite\n\nLa suite.\n"),
    );
    repo.git(&["add", "content/a.md"]);
    let from_state = run_with(&["check", "--staged", "--format", "json"], cache.path());
    let full = run_with(&["check", "--staged", "--format", "json", "--no-cache"], cache.path());
    assert_eq!(from_state, full);
    assert!(from_state.contains("this paragraph also appears in content/a.md:9"), "{from_state}");
    assert!(first.contains("missing-anchor") && !from_state.contains("missing-anchor"), "{from_state}");
    let text_from_state = run_with(&["check", "--staged"], cache.path());
    assert_eq!(text_from_state, run_with(&["check", "--staged", "--no-cache"], cache.path()));
    assert!(text_from_state.contains("Le le texte 7."), "snippets of articles not read again: {text_from_state}");

    // A damaged state is not used; a state of another configuration neither.
    for state in fs::read_dir(cache.path()).unwrap() {
        let path = state.unwrap().path();
        if path.extension().is_none_or(|x| x != "state") {
            continue;
        }
        let mut bytes = fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
        fs::write(&path, bytes).unwrap();
    }
    // Every article is checked, and the report says why the state was not used.
    let damaged = run_with(&["check", "--staged", "--format", "json"], cache.path());
    let mut damaged: serde_json::Value = serde_json::from_str(&damaged).unwrap();
    let fallback = damaged.as_object_mut().unwrap().remove("fallback").expect("the report says why");
    assert_eq!(fallback["reason"], "the state file is damaged or was not written by this user's runs");
    assert_eq!(damaged, serde_json::from_str::<serde_json::Value>(&full).unwrap());
    let strict = run_with(&["check", "--staged", "--format", "json", "--ignore", "repeated-word"], cache.path());
    assert!(!strict.contains("repeated-word") && strict.contains("cross-duplicate"), "{strict}");

    // The working tree and revisions use it too; `--no-cache` neither reads nor writes it, and
    // nothing is ever written into the repository.
    // In the working tree only the files git status reports changed are read: an edit, a new
    // file, a deleted one.
    let worktree = run_with(&["check", "--format", "json"], cache.path());
    assert_eq!(worktree, run_with(&["check", "--format", "json", "--no-cache"], cache.path()));
    repo.write("content/c3.md", "---\ntitle: C3\nlang: fr\n---\n# Titre 3\n\nUn texte propre.\n");
    repo.write("content/nouveau.md", &format!("---\ntitle: N\nlang: fr\n---\n# Nouveau\n\n{shared}\n"));
    fs::remove_file(repo.path().join("content/c5.md")).unwrap();
    let edited = run_with(&["check", "--format", "json"], cache.path());
    assert_eq!(edited, run_with(&["check", "--format", "json", "--no-cache"], cache.path()));
    assert!(edited.contains("content/nouveau.md") && !edited.contains("content/c5.md"), "{edited}");
    assert_ne!(edited, worktree);
    assert_eq!(
        run_with(&["check", "--rev", "HEAD", "--format", "json"], cache.path()),
        run_with(&["check", "--rev", "HEAD", "--format", "json", "--no-cache"], cache.path())
    );
    let unused = tempfile::tempdir().unwrap();
    run_with(&["check", "--no-cache"], unused.path());
    assert_eq!(fs::read_dir(unused.path()).unwrap().count(), 0);
    repo.git(&["reset", "--quiet", "content/a.md"]);
    repo.git(&["checkout", "--quiet", "content/a.md", "content/c3.md", "content/c5.md"]);
    fs::remove_file(repo.path().join("content/nouveau.md")).unwrap();
    assert_eq!(repo.git(&["status", "--porcelain", "--ignored"]), status_before);
}

/// A repository of several articles where findings cross articles: a paragraph copied from one
/// article into another, a link to an anchor the other article lacks, and a repeated word.
fn articles_citing_each_other() -> Repo {
    let repo = Repo::new();
    let shared = "Les collectivités publient chaque année un rapport sur la communication publique et ses effets sur la participation des habitants aux décisions locales.";
    repo.write("relecture.toml", "[language]\nallowed = [\"fr\"]\n");
    repo.write(
        "content/a.md",
        &format!("---\ntitle: A\nlang: fr\n---\n# Premier titre\n\n{shared}\n\n## Méthode\n\nUn texte.\n"),
    );
    repo.write(
        "content/b.md",
        &format!("---\ntitle: B\nlang: fr\n---\n# Autre\n\n{shared}\n\nVoir [la suite](a.md#suite).\n"),
    );
    for i in 0..6 {
        repo.write(
            &format!("content/c{i}.md"),
            &format!("---\ntitle: C{i}\nlang: fr\n---\n# Titre {i}\n\nLe le texte {i}.\n"),
        );
    }
    repo.commit("articles");
    repo
}

/// The kept results in `cache`.
fn kept_states(cache: &std::path::Path) -> usize {
    fs::read_dir(cache).map_or(0, |entries| {
        entries.filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "state"))).count()
    })
}

/// The report a run printed, its run time zeroed.
fn zeroed(out: &support::Output) -> String {
    assert_ne!(out.code, 2, "{}", out.stderr);
    regex::Regex::new(r#""elapsed_ms": \d+"#).unwrap().replace(&out.stdout, "\"elapsed_ms\": 0").into_owned()
}

/// Removes from `repo` the stored text of the blob `spec` names (`HEAD:a.md`, `:a.md`), so that
/// the article can no longer be read, and checks that a run of `args` from the results kept
/// still gives `kept`, which it can only do without reading the article again, while a whole run
/// finds it unreadable.
fn kept_run_reads_no_unchanged_article(repo: &Repo, spec: &str, args: &[&str], kept: &str) {
    let id = repo.git(&["rev-parse", spec]).trim().to_string();
    fs::remove_file(repo.path().join(".git/objects").join(&id[..2]).join(&id[2..])).unwrap();
    assert_eq!(zeroed(&run_relecture(repo.path(), args)), kept);
    let whole = run_relecture(repo.path(), &[args, &["--no-cache"]].concat());
    assert!(whole.stdout.contains("unreadable-article"), "{}{}", whole.stdout, whole.stderr);
}

/// Runs `args` twice in `repo`, first whole (its cache folder is empty), then from the results
/// the first run kept, and returns both reports, run times zeroed; each equals a run that
/// neither reads nor keeps results.
fn whole_then_kept(repo: &Repo, args: &[&str]) -> (String, String) {
    assert_eq!(kept_states(&repo.cache()), 0, "a test's cache folder starts empty");
    let whole = zeroed(&run_relecture(repo.path(), args));
    assert_eq!(kept_states(&repo.cache()), 1, "the whole run keeps its results");
    let kept = zeroed(&run_relecture(repo.path(), args));
    let no_cache = [args, &["--no-cache"]].concat();
    assert_eq!(kept, zeroed(&run_relecture(repo.path(), &no_cache)));
    (whole, kept)
}

/// The findings that cite another article than their own.
fn crossing(report: &str) -> usize {
    let report: support::contract::Report = serde_json::from_str(report).unwrap();
    report.findings.iter().filter(|f| f.related.iter().any(|r| r.path != f.path)).count()
}

#[test]
fn staged_runs_from_kept_results_report_what_the_whole_run_did() {
    let repo = articles_citing_each_other();
    let (whole, kept) = whole_then_kept(&repo, &["check", "--staged", "--format", "json"]);
    assert_eq!(kept, whole);
    assert!(crossing(&whole) == 1 && whole.contains("missing-anchor"), "{whole}");
    // A staged edit that moves the copied paragraph and adds the missing anchor.
    let a = repo.read("content/a.md").replace("# Premier titre\n", "# Premier titre\n\nIntroduction.\n");
    repo.write("content/a.md", &format!("{a}\n## Suite\n\nLa suite.\n"));
    repo.git(&["add", "content/a.md"]);
    let (edited, kept) = whole_then_kept_again(&repo, &["check", "--staged", "--format", "json"]);
    assert_eq!(kept, edited);
    assert!(!edited.contains("missing-anchor") && edited.contains("content/a.md:9"), "{edited}");
    kept_run_reads_no_unchanged_article(&repo, ":content/c5.md", &["check", "--staged", "--format", "json"], &kept);
}

#[test]
fn revision_runs_from_kept_results_report_what_the_whole_run_did() {
    let repo = articles_citing_each_other();
    let (whole, kept) = whole_then_kept(&repo, &["check", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(kept, whole);
    assert!(crossing(&whole) == 1 && whole.contains("missing-anchor"), "{whole}");
    // The next commit, from the results of its parent.
    repo.write("content/c2.md", "---\ntitle: C2\nlang: fr\n---\n# Titre 2\n\nUn texte propre.\n");
    repo.git(&["rm", "--quiet", "content/c3.md"]);
    repo.commit("c2 cleaned, c3 removed");
    let (next, kept) = whole_then_kept_again(&repo, &["check", "--rev", "HEAD", "--format", "json"]);
    assert_eq!(kept, next);
    let report: support::contract::Report = serde_json::from_str(&next).unwrap();
    assert!(!next.contains("content/c3.md"), "{next}");
    assert!(!report.findings.iter().any(|f| f.path == "content/c2.md"), "{next}");
    kept_run_reads_no_unchanged_article(
        &repo,
        "HEAD:content/c5.md",
        &["check", "--rev", "HEAD", "--format", "json"],
        &kept,
    );
}

#[test]
fn worktree_runs_from_kept_results_report_what_the_whole_run_did() {
    let repo = articles_citing_each_other();
    let (whole, kept) = whole_then_kept(&repo, &["check", "--format", "json"]);
    assert_eq!(kept, whole);
    assert!(crossing(&whole) == 1 && whole.contains("missing-anchor"), "{whole}");
    // An edit, a new article copying the paragraph, a deleted article: not committed.
    let shared = "Les collectivités publient chaque année un rapport sur la communication publique et ses effets sur la participation des habitants aux décisions locales.";
    repo.write("content/c1.md", "---\ntitle: C1\nlang: fr\n---\n# Titre 1\n\nUn texte propre.\n");
    repo.write("content/nouveau.md", &format!("---\ntitle: N\nlang: fr\n---\n# Nouveau\n\n{shared}\n"));
    fs::remove_file(repo.path().join("content/c4.md")).unwrap();
    let (edited, kept) = whole_then_kept_again(&repo, &["check", "--format", "json"]);
    assert_eq!(kept, edited);
    assert!(edited.contains("content/nouveau.md") && !edited.contains("content/c4.md"), "{edited}");
    assert!(crossing(&edited) > crossing(&whole), "{edited}");
}

/// After a change: a run from the results kept before it, then one from its own results; both
/// equal a run that neither reads nor keeps results.
fn whole_then_kept_again(repo: &Repo, args: &[&str]) -> (String, String) {
    assert_eq!(kept_states(&repo.cache()), 1);
    let no_cache = [args, &["--no-cache"]].concat();
    let whole = zeroed(&run_relecture(repo.path(), &no_cache));
    let from_before = zeroed(&run_relecture(repo.path(), args));
    assert_eq!(from_before, whole);
    (whole, zeroed(&run_relecture(repo.path(), args)))
}
