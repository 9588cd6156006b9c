//! `cargo xtask precision`: precision per rule on real repositories, from sampled findings labelled by hand.
//!
//! The repositories are git bundles (`../shared/corpora/*.bundle` by default). Each one is
//! checked out under `target/precision/NAME` (reused while its head is the same), the binary runs
//! there as `relecture check --format json --select links .` with an empty home (no user
//! configuration, no kept results), and up to `--sample` findings per rule are drawn (`sample`).
//! Their labels come from `xtask/labels/NAME.toml` (`labels`); `xtask/README.md` says how to
//! write them.

mod checkout;
mod labels;
mod sample;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use labels::{Label, Labels, Verdict};
use sample::{Finding, Identity};

const USAGE: &str = "usage: cargo xtask precision [--corpora DIR] [--binary PATH] [--packs DIR] [--language LANG] [--select RULES] [--sample N] [--rule RULE[,RULE]] [--repo NAME[,NAME]] [--unlabelled] [--write-skeleton FILE]";

const HELP: &str = "\
Runs relecture with no configuration on each git bundle of the corpora folder (default:
../shared/corpora from the workspace root), draws up to --sample findings (default 50) per rule
and repository, matches them with the labels of xtask/labels/REPOSITORY.toml and prints the
precision per rule. The binary defaults to a fresh release build; --select defaults to `links`.
--unlabelled lists the sampled findings that have no label yet; --write-skeleton FILE (with one
--repo) appends them to FILE as labels whose verdict is left to fill. --packs DIR commits the
rule packs of DIR into each checkout as lint-rules/, --language LANG a relecture.toml with
`[language] default = LANG`, before the run.";

/// Longest source line shown for a finding to label.
const SHOWN_LINE_CHARS: usize = 200;

#[derive(Debug)]
struct Options {
    /// The folder of `*.bundle` files; each bundle is a repository named after its file.
    corpora: PathBuf,
    /// The relecture binary; `None` builds the release binary of the workspace.
    binary: Option<PathBuf>,
    select: String,
    sample: usize,
    /// Only these rules (all when empty).
    rules: Vec<String>,
    /// Only these repositories (all when empty).
    repositories: Vec<String>,
    unlabelled: bool,
    skeleton: Option<PathBuf>,
    /// Rule packs committed into each checkout before the run.
    packs: Option<PathBuf>,
    /// The default language a `relecture.toml` committed into each checkout declares.
    language: Option<String>,
    /// Where the label files are: `xtask/labels/`.
    labels: PathBuf,
    /// Where checkouts are kept between runs: `target/precision/`.
    checkouts: PathBuf,
}

fn options(args: &[String], root: &Path) -> Result<Options> {
    let mut options = Options {
        corpora: root.join("../shared/corpora"),
        binary: None,
        select: "links".into(),
        sample: 50,
        rules: Vec::new(),
        repositories: Vec::new(),
        unlabelled: false,
        skeleton: None,
        packs: None,
        language: None,
        labels: root.join("xtask/labels"),
        checkouts: root.join("target/precision"),
    };
    let list = |value: &str| value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--unlabelled" {
            options.unlabelled = true;
            continue;
        }
        let mut value = || iter.next().with_context(|| format!("{arg} takes a value\n{USAGE}"));
        match arg.as_str() {
            "--corpora" => options.corpora = PathBuf::from(value()?),
            "--binary" => options.binary = Some(PathBuf::from(value()?)),
            "--select" => options.select.clone_from(value()?),
            "--sample" => options.sample = value()?.parse().context("--sample takes a number")?,
            "--rule" => options.rules = list(value()?),
            "--repo" => options.repositories = list(value()?),
            "--write-skeleton" => options.skeleton = Some(PathBuf::from(value()?)),
            "--packs" => options.packs = Some(PathBuf::from(value()?)),
            "--language" => options.language = Some(value()?.clone()),
            _ => bail!("unknown argument `{arg}`\n{USAGE}"),
        }
    }
    Ok(options)
}

