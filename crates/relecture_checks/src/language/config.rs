//! The language family's keys of `[language]` (the article model reads the declaration keys of
//! the same table: `allowed`, `default`, `paths`).

use relecture_core::config::Section;
use serde::Deserialize;

/// `[language]` as the language family reads it.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct LanguageFamilyConfig {
    /// Paragraphs, list items and headings shorter than this are not judged by `mixed-language`.
    pub min_words: usize,
}

impl Default for LanguageFamilyConfig {
    fn default() -> Self {
        Self { min_words: 12 }
    }
}

impl Section for LanguageFamilyConfig {
    const NAME: &'static str = "language";
}
