//! Bounded text building: a pack's variables expanded into its rules at load time, and a
//! message's placeholders filled in when a finding is reported.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::{MAX_EXPANDED_LEN, MAX_INSERTED_CHARS, MAX_VAR_DEPTH};

/// The `{name}` placeholders of `template`, each as the byte range of `{name}` and the name.
/// A `{` followed by another `{` before any `}` is plain text: `{{v}` holds the placeholder `{v}`.
pub(crate) fn placeholders(template: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        loop {
            let open = rest + template.get(rest..)?.find('{')?;
            let after = open + 1;
            let close = after + template[after..].find(['{', '}'])?;
            if template.as_bytes()[close] == b'}' {
                rest = close + 1;
                return Some((open..rest, &template[after..close]));
            }
            rest = close;
        }
    })
}

/// `template` with each placeholder `lookup` knows replaced by what it gives; unknown ones are
/// kept as written. One pass: inserted text is never searched for placeholders again, so that
/// a match holding `{match}` or `{1}` cannot make the message grow.
pub(crate) fn fill<'v>(template: &str, mut lookup: impl FnMut(&str) -> Option<Cow<'v, str>>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut written = 0;
    for (range, name) in placeholders(template) {
        if let Some(value) = lookup(name) {
            out.push_str(&template[written..range.start]);
            out.push_str(&value);
            written = range.end;
        }
    }
    out.push_str(&template[written..]);
    out
}

/// `text` cut to at most [`MAX_INSERTED_CHARS`] characters, with an ellipsis when it was cut:
/// what a finding's message quotes of the article.
pub(crate) fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_INSERTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// Why a pack's variables were refused: the variable at fault and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariableError {
    pub(crate) variable: String,
    pub(crate) message: String,
}

/// A pack's variables, every one expanded, and what is left of the pack's expansion budget.
#[derive(Debug)]
pub(crate) struct Variables {
    values: HashMap<String, String>,
    /// How many levels of variables each value nests.
    levels: HashMap<String, usize>,
    /// Bytes that expanding variables may still produce in this pack.
    budget: usize,
    /// What the budget was at first, for the refusal.
    limit: usize,
}

