//! `[duplicates]`: how long a paragraph must be to count, how alike two must be, and which words
//! may be written twice in a row.

use std::collections::BTreeMap;

use relecture_core::config::{Invalid, Section, SectionLines};
use relecture_core::language::is_language_code;
use serde::Deserialize;

/// `[duplicates]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DuplicatesConfig {
    /// Shorter paragraphs and sentences are never duplicates.
    pub min_words: usize,
    /// Similarity from which two paragraphs are near-duplicates.
    pub near_threshold: f64,
    /// A paragraph found in at least this many articles is boilerplate (a footer, a licence).
    pub boilerplate_articles: usize,
    /// Report each boilerplate paragraph once, as info (`false`: not at all).
    pub report_boilerplate: bool,
    /// Words `repeated-word` leaves alone when written twice in a row, by ISO 639-1 code of the
    /// article's declared language (`*`: every language), added to the built-in lists.
    pub allowed_repeats: BTreeMap<String, Vec<String>>,
}

impl Default for DuplicatesConfig {
    fn default() -> Self {
        Self {
            min_words: 12,
            near_threshold: 0.8,
            boilerplate_articles: 5,
            report_boilerplate: true,
            allowed_repeats: BTreeMap::new(),
        }
    }
}

impl Section for DuplicatesConfig {
    const NAME: &'static str = "duplicates";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
        if !(0.0..=1.0).contains(&self.near_threshold) {
            return Err(Invalid {
                line: lines.line(&["near_threshold"], None),
                message: "`near_threshold` must be between 0 and 1".into(),
            });
        }
        for (language, words) in &self.allowed_repeats {
            if language != "*" && !is_language_code(language) {
                return Err(Invalid {
                    line: lines.line(&["allowed_repeats"], Some(language)),
                    message: format!(
                        "`allowed_repeats` key `{language}` is not an ISO 639-1 language code (such as fr or en) or `*`"
                    ),
                });
            }
            if let Some(word) = words.iter().find(|w| w.is_empty() || w.chars().any(char::is_whitespace)) {
                return Err(Invalid {
                    line: lines.line(&["allowed_repeats", language], Some(word)),
                    message: format!("`allowed_repeats` takes single words, not \"{word}\""),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use relecture_core::Config;

    fn load(text: &str) -> Result<Config, String> {
        Config::from_toml(text, "relecture.toml", &crate::sections()).map_err(|e| e.to_string())
    }

    #[test]
    fn allowed_repeats_are_read_by_language() {
        let config = load("[duplicates]\nallowed_repeats = { fr = [\"très\"], \"*\" = [\"bla\"] }\n").unwrap();
        let duplicates = config.section::<super::DuplicatesConfig>();
        assert_eq!(duplicates.allowed_repeats["fr"], ["très"]);
        assert_eq!(duplicates.allowed_repeats["*"], ["bla"]);
    }

    #[test]
    fn allowed_repeats_refuse_a_bad_language_or_phrase_with_its_line() {
        let error =
            load("[duplicates]\nmin_words = 10\n[duplicates.allowed_repeats]\nfrench = [\"très\"]\n").unwrap_err();
        assert!(error.contains("relecture.toml") && error.contains(":4") && error.contains("`french`"), "{error}");
        let error =
            load("[duplicates]\n\n[duplicates.allowed_repeats]\nen = [\n  \"very\",\n  \"so so\",\n]\n").unwrap_err();
        assert!(error.contains(":6") && error.contains("\"so so\""), "{error}");
    }
}
