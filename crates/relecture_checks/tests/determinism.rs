//! Random article sets give byte-identical findings whatever the thread count, the order the
//! files come in, and the run; a failing set shrinks to a small one.

#[allow(dead_code, reason = "each test binary uses a part of the generators")]
mod random;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use random::{ARTICLES, corpus};
use relecture_checks::builtin_checks;
use relecture_checks::links::{LinksConfig, SiteRoots};
use relecture_core::translation::TranslationsConfig;
use relecture_core::{Config, FileContent, RuleSelection, SourceFile, TreeIndex};
use relecture_engine::run::run_in_tree;

fn lint(files: Vec<SourceFile>, tree: &TreeIndex, config: &Config, threads: usize) -> String {
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), config, None, &[]).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let output = pool.install(|| run_in_tree(files, tree, config, &checks, &selection));
    serde_json::to_string_pretty(&output.findings).unwrap()
}

/// The files of a generated corpus, in the paths the articles link to.
fn files_of(corpus: &[Option<String>]) -> Vec<SourceFile> {
    corpus
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            Some(SourceFile {
                path: random::article_path(i),
                blob: None,
                content: FileContent::Bytes(text.clone()?.into_bytes()),
            })
        })
        .collect()
}

#[test]
fn random_article_sets_give_identical_reports_across_threads_orders_and_runs() {
    let mut config = Config::default();
    config.update_section(|links: &mut LinksConfig| links.site_root = SiteRoots(vec!["content".into()]));
    config.update_section(|translations: &mut TranslationsConfig| translations.source = Some("fr".into()));
    // A corpus and, for each round, another order of its paths.
    let cases = corpus().prop_flat_map(|corpus| {
        let order: Vec<usize> = (0..ARTICLES).collect();
        (Just(corpus), prop::collection::vec(Just(order).prop_shuffle(), 5))
    });
    let duplicates_seen = std::cell::Cell::new(false);
    let untranslated_seen = std::cell::Cell::new(false);
    let mut runner = TestRunner::new(random::config(4, file!()));
    let result = runner.run(&cases, |(corpus, orders)| {
        let files = files_of(&corpus);
        let mut paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        paths.extend((0..2).map(|i| format!("images/{i}.png")));
        let tree = TreeIndex::new(paths);
        let reference = lint(files.clone(), &tree, &config, 1);
        if reference.contains("cross-duplicate") || reference.contains("near-duplicate") {
            duplicates_seen.set(true);
        }
        if reference.contains("untranslated") {
            untranslated_seen.set(true);
        }
        for (round, (threads, order)) in [2, 8, 1, 2, 8].into_iter().zip(&orders).enumerate() {
            let mut shuffled = files.clone();
            shuffled.sort_by_key(|f| {
                let index: usize = f.path["content/".len()..].split('/').next().and_then(|i| i.parse().ok()).unwrap();
                order.iter().position(|&o| o == index)
            });
            prop_assert_eq!(lint(shuffled, &tree, &config, threads), reference.clone(), "round {}", round);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    assert!(duplicates_seen.get(), "the article sets hold paragraphs copied across articles");
    assert!(untranslated_seen.get(), "the article sets hold translations with passages left as in their source");
}
