//! `relecture history`: per commit of a range, the findings it introduced and fixed, by family.
//!
//! Commits are not linted one by one: the state of the first is built once, then each commit
//! applies its changes to it ([`crate::incremental`]), so an article blob is linted once whatever
//! the number of commits it lives in.

use std::collections::{BTreeMap, HashSet};

use relecture_core::report::{CommitFindings, History};
use relecture_core::{Checks, Config, RuleSelection, SourceFile};
use relecture_git::Source;

use crate::Error;
use crate::incremental::{After, Change, Incremental, ParsedAhead, PathDelta};

/// A finding of an article: (identity, family).
type FindingKey = (String, String);

/// A walk from revision to revision with the same configuration and checks.
#[derive(Debug, Clone, Copy)]
pub struct Walk<'a> {
    /// The repository.
    pub workspace: &'a relecture_git::Workspace,
    /// The configuration every revision is linted with.
    pub config: &'a Config,
    /// The checks.
    pub checks: &'a Checks,
    /// Which rules run.
    pub selection: &'a RuleSelection,
    /// The worker pool the articles are linted in.
    pub pool: &'a rayon::ThreadPool,
}

/// Steps read ahead at most, so that their articles are linted in parallel.
const MAX_READ_AHEAD: usize = 256;

/// One step of a walk: the changes from the previous revision to the one reached.
#[derive(Debug)]
pub struct Step {
    /// What changed.
    pub changes: Vec<Change>,
    /// Articles renamed between the two revisions, as (path at the revision reached, path at
    /// the previous one); only when asked for and when the step removes an article.
    pub moved: Vec<(String, String)>,
}

impl Walk<'_> {
    /// Moves `state` through `revisions` in order, starting from `start` (the empty tree when
    /// `None`), and calls `visit` with the index of each revision reached, what changed in the
    /// findings and the step; `visit` returns `false` to stop.
    ///
    /// Three stages overlap: a reader thread gets the changes from git and has the pool lint
    /// the articles they bring, ahead and in parallel; the state applies them one step after
    /// the other on a thread of its own (corpus checks and bookkeeping, where order matters).
    ///
    /// # Errors
    /// When a revision cannot be read, the threads cannot start, or `visit` fails.
    pub fn run(
        &self,
        state: &mut Incremental<'_>,
        start: Option<&str>,
        revisions: &[String],
        follow_renames: bool,
        mut visit: impl FnMut(usize, Vec<PathDelta>, &Incremental<'_>, &Step) -> Result<bool, Error> + Send,
    ) -> Result<(), Error> {
        let root = self.workspace.root().to_path_buf();
        let filter = self.config.file_filter();
        let (config, checks, selection, pool) = (self.config, self.checks, self.selection, self.pool);
        let max_size = config.max_file_size;
        // The applying thread: a pool of one, so that the checks' parallel loops run inline.
        let serial = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| Error::Threads { jobs: 1, message: e.to_string() })?;
        let (step_sender, step_receiver) = std::sync::mpsc::sync_channel::<Result<Vec<Step>, Error>>(2);
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<(Vec<Step>, ParsedAhead), Error>>(2);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let read = || -> Result<(), Error> {
                    // git2 repositories are not shared between threads: this one is the reader's.
                    let workspace = relecture_git::Workspace::open(&root)?;
                    let mut previous = start.map(str::to_string);
                    // The article paths of the previous revision, to tell additions from edits.
                    let mut articles: HashSet<String> = HashSet::new();
                    let mut done = 0;
                    // Read-ahead grows, so a walk that stops early reads little.
                    let mut ahead = 4;
                    while done < revisions.len() {
                        let end = (done + ahead).min(revisions.len());
                        ahead = (ahead * 2).min(MAX_READ_AHEAD);
                        let mut steps = Vec::with_capacity(end - done);
                        for revision in &revisions[done..end] {
                            let changes: Vec<Change> =
                                workspace.changes(previous.as_deref(), revision, &filter, max_size)?;
                            let mut appeared = Vec::new();
                            let mut disappeared = Vec::new();
                            for change in &changes {
                                match &change.after {
                                    After::Article(_) if !articles.contains(&change.path) => {
                                        articles.insert(change.path.clone());
                                        appeared.push(change.path.clone());
                                    }
                                    After::File | After::Absent if articles.remove(&change.path) => {
                                        disappeared.push(change.path.clone());
                                    }
                                    _ => {}
                                }
                            }
                            // A move needs an article gone and one come in the same step.
                            let moved = match &previous {
                                Some(previous) if follow_renames && !appeared.is_empty() && !disappeared.is_empty() => {
                                    let paths: Vec<String> = appeared.into_iter().chain(disappeared).collect();
                                    workspace.renames(
                                        revision,
                                        &Source::Revision(previous.clone()),
                                        &filter,
                                        Some(&paths),
                                    )?
                                }
                                _ => Vec::new(),
                            };
                            steps.push(Step { changes, moved });
                            previous = Some(revision.clone());
                        }
                        if step_sender.send(Ok(steps)).is_err() {
                            // The walk stopped.
                            return Ok(());
                        }
                        done = end;
                    }
                    Ok(())
                };
                if let Err(error) = read() {
                    let _ = step_sender.send(Err(error));
                }
            });
            // The linter of what the reader brings: on the pool, while the reader goes on.
            scope.spawn(move || {
                let mut linted: HashSet<(String, String)> = HashSet::new();
                for steps in step_receiver {
                    let forwarded = steps.map(|steps| {
                        // Each blob once, even when a later commit brings it back.
                        let files: Vec<SourceFile> = steps
                            .iter()
                            .flat_map(|step| &step.changes)
                            .filter_map(|change| match &change.after {
                                After::Article(file) => Some(file),
                                After::File | After::Absent => None,
                            })
                            .filter(|file| {
                                file.blob.as_ref().is_some_and(|blob| linted.insert((file.path.clone(), blob.clone())))
                            })
                            .cloned()
                            .collect();
                        let parsed = pool.install(|| Incremental::parse_ahead(config, checks, selection, files));
                        (steps, parsed)
                    });
                    if sender.send(forwarded).is_err() {
                        return;
                    }
                }
            });
            serial.install(|| {
                let mut index = 0;
                for received in receiver {
                    let (mut steps, parsed) = received?;
                    state.adopt(parsed);
                    for step in &mut steps {
                        let deltas = state.apply(std::mem::take(&mut step.changes));
                        if !visit(index, deltas, state, step)? {
                            return Ok(());
                        }
                        index += 1;
                    }
                }
                Ok(())
            })
        })
    }
}