pub fn run(args: &[String], root: &Path) -> Result<()> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}\n\n{HELP}");
        return Ok(());
    }
    let options = options(args, root)?;
    let binary = match &options.binary {
        // Absolute, since the binary runs in each checkout.
        Some(binary) if binary.is_file() => binary.canonicalize()?,
        Some(binary) => bail!("--binary names no file: {}", binary.display()),
        None => crate::bench::build_release(root)?,
    };
    let outcome = precision(&options, &binary)?;
    print!("{}", outcome.text);
    if outcome.failed {
        bail!("relecture could not check every repository (see above)");
    }
    Ok(())
}

/// What a run prints, and whether a repository could not be checked.
#[derive(Debug)]
struct Outcome {
    text: String,
    failed: bool,
}

fn precision(options: &Options, binary: &Path) -> Result<Outcome> {
    let bundles = bundles(options)?;
    if options.skeleton.is_some() && bundles.len() > 1 {
        bail!("--write-skeleton writes the labels of one repository: add --repo NAME");
    }
    // The user's configuration file and kept results are out of reach of the runs.
    let home = tempfile::tempdir()?;
    let mut repositories = Vec::new();
    let mut out = String::new();
    let mut failed = false;
    for (name, bundle) in &bundles {
        let labels = Labels::load(&options.labels.join(format!("{name}.toml")))?;
        eprintln!("{name}: checking out {}", bundle.display());
        let checked = checkout::checkout(bundle, &options.checkouts.join(name))
            .and_then(|checkout| {
                checkout::overlay(&checkout, options.packs.as_deref(), options.language.as_deref())?;
                Ok(checkout)
            })
            .and_then(|checkout| {
                check(binary, &checkout, &options.select, home.path(), name, options.language.is_none())
            });
        match checked {
            Ok(checked) => repositories.push(summarise(name, &checked, labels, options)),
            Err(error) => {
                let _ = writeln!(out, "{name}: cannot check: {error:#}");
                failed = true;
            }
        }
    }
    out.push_str(&table(&repositories, options, version(binary).as_deref()));
    if options.unlabelled {
        out.push_str(&unlabelled_list(&repositories));
    } else {
        let count: usize = repositories.iter().flat_map(|r| &r.rules).map(|rule| rule.unlabelled.len()).sum();
        if count > 0 {
            let _ = writeln!(
                out,
                "\n{count} sampled findings have no label yet: --unlabelled lists them, --repo NAME --write-skeleton FILE writes them as labels to fill"
            );
        }
    }
    if let (Some(file), Some(repository)) = (&options.skeleton, repositories.first()) {
        let written = write_skeleton(file, repository)?;
        let _ = writeln!(out, "\nwrote {written} labels to fill to {}", file.display());
    }
    Ok(Outcome { text: out, failed })
}

/// The first line of `relecture --version` and the binary's path.
fn version(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").stdin(Stdio::null()).output().ok()?;
    let version = String::from_utf8_lossy(&output.stdout).lines().next()?.trim().to_string();
    (output.status.success() && !version.is_empty()).then(|| format!("{version} ({})", binary.display()))
}

/// The bundles of the corpora folder, by repository name, narrowed by `--repo`.
fn bundles(options: &Options) -> Result<Vec<(String, PathBuf)>> {
    let entries = std::fs::read_dir(&options.corpora).with_context(|| {
        format!(
            "no corpora folder at {}: pass --corpora DIR, a folder of git bundles such as opentelemetry-io.bundle",
            options.corpora.display()
        )
    })?;
    let mut bundles = BTreeMap::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "bundle")
            && let Some(name) = path.file_stem().and_then(|s| s.to_str())
        {
            bundles.insert(name.to_string(), path.clone());
        }
    }
    if bundles.is_empty() {
        bail!("no *.bundle file in {}", options.corpora.display());
    }
    let known = bundles.keys().cloned().collect::<Vec<_>>().join(", ");
    for wanted in &options.repositories {
        if !bundles.contains_key(wanted) {
            bail!("no {wanted}.bundle in {} (there are: {known})", options.corpora.display());
        }
    }
    Ok(bundles
        .into_iter()
        .filter(|(name, _)| options.repositories.is_empty() || options.repositories.contains(name))
        .collect())
}

/// The JSON report, as far as the harness reads it.
#[derive(Debug, Deserialize)]
struct JsonReport {
    findings: Vec<JsonFinding>,
    #[serde(default)]
    summary: JsonSummary,
}

