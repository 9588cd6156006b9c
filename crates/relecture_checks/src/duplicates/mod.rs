//! The `duplicates` family: text written twice, in one article or across the corpus.

mod across;
mod config;
pub mod paragraphs;

// Rule modules, one per file that declares a rule: kept by the registry test, do not edit.
pub mod cross_duplicate;
pub mod duplicate_heading;
pub mod duplicate_paragraph;
pub mod near_duplicate;
pub mod repeated_phrase;
pub mod repeated_sentence;
pub mod repeated_word;
// End of rule modules.

pub use config::DuplicatesConfig;
use relecture_core::{Article, CheckContext, CorpusCheck, CorpusDiagnostic, Dependencies, RuleMeta};

use cross_duplicate::CROSS_DUPLICATE;
use near_duplicate::NEAR_DUPLICATE;

/// Finds paragraphs copied, exactly or nearly, between articles.
#[derive(Debug, Clone, Copy, Default)]
pub struct CrossArticleDuplicates;

impl CorpusCheck for CrossArticleDuplicates {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![CROSS_DUPLICATE, NEAR_DUPLICATE]
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        if context.is_enabled(&CROSS_DUPLICATE) || context.is_enabled(&NEAR_DUPLICATE) {
            across::check(articles, context, out);
        }
    }

    fn dependencies(&self, article: &Article, context: &CheckContext<'_>) -> Option<Dependencies> {
        Some(across::dependencies(article, context))
    }

    fn prepare(&self, article: &Article, context: &CheckContext<'_>) {
        if context.is_enabled(&CROSS_DUPLICATE) || context.is_enabled(&NEAR_DUPLICATE) {
            across::prepare(article, context);
        }
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

    /// `n` in letters: `a`, `b`, … `ba`.
    fn letters(mut n: usize) -> String {
        let mut out = Vec::new();
        loop {
            out.push(b'a' + (n % 26) as u8);
            n /= 26;
            if n == 0 {
                break;
            }
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    }

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
                    // Unrelated pages (no folder, number or name in common): copies between them are reported.
                    path: format!("content/{}/{}.md", letters((i * 11) % 24), letters(i + 30)),
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
        let boilerplate = |f: &&relecture_core::Finding| f.message.contains("boilerplate");
        // One finding for the footer in six articles, and the copies of the first two sentences.
        assert_eq!(reported.iter().filter(boilerplate).count(), 1);
        assert_eq!(reported.len(), 3);
        config.update_section(|duplicates: &mut crate::duplicates::DuplicatesConfig| {
            duplicates.report_boilerplate = false;
        });
        let quiet = run(files, &config, &checks, &selection).findings;
        assert_eq!(quiet.len(), reported.len() - 1);
        assert!(!quiet.iter().any(|f| boilerplate(&f)));
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
