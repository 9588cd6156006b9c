//! `--fix`: applying the fixes of findings to working-tree files until nothing changes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use relecture_core::confined::{Folder, Found};
use relecture_core::markdown::BlockKind;
use relecture_core::{Applicability, Article, Report};

use crate::{Error, Run, Source};

/// How many lint-and-fix rounds run at most: fixes can uncover or enable others.
pub const MAX_ROUNDS: usize = 4;

/// What `--fix` changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixSummary {
    /// Edits applied, over every round.
    pub edits: usize,
    /// Files changed.
    pub files: Vec<String>,
    /// Rounds run.
    pub rounds: usize,
    /// Files whose fixes were not written, with why, sorted by path: the run is incomplete.
    pub not_fixed: Vec<NotFixed>,
}

/// Why the fixes of a file were not written; the file is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotFixed {
    /// The file's bytes are no longer those that were linted (another program wrote it).
    #[error("{path} changed while it was being fixed: its fixes were not applied")]
    Changed {
        /// The file.
        path: String,
    },
    /// The file is gone since it was linted.
    #[error("{path} disappeared while it was being fixed: its fixes were not applied")]
    Missing {
        /// The file.
        path: String,
    },
    /// The file, or a folder on its path, is a symbolic link: never written through.
    #[error("cannot write the fixes of {path}: it is reached through a symbolic link, which relecture does not follow")]
    SymbolicLink {
        /// The file.
        path: String,
    },
    /// The file is not a regular file (a FIFO, a device).
    #[error("cannot write the fixes of {path}: it is not a regular file")]
    NotRegular {
        /// The file.
        path: String,
    },
    /// Reading the file again failed.
    #[error("cannot read {path} to fix it: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The cause, lowercase.
        reason: String,
    },
    /// Writing the file failed (it is read-only, the disk is full…).
    #[error("cannot write the fixes of {path}: {reason}")]
    Unwritable {
        /// The file.
        path: String,
        /// The cause, lowercase.
        reason: String,
    },
}

impl NotFixed {
    /// The file.
    pub fn path(&self) -> &str {
        match self {
            Self::Changed { path }
            | Self::Missing { path }
            | Self::SymbolicLink { path }
            | Self::NotRegular { path }
            | Self::Unreadable { path, .. }
            | Self::Unwritable { path, .. } => path,
        }
    }

    /// Whether the next round may fix the file: it changed or went while it was being fixed,
    /// and is linted again. Other refusals last: the file is not tried again in this run.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(self, Self::Changed { .. } | Self::Missing { .. })
    }
}

/// What one round of fixing did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Edits applied.
    pub edits: usize,
    /// Files written.
    pub files: Vec<String>,
    /// Files whose fixes were not written.
    pub not_fixed: Vec<NotFixed>,
}

/// Applies the fixes of `report` to the files of `folder` (the working tree): safe fixes, and
/// unsafe ones when `unsafe_fixes` is set, except in the files `skip` names. Each file is read
/// again and fixed only when its bytes are those the report was made from (`report.sources`),
/// written whole through a temporary file, never through a symbolic link; a file that cannot
/// be fixed is named in [`Applied::not_fixed`] and the others are still fixed. A fix is applied
/// whole or not at all: one with an edit that overlaps a fix already accepted waits for the next
/// round, one with an edit inside a code block is never applied.
pub(crate) fn apply(report: &Report, folder: &Folder, unsafe_fixes: bool, skip: &impl Fn(&str) -> bool) -> Applied {
    let mut by_file: BTreeMap<&str, Vec<Vec<Edit<'_>>>> = BTreeMap::new();
    for finding in &report.findings {
        let Some(fix) = &finding.fix else { continue };
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes || skip(&finding.path) {
            continue;
        }
        let edits =
            fix.edits.iter().map(|e| (e.range.start.offset, e.range.end.offset, e.replacement.as_str())).collect();
        by_file.entry(finding.path.as_str()).or_default().push(edits);
    }
    let mut applied = Applied::default();
    for (path, fixes) in by_file {
        match fix_file(folder, path, report.sources.get(path).map(AsRef::as_ref), fixes) {
            Ok(0) => {}
            Ok(count) => {
                applied.edits += count;
                applied.files.push(path.to_string());
            }
            Err(not_fixed) => applied.not_fixed.push(not_fixed),
        }
    }
    applied
}

