//! `cargo xtask bench`: medians of repeated runs of relecture and of the peers installed on the
//! machine, on the same generated corpus, in the same session.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::corpus;

struct Options {
    articles: usize,
    runs: usize,
    /// `--quick`: a small corpus, few runs, no large-corpus rows, for development.
    quick: bool,
}

fn options(args: &[String]) -> Result<Options> {
    let quick = args.iter().any(|a| a == "--quick");
    let mut options =
        if quick { Options { articles: 200, runs: 3, quick } } else { Options { articles: 2000, runs: 5, quick } };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let value = || -> Result<usize> { Ok(iter.clone().next().context("a number must follow")?.parse()?) };
        match arg.as_str() {
            "--articles" => options.articles = value()?,
            "--runs" => options.runs = value()?.max(1),
            _ => continue,
        }
        iter.next();
    }
    Ok(options)
}

/// A timed command, its median and its peak memory.
struct Row {
    name: String,
    median: Duration,
    peak_kb: Option<u64>,
    /// Articles of the corpus it ran on.
    articles: usize,
    megabytes: f64,
}

fn median_of(runs: usize, command: &mut dyn FnMut() -> Result<Duration>) -> Result<Duration> {
    // One warm-up run fills the file cache.
    command()?;
    let mut times: Vec<Duration> = (0..runs).map(|_| command()).collect::<Result<_>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

fn time(program: &Path, args: &[&str], dir: &Path) -> Result<Duration> {
    time_with(program, args, dir, None)
}

/// Where relecture keeps results between runs: nowhere (`RELECTURE_CACHE_DIR` empty) unless a
/// row is about them, so that every other row measures the whole work.
fn cache_env(cache: Option<&Path>) -> std::ffi::OsString {
    cache.map(|c| c.as_os_str().to_owned()).unwrap_or_default()
}

fn time_with(program: &Path, args: &[&str], dir: &Path, cache: Option<&Path>) -> Result<Duration> {
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("RELECTURE_CACHE_DIR", cache_env(cache))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("cannot run {}", program.display()))?;
    let elapsed = started.elapsed();
    // Linters exit 1 (lychee 2) when they find something, which the generated corpus always has.
    if status.code().is_none_or(|c| c > 2) {
        bail!("{} {args:?} failed with {status}", program.display());
    }
    Ok(elapsed)
}

/// Prints which rules the corpus exercises: every built-in rule and every rule of the shipped
/// packs should be reported at least once, but `dead-link` (network) and `internal-error` (a bug).
fn rule_coverage(relecture: &Path, dir: &Path) -> Result<()> {
    let output = |args: &[&str]| -> Result<serde_json::Value> {
        let out = Command::new(relecture)
            .args(args)
            .current_dir(dir)
            .env("RELECTURE_CACHE_DIR", "")
            .stderr(Stdio::null())
            .output()?;
        Ok(serde_json::from_slice(&out.stdout)?)
    };
    let rules = output(&["rules", "list", "--format", "json"])?;
    let report = output(&["check", "--format", "json"])?;
    let reported: std::collections::BTreeSet<&str> =
        report["findings"].as_array().into_iter().flatten().filter_map(|f| f["rule"].as_str()).collect();
    let all: Vec<&str> = rules.as_array().into_iter().flatten().filter_map(|r| r["name"].as_str()).collect();
    // Rules of packs are named `pack/rule`.
    let (packs, built_in): (Vec<&str>, Vec<&str>) = all.iter().partition(|r| r.contains('/'));
    let expected: Vec<&str> = built_in.into_iter().filter(|r| !["dead-link", "internal-error"].contains(r)).collect();
    let missing: Vec<&str> = expected.iter().copied().filter(|r| !reported.contains(r)).collect();
    println!(
        "built-in rules reported on the corpus: {} of {} (dead-link needs the network, internal-error a bug){}",
        expected.len() - missing.len(),
        expected.len(),
        if missing.is_empty() { String::new() } else { format!("; never: {missing:?}") }
    );
    let pack_hits = packs.iter().filter(|r| reported.contains(**r)).count();
    println!("rules of the shipped packs reported: {pack_hits} of {}", packs.len());
    Ok(())
}

