//! The incremental state (history, blame) must hold exactly the findings a full run gives, after
//! every change of a random sequence: articles added, edited, deleted, copied from each other,
//! linking to each other's anchors and to files that come and go.

use std::collections::BTreeMap;

use relecture_checks::builtin_checks;
use relecture_core::{Config, FileContent, RuleSelection, SourceFile, TreeIndex};
use relecture_engine::incremental::{After, Change, Incremental};
use relecture_engine::run::run_in_tree;
use relecture_engine::stored::{Listed, Settings, Source, State, run_from, run_storing};

mod random;

use random::{ARTICLES, Rng, article};

fn full_run(files: &BTreeMap<String, Option<String>>, config: &Config) -> Vec<(String, String, String)> {
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), config, None, &[]).unwrap();
    let tree = TreeIndex::new(files.keys().cloned());
    let mut found: Vec<(String, String, String)> = run_in_tree(source_files(files), &tree, config, &checks, &selection)
        .findings
        .into_iter()
        .map(|f| (f.path, f.identity, f.family))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The configuration of a random sequence, its generator and its number of steps
/// (`INCREMENTAL_SEED` and `INCREMENTAL_STEPS` override the defaults).
fn sequence(default_seed: u64) -> (Config, Rng, usize) {
    let mut config = Config::default();
    config.links.site_root = relecture_core::config::SiteRoots(vec!["content".into()]);
    let seed = std::env::var("INCREMENTAL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(default_seed);
    let steps = std::env::var("INCREMENTAL_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(120);
    (config, Rng(seed), steps)
}

fn blob_of(text: &str) -> String {
    format!("{:x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// One to four random changes to `files` (path → article text, or `None` for an image).
fn random_changes(rng: &mut Rng, files: &mut BTreeMap<String, Option<String>>) -> Vec<Change> {
    let mut changes = Vec::new();
    for _ in 0..=rng.below(3) {
        let image = rng.below(5) == 0;
        let path = if image {
            format!("images/{}.png", rng.below(4))
        } else {
            format!("content/{}/index.md", rng.below(ARTICLES))
        };
        if changes.iter().any(|c: &Change| c.path == path) {
            continue;
        }
        let change = if image {
            if files.remove(&path).is_some() {
                Change { path, after: After::Absent }
            } else {
                files.insert(path.clone(), None);
                Change { path, after: After::File }
            }
        } else if files.contains_key(&path) && rng.below(4) == 0 {
            files.remove(&path);
            Change { path, after: After::Absent }
        } else {
            let text = article(rng);
            files.insert(path.clone(), Some(text.clone()));
            let file = SourceFile {
                path: path.clone(),
                blob: Some(blob_of(&text)),
                content: FileContent::Bytes(text.into_bytes()),
            };
            Change { path, after: After::Article(file) }
        };
        changes.push(change);
    }
    changes
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
    let (config, mut rng, steps) = sequence(0x2545_F491_4F6C_DD1D);
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
    let mut files: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut state: Option<State> = None;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let settings = Settings { config: &config, checks: &checks, selection: &selection, pool: &pool, sources: true };
    let mut reused = [0, 0];
    let mut total = 0;
    let mut cited = 0;
    let mut whole: Option<State> = None;
    let secret = relecture_engine::stored::Secret::random().unwrap();
    for step in 0..steps {
        random_changes(&mut rng, &mut files);
        let paths: Vec<String> = files.keys().cloned().collect();
        let listed: Vec<Listed> =
            source_files(&files).into_iter().map(|f| Listed { id: f.blob.clone().unwrap(), path: f.path }).collect();
        let (expected, whole_state) = run_storing(source_files(&files), &listed, paths.clone(), "key", &settings);
        let whole_state = whole_state.expect("the built-in checks declare dependencies");
        // Every other step starts from the state a whole run left, the others from the state the
        // previous run from a state left; the first step has nothing to start from.
        let from_whole = step % 2 == 1;
        let next = match if from_whole { whole.take() } else { state.take() } {
            None => State::from_bytes(&whole_state.to_bytes(&secret), "key", &secret).unwrap(),
            Some(previous) => {
                // Through bytes, as between two processes.
                let previous =
                    State::from_bytes(&previous.to_bytes(&secret), "key", &secret).expect("a state reads back");
                assert!(State::from_bytes(&previous.to_bytes(&secret), "another key", &secret).is_none());
                let mut loaded = 0;
                let mut load = |wanted: &[&str]| {
                    loaded += wanted.len();
                    let all = source_files(&files);
                    all.into_iter().filter(|f| wanted.contains(&f.path.as_str())).collect::<Vec<_>>()
                };
                let source = Source { files: &listed, paths, load: &mut load };
                let (output, next) = run_from(previous, source, &settings).expect("a run from the state");
                assert_eq!(output.findings, expected.findings, "findings at step {step}");
                assert_eq!(output.articles, expected.articles, "articles at step {step}");
                reused[usize::from(from_whole)] += listed.len() - loaded;
                total += listed.len();
                next
            }
        };
        cited += expected.findings.iter().filter(|f| f.related.iter().any(|r| r.path != f.path)).count();
        state = Some(next);
        whole = Some(whole_state);
    }
    eprintln!("{reused:?} of {total} articles kept from the state");
    // The random articles share few words and link to each other: most changes reach many of them.
    assert!(reused.iter().all(|&r| r > 0), "articles are kept from both kinds of state ({reused:?} of {total})");
    assert!(reused[0] + reused[1] < total);
    assert!(cited > 0, "the sequence produces findings that cite other articles");
}

#[test]
fn incremental_state_matches_a_full_run_after_every_change() {
    let (config, mut rng, steps) = sequence(0x9E37_79B9_7F4A_7C15);
    let checks = builtin_checks();
    let selection = RuleSelection::new(&relecture_engine::rules(&checks), &config, None, &[]).unwrap();
    let mut state = Incremental::new(&config, &checks, &selection);
    // Path → article text, or `None` for an image.
    let mut files: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut kinds_seen = [false; 3];
    for step in 0..steps {
        let changes = random_changes(&mut rng, &mut files);
        let before = state.findings();
        let deltas = state.apply(changes);
        let expected = full_run(&files, &config);
        assert_eq!(state.findings(), expected, "step {step}");
        assert_eq!(state.total(), expected.len());
        // The deltas are exactly the difference between the two states.
        for delta in &deltas {
            let old: Vec<_> = before.iter().filter(|f| f.0 == delta.path).map(|f| (f.1.clone(), f.2.clone())).collect();
            assert_eq!(old, delta.before, "step {step}, {}", delta.path);
        }
        for family in expected.iter().map(|f| f.2.as_str()) {
            match family {
                "duplicates" => kinds_seen[0] = true,
                "links" => kinds_seen[1] = true,
                "language" | "frontmatter" => kinds_seen[2] = true,
                _ => {}
            }
        }
    }
    assert_eq!(kinds_seen, [true, true, true], "the sequence exercises corpus and article checks");
}