/// An edit of a fix: start and end byte offsets, replacement.
type Edit<'a> = (usize, usize, &'a str);

/// Fixes one file whose linted text was `linted` with `fixes` (each its edits); returns the
/// number of edits applied.
fn fix_file(
    folder: &Folder,
    path: &str,
    linted: Option<&str>,
    mut fixes: Vec<Vec<Edit<'_>>>,
) -> Result<usize, NotFixed> {
    let owned = || path.to_string();
    let text = linted.ok_or_else(|| NotFixed::Changed { path: owned() })?;
    // Read again at most one byte more than was linted: a longer file changed.
    let limit = text.len() as u64;
    match folder.read(path, limit) {
        Ok(Found::Opened(Ok(bytes))) if bytes == text.as_bytes() => {}
        Ok(Found::Opened(_)) => return Err(NotFixed::Changed { path: owned() }),
        Ok(Found::Missing) => return Err(NotFixed::Missing { path: owned() }),
        Ok(Found::SymbolicLink) => return Err(NotFixed::SymbolicLink { path: owned() }),
        Ok(Found::NotRegular) => return Err(NotFixed::NotRegular { path: owned() }),
        Err(error) => return Err(NotFixed::Unreadable { path: owned(), reason: describe(&error) }),
    }
    let Some((output, count)) = edited(path, text, &mut fixes) else { return Ok(0) };
    match folder.write_atomically(path, 0o644, |writer| writer.write_all(output.as_bytes())) {
        Ok(Found::Opened(())) => Ok(count),
        Ok(Found::Missing) => Err(NotFixed::Missing { path: owned() }),
        Ok(Found::SymbolicLink) => Err(NotFixed::SymbolicLink { path: owned() }),
        Ok(Found::NotRegular) => Err(NotFixed::NotRegular { path: owned() }),
        Err(error) => Err(NotFixed::Unwritable { path: owned(), reason: describe(&error) }),
    }
}

/// `text` with the fixes of `fixes` it can take applied whole, and how many edits that makes;
/// `None` when none applies. Fixes are taken in the order of their edits; one is left out when an
/// edit of it overlaps an edit of a fix taken before (it waits for the next round), overlaps
/// another of its own edits, falls inside a code block or outside the text.
fn edited(path: &str, text: &str, fixes: &mut Vec<Vec<Edit<'_>>>) -> Option<(String, usize)> {
    let article = Article::parse(path, None, text.to_string());
    let code: Vec<_> =
        article.blocks.iter().filter(|b| matches!(b.kind, BlockKind::CodeBlock { .. })).map(|b| b.range).collect();
    for edits in fixes.iter_mut() {
        edits.sort_unstable();
        edits.dedup();
    }
    fixes.sort_unstable();
    fixes.dedup();
    let mut taken: Vec<Edit<'_>> = Vec::new();
    for edits in fixes.iter() {
        let usable = |&(start, end, _): &Edit<'_>| {
            start <= end
                && end <= text.len()
                && text.is_char_boundary(start)
                && text.is_char_boundary(end)
                && !code.iter().any(|r| start < r.end && end > r.start)
        };
        let apart = edits.windows(2).all(|pair| pair[0].1 <= pair[1].0);
        let free = edits.iter().all(|edit| !taken.iter().any(|other| overlap(edit, other)));
        if apart && free && edits.iter().all(usable) {
            taken.extend_from_slice(edits);
        }
    }
    if taken.is_empty() {
        return None;
    }
    taken.sort_unstable();
    let mut output = String::with_capacity(text.len());
    let mut position = 0;
    for &(start, end, replacement) in &taken {
        output.push_str(&text[position..start]);
        output.push_str(replacement);
        position = end;
    }
    output.push_str(&text[position..]);
    Some((output, taken.len()))
}

/// Whether two edits touch the same bytes, or an insertion falls strictly inside a replaced range.
fn overlap(a: &Edit<'_>, b: &Edit<'_>) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// An I/O error as the end of a sentence: `permission denied`, not `Permission denied (os error 13)`.
pub(crate) fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        io::ErrorKind::StorageFull => "no space left on the device".into(),
        _ => {
            let text = error.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
        }
    }
}

