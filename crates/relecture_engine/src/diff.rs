//! `--diff BASE`: keep the findings of the articles a change touched, and say which are new.

use std::collections::{BTreeMap, HashMap, HashSet};

use relecture_core::Report;
use relecture_core::report::Summary;

/// Filters `report` to the articles that differ from `base_report` and sets each finding's
/// status; counts new, existing and fixed findings in the summary. `renames` are the articles
/// git found moved from the base (path at the base, path now), edited or not.
pub fn classify(report: &mut Report, base_report: &Report, base: &str, renames: &[(String, String)]) {
    let moved_from: HashMap<&str, &str> = renames.iter().map(|(old, new)| (new.as_str(), old.as_str())).collect();
    let base_blobs: HashMap<&str, Option<&str>> =
        base_report.articles.iter().map(|a| (a.path.as_str(), a.blob.as_deref())).collect();
    let current_paths: HashSet<&str> = report.articles.iter().map(|a| a.path.as_str()).collect();
    // Articles that disappeared, by content: a new path with one of these blobs is a rename.
    let mut gone_by_blob: HashMap<&str, &str> = HashMap::new();
    for article in &base_report.articles {
        if let Some(blob) = article.blob.as_deref()
            && !current_paths.contains(article.path.as_str())
        {
            gone_by_blob.entry(blob).or_insert(article.path.as_str());
        }
    }
    // Changed article → its path at the base (itself, a renamed original, or none when new).
    let mut changed: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut renamed_from: HashSet<&str> = HashSet::new();
    for article in &report.articles {
        match base_blobs.get(article.path.as_str()) {
            Some(blob) if *blob == article.blob.as_deref() && blob.is_some() => {}
            Some(_) => {
                changed.insert(article.path.clone(), Some(article.path.clone()));
            }
            None => match article.blob.as_deref().and_then(|b| gone_by_blob.get(b)) {
                // Renamed without a change: nothing to report.
                Some(original) => {
                    renamed_from.insert(original);
                }
                None => match moved_from.get(article.path.as_str()) {
                    // Renamed and edited: compared with the article it was.
                    Some(&original) if base_blobs.contains_key(original) && !current_paths.contains(original) => {
                        renamed_from.insert(original);
                        changed.insert(article.path.clone(), Some(original.to_string()));
                    }
                    _ => {
                        changed.insert(article.path.clone(), None);
                    }
                },
            },
        }
    }
    let mut base_identities: HashMap<&str, Vec<&str>> = HashMap::new();
    for finding in &base_report.findings {
        base_identities.entry(finding.path.as_str()).or_default().push(finding.identity.as_str());
    }
    report.findings.retain(|f| changed.contains_key(&f.path));
    let mut new = 0;
    for finding in &mut report.findings {
        let before = changed.get(&finding.path).cloned().flatten();
        let existed = before
            .as_deref()
            .and_then(|path| base_identities.get(path))
            .is_some_and(|ids| ids.contains(&finding.identity.as_str()));
        if !existed {
            new += 1;
        }
        finding.status = Some(if existed { relecture_core::Status::Existing } else { relecture_core::Status::New });
    }
    // Fixed: at the base, in a changed (or deleted) article, and gone now.
    let current_identities: HashSet<(&str, &str)> =
        report.findings.iter().map(|f| (f.path.as_str(), f.identity.as_str())).collect();
    let base_to_current: HashMap<&str, &str> =
        changed.iter().filter_map(|(current, before)| before.as_deref().map(|b| (b, current.as_str()))).collect();
    let fixed = base_report
        .findings
        .iter()
        .filter(|f| {
            let deleted = !current_paths.contains(f.path.as_str()) && !renamed_from.contains(f.path.as_str());
            match base_to_current.get(f.path.as_str()) {
                Some(current) => !current_identities.contains(&(*current, f.identity.as_str())),
                None => deleted,
            }
        })
        .count();
    let existing = report.findings.len() - new;
    let elapsed = report.summary.elapsed_ms;
    let mut summary = Summary::count(report.articles.len(), &report.findings, elapsed);
    summary.new = Some(new);
    summary.existing = Some(existing);
    summary.fixed = Some(fixed);
    report.summary = summary;
    report.source.base = Some(base.to_string());
}
