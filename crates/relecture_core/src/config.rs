//! `relecture.toml`: the general keys, and the sections families declare next to their code
//! ([`Section`]), read once when the configuration is loaded, with errors that name the file,
//! line and key.

use std::any::{Any, TypeId};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Error;
use crate::rule::Severity;

/// The default article size limit: larger files get `unreadable-article`.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// The keys of [`Config`] itself, in the order unknown-key errors list them before the sections.
const GENERAL_KEYS: [&str; 10] =
    ["include", "exclude", "rules", "packs", "select", "ignore", "fail_on", "severity", "max_file_size", "lang"];

/// The project configuration: the general keys, and the sections of the families (see
/// [`Section`], read with [`Config::section`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Globs of the articles to lint.
    pub include: Vec<String>,
    /// Globs of files to leave out.
    pub exclude: Vec<String>,
    /// Rule files or folders; `None` means `lint-rules/` when it exists.
    pub rules: Option<Vec<String>>,
    /// Packs shipped inside the binary to enable, by name (`fr-typographie`).
    pub packs: Vec<String>,
    /// Rules, families or packs to run; `None` means all.
    pub select: Option<Vec<String>>,
    /// Rules, families or packs not to run.
    pub ignore: Vec<String>,
    /// Lowest severity that fails the run.
    pub fail_on: Severity,
    /// Per-rule severity.
    pub severity: BTreeMap<String, SeveritySetting>,
    /// Files larger than this many bytes are not read.
    pub max_file_size: u64,
    /// The language of relecture's own messages (`en` or `fr`); `None` means the site's
    /// default language when relecture speaks it, else English.
    pub lang: Option<crate::message::Locale>,
    /// The sections, typed, in the order they were declared to the loader.
    #[serde(skip)]
    sections: Sections,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            include: vec!["**/*.md".into(), "**/*.markdown".into()],
            exclude: Vec::new(),
            rules: None,
            packs: Vec::new(),
            select: None,
            ignore: Vec::new(),
            fail_on: Severity::Warning,
            severity: BTreeMap::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            lang: None,
            sections: Sections::default(),
        }
    }
}

/// A section of `relecture.toml`, `[NAME]`, declared by the family that reads it, next to its
/// code: its keys and their types (`Deserialize`, with `#[serde(deny_unknown_fields, default)]`
/// so that a misspelt key is refused), their defaults (`Default`), and what the types alone do
/// not say ([`Section::validate`]). Declared to the loader with [`SectionKind::of`], it is read
/// and validated once, when the configuration is loaded, so that a bad value stops the run with
/// the file and line at fault before any article is checked; checks read it with
/// [`Config::section`].
///
/// Several sections may read one table (the article model reads `[language]`'s declaration keys,
/// the language family its own): those derive `Deserialize` without `deny_unknown_fields`, and
/// the loader refuses a key that none of them reads, with the same message.
pub trait Section: DeserializeOwned + Default + Clone + fmt::Debug + Send + Sync + 'static {
    /// The table's name: `links` for `[links]`.
    const NAME: &'static str;

    /// Checks what the types alone do not (globs, regexes, ranges, codes); `lines` gives the
    /// line of a key or value of the section.
    fn validate(&self, _lines: &SectionLines<'_>) -> Result<(), Invalid> {
        Ok(())
    }

    /// Bounds the section of a repository's file by `bounds`, the user's (or the default): a
    /// repository may narrow what the user allows, never widen it. The default keeps it as it is.
    fn narrow_to(&mut self, _bounds: &Self) {}
}

/// Why a section's value is refused: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// 1-based line of the value at fault, from [`SectionLines::line`].
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The lines of a section's keys and values in the file being loaded.
pub struct SectionLines<'a> {
    spans: &'a Spans<'a>,
    section: &'static str,
}

impl fmt::Debug for SectionLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SectionLines([{}])", self.section)
    }
}

impl SectionLines<'_> {
    /// The 1-based line of the value at `keys` inside the section: of its array element equal
    /// to `value`, or of its table key `value`, when given; of the last key found otherwise.
    pub fn line(&self, keys: &[&str], value: Option<&str>) -> usize {
        let mut path = Vec::with_capacity(keys.len() + 1);
        path.push(self.section);
        path.extend_from_slice(keys);
        self.spans.line(&path, value)
    }
}

