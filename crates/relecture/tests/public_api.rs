//! Every type the facade's API hands out or asks for can be named through `relecture::`: a
//! plugin or a tool linking the library never needs an implementation crate.
//!
//! This file compiles only while that holds: each closure below names, through `relecture::`
//! paths alone, the types of the public fields and signatures of the facade's main types. A
//! type that is reachable but not re-exported makes the test fail to build. When a public field
//! or method is added to one of these types, name its types here too.

use std::collections::BTreeMap;
use std::sync::Arc;

#[test]
fn this_file_names_types_through_the_facade_only() {
    let source = include_str!("public_api.rs");
    let implementation = ["core", "engine", "git", "checks", "rules", "report"].map(|c| format!("relecture_{c}"));
    for name in implementation {
        assert!(
            !source.contains(&format!("{name}::")),
            "public_api.rs must name types through `relecture::`, not `{name}`"
        );
    }
}

type RulesAndRefusals = (Vec<relecture::RuleMeta>, Vec<relecture::RuleFileError>);
type Fixed = (relecture::Run, relecture::FixSummary);

#[test]
fn the_linter_and_its_run_name_only_re_exported_types() {
    let _: fn(relecture::Linter, relecture::Source) -> relecture::Linter = relecture::Linter::source;
    let _: fn(relecture::Linter, relecture::Config) -> relecture::Linter = relecture::Linter::config;
    let _: fn(&relecture::Linter) -> Result<relecture::Run, relecture::Error> = relecture::Linter::run;
    let _: fn(&relecture::Linter) -> Result<Vec<relecture::RuleMeta>, relecture::Error> = relecture::Linter::rules;
    let _: fn(&relecture::Linter) -> Result<RulesAndRefusals, relecture::Error> = relecture::Linter::rules_and_refusals;
    let _: fn(&relecture::Linter) -> Result<Option<relecture::IgnoredSettings>, relecture::Error> =
        relecture::Linter::ignored_settings;
    let _: fn(&relecture::Linter, bool) -> Result<Fixed, relecture::Error> = relecture::Linter::fix;
    let _ = |linter: &relecture::Linter| -> Result<relecture::History, relecture::Error> {
        linter.history("HEAD", |_, _| {})
    };
    let _ = |run: &relecture::Run| {
        let _: &relecture::Report = &run.report;
        let _: &relecture::Config = &run.config;
        let _: &Vec<relecture::RuleFileError> = &run.refused_rule_files;
        let _: &Option<relecture::IgnoredSettings> = &run.ignored_settings;
    };
    let _ = |summary: &relecture::FixSummary| {
        let _: &Vec<relecture::NotFixed> = &summary.not_fixed;
    };
    let _ = |history: &relecture::History| {
        let _: &Vec<relecture::CommitFindings> = &history.commits;
    };
}

#[test]
fn reports_and_findings_name_only_re_exported_types() {
    let _ = |report: &relecture::Report| {
        let _: &relecture::ToolInfo = &report.tool;
        let _: &relecture::SourceInfo = &report.source;
        let _: relecture::SourceKind = report.source.kind;
        let _: &relecture::Summary = &report.summary;
        let _: &Vec<relecture::ArticleSummary> = &report.articles;
        let _: &relecture::LanguageSummary = &report.articles[0].language;
        let _: &Vec<relecture::Finding> = &report.findings;
        let _: &Vec<relecture::Skipped> = &report.skipped;
        let _: &Option<relecture::Fallback> = &report.fallback;
        let _: &BTreeMap<String, Arc<str>> = &report.sources;
        let _: &Vec<relecture::RuleMeta> = &report.rules;
    };
    let _ = |finding: &relecture::Finding| {
        let _: relecture::Severity = finding.severity;
        let _: relecture::Span = finding.range;
        let _: relecture::Position = finding.range.start;
        let _: &Vec<relecture::RelatedLocation> = &finding.related;
        let _: &Option<relecture::FixReport> = &finding.fix;
        let _: Option<&Vec<relecture::EditReport>> = finding.fix.as_ref().map(|fix| &fix.edits);
        let _: Option<relecture::Applicability> = finding.fix.as_ref().map(|fix| fix.applicability);
        let _: Option<relecture::Status> = finding.status;
        let _: &Option<relecture::IntroducedBy> = &finding.introduced_by;
        if let Some(relecture::IntroducedBy::Commit(commit)) = &finding.introduced_by {
            let _: &relecture::IntroducingCommit = commit;
        }
    };
    let _: fn(
        &relecture::Report,
        relecture::Format,
        relecture::EmitOptions,
        &mut dyn std::io::Write,
    ) -> std::io::Result<()> = relecture::emit;
}