/// Lints every commit of `range` (first parents, oldest first; a single revision means its whole
/// history) with the configuration and checks of `walk`, and compares each with the one before.
/// `progress` is called after each commit with the number done and the total.
///
/// # Errors
/// When the range does not resolve or a commit cannot be read.
pub fn history(walk: &Walk<'_>, range: &str, mut progress: impl FnMut(usize, usize) + Send) -> Result<History, Error> {
    let Walk { workspace, config, checks, selection, .. } = *walk;
    let commits = workspace.first_parent_commits(range)?;
    let revisions: Vec<String> = commits.iter().map(|c| c.id.clone()).collect();
    // The parent of the first commit of an `A..B` range is A.
    let start = match range.split_once("..") {
        Some((from, _)) if !from.is_empty() => Some(from),
        _ => None,
    };
    let mut out = Vec::with_capacity(commits.len());
    {
        let mut state = Incremental::new(config, checks, selection);
        if let Some(start) = start {
            walk.run(&mut state, None, &[start.to_string()], false, |_, _, _, _| Ok(true))?;
        }
        walk.run(&mut state, start, &revisions, true, |index, deltas, state, step| {
            let commit = &commits[index];
            // A moved article keeps its findings: compared with what it was at its old path.
            let mut by_path: BTreeMap<&str, (&[FindingKey], &[FindingKey])> =
                deltas.iter().map(|d| (d.path.as_str(), (d.before.as_slice(), d.after.as_slice()))).collect();
            let mut pairs: Vec<(Vec<&FindingKey>, Vec<&FindingKey>)> = Vec::new();
            for (now, was) in &step.moved {
                let old = by_path.remove(was.as_str()).unwrap_or_default();
                let new = by_path.remove(now.as_str()).unwrap_or_default();
                pairs.push((old.0.iter().chain(new.0).collect(), new.1.iter().chain(old.1).collect()));
            }
            pairs
                .extend(by_path.into_values().map(|(before, after)| (before.iter().collect(), after.iter().collect())));
            let mut introduced: BTreeMap<String, usize> = BTreeMap::new();
            let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
            for (before, after) in &pairs {
                for (_, family) in after.iter().filter(|k| !before.contains(k)) {
                    *introduced.entry(family.clone()).or_default() += 1;
                }
                for (_, family) in before.iter().filter(|k| !after.contains(k)) {
                    *fixed.entry(family.clone()).or_default() += 1;
                }
            }
            let mut findings = CommitFindings::new(commit.id.clone(), commit.summary.clone(), commit.author.clone());
            findings.date = crate::blame::iso_date(commit.time, commit.offset_minutes);
            findings.introduced = introduced;
            findings.fixed = fixed;
            findings.total = state.total();
            out.push(findings);
            progress(index + 1, commits.len());
            Ok(true)
        })?;
    }
    Ok(History::new(range, out))
}