/// A value of some section type, as the configuration keeps it.
trait SectionValue: Any + fmt::Debug + Send + Sync {}

impl<T: Any + fmt::Debug + Send + Sync> SectionValue for T {}

/// Reads a section's table into its type.
type ParseSection = fn(Spanned<DeValue<'_>>) -> Result<Arc<dyn SectionValue>, toml::de::Error>;

/// A [`Section`] as the loader handles it, whatever its type.
#[derive(Clone, Copy)]
pub struct SectionKind {
    name: &'static str,
    type_id: fn() -> TypeId,
    default: fn() -> Arc<dyn SectionValue>,
    parse: ParseSection,
    fields: fn() -> &'static [&'static str],
    validate: fn(&dyn Any, &SectionLines<'_>) -> Result<(), Invalid>,
    narrow: fn(&mut Arc<dyn SectionValue>, &dyn Any),
}

impl SectionKind {
    /// The section `T`, to give the loader.
    pub fn of<T: Section>() -> Self {
        Self {
            name: T::NAME,
            type_id: TypeId::of::<T>,
            default: || Arc::new(T::default()),
            parse: |value| T::deserialize(toml::de::ValueDeserializer::from(value)).map(|t| Arc::new(t) as _),
            fields: struct_fields::<T>,
            validate: |value, lines| match (value as &dyn Any).downcast_ref::<T>() {
                Some(section) => section.validate(lines),
                None => Ok(()),
            },
            narrow: |value, bounds| {
                if let (Some(section), Some(bounds)) = (downcast::<T>(value), bounds.downcast_ref::<T>()) {
                    let mut section = Arc::unwrap_or_clone(section);
                    section.narrow_to(bounds);
                    *value = Arc::new(section);
                }
            },
        }
    }

    /// The table's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The keys the table reads, as serde names them.
    pub fn keys(&self) -> &'static [&'static str] {
        (self.fields)()
    }
}

/// The general keys of `relecture.toml` (outside any table), as serde names them.
pub fn general_keys() -> &'static [&'static str] {
    struct_fields::<Config>()
}

impl fmt::Debug for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.name)
    }
}

/// The keys a struct deriving `Deserialize` reads: those serde names to the deserializer when it
/// asks for a struct (none for a type that asks for something else).
fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    #[derive(Debug)]
    struct Asked;
    impl fmt::Display for Asked {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("only the field names were asked for")
        }
    }
    impl std::error::Error for Asked {}
    impl serde::de::Error for Asked {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Self
        }
    }
    struct Probe(&'static [&'static str]);
    impl<'de> Deserializer<'de> for &mut Probe {
        type Error = Asked;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
            Err(Asked)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Asked> {
            self.0 = fields;
            Err(Asked)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut probe = Probe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

/// serde's words for a list of expected names: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.as_slice() {
        [] => "nothing".into(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// "unknown field `X`", with the key `X` is most likely a typo of, else the keys expected.
fn unknown_field(name: &str, expected: &[&str]) -> String {
    match crate::text::closest(name, expected.iter().copied()) {
        Some(key) => format!("unknown field `{name}`; did you mean `{key}`?"),
        None => format!("unknown field `{name}`, expected {}", one_of(expected)),
    }
}

/// The first key of `table` that none of `kinds` reads, as an error at the key.
fn unread_key(table: &DeValue<'_>, kinds: &[&SectionKind]) -> Option<Misread> {
    let DeValue::Table(table) = table else { return None };
    let read: Vec<&str> = kinds.iter().flat_map(|kind| (kind.fields)().iter().copied()).collect();
    let (key, _) = table.iter().find(|(key, _)| !read.contains(&key.get_ref().as_ref()))?;
    let name: &str = key.get_ref();
    Some(Misread { offset: Some(key.span().start), message: unknown_field(name, &read) })
}

/// The section of type `T` in `value`, when it is one.
fn downcast<T: Section>(value: &Arc<dyn SectionValue>) -> Option<Arc<T>> {
    let any: Arc<dyn Any + Send + Sync> = value.clone();
    any.downcast::<T>().ok()
}

/// The sections of a configuration, one value per type.
#[derive(Clone, Default)]
struct Sections(Vec<(TypeId, Arc<dyn SectionValue>)>);

impl fmt::Debug for Sections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(_, value)| value)).finish()
    }
}