#[test]
fn articles_name_only_re_exported_types() {
    let _ = |article: &relecture::Article| {
        let _: &relecture::LineIndex = &article.line_index;
        let _: &Option<relecture::FrontMatter> = &article.front_matter;
        let _: &Option<relecture::FrontMatterError> = &article.front_matter_error;
        let _: relecture::TextRange = article.body;
        let _: &Vec<relecture::Block> = &article.blocks;
        let _: relecture::BlockKind = article.blocks[0].kind;
        let _: &relecture::Prose = &article.blocks[0].prose;
        let _: &Vec<relecture::Link> = &article.links;
        let _: relecture::LinkKind = article.links[0].kind;
        let _: fn(&relecture::Article, usize) -> relecture::Position = relecture::Article::position;
        let _: fn(&relecture::Article, relecture::TextRange) -> relecture::Span = relecture::Article::span;
    };
    let _ = |front_matter: &relecture::FrontMatter| {
        let _: relecture::FrontMatterFormat = front_matter.format;
        let _: &Vec<relecture::FrontMatterField> = &front_matter.fields;
        let _: &relecture::FrontMatterNode = &front_matter.fields[0].value;
        let _: &relecture::FrontMatterValue = &front_matter.fields[0].value.value;
    };
}

#[test]
fn checks_and_their_context_name_only_re_exported_types() {
    struct Plugin;
    impl relecture::ArticleCheck for Plugin {
        fn rules(&self) -> Vec<relecture::RuleMeta> {
            Vec::new()
        }
        fn check(&self, _: &relecture::Article, _: &relecture::CheckContext<'_>, _: &mut Vec<relecture::Diagnostic>) {}
        fn describe(&self, _: &relecture::Article, _: &relecture::CheckContext<'_>, _: &mut relecture::ArticleSummary) {
        }
    }
    impl relecture::CorpusCheck for Plugin {
        fn rules(&self) -> Vec<relecture::RuleMeta> {
            Vec::new()
        }
        fn check(
            &self,
            _: &[&relecture::Article],
            _: &relecture::CheckContext<'_>,
            _: &mut Vec<relecture::CorpusDiagnostic>,
        ) {
        }
        fn dependencies(
            &self,
            _: &relecture::Article,
            _: &relecture::CheckContext<'_>,
        ) -> Option<relecture::Dependencies> {
            None
        }
    }
    let _ = |context: &relecture::CheckContext<'_>| {
        let _: &relecture::Config = context.config;
        let _: &relecture::RuleSelection = context.selection;
        let _: &relecture::TreeIndex = context.tree;
    };
    let _ = |diagnostic: &relecture::Diagnostic| {
        let _: &Vec<relecture::Related> = &diagnostic.related;
        let _: Option<&Vec<relecture::Edit>> = diagnostic.fix.as_ref().map(|fix: &relecture::Fix| &fix.edits);
    };
    let _: relecture::Checks = relecture::Checks { article: vec![Arc::new(Plugin)], corpus: vec![Arc::new(Plugin)] };
}

#[test]
fn the_configuration_and_the_sections_plugins_read_name_only_re_exported_types() {
    /// A plugin's own section, `[house]`.
    #[derive(Debug, Clone, Default, serde::Deserialize)]
    struct House {}
    impl relecture::Section for House {
        const NAME: &'static str = "house";
        fn validate(&self, lines: &relecture::SectionLines<'_>) -> Result<(), relecture::Invalid> {
            Err(relecture::Invalid { line: lines.line(&[], None), message: "never".into() })
        }
    }
    let _ = |config: &relecture::Config| {
        let _: &BTreeMap<String, relecture::SeveritySetting> = &config.severity;
        let _: relecture::Severity = config.fail_on;
        let _: relecture::FileFilter = config.file_filter();
        let _: Arc<relecture::LanguageConfig> = config.section();
        let _: Arc<relecture::LanguageFamilyConfig> = config.section();
        let _: Arc<relecture::DuplicatesConfig> = config.section();
        let _: Arc<relecture::FrontMatterConfig> = config.section();
        let _: Arc<relecture::LinksConfig> = config.section();
    };
    let _: fn(&str, &str, &[relecture::SectionKind]) -> Result<relecture::Config, relecture::ConfigError> =
        relecture::Config::from_toml;
    let _ = |language: &relecture::LanguageConfig| {
        let _: &relecture::OrderedMap = &language.paths;
    };
    let _ = |front_matter: &relecture::FrontMatterConfig| {
        let _: &BTreeMap<String, relecture::FieldType> = &front_matter.types;
    };
    let _ = |links: &relecture::LinksConfig| {
        let _: &relecture::SiteRoots = &links.site_root;
        let _: relecture::Seconds = links.deadline;
    };

    let config = relecture::Config::from_toml("[house]\n", "relecture.toml", &[relecture::SectionKind::of::<House>()]);
    assert!(config.is_err(), "the plugin's section was validated");
}
