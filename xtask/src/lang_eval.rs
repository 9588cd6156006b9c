//! `cargo xtask lang-eval`: accuracy of the language family on a labelled corpus.
//!
//! The label of an article is the language segment of its path (`content/fr/…`). Article level:
//! how often the detected language is the label, and how many `language-mismatch` findings
//! appear (every one is false, since the path declares the label). Paragraph level: a synthetic
//! corpus is built by planting, into each article, a paragraph of at least 40 words taken from
//! an article of another language; recall is the share of planted paragraphs reported as
//! `mixed-language`, precision the share of `mixed-language` findings that are planted paragraphs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use relecture::{Config, Linter, Report, Source};
use relecture_core::Article;
use relecture_core::language::LanguageConfig;
use relecture_core::markdown::BlockKind;
use relecture_core::text::words;

/// Planted paragraphs have at least this many words.
const PLANTED_MIN_WORDS: usize = 40;

pub fn run(args: &[String]) -> Result<()> {
    let corpus = match args.iter().position(|a| a == "--corpus") {
        Some(i) => PathBuf::from(args.get(i + 1).context("--corpus takes a path")?),
        None => bail!("usage: cargo xtask lang-eval --corpus PATH (a repository, a folder or a git bundle)"),
    };
    let scratch = tempfile::tempdir()?;
    let root = if corpus.extension().is_some_and(|e| e == "bundle") {
        // A bundle's HEAD may name no branch it carries: check out its first head explicitly.
        let clone = scratch.path().join("corpus");
        let heads = Command::new("git").args(["bundle", "list-heads"]).arg(&corpus).output().context("git runs")?;
        let first_head = String::from_utf8_lossy(&heads.stdout).split_whitespace().next().map(str::to_string);
        let Some(head) = first_head else { bail!("{} is not a git bundle with a head", corpus.display()) };
        let cloned = Command::new("git")
            .args(["-c", "init.defaultBranch=main", "clone", "--quiet", "--no-checkout"])
            .arg(&corpus)
            .arg(&clone)
            .status()?;
        let checked_out =
            Command::new("git").arg("-C").arg(&clone).args(["checkout", "--quiet", "--detach", &head]).status()?;
        if !cloned.success() || !checked_out.success() {
            bail!("cannot clone {}", corpus.display());
        }
        clone
    } else {
        corpus.clone()
    };
    let labelled = labelled_articles(&root)?;
    if labelled.is_empty() {
        bail!("no article under a language folder (such as content/fr/) in {}", root.display());
    }
    let languages: Vec<String> = {
        let mut l: Vec<String> = labelled.values().map(|(label, _)| label.clone()).collect();
        l.sort();
        l.dedup();
        l
    };
    let config = eval_config(&languages, args.iter().any(|a| a == "--allowed"));

    let report = lint(&root, &config)?;
    let article_level = article_accuracy(&report, &labelled);
    let synthetic_root = scratch.path().join("synthetic");
    let planted = plant(&labelled, &synthetic_root)?;
    let synthetic = lint(&synthetic_root, &config)?;
    let paragraph_level = paragraph_scores(&synthetic, &planted);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "corpus: {} ({} labelled articles: {})",
        corpus.display(),
        labelled.len(),
        count_by_label(&labelled)
    );
    let _ = writeln!(out, "{article_level}");
    let _ = writeln!(out, "{paragraph_level}");
    let _ = writeln!(out, "{}", per_language(&report, &synthetic, &labelled, &planted));
    print!("{out}");
    Ok(())
}

/// The configuration of the evaluation: none but the family selected, as a repository with no
/// `relecture.toml` is checked (the languages come from the site's configuration), or, with
/// `--allowed`, the corpus' languages as `[language] allowed`.
fn eval_config(languages: &[String], allowed: bool) -> Config {
    let mut config = Config::default();
    config.select = Some(vec!["language".into()]);
    if allowed {
        config.update_section(|language: &mut LanguageConfig| language.allowed = languages.to_vec());
    }
    config
}

fn lint(root: &Path, config: &Config) -> Result<Report> {
    let run = Linter::new().repo(root).source(Source::WorkTree).config(config.clone()).run()?;
    Ok(run.report)
}

/// Path → (label, text) for every Markdown file under a two-letter language folder.
fn labelled_articles(root: &Path) -> Result<BTreeMap<String, (String, String)>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let relative = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            if let Some(label) = relative.split('/').find_map(relecture_core::language::segment_language) {
                out.insert(relative.clone(), (label.to_string(), std::fs::read_to_string(&path)?));
            }
        }
    }
    Ok(out)
}

fn count_by_label(labelled: &BTreeMap<String, (String, String)>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (label, _) in labelled.values() {
        *counts.entry(label).or_default() += 1;
    }
    counts.iter().map(|(l, n)| format!("{n} {l}")).collect::<Vec<_>>().join(", ")
}

fn article_accuracy(report: &Report, labelled: &BTreeMap<String, (String, String)>) -> String {
    let (mut right, mut wrong, mut undetected) = (0usize, Vec::new(), 0usize);
    for article in &report.articles {
        let Some((label, _)) = labelled.get(&article.path) else {
            continue;
        };
        match &article.language.detected {
            Some(detected) if detected == label => right += 1,
            Some(detected) => {
                wrong.push(format!("{} ({label} detected as {detected})", article.path));
            }
            None => undetected += 1,
        }
    }
    let judged = right + wrong.len();
    let mismatches = report.findings.iter().filter(|f| f.rule == "language-mismatch").count();
    let natural_mixed = report.findings.iter().filter(|f| f.rule == "mixed-language").count();
    #[allow(clippy::cast_precision_loss, reason = "article counts are small")]
    let accuracy = 100.0 * right as f64 / judged.max(1) as f64;
    let mut out = format!(
        "article level: {right}/{judged} right ({accuracy:.1}%), {undetected} without prose to judge, {mismatches} false language-mismatch; {natural_mixed} mixed-language findings in the unmodified corpus"
    );
    for line in wrong {
        let _ = write!(out, "\n  wrong: {line}");
    }
    out
}

