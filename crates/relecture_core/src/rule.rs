//! Rule metadata: names, families, default severities and the documentation `rules explain` prints.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
///
/// Exhaustive on purpose: users match on it (exit codes, levels of other formats), and a new
/// level would change what every one of them means, so it should not compile silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; fails a run only with `--fail-on info`.
    Info,
    /// Should be fixed; fails a run by default.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The lowercase name used in reports and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            other => Err(format!("unknown severity `{other}` (expected error, warning or info)")),
        }
    }
}

/// What a rule is, for the registry, `rules list` and `rules explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    /// Kebab-case name, `PACK/RULE` for rules from rule files.
    pub name: Cow<'static, str>,
    /// The family (`language`, `duplicates`, `links`, `frontmatter`, `engine`) or the pack name.
    pub family: Cow<'static, str>,
    /// Severity when the configuration does not set one.
    pub default_severity: Severity,
    /// One line: what the rule reports.
    pub summary: Cow<'static, str>,
    /// The documentation: What it checks / Why / Example / How to fix.
    pub doc: Cow<'static, str>,
    /// Whether the rule runs when the configuration does not name it. A rule off by default
    /// runs when `select` (of the configuration or the command line) or `[severity]` names it
    /// or its family.
    pub enabled_by_default: bool,
}

impl RuleMeta {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn documentation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }
}

/// Declares a rule constant whose doc comment is its user documentation.
///
/// ```
/// relecture_core::declare_rule! {
///     /// ## What it checks
///     /// Nothing at all.
///     pub EXAMPLE_RULE = ("example-rule", "engine", Warning, "an example");
/// }
/// assert!(EXAMPLE_RULE.documentation().contains("Nothing at all."));
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $ident:ident = ($name:literal, $family:literal, $severity:ident, $summary:literal);) => {
        $crate::declare_rule! { @ true; $(#[doc = $doc])* $vis $ident = ($name, $family, $severity, $summary); }
    };
    // A rule that runs only when the configuration names it (see `RuleMeta::enabled_by_default`).
    ($(#[doc = $doc:literal])* $vis:vis $ident:ident = ($name:literal, $family:literal, $severity:ident, $summary:literal, off);) => {
        $crate::declare_rule! { @ false; $(#[doc = $doc])* $vis $ident = ($name, $family, $severity, $summary); }
    };
    (@ $enabled:literal; $(#[doc = $doc:literal])* $vis:vis $ident:ident = ($name:literal, $family:literal, $severity:ident, $summary:literal);) => {
        $(#[doc = $doc])*
        $vis const $ident: $crate::RuleMeta = $crate::RuleMeta {
            name: ::std::borrow::Cow::Borrowed($name),
            family: ::std::borrow::Cow::Borrowed($family),
            default_severity: $crate::Severity::$severity,
            summary: ::std::borrow::Cow::Borrowed($summary),
            doc: ::std::borrow::Cow::Borrowed(concat!($($doc, "\n"),*)),
            enabled_by_default: $enabled,
        };
    };
}
