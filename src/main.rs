//! The `relecture` binary: arguments, configuration discovery, output and exit codes; nothing else.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use relecture::escape::printable_line;
use relecture::{EmitOptions, Format, HistoryFormat, Linter, RuleListFormat, RuleMeta, Severity, Source};

/// Proofread Markdown articles straight from git.
#[derive(Debug, Parser)]
#[command(name = "relecture", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint articles; PATHs (files or folders, relative to the repository root) narrow the set.
    Check(CheckArgs),
    /// List or explain rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Git hooks.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Combine JSON reports (for example one per --shard) into one report.
    Merge(MergeArgs),
    /// Per commit of RANGE (default: all of HEAD's history), the findings introduced and fixed.
    History(HistoryArgs),
    /// Per language, the translations up to date, outdated, missing and without source (pages
    /// and words); per translation, how far it is behind its source, from the git history.
    Translations(TranslationsArgs),
    /// Print how the site is published, as relecture reads it: the generator, the folders of
    /// pages and their URLs, languages, anchors, and where each setting came from.
    Site(SiteArgs),
    /// Write a commented relecture.toml with what `relecture site` detects, for you to check.
    Init {
        /// The repository [default: the repository containing the current directory].
        #[arg(long, value_name = "DIR")]
        repo: Option<PathBuf>,
        /// Replace an existing relecture.toml.
        #[arg(long)]
        force: bool,
    },
}

/// Which state of which repository a command reads: the same for `check` and `site`.
#[derive(Debug, Args)]
struct SourceArgs {
    /// The repository (bare or not) or plain folder [default: the repository containing the current directory].
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// The tree of a revision (HEAD, main, v1.2, HEAD~3, an object id).
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    rev: Option<String>,
    /// The staged index: exactly what the next commit will contain.
    #[arg(long)]
    staged: bool,
}

impl SourceArgs {
    fn apply(&self, mut linter: Linter) -> Linter {
        if let Some(repo) = &self.repo {
            linter = linter.repo(repo);
        }
        linter.source(match (&self.rev, self.staged) {
            (Some(rev), _) => Source::Revision(rev.clone()),
            (None, true) => Source::Staged,
            (None, false) => Source::WorkTree,
        })
    }
}

#[derive(Debug, Args)]
struct SiteArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Configuration file [default: relecture.toml at the root of the linted source].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// `text` or `json`.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Debug, Args)]
struct TranslationsArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Configuration file [default: relecture.toml at the root of the read source].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Only the translations into this language (an ISO 639-1 code, such as fr).
    #[arg(long, value_name = "L")]
    lang: Option<String>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = translations_format_parser())]
    format: relecture::TranslationsFormat,
}