impl Sections {
    fn get(&self, id: TypeId) -> Option<&Arc<dyn SectionValue>> {
        self.0.iter().find(|(kind, _)| *kind == id).map(|(_, value)| value)
    }

    fn set(&mut self, id: TypeId, value: Arc<dyn SectionValue>) {
        match self.0.iter_mut().find(|(kind, _)| *kind == id) {
            Some((_, kept)) => *kept = value,
            None => self.0.push((id, value)),
        }
    }
}

/// Why a table could not be read into a [`Config`]: the offset in the text of the key or value
/// at fault, when known, and the message.
#[derive(Debug)]
pub(crate) struct Misread {
    pub(crate) offset: Option<usize>,
    pub(crate) message: String,
}

impl From<toml::de::Error> for Misread {
    fn from(error: toml::de::Error) -> Self {
        let message = error.message().trim_end();
        // A section's unknown key, as serde says it: with the key it is most likely a typo of.
        let unknown = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once("`, expected ")).map(
            |(name, expected)| {
                let expected: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
                unknown_field(name, &expected)
            },
        );
        Self { offset: error.span().map(|span| span.start), message: unknown.unwrap_or_else(|| message.to_string()) }
    }
}

impl Misread {
    /// Keeps in `first` whichever of it and `error` comes first in the text.
    fn keep_first(first: &mut Option<Self>, error: Self) {
        if first.as_ref().is_none_or(|kept| error.offset.unwrap_or(0) < kept.offset.unwrap_or(0)) {
            *first = Some(error);
        }
    }

    /// The error of the file `path` holding `text`, at its line.
    pub(crate) fn at_line_in(self, text: &str, path: &str) -> Error {
        let line = self.offset.map_or(1, |offset| line_at(text, offset));
        Error::Config { path: path.to_string(), line, message: self.message }
    }
}

/// The 1-based line of byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// A per-rule severity, or `off`.
///
/// Exhaustive on purpose, like [`Severity`]: every level and `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeveritySetting {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not run the rule.
    Off,
}

impl SeveritySetting {
    /// The severity, `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Off => None,
        }
    }
}

/// A string-to-string table that keeps the order it was written in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderedMap(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for OrderedMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = OrderedMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor)
    }
}

impl Config {
    /// A configuration with every section of `sections` at its default.
    pub fn with_sections(sections: &[SectionKind]) -> Self {
        let mut config = Self::default();
        for kind in sections {
            config.sections.set((kind.type_id)(), (kind.default)());
        }
        config
    }

    /// Parses `text`, read from `path` (used in error messages only), whose sections are those
    /// of `sections`: any other table is an unknown key.
    pub fn from_toml(text: &str, path: &str, sections: &[SectionKind]) -> Result<Self, Error> {
        let document = DeTable::parse(text).map_err(|e| Misread::from(e).at_line_in(text, path))?;
        let config = Self::from_table(document, sections).map_err(|e| e.at_line_in(text, path))?;
        config.validate(path, text, sections)?;
        Ok(config)
    }

    /// The section `T`: as loaded, or its default when the loader was not given it.
    pub fn section<T: Section>(&self) -> Arc<T> {
        self.sections.get(TypeId::of::<T>()).and_then(downcast::<T>).unwrap_or_default()
    }

    /// Sets the section `T` (for the settings a caller adds, such as those of the command line).
    pub fn set_section<T: Section>(&mut self, section: T) {
        self.sections.set(TypeId::of::<T>(), Arc::new(section));
    }

    /// Changes the section `T` in place (see [`Config::set_section`]).
    pub fn update_section<T: Section>(&mut self, change: impl FnOnce(&mut T)) {
        let mut section = Arc::unwrap_or_clone(self.section::<T>());
        change(&mut section);
        self.set_section(section);
    }