/// A table per language: articles right, planted paragraphs found, `mixed-language` findings
/// that are planted.
fn per_language(
    report: &Report,
    synthetic: &Report,
    labelled: &BTreeMap<String, (String, String)>,
    planted: &[Planted],
) -> String {
    #[derive(Default)]
    struct Row {
        right: usize,
        judged: usize,
        planted: usize,
        found: usize,
        findings: usize,
        true_findings: usize,
    }
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    for article in &report.articles {
        let Some((label, _)) = labelled.get(&article.path) else { continue };
        let Some(detected) = &article.language.detected else { continue };
        let row = rows.entry(label).or_default();
        row.judged += 1;
        row.right += usize::from(detected == label);
    }
    let is_planted = |path: &str, line: usize| planted.iter().any(|p| p.path == path && p.line == line);
    let mixed: Vec<_> = synthetic.findings.iter().filter(|f| f.rule == "mixed-language").collect();
    for p in planted {
        let Some((label, _)) = labelled.get(&p.path) else { continue };
        let row = rows.entry(label).or_default();
        row.planted += 1;
        row.found += usize::from(mixed.iter().any(|f| f.path == p.path && f.range.start.line == p.line));
    }
    for finding in &mixed {
        let Some((label, _)) = labelled.get(&finding.path) else { continue };
        let row = rows.entry(label).or_default();
        row.findings += 1;
        row.true_findings += usize::from(is_planted(&finding.path, finding.range.start.line));
    }
    let mut out = String::from(
        "\n| language | articles right | planted found | mixed-language findings planted |\n| --- | ---: | ---: | ---: |",
    );
    for (label, row) in &rows {
        let _ = write!(
            out,
            "\n| {label} | {}/{} | {}/{} | {}/{} |",
            row.right, row.judged, row.found, row.planted, row.true_findings, row.findings
        );
    }
    out
}

/// A planted paragraph: the article it was planted into and the line it starts on.
struct Planted {
    path: String,
    line: usize,
}

/// Writes the synthetic corpus: each article receives, after its first paragraph, a paragraph of
/// at least 40 words from an article of another language.
fn plant(labelled: &BTreeMap<String, (String, String)>, root: &Path) -> Result<Vec<Planted>> {
    let mut donors: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (path, (label, text)) in labelled {
        let article = Article::parse(path.clone(), None, text.clone());
        for block in &article.blocks {
            if block.kind == BlockKind::Paragraph
                && block.quote_depth == 0
                && words(&block.prose.text).count() >= PLANTED_MIN_WORDS
            {
                donors.entry(label).or_default().push(article.text(block.range).to_string());
            }
        }
    }
    let mut planted = Vec::new();
    let mut next: BTreeMap<&str, usize> = BTreeMap::new();
    for (path, (label, text)) in labelled {
        let Some((donor_label, paragraphs)) = donors.iter().find(|(l, p)| *l != label && !p.is_empty()) else {
            continue;
        };
        let index = next.entry(donor_label).or_default();
        let paragraph = &paragraphs[*index % paragraphs.len()];
        *index += 1;
        let article = Article::parse(path.clone(), None, text.clone());
        let Some(first) = article.blocks.iter().find(|b| b.kind == BlockKind::Paragraph && b.quote_depth == 0) else {
            continue;
        };
        let insert_at = first.range.end;
        let planted_text = format!("\n\n{paragraph}\n");
        let mut synthetic = String::with_capacity(text.len() + planted_text.len());
        synthetic.push_str(&text[..insert_at]);
        synthetic.push_str(&planted_text);
        synthetic.push_str(&text[insert_at..]);
        let line = text[..insert_at].matches('\n').count() + 3;
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().expect("articles live in folders"))?;
        std::fs::write(&target, synthetic)?;
        planted.push(Planted { path: path.clone(), line });
    }
    Ok(planted)
}

fn paragraph_scores(report: &Report, planted: &[Planted]) -> String {
    let mixed: Vec<_> = report.findings.iter().filter(|f| f.rule == "mixed-language").collect();
    let found =
        planted.iter().filter(|p| mixed.iter().any(|f| f.path == p.path && f.range.start.line == p.line)).count();
    let true_positives =
        mixed.iter().filter(|f| planted.iter().any(|p| f.path == p.path && f.range.start.line == p.line)).count();
    #[allow(clippy::cast_precision_loss, reason = "paragraph counts are small")]
    let (recall, precision) =
        (100.0 * found as f64 / planted.len().max(1) as f64, 100.0 * true_positives as f64 / mixed.len().max(1) as f64);
    let mut out = format!(
        "paragraph level (planted paragraphs of >= {PLANTED_MIN_WORDS} words): recall {found}/{} ({recall:.1}%), precision {true_positives}/{} ({precision:.1}%)",
        planted.len(),
        mixed.len()
    );
    for finding in
        mixed.iter().filter(|f| !planted.iter().any(|p| f.path == p.path && f.range.start.line == p.line)).take(20)
    {
        let _ = write!(out, "\n  not planted: {}:{} {}", finding.path, finding.range.start.line, finding.message);
    }
    for p in planted.iter().filter(|p| !mixed.iter().any(|f| f.path == p.path && f.range.start.line == p.line)).take(20)
    {
        let _ = write!(out, "\n  missed: {}:{}", p.path, p.line);
    }
    out
}
