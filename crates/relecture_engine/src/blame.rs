//! `--blame`: the commit that introduced each finding.

use std::collections::HashMap;

use relecture_core::Report;

use crate::Error;
use crate::history::Walk;
use crate::incremental::Incremental;

/// `2024-05-06T16:45:00+02:00` from seconds since the epoch and an offset in minutes.
fn iso_date(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let days = local.div_euclid(86_400);
    let second_of_day = local.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60,
        offset / 60,
        offset % 60
    )
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
    for finding in &report.findings {
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
    for finding in &mut report.findings {
        let key = (finding.path.clone(), finding.identity.clone());
        // A finding absent from the tip commit (an uncommitted edit) was never recorded.
        finding.introduced_by = Some(match introduced.get(&key) {
            Some(&index) => {
                let commit = &commits[index];
                serde_json::json!({
                    "commit": commit.id,
                    "author": commit.author,
                    "date": iso_date(commit.time, commit.offset_minutes),
                })
            }
            None => serde_json::Value::Null,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_with_offsets() {
        assert_eq!(iso_date(0, 0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso_date(1_714_999_500, 120), "2024-05-06T14:45:00+02:00");
        assert_eq!(iso_date(951_782_400, -300), "2000-02-28T19:00:00-05:00");
    }
}