    /// Reads `document` (whose spans are offsets in the file's text), the tables of `sections`
    /// each into its type. Of several errors, the first in the text is returned, as a reader
    /// going through the file would meet it.
    pub(crate) fn from_table(document: Spanned<DeTable<'_>>, sections: &[SectionKind]) -> Result<Self, Misread> {
        let span = document.span();
        let mut general = document.into_inner();
        let mut first: Option<Misread> = None;
        if let Some((key, _)) = general.iter().find(|(key, _)| {
            let name: &str = key.get_ref();
            !GENERAL_KEYS.contains(&name) && !sections.iter().any(|kind| kind.name == name)
        }) {
            let mut expected: Vec<&str> = GENERAL_KEYS.to_vec();
            for kind in sections {
                if !expected.contains(&kind.name) {
                    expected.push(kind.name);
                }
            }
            let name: &str = key.get_ref();
            Misread::keep_first(
                &mut first,
                Misread { offset: Some(key.span().start), message: unknown_field(name, &expected) },
            );
        }
        let mut values = Sections::default();
        for (index, kind) in sections.iter().enumerate() {
            let sharing: Vec<&SectionKind> = sections.iter().filter(|other| other.name == kind.name).collect();
            if sharing.len() > 1 && sections[..index].iter().all(|other| other.name != kind.name) {
                // A key none of the sections sharing the table reads, checked once for all of them.
                if let Some(table) = general.get(kind.name).and_then(|value| unread_key(value.get_ref(), &sharing)) {
                    Misread::keep_first(&mut first, table);
                }
            }
            let last = sections[index + 1..].iter().all(|other| other.name != kind.name);
            let taken = if last { general.remove(kind.name) } else { general.get(kind.name).cloned() };
            let value = match taken {
                Some(value) => match (kind.parse)(value) {
                    Ok(value) => value,
                    Err(error) => {
                        Misread::keep_first(&mut first, error.into());
                        continue;
                    }
                },
                None => (kind.default)(),
            };
            values.set((kind.type_id)(), value);
        }
        let read = Self::deserialize(toml::de::Deserializer::from(Spanned::new(span, general)));
        if let Err(error) = &read {
            Misread::keep_first(&mut first, Misread::from(error.clone()));
        }
        match (read, first) {
            (Ok(config), None) => Ok(Self { sections: values, ..config }),
            (_, Some(error)) => Err(error),
            (Err(error), None) => Err(error.into()),
        }
    }

    /// Bounds each section of `sections` by the same section of `bounds` ([`Section::narrow_to`]).
    pub(crate) fn narrow_to(&mut self, bounds: &Self, sections: &[SectionKind]) {
        for kind in sections {
            let id = (kind.type_id)();
            if let (Some(value), Some(bound)) = (self.sections.get(id), bounds.sections.get(id)) {
                let mut value = value.clone();
                (kind.narrow)(&mut value, bound.as_ref() as &dyn Any);
                self.sections.set(id, value);
            }
        }
    }

    /// Checks what the types alone do not: the general globs, then each section's own checks.
    pub(crate) fn validate(&self, path: &str, text: &str, sections: &[SectionKind]) -> Result<(), Error> {
        let spans = Spans::parse(text);
        // The line of the value at `keys` (its array element or table key equal to `value` when
        // given), from the parser's spans: never a search of the text, which a comment or an
        // earlier value could match.
        let line_of = |keys: &[&str], value: Option<&str>| spans.line(keys, value);
        let globs = self
            .include
            .iter()
            .map(|p| (&["include"][..], p))
            .chain(self.exclude.iter().map(|p| (&["exclude"][..], p)));
        for (keys, pattern) in globs {
            Glob::new(pattern).map_err(|e| Error::Config {
                path: path.to_string(),
                line: line_of(keys, Some(pattern)),
                message: format!("invalid glob `{pattern}`: {}", e.kind()),
            })?;
        }
        for kind in sections {
            if let Some(value) = self.sections.get((kind.type_id)()) {
                let lines = SectionLines { spans: &spans, section: kind.name };
                (kind.validate)(value.as_ref() as &dyn Any, &lines)
                    .map_err(|Invalid { line, message }| Error::Config { path: path.to_string(), line, message })?;
            }
        }
        Ok(())
    }

    /// The include and exclude globs compiled into one matcher.
    pub fn file_filter(&self) -> FileFilter {
        FileFilter::from_globs(&self.include, &self.exclude)
    }
}

