//! A check added through the library behaves like a built-in one: selection, severity,
//! suppression comments and every emitter.

use relecture::{
    Article, ArticleCheck, CheckContext, Config, Diagnostic, EmitOptions, Format, Linter, RuleMeta, Severity,
};

relecture::declare_rule! {
    /// ## What it checks
    /// The code name.
    NO_CODE_NAME = ("no-code-name", "house", Error, "an internal code name in published text");
}

struct NoCodeName;

impl ArticleCheck for NoCodeName {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![NO_CODE_NAME]
    }

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        for block in &article.blocks {
            for (at, found) in block.prose.text.match_indices("Projet Hermès") {
                out.push(Diagnostic::new(
                    &NO_CODE_NAME,
                    block.prose.source_range(at..at + found.len()),
                    "internal code name",
                ));
            }
        }
    }
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\nlang: fr\n---\nLe Projet Hermès arrive.\n\n<!-- relecture-disable-next-line house -->\nLe Projet Hermès encore.\n",
    )
    .unwrap();
    dir
}

#[test]
fn plugin_findings_flow_through_suppression_severity_and_emitters() {
    let dir = folder();
    let run = Linter::new().repo(dir.path()).article_check(NoCodeName).run().unwrap();
    let mine: Vec<_> = run.report.findings.iter().filter(|f| f.rule == "no-code-name").collect();
    // The second mention is suppressed by the comment naming the plugin's family.
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].range.start.line, mine[0].range.start.column, mine[0].severity), (4, 4, Severity::Error));
    assert_eq!(mine[0].family, "house");

    let mut json = Vec::new();
    relecture::emit(&run.report, Format::Json, EmitOptions::default(), &mut json).unwrap();
    assert!(String::from_utf8(json).unwrap().contains("\"rule\": \"no-code-name\""));
    let mut text = Vec::new();
    relecture::emit(&run.report, Format::Text, EmitOptions::default(), &mut text).unwrap();
    assert!(String::from_utf8(text).unwrap().contains("error[no-code-name]: internal code name"));

    let mut config = Config::default();
    config.severity.insert("no-code-name".into(), relecture::SeveritySetting::Info);
    let quieter = Linter::new().repo(dir.path()).config(config).article_check(NoCodeName).run().unwrap();
    assert!(quieter.report.findings.iter().any(|f| f.rule == "no-code-name" && f.severity == Severity::Info));
    let ignored = Linter::new().repo(dir.path()).ignore(vec!["house".into()]).article_check(NoCodeName).run().unwrap();
    assert!(!ignored.report.findings.iter().any(|f| f.rule == "no-code-name"));
}
