//! Report emitters, one module per format, chosen by one match.
#![deny(missing_docs)]

use std::io::{self, Write};
use std::str::FromStr;

use relecture_core::Report;

pub mod escape;
mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable, with source snippets.
    #[default]
    Text,
    /// The JSON report of the contract.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML: one test case per article.
    Junit,
    /// A Markdown summary fit for a pull-request comment.
    Markdown,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            "sarif" => Ok(Self::Sarif),
            "github" => Ok(Self::Github),
            "junit" => Ok(Self::Junit),
            "markdown" => Ok(Self::Markdown),
            other => Err(format!("unknown format `{other}` (expected text, json, sarif, github, junit or markdown)")),
        }
    }
}

/// Options that change how a report is rendered, not what it says.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitOptions {
    /// Use ANSI colours (only when writing to a terminal).
    pub color: bool,
}

/// Writes `report` in `format` to `out`.
pub fn emit(report: &Report, format: Format, options: EmitOptions, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::emit(report, options, out),
        Format::Json => json::emit(report, out),
        Format::Sarif => sarif::emit(report, out),
        Format::Github => github::emit(report, out),
        Format::Junit => junit::emit(report, out),
        Format::Markdown => markdown::emit(report, out),
    }
}

#[cfg(test)]
pub(crate) mod test_support;
