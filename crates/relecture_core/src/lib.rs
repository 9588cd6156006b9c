//! The core of relecture: the article model, configuration, check traits and findings.
//!
//! This is an implementation crate of relecture: it has no stability promise and its API changes
//! with any release. Tools and plugins use the `relecture` crate, the facade, which re-exports
//! what they need.
#![deny(missing_docs)]

pub mod article;
pub mod check;
pub mod config;
// Hidden: machinery shared by the engine, the git crate and the facade, not part of the model
// plugins read.
#[doc(hidden)]
pub mod confined;
pub mod decode;
mod error;
pub mod finding;
pub mod frontmatter;
pub mod language;
pub mod markdown;
pub mod message;
pub mod paragraph;
pub mod range;
pub mod report;
pub mod rule;
pub mod rule_tests;
pub mod selection;
pub mod site;
pub mod slug;
#[doc(hidden)]
pub mod suppress;
pub mod template;
pub mod text;
pub mod translation;
pub mod tree;
#[doc(hidden)]
pub mod trust;

pub use article::Article;
pub use check::{ArticleCheck, CheckContext, Checks, CorpusCheck, CorpusDiagnostic, Dependencies};
pub use config::Config;
pub use decode::{FileContent, Skipped, SourceFile};
pub use error::Error;
pub use finding::{Applicability, Diagnostic, Edit, Finding, Fix, IntroducedBy, IntroducingCommit, Related, Status};
pub use message::{Locale, Message};
pub use range::{LineIndex, Position, Span, TextRange};
pub use report::{Fallback, Report, SourceKind, UNVERIFIABLE_LINK};
pub use rule::{RuleMeta, Severity};
pub use selection::RuleSelection;
pub use tree::{FileLookup, RecordingLookup, TreeIndex};
