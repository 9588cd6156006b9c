//! The incremental state (history, blame) must hold exactly the findings a full run gives, after
//! every change of a random sequence: articles added, edited, deleted, copied from each other,
//! linking to each other's anchors and to files that come and go. A failing sequence shrinks to
//! a short one.

use relecture_checks::links::{LinksConfig, SiteRoots};
use std::collections::BTreeMap;

use relecture_checks::builtin_checks;
use relecture_core::translation::TranslationsConfig;
use relecture_core::{Config, FileContent, RuleSelection, SourceFile, TreeIndex};
use relecture_engine::incremental::{After, Change, Incremental};
use relecture_engine::run::run_in_tree;
use relecture_engine::stored::{Listed, Settings, Source, State, run_from, run_storing};

#[allow(dead_code, reason = "each test binary uses a part of the generators")]
mod random;

use std::cell::{Cell, RefCell};

use proptest::test_runner::{TestCaseError, TestRunner};
use random::FileChange;

fn full_run(files: &BTreeMap<String, Option<String>>, config: &Config) -> Vec<(String, String, String)> {
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), config, None, &[]).unwrap();
    let tree = TreeIndex::new(files.keys().cloned());
    let mut found: Vec<(String, String, String)> = run_in_tree(source_files(files), &tree, config, &checks, &selection)
        .findings
        .into_iter()
        // A link relecture cannot verify is counted apart, not a finding.
        .filter(|f| f.rule != relecture_core::UNVERIFIABLE_LINK)
        .map(|f| (f.path, f.identity, f.family))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The configuration of the sequences: links resolved under `content/`, French the source
/// language of translations.
fn config() -> Config {
    let mut config = Config::default();
    config.update_section(|links: &mut LinksConfig| links.site_root = SiteRoots(vec!["content".into()]));
    config.update_section(|translations: &mut TranslationsConfig| translations.source = Some("fr".into()));
    config
}

/// Runs `test` on random sequences of at most 30 steps: 8 of them, about as many steps in all as
/// one long sequence used to take (`PROPTEST_CASES` sets another number).
fn each_sequence(test: impl Fn(Vec<Vec<FileChange>>) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(random::config(8, file!()));
    if let Err(failure) = runner.run(&random::steps(30), test) {
        panic!("{failure}");
    }
}

