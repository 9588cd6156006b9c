//! `relecture translations`'s output: per language the translations up to date, outdated,
//! missing and orphaned, then per page how far each is behind its source.

use std::io::{self, Write};

use relecture_core::report::{SourceKind, Tally, TranslationStatus};
use relecture_core::{Locale, Message};

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

/// Says `message` in the report's language.
#[allow(clippy::needless_pass_by_value, reason = "messages are built in the call")]
fn say(status: &TranslationStatus, message: Message) -> String {
    message.render(status.locale)
}

/// `12 (3,456 words)`, or `0`.
fn tally(status: &TranslationStatus, tally: Tally) -> String {
    if tally.pages == 0 {
        return "0".to_string();
    }
    let message = Message::new("translations-tally")
        .with("pages", thousands(status, tally.pages))
        .with("words", thousands(status, tally.words))
        .with("count", tally.words);
    say(status, message)
}

/// `12,345` in English, `12 345` (narrow no-break spaces) in French.
fn thousands(status: &TranslationStatus, n: usize) -> String {
    let separator = match status.locale {
        Locale::Fr => '\u{202f}',
        Locale::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// `3 commits and 2 paragraphs`.
fn how_far(status: &TranslationStatus, commits: usize, paragraphs: usize) -> String {
    say(status, Message::new("translations-how-far").with("commits", commits).with("paragraphs", paragraphs))
}

/// What happened to a changed passage, as the report's language says it.
fn change(status: &TranslationStatus, change: &str) -> String {
    say(status, Message::new("translations-change").with("change", change.replace(' ', "-")))
}

/// The first line: what was read.
fn heading(status: &TranslationStatus) -> String {
    let at = status.source.revision.clone().unwrap_or_else(|| {
        let id = match status.source.kind {
            SourceKind::Staged => "translations-at-index",
            SourceKind::Folder => "translations-at-folder",
            _ => "translations-at-worktree",
        };
        say(status, Message::new(id))
    });
    let mut line = match &status.source_language {
        Some(source) => say(status, Message::new("translations-heading").with("source", source.clone()).with("at", at)),
        None => say(status, Message::new("translations-heading-no-source").with("at", at)),
    };
    if !status.history {
        line.push(' ');
        line.push_str(&say(status, Message::new("translations-no-history")));
    }
    line
}

/// The column headings of the table per language.
fn language_columns(status: &TranslationStatus) -> [String; 6] {
    [
        "translations-column-language",
        "translations-column-up-to-date",
        "translations-column-outdated",
        "translations-column-missing",
        "translations-column-orphan",
        "translations-column-unknown",
    ]
    .map(|id| say(status, Message::new(id)))
}

/// `Outdated:` in English, `En retard :` in French.
fn section(status: &TranslationStatus, id: &'static str) -> String {
    let title = say(status, Message::new(id));
    match status.locale {
        Locale::Fr => format!("{title} :"),
        Locale::En => format!("{title}:"),
    }
}

fn text(status: &TranslationStatus, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}\n", printable_line(&heading(status)))?;
    if status.languages.is_empty() {
        writeln!(out, "{}", say(status, Message::new("translations-none")))?;
        return Ok(());
    }
    let rows: Vec<[String; 6]> = status
        .languages
        .iter()
        .map(|l| {
            [
                printable_line(&l.language),
                tally(status, l.up_to_date),
                tally(status, l.outdated),
                tally(status, l.missing),
                tally(status, l.orphan),
                tally(status, l.unknown),
            ]
        })
        .collect();
    let header = language_columns(status);
    let shown = if status.history { 5 } else { 6 };
    let widths: Vec<usize> = (0..shown)
        .map(|column| rows.iter().chain([&header]).map(|row| row[column].chars().count()).max().unwrap_or(0))
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let cells: Vec<String> =
            (0..shown).map(|c| format!("{}{}", row[c], " ".repeat(widths[c] - row[c].chars().count()))).collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    let outdated: Vec<_> = status.pages.iter().filter(|page| page.behind.is_some()).collect();
    if !outdated.is_empty() {
        writeln!(out, "\n{}", section(status, "translations-outdated"))?;
    }
    for page in outdated {
        let (Some(behind), Some(source)) = (&page.behind, &page.source_path) else { continue };
        let line = Message::new("translations-behind")
            .with("path", page.path.clone())
            .with("how", how_far(status, behind.behind_commits, behind.changed_paragraphs.len()))
            .with("source", source.clone())
            .with("date", behind.oldest_missed.get(..10).unwrap_or(&behind.oldest_missed).to_string());
        writeln!(out, "{}", printable_line(&say(status, line)))?;
        if let Some(named) = &behind.unknown_commit {
            let said = say(status, Message::new("translations-unknown-commit").with("commit", named.clone()));
            writeln!(out, "  {}", printable_line(&said))?;
        }
        for paragraph in &behind.changed_paragraphs {
            let excerpt = printable_line(&paragraph.excerpt);
            let quoted = match status.locale {
                Locale::Fr => format!("« {excerpt} »"),
                Locale::En => format!("\"{excerpt}\""),
            };
            writeln!(
                out,
                "  {}:{}: {} {quoted}",
                printable_line(source),
                paragraph.line,
                change(status, &paragraph.change)
            )?;
        }
    }
    let orphans: Vec<_> = status.pages.iter().filter(|page| page.state == "orphan").collect();
    if !orphans.is_empty() {
        writeln!(out, "\n{}", section(status, "translations-without-source"))?;
        for page in orphans {
            writeln!(out, "{}", printable_line(&page.path))?;
        }
    }
    let languages: std::collections::BTreeSet<&str> =
        status.missing.iter().map(|missing| missing.language.as_str()).collect();
    if languages.len() > 1 {
        // One list per language is long: `--lang` shows one.
        let count = thousands(status, status.missing.len());
        writeln!(out, "\n{}", say(status, Message::new("translations-not-translated-count").with("count", count)))?;
    } else if !status.missing.is_empty() {
        writeln!(out, "\n{}", section(status, "translations-not-translated"))?;
        for missing in &status.missing {
            let line = Message::new("translations-missing-page")
                .with("path", missing.source_path.clone())
                .with("language", missing.language.clone())
                .with("words", thousands(status, missing.words));
            writeln!(out, "{}", printable_line(&say(status, line)))?;
        }
    }
    Ok(())
}

fn markdown(status: &TranslationStatus, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## {}\n", heading(status).replace('|', "\\|"))?;
    if status.languages.is_empty() {
        writeln!(out, "{}", say(status, Message::new("translations-none")))?;
        return Ok(());
    }
    let columns = language_columns(status);
    writeln!(out, "| {} |\n| --- | ---: | ---: | ---: | ---: | ---: |", columns.join(" | "))?;
    for l in &status.languages {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            table_code_span(&l.language),
            tally(status, l.up_to_date),
            tally(status, l.outdated),
            tally(status, l.missing),
            tally(status, l.orphan),
            tally(status, l.unknown)
        )?;
    }
    let column = |id: &'static str| say(status, Message::new(id));
    let outdated: Vec<_> = status.pages.iter().filter(|page| page.behind.is_some()).collect();
    if !outdated.is_empty() {
        writeln!(
            out,
            "\n### {}\n\n| {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- |",
            column("translations-outdated"),
            column("translations-column-translation"),
            column("translations-column-source"),
            column("translations-column-behind"),
            column("translations-column-since"),
            column("translations-column-changed")
        )?;
    }
    for page in outdated {
        let (Some(behind), Some(source)) = (&page.behind, &page.source_path) else { continue };
        let lines: Vec<String> = behind
            .changed_paragraphs
            .iter()
            .map(|p| {
                format!(
                    "{} {}",
                    change(status, &p.change),
                    say(status, Message::new("markdown-line").with("line", p.line))
                )
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            table_code_span(&page.path),
            table_code_span(source),
            how_far(status, behind.behind_commits, behind.changed_paragraphs.len()),
            behind.oldest_missed.get(..10).unwrap_or(&behind.oldest_missed),
            lines.join(", ")
        )?;
    }
    let orphans: Vec<_> = status.pages.iter().filter(|page| page.state == "orphan").collect();
    if !orphans.is_empty() {
        writeln!(out, "\n### {}\n", column("translations-without-source"))?;
        for page in orphans {
            writeln!(out, "- {}", table_code_span(&page.path))?;
        }
    }
    if !status.missing.is_empty() {
        writeln!(
            out,
            "\n### {}\n\n| {} | {} | {} |\n| --- | --- | ---: |",
            column("translations-not-translated"),
            column("translations-column-source"),
            column("translations-column-language"),
            column("translations-column-words")
        )?;
        for missing in &status.missing {
            writeln!(
                out,
                "| {} | {} | {} |",
                table_code_span(&missing.source_path),
                table_code_span(&missing.language),
                thousands(status, missing.words)
            )?;
        }
    }
    Ok(())
}

/// The colours of the states of a translation, in the order charts and tables show them.
const COLOURS: [&str; 5] = ["#009e73", "#e69f00", "#bbbbbb", "#d55e00", "#56b4e9"];

fn html(status: &TranslationStatus, out: &mut dyn Write) -> io::Result<()> {
    use std::fmt::Write as _;
    let column = |id: &'static str| escape(&say(status, Message::new(id)));
    let mut body = String::new();
    if status.languages.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", column("translations-none"));
        return out.write_all(html::page(&heading(status), &body, status.locale.code()).as_bytes());
    }
    let columns = language_columns(status);
    let series: Vec<Series<'_>> =
        columns[1..].iter().zip(COLOURS).map(|(name, colour)| Series { name, colour }).collect();
    let _ = writeln!(body, "<h2>{}</h2>", column("translations-html-per-language"));
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
    let _ = write!(body, "<table class=\"sortable\"><thead><tr><th>{}</th>", escape(&columns[0]));
    for heading in &columns[1..] {
        let _ = write!(body, "<th class=\"n\">{}</th>", escape(heading));
    }
    body.push_str("</tr></thead><tbody>\n");
    for l in &status.languages {
        let mut cells = String::new();
        for t in [l.up_to_date, l.outdated, l.missing, l.orphan, l.unknown] {
            let _ = write!(cells, "<td class=\"n\" data-v=\"{}\">{}</td>", t.pages, escape(&tally(status, t)));
        }
        let _ = writeln!(body, "<tr><td><code>{}</code></td>{cells}</tr>", escape(&l.language));
    }
    body.push_str("</tbody></table>\n");
    let _ = writeln!(
        body,
        "<h2>{}</h2>\n<p class=\"muted\">{}</p>\n<table class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        column("translations-html-pages"),
        column("translations-html-help"),
        column("translations-column-translation"),
        column("translations-column-language"),
        column("translations-column-state"),
        column("translations-column-words"),
        column("translations-column-source"),
        column("translations-column-behind"),
        column("translations-column-since"),
        column("translations-column-changed"),
    );
    let link = |path: &str, line: usize, text: &str| match &status.browse {
        Some(base) => format!(
            "<a href=\"{}{}#L{line}\">{}</a>",
            escape(base),
            escape(&crate::escape::link_destination(path)),
            escape(text)
        ),
        None => escape(text),
    };
    let state_name = |state: &str| match state {
        "up-to-date" => columns[1].clone(),
        "outdated" => columns[2].clone(),
        "orphan" => columns[4].clone(),
        _ => columns[5].clone(),
    };
    for page in &status.pages {
        let source = page.source_path.as_deref().unwrap_or("");
        let (commits, since, changed) = match (&page.behind, &page.source_path) {
            (Some(behind), Some(source)) => {
                let mut list = String::new();
                for p in &behind.changed_paragraphs {
                    let at_line = say(status, Message::new("markdown-line").with("line", p.line));
                    let place = link(source, p.line, &at_line);
                    let _ = write!(
                        list,
                        "<li>{place}: {} “{}”</li>",
                        escape(&change(status, &p.change)),
                        escape(&p.excerpt)
                    );
                }
                let changed = if list.is_empty() {
                    "0".to_string()
                } else {
                    format!("<details><summary>{}</summary><ul>{list}</ul></details>", behind.changed_paragraphs.len())
                };
                let since = behind.oldest_missed.get(..10).unwrap_or("").to_string();
                (behind.behind_commits, since, (behind.changed_paragraphs.len(), changed))
            }
            _ => (0, String::new(), (0, String::new())),
        };
        let _ = writeln!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td><td><code>{}</code></td><td class=\"n\" data-v=\"{commits}\">{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
            escape(&page.path),
            escape(&page.language),
            escape(&state_name(&page.state)),
            page.words,
            thousands(status, page.words),
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
            "<h2>{}</h2>\n<table class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            column("translations-not-translated"),
            column("translations-column-source"),
            column("translations-column-language"),
            column("translations-column-words")
        );
        for missing in &status.missing {
            let _ = writeln!(
                body,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
                escape(&missing.source_path),
                escape(&missing.language),
                missing.words,
                thousands(status, missing.words)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    out.write_all(html::page(&heading(status), &body, status.locale.code()).as_bytes())
}