/// Makes `dir` a git repository whose one commit holds every file.
fn git_commit_all(dir: &Path) -> Result<()> {
    for args in [
        &["init", "--quiet"][..],
        &["add", "--all"],
        &["-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "--quiet", "-m", "corpus"],
    ] {
        let status = Command::new("git").args(args).current_dir(dir).status()?;
        if !status.success() {
            bail!("git {args:?} failed in {}", dir.display());
        }
    }
    Ok(())
}

/// Builds the release binary and returns its path; `RELECTURE_BENCH_BINARY=PATH`
/// measures another build instead, such as the release binary of an earlier commit, so that two
/// versions are compared on the same machine in the same session.
pub(crate) fn build_release(root: &Path) -> Result<PathBuf> {
    if let Some(binary) = std::env::var_os("RELECTURE_BENCH_BINARY") {
        let binary = PathBuf::from(binary);
        if !binary.is_file() {
            bail!("RELECTURE_BENCH_BINARY names no file: {}", binary.display());
        }
        return Ok(binary);
    }
    let built =
        Command::new(env!("CARGO")).args(["build", "--release", "-p", "relecture_cli"]).current_dir(root).status()?;
    if !built.success() {
        bail!("cargo build --release failed");
    }
    Ok(root.join("target/release/relecture"))
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
}

pub fn run(args: &[String], root: &Path) -> Result<()> {
    let options = options(args)?;
    let relecture = build_release(root)?;
    let scratch = tempfile::tempdir()?;
    let corpus_dir = scratch.path().join("corpus");
    let bytes = corpus::generate(&corpus_dir, options.articles, 42)?;
    corpus::generate_packs(&corpus_dir, 50, 100, 9)?;
    git_commit_all(&corpus_dir)?;
    #[allow(clippy::cast_precision_loss, reason = "corpus sizes are far below 2^52")]
    let megabytes = bytes as f64 / 1_000_000.0;
    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown processor".to_string());
    println!("machine: {machine}");
    println!(
        "corpus: {} articles, {megabytes:.1} MB, {} runs per row (median), {} cores",
        options.articles,
        options.runs,
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );

    let mut rows: Vec<Row> = Vec::new();
    let (articles, runs) = (options.articles, options.runs);
    let mut measure = |name: &str, program: &Path, args: &[&str], dir: &Path, size: (usize, f64)| -> Result<()> {
        let median = median_of(runs, &mut || time(program, args, dir))?;
        let peak_kb = peak_memory_kb(program, args, dir);
        rows.push(Row { name: name.to_string(), median, peak_kb, articles: size.0, megabytes: size.1 });
        Ok(())
    };
    let here = (articles, megabytes);
    let dir = corpus_dir.as_path();
    measure(
        "relecture check (built-in rules and shipped packs)",
        &relecture,
        &["check", "--format", "json"],
        dir,
        here,
    )?;
    for (family, select) in
        [("frontmatter", "frontmatter"), ("language", "language"), ("duplicates", "duplicates"), ("links", "links")]
    {
        let name = format!("relecture check --select {select} ({family})");
        measure(&name, &relecture, &["check", "--format", "json", "--select", select], dir, here)?;
    }
    measure(
        "relecture check --ignore language",
        &relecture,
        &["check", "--format", "json", "--ignore", "language"],
        dir,
        here,
    )?;
    if !options.quick {
        measure(
            "relecture check with 50 packs × 100 rules",
            &relecture,
            &["check", "--format", "json", "--config", "relecture-packs.toml"],
            dir,
            here,
        )?;
    }
    measure(
        "relecture check --rev HEAD (all)",
        &relecture,
        &["check", "--format", "json", "--rev", "HEAD"],
        dir,
        here,
    )?;
    measure(
        "relecture check --select broken-link,missing-anchor",
        &relecture,
        &["check", "--format", "json", "--select", "broken-link,missing-anchor"],
        dir,
        here,
    )?;
    let lychee = find_on_path("lychee").or_else(|| {
        let cargo_bin = std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo/bin/lychee"))?;
        cargo_bin.is_file().then_some(cargo_bin)
    });
    match lychee {
        Some(lychee) => measure(
            "lychee --offline --include-fragments (peer)",
            &lychee,
            &["--offline", "--include-fragments", "--no-progress", "--format", "json", "content"],
            dir,
            here,
        )?,
        None => println!("lychee is not installed (cargo install lychee): no peer row for links"),
    }
    match find_on_path("markdownlint-cli2") {
        Some(markdownlint) => {
            measure("markdownlint-cli2 (peer)", &markdownlint, &["content/**/*.md"], dir, here)?;
        }
        None => println!("markdownlint-cli2 is not installed (npm install -g markdownlint-cli2): no peer row"),
    }
    match find_on_path("rumdl") {
        Some(rumdl) => measure(
            "rumdl check (peer)",
            &rumdl,
            &["check", "--no-cache", "--no-config", "--color", "never", "content"],
            dir,
            here,
        )?,
        None => println!("rumdl is not installed (pip install rumdl): no peer row"),
    }

    // Scale: the smallest and the largest corpus, and the pre-commit case.
    let sizes: &[usize] = if options.quick { &[] } else { &[200, 40_000] };
    for &size in sizes {
        let dir = scratch.path().join(format!("corpus-{size}"));
        let bytes = corpus::generate(&dir, size, 42)?;
        #[allow(clippy::cast_precision_loss, reason = "corpus sizes are far below 2^52")]
        let size_mb = bytes as f64 / 1_000_000.0;
        let name = format!("relecture check (all) on {size} articles");
        measure(&name, &relecture, &["check", "--format", "json"], &dir, (size, size_mb))?;
    }
    if !options.quick {
        let size = 10_000;
        let dir = scratch.path().join("pre-commit");
        let bytes = corpus::generate(&dir, size, 42)?;
        #[allow(clippy::cast_precision_loss, reason = "corpus sizes are far below 2^52")]
        let size_mb = bytes as f64 / 1_000_000.0;
        git_commit_all(&dir)?;
        // An author edits one article and stages it.
        let edited = "content/fr/section-00/article-00000.md";
        let mut text = std::fs::read_to_string(dir.join(edited))?;
        text.push_str("\nUne phrase ajoutée avant le commit.\n");
        std::fs::write(dir.join(edited), text)?;
        Command::new("git").args(["add", edited]).current_dir(&dir).status()?;
        let staged_args = ["check", "--staged", "--format", "json"];
        let staged = format!("relecture check --staged --no-cache ({size} articles, one staged change)");
        measure(&staged, &relecture, &staged_args, &dir, (size, size_mb))?;
        let one = "relecture check --staged FILE (the changed article only)";
        measure(one, &relecture, &["check", "--staged", "--format", "json", edited], &dir, (1, size_mb / 10_000.0))?;
        // The hook ran at the previous commit: the results of HEAD's state are stored. Each run
        // starts from them again, not from the results of the run before it.
        let cache = scratch.path().join("pre-commit-cache");
        let at_head = scratch.path().join("pre-commit-head");
        Command::new("git").args(["stash", "--quiet"]).current_dir(&dir).status()?;
        time_with(&relecture, &staged_args, &dir, Some(&at_head))?;
        Command::new("git").args(["stash", "pop", "--quiet", "--index"]).current_dir(&dir).status()?;
        let restore = || -> Result<()> {
            let _ = std::fs::remove_dir_all(&cache);
            std::fs::create_dir_all(&cache)?;
            for entry in std::fs::read_dir(&at_head)? {
                let entry = entry?;
                std::fs::copy(entry.path(), cache.join(entry.file_name()))?;
            }
            Ok(())
        };
        let from_head = median_of(runs, &mut || {
            restore()?;
            time_with(&relecture, &staged_args, &dir, Some(&cache))
        })?;
        restore()?;
        let peak_kb = peak_memory_kb_with(&relecture, &staged_args, &dir, Some(&cache));
        let name = format!("relecture check --staged ({size} articles, one staged change, HEAD's results stored)");
        rows.push(Row { name, median: from_head, peak_kb, articles: size, megabytes: size_mb });
        let first = median_of(runs, &mut || {
            let _ = std::fs::remove_dir_all(&cache);
            time_with(&relecture, &staged_args, &dir, Some(&cache))
        })?;
        let _ = std::fs::remove_dir_all(&cache);
        let peak_kb = peak_memory_kb_with(&relecture, &staged_args, &dir, Some(&cache));
        let name = format!("relecture check --staged ({size} articles, nothing stored yet: stores the results)");
        rows.push(Row { name, median: first, peak_kb, articles: size, megabytes: size_mb });
    }

    rule_coverage(&relecture, &corpus_dir)?;

    let reference = rows.iter().find(|r| r.name.starts_with("rumdl")).map(|r| r.median);
    println!(
        "\n| command | articles | median | articles/s | MB/s | peak memory | vs rumdl |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in &rows {
        let seconds = row.median.as_secs_f64();
        #[allow(clippy::cast_precision_loss, reason = "article counts are far below 2^52")]
        let per_second = row.articles as f64 / seconds;
        let ratio = match reference {
            Some(r) if row.articles == articles => format!("{:.2}×", seconds / r.as_secs_f64()),
            _ => "-".to_string(),
        };
        let memory = row.peak_kb.map_or_else(|| "-".to_string(), |kb| format!("{} MB", kb / 1024));
        println!(
            "| {} | {} | {:.0} ms | {per_second:.0} | {:.1} | {memory} | {ratio} |",
            row.name,
            row.articles,
            seconds * 1000.0,
            row.megabytes / seconds
        );
    }
    let all =
        rows.iter().find(|r| r.name.contains("(built-in rules and shipped packs)")).map(|r| r.median.as_secs_f64());
    let without = rows.iter().find(|r| r.name.contains("--ignore language")).map(|r| r.median.as_secs_f64());
    let packs = rows.iter().find(|r| r.name.contains("50 packs")).map(|r| r.median.as_secs_f64());
    if let (Some(all), Some(packs)) = (all, packs) {
        println!("50 more packs: {:.2}× the time of the default run (built-in rules and shipped packs)", packs / all);
    }
    if let (Some(all), Some(without)) = (all, without) {
        println!("\nlanguage family: {:+.0}% over a full run without it", 100.0 * (all - without) / without);
    }
    Ok(())
}

/// The duplicates scenario: a large corpus of short articles with planted near copies; time,
/// peak memory, recall of planted pairs at similarity ≥ 0.85 and reported pairs below 0.6.
pub fn duplicates(args: &[String], root: &Path) -> Result<()> {
    use relecture_checks::duplicates::paragraphs::{paragraph_key, similarity, word_hashes};
    let mut options = options(args)?;
    if !args.iter().any(|a| a == "--articles") {
        options.articles = 40_000;
    }
    let relecture = build_release(root)?;
    let scratch = tempfile::tempdir()?;
    let corpus_dir = scratch.path().join("corpus");
    let (bytes, planted) = corpus::generate_short(&corpus_dir, options.articles, 7)?;
    #[allow(clippy::cast_precision_loss, reason = "corpus sizes are far below 2^52")]
    let megabytes = bytes as f64 / 1_000_000.0;
    let report_path = scratch.path().join("report.json");
    let report_arg = report_path.to_string_lossy().to_string();
    let args = ["check", "--select", "duplicates", "--format", "json", "--output", report_arg.as_str()];
    let median = median_of(options.runs, &mut || time(&relecture, &args, &corpus_dir))?;
    let peak_kb = peak_memory_kb(&relecture, &args, &corpus_dir);

    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report_path)?)?;
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let pairs: Vec<(String, String, String)> = findings
        .iter()
        .filter(|f| f["rule"] == "near-duplicate" || f["rule"] == "cross-duplicate")
        .filter_map(|f| {
            let related = f["related"].get(0)?;
            Some((
                f["rule"].as_str()?.to_string(),
                f["path"].as_str()?.to_string(),
                related["path"].as_str()?.to_string(),
            ))
        })
        .collect();
    let found = |p: &corpus::PlantedPair| {
        pairs.iter().any(|(_, a, b)| (*a == p.source && *b == p.target) || (*a == p.target && *b == p.source))
    };
    let high: Vec<&corpus::PlantedPair> = planted.iter().filter(|p| p.similarity >= 0.85).collect();
    let recalled = high.iter().filter(|p| found(p)).count();
    // A reported pair is false when its first paragraphs are less than 0.6 alike.
    let first_paragraph = |path: &str| -> Option<String> {
        let text = std::fs::read_to_string(corpus_dir.join(path)).ok()?;
        text.split("\n\n").nth(2).map(str::to_string)
    };
    let false_pairs = pairs
        .iter()
        .filter(|(rule, a, b)| {
            rule == "near-duplicate"
                && match (first_paragraph(a), first_paragraph(b)) {
                    (Some(x), Some(y)) => {
                        similarity(&word_hashes(&paragraph_key(&x)), &word_hashes(&paragraph_key(&y))) < 0.6
                    }
                    _ => true,
                }
        })
        .count();
    println!(
        "corpus: {} short articles, {megabytes:.1} MB, {} planted near copies ({} at similarity >= 0.85)",
        options.articles,
        planted.len(),
        high.len()
    );
    println!("\n| measure | result |\n| --- | --- |");
    println!("| `relecture check --select duplicates`, median of {} | {:.2} s |", options.runs, median.as_secs_f64());
    match peak_kb {
        Some(kb) => println!("| peak memory | {} MB |", kb / 1024),
        None => println!("| peak memory | not measured (no /usr/bin/time) |"),
    }
    #[allow(clippy::cast_precision_loss, reason = "pair counts are small")]
    let recall = 100.0 * recalled as f64 / high.len().max(1) as f64;
    println!("| recall of planted pairs at similarity >= 0.85 | {recalled}/{} ({recall:.1}%) |", high.len());
    println!("| reported pairs below similarity 0.6 | {false_pairs} of {} |", pairs.len());
    Ok(())
}

