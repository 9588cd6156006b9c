//! Untrusted repositories, bounded work when loading rule packs: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;

use std::fmt::Write as _;
use std::time::Duration;

use support::{Repo, finding_lines, run_relecture_limited};

/// Every run: at most this long (debug build, shared 2-core machine) and this much address space.
const TIME: Duration = Duration::from_secs(120);
const MEMORY_MIB: u64 = 4096;

fn run(repo: &Repo, args: &[&str]) -> support::Output {
    run_relecture_limited(repo.path(), args, TIME, Some(MEMORY_MIB))
}

/// A pack that loads and reports « mot »: its finding shows that the run went on.
const GOOD_PACK: &str = r#"[pack]
name = "bon"

[[rule]]
name = "mot"
kind = "existence"
message = "« {match} » trouvé"
tokens = ["mot"]
examples.fail = ["un mot"]
"#;

/// A repository with the good pack, `pack` at `lint-rules/NAME`, and one article holding « mot ».
fn repo_with_pack(name: &str, pack: &str) -> Repo {
    let repo = Repo::new();
    repo.write("lint-rules/bon.toml", GOOD_PACK);
    repo.write(&format!("lint-rules/{name}"), pack);
    repo.write("article.md", "# Titre\n\nUn mot ici.\n");
    repo.commit("init");
    repo
}

/// The run went on: the good pack's finding is there; exit 1 for it, or 2 when a rule file was
/// refused (a configuration error, said after the report).
fn assert_good_pack_ran(out: &support::Output) {
    let refused = out.stderr.contains("(the rules of this file did not run)");
    assert_eq!(out.code, if refused { 2 } else { 1 }, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert!(finding_lines(out).contains(&"article.md:3 bon/mot".to_string()), "{}", out.stdout);
}

/// A refusal on standard error: one line naming the file and line (an error for `check`, a
/// warning for `rules list`), never a raw escape.
fn assert_refused(out: &support::Output, at: &str) {
    let line = out
        .stderr
        .lines()
        .find(|l| {
            l.starts_with(&format!("relecture: error: {at}")) || l.starts_with(&format!("relecture: warning: {at}"))
        })
        .unwrap_or_else(|| panic!("no refusal for {at}: {}", out.stderr));
    assert!(line.ends_with("(the rules of this file did not run)"), "{line}");
    assert!(!out.stderr.contains('\x1b'), "{:?}", out.stderr);
}

/// A two-megabyte article on one line, which itself holds placeholders.
fn big_article() -> String {
    format!("{}\n", "texte {match} {1} ".repeat(120_000))
}

#[test]
fn a_doubling_chain_of_variables_is_refused_by_name_and_the_other_packs_run() {
    let mut vars = String::new();
    for i in 0..34 {
        write!(vars, "v{i} = \"{{v{next}}}{{v{next}}}\", ", next = i + 1).unwrap();
    }
    vars.push_str("v34 = \"x\"");
    let pack = format!(
        "[pack]\nname = \"bombe\"\nvars = {{ {vars} }}\n\n[[rule]]\nname = \"r\"\nkind = \"existence\"\nmessage = \"{{v0}}\"\ntokens = [\"mot\"]\nexamples.fail = [\"un mot\"]\n"
    );
    let repo = repo_with_pack("bombe.toml", &pack);
    let out = run(&repo, &["check", "--format", "json"]);
    assert_refused(&out, "lint-rules/bombe.toml:3: variables nest more than 8 levels deep");
    assert_good_pack_ran(&out);
}

#[test]
fn a_message_of_three_thousand_matches_is_refused_on_a_two_megabyte_article() {
    let pack = format!(
        "[pack]\nname = \"echo\"\n\n[[rule]]\nname = \"tout\"\nkind = \"existence\"\nscope = [\"raw\"]\npattern = '[a-z ]+'\nmessage = \"{}\"\nexamples.fail = [\"x\"]\n",
        "{match}".repeat(3000)
    );
    let repo = repo_with_pack("echo.toml", &pack);
    repo.write("grand.md", &big_article());
    repo.commit("a two-megabyte article");
    let out = run(&repo, &["check", "--format", "json"]);
    assert_refused(&out, "lint-rules/echo.toml:4: rule `tout`: the message is over 2048 bytes");
    assert_good_pack_ran(&out);
}

#[test]
fn a_finding_quotes_at_most_a_clipped_match_whatever_its_size() {
    // Sixteen placeholders are allowed; each quotes at most 200 characters of the article.
    let pack = format!(
        "[pack]\nname = \"echo\"\n\n[[rule]]\nname = \"tout\"\nkind = \"existence\"\nscope = [\"raw\"]\npattern = '([a-z {{}}0-9]+)'\nmessage = \"{}\"\nexamples.fail = [\"x\"]\n",
        "{match}{1}".repeat(8)
    );
    let repo = repo_with_pack("echo.toml", &pack);
    // The placeholders the article holds are quoted, never filled in again.
    repo.write("grand.md", &big_article());
    repo.commit("a two-megabyte article");
    let out = run(&repo, &["check", "--format", "json"]);
    let report: support::contract::Report = serde_json::from_str(&out.stdout).unwrap();
    let messages: Vec<&str> =
        report.findings.iter().filter(|f| f.rule == "echo/tout").map(|f| f.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("texte {match} {1} texte")), "{messages:?}");
    for message in &messages {
        assert!(message.chars().count() <= 16 * 201, "a message of {} characters", message.chars().count());
    }
}

