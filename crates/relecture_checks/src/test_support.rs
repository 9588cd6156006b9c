//! Fixture runner: a fixture is a text file of `%% name` sections, the first optional one being
//! `relecture.toml`; everything before the first section says what the fixture must produce.

use std::fmt::Write as _;

use relecture_core::{Config, FileContent, RuleSelection, SourceFile, TreeIndex};
use relecture_engine::run::run_in_tree;

use crate::builtin_checks;

/// Runs the built-in checks with only `rule` selected over the fixture `tests/fixtures/RULE.md`
/// and renders one line per finding.
pub fn render_fixture(rule: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{rule}.md"));
    let text = std::fs::read_to_string(&path).expect("the fixture exists");
    let mut config = Config::default();
    let mut files = Vec::new();
    for section in text.split("\n%% ").skip(1) {
        let (name, body) = section.split_once('\n').unwrap_or((section, ""));
        if name == "relecture.toml" {
            config = Config::from_toml(body, name).expect("the fixture configuration is valid");
        } else {
            files.push(SourceFile {
                path: name.to_string(),
                blob: None,
                content: FileContent::Bytes(body.as_bytes().to_vec()),
            });
        }
    }
    let checks = builtin_checks();
    let mut selection_config = config.clone();
    selection_config.select = Some(vec![rule.to_string()]);
    let selection =
        RuleSelection::new(&relecture_engine::rules(&checks), &selection_config, None, &[]).expect("the rule exists");
    // Every file is in the tree; only those the include globs accept are articles.
    let tree = TreeIndex::new(files.iter().map(|f| f.path.clone()));
    let filter = config.file_filter();
    files.retain(|f| filter.matches(&f.path));
    let output = run_in_tree(files, &tree, &config, &checks, &selection);
    let mut rendered = String::new();
    for finding in output.findings {
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
        for related in finding.related {
            let _ = writeln!(
                rendered,
                "    related {}:{}:{} {}",
                related.path, related.range.start.line, related.range.start.column, related.message
            );
        }
    }
    rendered
}
