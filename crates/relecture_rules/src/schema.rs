//! The rule-file schema, parsed with serde so that unknown keys are refused with their line.

use serde::Deserialize;
use toml::Spanned;

use crate::Error;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    pub pack: PackHeader,
    #[serde(default)]
    pub rule: Vec<Spanned<RuleEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackHeader {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub lang: Vec<String>,
    /// `{name}` placeholders replaced in every rule's patterns, tokens, swaps and messages.
    #[serde(default)]
    pub vars: Swap,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleEntry {
    pub name: String,
    pub kind: String,
    pub message: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub scope: Vec<String>,
    #[serde(default)]
    pub tokens: Vec<String>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub swap: Swap,
    #[serde(default = "yes")]
    pub ignorecase: bool,
    #[serde(default)]
    pub fix: Option<String>,
    #[serde(default)]
    pub exceptions: Vec<String>,
    /// `occurrence`: the most matches allowed.
    #[serde(default)]
    pub max: Option<usize>,
    /// `occurrence`: count per `sentence` (default) or per `scope` text.
    #[serde(default)]
    pub per: Option<String>,
    /// `capitalization`: `sentence` or `title`.
    #[serde(default)]
    pub style: Option<String>,
    pub examples: Examples,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Examples {
    #[serde(default)]
    pub fail: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// `swap = { "from" = "to" }`, in the order written.
#[derive(Debug, Default)]
pub(crate) struct Swap(pub Vec<(String, String)>);

impl Swap {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (String, String)> {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for Swap {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        relecture_core::config::OrderedMap::deserialize(deserializer).map(|map| Swap(map.0))
    }
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(crate) fn parse(path: &str, text: &str) -> Result<RuleFile, Error> {
    let file: RuleFile = toml::from_str(text).map_err(|e| Error::Schema {
        path: path.to_string(),
        line: e.span().map_or(1, |span| line_of(text, span.start)),
        message: e.message().trim_end().to_string(),
    })?;
    for rule in &file.rule {
        if rule.get_ref().examples.fail.is_empty() {
            return Err(Error::Rule {
                path: path.to_string(),
                line: line_of(text, rule.span().start),
                rule: rule.get_ref().name.clone(),
                message: "every rule needs at least one `examples.fail`".into(),
            });
        }
    }
    Ok(file)
}
