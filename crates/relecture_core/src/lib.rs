//! The core of relecture: the article model, configuration, check traits and findings.
#![deny(missing_docs)]

pub mod article;
pub mod check;
pub mod config;
pub mod confined;
pub mod decode;
mod error;
pub mod finding;
pub mod frontmatter;
pub mod language;
pub mod markdown;
pub mod range;
pub mod report;
pub mod rule;
pub mod selection;
pub mod suppress;
pub mod text;
pub mod tree;
pub mod trust;

pub use article::Article;
pub use check::{ArticleCheck, CheckContext, Checks, CorpusCheck, CorpusDiagnostic, Dependencies};
pub use config::Config;
pub use decode::{FileContent, Skipped, SourceFile};
pub use error::Error;
pub use finding::{Applicability, Diagnostic, Edit, Finding, Fix, IntroducedBy, IntroducingCommit, Related, Status};
pub use range::{LineIndex, Position, Span, TextRange};
pub use report::{Fallback, Report, SourceKind};
pub use rule::{RuleMeta, Severity};
pub use selection::RuleSelection;
pub use tree::{FileLookup, RecordingLookup, TreeIndex};
