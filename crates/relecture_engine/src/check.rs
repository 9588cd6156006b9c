//! A check of one state, as the facade asks for it: the report of a lint, with the commits of
//! `--blame` and the statuses of `--diff`, and the lint of articles given in memory.

use std::time::Instant;

use relecture_core::report::{SourceInfo, Summary, ToolInfo};
use relecture_core::{FileContent, Report, SourceFile, TreeIndex};
use relecture_git::{Source, Workspace};

use crate::stored::Settings;
use crate::{Error, Linted};

/// The report of `linted`, a lint of the source `source` by `checks`, begun at `started`.
pub fn report(linted: Linted, source: SourceInfo, checks: &relecture_core::Checks, started: Instant) -> Report {
    let Linted { mut output, skipped, fallback, .. } = linted;
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    // A link relecture cannot verify is counted, never reported.
    let (unverifiable, findings): (Vec<_>, Vec<_>) = std::mem::take(&mut output.findings)
        .into_iter()
        .partition(|finding| finding.rule == relecture_core::UNVERIFIABLE_LINK);
    let mut summary = Summary::count(output.articles.len(), &findings, elapsed_ms);
    summary.unverifiable_links = unverifiable.len();
    let mut report = Report::new(ToolInfo::new("relecture", env!("CARGO_PKG_VERSION")), source, summary);
    report.articles = output.articles;
    report.findings = findings;
    report.unverifiable = unverifiable;
    report.skipped = skipped;
    report.fallback = fallback;
    report.sources = output.sources;
    report.rules = crate::source::report_rules(checks);
    report
}

/// Sets `introduced_by` on the findings of `report`, a lint of `source` of `walk`'s repository:
/// the first-parent history of the revision, or of `HEAD` for the working tree and the index.
///
/// # Errors
/// When the history cannot be read.
pub fn blame(walk: &crate::history::Walk<'_>, report: &mut Report, source: &Source) -> Result<(), Error> {
    let tip = match source {
        Source::Revision(revision) => revision.as_str(),
        // The working tree, the index: what they change is not committed yet.
        _ => "HEAD",
    };
    crate::blame::blame(walk, report, tip)
}

/// Sets `status` on the findings of `report`, a lint of `source`, against `at_base`, the lint
/// of revision `base` with the same configuration and checks.
///
/// # Errors
/// When the renames between the two cannot be read.
pub fn diff(
    workspace: &Workspace,
    report: &mut Report,
    at_base: &Report,
    base: &str,
    source: &Source,
    config: &relecture_core::Config,
) -> Result<(), Error> {
    let renames = workspace.renames(base, source, &config.file_filter(), None)?;
    crate::diff::classify(report, at_base, base, &renames);
    Ok(())
}

/// Lints articles given in memory as `(path, text)`, in a tree of these paths and `others` (the
/// other files of the repository they belong to, which links may name): nothing is read, nothing
/// kept. A path given twice keeps its last text.
pub fn memory(
    articles: impl IntoIterator<Item = (String, String)>,
    others: Vec<String>,
    settings: &Settings<'_>,
) -> Linted {
    let by_path: std::collections::BTreeMap<String, String> = articles.into_iter().collect();
    let files: Vec<SourceFile> = by_path
        .into_iter()
        .map(|(path, text)| SourceFile { path, blob: None, content: FileContent::Bytes(text.into_bytes()) })
        .collect();
    let tree = TreeIndex::new(others.into_iter().chain(files.iter().map(|file| file.path.clone())));
    let Settings { config, checks, selection, pool, sources } = *settings;
    let output = pool.install(|| crate::run_in_tree_with(files, &tree, config, checks, selection, sources));
    Linted {
        output,
        skipped: Vec::new(),
        fallback: None,
        site_language: relecture_core::translation::source_language(config, ""),
        site: None,
    }
}