/// The 1-based line of the value at `keys` in the TOML `text`: of its array element equal to
/// `value`, or of its table key `value`, when given; `None` when `text` does not hold `keys`.
pub fn value_line(text: &str, keys: &[&str], value: Option<&str>) -> Option<usize> {
    let spans = Spans::parse(text);
    let mut table = spans.document.as_ref()?;
    for key in &keys[..keys.len().saturating_sub(1)] {
        match table.get(*key)?.get_ref() {
            toml::de::DeValue::Table(inner) => table = inner,
            _ => return None,
        }
    }
    table.get(*keys.last()?)?;
    Some(spans.line(keys, value))
}

/// Where the values of a configuration file are, from the TOML parser's spans.
struct Spans<'i> {
    text: &'i str,
    document: Option<toml::de::DeTable<'i>>,
}

impl<'i> Spans<'i> {
    fn parse(text: &'i str) -> Self {
        Self { text, document: toml::de::DeTable::parse(text).ok().map(toml::Spanned::into_inner) }
    }

    /// The 1-based line of the value at `keys`: of its array element equal to `value`, or of its
    /// table key `value`, when given; the line of the last key found otherwise, and 1 at worst.
    fn line(&self, keys: &[&str], value: Option<&str>) -> usize {
        use toml::de::DeValue;
        let Some(mut table) = self.document.as_ref() else { return 1 };
        let mut offset = 0;
        for (depth, key) in keys.iter().enumerate() {
            let Some((name, found)) = table.get_key_value(*key) else { break };
            offset = name.span().start;
            match found.get_ref() {
                DeValue::Table(inner) if depth + 1 < keys.len() => table = inner,
                DeValue::Table(inner) if depth + 1 == keys.len() => {
                    if let Some((name, _)) = value.and_then(|v| inner.get_key_value(v)) {
                        offset = name.span().start;
                    }
                }
                DeValue::Array(items) => {
                    let item = items.iter().find(|item| value.is_some_and(|v| item.get_ref().as_str() == Some(v)));
                    offset = item.map_or(found.span().start, |item| item.span().start);
                }
                _ => offset = found.span().start,
            }
        }
        line_at(self.text, offset)
    }
}

