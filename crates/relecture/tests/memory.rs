//! Articles given in memory are linted as the same files on disk would be, across the whole set,
//! and nothing is written.

use std::collections::BTreeSet;
use std::path::Path;

use relecture::{Finding, Linter, SourceKind};

const ARTICLE: &str = "---\ntitle: Un article\nlang: fr\n---\n# Un titre\n\nLe le chat dort sur le canapé.\n\n\
Voir [la suite](#ailleurs) et [une page](absente.md).\n";

/// A paragraph long enough for the duplicates family to compare.
const SHARED: &str = "Les bibliothèques municipales ouvrent leurs portes le dimanche pendant tout l'hiver, \
et chaque quartier reçoit une fois par mois la visite du bibliobus avec ses nouveautés.";

fn findings(run: &relecture::Run) -> String {
    serde_json::to_string_pretty(&run.report.findings).unwrap()
}

fn rules_in(findings: &[Finding], path: &str) -> BTreeSet<String> {
    findings.iter().filter(|f| f.path == path).map(|f| f.rule.clone()).collect()
}

fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            found.insert(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                folders.push(path);
            }
        }
    }
    found
}

#[test]
fn an_article_in_memory_has_the_findings_of_the_same_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("posts")).unwrap();
    std::fs::write(dir.path().join("posts/chat.md"), ARTICLE).unwrap();
    let on_disk = Linter::new().repo(dir.path()).run().unwrap();
    let in_memory = Linter::new().lint_text("posts/chat.md", ARTICLE).unwrap();

    assert!(!in_memory.report.findings.is_empty());
    assert_eq!(findings(&in_memory), findings(&on_disk));
    assert_eq!(
        serde_json::to_string(&in_memory.report.articles).unwrap(),
        serde_json::to_string(&on_disk.report.articles).unwrap()
    );
    assert_eq!(in_memory.report.summary.findings, on_disk.report.summary.findings);
    assert_eq!(in_memory.report.source.kind, SourceKind::Memory);
    // Snippets read the text given.
    assert_eq!(in_memory.report.sources.get("posts/chat.md").map(AsRef::as_ref), Some(ARTICLE));
}

#[test]
fn the_configuration_given_to_the_builder_applies_to_articles_in_memory() {
    let mut config = relecture::Config::default();
    config.ignore = vec!["repeated-word".to_string()];
    let run = Linter::new().config(config).lint_text("chat.md", ARTICLE).unwrap();
    assert!(!rules_in(&run.report.findings, "chat.md").contains("repeated-word"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, "ignore = [\"repeated-word\"]\n").unwrap();
    let run = Linter::new().config_file(&file).lint_text("chat.md", ARTICLE).unwrap();
    assert!(!rules_in(&run.report.findings, "chat.md").contains("repeated-word"));
    assert!(rules_in(&run.report.findings, "chat.md").contains("broken-link"));
    let run = Linter::new().lint_text("./chat.md", ARTICLE).unwrap();
    assert!(rules_in(&run.report.findings, "chat.md").contains("repeated-word"));
    // A path the article globs do not take is not an article.
    let run = Linter::new().lint_text("notes.txt", ARTICLE).unwrap();
    assert!(run.report.articles.is_empty() && run.report.findings.is_empty());
}

#[test]
fn corpus_rules_see_the_whole_set_of_articles_in_memory() {
    let a = format!("---\ntitle: A\nlang: fr\n---\n{SHARED}\n\nVoir [B](b.md#absente) et [B](b.md#horaires).\n");
    let b = format!("---\ntitle: B\nlang: fr\n---\n## Horaires\n\n{SHARED}\n");
    let run = Linter::new().lint_texts([("a.md".to_string(), a.clone()), ("b.md".to_string(), b)]).unwrap();
    let found = &run.report.findings;
    let anchors: Vec<&Finding> = found.iter().filter(|f| f.rule == "missing-anchor").collect();
    assert_eq!(anchors.len(), 1, "{found:#?}");
    assert_eq!(anchors[0].path, "a.md");
    // The second copy is reported, pointing at the first.
    let copy: Vec<&Finding> = found.iter().filter(|f| f.rule == "cross-duplicate").collect();
    assert_eq!(copy.len(), 1, "{found:#?}");
    assert_eq!(copy[0].path, "b.md");
    assert!(copy[0].message.contains("a.md:5"), "{}", copy[0].message);
    assert!(!rules_in(found, "a.md").contains("broken-link"), "{found:#?}");

    // Alone, the article links to a file that is not there, and copies nothing.
    let alone = Linter::new().lint_text("a.md", a).unwrap();
    let rules = rules_in(&alone.report.findings, "a.md");
    assert!(rules.contains("broken-link") && !rules.contains("missing-anchor"), "{rules:?}");
    assert!(alone.report.findings.iter().all(|f| f.rule != "cross-duplicate"));
}

#[test]
fn linting_in_memory_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("relecture.toml"), "ignore = [\"repeated-word\"]\n").unwrap();
    let cache = dir.path().join("cache");
    let linter = Linter::new().repo(dir.path()).state_cache(&cache, "test");
    let before = files_under(dir.path());
    let run = linter.lint_text("chat.md", ARTICLE).unwrap();
    // The repository's configuration is read, its folder left as it was, no cache made.
    assert!(!rules_in(&run.report.findings, "chat.md").contains("repeated-word"));
    assert!(rules_in(&run.report.findings, "chat.md").contains("broken-link"));
    assert_eq!(files_under(dir.path()), before);
    assert!(!cache.exists());
    // A run on the folder keeps its results there.
    linter.run().unwrap();
    assert!(cache.exists());
}

#[test]
fn given_a_repository_an_article_in_memory_is_linted_as_that_path_of_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("posts")).unwrap();
    std::fs::write(dir.path().join("posts/autre.md"), "---\ntitle: Autre\nlang: fr\n---\nUn autre texte.\n").unwrap();
    let text = format!("{ARTICLE}\nLire [l'autre](autre.md).\n");
    let linter = Linter::new().repo(dir.path());
    let in_memory = linter.lint_text("posts/chat.md", text.clone()).unwrap();
    let rules = rules_in(&in_memory.report.findings, "posts/chat.md");
    // A link to a file of the repository resolves; one to no file does not.
    let broken: Vec<&str> =
        in_memory.report.findings.iter().filter(|f| f.rule == "broken-link").map(|f| f.message.as_str()).collect();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("absente.md"), "{broken:?}");
    assert!(rules.contains("repeated-word"));
    assert!(!dir.path().join("posts/chat.md").exists());

    std::fs::write(dir.path().join("posts/chat.md"), &text).unwrap();
    let on_disk = linter.clone().paths(vec!["posts/chat.md".to_string()]).run().unwrap();
    assert_eq!(findings(&in_memory), findings(&on_disk));
}
