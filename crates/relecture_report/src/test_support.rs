//! A small report built from a real run of the engine, shared by the emitters' snapshot tests.

use std::sync::Arc;

use relecture_core::report::{Report, SourceInfo, Summary, ToolInfo};
use relecture_core::{
    Article, ArticleCheck, CheckContext, Checks, Config, Diagnostic, FileContent, Related, RuleMeta, RuleSelection,
    SourceFile, TextRange, declare_rule,
};
use relecture_engine::run::run;

// Rules without documentation: the snapshots show an empty help text.
declare_rule! {
    REPEATED_SENTENCE = ("repeated-sentence", "duplicates", Warning, "");
}

declare_rule! {
    FRONTMATTER_MISSING_FIELD = ("frontmatter-missing-field", "frontmatter", Error, "");
}

/// Reports the second of two identical sentences, with the first as related location.
struct SecondSentence;

impl ArticleCheck for SecondSentence {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![REPEATED_SENTENCE]
    }

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let needle = "La communication publique informe.";
        let mut found = article.source.match_indices(needle).map(|(i, _)| TextRange::new(i, i + needle.len()));
        if let (Some(first), Some(second)) = (found.next(), found.next()) {
            out.push(
                Diagnostic::new(
                    &REPEATED_SENTENCE,
                    second,
                    format!("this sentence already appears on line {}", article.position(first.start).line),
                )
                .with_related(Related {
                    path: article.path.clone(),
                    range: first,
                    message: "first occurrence".into(),
                }),
            );
        }
    }
}

pub(crate) fn sample_report() -> Report {
    let files = vec![
        SourceFile {
            path: "content/fr/com.md".into(),
            blob: Some("3b18e512dba79e4c8300dd08aeb37f8e728b8dad".into()),
            content: FileContent::Bytes(
                "---\ntitle: L’intérêt\nlang: fr\n---\n# L’intérêt\n\nLa communication publique informe. Elle explique.\nLa communication publique informe.\n"
                    .into(),
            ),
        },
        SourceFile { path: "content/fr/vide.md".into(), blob: None, content: FileContent::Bytes("Sans front matter.\n".into()) },
    ];
    let checks = Checks { article: vec![Arc::new(SecondSentence), Arc::new(FrontMatterTitle)], corpus: Vec::new() };
    let config = Config::default();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
    let output = run(files, &config, &checks, &selection);
    let mut report = Report::new(
        ToolInfo::new("relecture", "0.1.0"),
        SourceInfo::new(relecture_core::SourceKind::WorkTree, "/repo", None),
        Summary::count(output.articles.len(), &output.findings, 0),
    );
    report.articles = output.articles;
    report.findings = output.findings;
    report.skipped =
        vec![relecture_core::Skipped { path: "content/lien.md".into(), reason: "symbolic link (not followed)".into() }];
    report.sources = output.sources;
    report.rules = relecture_engine::rules(&checks);
    report
}

/// Reports articles without a front matter title, as an error.
struct FrontMatterTitle;

impl ArticleCheck for FrontMatterTitle {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![FRONTMATTER_MISSING_FIELD]
    }

    fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if article.front_matter.is_none() {
            out.push(Diagnostic::new(
                &FRONTMATTER_MISSING_FIELD,
                TextRange::empty(0),
                "the article has no front matter, so the required field `title` is missing",
            ));
        }
    }
}