impl crate::Linter {
    /// Applies safe fixes (and unsafe ones with `unsafe_fixes`) to the working-tree files, linting
    /// again after each round until nothing changes (at most a few rounds), and returns the run
    /// of the fixed files with what was changed. Refused for revisions, the index and bare
    /// repositories: nothing else is ever written.
    ///
    /// One fix runs at a time in a working tree: a second one waits until the first is done
    /// (a lock on the working-tree folder, which writes nothing into it), then lints the files
    /// as the first left them. A file is fixed only when its bytes are still those that were
    /// linted, written whole through a temporary file renamed over it (its permissions kept),
    /// never through a symbolic link. A file that cannot be fixed (read-only, changed meanwhile,
    /// reached through a link) is named in [`FixSummary::not_fixed`] and the others are fixed.
    pub fn fix(&self, unsafe_fixes: bool) -> Result<(Run, FixSummary), Error> {
        match self.source {
            Source::Revision(_) => return Err(Error::FixSource { what: "--rev" }),
            Source::Staged => return Err(Error::FixSource { what: "--staged" }),
            Source::WorkTree => {}
            // Only files on disk are ever written.
            _ => return Err(Error::FixSource { what: "a source other than the working tree" }),
        }
        let workspace = self.workspace()?;
        if workspace.is_bare() {
            return Err(Error::FixSource { what: "a bare repository" });
        }
        let io = |source| Error::FixIo { path: workspace.root().to_path_buf(), source };
        let folder = relecture_core::confined::Folder::open(workspace.root()).map_err(io)?;
        let _lock = folder.lock(true).map_err(io)?;
        // Each round lints every file from disk and carries the text it linted, so that a file
        // is written only when it is still that text; kept results may name a file by an id
        // read before its text, and are not used.
        let mut round = self.clone().snippets(true);
        round.state_cache = None;
        let mut summary = FixSummary::default();
        let mut not_fixed: std::collections::BTreeMap<String, NotFixed> = std::collections::BTreeMap::new();
        for _ in 0..MAX_ROUNDS {
            let run = round.run()?;
            summary.rounds += 1;
            // A file that changed meanwhile is linted again and tried again; others are not.
            not_fixed.retain(|_, refusal| !refusal.is_transient());
            let applied = apply(&run.report, &folder, unsafe_fixes, &|path| not_fixed.contains_key(path));
            let retry = applied.not_fixed.iter().any(NotFixed::is_transient);
            not_fixed.extend(applied.not_fixed.into_iter().map(|refusal| (refusal.path().to_string(), refusal)));
            summary.edits += applied.edits;
            for file in applied.files {
                if !summary.files.contains(&file) {
                    summary.files.push(file);
                }
            }
            if applied.edits == 0 && !retry {
                summary.files.sort();
                summary.not_fixed = not_fixed.into_values().collect();
                return Ok((run, summary));
            }
        }
        summary.files.sort();
        summary.not_fixed = not_fixed.into_values().collect();
        Ok((self.run_for_fix()?, summary))
    }

