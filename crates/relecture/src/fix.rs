//! `--fix`: applying the fixes of findings to working-tree files until nothing changes.

use std::collections::BTreeMap;
use std::io::{self, Write};

use relecture_core::confined::{Folder, Found};
use relecture_core::markdown::BlockKind;
use relecture_core::{Applicability, Article, Report};

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
/// be fixed is named in [`Applied::not_fixed`] and the others are still fixed. Overlapping
/// edits are left for the next round; edits inside code blocks are never applied.
pub(crate) fn apply(report: &Report, folder: &Folder, unsafe_fixes: bool, skip: &impl Fn(&str) -> bool) -> Applied {
    let mut by_file: BTreeMap<&str, Vec<(usize, usize, &str)>> = BTreeMap::new();
    for finding in &report.findings {
        let Some(fix) = &finding.fix else { continue };
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes || skip(&finding.path) {
            continue;
        }
        let edits = by_file.entry(finding.path.as_str()).or_default();
        for edit in &fix.edits {
            edits.push((edit.range.start.offset, edit.range.end.offset, edit.replacement.as_str()));
        }
    }
    let mut applied = Applied::default();
    for (path, edits) in by_file {
        match fix_file(folder, path, report.sources.get(path).map(AsRef::as_ref), edits) {
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

/// Fixes one file whose linted text was `linted`; returns the number of edits applied.
fn fix_file(
    folder: &Folder,
    path: &str,
    linted: Option<&str>,
    mut edits: Vec<(usize, usize, &str)>,
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
    let Some((output, count)) = edited(path, text, &mut edits) else { return Ok(0) };
    match folder.write_atomically(path, 0o644, |writer| writer.write_all(output.as_bytes())) {
        Ok(Found::Opened(())) => Ok(count),
        Ok(Found::Missing) => Err(NotFixed::Missing { path: owned() }),
        Ok(Found::SymbolicLink) => Err(NotFixed::SymbolicLink { path: owned() }),
        Ok(Found::NotRegular) => Err(NotFixed::NotRegular { path: owned() }),
        Err(error) => Err(NotFixed::Unwritable { path: owned(), reason: describe(&error) }),
    }
}

/// `text` with `edits` applied, and how many were; `None` when none applies. Edits that overlap
/// one applied before, fall inside a code block or outside the text are left out.
fn edited(path: &str, text: &str, edits: &mut Vec<(usize, usize, &str)>) -> Option<(String, usize)> {
    let article = Article::parse(path, None, text.to_string());
    let code: Vec<_> =
        article.blocks.iter().filter(|b| matches!(b.kind, BlockKind::CodeBlock { .. })).map(|b| b.range).collect();
    edits.sort_unstable();
    edits.dedup();
    let mut output = String::with_capacity(text.len());
    let mut position = 0;
    let mut count = 0;
    for &(start, end, replacement) in edits.iter() {
        let in_code = code.iter().any(|r| start < r.end && end > r.start);
        let valid =
            start >= position && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end);
        if in_code || !valid {
            continue;
        }
        output.push_str(&text[position..start]);
        output.push_str(replacement);
        position = end;
        count += 1;
    }
    if count == 0 {
        return None;
    }
    output.push_str(&text[position..]);
    Some((output, count))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_in_code_overlapping_or_outside_are_left_out() {
        let text = "le le texte\n\n```\nle le code\n```\n";
        let code = text.find("le le code").unwrap();
        let mut edits = vec![(0, 3, ""), (1, 4, "x"), (code, code + 3, ""), (100, 101, "y"), (0, 3, "")];
        let (output, count) = edited("a.md", text, &mut edits).unwrap();
        assert_eq!(output, "le texte\n\n```\nle le code\n```\n");
        assert_eq!(count, 1);
        assert!(edited("a.md", text, &mut vec![(code, code + 3, "")]).is_none());
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
        let edit = || vec![(0, 3, "")];
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
