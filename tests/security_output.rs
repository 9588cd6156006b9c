//! Untrusted repositories, every emitter escapes what findings carry: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use support::{Repo, run_relecture};

/// A front matter date whose YAML escape puts a line break, then a workflow command, in the value.
const INJECTED_DATE: &str =
    "---\ntitle: T\nlang: fr\ndate: \"2023-02-30\\n::error::INJECTED\"\n---\n# Titre\n\nUn texte.\n";

const FORMATS: [&str; 6] = ["text", "json", "sarif", "github", "junit", "markdown"];

/// Lines a GitHub runner would read as a workflow command: `::` after leading whitespace, or
/// the legacy `##[` anywhere.
fn workflow_commands(output: &str) -> Vec<&str> {
    output.lines().filter(|line| line.trim_start().starts_with("::") || line.contains("##[")).collect()
}

fn check(repo: &Repo, format: &str) -> support::Output {
    let out = run_relecture(repo.path(), &["check", "--format", format]);
    assert_eq!(out.code, 1, "{format}: {}{}", out.stdout, out.stderr);
    out
}

#[test]
fn a_line_break_in_a_front_matter_value_starts_no_workflow_command_in_text_output() {
    let repo = Repo::new();
    repo.write("a.md", INJECTED_DATE);
    let out = run_relecture(repo.path(), &["check"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(workflow_commands(&out.stdout), Vec::<&str>::new(), "{}", out.stdout);
    // The value is shown, its line break as `\n`, on the finding's own line.
    let title = out.stdout.lines().find(|l| l.starts_with("error[frontmatter-invalid-value]")).unwrap();
    assert!(title.contains(r#""2023-02-30\n::error::INJECTED""#), "{title}");
}

#[test]
fn github_output_has_one_command_per_finding_and_none_injected() {
    let repo = Repo::new();
    repo.write("a.md", INJECTED_DATE);
    let json: serde_json::Value = serde_json::from_str(&check(&repo, "json").stdout).unwrap();
    let findings = json["findings"].as_array().unwrap().len();
    let out = check(&repo, "github");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), findings, "{}", out.stdout);
    for line in &lines {
        assert!(
            ["::error file=", "::warning file=", "::notice file="].iter().any(|c| line.starts_with(c)),
            "not one of ours: {line}"
        );
        assert!(!line.contains("##["), "{line}");
    }
    let date = lines.iter().find(|l| l.contains("INJECTED")).unwrap();
    assert!(date.starts_with("::error file=a.md,line=4,"), "{date}");
    assert!(
        date.ends_with(r#"::`date` "2023-02-30\n::error::INJECTED" is not a real date: February 2023 has 28 days"#),
        "{date}"
    );
}

#[test]
fn escape_sequences_of_an_article_reach_no_terminal_in_any_format() {
    let repo = Repo::new();
    // An escape in a front matter value (YAML `\e`), in a link destination, in the prose
    // around a finding, and in the file name.
    repo.write(
        "content/\u{1b}[31mrouge.md",
        "---\ntitle: T\nlang: fr\ndate: \"\\e]0;owned\\a\\e[2J2023-02-30\"\n---\n# Titre\n\n\
         Voir [la page](<x\u{1b}[2J.md>) ici \u{1b}[31mmot mot\u{1b}[0m.\n",
    );
    for format in FORMATS {
        let out = check(&repo, format);
        assert!(!out.stdout.contains('\u{1b}'), "{format}: raw escape in\n{}", out.stdout);
        assert!(!out.stderr.contains('\u{1b}'), "{format}: raw escape in\n{}", out.stderr);
        let ours = |line: &&str| format == "github" && line.starts_with("::error file=") && !line.contains("##[");
        let injected: Vec<&str> = workflow_commands(&out.stdout).into_iter().filter(|line| !ours(line)).collect();
        assert_eq!(injected, Vec::<&str>::new(), "{format}");
    }
    let text = check(&repo, "text").stdout;
    assert!(text.contains(r"content/\u{1b}[31mrouge.md"), "{text}");
    assert!(text.contains(r"x\u{1b}[2J.md"), "{text}");
    assert!(text.contains(r"\u{1b}]0;owned\u{7}\u{1b}[2J2023-02-30"), "{text}");
    // JSON keeps the exact text, escaped as JSON.
    let json: serde_json::Value = serde_json::from_str(&check(&repo, "json").stdout).unwrap();
    assert!(
        json["findings"].as_array().unwrap().iter().any(|f| f["message"].as_str().unwrap().contains("x\u{1b}[2J.md"))
    );
}

/// The HTML GitHub would render from a Markdown report, with the text of code elements removed:
/// what is left is what a reader sees as markup, links and mentions.
fn rendered_outside_code(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all()),
    );
    let mut outside = String::new();
    let mut rest = html.as_str();
    while let Some(open) = rest.find("<code>") {
        outside.push_str(&rest[..open]);
        let close = rest[open..].find("</code>").map_or(rest.len(), |c| open + c + "</code>".len());
        rest = &rest[close..];
    }
    outside.push_str(rest);
    outside
}

#[test]
fn a_markdown_report_gets_no_image_mention_or_html_from_a_link_destination() {
    let repo = Repo::new();
    repo.write(
        "content/a.md",
        "---\ntitle: T\nlang: fr\n---\n# Titre\n\n\
         Voir [la page](<x`<img src=https://127.0.0.1/t.png>`@octocat #1 ![i](https://127.0.0.1/i.png).md>).\n",
    );
    repo.write(
        "content/@octocat <img src=x> `b`.md",
        "---\ntitle: T\nlang: fr\n---\n# Titre\n\nVoir [la page](absente.md).\n",
    );
    let out = check(&repo, "markdown");
    assert!(out.stdout.contains("@octocat"), "the destination is shown: {}", out.stdout);
    let outside = rendered_outside_code(&out.stdout);
    assert!(!outside.contains("<img"), "an image: {outside}");
    assert!(!outside.contains("@octocat"), "a mention: {outside}");
    assert!(!outside.contains("#1"), "an issue reference: {outside}");
    assert!(!outside.contains("https://"), "a link: {outside}");
    // Our links only: one per finding, to a line of the article.
    for link in outside.split("<a href=\"").skip(1) {
        let target = &link[..link.find('"').unwrap()];
        assert!(target.starts_with("content/") && target.contains(".md#L"), "{target}");
    }
}

#[test]
fn a_junit_report_with_a_noncharacter_is_well_formed_xml() {
    let repo = Repo::new();
    repo.write("a.md", "---\ntitle: T\nlang: fr\n---\n# Titre\n\nVoir [la page](<x\u{ffff}\u{1}.md>).\n");
    let out = check(&repo, "junit");
    let document = roxmltree::Document::parse(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", out.stdout));
    let failure = document.descendants().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(failure.attribute("message").unwrap().contains(r"x\u{ffff}\u{1}.md"), "{}", out.stdout);
    assert_eq!(workflow_commands(&out.stdout), Vec::<&str>::new());
}

/// Two packs: one whose rule description and message carry escapes, line breaks and workflow
/// commands (refused at load), one whose texts are valid but hold the runner's `##[` form.
fn repo_with_hostile_pack() -> Repo {
    let repo = Repo::new();
    repo.write(
        "lint-rules/maison.toml",
        r#"[pack]
name = "maison"
description = "x"

[[rule]]
name = "mot-interdit"
kind = "existence"
description = "Un mot \u001b[31minterdit\n::error::PACK ##[error]PACK"
message = "« {match} » \u001b]0;owned\u0007\n::error::MSG"
tokens = ["interdit"]
examples.fail = ["Un mot interdit."]
examples.pass = ["Un mot permis."]
"#,
    );
    repo.write(
        "lint-rules/propre.toml",
        r#"[pack]
name = "propre"
description = "x"

[[rule]]
name = "mot-douteux"
kind = "existence"
description = "Un mot douteux ##[error]PACK"
message = "« {match} » ##[warning]MSG"
tokens = ["douteux"]
examples.fail = ["Un mot douteux."]
examples.pass = ["Un mot permis."]
"#,
    );
    repo.write("a.md", "---\ntitle: T\nlang: fr\n---\n# Titre\n\nUn mot interdit ici, un mot douteux là.\n");
    repo
}

#[test]
fn rules_list_and_explain_show_pack_text_with_escapes() {
    let repo = repo_with_hostile_pack();
    for args in [&["rules", "list"][..], &["rules", "explain", "propre/mot-douteux"], &["rules", "test"], &["check"]] {
        let out = run_relecture(repo.path(), args);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(!text.contains('\u{1b}'), "{args:?}: raw escape in {stream}\n{text}");
            assert!(!text.contains('\u{7}'), "{args:?}: raw bell in {stream}\n{text}");
            assert_eq!(workflow_commands(text), Vec::<&str>::new(), "{args:?} {stream}");
        }
    }
    let list = run_relecture(repo.path(), &["rules", "list"]);
    assert!(!list.stdout.contains("maison/"), "a refused pack is not listed: {}", list.stdout);
    assert!(list.stderr.contains("lint-rules/maison.toml"), "{}", list.stderr);
    let line = list.stdout.lines().find(|l| l.starts_with("propre/mot-douteux")).unwrap();
    assert!(line.ends_with(r"Un mot douteux ##\u{5b}error]PACK"), "{line}");
    let explain = run_relecture(repo.path(), &["rules", "explain", "propre/mot-douteux"]).stdout;
    assert!(explain.contains(r"##\u{5b}error]PACK"), "{explain}");
    // JSON keeps the exact text.
    let json = run_relecture(repo.path(), &["rules", "list", "--format", "json"]).stdout;
    let rules: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rule = rules.as_array().unwrap().iter().find(|r| r["name"] == "propre/mot-douteux").unwrap();
    assert_eq!(rule["summary"], "Un mot douteux ##[error]PACK");
}

#[test]
fn history_shows_commit_subjects_with_escapes() {
    let repo = Repo::new();
    repo.write("a.md", "---\ntitle: T\nlang: fr\n---\n# Titre\n\nUn texte.\n");
    repo.commit("sujet \u{1b}[31m ##[error]HISTORY | `x` @octocat");
    for format in ["text", "markdown", "json"] {
        let out = run_relecture(repo.path(), &["history", "--format", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!out.stdout.contains('\u{1b}'), "{format}: raw escape in\n{}", out.stdout);
        assert_eq!(workflow_commands(&out.stdout), Vec::<&str>::new(), "{format}");
    }
    let markdown = run_relecture(repo.path(), &["history", "--format", "markdown"]).stdout;
    assert!(!rendered_outside_code(&markdown).contains("@octocat"), "{markdown}");
    let row = markdown.lines().nth(2).unwrap();
    assert_eq!(row.matches(" | ").count(), 4, "the subject stays in its cell: {row}");
}

#[test]
fn warnings_on_standard_error_are_single_lines_without_escapes() {
    let repo = Repo::new();
    repo.write("a.md", "---\ntitle: T\nlang: fr\n---\n# Titre\n\nUn texte.\n");
    repo.write(
        "lint-rules/casse.toml",
        "[pack]\nname = \"casse\"\n\n[[rule]]\nname = \"x\"\nmessage = \"m\"\n\
         kind = \"nope\\u001b[31m\\n::error::STDERR\"\nexamples.fail = [\"a\"]\nexamples.pass = [\"b\"]\n",
    );
    let out = run_relecture(repo.path(), &["check"]);
    assert!(out.stderr.contains("lint-rules/casse.toml"), "{}", out.stderr);
    assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    for line in out.stderr.lines() {
        assert!(line.starts_with("relecture: "), "a line not ours: {line:?}");
    }
}

#[test]
fn a_report_file_inside_the_repository_is_never_written_through_its_links() {
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "the victim's bytes").unwrap();
    let repo = Repo::new();
    repo.write("a.md", "---\ntitle: T\nlang: fr\n---\n# Titre\n\nUn un texte.\n");
    std::os::unix::fs::symlink(&victim, repo.path().join("relecture.sarif")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("out")).unwrap();
    repo.commit("links named like reports");
    for (output, args) in [
        ("relecture.sarif", &["--rev", "HEAD", "--diff", "HEAD"][..]),
        ("relecture.sarif", &[]),
        ("out/victim", &[]),
        ("./sub/../relecture.sarif", &[]),
    ] {
        let mut all = vec!["check", "--format", "sarif", "--output", output];
        all.extend_from_slice(args);
        let out = run_relecture(repo.path(), &all);
        assert_eq!(out.code, 2, "{output} {args:?}: {}", out.stderr);
        assert!(out.stderr.contains("symbolic link of the repository"), "{}", out.stderr);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "the victim's bytes", "{output} {args:?}");
    }
    // With --repo, the same.
    let out = run_relecture(repo.path(), &["check", "--repo", ".", "--output", "out/victim"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "the victim's bytes");

    // A regular file of the repository, and a file outside it, are written.
    let out = run_relecture(repo.path(), &["check", "--format", "json", "--output", "report.json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&repo.read("report.json")).unwrap();
    assert_eq!(report["summary"]["articles"], 1);
    let elsewhere = outside.path().join("report.json");
    let out = run_relecture(repo.path(), &["check", "--format", "json", "--output", elsewhere.to_str().unwrap()]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(std::fs::read_to_string(&elsewhere).unwrap().contains("\"summary\""));
}
