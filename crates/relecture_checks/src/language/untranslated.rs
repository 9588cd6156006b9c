//! `untranslated`: a passage of a translation left as it is in its source.

use relecture_core::Message;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use relecture_core::language::{declared_language, page_family};
use relecture_core::markdown::{Block, BlockKind};
use relecture_core::translation::{source_language, sources};
use relecture_core::{Article, CheckContext, CorpusCheck, CorpusDiagnostic, Dependencies, Diagnostic, Related};
use relecture_core::{RuleMeta, Severity, declare_rule};

use super::LanguageFamilyConfig;
use super::detect::{
    Detector, SHORT_PAGE_WORDS, article_languages, candidates, function_words_between, script_language,
};
use super::mixed_language::{MIXED_LANGUAGE, kept_as_written};
use crate::duplicates::paragraphs::{block_key, common_words, similarity, word_hashes};

declare_rule! {
    /// ## What it checks
    /// In a translated page, a paragraph, list item, heading or quotation that is the same as
    /// one of its source page, or nearly (80% of its words in order), and written in the
    /// source language. A translation is paired with its source by the site's layout: the
    /// same path in another language folder (`content/fr/docs/a.md` and `content/en/docs/a.md`,
    /// `pt-br`, `zh-cn` included), with a language suffix (`a.fr.md` and `a.md`), or in
    /// Docusaurus' `i18n/` tree (`i18n/fr/docusaurus-plugin-content-docs/current/a.md` and
    /// `docs/a.md`). The source
    /// language is `[translations] source`, else the default language of the site's
    /// configuration, else `[language] default`.
    ///
    /// Paragraphs of `[language] min_words` words or more (default 12) are warnings. Shorter
    /// strings (headings, list items) and quotations are info, and are reported only when two
    /// function words of the source language show them untranslated ("How it helps", not
    /// "Humans of OpenTelemetry"). Titles kept as link text, changelog entries citing their
    /// pull request, and lines of names are left alone. A page wholly in the source language
    /// gets one `language-mismatch` instead, and a paragraph reported here is not also
    /// `mixed-language`. A short page that is its source copied over (nine words in ten the
    /// same, eight words at least, with function words of the source language), which detection
    /// alone cannot judge, is one warning for the page.
    ///
    /// ## Why
    /// A paragraph left in the source language when a page is translated, or added to the
    /// source and copied over to keep the pages aligned, is the commonest gap of a translated
    /// site; readers of the translation meet it without warning.
    ///
    /// ## Example
    /// In `content/fr/docs/demarrer.md`, beside `content/en/docs/demarrer.md`:
    /// ```markdown
    /// Installez le SDK avant de configurer l'exportateur.
    ///
    /// The Collector receives telemetry from your services and exports it to one or more backends.
    /// ```
    ///
    /// ## How to fix
    /// Translate the paragraph. A passage meant to stay in the source language (a quotation)
    /// belongs in a block quote, or is kept with `<!-- relecture-disable-next-line untranslated -->`.
    pub UNTRANSLATED = ("untranslated", "language", Warning, "a passage of a translation left as in its source");
}

/// Reports passages of translations left as in their source.
#[derive(Debug, Clone, Copy, Default)]
pub struct Untranslated;

/// Similarity (words in order) from which a passage is nearly the same as one of its source.
const NEARLY_THE_SAME: f64 = 0.8;
/// Fewest words of a passage compared with the source: one or two words are names.
const MIN_WORDS: usize = 3;
/// Function words of the source language a short string needs to be taken as left in it: one
/// is a name's ("Humans of OpenTelemetry"), two a phrase's ("How it helps").
const SHORT_FUNCTION_WORDS: usize = 2;

/// A passage of an article as compared with the other side of a translation.
struct Passage {
    block: usize,
    key: String,
    hashes: Vec<u64>,
    /// `hashes` sorted, to count common words cheaply.
    sorted: Vec<u64>,
}

/// The passages of an article, computed once and kept with it.
struct Passages(Vec<Passage>);

fn passages(article: &Article) -> Arc<Passages> {
    article.memo(|| {
        Passages(article.blocks.iter().enumerate().filter_map(|(index, block)| passage(index, block)).collect())
    })
}