impl Variables {
    /// Expands every variable of `vars` (name, raw value), in file order. A value may use
    /// variables written before or after it; nesting deeper than [`MAX_VAR_DEPTH`] (a variable
    /// that refers to itself always does) and a value longer than [`MAX_EXPANDED_LEN`] are refused.
    pub(crate) fn resolve<'a>(
        vars: impl IntoIterator<Item = (&'a str, &'a str)>,
        budget: usize,
    ) -> Result<Self, VariableError> {
        let mut raw: HashMap<&str, &str> = HashMap::new();
        let mut order = Vec::new();
        for (name, value) in vars {
            raw.insert(name, value);
            order.push(name);
        }
        let mut variables = Self { values: HashMap::new(), levels: HashMap::new(), budget, limit: budget };
        for name in order {
            variables
                .resolve_one(&raw, name, 0)
                .map_err(|message| VariableError { variable: name.to_string(), message })?;
        }
        Ok(variables)
    }

    /// Expands the variable `name`, `depth` variables down from the one being resolved, and
    /// returns how many levels of variables its value nests (1 when it uses none).
    fn resolve_one(&mut self, raw: &HashMap<&str, &str>, name: &str, depth: usize) -> Result<usize, String> {
        if let Some(&level) = self.levels.get(name) {
            return Ok(level);
        }
        let too_deep =
            || format!("variables nest more than {MAX_VAR_DEPTH} levels deep (or a variable refers to itself)");
        if depth >= MAX_VAR_DEPTH {
            return Err(too_deep());
        }
        let value = raw[name];
        let mut level = 1;
        for (_, used) in placeholders(value) {
            if raw.contains_key(used) {
                level = level.max(1 + self.resolve_one(raw, used, depth + 1)?);
            }
        }
        if level > MAX_VAR_DEPTH {
            return Err(too_deep());
        }
        let expanded = self.expand(value).map_err(|message| format!("variable `{name}` {message}"))?;
        self.values.insert(name.to_string(), expanded);
        self.levels.insert(name.to_string(), level);
        Ok(level)
    }

    /// `text` with every `{variable}` replaced by its value, within [`MAX_EXPANDED_LEN`] and what
    /// is left of the pack's budget.
    pub(crate) fn expand(&mut self, text: &str) -> Result<String, String> {
        // Measured before building: a refused expansion allocates nothing.
        let mut len = text.len();
        let mut used_any = false;
        for (range, name) in placeholders(text) {
            if let Some(value) = self.values.get(name) {
                len = len - range.len() + value.len();
                used_any = true;
                if len > MAX_EXPANDED_LEN {
                    return Err(format!("expands to more than {MAX_EXPANDED_LEN} bytes"));
                }
            }
        }
        if !used_any {
            return Ok(text.to_string());
        }
        if len > self.budget {
            return Err(format!(
                "the variables of this pack expand to more than {} bytes in all (the share of each pack of the run)",
                self.limit
            ));
        }
        self.budget -= len;
        Ok(fill(text, |name| self.values.get(name).map(|v| Cow::Borrowed(v.as_str()))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(vars: &[(&str, &str)]) -> Result<Variables, VariableError> {
        Variables::resolve(vars.iter().copied(), crate::MAX_PACK_EXPANSION)
    }

    #[test]
    fn placeholders_are_names_between_braces() {
        let found: Vec<&str> = placeholders("a {x} {{y} {z {w} {} } {").map(|(_, name)| name).collect();
        assert_eq!(found, ["x", "y", "w", ""]);
    }

    #[test]
    fn variables_expand_in_any_order_and_unknown_braces_stay() {
        let mut vars = resolve(&[("a", "<{b}>"), ("b", "B"), ("c", "{a}{a}")]).unwrap();
        assert_eq!(vars.expand("{c} {match} \\d{2} {{b}}").unwrap(), "<B><B> {match} \\d{2} {B}");
    }

    #[test]
    fn a_doubling_chain_of_variables_is_refused_without_growing() {
        let mut chain: Vec<(String, String)> =
            (0..34).map(|i| (format!("v{i}"), format!("{{v{}}}{{v{}}}", i + 1, i + 1))).collect();
        chain.push(("v34".into(), "x".into()));
        let error = Variables::resolve(chain.iter().map(|(n, v)| (n.as_str(), v.as_str())), crate::MAX_PACK_EXPANSION)
            .unwrap_err();
        assert_eq!(error.variable, "v0");
        assert!(error.message.contains("more than 8 levels deep"), "{}", error.message);
    }

    #[test]
    fn a_shallow_but_long_expansion_is_refused() {
        let wide = "{w}".repeat(1000);
        let error = resolve(&[("w", &"x".repeat(1000)), ("big", &wide)]).unwrap_err();
        assert_eq!(error.variable, "big");
        assert!(error.message.contains("expands to more than"), "{}", error.message);
    }

    #[test]
    fn a_variable_that_refers_to_itself_is_refused() {
        let error = resolve(&[("a", "{b}"), ("b", "{a}")]).unwrap_err();
        assert!(error.message.contains("refers to itself"), "{}", error.message);
    }

    #[test]
    fn the_pack_budget_bounds_many_expansions() {
        let mut vars = resolve(&[("w", &"x".repeat(MAX_EXPANDED_LEN - 10))]).unwrap();
        let refused =
            (0..crate::MAX_PACK_EXPANSION / MAX_EXPANDED_LEN + 2).map(|_| vars.expand("{w}")).find(Result::is_err);
        assert!(refused.is_some_and(|e| e.unwrap_err().contains("in all")));
    }

    #[test]
    fn inserted_text_is_not_expanded_again_and_is_clipped() {
        let long = "m".repeat(10_000);
        let message = fill("« {match} » {1}", |name| match name {
            "match" => Some(clip("{1}{1}")),
            "1" => Some(clip(&long)),
            _ => None,
        });
        assert_eq!(message, format!("« {{1}}{{1}} » {}…", "m".repeat(MAX_INSERTED_CHARS)));
    }
}