#[derive(Debug, Default, Deserialize)]
struct JsonSummary {
    /// Links whose target relecture cannot see (absent from reports of older versions).
    unverifiable_links: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct JsonFinding {
    rule: String,
    path: String,
    message: String,
    range: JsonRange,
}

#[derive(Debug, Deserialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Debug, Deserialize)]
struct JsonPosition {
    line: u64,
    offset: u64,
}

/// Runs the binary in the checkout with no configuration but the repository's own.
/// `own_configuration`: whether a `relecture.toml` there is the repository's (not one the run committed).
fn check(
    binary: &Path,
    checkout: &Path,
    select: &str,
    home: &Path,
    name: &str,
    own_configuration: bool,
) -> Result<Checked> {
    if own_configuration && checkout.join("relecture.toml").exists() {
        eprintln!("{name}: the repository has its own relecture.toml, and the run reads it");
    }
    eprintln!("{name}: relecture check --format json --select {select} .");
    let output = Command::new(binary)
        .args(["check", "--format", "json", "--select", select, "."])
        .current_dir(checkout)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_CACHE_HOME", home)
        .env("RELECTURE_CACHE_DIR", "")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stderr.lines() {
        eprintln!("{name}: relecture: {line}");
    }
    // 1 is findings, which the corpora have; anything else is a run that did not happen.
    if !matches!(output.status.code(), Some(0 | 1)) {
        bail!("{} exited with {}: {}", binary.display(), output.status, stderr.trim());
    }
    let report: JsonReport =
        serde_json::from_slice(&output.stdout).context("the JSON report of relecture does not parse")?;
    Ok(Checked {
        unverifiable_links: report.summary.unverifiable_links,
        findings: findings_of(report.findings, checkout),
    })
}

/// What the run of relecture on one repository gave.
#[derive(Debug)]
struct Checked {
    findings: Vec<Finding>,
    unverifiable_links: Option<u64>,
}

fn findings_of(findings: Vec<JsonFinding>, checkout: &Path) -> Vec<Finding> {
    let mut sources: HashMap<String, Option<Vec<u8>>> = HashMap::new();
    findings
        .into_iter()
        .map(|finding| {
            let source = sources.entry(finding.path.clone()).or_insert_with(|| read_source(checkout, &finding.path));
            let (text, source_line) = source
                .as_deref()
                .map(|source| text_at(source, finding.range.start.offset, finding.range.end.offset))
                .unwrap_or_default();
            Finding {
                identity: Identity { rule: finding.rule, path: finding.path, text },
                line: finding.range.start.line,
                offset: finding.range.start.offset,
                message: finding.message,
                source_line,
            }
        })
        .collect()
}

/// A file of the checkout, when the report's path is a plain relative one.
fn read_source(checkout: &Path, path: &str) -> Option<Vec<u8>> {
    let relative = Path::new(path);
    if !relative.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    std::fs::read(checkout.join(relative)).ok()
}

/// The source between two byte offsets, and the whole line where it starts; offsets outside
/// the source are brought back to its end.
fn text_at(source: &[u8], start: u64, end: u64) -> (String, String) {
    let start = usize::try_from(start).unwrap_or(usize::MAX).min(source.len());
    let end = usize::try_from(end).unwrap_or(usize::MAX).clamp(start, source.len());
    let line_start = source[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = source[start..].iter().position(|&b| b == b'\n').map_or(source.len(), |i| start + i);
    let line = String::from_utf8_lossy(&source[line_start..line_end]);
    (String::from_utf8_lossy(&source[start..end]).into_owned(), line.trim_end_matches('\r').to_owned())
}

/// One repository's results, rule by rule.
#[derive(Debug)]
struct RepositoryResult {
    name: String,
    rules: Vec<RuleResult>,
    labels: Labels,
    unverifiable_links: Option<u64>,
}

#[derive(Debug, Default)]
struct RuleResult {
    rule: String,
    findings: usize,
    sampled: usize,
    true_: usize,
    false_: usize,
    noise: usize,
    /// Sampled findings with no decided label, in path order.
    unlabelled: Vec<Finding>,
    /// Decided labels whose finding the run no longer reports.
    gone: Vec<Label>,
}

impl RuleResult {
    fn labelled(&self) -> usize {
        self.true_ + self.false_ + self.noise
    }

    fn add(&mut self, other: &RuleResult) {
        self.findings += other.findings;
        self.sampled += other.sampled;
        self.true_ += other.true_;
        self.false_ += other.false_;
        self.noise += other.noise;
        self.gone.extend(other.gone.iter().cloned());
    }
}

fn summarise(name: &str, checked: &Checked, labels: Labels, options: &Options) -> RepositoryResult {
    let findings = &checked.findings;
    let mut by_rule: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
    for finding in findings {
        by_rule.entry(finding.identity.rule.as_str()).or_default().push(finding.clone());
    }
    // A rule that has labels but no finding any more still has a row: its labels are all gone.
    let mut rules: BTreeSet<&str> = by_rule.keys().copied().collect();
    rules.extend(labels.rules());
    let reported: BTreeSet<&Identity> = findings.iter().map(|f| &f.identity).collect();
    let rules = rules
        .into_iter()
        .filter(|rule| options.rules.is_empty() || options.rules.iter().any(|r| r == rule))
        .map(|rule| {
            let of_rule = by_rule.get(rule).map_or(&[][..], Vec::as_slice);
            let drawn = sample::draw(of_rule, options.sample);
            let mut result = RuleResult {
                rule: rule.to_string(),
                findings: of_rule.len(),
                sampled: drawn.len(),
                gone: labels.gone(rule, &|identity| reported.contains(identity)).into_iter().cloned().collect(),
                ..RuleResult::default()
            };
            for finding in drawn {
                match labels.verdict(&finding.identity) {
                    Some(Verdict::True) => result.true_ += 1,
                    Some(Verdict::False) => result.false_ += 1,
                    Some(Verdict::Noise) => result.noise += 1,
                    Some(Verdict::Pending) | None => result.unlabelled.push(finding.clone()),
                }
            }
            result
        })
        .collect();
    RepositoryResult { name: name.to_string(), rules, labels, unverifiable_links: checked.unverifiable_links }
}

#[allow(clippy::cast_precision_loss, reason = "sample sizes are small")]
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 { "-".into() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}

/// The table of results; `version` is what the binary says of itself, which says what was measured.
fn table(repositories: &[RepositoryResult], options: &Options, version: Option<&str>) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        [
            "repository",
            "rule",
            "findings",
            "sampled",
            "labelled",
            "true",
            "false",
            "noise",
            "precision",
            "noise share",
            "gone",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let row = |repository: &str, rule: &RuleResult| {
        vec![
            repository.to_string(),
            rule.rule.clone(),
            rule.findings.to_string(),
            rule.sampled.to_string(),
            rule.labelled().to_string(),
            rule.true_.to_string(),
            rule.false_.to_string(),
            rule.noise.to_string(),
            percent(rule.true_, rule.labelled()),
            percent(rule.noise, rule.labelled()),
            rule.gone.len().to_string(),
        ]
    };
    let mut totals: BTreeMap<&str, RuleResult> = BTreeMap::new();
    for repository in repositories {
        for rule in &repository.rules {
            rows.push(row(&repository.name, rule));
            totals
                .entry(&rule.rule)
                .or_insert_with(|| RuleResult { rule: rule.rule.clone(), ..RuleResult::default() })
                .add(rule);
        }
    }
    if repositories.len() > 1 {
        rows.extend(totals.values().map(|rule| row("all", rule)));
    }
    let mut widths = vec![0; rows[0].len()];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = format!(
        "precision of `relecture check --select {}` with no configuration, on up to {} sampled findings per rule and repository\n\n",
        options.select, options.sample
    );
    if let Some(version) = version {
        let _ = writeln!(out, "{version}\n");
    }
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, width))| if i < 2 { format!("{cell:<width$}") } else { format!("{cell:>width$}") })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    let unverifiable: Vec<String> =
        repositories.iter().filter_map(|r| r.unverifiable_links.map(|count| format!("{} {count}", r.name))).collect();
    if !unverifiable.is_empty() {
        let _ = writeln!(out, "\nunverifiable links (neither findings nor sampled): {}", unverifiable.join(", "));
    }
    out.push_str(
        "\nprecision = true / labelled; noise share = noise / labelled (true, but nobody would fix it);\ngone = labelled findings no longer reported (a gone `false` is a fix, a gone `true` a finding lost)\n",
    );
    out
}

