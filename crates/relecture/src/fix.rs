//! `--fix`: applying the fixes of findings to working-tree files until nothing changes.

use std::collections::BTreeMap;
use std::path::Path;

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
}

/// Applies the fixes of `report` to the files under `root`: safe fixes, and unsafe ones when
/// `unsafe_fixes` is set. Overlapping edits are left for the next round; edits inside code
/// blocks are never applied. Returns the number of edits applied and the files changed.
pub(crate) fn apply(report: &Report, root: &Path, unsafe_fixes: bool) -> std::io::Result<(usize, Vec<String>)> {
    let mut by_file: BTreeMap<&str, Vec<(usize, usize, &str)>> = BTreeMap::new();
    for finding in &report.findings {
        let Some(fix) = &finding.fix else { continue };
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            continue;
        }
        let edits = by_file.entry(finding.path.as_str()).or_default();
        for edit in &fix.edits {
            edits.push((edit.range.start.offset, edit.range.end.offset, edit.replacement.as_str()));
        }
    }
    let mut applied = 0;
    let mut changed = Vec::new();
    for (path, mut edits) in by_file {
        let full = root.join(path);
        let text = std::fs::read_to_string(&full)?;
        let article = Article::parse(path, None, text.clone());
        let code: Vec<_> =
            article.blocks.iter().filter(|b| matches!(b.kind, BlockKind::CodeBlock { .. })).map(|b| b.range).collect();
        edits.sort_unstable();
        edits.dedup();
        let mut output = String::with_capacity(text.len());
        let mut position = 0;
        let mut count = 0;
        for (start, end, replacement) in edits {
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
            continue;
        }
        output.push_str(&text[position..]);
        std::fs::write(&full, output)?;
        applied += count;
        changed.push(path.to_string());
    }
    Ok((applied, changed))
}
