//! The sample a person labels: a fixed pseudo-random draw in which a finding's rank depends only on its own identity.

use std::collections::BTreeMap;

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed of the draw. Changing it draws another sample, and leaves most labels outside it.
const SEED: u64 = 0x7265_6c65_6374_7572;

/// What names a finding for its label, so that the label outlives edits elsewhere in the file
/// (no line number) and changes of wording (no message).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    pub rule: String,
    /// The file, relative to the repository root.
    pub path: String,
    /// The source at the finding's range, as written (a link's text and destination, a bare URL).
    pub text: String,
}

/// A finding of the run, with what a person needs to label it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub identity: Identity,
    /// 1-based line of the range's start.
    pub line: u64,
    /// Byte offset of the range's start.
    pub offset: u64,
    pub message: String,
    /// The whole line where the range starts.
    pub source_line: String,
}

/// The pseudo-random rank of the `occurrence`-th finding (from 0, in file order) with this
/// identity: the same link written twice in a file is two findings, each with its own rank.
fn rank(identity: &Identity, occurrence: usize) -> u64 {
    let mut key = Vec::with_capacity(identity.rule.len() + identity.path.len() + identity.text.len() + 32);
    // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    for part in [&identity.rule, &identity.path, &identity.text] {
        key.extend_from_slice(&(part.len() as u64).to_le_bytes());
        key.extend_from_slice(part.as_bytes());
    }
    key.extend_from_slice(&(occurrence as u64).to_le_bytes());
    xxh3_64_with_seed(&key, SEED)
}

/// Up to `size` findings drawn without replacement, sorted by path and position for reading.
///
/// The draw keeps the findings of lowest rank. A finding's rank depends only on its identity, so
/// the draw does not depend on the order of `findings`, and adding findings to the set can only
/// push drawn ones out, never bring another of the old ones in: labels stay with the sample.
pub fn draw(findings: &[Finding], size: usize) -> Vec<&Finding> {
    let mut in_file_order: Vec<&Finding> = findings.iter().collect();
    in_file_order.sort_by(|a, b| (&a.identity, a.offset).cmp(&(&b.identity, b.offset)));
    let mut seen: BTreeMap<&Identity, usize> = BTreeMap::new();
    let mut ranked: Vec<(u64, &Finding)> = in_file_order
        .into_iter()
        .map(|finding| {
            let occurrence = seen.entry(&finding.identity).or_default();
            let ranked = (rank(&finding.identity, *occurrence), finding);
            *occurrence += 1;
            ranked
        })
        .collect();
    // Equal ranks are all but impossible; the identity and the offset settle them all the same.
    ranked.sort_by(|(a, x), (b, y)| (a, &x.identity, x.offset).cmp(&(b, &y.identity, y.offset)));
    let mut drawn: Vec<&Finding> = ranked.into_iter().take(size).map(|(_, finding)| finding).collect();
    drawn.sort_by(|a, b| {
        (&a.identity.path, a.offset, &a.identity.rule).cmp(&(&b.identity.path, b.offset, &b.identity.rule))
    });
    drawn
}

#[cfg(test)]
pub(crate) fn finding(rule: &str, path: &str, text: &str, offset: u64) -> Finding {
    Finding {
        identity: Identity { rule: rule.into(), path: path.into(), text: text.into() },
        line: offset / 40 + 1,
        offset,
        message: format!("`{text}` leads nowhere"),
        source_line: text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn many(count: usize, path: &str) -> Vec<Finding> {
        (0..count).map(|i| finding("broken-link", path, &format!("[page {i}](page-{i}.md)"), i as u64 * 40)).collect()
    }

    fn keys(drawn: &[&Finding]) -> Vec<(Identity, u64)> {
        drawn.iter().map(|f| (f.identity.clone(), f.offset)).collect()
    }

    #[test]
    fn the_same_findings_give_the_same_sample_whatever_their_order() {
        let findings = many(200, "docs/a.md");
        let mut reversed = findings.clone();
        reversed.reverse();
        let first = keys(&draw(&findings, 50));
        assert_eq!(first.len(), 50);
        assert_eq!(first, keys(&draw(&reversed, 50)));
        assert_eq!(first, keys(&draw(&findings, 50)), "a second draw is the same");
    }

    #[test]
    fn the_sample_is_not_the_first_findings_of_the_run() {
        let findings = many(200, "docs/a.md");
        let drawn = draw(&findings, 50);
        assert!(drawn.iter().any(|f| f.offset >= 50 * 40), "a shuffle reaches past the first 50 findings");
        assert!(drawn.iter().any(|f| f.offset < 100 * 40), "and does not just take the last ones");
    }

    #[test]
    fn new_findings_elsewhere_never_bring_other_old_findings_into_the_sample() {
        let old = many(200, "docs/a.md");
        let before = keys(&draw(&old, 50));
        let mut grown = old.clone();
        grown.extend(many(300, "docs/b.md"));
        let after = keys(&draw(&grown, 50));
        let old_after: Vec<_> = after.iter().filter(|key| key.0.path == "docs/a.md").collect();
        assert!(old_after.iter().all(|key| before.contains(key)), "every old finding still drawn was drawn before");
        assert!(!old_after.is_empty() && old_after.len() < 50, "the new findings take some places, not all");
    }

    #[test]
    fn a_finding_keeps_its_place_when_its_line_moves() {
        let findings = many(200, "docs/a.md");
        let before = draw(&findings, 50).iter().map(|f| f.identity.clone()).collect::<Vec<_>>();
        // A paragraph added at the top of every file moves every finding down by 120 bytes.
        let moved: Vec<Finding> =
            findings.iter().cloned().map(|f| Finding { offset: f.offset + 120, line: f.line + 3, ..f }).collect();
        let after = draw(&moved, 50).iter().map(|f| f.identity.clone()).collect::<Vec<_>>();
        assert_eq!(before, after);
    }

    #[test]
    fn the_same_link_written_twice_is_two_findings_that_can_both_be_drawn() {
        let twice = vec![
            finding("broken-link", "docs/a.md", "[x](missing.md)", 10),
            finding("broken-link", "docs/a.md", "[x](missing.md)", 90),
        ];
        assert_eq!(draw(&twice, 50).len(), 2);
        assert_ne!(rank(&twice[0].identity, 0), rank(&twice[0].identity, 1));
    }

    #[test]
    fn a_smaller_set_than_the_sample_is_drawn_whole() {
        let findings = many(7, "docs/a.md");
        assert_eq!(draw(&findings, 50).len(), 7);
        assert!(draw(&findings, 0).is_empty());
    }
}
