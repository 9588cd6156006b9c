//! relecture proofreads Markdown articles straight from git: the working tree, any revision
//! (bare repositories too) or the staged index. This crate is the library other tools link.
//!
//! Build a [`Linter`], point it at a repository and a [`Source`], add your own checks if you
//! like, and [`run`](Linter::run) it to get a [`Report`]. An editor or a tool that holds the
//! text itself lints it without a repository or the disk: [`Linter::lint_text`] for one article,
//! [`Linter::lint_texts`] for a set.
//!
//! The builder lives in `linter.rs`; `run.rs` gathers what a run needs (configuration through
//! the trust layer, rule files, checks) and hands it to the engine (`relecture_engine`), which
//! lints, assembles the report and adds `--diff` and `--blame`; `memory.rs` does the same for
//! articles given in memory; `fix.rs` writes the fixes of each round to the working tree.
//!
//! ```
//! use relecture::{Article, ArticleCheck, CheckContext, Diagnostic, Linter, RuleMeta, TextRange, declare_rule};
//!
//! declare_rule! {
//!     /// ## What it checks
//!     /// A `TODO` in the text.
//!     NO_TODO = ("no-todo", "house", Warning, "a TODO left in an article");
//! }
//!
//! /// Flags articles whose body mentions "TODO".
//! struct NoTodo;
//!
//! impl ArticleCheck for NoTodo {
//!     fn rules(&self) -> Vec<RuleMeta> {
//!         vec![NO_TODO]
//!     }
//!
//!     fn check(&self, article: &Article, _: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
//!         for block in &article.blocks {
//!             if let Some(at) = block.prose.text.find("TODO") {
//!                 let range: TextRange = block.prose.source_range(at..at + 4);
//!                 out.push(Diagnostic::new(&NO_TODO, range, "finish this paragraph before publishing"));
//!             }
//!         }
//!     }
//! }
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("article.md"), "---\ntitle: Brouillon\n---\nTODO: écrire la suite.\n")?;
//!
//! let run = Linter::new().repo(dir.path()).article_check(NoTodo).run()?;
//! let finding = run.report.findings.iter().find(|f| f.rule == "no-todo").expect("the check ran");
//! assert_eq!(finding.range.start.line, 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub use relecture_checks::duplicates::DuplicatesConfig;
pub use relecture_checks::frontmatter::{FieldType, FrontMatterConfig};
pub use relecture_checks::language::LanguageFamilyConfig;
pub use relecture_checks::links::{LinksConfig, Seconds, SiteRoots, proxy_url_problem};
pub use relecture_core::Error as ConfigError;
pub use relecture_core::config::{
    FileFilter, Invalid, OrderedMap, Section, SectionKind, SectionLines, SeveritySetting,
};
pub use relecture_core::finding::{EditReport, FixReport, RelatedLocation};
// The front matter's own names, prefixed: `Value` and `Field` alone would say nothing here.
pub use relecture_core::frontmatter::{
    Field as FrontMatterField, FrontMatter, FrontMatterError, FrontMatterFormat, Node as FrontMatterNode,
    Value as FrontMatterValue,
};
pub use relecture_core::language::{LanguageConfig, normalize_language};
pub use relecture_core::markdown::{Block, BlockKind, Link, LinkKind, Prose};
pub use relecture_core::message::{Arg, Locale, Message};
pub use relecture_core::report::{ArticleSummary, Fallback, LanguageSummary, SourceInfo, Summary, ToolInfo};
pub use relecture_core::rule_tests::{RuleTests, TestedPack, TestedRule, TestedRuleFile};
pub use relecture_core::trust::IgnoredSettings;
pub use relecture_core::{
    Applicability, Article, ArticleCheck, CheckContext, Checks, Config, CorpusCheck, CorpusDiagnostic, Dependencies,
    Diagnostic, Edit, Finding, Fix, IntroducedBy, IntroducingCommit, LineIndex, Position, Related, Report, RuleMeta,
    RuleSelection, Severity, Skipped, SourceKind, Span, Status, TextRange, TreeIndex, declare_rule,
};
pub use relecture_engine::{merge_reports, shard_of};
pub use relecture_git::{Source, skip_object_hash_verification};
pub use relecture_report::{
    EmitOptions, Format, HistoryFormat, TranslationsFormat, emit, emit_history, emit_translations, escape,
};
pub use relecture_report::{
    RuleListFormat, emit_rule_explanation, emit_rule_list, emit_rule_list_with_origins, emit_rule_tests,
};
pub use relecture_rules::{Error as RuleFileError, RuleResult, TestedFile, test_file as test_rule_file};

/// A rule file's text, or why it was refused before being parsed (too large, unreadable).
pub type RuleFileText = Result<String, RuleFileError>;

mod configuration;
mod error;
mod fix;
mod hook;
mod linter;
mod memory;
mod output;
mod paths;
mod rule_files;
mod run;
pub use run::RulesWithOrigins;
mod site;
mod translations;

pub use error::Error;
pub use fix::{FixSummary, NotFixed};
pub use hook::{install_hook, install_hook_running};
pub use output::write_output;
pub use paths::goes_through_a_repository_link;
pub use relecture_core::report::{
    ChangedParagraph, CommitFindings, History, LanguageStatus, MissingTranslation, PageBehind, Tally, TranslatedPage,
    TranslationStatus,
};
pub use relecture_core::site::{Generator, Mount, Part, Setting, Site, SiteConfig};
pub use relecture_report::site::{init_toml, site_json, site_text};

pub use linter::{Linter, Run};

/// The name of the configuration file looked up at the root of the linted source.
pub const CONFIG_FILE: &str = "relecture.toml";
