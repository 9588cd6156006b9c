//! The rule-file schema, parsed with serde so that unknown keys are refused with their line.

use relecture_core::LineIndex;
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use toml::Spanned;

use crate::{Error, MAX_NAME_CHARS, MAX_RULES_PER_PACK};

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
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub lang: Vec<String>,
    /// `{name}` placeholders replaced in every rule's patterns, tokens, swaps and messages.
    #[serde(default)]
    pub vars: Vars,
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
    /// `existence` and `substitution`: text left alone, `link-text` and `emphasis` (where titles
    /// of works and words of another language are quoted with their own typography).
    #[serde(default)]
    pub skip: Vec<String>,
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

/// `vars = { name = "value" }`, in the order written, each value with its place in the file
/// so that a refused variable is named with its line.
#[derive(Debug, Default)]
pub(crate) struct Vars(pub Vec<(String, Spanned<String>)>);

impl<'de> Deserialize<'de> for Vars {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VarsVisitor;
        impl<'de> Visitor<'de> for VarsVisitor {
            type Value = Vars;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vars, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Spanned<String>>()? {
                    entries.push(entry);
                }
                Ok(Vars(entries))
            }
        }
        deserializer.deserialize_map(VarsVisitor)
    }
}

/// 1-based lines of byte offsets in a rule file, found by binary search: a pack of thousands of
/// rules must not count its newlines again for each rule.
#[derive(Debug)]
pub(crate) struct Lines(LineIndex);

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        Self(LineIndex::new(text))
    }

    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.line_of(offset) + 1
    }
}

/// Whether `name` is a pack name: a short identifier of letters (any script), digits, `-` and
/// `_`, so that it can be printed anywhere and never names a path.
pub(crate) fn is_pack_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

pub(crate) fn parse(path: &str, text: &str, lines: &Lines) -> Result<RuleFile, Error> {
    let file: RuleFile = toml::from_str(text).map_err(|e| Error::Schema {
        path: path.to_string(),
        line: e.span().map_or(1, |span| lines.line(span.start)),
        message: e.message().trim_end().to_string(),
    })?;
    let name = &file.pack.name;
    if !is_pack_name(name.get_ref()) {
        return Err(Error::Schema {
            path: path.to_string(),
            line: lines.line(name.span().start),
            message: format!(
                "the pack name {:?} is not a short identifier (letters, digits, `-` and `_`, at most {MAX_NAME_CHARS} characters)",
                name.get_ref()
            ),
        });
    }
    if let Some(extra) = file.rule.get(MAX_RULES_PER_PACK) {
        return Err(Error::Schema {
            path: path.to_string(),
            line: lines.line(extra.span().start),
            message: format!("a pack holds at most {MAX_RULES_PER_PACK} rules; split this one"),
        });
    }
    for rule in &file.rule {
        if rule.get_ref().examples.fail.is_empty() {
            return Err(Error::Rule {
                path: path.to_string(),
                line: lines.line(rule.span().start),
                rule: rule.get_ref().name.clone(),
                message: "every rule needs at least one `examples.fail`".into(),
            });
        }
    }
    Ok(file)
}
