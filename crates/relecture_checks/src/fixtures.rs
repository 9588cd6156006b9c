//! Fixture snapshots: every `tests/fixtures/RULE.md` runs with only RULE selected and renders as
//! one snapshot, fixes included. A fixture is a text file of `%% name` sections, the first
//! optional one being `relecture.toml`; everything before the first section says what the fixture
//! must produce.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use relecture_core::finding::FixReport;
use relecture_core::site::{Site, SiteConfig};
use relecture_core::{Config, FileContent, Finding, RuleSelection, SourceFile, TreeIndex};
use relecture_engine::run_in_tree;

use crate::{builtin_checks, builtin_rules};

/// Where the fixtures live.
fn fixture_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Where the snapshots of [`rule_fixtures`] live, and the prefix of their names.
const SNAPSHOT_FOLDER: &str = "src/snapshots";
const SNAPSHOT_PREFIX: &str = "relecture_checks__fixtures__rule_fixtures@";

/// Runs the built-in checks with only `rule` selected over the fixture `text` and renders one
/// line per finding, its related places, and its fix as the lines it edits.
fn render_fixture(rule: &str, text: &str) -> String {
    let mut config = Config::default();
    let mut files = Vec::new();
    for section in text.split("\n%% ").skip(1) {
        let (name, body) = section.split_once('\n').unwrap_or((section, ""));
        if name == "relecture.toml" {
            config = Config::from_toml(body, name, &crate::sections()).expect("the fixture configuration is valid");
        } else {
            files.push(SourceFile {
                path: name.to_string(),
                blob: None,
                content: FileContent::Bytes(body.as_bytes().to_vec()),
            });
        }
    }
    let sources: BTreeMap<String, String> = files
        .iter()
        .map(|f| match &f.content {
            FileContent::Bytes(bytes) => (f.path.clone(), String::from_utf8_lossy(bytes).into_owned()),
            _ => (f.path.clone(), String::new()),
        })
        .collect();
    let checks = builtin_checks();
    let mut selection_config = config.clone();
    selection_config.select = Some(vec![rule.to_string()]);
    let selection =
        RuleSelection::new(&relecture_engine::rules(&checks), &selection_config, None, &[]).expect("the rule exists");
    // Every file is in the tree; only those the include globs accept are articles.
    let tree = TreeIndex::new(files.iter().map(|f| f.path.clone()));
    // The site model, as a run detects it from the same files.
    let site = Site::detect(&tree, &|path| sources.get(path).cloned(), &config.section::<SiteConfig>());
    config.update_section(|settings: &mut SiteConfig| settings.detected = Some(Arc::new(site)));
    let filter = config.file_filter();
    files.retain(|f| filter.matches(&f.path));
    let output = run_in_tree(files, &tree, &config, &checks, &selection);
    let mut rendered = String::new();
    for finding in output.findings {
        render_finding(&mut rendered, &finding, sources.get(&finding.path).map_or("", String::as_str));
    }
    rendered
}

fn render_finding(rendered: &mut String, finding: &Finding, source: &str) {
    let _ = writeln!(
        rendered,
        "{}:{}:{}-{}:{} {} {} {}",
        finding.path,
        finding.range.start.line,
        finding.range.start.column,
        finding.range.end.line,
        finding.range.end.column,
        finding.severity,
        finding.rule,
        finding.message
    );
    // Every message is said in French as well: shown, and complete in both catalogues.
    let said = finding.said.as_ref().expect("a finding of a run keeps its message");
    assert_eq!(said.problems(), Vec::<String>::new(), "{}", finding.message);
    let _ = writeln!(rendered, "    fr: {}", said.render(relecture_core::Locale::Fr));
    for related in &finding.related {
        if let Some(said) = &related.said {
            assert_eq!(said.problems(), Vec::<String>::new(), "{}", related.message);
        }
        let _ = writeln!(
            rendered,
            "    related {}:{}:{} {}",
            related.path, related.range.start.line, related.range.start.column, related.message
        );
    }
    if let Some(fix) = &finding.fix {
        render_fix(rendered, fix, source);
    }
}

