//! The `language` family: declared against detected language, per article and per paragraph.

mod config;
pub mod detect;
mod language_mismatch;
mod language_undeclared;
mod mixed_language;
mod stopwords;

use detect::article_languages;
use relecture_core::language::declaration;
use relecture_core::report::ArticleSummary;
use relecture_core::{Article, ArticleCheck, CheckContext, Diagnostic, RuleMeta};

pub use config::LanguageFamilyConfig;
pub use language_mismatch::LANGUAGE_MISMATCH;
pub use language_undeclared::LANGUAGE_UNDECLARED;
pub use mixed_language::MIXED_LANGUAGE;

/// Runs the three language rules on one article, detecting its language once.
#[derive(Debug, Clone, Copy)]
pub struct LanguageCheck;

impl ArticleCheck for LanguageCheck {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![LANGUAGE_MISMATCH, MIXED_LANGUAGE, LANGUAGE_UNDECLARED]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let declared = declaration(article, context.config);
        if declared.is_none() && context.is_enabled(&LANGUAGE_UNDECLARED.name) {
            language_undeclared::check(article, out);
        }
        let mismatch = context.is_enabled(&LANGUAGE_MISMATCH.name);
        let mixed = context.is_enabled(&MIXED_LANGUAGE.name);
        if !mismatch && !mixed {
            return;
        }
        let languages = article_languages(article, context.config);
        let detected = languages.overall.as_ref();
        if mismatch && let (Some(declared), Some(detected)) = (&declared, detected) {
            language_mismatch::check(article, declared, detected, out);
        }
        if mixed {
            // Paragraphs are compared with what the article is written in; an article entirely in
            // another language than declared gets one `language-mismatch`, not one finding per paragraph.
            let reference = match (detected, &declared) {
                (Some(d), _) if d.reliable => Some(d.language.clone()),
                (_, Some(declared)) => Some(declared.language.clone()),
                _ => None,
            };
            if let Some(reference) = reference {
                mixed_language::check(
                    article,
                    context.config,
                    declared.as_ref().map(|d| d.language.as_str()),
                    &reference,
                    out,
                );
            }
        }
    }

    fn describe(&self, article: &Article, context: &CheckContext<'_>, summary: &mut ArticleSummary) {
        if let Some(detected) = &article_languages(article, context.config).overall {
            summary.language.detected = Some(detected.language.clone());
            summary.language.confidence = Some((detected.confidence * 100.0).round() / 100.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use relecture_core::engine::run;
    use relecture_core::{Config, FileContent, RuleSelection, SourceFile};

    use crate::builtin_checks;
    use crate::test_support::render_fixture;

    /// The declared, detected language and confidence of each article's entry in the report, with
    /// `select` as the selected rules.
    fn summarized_languages(select: &str) -> Vec<(Option<String>, Option<String>, Option<f64>)> {
        let text = "La mairie publie chaque semaine les décisions du conseil municipal sur son site, pour que \
                    les habitants puissent les lire et les commenter avant la prochaine séance.\n";
        let file = SourceFile {
            path: "content/fr/conseil.md".into(),
            blob: None,
            content: FileContent::Bytes(text.as_bytes().to_vec()),
        };
        let checks = builtin_checks();
        let mut config = Config::default();
        config.select = Some(vec![select.to_string()]);
        let selection = RuleSelection::new(&checks.rules(), &config, None, &[]).expect("the selector exists");
        let output = run(vec![file], &config, &checks, &selection);
        output.articles.into_iter().map(|a| (a.language.declared, a.language.detected, a.language.confidence)).collect()
    }

    #[test]
    fn the_report_gives_the_detected_language_only_when_a_language_rule_runs() {
        assert_eq!(summarized_languages("language-undeclared"), [(Some("fr".into()), Some("fr".into()), Some(1.0))]);
        assert_eq!(summarized_languages("duplicates"), [(Some("fr".into()), None, None)]);
    }

    #[test]
    fn mixed_language_judges_only_blocks_of_the_configured_length() {
        let text = "La mairie publie chaque semaine les décisions du conseil municipal sur son site, pour que les \
                    habitants puissent les lire et les commenter avant la prochaine séance du conseil.\n\n\
                    The city council publishes its decisions on the website every week so that people can read them.\n";
        let mixed = |settings: &str| {
            let file = SourceFile {
                path: "content/fr/conseil.md".into(),
                blob: None,
                content: FileContent::Bytes(text.as_bytes().to_vec()),
            };
            let checks = builtin_checks();
            let config = Config::from_toml(settings, "relecture.toml", &crate::sections()).expect("valid");
            let selection = RuleSelection::new(&checks.rules(), &config, Some(&["mixed-language".into()]), &[])
                .expect("the rule exists");
            run(vec![file], &config, &checks, &selection).findings.len()
        };
        assert_eq!(mixed(""), 1);
        assert_eq!(mixed("[language]\nmin_words = 40\n"), 0);
    }

    #[test]
    fn language_mismatch_fixture() {
        insta::assert_snapshot!(render_fixture("language-mismatch"));
    }

    #[test]
    fn mixed_language_fixture() {
        insta::assert_snapshot!(render_fixture("mixed-language"));
    }

    #[test]
    fn language_undeclared_fixture() {
        insta::assert_snapshot!(render_fixture("language-undeclared"));
    }
}