#[derive(Debug, Args)]
struct HistoryArgs {
    /// `A..B` (the commits of B not in A) or one revision (its whole first-parent history).
    #[arg(default_value = "HEAD")]
    range: String,
    /// The repository.
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Configuration file, used for every commit [default: relecture.toml of the working tree,
    /// or of HEAD in a bare repository].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = history_format_parser())]
    format: HistoryFormat,
}

/// Which rules run, and on how many threads: the same for `check` and `history`.
#[derive(Debug, Args)]
struct RuleArgs {
    /// Comma-separated rules, families or packs to run (replaces the configuration's `select`).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    select: Option<Vec<String>>,
    /// Comma-separated rules, families or packs not to run (adds to the configuration's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    ignore: Vec<String>,
    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

impl RuleArgs {
    fn apply(&self, mut linter: Linter) -> Linter {
        linter = linter.ignore(self.ignore.clone());
        if let Some(select) = &self.select {
            linter = linter.select(select.clone());
        }
        if let Some(jobs) = self.jobs {
            linter = linter.jobs(usize::from(jobs));
        }
        linter
    }
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// JSON reports written by `relecture check --format json`.
    #[arg(required = true)]
    reports: Vec<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = format_parser(), value_name = "F")]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum HookCommand {
    /// Install a pre-commit hook that runs `relecture check --staged`.
    Install {
        /// Replace a pre-commit hook that relecture did not write.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or folders to lint, relative to the repository root.
    paths: Vec<String>,
    #[command(flatten)]
    source: SourceArgs,
    /// Report only findings in articles that differ from BASE, each `new` or `existing`.
    #[arg(long, value_name = "BASE")]
    diff: Option<String>,
    /// Add `introduced_by` to each finding: the commit where it first appeared.
    #[arg(long)]
    blame: bool,
    /// With --diff: only new findings count for the exit code.
    #[arg(long, requires = "diff")]
    new_only: bool,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = format_parser(), value_name = "F")]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Configuration file [default: relecture.toml at the root of the linted source]. A file inside
    /// the repository is the repository's: like relecture.toml, it cannot turn the network on,
    /// allow private addresses, place the links cache or name rule files outside the repository.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    /// The lowest severity that makes the exit code 1 [default: warning, or `fail_on` in the configuration].
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<LevelArg>,
    /// Exit 0 even when findings remain.
    #[arg(long)]
    exit_zero: bool,
    /// Also check external links over the network (off by default: pre-commit stays offline and fast).
    #[arg(long)]
    online: bool,
    /// With --online, also reach loopback and private addresses (a repository's relecture.toml cannot allow it).
    #[arg(long)]
    allow_private: bool,
    /// With --online: send requests through this http:// proxy (proxy variables of the
    /// environment are never used; internal addresses are refused all the same).
    #[arg(long, value_name = "URL", value_parser = parse_proxy)]
    proxy: Option<String>,
    /// Apply safe fixes to working-tree files (refused with --rev, --staged or a bare repository).
    #[arg(long, conflicts_with_all = ["rev", "staged"])]
    fix: bool,
    /// With --fix, also apply unsafe fixes (they change meaning or guess: review them).
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
    /// Lint only shard I of N (1-based), split by a hash of each article's path, for CI matrices.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Neither read nor write the results kept for the next run, nor the links cache of
    /// --online in the same folder (see RELECTURE_CACHE_DIR).
    #[arg(long)]
    no_cache: bool,
    /// Also list the links relecture could not verify (a target the repository does not hold,
    /// template syntax), each with the reason; the summary counts them either way.
    #[arg(long, short = 'v')]
    verbose: bool,
    /// Exit 0 when there is no article to check (by default a run with none says why and exits 2).
    #[arg(long)]
    allow_empty: bool,
    /// The language of the findings' messages [default: `lang` in the configuration, else the
    /// site's language when it is French or English, else English].
    #[arg(long, value_enum, value_name = "L")]
    lang: Option<LangArg>,
}

/// The languages relecture speaks.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    /// English.
    En,
    /// French.
    Fr,
}

impl From<LangArg> for relecture::Locale {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => Self::En,
            LangArg::Fr => Self::Fr,
        }
    }
}

/// The `history --format` choices, by name.
fn translations_format_parser() -> impl clap::builder::TypedValueParser<Value = relecture::TranslationsFormat> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(
        relecture::TranslationsFormat::ALL.map(relecture::TranslationsFormat::name),
    )
    .map(|name| name.parse::<relecture::TranslationsFormat>().expect("every possible value names a format"))
}

fn history_format_parser() -> impl clap::builder::TypedValueParser<Value = HistoryFormat> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(HistoryFormat::ALL.map(HistoryFormat::name))
        .map(|name| name.parse::<HistoryFormat>().expect("every possible value names a format"))
}

/// The `--format` choices: the report crate's formats, by name.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| name.parse::<Format>().expect("every possible value names a format"))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LevelArg {
    Error,
    Warning,
    Info,
}

