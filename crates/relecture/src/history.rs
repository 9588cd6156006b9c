//! `relecture history`: per commit of a range, the findings it introduced and fixed, by family.
//!
//! Commits are not linted one by one: the state of the first is built once, then each commit
//! applies its changes to it ([`relecture_core::incremental`]), so an article blob is linted
//! once whatever the number of commits it lives in.

use std::collections::BTreeMap;

use relecture_core::incremental::{After, Change, Incremental, PathDelta};
use relecture_core::{Checks, Config, RuleSelection, SourceFile};
use serde::Serialize;

use crate::{Error, Linter, Prepared};

/// What one commit changed in the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitFindings {
    /// Full commit id.
    pub commit: String,
    /// First line of the message.
    pub summary: String,
    /// `Name <mail>`.
    pub author: String,
    /// Findings present at this commit and not at its first parent, by family.
    pub introduced: BTreeMap<String, usize>,
    /// Findings present at the first parent and gone at this commit, by family.
    pub fixed: BTreeMap<String, usize>,
    /// Findings at this commit.
    pub total: usize,
}

/// The history of a range: oldest commit first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The range as given.
    pub range: String,
    /// One entry per commit.
    pub commits: Vec<CommitFindings>,
}

/// A walk from revision to revision with the same configuration and checks.
pub(crate) struct Walk<'a> {
    pub(crate) workspace: &'a relecture_git::Workspace,
    pub(crate) config: &'a Config,
    pub(crate) checks: &'a Checks,
    pub(crate) selection: &'a RuleSelection,
    /// The worker pool the articles are linted in.
    pub(crate) pool: &'a rayon::ThreadPool,
}

/// Steps read ahead at most, so that their articles are linted in parallel.
const MAX_READ_AHEAD: usize = 256;

impl Walk<'_> {
    /// Moves `state` through `revisions` in order, starting from `start` (the empty tree when
    /// `None`), and calls `visit` with the index of each revision reached and what changed;
    /// `visit` returns `false` to stop. Articles are read and linted ahead, in parallel.
    pub(crate) fn run(
        &self,
        state: &mut Incremental<'_>,
        start: Option<&str>,
        revisions: &[String],
        mut visit: impl FnMut(usize, Vec<PathDelta>, &Incremental<'_>) -> Result<bool, Error>,
    ) -> Result<(), Error> {
        let filter = self.config.file_filter();
        let mut previous = start.map(str::to_string);
        let mut done = 0;
        // Read-ahead grows, so a walk that stops early reads little.
        let mut ahead = 4;
        while done < revisions.len() {
            let end = (done + ahead).min(revisions.len());
            ahead = (ahead * 2).min(MAX_READ_AHEAD);
            let mut steps: Vec<Vec<Change>> = Vec::with_capacity(end - done);
            for revision in &revisions[done..end] {
                steps.push(self.workspace.changes(
                    previous.as_deref(),
                    revision,
                    &filter,
                    self.config.max_file_size,
                )?);
                previous = Some(revision.clone());
            }
            let files: Vec<SourceFile> = steps
                .iter()
                .flatten()
                .filter_map(|change| match &change.after {
                    After::Article(file) => Some(file.clone()),
                    After::File | After::Absent => None,
                })
                .collect();
            self.pool.install(|| state.prefetch(files));
            for (offset, changes) in steps.into_iter().enumerate() {
                let deltas = self.pool.install(|| state.apply(changes));
                if !visit(done + offset, deltas, state)? {
                    return Ok(());
                }
            }
            done = end;
        }
        Ok(())
    }
}

impl Linter {
    /// Lints every commit of `range` (first parents, oldest first; a single revision means its
    /// whole history) and compares each with the one before. Every commit is linted with the
    /// configuration and rule files of the linted source (the working tree unless `--rev`,
    /// or `--config`), so that the counts follow the articles, not changes of the rules.
    /// `progress` is called after each commit with the number done and the total.
    pub fn history(&self, range: &str, mut progress: impl FnMut(usize, usize)) -> Result<History, Error> {
        let workspace = self.workspace()?;
        let commits = workspace.first_parent_commits(range)?;
        let snapshot = workspace.snapshot(&self.source)?;
        let Prepared { config, checks, selection, .. } = self.prepare(&workspace, &snapshot)?;
        let pool = self.pool()?;
        let walk = Walk { workspace: &workspace, config: &config, checks: &checks, selection: &selection, pool: &pool };
        let revisions: Vec<String> = commits.iter().map(|c| c.id.clone()).collect();
        // The parent of the first commit of an `A..B` range is A.
        let start = match range.split_once("..") {
            Some((from, _)) if !from.is_empty() => Some(from),
            _ => None,
        };
        let mut out = Vec::with_capacity(commits.len());
        {
            let mut state = Incremental::new(&config, &checks, &selection);
            if let Some(start) = start {
                walk.run(&mut state, None, &[start.to_string()], |_, _, _| Ok(true))?;
            }
            walk.run(&mut state, start, &revisions, |index, deltas, state| {
                let commit = &commits[index];
                let mut introduced: BTreeMap<String, usize> = BTreeMap::new();
                let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
                for delta in &deltas {
                    for (_, family) in delta.after.iter().filter(|k| delta.before.binary_search(k).is_err()) {
                        *introduced.entry(family.clone()).or_default() += 1;
                    }
                    for (_, family) in delta.before.iter().filter(|k| delta.after.binary_search(k).is_err()) {
                        *fixed.entry(family.clone()).or_default() += 1;
                    }
                }
                out.push(CommitFindings {
                    commit: commit.id.clone(),
                    summary: commit.summary.clone(),
                    author: commit.author.clone(),
                    introduced,
                    fixed,
                    total: state.total(),
                });
                progress(index + 1, commits.len());
                Ok(true)
            })?;
        }
        Ok(History { range: range.to_string(), commits: out })
    }
}