#[test]
fn a_pack_larger_than_max_file_size_still_runs() {
    let repo = Repo::new();
    repo.write("relecture.toml", "max_file_size = 1000\n");
    // Over the articles' limit, far under the rule files' one.
    repo.write("lint-rules/bon.toml", &format!("{GOOD_PACK}\n{}\n", "# commentaire\n".repeat(200)));
    repo.write("article.md", "# Titre\n\nUn mot ici.\n");
    repo.commit("init");
    let out = run(&repo, &["check", "--format", "json"]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_good_pack_ran(&out);
}

#[test]
fn a_rule_file_over_the_rule_file_limit_is_refused_by_name() {
    let pack = format!("{}\n{}", GOOD_PACK.replace("\"bon\"", "\"enorme\""), "# commentaire\n".repeat(700_000));
    let repo = repo_with_pack("enorme.toml", &pack);
    let out = run(&repo, &["check", "--format", "json"]);
    assert_refused(
        &out,
        &format!(
            "lint-rules/enorme.toml: the rule file is {} bytes, over the 8388608-byte limit for rule files",
            pack.len()
        ),
    );
    assert_good_pack_ran(&out);
    let listed = run(&repo, &["rules", "list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("bon/mot") && !listed.stdout.contains("enorme/"), "{}", listed.stdout);
    assert_refused(&listed, "lint-rules/enorme.toml: the rule file is");
}

#[test]
fn pack_names_with_escapes_paths_or_line_breaks_are_refused_and_never_listed() {
    for (file, name, shown) in [
        ("ansi.toml", r"\u001b[31mrouge\u001b[0m", r#""\u{1b}[31mrouge\u{1b}[0m""#),
        ("chemin.toml", "../evasion", r#""../evasion""#),
        ("ligne.toml", r"a\n::error::injecte", r#""a\n::error::injecte""#),
        ("espace.toml", "deux mots", r#""deux mots""#),
    ] {
        let pack = GOOD_PACK.replace("\"bon\"", &format!("\"{name}\""));
        let repo = repo_with_pack(file, &pack);
        let out = run(&repo, &["check", "--format", "json"]);
        assert_refused(&out, &format!("lint-rules/{file}:2: the pack name {shown} is not a short identifier"));
        assert_good_pack_ran(&out);
        let listed = run(&repo, &["rules", "list"]);
        assert_eq!(listed.code, 0, "{}", listed.stderr);
        assert!(listed.stdout.contains("bon/mot"), "{}", listed.stdout);
        for raw in ["\x1b", "rouge", "evasion", "::error", "deux mots"] {
            assert!(!listed.stdout.contains(raw), "{raw:?} listed: {}", listed.stdout);
        }
        assert_refused(&listed, &format!("lint-rules/{file}:2: the pack name"));
    }
}

#[test]
fn a_rule_name_with_an_escape_is_refused_and_shown_escaped() {
    let pack = GOOD_PACK.replace("name = \"bon\"", "name = \"autre\"").replace("\"mot\"", r#""\u001b]0;titre\u0007""#);
    let repo = repo_with_pack("autre.toml", &pack);
    let out = run(&repo, &["check", "--format", "json"]);
    assert_refused(&out, r"lint-rules/autre.toml:4: rule `\u{1b}]0;titre\u{7}`: rule names are kebab-case");
    assert_good_pack_ran(&out);
}

#[test]
fn forty_thousand_rules_load_in_linear_time() {
    // About two seconds; loading was quadratic (20,000 rules took 40 s, 40,000 would take
    // minutes): the time limit is generous for a shared machine and still far below that.
    let mut pack = String::from("[pack]\nname = \"grand\"\n\n");
    for i in 0..40_000 {
        write!(
            pack,
            "[[rule]]\nname = \"r{i}\"\nkind = \"existence\"\nmessage = \"« {{match}} »\"\ntokens = [\"mot{i}\"]\nexamples.fail = [\"un mot{i} ici\"]\n\n"
        )
        .unwrap();
    }
    let repo = repo_with_pack("grand.toml", &pack);
    repo.write("article.md", "# Titre\n\nUn mot ici et un mot39999 là.\n");
    repo.commit("the last rule");
    let out = run_relecture_limited(repo.path(), &["check", "--format", "json"], Duration::from_secs(60), None);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let found = finding_lines(&out);
    assert!(found.contains(&"article.md:3 bon/mot".to_string()), "{found:?}");
    assert!(found.contains(&"article.md:3 grand/r39999".to_string()), "{found:?}");
}

#[test]
fn many_packs_together_stay_within_the_runs_budget() {
    // Each pack alone is within its own limits (its variables expand to 30 MiB); 130 of them
    // would take four gigabytes.
    let mut pack = String::from(
        "[pack]\nname = \"NAME\"\nvars = { a = \"AAAA\", c = \"{a}{a}\", d = \"{c}{c}\", e = \"{d}{d}\", f = \"{e}{e}\", \
         g = \"{f}{f}\", h = \"{g}{g}\", big = \"{h}{h}\" }\n",
    )
    .replace("AAAA", &"x".repeat(2048));
    for rule in 0..120 {
        write!(
            pack,
            "\n[[rule]]\nname = \"r{rule}\"\nkind = \"substitution\"\nmessage = \"m\"\nswap = {{ \"zzqx{rule}\" = \"{{big}}\" }}\n\
             examples.fail = [\"zzqx{rule}\"]\n"
        )
        .unwrap();
    }
    let repo = Repo::new();
    repo.write("lint-rules/bon.toml", GOOD_PACK);
    for n in 0..130 {
        repo.write(&format!("lint-rules/p{n:03}.toml"), &pack.replace("NAME", &format!("p{n:03}")));
    }
    repo.write("article.md", "# Titre\n\nUn mot ici.\n");
    repo.commit("init");
    let out = run(&repo, &["check", "--format", "json"]);
    assert_good_pack_ran(&out);
    assert_refused(&out, "lint-rules/p000.toml");
    assert!(out.stderr.contains("(the share of each pack of the run)"), "{}", out.stderr);
}

#[test]
fn a_second_pack_of_the_same_name_is_refused_by_name() {
    let repo = repo_with_pack("zz-copie.toml", &GOOD_PACK.replace("« {match} » trouvé", "« {match} » imité"));
    let out = run(&repo, &["check", "--format", "json"]);
    assert_good_pack_ran(&out);
    assert!(!out.stdout.contains("imité"), "{}", out.stdout);
    assert_refused(&out, "lint-rules/zz-copie.toml");
    assert!(out.stderr.contains("already the name of the pack in lint-rules/bon.toml"), "{}", out.stderr);
}

#[test]
fn the_rule_files_of_a_run_hold_a_bounded_amount_of_text_together() {
    // Each file under the per-file limit, plain text without variables: 40 of them hold more
    // than the run's limit together.
    let value = "x".repeat(200 * 1024);
    let mut pack = String::from("[pack]\nname = \"NAME\"\n");
    for rule in 0..5 {
        write!(
            pack,
            "\n[[rule]]\nname = \"r{rule}\"\nkind = \"substitution\"\nmessage = \"m\"\nswap = {{ \"zzqx{rule}\" = \"{value}\" }}\n\
             examples.fail = [\"zzqx{rule}\"]\n"
        )
        .unwrap();
    }
    let repo = Repo::new();
    repo.write("lint-rules/bon.toml", GOOD_PACK);
    for n in 0..40 {
        repo.write(&format!("lint-rules/p{n:02}.toml"), &pack.replace("NAME", &format!("p{n:02}")));
    }
    repo.write("article.md", "# Titre\n\nUn mot ici.\n");
    repo.commit("init");
    let out = run(&repo, &["check", "--format", "json"]);
    assert_good_pack_ran(&out);
    assert_refused(&out, "lint-rules/p39.toml");
    assert!(out.stderr.contains("hold more than 33554432 bytes together"), "{}", out.stderr);
}
