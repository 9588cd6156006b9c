//! Report emitters, one module per format, chosen by one match.
#![deny(missing_docs)]

use std::io::{self, Write};
use std::str::FromStr;

use relecture_core::Report;

pub mod escape;
mod github;
mod history;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

pub use history::{HistoryFormat, emit_history};

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

impl Format {
    /// Every format, in the order `--help` lists them: adding a format is a variant, its name
    /// here, its emitter module and its arm in [`emit`]; the command line derives its choices
    /// from this list.
    pub const ALL: [Self; 6] = [Self::Text, Self::Json, Self::Sarif, Self::Github, Self::Junit, Self::Markdown];

    /// The name of the format on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Junit => "junit",
            Self::Markdown => "markdown",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|format| format.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|format| format.name()).collect();
            format!("unknown format `{s}` (expected {})", names.join(", "))
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_chosen_by_its_own_name() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        let names: std::collections::HashSet<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Format::ALL.len(), "names are unique");
        assert_eq!(
            "xml".parse::<Format>().unwrap_err(),
            "unknown format `xml` (expected text, json, sarif, github, junit, markdown)"
        );
    }
}
