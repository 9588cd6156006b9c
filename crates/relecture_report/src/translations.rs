//! `relecture translations`'s output: per language the translations up to date, outdated,
//! missing and orphaned, then per page how far each is behind its source.

use std::io::{self, Write};

use relecture_core::report::{SourceKind, Tally, TranslationStatus};

use crate::escape::{printable_line, table_code_span, write_json_pretty};
use crate::html::{self, Series, escape};

formats! {
    /// The output formats of `translations`.
    #[non_exhaustive]
    pub enum TranslationsFormat ("translations format"): fn(&TranslationStatus, &mut dyn Write) {
        /// A table per language, then the pages behind and without source.
        #[default]
        Text = "text" => text,
        /// The status as JSON.
        Json = "json" => write_json_pretty,
        /// Markdown tables, for a pull request comment or a wiki page.
        Markdown = "markdown" => markdown,
        /// One self-contained page: a chart per language and a sortable table of the pages.
        Html = "html" => html,
    }
}

/// Writes `status` in `format`.
pub fn emit_translations(
    status: &TranslationStatus,
    format: TranslationsFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    format.emitter()(status, out)
}

/// `12 (3,456 words)`, or `0`.
fn tally(tally: Tally) -> String {
    if tally.pages == 0 {
        return "0".to_string();
    }
    let words = if tally.words == 1 { "word" } else { "words" };
    format!("{} ({} {words})", thousands(tally.pages), thousands(tally.words))
}

/// `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `3 commits and 2 paragraphs`.
fn how_far(commits: usize, paragraphs: usize) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!("{} and {}", plural(commits, "commit", "commits"), plural(paragraphs, "paragraph", "paragraphs"))
}

/// The first line: what was read.
fn heading(status: &TranslationStatus) -> String {
    let from = status.source_language.as_deref().map_or_else(String::new, |language| format!(" from {language}"));
    let at = status.source.revision.clone().unwrap_or_else(|| {
        match status.source.kind {
            SourceKind::Staged => "the index",
            SourceKind::Folder => "the folder",
            _ => "the working tree",
        }
        .to_string()
    });
    let history = if status.history { "" } else { " (no git history: which translations are behind is unknown)" };
    format!("Translations{from} at {}{history}", printable_line(&at))
}

fn text(status: &TranslationStatus, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}\n", heading(status))?;
    if status.languages.is_empty() {
        writeln!(out, "No translated page.")?;
        return Ok(());
    }
    let rows: Vec<[String; 6]> = status
        .languages
        .iter()
        .map(|l| {
            [
                printable_line(&l.language),
                tally(l.up_to_date),
                tally(l.outdated),
                tally(l.missing),
                tally(l.orphan),
                tally(l.unknown),
            ]
        })
        .collect();
    let header = ["language", "up to date", "outdated", "missing", "orphan", "unknown"].map(str::to_string);
    let shown = if status.history { 5 } else { 6 };
    let widths: Vec<usize> = (0..shown)
        .map(|column| rows.iter().chain([&header]).map(|row| row[column].chars().count()).max().unwrap_or(0))
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let cells: Vec<String> = (0..shown).map(|c| format!("{:<width$}", row[c], width = widths[c])).collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    let outdated: Vec<_> = status.pages.iter().filter(|page| page.behind.is_some()).collect();
    if !outdated.is_empty() {
        writeln!(out, "\nOutdated:")?;
    }
    for page in outdated {
        let (Some(behind), Some(source)) = (&page.behind, &page.source_path) else { continue };
        writeln!(
            out,
            "{}: {} behind {}, since {}",
            printable_line(&page.path),
            how_far(behind.behind_commits, behind.changed_paragraphs.len()),
            printable_line(source),
            behind.oldest_missed.get(..10).unwrap_or(&behind.oldest_missed)
        )?;
        if let Some(named) = &behind.unknown_commit {
            writeln!(
                out,
                "  (its front matter names {}, which this history does not hold: its last commit stood for it)",
                printable_line(named)
            )?;
        }
        for paragraph in &behind.changed_paragraphs {
            writeln!(
                out,
                "  {}:{}: {} \"{}\"",
                printable_line(source),
                paragraph.line,
                paragraph.change,
                printable_line(&paragraph.excerpt)
            )?;
        }
    }
    let orphans: Vec<_> = status.pages.iter().filter(|page| page.state == "orphan").collect();
    if !orphans.is_empty() {
        writeln!(out, "\nWithout source:")?;
        for page in orphans {
            writeln!(out, "{}", printable_line(&page.path))?;
        }
    }
    let languages: std::collections::BTreeSet<&str> =
        status.missing.iter().map(|missing| missing.language.as_str()).collect();
    if languages.len() > 1 {
        // One list per language is long: `--lang` shows one.
        writeln!(
            out,
            "\nNot translated: {} pages in all (--lang L lists those of one language)",
            thousands(status.missing.len())
        )?;
    } else if !status.missing.is_empty() {
        writeln!(out, "\nNot translated:")?;
        for missing in &status.missing {
            writeln!(
                out,
                "{} ({}, {} words)",
                printable_line(&missing.source_path),
                printable_line(&missing.language),
                thousands(missing.words)
            )?;
        }
    }
    Ok(())
}