/// The block at `index` as a passage, if it is one and has words enough.
fn passage(index: usize, block: &Block) -> Option<Passage> {
    if !is_passage(block) {
        return None;
    }
    let key = block_key(&block.prose);
    let hashes = word_hashes(&key);
    if hashes.len() < MIN_WORDS {
        return None;
    }
    let mut sorted = hashes.clone();
    sorted.sort_unstable();
    Some(Passage { block: index, key, hashes, sorted })
}

fn is_passage(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Heading { .. })
}

/// The key each article of one page family offers and needs.
fn family_key(article: &Article) -> u64 {
    xxhash_rust::xxh3::xxh3_64(page_family(&article.path).join("/").as_bytes())
}

impl CorpusCheck for Untranslated {
    fn rules(&self) -> Vec<RuleMeta> {
        vec![UNTRANSLATED]
    }

    fn check(&self, articles: &[&Article], context: &CheckContext<'_>, out: &mut Vec<CorpusDiagnostic>) {
        if !context.is_enabled(&UNTRANSLATED) {
            return;
        }
        let pairs: Vec<(usize, usize)> = sources(articles, context.config)
            .into_iter()
            .enumerate()
            .filter_map(|(translation, source)| source.map(|source| (translation, source)))
            .collect();
        let found: Vec<Vec<CorpusDiagnostic>> = pairs
            .par_iter()
            .map(|&(translation, source)| {
                let mut found = Vec::new();
                compare(articles[translation], articles[source], context, &mut found);
                found.into_iter().map(|diagnostic| CorpusDiagnostic { article: translation, diagnostic }).collect()
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }

    fn dependencies(&self, article: &Article, context: &CheckContext<'_>) -> Option<Dependencies> {
        let mut deps = Dependencies::default();
        if context.is_enabled(&UNTRANSLATED) {
            // The pages of one family are compared with each other; a message quotes the
            // source's path and line.
            let key = family_key(article);
            deps.provides.push((key, xxhash_rust::xxh3::xxh3_64(article.source.as_bytes())));
            deps.needs.push(key);
        }
        Some(deps)
    }
}

/// Appends the findings on `translation`'s passages left as in `source`.
fn compare(translation: &Article, source: &Article, context: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
    let config = context.config;
    let (Some(language), Some(source_language)) =
        (declared_language(translation, config), source_language(config, &translation.path))
    else {
        return;
    };
    let languages = article_languages(translation, config);
    // A page wholly in the source language is one `language-mismatch`, not a finding per passage.
    if let Some(overall) = &languages.overall
        && overall.reliable
        && overall.language != language
    {
        return;
    }
    // Passages the detection put in the translation's language are translated: only the others
    // are compared with the source.
    let translated = |index: usize| {
        languages.blocks.get(index).and_then(Option::as_ref).is_some_and(|d| d.reliable && d.language == language)
    };
    let mut any_translated = false;
    let mut mine: Vec<Passage> = Vec::new();
    for (index, block) in translation.blocks.iter().enumerate() {
        if translated(index) {
            any_translated = true;
        } else if let Some(passage) = passage(index, block) {
            mine.push(passage);
        }
    }
    if mine.is_empty() {
        return;
    }
    let min_words = config.section::<LanguageFamilyConfig>().min_words.max(MIN_WORDS);
    let theirs = passages(source);
    let by_key: HashMap<&str, &Passage> = theirs.0.iter().rev().map(|p| (p.key.as_str(), p)).collect();
    // A short page copied from its source, which detection alone cannot judge: the source's
    // language is the prior, and the page one finding.
    if !any_translated
        && let Some(diagnostic) = copied_page(translation, source, &mine, &by_key, &language, &source_language)
    {
        out.push(diagnostic);
        return;
    }
    let detector = Detector::for_article(&candidates(config, Some(&language), &translation.path), Some(&language));
    for passage in &mine {
        let (original, score) = match by_key.get(passage.key.as_str()) {
            Some(original) => (*original, 1.0),
            None if passage.hashes.len() >= min_words => {
                let Some((original, score)) = closest(passage, &theirs.0) else { continue };
                (original, score)
            }
            None => continue,
        };
        let block = &translation.blocks[passage.block];
        let Some(long) = left_in(translation, passage.block, &detector, &language, &source_language, min_words) else {
            continue;
        };
        let what = match block.kind {
            _ if block.quote_depth > 0 => "quotation",
            BlockKind::Heading { .. } => "heading",
            BlockKind::ListItem => "item",
            _ => "paragraph",
        };
        let original_range = source.blocks[original.block].range;
        let line = source.position(original_range.start).line;
        let message = if score < 1.0 {
            Message::new("untranslated-passage-similar").with("percent", (score * 100.0).round_ties_even() as i64)
        } else {
            Message::new("untranslated-passage")
        };
        let message = message
            .with("what", what)
            .with("path", &source.path)
            .with("line", line)
            .with_language("source", &source_language)
            .with_language("language", &language);
        let mut diagnostic = Diagnostic::new(&UNTRANSLATED, block.range, message)
            .with_related(Related {
                path: source.path.clone(),
                range: original_range,
                message: Message::new("related-source-passage"),
            })
            .with_fingerprint_text(format!("{source_language}>{language}\0{}", block.prose.text))
            .superseding(&MIXED_LANGUAGE);
        if !long || block.quote_depth > 0 {
            diagnostic = diagnostic.with_max_severity(Severity::Info);
        }
        out.push(diagnostic);
    }
}

/// The finding on a page whose passages are, nine words in ten at least, the same as its
/// source's, with eight words at least and the source language's function words (or script)
/// in them.
fn copied_page(
    translation: &Article,
    source: &Article,
    mine: &[Passage],
    by_key: &HashMap<&str, &Passage>,
    language: &str,
    source_language: &str,
) -> Option<Diagnostic> {
    // Titles cited as their link text and release notes stay as written in any translation.
    let judged: Vec<&Passage> = mine.iter().filter(|p| !kept_as_written(translation, p.block)).collect();
    let total: usize = judged.iter().map(|p| p.hashes.len()).sum();
    let copied: Vec<(&Passage, &Passage)> =
        judged.iter().filter_map(|p| by_key.get(p.key.as_str()).map(|original| (*p, *original))).collect();
    let copied_words: usize = copied.iter().map(|(p, _)| p.hashes.len()).sum();
    if copied_words < SHORT_PAGE_WORDS || copied_words * 10 < total * 9 {
        return None;
    }
    let text: String =
        copied.iter().map(|(p, _)| translation.blocks[p.block].prose.text.as_str()).collect::<Vec<_>>().join("\n");
    let in_source = if let Some((script, _)) = script_language(&text, Some(language)) {
        script == source_language
    } else {
        let (source_words, translation_words) = function_words_between(&text, source_language, language);
        source_words >= SHORT_FUNCTION_WORDS && translation_words == 0
    };
    if !in_source {
        return None;
    }
    let (first, original) = copied[0];
    let message = Message::new("untranslated-page")
        .with("path", &source.path)
        .with_language("source", source_language)
        .with_language("language", language);
    Some(
        Diagnostic::new(&UNTRANSLATED, translation.blocks[first.block].range, message)
            .with_related(Related {
                path: source.path.clone(),
                range: source.blocks[original.block].range,
                message: Message::new("related-source-page"),
            })
            .with_fingerprint_text(format!("{source_language}>{language}\0page"))
            .superseding(&MIXED_LANGUAGE),
    )
}

/// The source passage most like `passage`, when at least [`NEARLY_THE_SAME`].
fn closest<'a>(passage: &Passage, theirs: &'a [Passage]) -> Option<(&'a Passage, f64)> {
    let length = passage.hashes.len();
    theirs
        .iter()
        // Passages of lengths too different, or with too few words in common, cannot reach the
        // threshold: their edit distance is at least the longer length minus the common words.
        .filter(|other| {
            let (short, long) = (length.min(other.hashes.len()), length.max(other.hashes.len()));
            short * 5 >= long * 4 && common_words(&passage.sorted, &other.sorted) * 5 >= long * 4
        })
        .map(|other| (other, similarity(&passage.hashes, &other.hashes)))
        .filter(|(_, score)| *score >= NEARLY_THE_SAME)
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.block.cmp(&a.0.block)))
}

