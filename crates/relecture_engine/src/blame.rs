//! `--blame`: the commit that introduced each finding.

use std::collections::HashMap;

use relecture_core::Report;
use relecture_core::finding::{IntroducedBy, IntroducingCommit};

use crate::Error;
use crate::history::Walk;
use crate::incremental::Incremental;

/// `2024-05-06T16:45:00+02:00` from seconds since the epoch and an offset in minutes (any offset
/// git can record, even past the ±25:59 a time zone may have). An instant outside years -9999 to
/// 9999 (only a crafted commit has one) is shown as the nearest one inside.
pub(crate) fn iso_date(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds.saturating_add(i64::from(offset_minutes) * 60);
    let instant = jiff::Timestamp::from_second(local).unwrap_or(if local < 0 {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    });
    let time = jiff::tz::Offset::UTC.to_datetime(instant);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!("{}{sign}{:02}:{:02}", time.strftime("%Y-%m-%dT%H:%M:%S"), offset / 60, offset % 60)
}

/// Sets `introduced_by` on every finding of `report`, the linted state of `tip`: the oldest
/// commit of the first-parent history of the tip from which the finding is present in its
/// article in every commit up to the tip, following the article through renames (git's rename
/// detection, so moves with edits too). Findings not in the tip commit (uncommitted edits) get
/// `null`. History is walked backwards, incrementally, only as far as some finding is still
/// present.
///
/// # Errors
/// When the history of `tip` cannot be read.
pub fn blame(walk: &Walk<'_>, report: &mut Report, tip: &str) -> Result<(), Error> {
    let commits = walk.workspace.first_parent_commits(tip)?;
    let newest_first: Vec<String> = commits.iter().rev().map(|c| c.id.clone()).collect();
    // Findings still present, by their article's path at the commit being looked at, as
    // (path and identity at the tip).
    let mut alive: HashMap<String, Vec<(String, String)>> = HashMap::new();
    // Findings that know where they come from already (a translation left behind by a source
    // commit) are not looked for.
    for finding in report.findings.iter().filter(|finding| finding.introduced_by.is_none()) {
        alive.entry(finding.path.clone()).or_default().push((finding.path.clone(), finding.identity.clone()));
    }
    // Finding → index of the oldest commit of its unbroken run.
    let mut introduced: HashMap<(String, String), usize> = HashMap::new();
    let mut state = Incremental::new(walk.config, walk.checks, walk.selection);
    walk.run(&mut state, None, &newest_first, true, |step_index, deltas, state, step| {
        let index = commits.len() - 1 - step_index;
        // At the tip every finding is looked up; further back only the articles that changed,
        // since a finding stays while its article's findings do not move.
        let mut changed: Vec<String> = if step_index == 0 {
            alive.keys().cloned().collect()
        } else {
            deltas.into_iter().map(|d| d.path).collect()
        };
        // Articles renamed between this commit and the next are found under their older path.
        for (here, later) in &step.moved {
            if !state.has_article(later)
                && let Some(keys) = alive.remove(later)
            {
                alive.entry(here.clone()).or_default().extend(keys);
                changed.push(here.clone());
            }
        }
        for path in changed {
            let Some(keys) = alive.get_mut(&path) else { continue };
            keys.retain(|key| {
                let present = state.contains(&path, &key.1);
                // Gone here: its run began with the next commit (none when absent from the tip).
                if !present && step_index > 0 {
                    introduced.insert(key.clone(), index + 1);
                }
                present
            });
            if keys.is_empty() {
                alive.remove(&path);
            }
        }
        Ok(!alive.is_empty())
    })?;
    // Present down to the first commit of the history.
    for key in alive.into_values().flatten() {
        introduced.insert(key, 0);
    }
    for finding in report.findings.iter_mut().filter(|finding| finding.introduced_by.is_none()) {
        let key = (finding.path.clone(), finding.identity.clone());
        // A finding absent from the tip commit (an uncommitted edit) was never recorded.
        finding.introduced_by = Some(match introduced.get(&key) {
            Some(&index) => {
                let commit = &commits[index];
                IntroducedBy::Commit(IntroducingCommit::new(
                    commit.id.clone(),
                    commit.author.clone(),
                    iso_date(commit.time, commit.offset_minutes),
                ))
            }
            None => IntroducedBy::Uncommitted,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_out_of_the_calendar_do_not_panic() {
        assert!(iso_date(i64::MAX, 0).starts_with("9999-12-"), "{}", iso_date(i64::MAX, 0));
        assert!(iso_date(i64::MIN, -1).ends_with("-00:01"));
    }

    #[test]
    fn dates_are_iso_with_offsets() {
        assert_eq!(iso_date(0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso_date(1_714_999_500, 120), "2024-05-06T14:45:00+02:00");
        assert_eq!(iso_date(951_782_400, -300), "2000-02-28T19:00:00-05:00");
        // Leap days, a year that is not leap, the offset carrying the day over.
        assert_eq!(iso_date(951_825_600, 0), "2000-02-29T12:00:00+00:00");
        assert_eq!(iso_date(1_709_251_199, 0), "2024-02-29T23:59:59+00:00");
        assert_eq!(iso_date(4_107_542_400, 0), "2100-03-01T00:00:00+00:00");
        assert_eq!(iso_date(1_709_251_199, 60), "2024-03-01T00:59:59+01:00");
        assert_eq!(iso_date(1_709_251_200, -1), "2024-02-29T23:59:00-00:01");
        // Before the epoch, and the offsets git can record beyond a day.
        assert_eq!(iso_date(-1, 0), "1969-12-31T23:59:59+00:00");
        assert_eq!(iso_date(0, 99 * 60 + 59), "1970-01-05T03:59:00+99:59");
        assert_eq!(iso_date(0, -(99 * 60 + 59)), "1969-12-27T20:01:00-99:59");
    }
}
