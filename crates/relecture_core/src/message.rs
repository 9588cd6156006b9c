//! What relecture says to the reader, in English or in French.
//!
//! A built-in check says a [`Message`] made of an id of the catalogue and its arguments; a
//! report renders it in the reader's [`Locale`]. The catalogues are Fluent files
//! (`messages/en.ftl`, `messages/fr.ftl`), built into the binary: Fluent chooses plural forms
//! by the language's own rules (French says « 0 article », English "0 articles"). A message a
//! rule pack or a plugin writes is a [`Message::text`], said as written in every locale.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language relecture speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English, the default.
    #[default]
    En,
    /// French.
    Fr,
}

impl Locale {
    /// Every locale, English first.
    pub const ALL: [Self; 2] = [Self::En, Self::Fr];

    /// The ISO 639-1 code: `en`, `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// The locale of a language tag (`fr`, `fr-CA`, `FR_be`), when relecture speaks it.
    pub fn from_language(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Self::ALL.into_iter().find(|locale| primary.eq_ignore_ascii_case(locale.code()))
    }

    /// The catalogue's Fluent source.
    pub fn catalogue(self) -> &'static str {
        match self {
            Self::En => include_str!("../messages/en.ftl"),
            Self::Fr => include_str!("../messages/fr.ftl"),
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: OnceLock<Vec<FluentBundle<FluentResource>>> = OnceLock::new();
        let bundles = BUNDLES.get_or_init(|| {
            Self::ALL
                .iter()
                .map(|locale| {
                    let language = locale.code().parse().unwrap_or_default();
                    let mut bundle = FluentBundle::new_concurrent(vec![language]);
                    // Reports are plain text: no bidirectional isolation marks around arguments.
                    bundle.set_use_isolating(false);
                    // A catalogue with a syntax error keeps the messages it could read; the
                    // catalogue tests fail on any error.
                    let resource = FluentResource::try_new(locale.catalogue().to_string()).unwrap_or_else(|(r, _)| r);
                    let _ = bundle.add_resource(resource);
                    bundle
                })
                .collect()
        });
        &bundles[self as usize]
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One sentence (or part of one) for the reader.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Message {
    /// Said as written, whatever the locale (a rule pack's message, a parser's error).
    Text(String),
    /// An entry of the catalogue with its arguments.
    Catalogued {
        /// The id of the entry (`broken-link-missing`).
        id: Cow<'static, str>,
        /// The arguments by name, in the order given.
        args: Vec<(Cow<'static, str>, Arg)>,
    },
}

/// An argument of a catalogued message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Arg {
    /// Text quoted from the article or the repository, said as it is.
    Text(String),
    /// A count or a line number: it chooses plural forms.
    Number(i64),
    /// A language code, said as the language's name (`fr`: "French", « français »).
    Language(String),
    /// A number in hundredths, said with two decimals and the locale's separator (`0.93`,
    /// « 0,93 »).
    Hundredths(i64),
    /// Another message, said in the same locale.
    Message(Box<Message>),
}

impl Message {
    /// The catalogue's entry `id`, with no argument yet.
    pub fn new(id: &'static str) -> Self {
        Self::Catalogued { id: Cow::Borrowed(id), args: Vec::new() }
    }

    /// A message said as written in every locale.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    /// Adds the argument `name`.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        if let Self::Catalogued { args, .. } = &mut self {
            args.push((Cow::Borrowed(name), value.into()));
        }
        self
    }

    /// Adds the argument `name`, a language code said as the language's name.
    #[must_use]
    pub fn with_language(self, name: &'static str, code: impl Into<String>) -> Self {
        self.with(name, Arg::Language(code.into()))
    }

    /// The catalogue's id, or `None` for a message said as written.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Text(_) => None,
            Self::Catalogued { id, .. } => Some(id),
        }
    }

    /// Whether the message says nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Text(text) if text.is_empty())
    }

    /// The message in `locale`; an entry the locale lacks is said in English, and an entry no
    /// catalogue has is said as its id and arguments (the catalogue tests forbid both).
    pub fn render(&self, locale: Locale) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Catalogued { id, args } => {
                let mut fluent = FluentArgs::with_capacity(args.len());
                for (name, arg) in args {
                    let value = match arg {
                        Arg::Text(text) => FluentValue::from(text.as_str()),
                        Arg::Number(n) => FluentValue::from(*n),
                        Arg::Language(code) => FluentValue::from(language_name(code, locale)),
                        Arg::Hundredths(n) => {
                            let separator = if locale == Locale::Fr { ',' } else { '.' };
                            let sign = if *n < 0 { "-" } else { "" };
                            let n = n.unsigned_abs();
                            FluentValue::from(format!("{sign}{}{separator}{:02}", n / 100, n % 100))
                        }
                        Arg::Message(message) => FluentValue::from(message.render(locale)),
                    };
                    fluent.set(name.as_ref(), value);
                }
                [locale, Locale::En].into_iter().find_map(|locale| format(locale, id, &fluent)).unwrap_or_else(|| {
                    let args: Vec<String> = args.iter().map(|(name, arg)| format!("{name}={arg:?}")).collect();
                    format!("{id}({})", args.join(", "))
                })
            }
        }
    }
}

