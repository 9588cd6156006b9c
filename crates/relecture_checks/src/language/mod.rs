//! The `language` family: declared against detected language, per article and per paragraph.

mod config;
pub mod detect;
mod stopwords;

// Rule modules, one per file that declares a rule: kept by the registry test, do not edit.
pub mod language_mismatch;
pub mod language_undeclared;
pub mod mixed_language;
pub mod untranslated;
// End of rule modules.

use relecture_core::report::ArticleSummary;
use relecture_core::{Article, CheckContext};

pub use config::LanguageFamilyConfig;

/// Puts the article's detected language and its confidence in its entry of the report, when
/// the detection has the evidence it needs (a page of a few names says nothing). Every language
/// rule describes the article this way, so that detection is reported whenever one of them runs;
/// it is computed once per article.
pub(crate) fn describe(article: &Article, context: &CheckContext<'_>, summary: &mut ArticleSummary) {
    if let Some(detected) = detect::article_languages(article, context.config).overall.as_ref().filter(|d| d.reliable) {
        summary.language.detected = Some(detected.language.clone());
        summary.language.confidence = Some((detected.confidence * 100.0).round() / 100.0);
    }
}

#[cfg(test)]
mod tests {
    use relecture_core::{Config, FileContent, RuleSelection, SourceFile};
    use relecture_engine::run;

    use crate::builtin_checks;

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
        let selection =
            RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).expect("the selector exists");
        let output = run(vec![file], &config, &checks, &selection);
        output.articles.into_iter().map(|a| (a.language.declared, a.language.detected, a.language.confidence)).collect()
    }

    #[test]
    fn the_report_gives_the_detected_language_only_when_a_language_rule_runs() {
        assert_eq!(summarized_languages("mixed-language"), [(Some("fr".into()), Some("fr".into()), Some(1.0))]);
        assert_eq!(summarized_languages("duplicates"), [(Some("fr".into()), None, None)]);
    }

    #[test]
    fn a_close_language_guessed_by_the_statistical_model_alone_is_not_reported() {
        let text = "Si deseas explorar un ejemplo más complejo, revisa la demostración que incluye el servicio de pagos \
                    basado en JavaScript y el servicio de envíos basado en TypeScript.\n\n\
                    También querrás configurar un exporter apropiado para enviar tus datos de telemetría a uno o más \
                    backends de telemetría.\n";
        let file = SourceFile {
            path: "content/es/nodejs.md".into(),
            blob: None,
            content: FileContent::Bytes(text.as_bytes().to_vec()),
        };
        let checks = builtin_checks();
        let config = Config::default();
        let selection =
            RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&["mixed-language".into()]), &[])
                .expect("the rule exists");
        assert!(super::detect::close_languages("es", "pt") && !super::detect::close_languages("es", "en"));
        assert_eq!(run(vec![file], &config, &checks, &selection).findings, []);
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
            let selection =
                RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&["mixed-language".into()]), &[])
                    .expect("the rule exists");
            run(vec![file], &config, &checks, &selection).findings.len()
        };
        assert_eq!(mixed(""), 1);
        assert_eq!(mixed("[language]\nmin_words = 40\n"), 0);
    }

    #[test]
    fn hindi_and_bengali_pages_are_judged_by_their_script() {
        let hindi = "यह पृष्ठ बताता है कि OpenTelemetry Collector को Kubernetes क्लस्टर में कैसे कॉन्फ़िगर करें और \
                     उसके एक्सपोर्टर कैसे चुनें, ताकि आपकी सेवाओं का डेटा सही जगह पहुँचे।\n";
        let bengali = "এই পৃষ্ঠাটি ব্যাখ্যা করে কীভাবে Kubernetes ক্লাস্টারে OpenTelemetry Collector কনফিগার করতে হয় \
                       এবং এক্সপোর্টার বেছে নিতে হয়, যাতে আপনার সার্ভিসের ডেটা ঠিক জায়গায় পৌঁছায়।\n";
        let english = "The Collector receives telemetry from your services and exports it to one or more backends of your choice.\n";
        let file = |path: &str, text: String| SourceFile {
            path: path.into(),
            blob: None,
            content: FileContent::Bytes(text.into_bytes()),
        };
        let checks = builtin_checks();
        let config =
            Config::from_toml("[language]\nallowed = [\"en\", \"hi\", \"bn\"]\n", "relecture.toml", &crate::sections())
                .expect("valid");
        let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&["language".into()]), &[])
            .expect("the family exists");
        let files = vec![
            file("content/hi/collector.md", hindi.to_string()),
            file("content/bn/collector.md", format!("{bengali}\n{english}")),
            file("content/hi/bengali.md", bengali.to_string()),
        ];
        let findings: Vec<String> = run(files, &config, &checks, &selection)
            .findings
            .iter()
            .map(|f| format!("{}:{} {}", f.path, f.range.start.line, f.rule))
            .collect();
        assert_eq!(findings, ["content/bn/collector.md:3 mixed-language", "content/hi/bengali.md:1 language-mismatch"]);
    }
}