fn markdown(status: &TranslationStatus, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## {}\n", heading(status).replace('|', "\\|"))?;
    if status.languages.is_empty() {
        writeln!(out, "No translated page.")?;
        return Ok(());
    }
    writeln!(
        out,
        "| language | up to date | outdated | missing | orphan | unknown |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    )?;
    for l in &status.languages {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            table_code_span(&l.language),
            tally(l.up_to_date),
            tally(l.outdated),
            tally(l.missing),
            tally(l.orphan),
            tally(l.unknown)
        )?;
    }
    let outdated: Vec<_> = status.pages.iter().filter(|page| page.behind.is_some()).collect();
    if !outdated.is_empty() {
        writeln!(
            out,
            "\n### Outdated\n\n| translation | source | behind | since | changed paragraphs |\n| --- | --- | --- | --- | --- |"
        )?;
    }
    for page in outdated {
        let (Some(behind), Some(source)) = (&page.behind, &page.source_path) else { continue };
        let lines: Vec<String> =
            behind.changed_paragraphs.iter().map(|p| format!("{} line {}", p.change, p.line)).collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            table_code_span(&page.path),
            table_code_span(source),
            how_far(behind.behind_commits, behind.changed_paragraphs.len()),
            behind.oldest_missed.get(..10).unwrap_or(&behind.oldest_missed),
            lines.join(", ")
        )?;
    }
    let orphans: Vec<_> = status.pages.iter().filter(|page| page.state == "orphan").collect();
    if !orphans.is_empty() {
        writeln!(out, "\n### Without source\n")?;
        for page in orphans {
            writeln!(out, "- {}", table_code_span(&page.path))?;
        }
    }
    if !status.missing.is_empty() {
        writeln!(out, "\n### Not translated\n\n| source | language | words |\n| --- | --- | ---: |")?;
        for missing in &status.missing {
            writeln!(
                out,
                "| {} | {} | {} |",
                table_code_span(&missing.source_path),
                table_code_span(&missing.language),
                thousands(missing.words)
            )?;
        }
    }
    Ok(())
}

/// The states of a translation, in the order charts and tables show them, with their colours.
const STATES: [(&str, &str); 5] = [
    ("up to date", "#009e73"),
    ("outdated", "#e69f00"),
    ("missing", "#bbbbbb"),
    ("orphan", "#d55e00"),
    ("unknown", "#56b4e9"),
];