/// Whether the passage at `index` of `article`, the same as one of its source, is left in the
/// source language: `Some(true)` for a paragraph the detection puts in it, `Some(false)` for a
/// shorter string its function words show in it, `None` when nothing shows it is not a
/// translation that happens to read the same (names, code, a title kept as its link text).
fn left_in(
    article: &Article,
    index: usize,
    detector: &Detector,
    language: &str,
    source_language: &str,
    min_words: usize,
) -> Option<bool> {
    let text = &article.blocks[index].prose.text;
    // Titles kept as their link text and release notes stay as written.
    if kept_as_written(article, index) {
        return None;
    }
    let detection = detector.detect(text)?;
    if detection.language == language {
        return None;
    }
    if detection.words >= min_words {
        let in_source = detection.reliable && detection.language == source_language;
        return (in_source && !detection.is_mostly_proper_nouns()).then_some(true);
    }
    // A short string (a heading in title case, an item): the source language's function words,
    // none of the translation's, and not written in the translation's script.
    if script_language(text, Some(language)).is_some_and(|(script, _)| script != source_language) {
        return None;
    }
    let (source_words, translation_words) = function_words_between(text, source_language, language);
    (source_words >= SHORT_FUNCTION_WORDS && translation_words == 0).then_some(false)
}

#[cfg(test)]
mod tests {
    use relecture_core::{Config, FileContent, RuleSelection, SourceFile};
    use relecture_engine::run;