/// The history scenario: a generated repository of `--commits` commits (10,000 by default)
/// touching `--articles` articles (2,000); `relecture history` of the whole range against
/// `git log -p` over the same first-parent range, and `check --blame` of the tip.
pub fn history(args: &[String], root: &Path) -> Result<()> {
    let options = options(args)?;
    let commits = args
        .iter()
        .position(|a| a == "--commits")
        .and_then(|i| args.get(i + 1))
        .map_or(Ok(10_000), |n| n.parse())
        .context("--commits takes a number")?;
    let relecture = build_release(root)?;
    let scratch = tempfile::tempdir()?;
    let repo = scratch.path().join("history");
    let started = Instant::now();
    let bytes = corpus::generate_history(&repo, commits, options.articles, 42)?;
    #[allow(clippy::cast_precision_loss, reason = "corpus sizes are far below 2^52")]
    let megabytes = bytes as f64 / 1_000_000.0;
    println!(
        "repository: {commits} commits, {} articles added ({megabytes:.1} MB at the tip), generated in {:.1} s; {} runs per row (median), {} cores",
        options.articles,
        started.elapsed().as_secs_f64(),
        options.runs,
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    let git = PathBuf::from("git");
    let git_log = median_of(options.runs, &mut || time(&git, &["log", "-p", "--first-parent", "HEAD"], &repo))?;
    let history = median_of(options.runs, &mut || time(&relecture, &["history", "--format", "json"], &repo))?;
    let blame = median_of(options.runs, &mut || {
        time(&relecture, &["check", "--rev", "HEAD", "--blame", "--format", "json"], &repo)
    })?;
    let check =
        median_of(options.runs, &mut || time(&relecture, &["check", "--rev", "HEAD", "--format", "json"], &repo))?;
    let git_seconds = git_log.as_secs_f64();
    println!("\n| command | median | vs `git log -p` |\n| --- | ---: | ---: |");
    for (name, median) in [
        ("git log -p --first-parent HEAD (peer)", git_log),
        ("relecture history", history),
        ("relecture check --rev HEAD --blame", blame),
        ("relecture check --rev HEAD", check),
    ] {
        println!("| {name} | {:.2} s | {:.2}× |", median.as_secs_f64(), median.as_secs_f64() / git_seconds);
    }
    Ok(())
}

/// Peak resident memory of one run, through GNU time when the machine has it.
fn peak_memory_kb(program: &Path, args: &[&str], dir: &Path) -> Option<u64> {
    peak_memory_kb_with(program, args, dir, None)
}

fn peak_memory_kb_with(program: &Path, args: &[&str], dir: &Path, cache: Option<&Path>) -> Option<u64> {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("RELECTURE_CACHE_DIR", cache_env(cache))
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stderr).lines().last()?.trim().parse().ok()
}
