//! Front matter: finding the fenced block, parsing YAML or TOML into values that keep their source ranges.

use crate::message::Message;
use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::range::TextRange;

/// How deeply front matter values may nest before the block is refused.
const MAX_DEPTH: usize = 64;
/// How many values a front matter block may hold before it is refused.
const MAX_NODES: usize = 100_000;

/// The syntax of a front matter block; other syntaxes may be read one day (JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrontMatterFormat {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines.
    Toml,
}

impl FrontMatterFormat {
    /// The name users know the format by.
    pub fn name(self) -> &'static str {
        match self {
            Self::Yaml => "YAML",
            Self::Toml => "TOML",
        }
    }
}

/// A parsed front matter block.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// YAML or TOML.
    pub format: FrontMatterFormat,
    /// The whole block, fences included.
    pub range: TextRange,
    /// The text between the fences.
    pub content: TextRange,
    /// Top-level fields in source order (empty when the block does not parse).
    pub fields: Vec<Field>,
}

impl FrontMatter {
    /// The top-level field named `key`.
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.key == key)
    }
}

/// One `key: value` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key as written.
    pub key: String,
    /// Where the key is written.
    pub key_range: TextRange,
    /// The value and its range.
    pub value: Node,
}

/// A value with the byte range it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The typed value.
    pub value: Value,
    /// Where it is written in the file.
    pub range: TextRange,
}

/// A front matter value, typed as the format resolves it.
///
/// Exhaustive on purpose: these are the types YAML and TOML resolve values to, and checks of
/// values match on every one of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// YAML `null`, `~` or an empty value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (quoted, or a plain YAML scalar that is no other type).
    String(String),
    /// A TOML date, time or date-time, as written.
    Datetime(String),
    /// A sequence.
    List(Vec<Node>),
    /// A mapping.
    Map(Vec<Field>),
    /// A YAML alias (`*name`), deliberately not expanded.
    Alias,
}

impl Value {
    /// The name of the value's type, as messages print it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "bool",
            Self::Integer(_) => "integer",
            Self::Float(_) => "float",
            Self::String(_) => "string",
            Self::Datetime(_) => "datetime",
            Self::List(_) => "list",
            Self::Map(_) => "map",
            Self::Alias => "alias",
        }
    }
}

/// Why a front matter block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// What is wrong, in one lowercase sentence.
    pub message: Message,
    /// Byte offset in the file where the problem is.
    pub offset: usize,
}

/// The outcome of looking for front matter at the top of a file.
#[derive(Debug, Clone, Default)]
pub struct FrontMatterParse {
    /// The block, when the file starts with a fence.
    pub front_matter: Option<FrontMatter>,
    /// Why the block could not be read.
    pub error: Option<FrontMatterError>,
    /// Where the Markdown body starts.
    pub body_start: usize,
}

/// Parses a whole YAML or TOML document (a site generator's configuration file) into its
/// top-level fields, with offsets in `text`. JSON is read as YAML, of which it is a subset.
///
/// # Errors
/// When the document does not parse, with the offset of the problem.
pub fn parse_document(text: &str, format: FrontMatterFormat) -> Result<Vec<Field>, FrontMatterError> {
    match format {
        FrontMatterFormat::Yaml => parse_yaml(text, 0, true),
        FrontMatterFormat::Toml => parse_toml(text, 0),
    }
}