    /// A run whose every finding, and so every fix, is computed now: `--fix` never applies a
    /// fix read back from kept results.
    fn run_for_fix(&self) -> Result<Run, Error> {
        let mut fresh = self.clone();
        if let Some(cache) = &mut fresh.state_cache {
            cache.reuse = false;
        }
        fresh.run()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_in_code_overlapping_or_outside_are_left_out() {
        let text = "le le texte\n\n```\nle le code\n```\n";
        let code = text.find("le le code").unwrap();
        let mut fixes = vec![
            vec![(0, 3, "")],
            vec![(1, 4, "x")],
            vec![(code, code + 3, "")],
            vec![(100, 101, "y")],
            vec![(0, 3, "")],
        ];
        let (output, count) = edited("a.md", text, &mut fixes).unwrap();
        assert_eq!(output, "le texte\n\n```\nle le code\n```\n");
        assert_eq!(count, 1);
        assert!(edited("a.md", text, &mut vec![vec![(code, code + 3, "")]]).is_none());
    }

    #[test]
    fn a_fix_overlapping_a_fix_taken_waits_whole_for_the_next_round() {
        let text = "abcdef";
        // The second fix's first edit overlaps the first fix: its other edit is not applied either.
        let mut fixes = vec![vec![(0, 1, "A"), (1, 2, "B")], vec![(1, 2, "x"), (4, 5, "y")], vec![(5, 6, "F")]];
        let (output, count) = edited("a.md", text, &mut fixes).unwrap();
        assert_eq!(output, "ABcdeF");
        assert_eq!(count, 3);
        // A fix with an edit in a code block or out of the text is left out whole.
        let text = "a b\n\n```\ncode\n```\n";
        let code = text.find("code").unwrap();
        let mut fixes = vec![vec![(0, 1, "A"), (code, code + 1, "C")], vec![(2, 3, "B"), (99, 100, "")]];
        assert!(edited("a.md", text, &mut fixes).is_none());
        // Insertions beside a replaced range go with it, as two fixes.
        let mut fixes = vec![vec![(1, 1, "<")], vec![(1, 2, "_")], vec![(2, 2, ">")]];
        assert_eq!(edited("a.md", "a b", &mut fixes).unwrap().0, "a<_>b");
        // A fix whose own edits overlap is never applied.
        assert!(edited("a.md", "abc", &mut vec![vec![(0, 2, "x"), (1, 3, "y")]]).is_none());
    }

    /// A rule of two-edit fixes for the convergence test: every `xx` (overlapping ones too) is
    /// fixed into `yY`, one edit a letter.
    fn pair_fixes(text: &str) -> Vec<Vec<Edit<'static>>> {
        (0..text.len().saturating_sub(1))
            .filter(|&i| &text[i..i + 2] == "xx")
            .map(|i| vec![(i, i + 1, "y"), (i + 1, i + 2, "Y")])
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Fixing again until nothing changes ends, each round applies fixes whole (every `Y`
        /// follows its `y`), and the end leaves nothing to fix.
        #[test]
        fn fixing_overlapping_fixes_converges_and_applies_each_fix_whole(text in "[xz]{0,40}") {
            let mut current = text.clone();
            let mut rounds = 0;
            while let Some((output, count)) = edited("a.md", &current, &mut pair_fixes(&current)) {
                proptest::prop_assert!(count > 0 && count % 2 == 0);
                proptest::prop_assert!(output.match_indices('Y').all(|(i, _)| output[..i].ends_with('y')), "{output:?}");
                current = output;
                rounds += 1;
                proptest::prop_assert!(rounds <= text.len(), "no convergence from {text:?}");
            }
            proptest::prop_assert!(pair_fixes(&current).is_empty(), "{current:?}");
            proptest::prop_assert_eq!(current.len(), text.len());
        }
    }

    #[test]
    fn io_errors_read_as_the_end_of_a_sentence() {
        assert_eq!(describe(&io::Error::from(io::ErrorKind::PermissionDenied)), "permission denied");
        assert_eq!(describe(&io::Error::other("Disk on fire")), "disk on fire");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_changed_since_it_was_linted_or_reached_through_a_link_is_left_alone() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("b.md"), "le le b\n").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.md"), "le le a, edited\n").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("docs")).unwrap();
        let folder = Folder::open(root.path()).unwrap();
        let edit = || vec![vec![(0, 3, "")]];
        assert_eq!(
            fix_file(&folder, "a.md", Some("le le a\n"), edit()),
            Err(NotFixed::Changed { path: "a.md".into() })
        );
        assert_eq!(
            fix_file(&folder, "docs/b.md", Some("le le b\n"), edit()),
            Err(NotFixed::SymbolicLink { path: "docs/b.md".into() })
        );
        assert_eq!(fix_file(&folder, "gone.md", Some("x"), edit()), Err(NotFixed::Missing { path: "gone.md".into() }));
        assert_eq!(std::fs::read_to_string(root.path().join("a.md")).unwrap(), "le le a, edited\n");
        assert_eq!(std::fs::read_to_string(outside.path().join("b.md")).unwrap(), "le le b\n");
        std::fs::write(root.path().join("a.md"), "le le a\n").unwrap();
        assert_eq!(fix_file(&folder, "a.md", Some("le le a\n"), edit()), Ok(1));
        assert_eq!(std::fs::read_to_string(root.path().join("a.md")).unwrap(), "le a\n");
    }
}
