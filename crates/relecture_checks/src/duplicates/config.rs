//! `[duplicates]`: how long a paragraph must be to count, and how alike two must be.

use relecture_core::config::{Invalid, Section, SectionLines};
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
}

impl Default for DuplicatesConfig {
    fn default() -> Self {
        Self { min_words: 12, near_threshold: 0.8, boilerplate_articles: 5, report_boilerplate: true }
    }
}

impl Section for DuplicatesConfig {
    const NAME: &'static str = "duplicates";

    fn validate(&self, lines: &SectionLines<'_>) -> Result<(), Invalid> {
        if (0.0..=1.0).contains(&self.near_threshold) {
            Ok(())
        } else {
            Err(Invalid {
                line: lines.line(&["near_threshold"], None),
                message: "`near_threshold` must be between 0 and 1".into(),
            })
        }
    }
}
