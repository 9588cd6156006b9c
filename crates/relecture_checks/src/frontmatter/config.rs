//! `[frontmatter]`: the fields every article must have and the type each field must have.

use std::collections::BTreeMap;

use relecture_core::config::Section;
use serde::Deserialize;

/// `[frontmatter]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatterConfig {
    /// Fields every article must have.
    pub required: Vec<String>,
    /// Expected type per field.
    pub types: BTreeMap<String, FieldType>,
}

/// The types a front matter field can be required to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// Any text.
    String,
    /// `YYYY-MM-DD`, a real calendar day.
    Date,
    /// RFC 3339 date and time (a date alone is accepted too).
    Datetime,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A list of anything.
    List,
    /// A list of strings.
    StringList,
}

impl FieldType {
    /// The name as configured.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Date => "date",
            Self::Datetime => "datetime",
            Self::Bool => "bool",
            Self::Integer => "integer",
            Self::List => "list",
            Self::StringList => "string-list",
        }
    }
}

impl Section for FrontMatterConfig {
    const NAME: &'static str = "frontmatter";
}