impl Message {
    /// What keeps this message from being said in every locale: an id a catalogue lacks, an
    /// argument its entry uses and the message does not give, in this message or those nested
    /// in it. The catalogue tests require none for every message the checks say.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Self::Catalogued { id, args } = self {
            for locale in Locale::ALL {
                let bundle = locale.bundle();
                let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                    problems.push(format!("{locale}: no entry `{id}`"));
                    continue;
                };
                let mut fluent = FluentArgs::new();
                for (name, _) in args {
                    fluent.set(name.as_ref(), "x");
                }
                let mut errors = Vec::new();
                let _ = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
                problems.extend(errors.iter().map(|error| format!("{locale}: `{id}`: {error}")));
            }
            for (_, arg) in args {
                if let Arg::Message(message) = arg {
                    problems.extend(message.problems());
                }
            }
        }
        problems
    }
}

/// The entry `id` of `locale`'s catalogue formatted with `args`, when it is there.
fn format(locale: Locale, id: &str, args: &FluentArgs<'_>) -> Option<String> {
    let bundle = locale.bundle();
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// The name of the language `code` in `locale` (`language-fr` of the catalogue), or the code
/// when the catalogue has no name for it.
pub fn language_name(code: &str, locale: Locale) -> String {
    let id = format!("language-{code}");
    [locale, Locale::En]
        .into_iter()
        .find_map(|locale| format(locale, &id, &FluentArgs::new()))
        .unwrap_or_else(|| code.to_string())
}

/// The message in English, the language of fingerprints and of the library's default.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Locale::En))
    }
}

/// A message equals the text it says in English.
impl PartialEq<str> for Message {
    fn eq(&self, text: &str) -> bool {
        self.render(Locale::En) == text
    }
}

impl PartialEq<&str> for Message {
    fn eq(&self, text: &&str) -> bool {
        self == *text
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(text.clone())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Self::Message(Box::new(message))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(usize, u64, u32, u16, i64, i32);

/// The ids of a catalogue's messages, each with the names of the variables it uses, in order
/// of the file; and the errors of its syntax.
pub fn catalogue_entries(locale: Locale) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    use fluent_bundle::FluentResource;
    let (resource, errors) = match FluentResource::try_new(locale.catalogue().to_string()) {
        Ok(resource) => (resource, Vec::new()),
        Err((resource, errors)) => (resource, errors.iter().map(ToString::to_string).collect()),
    };
    let patterns: std::collections::HashMap<&str, &fluent_syntax::ast::Pattern<&str>> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => message.value.as_ref().map(|p| (message.id.name, p)),
            _ => None,
        })
        .collect();
    let mut entries = Vec::new();
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(message) = entry {
            let mut variables = Vec::new();
            if let Some(pattern) = &message.value {
                pattern_variables(pattern, &patterns, 0, &mut variables);
            }
            variables.sort();
            variables.dedup();
            entries.push((message.id.name.to_string(), variables));
        }
    }
    (entries, errors)
}

