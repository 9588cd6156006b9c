//! The `duplicates` family: text written twice, in one article or across the corpus.

mod across;
mod cross_duplicate;
mod duplicate_heading;
mod duplicate_paragraph;
mod near_duplicate;
pub mod paragraphs;
mod repeated_sentence;
mod repeated_word;

use relecture_core::{
    Article, ArticleCheck, CheckContext, CorpusCheck, CorpusDiagnostic, Dependencies, Diagnostic, RuleMeta,
};

pub use cross_duplicate::CROSS_DUPLICATE;
pub use duplicate_heading::DUPLICATE_HEADING;
pub use duplicate_paragraph::DUPLICATE_PARAGRAPH;
pub use near_duplicate::NEAR_DUPLICATE;
pub use repeated_sentence::REPEATED_SENTENCE;
pub use repeated_word::REPEATED_WORD;

/// Runs the within-article duplicate rules on one article.
#[derive(Debug, Clone, Copy)]
pub struct WithinArticleDuplicates;

impl ArticleCheck for WithinArticleDuplicates {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![REPEATED_SENTENCE, DUPLICATE_PARAGRAPH, DUPLICATE_HEADING, REPEATED_WORD]
    }

    fn check(&self, article: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let min_words = context.config.duplicates.min_words;
        let paragraphs = context.is_enabled(&DUPLICATE_PARAGRAPH.name);
        let duplicated =
            if paragraphs { duplicate_paragraph::check(article, min_words, true, out) } else { Vec::new() };
        if context.is_enabled(&REPEATED_SENTENCE.name) {
            repeated_sentence::check(article, min_words, &duplicated, out);
        }
        if context.is_enabled(&DUPLICATE_HEADING.name) {
            duplicate_heading::check(article, out);
        }
        if context.is_enabled(&REPEATED_WORD.name) {
            repeated_word::check(article, out);
        }
    }
}

/// Finds paragraphs copied, exactly or nearly, between articles.
#[derive(Debug, Clone, Copy)]
pub struct CrossArticleDuplicates;

impl CorpusCheck for CrossArticleDuplicates {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![CROSS_DUPLICATE, NEAR_DUPLICATE]
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        if context.is_enabled(&CROSS_DUPLICATE.name) || context.is_enabled(&NEAR_DUPLICATE.name) {
            across::check(articles, context, out);
        }
    }

    fn dependencies(&self, article: &Article, context: &CheckContext<'_>) -> Option<Dependencies> {
        Some(across::dependencies(article, context))
    }

    fn prepare(&self, article: &Article, context: &CheckContext<'_>) {
        if context.is_enabled(&CROSS_DUPLICATE.name) || context.is_enabled(&NEAR_DUPLICATE.name) {
            across::prepare(article, context);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::render_fixture;

    #[test]
    fn repeated_sentence_fixture() {
        insta::assert_snapshot!(render_fixture("repeated-sentence"));
    }

    #[test]
    fn duplicate_heading_fixture() {
        insta::assert_snapshot!(render_fixture("duplicate-heading"));
    }

    #[test]
    fn duplicate_paragraph_fixture() {
        insta::assert_snapshot!(render_fixture("duplicate-paragraph"));
    }

    #[test]
    fn repeated_word_fixture() {
        insta::assert_snapshot!(render_fixture("repeated-word"));
    }

    #[test]
    fn cross_duplicate_fixture() {
        insta::assert_snapshot!(render_fixture("cross-duplicate"));
    }

    #[test]
    fn near_duplicate_fixture() {
        insta::assert_snapshot!(render_fixture("near-duplicate"));
    }
}

#[cfg(test)]
mod order_tests {
    use relecture_core::{Config, FileContent, RuleSelection, SourceFile};
    use relecture_engine::run::run;

    use crate::builtin_checks;

    const SENTENCES: &[&str] = &[
        "Les réseaux sociaux prennent de plus en plus d’importance dans la vie des citoyens et des élus.",
        "La présence des collectivités sur ces plateformes est devenue essentielle pour informer rapidement.",
        "Public services publish more of their information online, and citizens expect it to be accurate.",
        "Le service communication relit chaque article avant sa publication, mais des erreurs passent encore.",
        "Cet article a été rédigé par les étudiants de la licence professionnelle, promotion 2020-2021.",
    ];

    /// Articles that share exact, near and boilerplate paragraphs, with repeated words and headings.
    fn articles() -> Vec<SourceFile> {
        (0..24)
            .map(|i| {
                let a = SENTENCES[i % SENTENCES.len()];
                let b = SENTENCES[(i * 7 + 3) % SENTENCES.len()];
                let near = if i % 3 == 0 { a.replace("plus", "toujours plus") } else { a.to_string() };
                let text = format!(
                    "# Titre {}\n\n{near} {b}\n\n{b} {a}\n\nLe le texte.\n\n# Titre {}\n\n{}\n",
                    i % 4,
                    i % 4,
                    SENTENCES[4]
                );
                SourceFile {
                    path: format!("content/{:02}/article.md", (i * 11) % 24),
                    blob: None,
                    content: FileContent::Bytes(text.into_bytes()),
                }
            })
            .collect()
    }

    fn lint(files: Vec<SourceFile>, threads: usize) -> Vec<relecture_core::Finding> {
        let checks = builtin_checks();
        let config = Config::default();
        let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| run(files, &config, &checks, &selection)).findings
    }

    #[test]
    fn boilerplate_can_be_left_unreported() {
        let footer = SENTENCES[4];
        let files: Vec<SourceFile> = (0..6)
            .map(|i| SourceFile {
                path: format!("{i}.md"),
                blob: None,
                content: FileContent::Bytes(format!("{}\n\n{footer}\n", SENTENCES[i % 4]).into_bytes()),
            })
            .collect();
        let checks = builtin_checks();
        let mut config = Config::default();
        let selection =
            RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&["cross-duplicate".to_string()]), &[])
                .unwrap();
        let reported = run(files.clone(), &config, &checks, &selection).findings;
        // One info for the footer in six articles, and the copies of the first two sentences.
        assert_eq!(reported.iter().filter(|f| f.severity == relecture_core::Severity::Info).count(), 1);
        config.duplicates.report_boilerplate = false;
        let quiet = run(files, &config, &checks, &selection).findings;
        assert_eq!(quiet.len(), reported.len() - 1);
        assert!(quiet.iter().all(|f| f.severity == relecture_core::Severity::Warning));
    }

    #[test]
    fn findings_do_not_depend_on_article_order_or_threads() {
        let reference = lint(articles(), 1);
        assert!(reference.iter().any(|f| f.rule == "cross-duplicate"));
        assert!(reference.iter().any(|f| f.rule == "near-duplicate"));
        assert!(reference.iter().any(|f| f.rule == "repeated-word"));
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..20 {
            let mut files = articles();
            // Fisher–Yates with a fixed xorshift sequence: twenty different orders, the same every run.
            for i in (1..files.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                files.swap(i, (state % (i as u64 + 1)) as usize);
            }
            assert_eq!(lint(files, 1 + round % 4), reference, "round {round}");
        }
    }
}
