//! Errors of the core crate.

/// What can go wrong before any article is checked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file does not parse or holds an unknown key or value.
    #[error("{path}:{line}: {message}")]
    Config {
        /// The configuration file.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A `--select`, `--ignore` or `[severity]` entry names no rule, family or pack.
    #[error("unknown rule, family or pack `{name}` in {origin}{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownRule {
        /// The name as given.
        name: String,
        /// Where it was given (`--select`, `relecture.toml [severity]`…).
        origin: String,
        /// The closest rule, family or pack name, when one is close.
        suggestion: Option<String>,
    },
}
