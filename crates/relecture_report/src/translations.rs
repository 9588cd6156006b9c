//! `relecture translations`'s output: per language the translations up to date, outdated,
//! missing and orphaned, then per page how far each is behind its source.

use std::io::{self, Write};

use relecture_core::report::{SourceKind, Tally, TranslationStatus};

use crate::escape::{printable_line, table_code_span, write_json_pretty};

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
