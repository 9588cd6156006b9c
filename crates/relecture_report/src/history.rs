//! `relecture history`'s output: per commit, the findings it introduced and fixed, by family.

use std::collections::BTreeMap;
use std::io::{self, Write};

use relecture_core::report::History;

use crate::escape::{markdown_name, printable_line, table_code_span, write_json_pretty};

formats! {
    /// The output formats of `history`.
    #[non_exhaustive]
    pub enum HistoryFormat ("history format"): fn(&History, &mut dyn Write) {
        /// One line per commit.
        #[default]
        Text = "text" => text,
        /// The history as JSON.
        Json = "json" => write_json_pretty,
        /// A Markdown table.
        Markdown = "markdown" => markdown,
        /// One self-contained page: findings introduced and fixed over the commits, per family,
        /// and the commits that moved them most.
        Html = "html" => html,
    }
}

/// `language 2, links 1`, each family shown by `show`.
fn by_family(counts: &BTreeMap<String, usize>, show: fn(&str) -> String) -> String {
    counts.iter().map(|(family, n)| format!("{} {n}", show(family))).collect::<Vec<_>>().join(", ")
}

/// Writes `history` in `format` to `out`; repository text (commit subjects) is escaped as every
/// report escapes it.
pub fn emit_history(history: &History, format: HistoryFormat, out: &mut dyn Write) -> io::Result<()> {
    format.emitter()(history, out)
}

/// The first ten digits of a commit id.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

/// A Markdown table, one row per commit.
fn markdown(history: &History, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| commit | summary | introduced | fixed | findings |\n| --- | --- | --- | --- | ---: |")?;
    for c in &history.commits {
        let introduced: usize = c.introduced.values().sum();
        let fixed: usize = c.fixed.values().sum();
        let families = |counts, n: usize| {
            if n > 0 { format!("({})", by_family(counts, markdown_name)) } else { String::new() }
        };
        writeln!(
            out,
            "| `{}` | {} | {introduced} {} | {fixed} {} | {} |",
            short(&c.commit),
            table_code_span(&c.summary),
            families(&c.introduced, introduced),
            families(&c.fixed, fixed),
            c.total
        )?;
    }
    Ok(())
}

/// One line per commit.
fn text(history: &History, out: &mut dyn Write) -> io::Result<()> {
    for c in &history.commits {
        let introduced: usize = c.introduced.values().sum();
        let fixed: usize = c.fixed.values().sum();
        let families = |label: &str, counts, n: usize| {
            if n > 0 { format!(" [{label}: {}]", by_family(counts, printable_line)) } else { String::new() }
        };
        writeln!(
            out,
            "{} +{introduced} -{fixed} ={} {}{}{}",
            short(&c.commit),
            c.total,
            printable_line(&c.summary),
            families("introduced", &c.introduced, introduced),
            families("fixed", &c.fixed, fixed),
        )?;
    }
    Ok(())
}

/// At most this many columns in the chart: longer histories are shown in runs of commits.
const COLUMNS: usize = 200;