/// Finds and parses the front matter at the start of `source` (after an optional byte order mark).
pub fn parse_front_matter(source: &str) -> FrontMatterParse {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &source[start..];
    let (format, fence) = if is_fence_line(rest, "---") {
        (FrontMatterFormat::Yaml, "---")
    } else if is_fence_line(rest, "+++") {
        (FrontMatterFormat::Toml, "+++")
    } else {
        return FrontMatterParse { body_start: start, ..FrontMatterParse::default() };
    };
    let content_start = start + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let Some((content_end, block_end)) = find_closing_fence(source, content_start, format, fence) else {
        return FrontMatterParse {
            front_matter: None,
            error: Some(FrontMatterError {
                message: Message::new("frontmatter-unclosed").with("format", format.name()).with("fence", fence),
                offset: start,
            }),
            body_start: start,
        };
    };
    let content = TextRange::new(content_start, content_end);
    let text = &source[content_start..content_end];
    let parsed = match format {
        FrontMatterFormat::Yaml => parse_yaml(text, content_start, false),
        FrontMatterFormat::Toml => parse_toml(text, content_start),
    };
    let (fields, error) = match parsed {
        Ok(fields) => (fields, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    FrontMatterParse {
        front_matter: Some(FrontMatter { format, range: TextRange::new(start, block_end), content, fields }),
        error,
        body_start: block_end,
    }
}

fn is_fence_line(text: &str, fence: &str) -> bool {
    let line = text.split('\n').next().unwrap_or("");
    line.trim_end() == fence
}

/// Returns the end of the content and the end of the closing fence line.
fn find_closing_fence(source: &str, from: usize, format: FrontMatterFormat, fence: &str) -> Option<(usize, usize)> {
    let mut line_start = from;
    while line_start < source.len() {
        let line_end = source[line_start..].find('\n').map_or(source.len(), |i| line_start + i + 1);
        let line = source[line_start..line_end].trim_end();
        if line == fence || (format == FrontMatterFormat::Yaml && line == "...") {
            return Some((line_start, line_end));
        }
        line_start = line_end;
    }
    None
}

fn error_at(offset: usize, message: impl Into<Message>) -> FrontMatterError {
    FrontMatterError { message: message.into(), offset }
}

/// Maps the parser's character indices to byte offsets in the file.
struct CharOffsets {
    base: usize,
    /// Byte offset of each character, present only when the text is not ASCII.
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str, base: usize) -> Self {
        let bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Self { base, bytes, len: text.len() }
    }

    fn byte(&self, char_index: usize) -> usize {
        let local = match &self.bytes {
            None => char_index.min(self.len),
            Some(bytes) => bytes.get(char_index).copied().unwrap_or(self.len),
        };
        self.base + local
    }
}

enum Frame {
    List { start: usize, items: Vec<Node>, anchor: usize },
    Map { start: usize, fields: Vec<Field>, key: Option<(String, TextRange)>, anchor: usize },
}

/// The number of values in `node`, itself included.
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::List(items) => items.iter().map(size).sum(),
        Value::Map(fields) => fields.iter().map(|f| size(&f.value)).sum(),
        _ => 0,
    }
}

/// Parses YAML; with `expand`, an alias (`*name`) is replaced by a copy of its anchored value
/// (within the bound on values), as configuration files use them.
fn parse_yaml(text: &str, base: usize, expand: bool) -> Result<Vec<Field>, FrontMatterError> {
    let offsets = CharOffsets::new(text, base);
    let mut anchored: std::collections::HashMap<usize, Node> = std::collections::HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            error_at(
                offsets.byte(e.marker().index()),
                Message::new("frontmatter-invalid-yaml").with("reason", e.info()),
            )
        })?;
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index());
        let complete = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(error_at(start, Message::new("frontmatter-documents")));
                }
                None
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error_at(start, Message::new("frontmatter-too-deep").with("depth", MAX_DEPTH)));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::List { start, items: Vec::new(), anchor }
                } else {
                    Frame::Map { start, fields: Vec::new(), key: None, anchor }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::List { start, items, anchor }) => {
                    let end = items.last().map_or(end, |n| n.range.end).max(end);
                    let node = Node { value: Value::List(items), range: TextRange::new(start, end) };
                    if expand && anchor != 0 {
                        anchored.insert(anchor, node.clone());
                    }
                    Some(node)
                }
                Some(Frame::Map { start, fields, anchor, .. }) => {
                    let end = fields.last().map_or(end, |f| f.value.range.end).max(end);
                    let node = Node { value: Value::Map(fields), range: TextRange::new(start, end) };
                    if expand && anchor != 0 {
                        anchored.insert(anchor, node.clone());
                    }
                    Some(node)
                }
                None => None,
            },
            Event::Scalar(value, style, anchor, tag) => {
                let value = if tag.is_some() || style != ScalarStyle::Plain {
                    Value::String(value.into_owned())
                } else {
                    resolve_plain_scalar(value)
                };
                let node = Node { value, range: TextRange::new(start, end) };
                if expand && anchor != 0 {
                    anchored.insert(anchor, node.clone());
                }
                Some(node)
            }
            Event::Alias(anchor) => match anchored.get(&anchor) {
                Some(node) if expand => {
                    // Each copy counts: aliases of aliases cannot grow past the bound.
                    nodes += size(node).saturating_sub(1);
                    if nodes > MAX_NODES {
                        return Err(error_at(
                            start,
                            Message::new("frontmatter-document-too-large").with("count", MAX_NODES),
                        ));
                    }
                    Some(node.clone())
                }
                _ => Some(Node { value: Value::Alias, range: TextRange::new(start, end) }),
            },
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
        };
        let Some(node) = complete else { continue };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(error_at(
                node.range.start,
                Message::new("frontmatter-too-many-values").with("count", MAX_NODES),
            ));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::List { items, .. }) => items.push(node),
            Some(Frame::Map { fields, key, .. }) => match key.take() {
                None => {
                    let name = match node.value {
                        Value::String(s) | Value::Datetime(s) => s,
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Integer(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        _ => {
                            return Err(error_at(node.range.start, Message::new("frontmatter-key-not-text")));
                        }
                    };
                    *key = Some((name, node.range));
                }
                Some((name, key_range)) => {
                    if fields.iter().any(|f| f.key == name) {
                        return Err(error_at(
                            key_range.start,
                            Message::new("frontmatter-duplicate-key").with("key", name),
                        ));
                    }
                    fields.push(Field { key: name, key_range, value: node });
                }
            },
        }
    }
    match root {
        None | Some(Node { value: Value::Null, .. }) => Ok(Vec::new()),
        Some(Node { value: Value::Map(fields), .. }) => Ok(fields),
        Some(node) => Err(error_at(
            node.range.start,
            Message::new("frontmatter-not-mapping").with("type", node.value.type_name()),
        )),
    }
}

