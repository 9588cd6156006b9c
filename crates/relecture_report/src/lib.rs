//! Report emitters, one module per format, each registered by one line of `formats!`.
//!
//! This is an implementation crate of relecture: it has no stability promise and its API changes
//! with any release. Tools and plugins use the `relecture` crate, the facade, which re-exports
//! what they need.
#![deny(missing_docs)]

use std::io::{self, Write};

use relecture_core::Report;

/// Declares an enum of output formats, one line per format: its variant, the name the command
/// line knows it by, and the function that writes it. It derives the list of formats (`ALL`,
/// from which the command line takes its choices), `name`, `FromStr` and the dispatch
/// (`emitter`), so that adding a format is its emitter and one line.
macro_rules! formats {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal): fn($($arg:ty),*) {
            $( $(#[$variant_meta:meta])* $variant:ident = $cli:literal => $emitter:path, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every format, in the order `--help` lists them.
            pub const ALL: [Self; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// The name of the format on the command line.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $cli,)+
                }
            }

            /// The function that writes this format.
            fn emitter(self) -> fn($($arg),*) -> io::Result<()> {
                match self {
                    $(Self::$variant => $emitter,)+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL.into_iter().find(|format| format.name() == s).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|format| format.name()).collect();
                    format!("unknown {} `{s}` (expected {})", $what, names.join(", "))
                })
            }
        }
    };
}

pub mod escape;
mod github;
mod history;
mod html;
mod json;
mod junit;
mod markdown;
mod rules;
mod sarif;
pub mod site;
mod text;
mod translations;

pub use history::{HistoryFormat, emit_history};
pub use rules::{RuleListFormat, emit_rule_explanation, emit_rule_list, emit_rule_list_with_origins, emit_rule_tests};
pub use translations::{TranslationsFormat, emit_translations};

formats! {
    /// The output formats of `check`.
    #[non_exhaustive]
    pub enum Format ("format"): fn(&Report, EmitOptions, &mut dyn Write) {
        /// Human-readable, with source snippets.
        #[default]
        Text = "text" => text::emit,
        /// The JSON report of the contract.
        Json = "json" => json::emit,
        /// SARIF 2.1.0, for code-scanning tools.
        Sarif = "sarif" => sarif::emit,
        /// GitHub Actions workflow commands (annotations on the pull request).
        Github = "github" => github::emit,
        /// JUnit XML: one test case per article.
        Junit = "junit" => junit::emit,
        /// A Markdown summary fit for a pull-request comment.
        Markdown = "markdown" => markdown::emit,
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
    format.emitter()(report, options, out)
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

    #[test]
    fn every_history_format_is_chosen_by_its_own_name() {
        for format in HistoryFormat::ALL {
            assert_eq!(format.name().parse::<HistoryFormat>(), Ok(format));
        }
        assert_eq!(HistoryFormat::default(), HistoryFormat::Text);
        assert_eq!(
            "sarif".parse::<HistoryFormat>().unwrap_err(),
            "unknown history format `sarif` (expected text, json, markdown, html)"
        );
        for format in TranslationsFormat::ALL {
            assert_eq!(format.name().parse::<TranslationsFormat>(), Ok(format));
        }
        assert_eq!(
            "sarif".parse::<TranslationsFormat>().unwrap_err(),
            "unknown translations format `sarif` (expected text, json, markdown, html)"
        );
    }
}