fn build_set(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        // Patterns were validated when the configuration was read.
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Globs as a message lists them: `a`, `b`.
fn quoted(globs: &[String]) -> String {
    globs.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(", ")
}

/// Decides which repository paths are articles.
#[derive(Debug, Clone)]
pub struct FileFilter {
    include: GlobSet,
    exclude: GlobSet,
    /// The globs as written, for messages.
    include_globs: Vec<String>,
    exclude_globs: Vec<String>,
}

impl FileFilter {
    /// A filter from include and exclude globs (invalid globs match nothing).
    pub fn from_globs(include: &[String], exclude: &[String]) -> Self {
        Self {
            include: build_set(include),
            exclude: build_set(exclude),
            // The valid ones, as the sets hold them: an index of a match is an index here.
            include_globs: include.iter().filter(|g| Glob::new(g).is_ok()).cloned().collect(),
            exclude_globs: exclude.iter().filter(|g| Glob::new(g).is_ok()).cloned().collect(),
        }
    }

    /// Whether the repository-relative `path` (with `/` separators) is an article to lint.
    pub fn matches(&self, path: &str) -> bool {
        self.include.is_match(path) && !self.exclude.is_match(path)
    }

    /// Why the file at `path` is not an article to lint, naming the configuration's entry: the
    /// `exclude` glob that matches it, or the `include` globs it matches none of. `None` when it
    /// is one.
    pub fn why_not(&self, path: &str) -> Option<String> {
        if !self.include.is_match(path) {
            return Some(format!("it matches no `include` glob ({})", quoted(&self.include_globs)));
        }
        let excluded = self.exclude.matches(path);
        excluded.first().map(|&index| format!("`exclude` entry `{}` leaves it out", self.exclude_globs[index]))
    }

    /// The `include` and `exclude` globs, for a message about what they select.
    pub fn describe(&self) -> String {
        if self.exclude_globs.is_empty() {
            format!("`include` = {}", quoted(&self.include_globs))
        } else {
            format!("`include` = {}, `exclude` = {}", quoted(&self.include_globs), quoted(&self.exclude_globs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A family's section, declared as a family declares it.
    #[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
    #[serde(deny_unknown_fields, default)]
    struct Sample {
        limit: u64,
        name: String,
    }

    impl Default for Sample {
        fn default() -> Self {
            Self { limit: 10, name: "x".into() }
        }
    }

    impl Section for Sample {
        const NAME: &'static str = "sample";

        fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
            if self.name.is_empty() {
                return Err(Invalid { line: lines.line(&["name"], None), message: "`name` is empty".into() });
            }
            Ok(())
        }

        fn narrow_to(&mut self, most: &Self) {
            self.limit = self.limit.min(most.limit);
        }
    }

    fn load(text: &str) -> Result<Config, Error> {
        Config::from_toml(text, "r.toml", &[SectionKind::of::<Sample>()])
    }

    #[test]
    fn a_family_reads_its_section_typed_or_its_defaults() {
        assert_eq!(*load("[sample]\nlimit = 3\n").unwrap().section::<Sample>(), Sample { limit: 3, name: "x".into() });
        assert_eq!(*load("").unwrap().section::<Sample>(), Sample::default());
        assert_eq!(*Config::default().section::<Sample>(), Sample::default());
        let mut config = Config::default();
        config.update_section(|sample: &mut Sample| sample.limit = 1);
        assert_eq!(config.section::<Sample>().limit, 1);
    }

    #[test]
    fn a_table_no_section_declares_is_an_unknown_key_at_its_line() {
        assert_eq!(
            load("include = []\n[other]\n").unwrap_err().to_string(),
            "r.toml:2: unknown field `other`, expected one of `include`, `exclude`, `rules`, `packs`, `select`, `ignore`, \
             `fail_on`, `severity`, `max_file_size`, `lang`, `sample`"
        );
    }

    #[test]
    fn errors_of_a_section_name_the_line_and_the_first_in_the_file_is_reported() {
        let error = |text: &str| load(text).unwrap_err().to_string();
        assert_eq!(error("[sample]\n\nlimit = \"many\"\n"), "r.toml:3: invalid type: string \"many\", expected u64");
        assert_eq!(error("[sample]\nlimit = 1\nname = \"\"\n"), "r.toml:3: `name` is empty");
        assert!(error("fail_on = \"loud\"\n[sample]\nlimit = \"many\"\n").starts_with("r.toml:1: unknown variant"));
        assert!(error("[sample]\nlimit = \"many\"\n[other]\n").starts_with("r.toml:2: invalid type"));
        assert!(error("[other]\n[sample]\nlimit = \"many\"\n").starts_with("r.toml:1: unknown field `other`"));
    }

    #[test]
    fn narrowing_bounds_each_section_by_the_same_section() {
        let kinds = [SectionKind::of::<Sample>()];
        let mut config = load("[sample]\nlimit = 30\n").unwrap();
        config.narrow_to(&Config::with_sections(&kinds), &kinds);
        assert_eq!(config.section::<Sample>().limit, 10);
    }

    /// Two sections of one table, as the article model and a family share `[language]`.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(default)]
    struct Model {
        declared: String,
    }

    impl Section for Model {
        const NAME: &'static str = "shared";
    }

    #[derive(Debug, Clone, Default, Deserialize)]
    #[serde(default)]
    struct Family {
        words: u64,
    }

    impl Section for Family {
        const NAME: &'static str = "shared";
    }

    #[test]
    fn sections_sharing_a_table_each_read_their_keys_and_a_key_neither_reads_is_refused() {
        let kinds = [SectionKind::of::<Model>(), SectionKind::of::<Family>()];
        let config = Config::from_toml("[shared]\ndeclared = \"fr\"\nwords = 3\n", "r.toml", &kinds).unwrap();
        assert_eq!((config.section::<Model>().declared.as_str(), config.section::<Family>().words), ("fr", 3));
        assert_eq!(
            Config::from_toml("[shared]\nwords = 3\nother = 1\n", "r.toml", &kinds).unwrap_err().to_string(),
            "r.toml:3: unknown field `other`, expected `declared` or `words`"
        );
        assert!(Config::from_toml("[other]\n", "r.toml", &kinds).unwrap_err().to_string().ends_with("`shared`"));
    }
}
