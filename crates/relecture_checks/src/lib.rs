//! The built-in checks, one folder per family and one file per rule.
//!
//! This is an implementation crate of relecture: it has no stability promise and its API changes
//! with any release. Tools and plugins use the `relecture` crate, the facade, which re-exports
//! what they need.
#![deny(missing_docs)]

use relecture_core::config::SectionKind;
use relecture_core::language::LanguageConfig;
use relecture_core::report::ArticleSummary;
use relecture_core::{Article, ArticleCheck, CheckContext, Checks, Diagnostic, RuleMeta};

pub mod duplicates;
pub mod frontmatter;
pub mod language;
pub mod links;
mod registry;

/// A check of one rule on one article, written in the rule's own file next to its declaration.
/// The registry runs it only when its rule is enabled, so it never asks itself.
pub trait ArticleRule: Send + Sync + 'static {
    /// The rule it reports.
    const RULE: &'static RuleMeta;

    /// Appends the diagnostics of `article` to `out`.
    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>);

    /// Adds what the rule knows of `article` to its entry in the report (see
    /// [`ArticleCheck::describe`]); nothing by default.
    fn describe(&self, _article: &Article, _context: &CheckContext<'_>, _summary: &mut ArticleSummary) {}
}

/// An [`ArticleRule`] as the engine runs it: skipped when its rule is off.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuleCheck<T>(pub T);

impl<T: ArticleRule> ArticleCheck for RuleCheck<T> {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![T::RULE.clone()]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        if context.is_enabled(T::RULE) {
            self.0.check(article, context, out);
        }
    }

    fn describe(&self, article: &Article, context: &CheckContext<'_>, summary: &mut ArticleSummary) {
        self.0.describe(article, context, summary);
    }
}

/// Every built-in check, in registry order.
pub fn builtin_checks() -> Checks {
    Checks { article: registry::article_checks(), corpus: registry::corpus_checks() }
}

/// The configuration sections of the built-in checks, in the order unknown-key errors list them:
/// give them to the loader ([`relecture_core::Config::from_toml`], [`relecture_core::trust::load`]).
pub fn sections() -> Vec<SectionKind> {
    vec![
        SectionKind::of::<frontmatter::FrontMatterConfig>(),
        SectionKind::of::<LanguageConfig>(),
        SectionKind::of::<language::LanguageFamilyConfig>(),
        SectionKind::of::<duplicates::DuplicatesConfig>(),
        SectionKind::of::<links::LinksConfig>(),
        SectionKind::of::<relecture_core::site::SiteConfig>(),
        SectionKind::of::<relecture_core::translation::TranslationsConfig>(),
    ]
}

/// Every rule of the built-in checks, in registry order (a run adds the engine's own rules).
pub fn builtin_rules() -> Vec<RuleMeta> {
    builtin_checks().rules()
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    relecture_core::declare_rule! {
        /// A rule whose check always fails.
        EXPLODING = ("exploding", "test", Warning, "");
    }

    /// Fails on every article it is run on.
    struct Exploding;

    impl ArticleRule for Exploding {
        const RULE: &'static RuleMeta = &EXPLODING;

        fn check(&self, _: &Article, _: &CheckContext<'_>, _: &mut Vec<Diagnostic>) {
            panic!("run although its rule is off");
        }
    }

    #[test]
    fn a_rule_check_runs_only_when_its_rule_is_enabled() {
        use relecture_core::{Config, FileContent, RuleSelection, SourceFile};
        let checks = Checks { article: vec![std::sync::Arc::new(RuleCheck(Exploding))], corpus: Vec::new() };
        let config = Config::default();
        let file = SourceFile { path: "a.md".into(), blob: None, content: FileContent::Bytes(b"Texte.\n".to_vec()) };
        let lint = |ignore: &[String]| {
            let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, ignore).unwrap();
            relecture_engine::run(vec![file.clone()], &config, &checks, &selection).findings
        };
        let on = lint(&[]);
        assert_eq!(on.len(), 1);
        assert!(on[0].rule == "internal-error" && on[0].message.contains("exploding"), "{on:?}");
        assert!(lint(&["exploding".to_string()]).is_empty());
    }

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let rules = builtin_rules();
        let mut names: Vec<&str> = rules.iter().map(|r| r.name.as_ref()).collect();
        for name in &names {
            assert!(
                !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-'),
                "`{name}` is not kebab-case"
            );
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a rule name is registered twice");
    }

    #[test]
    fn every_rule_is_documented_with_the_four_headings() {
        for rule in builtin_rules() {
            let doc = rule.documentation();
            for heading in ["## What it checks", "## Why", "## Example", "## How to fix"] {
                assert!(doc.contains(heading), "`{}` has no `{heading}` section", rule.name);
            }
            assert!(!rule.summary.is_empty(), "`{}` has no summary", rule.name);
        }
    }

    #[test]
    fn every_rule_has_a_fixture() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for rule in builtin_rules() {
            let path = fixtures.join(format!("{}.md", rule.name));
            assert!(path.exists(), "`{}` has no fixture at {}", rule.name, path.display());
        }
    }
}

#[cfg(test)]
mod codegen;
#[cfg(test)]
mod fixtures;
