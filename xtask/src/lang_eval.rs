//! `cargo xtask lang-eval`: accuracy of the language family on a labelled corpus.
//!
//! The label of an article is the language segment of its path (`content/fr/…`). Article level:
//! how often the detected language is the label, and how many `language-mismatch` findings
//! appear (every one is false, since the path declares the label). Paragraph level: a synthetic
//! corpus is built by planting, into each article, a paragraph of at least 40 words taken from
//! an article of another language; recall is the share of planted paragraphs reported as
//! `mixed-language`, precision the share of `mixed-language` findings that are planted paragraphs.
//! Short pages: a third corpus holds, beside each article, a page of 10 to 40 words of prose
//! (plain paragraphs, or a description in a block quote then short items) taken from an article
//! of another language (a swap, which `language-mismatch` must report) and one taken from
//! another article of the folder's own language (a control, which it must not). The synthetic
//! corpora keep the site's configuration files, so that they are checked as the site is.

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
        None => bail!(
            "usage: cargo xtask lang-eval --corpus PATH [--allowed] [--keep DIR] (PATH: a repository, a folder or a git bundle)"
        ),
    };
    // `--keep DIR` leaves the clone and the synthetic corpora in DIR, to open what was missed.
    let kept = args.iter().position(|a| a == "--keep").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let temporary = tempfile::tempdir()?;
    let scratch = kept.as_deref().unwrap_or(temporary.path());
    let root = if corpus.extension().is_some_and(|e| e == "bundle") {
        // A bundle's HEAD may name no branch it carries: check out its first head explicitly.
        let clone = scratch.join("corpus");
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
    let synthetic_root = scratch.join("synthetic");
    let planted = plant(&labelled, &synthetic_root)?;
    copy_site(&root, &synthetic_root)?;
    let synthetic = lint(&synthetic_root, &config)?;
    let paragraph_level = paragraph_scores(&synthetic, &planted);
    let short_root = scratch.join("short");
    let short = short_pages(&labelled, &short_root)?;
    copy_site(&root, &short_root)?;
    let short_report = lint(&short_root, &config)?;

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
    let _ = writeln!(out, "{}", short_scores(&short_report, &short));
    let _ = writeln!(out, "{}", per_language(&report, &synthetic, &labelled, &planted, &short_report, &short));
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

/// Every file under `root` but those of `.git`, as paths.
fn files_under(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            if entry.file_name() == ".git" {
                continue;
            }
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    Ok(files)
}

/// Path → (label, text) for every Markdown file under a two-letter language folder.
fn labelled_articles(root: &Path) -> Result<BTreeMap<String, (String, String)>> {
    let mut out = BTreeMap::new();
    for path in files_under(root)? {
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let relative = path.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
        if let Some(label) = relative.split('/').find_map(relecture_core::language::segment_language) {
            out.insert(relative.clone(), (label.to_string(), std::fs::read_to_string(&path)?));
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
        "article level: {right}/{judged} right ({accuracy:.1}%), {undetected} without enough prose to judge, {mismatches} false language-mismatch; {natural_mixed} mixed-language findings in the unmodified corpus"
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
    short_report: &Report,
    short: &[ShortPage],
) -> String {
    #[derive(Default)]
    struct Row {
        right: usize,
        judged: usize,
        planted: usize,
        found: usize,
        findings: usize,
        true_findings: usize,
        swaps: usize,
        swaps_found: usize,
        controls: usize,
        controls_flagged: usize,
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
    let flagged = mismatched(short_report);
    for page in short {
        let row = rows.entry(&page.label).or_default();
        let reported = usize::from(flagged.contains(page.path.as_str()));
        if page.swapped {
            row.swaps += 1;
            row.swaps_found += reported;
        } else {
            row.controls += 1;
            row.controls_flagged += reported;
        }
    }
    let mut out = String::from(
        "\n| language | articles right | planted found | mixed-language findings planted | short swaps found | short controls flagged |\n| --- | ---: | ---: | ---: | ---: | ---: |",
    );
    for (label, row) in &rows {
        let _ = write!(
            out,
            "\n| {label} | {}/{} | {}/{} | {}/{} | {}/{} | {}/{} |",
            row.right,
            row.judged,
            row.found,
            row.planted,
            row.true_findings,
            row.findings,
            row.swaps_found,
            row.swaps,
            row.controls_flagged,
            row.controls
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
    // A few misses of each language.
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    for p in planted.iter().filter(|p| !mixed.iter().any(|f| f.path == p.path && f.range.start.line == p.line)) {
        let label = p.path.split('/').find_map(relecture_core::language::segment_language).unwrap_or("");
        let count = shown.entry(label).or_default();
        *count += 1;
        if *count <= 3 {
            let _ = write!(out, "\n  missed: {}:{}", p.path, p.line);
        }
    }
    out
}

/// The pages `language-mismatch` reports.
fn mismatched(report: &Report) -> std::collections::BTreeSet<&str> {
    report.findings.iter().filter(|f| f.rule == "language-mismatch").map(|f| f.path.as_str()).collect()
}

/// Words of a short page, at least.
const SHORT_MIN_WORDS: usize = 10;
/// Words of a short page, at most.
const SHORT_MAX_WORDS: usize = 40;

/// A short page of the third corpus.
struct ShortPage {
    path: String,
    /// The language of the folder it is in.
    label: String,
    /// Whether it is written in another language than its folder's.
    swapped: bool,
}

/// The opening prose of each article (paragraphs and items outside quotes and without code), as
/// whole blocks of 10 to 40 words in all, with the article's path, by language.
fn openings(labelled: &BTreeMap<String, (String, String)>) -> BTreeMap<&str, Vec<(&str, Vec<String>)>> {
    let mut out: BTreeMap<&str, Vec<(&str, Vec<String>)>> = BTreeMap::new();
    for (path, (label, text)) in labelled {
        let article = Article::parse(path.clone(), None, text.clone());
        let mut blocks: Vec<String> = Vec::new();
        let mut count = 0;
        for block in &article.blocks {
            if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
                || block.quote_depth > 0
                || block.prose.text.contains(relecture_core::markdown::CODE_PLACEHOLDER)
            {
                continue;
            }
            let block_words: Vec<&str> = words(&block.prose.text).map(|(_, w)| w).collect();
            if block_words.is_empty() {
                continue;
            }
            let kept = block_words.len().min(SHORT_MAX_WORDS - count);
            // A block cut short keeps its words, not its punctuation.
            blocks.push(if kept == block_words.len() {
                block.prose.text.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                block_words[..kept].join(" ")
            });
            count += kept;
            if count >= SHORT_MAX_WORDS {
                break;
            }
        }
        if count >= SHORT_MIN_WORDS {
            out.entry(label.as_str()).or_default().push((path.as_str(), blocks));
        }
    }
    out
}

/// Writes the short pages: beside each article, a swap from the next language in turn and a
/// control from another article of its own language.
fn short_pages(labelled: &BTreeMap<String, (String, String)>, root: &Path) -> Result<Vec<ShortPage>> {
    let openings = openings(labelled);
    let languages: Vec<&str> = openings.keys().copied().collect();
    let mut pages = Vec::new();
    for (index, (path, (label, _))) in labelled.iter().enumerate() {
        let others: Vec<&str> = languages.iter().copied().filter(|l| l != label).collect();
        let Some(own) = openings.get(label.as_str()) else { continue };
        if others.is_empty() {
            continue;
        }
        let donor = &openings[others[index % others.len()]];
        let swap = &donor[(index / others.len()) % donor.len()].1;
        // Another article of the same language, never the one the page stands beside.
        let control = own.iter().cycle().skip(index % own.len() + 1).take(own.len()).find(|(p, _)| p != path);
        let (folder, stem) = path.rsplit_once('/').unwrap_or(("", path));
        let stem = stem.trim_end_matches(".md");
        for (swapped, blocks) in [(true, Some(swap)), (false, control.map(|(_, b)| b))] {
            let Some(blocks) = blocks else { continue };
            let name = if swapped { "swap" } else { "short" };
            let relative = format!("{folder}/{name}-{stem}.md");
            let target = root.join(&relative);
            std::fs::create_dir_all(target.parent().expect("pages live in folders"))?;
            std::fs::write(&target, short_page(blocks, index % 2 == 1))?;
            pages.push(ShortPage { path: relative, label: label.clone(), swapped });
        }
    }
    Ok(pages)
}

/// A short page of `blocks`: paragraphs, or (`reference`) the first as a description in a block
/// quote and the words of the others as items of at most four words.
fn short_page(blocks: &[String], reference: bool) -> String {
    let mut page = String::from("---\ntitle: Page\n---\n\n");
    if !reference {
        page.push_str(&blocks.join("\n\n"));
        page.push('\n');
        return page;
    }
    let _ = write!(page, "> {}\n\n", blocks[0]);
    let rest: Vec<&str> = blocks[1..].iter().flat_map(|b| b.split_whitespace()).collect();
    for item in rest.chunks(4) {
        let _ = writeln!(page, "- {}", item.join(" "));
    }
    page
}

/// Copies the site's files that are not Markdown (its configuration, layouts, data) into a
/// synthetic corpus, so that the corpus is checked as the site is.
fn copy_site(root: &Path, to: &Path) -> Result<()> {
    for path in files_under(root)? {
        if path.extension().is_none_or(|e| e != "md" && e != "mdx")
            && std::fs::symlink_metadata(&path)?.len() < 256 * 1024
        {
            let target = to.join(path.strip_prefix(root)?);
            std::fs::create_dir_all(target.parent().expect("files live in folders"))?;
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// How many swapped short pages `language-mismatch` reports, and how many controls it wrongly
/// reports.
fn short_scores(report: &Report, short: &[ShortPage]) -> String {
    let flagged = mismatched(report);
    let swaps: Vec<&ShortPage> = short.iter().filter(|p| p.swapped).collect();
    let controls: Vec<&ShortPage> = short.iter().filter(|p| !p.swapped).collect();
    let found = swaps.iter().filter(|p| flagged.contains(p.path.as_str())).count();
    let false_flags = controls.iter().filter(|p| flagged.contains(p.path.as_str())).count();
    #[allow(clippy::cast_precision_loss, reason = "page counts are small")]
    let (recall, false_rate) =
        (100.0 * found as f64 / swaps.len().max(1) as f64, 100.0 * false_flags as f64 / controls.len().max(1) as f64);
    let mut out = format!(
        "short pages ({SHORT_MIN_WORDS} to {SHORT_MAX_WORDS} words): swaps found {found}/{} ({recall:.1}%), controls flagged {false_flags}/{} ({false_rate:.1}%)",
        swaps.len(),
        controls.len()
    );
    for page in controls.iter().filter(|p| flagged.contains(p.path.as_str())).take(10) {
        let _ = write!(out, "\n  control flagged: {}", page.path);
    }
    // A few misses of each language.
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    for page in swaps.iter().filter(|p| !flagged.contains(p.path.as_str())) {
        let count = shown.entry(page.label.as_str()).or_default();
        *count += 1;
        if *count <= 3 {
            let _ = write!(out, "\n  swap missed: {}", page.path);
        }
    }
    out
}