fn html(status: &TranslationStatus, out: &mut dyn Write) -> io::Result<()> {
    use std::fmt::Write as _;
    let mut body = String::new();
    if status.languages.is_empty() {
        body.push_str("<p>No translated page.</p>\n");
        return out.write_all(html::page(&heading(status), &body).as_bytes());
    }
    let series: Vec<Series<'_>> = STATES.iter().map(|(name, colour)| Series { name, colour }).collect();
    let _ = writeln!(body, "<h2>Pages per language</h2>");
    body.push_str(&html::legend(&series));
    let rows: Vec<(String, Vec<usize>)> = status
        .languages
        .iter()
        .map(|l| {
            let counts = [l.up_to_date, l.outdated, l.missing, l.orphan, l.unknown].map(|tally| tally.pages);
            (l.language.clone(), counts.to_vec())
        })
        .collect();
    body.push_str(&html::horizontal_bars(&rows, &series));
    let _ = writeln!(
        body,
        "<table class=\"sortable\"><thead><tr><th>language</th><th class=\"n\">up to date</th><th class=\"n\">outdated</th><th class=\"n\">missing</th><th class=\"n\">orphan</th><th class=\"n\">unknown</th></tr></thead><tbody>"
    );
    for l in &status.languages {
        let mut cells = String::new();
        for t in [l.up_to_date, l.outdated, l.missing, l.orphan, l.unknown] {
            let _ = write!(cells, "<td class=\"n\" data-v=\"{}\">{}</td>", t.pages, escape(&tally(t)));
        }
        let _ = writeln!(body, "<tr><td><code>{}</code></td>{cells}</tr>", escape(&l.language));
    }
    body.push_str("</tbody></table>\n");
    let _ = writeln!(
        body,
        "<h2>Translated pages</h2>\n<p class=\"muted\">Click a heading to sort. Outdated pages list the source paragraphs that changed.</p>\n\
<table class=\"sortable\"><thead><tr><th>translation</th><th>language</th><th>state</th><th class=\"n\">words</th><th>source</th><th class=\"n\">commits behind</th><th>since</th><th class=\"n\">paragraphs changed</th></tr></thead><tbody>"
    );
    let link = |path: &str, line: usize, text: &str| match &status.browse {
        Some(base) => format!("<a href=\"{}{}#L{line}\">{}</a>", escape(base), escape(path), escape(text)),
        None => escape(text),
    };
    for page in &status.pages {
        let source = page.source_path.as_deref().unwrap_or("");
        let (commits, since, changed) = match (&page.behind, &page.source_path) {
            (Some(behind), Some(source)) => {
                let mut list = String::new();
                for p in &behind.changed_paragraphs {
                    let place = link(source, p.line, &format!("line {}", p.line));
                    let _ = write!(list, "<li>{place}: {} “{}”</li>", escape(&p.change), escape(&p.excerpt));
                }
                let changed = if list.is_empty() {
                    "0".to_string()
                } else {
                    format!("<details><summary>{}</summary><ul>{list}</ul></details>", behind.changed_paragraphs.len())
                };
                (
                    behind.behind_commits,
                    behind.oldest_missed.get(..10).unwrap_or("").to_string(),
                    (behind.changed_paragraphs.len(), changed),
                )
            }
            _ => (0, String::new(), (0, String::new())),
        };
        let _ = writeln!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td><code>{}</code></td><td class=\"n\" data-v=\"{commits}\">{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
            escape(&page.path),
            escape(&page.language),
            escape(&page.state.replace('-', " ")),
            page.words,
            thousands(page.words),
            escape(source),
            if page.behind.is_some() { commits.to_string() } else { String::new() },
            escape(&since),
            changed.0,
            changed.1
        );
    }
    body.push_str("</tbody></table>\n");
    if !status.missing.is_empty() {
        let _ = writeln!(
            body,
            "<h2>Not translated</h2>\n<table class=\"sortable\"><thead><tr><th>source</th><th>language</th><th class=\"n\">words</th></tr></thead><tbody>"
        );
        for missing in &status.missing {
            let _ = writeln!(
                body,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
                escape(&missing.source_path),
                escape(&missing.language),
                missing.words,
                thousands(missing.words)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    out.write_all(html::page(&heading(status), &body).as_bytes())
}