fn html(history: &History, out: &mut dyn Write) -> io::Result<()> {
    use std::fmt::Write as _;

    use crate::html::{PALETTE, Series, columns, escape, legend, page};
    let title = format!("Findings over {}", history.range);
    let mut body = String::new();
    let commits = &history.commits;
    let (Some(first), Some(last)) = (commits.first(), commits.last()) else {
        body.push_str("<p>No commit in this range.</p>\n");
        return out.write_all(page(&title, &body, "en").as_bytes());
    };
    let _ = writeln!(
        body,
        "<p>{} commits, from <code>{}</code> ({}) to <code>{}</code> ({}): {} findings after the first, {} after the last. The chart and the table leave out what the first commit of a whole history holds.</p>",
        commits.len(),
        short(&first.commit),
        first.date.get(..10).unwrap_or(""),
        short(&last.commit),
        last.date.get(..10).unwrap_or(""),
        first.total,
        last.total
    );
    // A whole history begins with the state its first commit holds: the findings it
    // "introduces" are where the history starts, not a change, and would flatten every other.
    let commits = if history.range.contains("..") || commits.len() == 1 { &commits[..] } else { &commits[1..] };
    let families: std::collections::BTreeSet<&str> =
        commits.iter().flat_map(|c| c.introduced.keys().chain(c.fixed.keys())).map(String::as_str).collect();
    let families: Vec<&str> = families.into_iter().collect();
    let series: Vec<Series<'_>> =
        families.iter().enumerate().map(|(at, name)| Series { name, colour: PALETTE[at % PALETTE.len()] }).collect();
    let per_column = commits.len().div_ceil(COLUMNS);
    let entries: Vec<(String, Vec<usize>, Vec<usize>)> = commits
        .chunks(per_column)
        .map(|run| {
            let count = |pick: fn(&relecture_core::report::CommitFindings) -> &BTreeMap<String, usize>| {
                families
                    .iter()
                    .map(|family| run.iter().map(|c| pick(c).get(*family).copied().unwrap_or(0)).sum())
                    .collect()
            };
            let day = |c: &relecture_core::report::CommitFindings| c.date.get(..10).unwrap_or("").to_string();
            let label = match run {
                [one] => format!("{} {} {}", day(one), short(&one.commit), one.summary),
                [first, .., last] => format!(
                    "{} to {}: {}..{} ({} commits)",
                    day(first),
                    day(last),
                    short(&first.commit),
                    short(&last.commit),
                    run.len()
                ),
                [] => String::new(),
            };
            (label, count(|c| &c.introduced), count(|c| &c.fixed))
        })
        .collect();
    let _ = writeln!(body, "<h2>Introduced (above) and fixed (below), per family</h2>");
    body.push_str(&legend(&series));
    body.push_str(&columns(&entries, &series));
    let mut moved: Vec<&relecture_core::report::CommitFindings> =
        commits.iter().filter(|c| c.introduced.values().chain(c.fixed.values()).sum::<usize>() > 0).collect();
    moved.sort_by_key(|c| std::cmp::Reverse(c.introduced.values().chain(c.fixed.values()).sum::<usize>()));
    moved.truncate(20);
    let _ = writeln!(
        body,
        "<h2>The commits that moved findings most</h2>\n<table class=\"sortable\"><thead><tr><th>commit</th><th>date</th><th>summary</th><th>author</th><th class=\"n\">introduced</th><th class=\"n\">fixed</th><th class=\"n\">findings after</th></tr></thead><tbody>"
    );
    for c in moved {
        let introduced: usize = c.introduced.values().sum();
        let fixed: usize = c.fixed.values().sum();
        let families = |counts: &BTreeMap<String, usize>, n: usize| {
            if n > 0 {
                format!(" <span class=\"muted\">({})</span>", escape(&by_family(counts, str::to_string)))
            } else {
                String::new()
            }
        };
        let _ = writeln!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{introduced}\">{introduced}{}</td><td class=\"n\" data-v=\"{fixed}\">{fixed}{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
            short(&c.commit),
            escape(c.date.get(..10).unwrap_or("")),
            escape(&c.summary),
            escape(&c.author),
            families(&c.introduced, introduced),
            families(&c.fixed, fixed),
            c.total,
            c.total
        );
    }
    body.push_str("</tbody></table>\n");
    out.write_all(page(&title, &body, "en").as_bytes())
}

#[cfg(test)]
mod tests {
    use relecture_core::report::CommitFindings;

    use super::*;

    fn render(format: HistoryFormat) -> String {
        let commit = |id: &str, summary: &str, introduced: &[(&str, usize)], fixed: &[(&str, usize)], total| {
            let mut commit = CommitFindings::new(id, summary, "A <a@example.org>");
            commit.introduced = introduced.iter().map(|(f, n)| ((*f).to_string(), *n)).collect();
            commit.fixed = fixed.iter().map(|(f, n)| ((*f).to_string(), *n)).collect();
            commit.total = total;
            commit
        };
        let history = History::new(
            "HEAD",
            vec![
                commit("0123456789abcdef", "Premier | article", &[("duplicates", 2), ("links", 1)], &[], 3),
                commit("fedcba9876543210", "Corrige\u{1b}[31m", &[], &[("links", 1)], 2),
            ],
        );
        let mut out = Vec::new();
        emit_history(&history, format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn history_lines_count_by_family_and_escape_subjects() {
        assert_eq!(
            render(HistoryFormat::Text),
            "0123456789 +3 -0 =3 Premier | article [introduced: duplicates 2, links 1]\n\
             fedcba9876 +0 -1 =2 Corrige\\u{1b}[31m [fixed: links 1]\n"
        );
        let markdown = render(HistoryFormat::Markdown);
        let rows: Vec<&str> = markdown.lines().collect();
        assert_eq!(rows.len(), 4, "{markdown}");
        assert!(rows[2].starts_with("| `0123456789` | ") && rows[2].ends_with(" | 3 |"), "{markdown}");
        assert_eq!(rows[2].matches(" | ").count(), 4, "the subject stays in its cell: {markdown}");
        assert!(!markdown.contains('\u{1b}'));
        let json: serde_json::Value = serde_json::from_str(&render(HistoryFormat::Json)).unwrap();
        assert_eq!(json["commits"][1]["summary"], "Corrige\u{1b}[31m");
    }
}