fn blob_of(text: &str) -> String {
    format!("{:x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Applies one step of `changes` to `files` (path → article text, or `None` for an image) and
/// returns them as a source reports them: each path at most once, nothing for what changes
/// nothing (deleting an article that is not there).
fn apply_changes(changes: &[FileChange], files: &mut BTreeMap<String, Option<String>>) -> Vec<Change> {
    let mut applied: Vec<Change> = Vec::new();
    for change in changes {
        let path = change.path();
        if applied.iter().any(|c| c.path == path) {
            continue;
        }
        let after = match change {
            FileChange::ToggleImage(_) => {
                if files.remove(&path).is_some() {
                    After::Absent
                } else {
                    files.insert(path.clone(), None);
                    After::File
                }
            }
            FileChange::Delete(_) => {
                if files.remove(&path).is_none() {
                    continue;
                }
                After::Absent
            }
            FileChange::Write(_, text) => {
                files.insert(path.clone(), Some(text.clone()));
                After::Article(SourceFile {
                    path: path.clone(),
                    blob: Some(blob_of(text)),
                    content: FileContent::Bytes(text.clone().into_bytes()),
                })
            }
        };
        applied.push(Change { path, after });
    }
    applied
}

fn source_files(files: &BTreeMap<String, Option<String>>) -> Vec<SourceFile> {
    files
        .iter()
        .filter_map(|(path, text)| {
            let text = text.as_ref()?;
            Some(SourceFile {
                path: path.clone(),
                blob: Some(blob_of(text)),
                content: FileContent::Bytes(text.clone().into_bytes()),
            })
        })
        .collect()
}

/// A run from the stored state of the previous step gives the same report, finding for finding
/// (messages, cited lines, fingerprints), as a whole run, after every change.
#[test]
fn a_run_from_a_stored_state_matches_a_full_run_after_every_change() {
    let config = config();
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let settings = Settings { config: &config, checks: &checks, selection: &selection, pool: &pool, sources: true };
    let secret = relecture_engine::stored::Secret::random().unwrap();
    // Over every sequence: articles kept from each kind of state, articles in all, findings
    // that cite another article.
    let reused = Cell::new([0, 0]);
    let total = Cell::new(0);
    let cited = Cell::new(0);
    each_sequence(|sequence| {
        let mut files: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut state: Option<State> = None;
        let mut whole: Option<State> = None;
        for (step, changes) in sequence.iter().enumerate() {
            apply_changes(changes, &mut files);
            let paths: Vec<String> = files.keys().cloned().collect();
            let listed: Vec<Listed> = source_files(&files)
                .into_iter()
                .map(|f| Listed { id: f.blob.clone().unwrap(), path: f.path })
                .collect();
            let (expected, whole_state) = run_storing(source_files(&files), &listed, paths.clone(), "key", &settings);
            let whole_state = whole_state.expect("the built-in checks declare dependencies");
            // Every other step starts from the state a whole run left, the others from the state
            // the previous run from a state left; the first step has nothing to start from.
            let from_whole = step % 2 == 1;
            let next = match if from_whole { whole.take() } else { state.take() } {
                None => State::from_bytes(&whole_state.to_bytes(&secret), "key", &secret).unwrap(),
                Some(previous) => {
                    // Through bytes, as between two processes.
                    let previous =
                        State::from_bytes(&previous.to_bytes(&secret), "key", &secret).expect("a state reads back");
                    proptest::prop_assert!(
                        State::from_bytes(&previous.to_bytes(&secret), "another key", &secret).is_none()
                    );
                    let mut loaded = 0;
                    let mut load = |wanted: &[&str]| {
                        loaded += wanted.len();
                        let all = source_files(&files);
                        all.into_iter().filter(|f| wanted.contains(&f.path.as_str())).collect::<Vec<_>>()
                    };
                    let source = Source { files: &listed, paths, load: &mut load };
                    let (output, next) = run_from(previous, source, &settings).expect("a run from the state");
                    proptest::prop_assert_eq!(&output.findings, &expected.findings, "findings at step {}", step);
                    proptest::prop_assert_eq!(&output.articles, &expected.articles, "articles at step {}", step);
                    let mut counts = reused.get();
                    counts[usize::from(from_whole)] += listed.len() - loaded;
                    reused.set(counts);
                    total.set(total.get() + listed.len());
                    next
                }
            };
            cited.set(
                cited.get() + expected.findings.iter().filter(|f| f.related.iter().any(|r| r.path != f.path)).count(),
            );
            state = Some(next);
            whole = Some(whole_state);
        }
        Ok(())
    });
    let (reused, total) = (reused.get(), total.get());
    eprintln!("{reused:?} of {total} articles kept from the state");
    // The random articles share few words and link to each other: most changes reach many of them.
    assert!(reused.iter().all(|&r| r > 0), "articles are kept from both kinds of state ({reused:?} of {total})");
    assert!(reused[0] + reused[1] < total);
    assert!(cited.get() > 0, "the sequences produce findings that cite other articles");
}

#[test]
fn incremental_state_matches_a_full_run_after_every_change() {
    let config = config();
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
    let kinds_seen = RefCell::new([false; 3]);
    each_sequence(|sequence| {
        let mut state = Incremental::new(&config, &checks, &selection);
        // Path → article text, or `None` for an image.
        let mut files: BTreeMap<String, Option<String>> = BTreeMap::new();
        for (step, changes) in sequence.iter().enumerate() {
            let changes = apply_changes(changes, &mut files);
            let before = state.findings();
            let deltas = state.apply(changes);
            let expected = full_run(&files, &config);
            proptest::prop_assert_eq!(&state.findings(), &expected, "step {}", step);
            proptest::prop_assert_eq!(state.total(), expected.len());
            // The deltas are exactly the difference between the two states.
            for delta in &deltas {
                let old: Vec<_> =
                    before.iter().filter(|f| f.0 == delta.path).map(|f| (f.1.clone(), f.2.clone())).collect();
                proptest::prop_assert_eq!(&old, &delta.before, "step {}, {}", step, delta.path);
            }
            let mut kinds = kinds_seen.borrow_mut();
            for family in expected.iter().map(|f| f.2.as_str()) {
                match family {
                    "duplicates" => kinds[0] = true,
                    "links" => kinds[1] = true,
                    "language" | "frontmatter" => kinds[2] = true,
                    _ => {}
                }
            }
        }
        Ok(())
    });
    assert_eq!(kinds_seen.into_inner(), [true, true, true], "the sequences exercise corpus and article checks");
}