impl From<LevelArg> for Severity {
    fn from(level: LevelArg) -> Self {
        match level {
            LevelArg::Error => Severity::Error,
            LevelArg::Warning => Severity::Warning,
            LevelArg::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// List every rule with its family, default severity and summary.
    List {
        /// Output format.
        #[arg(long, default_value = "text", value_parser = rule_list_format_parser())]
        format: RuleListFormat,
    },
    /// What a rule checks, why, an example and how to fix it.
    Explain {
        /// The rule name.
        rule: String,
    },
    /// Run the examples embedded in rule files (default: the configured rule folders).
    Test {
        /// Rule files or folders on disk.
        paths: Vec<PathBuf>,
    },
}

/// `rules list --format`: the choices of the report crate.
fn rule_list_format_parser() -> impl clap::builder::TypedValueParser<Value = RuleListFormat> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(RuleListFormat::ALL.map(RuleListFormat::name))
        .map(|name| name.parse::<RuleListFormat>().expect("every possible value names a format"))
}

// Linting allocates many small strings and vectors per article, from several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The binary is the only user of libgit2 in its process: objects are read as git reads them.
    relecture::skip_object_hash_verification();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops reading (`relecture rules list | head`) is not an error.
        Err(error)
            if error.chain().any(|cause| {
                cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            // The chain of causes, each said once: a message that already quotes its cause (an
            // OS error) does not get it twice.
            let mut message = String::new();
            for cause in error.chain() {
                let text = cause.to_string();
                if !message.contains(&text) {
                    if !message.is_empty() {
                        message.push_str(": ");
                    }
                    message.push_str(&text);
                }
            }
            if let Some(first) = message.get(..1) {
                message = first.to_lowercase() + &message[1..];
            }
            // Errors quote repository files: shown, never obeyed by a terminal or a CI log.
            eprintln!("relecture: error: {}", printable_line(&message));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(RulesCommand::List { format }) => {
            let linter = linter();
            warn_ignored(linter.ignored_settings()?.as_ref());
            let (mut rules, refused, origins) = linter.rules_with_origins()?;
            // By family, then by name: a reader finds a rule where they look for it.
            rules.sort_by(|a, b| (&a.family, &a.name).cmp(&(&b.family, &b.name)));
            let origin = |rule: &relecture::RuleMeta| {
                origins.get(rule.family.as_ref()).cloned().unwrap_or_else(|| "built-in".to_string())
            };
            relecture::emit_rule_list_with_origins(&rules, &origin, format, &mut io::stdout().lock())?;
            warn_refused(&refused);
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Test { paths }) => test_rules(&paths),
        Command::Merge(args) => merge(&args),
        Command::History(args) => history(&args),
        Command::Translations(args) => translations(&args),
        Command::Site(args) => {
            let mut linter = args.source.apply(linter());
            if let Some(config) = &args.config {
                linter = linter.config_file(config);
            }
            let site = linter.site()?;
            let text = if args.format == "json" { relecture::site_json(&site)? } else { relecture::site_text(&site) };
            io::stdout().lock().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { repo, force } => {
            let mut linter = linter();
            if let Some(repo) = &repo {
                linter = linter.repo(repo);
            }
            let path = linter.init(force)?;
            println!(
                "wrote {}; `relecture site` shows where each setting comes from",
                printable_line(&path.display().to_string())
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Hook(HookCommand::Install { force }) => {
            // The hook names this binary, so that it runs where `relecture` is not on the PATH.
            let program = std::env::current_exe().ok();
            let path = relecture::install_hook_running(Path::new("."), force, program.as_deref())?;
            println!("installed {}", printable_line(&path.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Explain { rule }) => {
            let rules = rules_of(&linter())?;
            let Some(meta) = rules.iter().find(|r| r.name == rule) else {
                bail!("unknown rule `{rule}`; `relecture rules list` shows every rule");
            };
            relecture::emit_rule_explanation(meta, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A linter with the user's configuration file: `$XDG_CONFIG_HOME/relecture/config.toml`, else
/// `~/.config/relecture/config.toml` (the one file besides the command line that may turn the
/// network on, allow private addresses, place the links cache or name rule files outside the
/// repository).
fn linter() -> Linter {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        // The XDG specification: a relative path is invalid and ignored.
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|home| PathBuf::from(home).join(".config")));
    match base {
        Some(base) => Linter::new().user_config_file(base.join("relecture").join("config.toml")),
        None => Linter::new(),
    }
}

/// Says once that the repository's configuration set what only the user may.
fn warn_ignored(ignored: Option<&relecture::IgnoredSettings>) {
    if let Some(ignored) = ignored {
        eprintln!("relecture: warning: {}", printable_line(&ignored.to_string()));
    }
}

/// Every rule of `linter`, after the warning about ignored settings.
fn rules_of(linter: &Linter) -> Result<Vec<RuleMeta>> {
    warn_ignored(linter.ignored_settings()?.as_ref());
    Ok(linter.rules()?)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let mut linter = args
        .rules
        .apply(linter().paths(args.paths).online(args.online).allow_private(args.allow_private).blame(args.blame));
    if let Ok(folder) = std::env::current_dir() {
        linter = linter.paths_relative_to(folder);
    }
    linter = args.source.apply(linter);
    if let Some(config) = args.config {
        linter = linter.config_file(config);
    }
    if let Some(proxy) = args.proxy {
        linter = linter.proxy(proxy);
    }
    if let Some(lang) = args.lang {
        linter = linter.lang(lang.into());
    }
    if let Some(base) = &args.diff {
        linter = linter.diff(base.clone());
    }
    if let Some((index, count)) = args.shard {
        linter = linter.shard(index, count);
    }
    if !args.no_cache
        && let Some(dir) = cache_dir()
    {
        linter = linter.state_cache(dir, tool_build());
    }
    linter = linter.snippets(matches!(args.format, Format::Text));
    let mut not_fixed = Vec::new();
    let run = if args.fix {
        let (run, summary) = linter.fix(args.unsafe_fixes)?;
        not_fixed = summary.not_fixed;
        if summary.edits > 0 {
            eprintln!(
                "relecture: applied {} fix{} in {} file{}",
                summary.edits,
                if summary.edits == 1 { "" } else { "es" },
                summary.files.len(),
                if summary.files.len() == 1 { "" } else { "s" }
            );
        }
        run
    } else {
        linter.run()?
    };
    let mut run = run;
    if !args.verbose {
        run.report.unverifiable.clear();
    }
    warn_ignored(run.ignored_settings.as_ref());
    if let Some(fallback) = &run.report.fallback {
        eprintln!(
            "relecture: note: kept results not used: {}; checked every article",
            printable_line(&fallback.reason)
        );
    }
    // A run with nothing to check is a mistake (a typo in `include`, the wrong folder): said,
    // not passed silently.
    if run.report.summary.articles == 0 && run.report.skipped.is_empty() && !args.allow_empty {
        let place = match run.report.source.kind {
            relecture::SourceKind::Staged => "the index",
            relecture::SourceKind::Revision => "the revision",
            _ => "the repository",
        };
        eprintln!(
            "relecture: error: no article to check: no file of {place} matches the configuration ({}); \
             fix `include` in relecture.toml, or pass --allow-empty",
            printable_line(&run.config.file_filter().describe())
        );
        return Ok(ExitCode::from(2));
    }
    write_report(&run.report, args.format, args.output.as_deref())?;
    // A rule file that does not load is a configuration error, as a misspelt rule name is: the
    // other rules ran and are reported, then the run exits 2 naming the file and line.
    for refused in &run.refused_rule_files {
        eprintln!("relecture: error: {} (the rules of this file did not run)", printable_line(&refused.to_string()));
    }
    // A file whose fixes were not written leaves the run incomplete: named, and exit 2 after
    // the report of everything else.
    for refusal in &not_fixed {
        eprintln!("relecture: error: {}", printable_line(&refusal.to_string()));
    }
    if !not_fixed.is_empty() || !run.refused_rule_files.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let fail_on = args.fail_on.map_or(run.config.fail_on, Severity::from);
    let fails = run
        .report
        .findings
        .iter()
        .any(|f| f.severity >= fail_on && (!args.new_only || f.status == Some(relecture::Status::New)));
    if !args.exit_zero && fails { Ok(ExitCode::from(1)) } else { Ok(ExitCode::SUCCESS) }
}

/// One warning line per refused rule file, with what came from the repository escaped.
fn warn_refused(refused: &[relecture::RuleFileError]) {
    for refused in refused {
        eprintln!("relecture: warning: {} (the rules of this file did not run)", printable_line(&refused.to_string()));
    }
}

fn translations(args: &TranslationsArgs) -> Result<ExitCode> {
    let mut linter = args.source.apply(linter());
    if let Some(config) = &args.config {
        linter = linter.config_file(config);
    }
    warn_ignored(linter.ignored_settings()?.as_ref());
    let mut status = linter.translations()?;
    if let Some(language) = &args.lang {
        if relecture::normalize_language(language).is_none() {
            bail!("--lang {}: not a language code (such as fr or pt-BR)", printable_line(language));
        }
        // `zh` keeps its variants (`zh-tw`, `zh-cn`), `zh-tw` only itself.
        let asked = language.to_ascii_lowercase().replace('_', "-");
        let kept = |tag: &str| tag == asked || tag.split('-').next() == Some(asked.as_str());
        status.languages.retain(|status| kept(&status.language));
        status.pages.retain(|page| kept(&page.language));
        status.missing.retain(|missing| kept(&missing.language));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    relecture::emit_translations(&status, args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn history(args: &HistoryArgs) -> Result<ExitCode> {
    let mut linter = args.rules.apply(linter());
    if let Some(repo) = &args.repo {
        linter = linter.repo(repo);
    }
    if let Some(config) = &args.config {
        linter = linter.config_file(config);
    }
    warn_ignored(linter.ignored_settings()?.as_ref());
    let show_progress = io::stderr().is_terminal();
    let history = linter.history(&args.range, |done, total| {
        if show_progress {
            eprint!("\rrelecture: linting commit {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    })?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    relecture::emit_history(&history, args.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let (index, count) = text.split_once('/').ok_or("a shard is written I/N, such as 2/4")?;
    let index: usize = index.trim().parse().map_err(|_| format!("`{index}` is not a shard number"))?;
    let count: usize = count.trim().parse().map_err(|_| format!("`{count}` is not a shard count"))?;
    if index == 0 || index > count {
        return Err(format!("shard {index}/{count} does not exist: I goes from 1 to N"));
    }
    Ok((index, count))
}

fn parse_proxy(text: &str) -> Result<String, String> {
    relecture::proxy_url_problem(text).map_or_else(|| Ok(text.to_string()), |problem| Err(problem.to_string()))
}

/// Where runs keep their results for the next run and the links cache of `--online`:
/// `RELECTURE_CACHE_DIR`, else the user's cache folder (`XDG_CACHE_HOME`, or `~/.cache`) — never
/// inside a repository. It is made the user's only (0700). An empty `RELECTURE_CACHE_DIR` turns
/// the cache off.
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RELECTURE_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    // A relative XDG_CACHE_HOME is ignored, as the XDG specification says (it would put the cache
    // wherever relecture runs, a checkout included).
    let base = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|d| d.is_absolute()).or_else(|| {
        std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|home| PathBuf::from(home).join(".cache"))
    })?;
    Some(base.join("relecture"))
}

/// What names this build of the checks for stored results: the version, and the size and time
/// of the executable, so that a rebuilt binary never reads results of another build.
fn tool_build() -> String {
    let build = std::env::current_exe().and_then(std::fs::metadata).map(|m| {
        let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        format!("{}:{}", m.len(), modified.map_or(0, |d| d.as_nanos()))
    });
    format!("{}+{}", env!("CARGO_PKG_VERSION"), build.unwrap_or_default())
}

/// Writes `report` to `output` or standard output (colours only on a terminal).
fn write_report(report: &relecture::Report, format: Format, output: Option<&Path>) -> Result<()> {
    if let Some(path) = output {
        let mut bytes = Vec::new();
        relecture::emit(report, format, EmitOptions { color: false }, &mut bytes)
            .with_context(|| format!("cannot write the report to {}", path.display()))?;
        // Inside a repository, never through one of its links (see `relecture::write_output`).
        return Ok(relecture::write_output(path, Some(Path::new(&report.source.repo)), &bytes)?);
    }
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = BufWriter::new(stdout.lock());
    let written = relecture::emit(report, format, EmitOptions { color }, &mut out).and_then(|()| out.flush());
    // A closed pipe (`relecture check | head`) is not an error of the run.
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(error).context("cannot write the report to standard output")
        }
        _ => Ok(()),
    }
}

fn merge(args: &MergeArgs) -> Result<ExitCode> {
    let mut reports = Vec::new();
    for path in &args.reports {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let report: relecture::Report = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a relecture JSON report", path.display()))?;
        reports.push(report);
    }
    let merged = relecture::merge_reports(reports).context("no report to merge")?;
    write_report(&merged, args.format, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// Every `.toml` file of `paths` (files, or folders searched recursively), sorted.
///
/// The paths given are the user's; what the folders hold may be a repository's: a symbolic link
/// found inside them is never followed (named on standard error), nor anything but regular files
/// and folders.
fn toml_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        // A path into a checkout that goes through one of its links is the repository's doing.
        if relecture::goes_through_a_repository_link(path) {
            let shown = printable_line(&path.display().to_string());
            eprintln!(
                "relecture: warning: {shown} goes through a symbolic link of the repository, which relecture does not follow"
            );
        } else {
            stack.push((path.clone(), path.is_dir()));
        }
    }
    while let Some((path, is_dir)) = stack.pop() {
        if is_dir {
            for entry in std::fs::read_dir(&path).with_context(|| format!("cannot read {}", path.display()))? {
                let entry = entry?;
                let kind = entry.file_type()?;
                if kind.is_symlink() {
                    let shown = printable_line(&entry.path().display().to_string());
                    eprintln!("relecture: warning: {shown} is a symbolic link, which relecture does not follow");
                } else if kind.is_dir() || kind.is_file() {
                    stack.push((entry.path(), kind.is_dir()));
                }
            }
        } else if path.extension().is_some_and(|e| e == "toml") || paths.contains(&path) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// `rules test`: every rule of every file, with its examples; exit 1 when one fails.
fn test_rules(paths: &[PathBuf]) -> Result<ExitCode> {
    let files: Vec<(String, relecture::RuleFileText)> = if paths.is_empty() {
        let linter = linter();
        warn_ignored(linter.ignored_settings()?.as_ref());
        linter.rule_files()?
    } else {
        toml_files(paths)?
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                Ok((path.display().to_string(), Ok(text)))
            })
            .collect::<Result<_>>()?
    };
    if files.is_empty() {
        bail!("no rule file found (give files or folders, or configure `rules` in relecture.toml)");
    }
    let tests = relecture::RuleTests {
        files: files
            .iter()
            .map(|(path, text)| relecture::TestedRuleFile {
                path: path.clone(),
                outcome: text
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|text| relecture::test_rule_file(path, text))
                    .map(|tested| relecture::TestedPack {
                        name: tested.name,
                        rules: tested
                            .rules
                            .into_iter()
                            .map(|rule| relecture::TestedRule {
                                name: rule.name,
                                line: rule.line,
                                examples: rule.examples,
                                error: rule.outcome.err(),
                            })
                            .collect(),
                    })
                    .map_err(|error| error.to_string()),
            })
            .collect(),
    };
    relecture::emit_rule_tests(&tests, &mut io::stdout().lock())?;
    let (_, failed) = tests.counts();
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