/// Resolves a plain YAML scalar with the YAML 1.2 core schema.
fn resolve_plain_scalar(text: Cow<'_, str>) -> Value {
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let s = text.as_ref();
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = s.parse::<i64>()
    {
        return Value::Integer(i);
    }
    if let Some(hex) = s.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::Integer(i);
    }
    if let Some(oct) = s.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Value::Integer(i);
    }
    if looks_like_yaml_float(s)
        && let Ok(f) = s.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::String(text.into_owned())
}

fn looks_like_yaml_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = {
        let mut parts = mantissa.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        int.bytes().all(|b| b.is_ascii_digit())
            && frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()))
            && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()))
            && (frac.is_some() || exponent.is_some())
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

fn parse_toml(text: &str, base: usize) -> Result<Vec<Field>, FrontMatterError> {
    let table = toml::de::DeTable::parse(text).map_err(|e| {
        let offset = base + e.span().map_or(0, |s| s.start);
        error_at(offset, Message::new("frontmatter-invalid-toml").with("reason", e.message().trim_end_matches('\n')))
    })?;
    toml_fields(table.get_ref(), base, 0)
}

fn toml_fields(table: &toml::de::DeTable<'_>, base: usize, depth: usize) -> Result<Vec<Field>, FrontMatterError> {
    table
        .iter()
        .map(|(key, value)| {
            let key_span = key.span();
            Ok(Field {
                key: key.get_ref().to_string(),
                key_range: TextRange::new(base + key_span.start, base + key_span.end),
                value: toml_node(value, base, depth + 1)?,
            })
        })
        .collect()
}