fn unlabelled_list(repositories: &[RepositoryResult]) -> String {
    let mut out = String::new();
    for repository in repositories {
        for rule in &repository.rules {
            if !rule.unlabelled.is_empty() {
                let _ = writeln!(
                    out,
                    "\n{} {}: {} sampled findings without a label",
                    repository.name,
                    rule.rule,
                    rule.unlabelled.len()
                );
            }
            for finding in &rule.unlabelled {
                let line: String = finding.source_line.trim().chars().take(SHOWN_LINE_CHARS).collect();
                let _ = writeln!(out, "  {}:{}", finding.identity.path, finding.line);
                let _ = writeln!(out, "    text:    {}", finding.identity.text.replace('\n', "\n             "));
                let _ = writeln!(out, "    line:    {line}");
                let _ = writeln!(out, "    message: {}", finding.message);
            }
            if !rule.gone.is_empty() {
                let _ = writeln!(
                    out,
                    "\n{} {}: {} labelled findings no longer reported",
                    repository.name,
                    rule.rule,
                    rule.gone.len()
                );
            }
            for label in &rule.gone {
                let _ = writeln!(out, "  {:?} {}: {} ({})", label.verdict, label.path, label.text, label.why);
            }
        }
    }
    out
}

/// Appends to `file` the labels to fill for the repository's unlabelled sampled findings, but
/// those the file or the repository's label file already names; returns how many it wrote.
fn write_skeleton(file: &Path, repository: &RepositoryResult) -> Result<usize> {
    let present = Labels::load(file)?;
    let mut seen = BTreeSet::new();
    let findings: Vec<&Finding> = repository
        .rules
        .iter()
        .flat_map(|rule| &rule.unlabelled)
        .filter(|finding| {
            !present.names(&finding.identity)
                && !repository.labels.names(&finding.identity)
                && seen.insert(&finding.identity)
        })
        .collect();
    if findings.is_empty() {
        return Ok(0);
    }
    let mut text = std::fs::read_to_string(file).unwrap_or_default();
    if text.is_empty() {
        text = labels::header(&repository.name);
    } else if !text.ends_with("\n\n") {
        text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
    }
    text.push_str(&labels::skeleton(&findings)?);
    std::fs::write(file, text).with_context(|| format!("cannot write {}", file.display()))?;
    Ok(findings.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_shared_corpora_the_links_family_and_fifty_findings() {
        let root = Path::new("/work/relecture");
        let defaults = options(&[], root).unwrap();
        assert_eq!(defaults.corpora, root.join("../shared/corpora"));
        assert_eq!((defaults.select.as_str(), defaults.sample, defaults.binary), ("links", 50, None));
        assert_eq!(defaults.labels, root.join("xtask/labels"));
        assert_eq!(defaults.checkouts, root.join("target/precision"));
        let args: Vec<String> =
            ["--sample", "20", "--rule", "broken-link,missing-anchor", "--repo", "fr-react-dev", "--unlabelled"]
                .map(String::from)
                .to_vec();
        let given = options(&args, root).unwrap();
        assert_eq!(given.sample, 20);
        assert_eq!(given.rules, ["broken-link", "missing-anchor"]);
        assert_eq!(given.repositories, ["fr-react-dev"]);
        assert!(given.unlabelled);
        let error = options(&["--sample".into()], root).unwrap_err().to_string();
        assert!(error.contains("--sample takes a value"), "{error}");
        let error = options(&["--smaple".into(), "3".into()], root).unwrap_err().to_string();
        assert!(error.contains("unknown argument `--smaple`"), "{error}");
    }

    #[test]
    fn the_text_of_a_finding_is_the_source_at_its_range_and_its_line_the_whole_line() {
        let source = "# Titre\r\nVoir [la page](pagé.md) et la suite.\r\nFin\n".as_bytes();
        let start = source.windows(2).position(|w| w == b"[l").unwrap() as u64;
        let end = start + "[la page](pagé.md)".len() as u64;
        let (text, line) = text_at(source, start, end);
        assert_eq!(text, "[la page](pagé.md)");
        assert_eq!(line, "Voir [la page](pagé.md) et la suite.");
        assert_eq!(text_at(source, 0, 1), ("#".into(), "# Titre".into()));
        assert_eq!(text_at(source, 1_000, 2_000), (String::new(), String::new()), "past the end is empty");
        assert_eq!(text_at(source, 5, 2).0, "", "an inverted range is empty");
    }

    /// A folder with one bundle, and options that keep labels and checkouts in the scratch folder.
    fn corpora(scratch: &Path, articles: &[(&str, &str)]) -> Options {
        let source = scratch.join("source");
        std::fs::create_dir_all(&source).unwrap();
        for (path, text) in articles {
            std::fs::create_dir_all(source.join(path).parent().unwrap()).unwrap();
            std::fs::write(source.join(path), text).unwrap();
        }
        let git = |args: &[&str]| {
            let output = Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"])
                .args(args)
                .current_dir(&source)
                .output()
                .unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        };
        git(&["init", "--quiet"]);
        git(&["add", "--all"]);
        git(&["commit", "--quiet", "-m", "articles"]);
        std::fs::create_dir_all(scratch.join("corpora")).unwrap();
        git(&["bundle", "create", scratch.join("corpora/blog.bundle").to_str().unwrap(), "--all"]);
        std::fs::create_dir_all(scratch.join("labels")).unwrap();
        let mut options = options(&[], scratch).unwrap();
        options.corpora = scratch.join("corpora");
        options.labels = scratch.join("labels");
        options.checkouts = scratch.join("target/precision");
        options
    }

    /// A stand-in for relecture that reports a broken link for every `[…](missing…)` of the
    /// articles, and fails unless it runs in a checkout with an empty home and no kept results.
    #[cfg(unix)]
    fn fake_relecture(scratch: &Path, articles: &[(&str, &str)]) -> PathBuf {
        use std::os::unix::fs::PermissionsExt as _;
        let mut findings = Vec::new();
        for (path, text) in articles {
            for (start, _) in text.match_indices('[') {
                let end = start + text[start..].find(')').unwrap() + 1;
                if text[start..end].contains("](missing") {
                    let line = text[..start].matches('\n').count() + 1;
                    let position = |offset: usize| serde_json::json!({"line": line, "column": 1, "offset": offset});
                    findings.push(serde_json::json!({"rule": "broken-link", "path": path, "message": "leads nowhere",
                        "range": {"start": position(start), "end": position(end)}}));
                }
            }
        }
        let report =
            serde_json::json!({"schema_version": 1, "summary": {"unverifiable_links": 3}, "findings": findings});
        let script = format!(
            "#!/bin/sh\n\
             [ \"$*\" = --version ] && {{ echo 'relecture 0.0.0-test'; exit 0; }}\n\
             [ \"$*\" = 'check --format json --select links .' ] || {{ echo \"arguments: $*\" >&2; exit 2; }}\n\
             [ \"$XDG_CONFIG_HOME\" = \"$HOME\" ] && [ -z \"$(ls -A \"$HOME\")\" ] || {{ echo 'a home' >&2; exit 2; }}\n\
             [ \"${{RELECTURE_CACHE_DIR-unset}}\" = '' ] && [ -d .git ] || {{ echo 'kept results' >&2; exit 2; }}\n\
             cat <<'REPORT'\n{report}\nREPORT\nexit 1\n"
        );
        let path = scratch.join("fake-relecture");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    #[cfg(unix)]
    #[test]
    fn a_run_prints_precision_per_rule_from_the_labels_of_the_sampled_findings() {
        let scratch = tempfile::tempdir().unwrap();
        let articles = [
            ("a.md", "# A\n\n[one](missing-1.md) and [two](missing-2.md)\n\n[fine](b.md)\n"),
            ("b.md", "# B\n\n[three](missing-3.md)\n[four](missing-4.md)\n"),
        ];
        let mut options = corpora(scratch.path(), &articles);
        std::fs::write(
            options.labels.join("blog.toml"),
            r#"
[[label]]
rule = "broken-link"
path = "a.md"
text = "[one](missing-1.md)"
verdict = "true"
why = "the page was never written"

[[label]]
rule = "broken-link"
path = "a.md"
text = "[two](missing-2.md)"
verdict = "false"
why = "the site generates it"

[[label]]
rule = "broken-link"
path = "b.md"
text = "[three](missing-3.md)"
verdict = "noise"
why = "a draft nobody reads"

[[label]]
rule = "broken-link"
path = "b.md"
text = "[gone](missing-0.md)"
verdict = "false"
why = "fixed since"
"#,
        )
        .unwrap();
        options.unlabelled = true;
        let binary = fake_relecture(scratch.path(), &articles);
        let outcome = precision(&options, &binary).unwrap();
        assert!(!outcome.failed, "{}", outcome.text);
        let row = outcome.text.lines().find(|l| l.starts_with("blog")).unwrap();
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cells,
            ["blog", "broken-link", "4", "4", "3", "1", "1", "1", "33.3%", "33.3%", "1"],
            "{}",
            outcome.text
        );
        assert!(outcome.text.contains("blog broken-link: 1 sampled findings without a label"), "{}", outcome.text);
        assert!(outcome.text.contains(&format!("\nrelecture 0.0.0-test ({})\n", binary.display())), "{}", outcome.text);
        assert!(
            outcome.text.contains("\nunverifiable links (neither findings nor sampled): blog 3\n"),
            "{}",
            outcome.text
        );
        assert!(outcome.text.contains("  b.md:4\n    text:    [four](missing-4.md)\n"), "{}", outcome.text);
        assert!(outcome.text.contains("False b.md: [gone](missing-0.md) (fixed since)"), "{}", outcome.text);

        // The skeleton holds the one finding to label, and a second run adds nothing to it.
        let skeleton = scratch.path().join("skeleton.toml");
        options.skeleton = Some(skeleton.clone());
        let outcome = precision(&options, &binary).unwrap();
        assert!(outcome.text.contains("wrote 1 labels to fill"), "{}", outcome.text);
        let written = std::fs::read_to_string(&skeleton).unwrap();
        assert!(written.contains("# b.md:4\n[[label]]\nrule = \"broken-link\"\npath = \"b.md\"\ntext = \"[four](missing-4.md)\"\nverdict = \"\""), "{written}");
        let outcome = precision(&options, &binary).unwrap();
        assert!(outcome.text.contains("wrote 0 labels to fill"), "{}", outcome.text);
        assert_eq!(std::fs::read_to_string(&skeleton).unwrap(), written);
    }

    #[cfg(unix)]
    #[test]
    fn a_binary_that_fails_is_reported_for_its_repository() {
        let scratch = tempfile::tempdir().unwrap();
        let options = corpora(scratch.path(), &[("a.md", "# A\n")]);
        let binary = scratch.path().join("broken-relecture");
        std::fs::write(&binary, "#!/bin/sh\necho 'error: cannot read the index' >&2\nexit 2\n").unwrap();
        std::fs::set_permissions(&binary, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let outcome = precision(&options, &binary).unwrap();
        assert!(outcome.failed);
        let first = outcome.text.lines().next().unwrap();
        assert!(
            first.starts_with("blog: cannot check: ")
                && first.ends_with("exit status: 2: error: cannot read the index"),
            "{first}"
        );
    }

    #[test]
    fn a_missing_corpora_folder_or_repository_is_a_clear_message() {
        let scratch = tempfile::tempdir().unwrap();
        let mut options = options(&[], scratch.path()).unwrap();
        let error = format!("{:#}", precision(&options, Path::new("relecture")).unwrap_err());
        assert!(error.starts_with("no corpora folder at ") && error.contains("pass --corpora DIR"), "{error}");
        options.corpora = scratch.path().to_path_buf();
        let error = format!("{:#}", precision(&options, Path::new("relecture")).unwrap_err());
        assert!(error.starts_with("no *.bundle file in "), "{error}");
        std::fs::write(scratch.path().join("blog.bundle"), "").unwrap();
        options.repositories = vec!["wiki".into()];
        let error = format!("{:#}", precision(&options, Path::new("relecture")).unwrap_err());
        assert!(error.starts_with("no wiki.bundle in ") && error.ends_with("(there are: blog)"), "{error}");
    }
}
