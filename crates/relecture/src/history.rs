//! `relecture history`: per commit of a range, the findings it introduced and fixed, by family.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::{Error, Linter, Source};

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

impl Linter {
    /// Lints every commit of `range` (first parents, oldest first; a single revision means its
    /// whole history) and compares each with the one before. `progress` is called after each
    /// commit with the number done and the total.
    pub fn history(&self, range: &str, mut progress: impl FnMut(usize, usize)) -> Result<History, Error> {
        let workspace = self.workspace()?;
        let commits = workspace.first_parent_commits(range)?;
        let mut previous: HashSet<(String, String, String)> = HashSet::new();
        // The parent of the first commit of an `A..B` range is A.
        if let Some((from, _)) = range.split_once("..")
            && !from.is_empty()
        {
            let mut at = self.clone();
            at.source = Source::Revision(from.to_string());
            at.diff = None;
            at.blame = false;
            previous = keys(&at.run()?.report);
        }
        let mut out = Vec::with_capacity(commits.len());
        for (done, commit) in commits.iter().enumerate() {
            let mut at = self.clone();
            at.source = Source::Revision(commit.id.clone());
            at.diff = None;
            at.blame = false;
            let current = keys(&at.run()?.report);
            let mut introduced: BTreeMap<String, usize> = BTreeMap::new();
            let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
            for (_, _, family) in current.difference(&previous) {
                *introduced.entry(family.clone()).or_default() += 1;
            }
            for (_, _, family) in previous.difference(&current) {
                *fixed.entry(family.clone()).or_default() += 1;
            }
            out.push(CommitFindings {
                commit: commit.id.clone(),
                summary: commit.summary.clone(),
                author: commit.author.clone(),
                introduced,
                fixed,
                total: current.len(),
            });
            previous = current;
            progress(done + 1, commits.len());
        }
        Ok(History { range: range.to_string(), commits: out })
    }
}

/// Findings as (path, identity, family): an article's finding keeps its identity across commits.
fn keys(report: &crate::Report) -> HashSet<(String, String, String)> {
    report.findings.iter().map(|f| (f.path.clone(), f.identity.clone(), f.family.clone())).collect()
}