fn toml_node(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    base: usize,
    depth: usize,
) -> Result<Node, FrontMatterError> {
    use toml::de::DeValue;
    let span = value.span();
    let range = TextRange::new(base + span.start, base + span.end);
    if depth > MAX_DEPTH {
        return Err(error_at(range.start, Message::new("frontmatter-too-deep").with("depth", MAX_DEPTH)));
    }
    let value = match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
            match i64::from_str_radix(digits, i.radix()) {
                Ok(n) => Value::Integer(n),
                Err(_) => {
                    return Err(error_at(
                        range.start,
                        Message::new("frontmatter-integer-range").with("value", i.as_str()),
                    ));
                }
            }
        }
        DeValue::Float(f) => Value::Float(f.as_str().replace('_', "").parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Datetime(d.to_string()),
        DeValue::Array(items) => {
            Value::List(items.iter().map(|item| toml_node(item, base, depth + 1)).collect::<Result<_, _>>()?)
        }
        DeValue::Table(table) => Value::Map(toml_fields(table, base, depth)?),
    };
    Ok(Node { value, range })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(source: &str) -> Vec<Field> {
        let parsed = parse_front_matter(source);
        assert_eq!(parsed.error, None, "{source}");
        parsed.front_matter.expect("front matter").fields
    }

    #[test]
    fn yaml_values_are_typed_and_located() {
        let source = "---\ntitle: Été\ndraft: false\ncount: 3\ntags: [a, b]\ndate: 2023-02-01\n---\nbody";
        let fields = fields(source);
        assert_eq!(fields[0].value.value, Value::String("Été".into()));
        assert_eq!(&source[fields[0].value.range.start..fields[0].value.range.end], "Été");
        assert_eq!(fields[1].value.value, Value::Bool(false));
        assert_eq!(fields[2].value.value, Value::Integer(3));
        assert!(matches!(&fields[3].value.value, Value::List(items) if items.len() == 2));
        assert_eq!(fields[4].value.value, Value::String("2023-02-01".into()));
        let date = &fields[4].value.range;
        assert_eq!(&source[date.start..date.end], "2023-02-01");
    }

    #[test]
    fn values_after_non_ascii_text_keep_byte_offsets() {
        let source = "---\ntitle: « Été »\nauthor: Zoé\n---\n";
        let fields = fields(source);
        let r = fields[1].value.range;
        assert_eq!(&source[r.start..r.end], "Zoé");
    }

    #[test]
    fn toml_values_are_typed_and_located() {
        let source = "+++\ntitle = \"Bonjour\"\ndate = 2023-02-01\nweight = 0x10\n+++\n";
        let fields = fields(source);
        assert_eq!(fields[0].key, "title");
        assert_eq!(fields[1].value.value, Value::Datetime("2023-02-01".into()));
        assert_eq!(fields[2].value.value, Value::Integer(16));
        let r = fields[0].value.range;
        assert_eq!(&source[r.start..r.end], "\"Bonjour\"");
    }

    #[test]
    fn yaml_error_points_inside_the_block() {
        let source = "---\ntitle: ok\ntags: [a, b\n---\nbody\n";
        let parsed = parse_front_matter(source);
        let error = parsed.error.expect("an error");
        assert!(error.offset >= 4 && error.offset <= source.find("\n---\nbody").unwrap() + 1, "{error:?}");
        assert_eq!(&source[parsed.body_start..], "body\n");
    }

    #[test]
    fn unclosed_block_is_reported_and_body_kept() {
        let parsed = parse_front_matter("---\ntitle: x\n\n# Heading\n");
        assert!(parsed.error.unwrap().message.to_string().contains("never closed"));
        assert_eq!(parsed.body_start, 0);
    }

    #[test]
    fn aliases_are_not_expanded() {
        let source = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n";
        let fields = fields(source);
        assert_eq!(fields.len(), 4);
        assert!(matches!(&fields[3].value.value, Value::List(items) if items.iter().all(|n| n.value == Value::Alias)));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let source = format!("---\nkey: {}{}\n---\n", "[".repeat(200), "]".repeat(200));
        let parsed = parse_front_matter(&source);
        assert!(parsed.error.unwrap().message.to_string().contains("deeper"));
    }

    #[test]
    fn scalar_front_matter_is_an_error_and_empty_is_not() {
        assert!(parse_front_matter("---\njust text\n---\n").error.is_some());
        let empty = parse_front_matter("---\n---\nbody");
        assert!(empty.error.is_none());
        assert!(empty.front_matter.unwrap().fields.is_empty());
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        assert_eq!(resolve_plain_scalar("1.5".into()), Value::Float(1.5));
        assert_eq!(resolve_plain_scalar("1e3".into()), Value::Float(1000.0));
        assert_eq!(resolve_plain_scalar("1.2.3".into()), Value::String("1.2.3".into()));
        assert_eq!(resolve_plain_scalar("~".into()), Value::Null);
        assert_eq!(resolve_plain_scalar("-42".into()), Value::Integer(-42));
        assert_eq!(resolve_plain_scalar("yes".into()), Value::String("yes".into()));
    }
}