    use crate::builtin_checks;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile { path: path.into(), blob: None, content: FileContent::Bytes(text.as_bytes().to_vec()) }
    }

    /// `path:line rule severity message` of the language findings on `files`, with the source
    /// language English.
    fn lint(files: Vec<SourceFile>, settings: &str) -> Vec<String> {
        let checks = builtin_checks();
        let settings = format!("[translations]\nsource = \"en\"\n{settings}");
        let config = Config::from_toml(&settings, "relecture.toml", &crate::sections()).expect("valid settings");
        let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&["language".into()]), &[])
            .expect("the family exists");
        run(files, &config, &checks, &selection)
            .findings
            .iter()
            .map(|f| format!("{}:{} {} {} {}", f.path, f.range.start.line, f.rule, f.severity, f.message))
            .collect()
    }

    const SOURCE: &str = "# Getting started\n\n\
        Install the SDK before you configure the exporter, so that your services can send telemetry.\n\n\
        The Collector receives telemetry from your services and exports it to one or more backends of your choice.\n\n\
        - Configure the exporter for your services\n\
        - OpenTelemetry Collector\n\n\
        The SDK provides the interfaces your services need to produce traces, metrics and logs.\n";

    #[test]
    fn a_paragraph_left_in_english_in_a_french_translation_is_reported_once_with_its_source() {
        let translation = "# Démarrer\n\n\
            Installez le SDK avant de configurer l'exportateur, afin que vos services puissent envoyer leur télémétrie.\n\n\
            The Collector receives telemetry from your services and exports it to one or more backends of your choice.\n\n\
            Le SDK fournit les interfaces dont vos services ont besoin pour produire des traces, des métriques et des journaux.\n\n\
            - Configure the exporter for your services\n\
            - OpenTelemetry Collector\n";
        let findings =
            lint(vec![file("content/en/docs/start.md", SOURCE), file("content/fr/docs/start.md", translation)], "");
        assert_eq!(
            findings,
            [
                "content/fr/docs/start.md:5 untranslated warning this paragraph is the same as its source in \
                 content/en/docs/start.md:5 and in English: it was not translated into French",
                "content/fr/docs/start.md:9 untranslated info this list item is the same as its source in \
                 content/en/docs/start.md:7 and in English: it was not translated into French",
            ]
        );
    }

    #[test]
    fn a_suppressed_mixed_language_finding_takes_the_untranslated_one_with_it() {
        let translation = "# Démarrer\n\n\
            Installez le SDK avant de configurer l'exportateur, afin que vos services puissent envoyer leur télémétrie.\n\n\
            <!-- relecture-disable-next-line mixed-language -->\n\
            The Collector receives telemetry from your services and exports it to one or more backends of your choice.\n\n\
            Le SDK fournit les interfaces dont vos services ont besoin pour produire des traces, des métriques et des journaux.\n";
        let checks = builtin_checks();
        let config = Config::from_toml("[translations]\nsource = \"en\"\n", "relecture.toml", &crate::sections())
            .expect("valid settings");
        let selection = RuleSelection::new(
            &relecture_engine::rules(&checks),
            &config,
            Some(&["language".into(), "unused-suppression".into()]),
            &[],
        )
        .expect("the selectors exist");
        let files = vec![file("content/en/docs/start.md", SOURCE), file("content/fr/docs/start.md", translation)];
        assert_eq!(run(files, &config, &checks, &selection).findings, []);
    }

    #[test]
    fn a_nearly_identical_paragraph_is_reported_with_its_similarity() {
        let translation = "# Démarrer\n\n\
            Installez le SDK avant de configurer l'exportateur, afin que vos services puissent envoyer leur télémétrie.\n\n\
            The Collector receives telemetry from all your services and exports it to one or more backends of your choice.\n\n\
            Le SDK fournit les interfaces dont vos services ont besoin pour produire des traces, des métriques et des journaux.\n";
        let findings =
            lint(vec![file("content/en/docs/start.md", SOURCE), file("content/fr/docs/start.md", translation)], "");
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(
            findings[0].contains("untranslated warning this paragraph is 95% the same as its source"),
            "{findings:?}"
        );
    }

    #[test]
    fn japanese_with_english_names_and_a_latin_heading_left_as_is() {
        let source = "# What is OpenTelemetry?\n\n\
            OpenTelemetry is a collection of APIs, SDKs and tools that you use to instrument your software.\n";
        let translation = "# What is OpenTelemetry?\n\n\
            OpenTelemetry は、ソフトウェアを計装するための API、SDK、ツールの集まりです。\n";
        let findings = lint(vec![file("content/en/what.md", source), file("content/ja/what.md", translation)], "");
        assert_eq!(
            findings,
            ["content/ja/what.md:1 untranslated info this heading is the same as its source in content/en/what.md:1 \
              and in English: it was not translated into Japanese"]
        );
    }

    #[test]
    fn names_titles_and_pages_without_a_source_are_left_alone() {
        let source = "# Humans of OpenTelemetry\n\n\
            - [Observability at the Edge: State of OpenTelemetry in Kubernetes](https://example.com/talk) - Ana Silva\n";
        let translation = "# Humans of OpenTelemetry\n\n{#humans}\n\n\
            - [Observability at the Edge: State of OpenTelemetry in Kubernetes](https://example.com/talk) - Ana Silva\n";
        let alone = "Le Collector reçoit la télémétrie de vos services et l'exporte vers un ou plusieurs backends.\n";
        let findings = lint(
            vec![
                file("content/en/talks.md", source),
                file("content/pt-br/talks.md", translation),
                file("content/fr/alone.md", alone),
            ],
            "",
        );
        assert!(findings.iter().all(|f| !f.contains("untranslated")), "{findings:?}");
    }

    #[test]
    fn a_page_wholly_in_the_source_language_is_one_mismatch() {
        let findings = lint(vec![file("content/en/start.md", SOURCE), file("content/de/start.md", SOURCE)], "");
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].starts_with("content/de/start.md:1 language-mismatch"), "{findings:?}");
    }

    #[test]
    fn a_short_page_copied_from_its_source_is_one_finding() {
        let source = "Install the collector.\n\n- Configure exporters for services\n- Send traces to backends\n- Check logs daily\n";
        let findings = lint(vec![file("content/en/ref.md", source), file("content/fr/ref.md", source)], "");
        assert_eq!(
            findings,
            ["content/fr/ref.md:1 untranslated warning this page is the same as its source content/en/ref.md and in \
              English: it was not translated into French"]
        );
    }

    #[test]
    fn suffixes_pair_translations_and_the_source_language_comes_from_the_configuration() {
        let translation = "Installez le SDK avant de configurer l'exportateur, afin que vos services puissent envoyer leur télémétrie.\n\n\
            The Collector receives telemetry from your services and exports it to one or more backends of your choice.\n";
        let files = || vec![file("docs/start.md", SOURCE), file("docs/start.fr.md", translation)];
        assert_eq!(lint(files(), "[language]\ndefault = \"en\"\n").len(), 1);
        let checks = builtin_checks();
        let config = Config::default();
        let selection =
            RuleSelection::new(&relecture_engine::rules(&checks), &config, Some(&["untranslated".into()]), &[])
                .expect("the rule exists");
        // No source language: the site says none, nothing is paired.
        assert_eq!(run(files(), &config, &checks, &selection).findings, []);
    }
}