/// The variables `pattern` uses, those of the messages it references included (they are said
/// with the same arguments).
fn pattern_variables<'a>(
    pattern: &fluent_syntax::ast::Pattern<&'a str>,
    patterns: &std::collections::HashMap<&'a str, &fluent_syntax::ast::Pattern<&'a str>>,
    depth: usize,
    out: &mut Vec<String>,
) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    type Patterns<'p, 'a> = &'p std::collections::HashMap<&'a str, &'p fluent_syntax::ast::Pattern<&'a str>>;
    fn inline<'a>(
        expression: &InlineExpression<&'a str>,
        patterns: Patterns<'_, 'a>,
        depth: usize,
        out: &mut Vec<String>,
    ) {
        match expression {
            InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
            InlineExpression::Placeable { expression } => expr(expression, patterns, depth, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                for argument in &arguments.positional {
                    inline(argument, patterns, depth, out);
                }
            }
            InlineExpression::MessageReference { id, .. } if depth < 8 => {
                if let Some(pattern) = patterns.get(id.name) {
                    pattern_variables(pattern, patterns, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    fn expr<'a>(expression: &Expression<&'a str>, patterns: Patterns<'_, 'a>, depth: usize, out: &mut Vec<String>) {
        match expression {
            Expression::Inline(expression) => inline(expression, patterns, depth, out),
            Expression::Select { selector, variants } => {
                inline(selector, patterns, depth, out);
                for variant in variants {
                    pattern_variables(&variant.value, patterns, depth, out);
                }
            }
        }
    }
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expr(expression, patterns, depth, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_parse_and_have_the_same_entries_with_the_same_variables() {
        let (english, errors) = catalogue_entries(Locale::En);
        assert!(errors.is_empty(), "en.ftl: {errors:?}");
        let (french, errors) = catalogue_entries(Locale::Fr);
        assert!(errors.is_empty(), "fr.ftl: {errors:?}");
        let ids = |entries: &[(String, Vec<String>)]| {
            let mut ids: Vec<String> = entries.iter().map(|(id, _)| id.clone()).collect();
            ids.sort();
            ids
        };
        let (en_ids, fr_ids) = (ids(&english), ids(&french));
        let missing: Vec<&String> = en_ids.iter().filter(|id| !fr_ids.contains(id)).collect();
        let extra: Vec<&String> = fr_ids.iter().filter(|id| !en_ids.contains(id)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "not in fr.ftl: {missing:?}; only in fr.ftl: {extra:?}");
        let mut sorted = en_ids.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), en_ids.len(), "an id is defined twice");
        for (id, variables) in &english {
            let french_variables = &french.iter().find(|(other, _)| other == id).unwrap().1;
            assert_eq!(variables, french_variables, "`{id}` uses other variables in French");
        }
    }

    #[test]
    fn messages_are_said_in_the_locale_with_its_plural_rules() {
        let one = Message::new("language-undeclared").with("count", 1usize);
        assert!(one.render(Locale::En).starts_with("this article declares no language"), "{}", one.render(Locale::En));
        let three = Message::new("language-undeclared").with("count", 3usize);
        assert!(three.render(Locale::Fr).starts_with("3 articles ne déclarent"), "{}", three.render(Locale::Fr));
        let none = Message::new("cross-duplicate-boilerplate").with("count", 0usize);
        // French: 0 and 1 are singular.
        assert!(none.render(Locale::Fr).contains("0 article "), "{}", none.render(Locale::Fr));
        assert!(none.render(Locale::En).contains("0 articles"), "{}", none.render(Locale::En));
        assert_eq!(language_name("fr", Locale::Fr), "français");
        assert_eq!(language_name("fr", Locale::En), "French");
        assert_eq!(language_name("xx", Locale::Fr), "xx");
        // Decimals take the locale's separator.
        let confidence = Message::new("related-written-in").with("language", Arg::Hundredths(93));
        assert_eq!(confidence.render(Locale::En), "written in 0.93");
        assert_eq!(confidence.render(Locale::Fr), "écrit en 0,93");
    }

    #[test]
    fn nested_messages_and_text_are_said_in_the_same_locale() {
        let inner = Message::new("type-integer");
        let outer = Message::new("frontmatter-wrong-type")
            .with("key", "weight")
            .with("expected", inner)
            .with("found", Message::new("value-boolean").with("value", "true"));
        assert_eq!(outer.render(Locale::En), "`weight` should be an integer, not the boolean true");
        assert_eq!(outer.render(Locale::Fr), "`weight` devrait être un entier, pas le booléen true");
        assert_eq!(Message::text("« cliquez ici »").render(Locale::En), "« cliquez ici »");
        assert!(Message::new("no-such-id").with("n", 3usize).render(Locale::Fr).starts_with("no-such-id("));
    }

    #[test]
    fn a_missing_entry_or_argument_is_a_problem() {
        assert_eq!(Message::new("repeated-word").with("word", "le").problems(), Vec::<String>::new());
        assert_eq!(Message::new("repeated-word").problems().len(), 2, "no `word` in either locale");
        assert_eq!(
            Message::new("frontmatter-empty").with("key", "k").with("expected", Message::new("type-nope")).problems(),
            ["en: no entry `type-nope`", "fr: no entry `type-nope`"]
        );
        assert!(Message::text("anything").problems().is_empty());
    }

    /// Every id the code names literally (`Message::new("…")`) is in the catalogues, and every
    /// entry of the catalogues is named somewhere in the code (as a literal: some ids are
    /// chosen by a `match`).
    #[test]
    fn the_code_and_the_catalogues_name_the_same_messages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut sources = String::new();
        let mut folders = vec![root.join("src"), root.join("crates")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("message.rs") {
                    sources.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let (entries, _) = catalogue_entries(Locale::En);
        let ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
        let named = regex::Regex::new(r#"Message::new\(\s*"([a-z0-9-]+)""#).unwrap();
        assert!(named.captures_iter(&sources).count() > 50, "the scan finds the ids the code names");
        for found in named.captures_iter(&sources) {
            assert!(ids.contains(&&found[1]), "`{}` is not in the catalogues", &found[1]);
        }
        // Entries only other entries use, and language names (chosen by code).
        let referenced = ["passage", "month-name", "type-name"];
        for id in ids {
            if !id.starts_with("language-") && !referenced.contains(&id) {
                assert!(sources.contains(&format!("\"{id}\"")), "`{id}` is in the catalogues but no code says it");
            }
        }
    }

    #[test]
    fn locales_come_from_language_tags() {
        assert_eq!(Locale::from_language("fr-CA"), Some(Locale::Fr));
        assert_eq!(Locale::from_language("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::from_language("de"), None);
    }
}