/// The lines a fix edits, before (`-`) and after (`+`) it is applied.
fn render_fix(rendered: &mut String, fix: &FixReport, source: &str) {
    let applicability = serde_json::to_value(fix.applicability).expect("an applicability serialises");
    let _ = writeln!(rendered, "    fix ({}):", applicability.as_str().unwrap_or_default());
    let mut edits: Vec<_> =
        fix.edits.iter().map(|e| (e.range.start.offset, e.range.end.offset, &e.replacement)).collect();
    edits.sort();
    let (Some(first), Some(last)) = (edits.first(), edits.last()) else { return };
    let start = source[..first.0].rfind('\n').map_or(0, |i| i + 1);
    let end = source[last.1..].find('\n').map_or(source.len(), |i| last.1 + i);
    let mut fixed = String::new();
    let mut at = start;
    for (from, to, replacement) in &edits {
        fixed.push_str(&source[at..*from]);
        fixed.push_str(replacement);
        at = *to;
    }
    fixed.push_str(&source[at..end]);
    for line in source[start..end].split('\n') {
        let _ = writeln!(rendered, "    - {line}");
    }
    for line in fixed.split('\n') {
        let _ = writeln!(rendered, "    + {line}");
    }
}

/// The site's configuration declares the language of its pages: a Jekyll site's `lang` makes
/// every page French, so none is undeclared and an English page is not in its declared language.
#[test]
fn the_site_configuration_declares_the_pages_language() {
    let site = "A Jekyll site.\n%% _config.yml\ntitle: Service public\nlang: fr\n\n%% _posts/2024-01-01-annonce.md\nLa mairie publie chaque semaine les décisions du conseil municipal sur son site, pour que les habitants puissent les lire.\n\n%% _posts/2024-02-01-english.md\nThe city council publishes its decisions on the website every week so that people can read them before the next meeting of the council.\n";
    assert_eq!(render_fixture("language-undeclared", site), "");
    let mismatch = render_fixture("language-mismatch", site);
    assert!(
        mismatch.contains("_posts/2024-02-01-english.md") && mismatch.contains("site's configuration"),
        "{mismatch}"
    );
    assert!(!mismatch.contains("annonce"), "{mismatch}");
    // Hugo assumes English when nothing is said: that declares nothing.
    let hugo = "A Hugo site.\n%% hugo.toml\nbaseURL = \"https://example.org/\"\n\n%% content/annonce.md\nLa mairie publie chaque semaine les décisions du conseil municipal.\n";
    assert!(render_fixture("language-undeclared", hugo).contains("content/annonce.md"));
}

#[test]
fn rule_fixtures() {
    let built: BTreeSet<String> = builtin_rules().iter().map(|r| r.name.to_string()).collect();
    insta::glob!("../tests/fixtures", "*.md", |path| {
        let rule = path.file_stem().and_then(|s| s.to_str()).expect("fixture names are UTF-8");
        // A rule behind a feature this build leaves out (`dead-link` without `online`).
        if !built.contains(rule) {
            return;
        }
        let text = std::fs::read_to_string(path).expect("the fixture is readable");
        insta::assert_snapshot!(render_fixture(rule, &text));
    });
}

/// The fixture files (`RULE.md`) and the fixtures the snapshots are of.
fn fixtures_and_snapshots() -> (BTreeSet<String>, BTreeSet<String>) {
    let names = |folder: &Path| -> Vec<String> {
        // No snapshot folder yet is no snapshot at all.
        let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
        entries.map(|entry| entry.expect("the folder is readable").file_name().to_string_lossy().into_owned()).collect()
    };
    let fixtures = names(&fixture_folder())
        .into_iter()
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "md"))
        .collect();
    let snapshots = names(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT_FOLDER))
        .into_iter()
        .filter_map(|name| Some(name.strip_prefix(SNAPSHOT_PREFIX)?.strip_suffix(".snap")?.to_string()))
        .collect();
    (fixtures, snapshots)
}

#[test]
fn every_fixture_has_a_snapshot_and_every_snapshot_a_fixture() {
    let (fixtures, snapshots) = fixtures_and_snapshots();
    let without_snapshot: Vec<_> = fixtures.difference(&snapshots).collect();
    assert!(
        without_snapshot.is_empty(),
        "fixtures without a snapshot (accept them with `cargo insta test -p relecture_checks` or `INSTA_UPDATE=always cargo test -p relecture_checks`): {without_snapshot:?}"
    );
    let without_fixture: Vec<_> = snapshots.difference(&fixtures).collect();
    assert!(without_fixture.is_empty(), "snapshots of no fixture (delete them): {without_fixture:?}");
}

#[test]
fn every_fixture_is_of_a_rule() {
    let rules: BTreeSet<String> = builtin_rules().iter().map(|r| format!("{}.md", r.name)).collect();
    let (fixtures, _) = fixtures_and_snapshots();
    // `dead-link` is declared only with the `online` feature; its fixture stays.
    let strays: Vec<_> = fixtures.iter().filter(|f| !rules.contains(*f) && *f != "dead-link.md").collect();
    assert!(strays.is_empty(), "fixtures of no rule: {strays:?}");
}
