//! The built-in checks, one folder per family and one file per rule.
#![deny(missing_docs)]

use std::sync::Arc;

use relecture_core::{Checks, RuleMeta};

pub mod duplicates;
pub mod frontmatter;
pub mod language;
pub mod links;

/// Every built-in check.
pub fn builtin_checks() -> Checks {
    Checks {
        article: vec![
            Arc::new(frontmatter::FrontMatterCheck),
            Arc::new(language::LanguageCheck),
            Arc::new(duplicates::WithinArticleDuplicates),
            Arc::new(links::ArticleLinks),
        ],
        corpus: vec![
            Arc::new(duplicates::CrossArticleDuplicates),
            Arc::new(links::InternalLinks),
            #[cfg(feature = "online")]
            Arc::new(links::dead_link::ExternalLinks::default()),
        ],
    }
}

/// Every rule of the built-in checks, in registry order (a run adds the engine's own rules).
pub fn builtin_rules() -> Vec<RuleMeta> {
    builtin_checks().rules()
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn rule_names_are_unique_and_kebab_case() {
        let rules = builtin_rules();
        let mut names: Vec<&str> = rules.iter().map(|r| r.name.as_ref()).collect();
        for name in &names {
            assert!(
                !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-'),
                "`{name}` is not kebab-case"
            );
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a rule name is registered twice");
    }

    #[test]
    fn every_rule_is_documented_with_the_four_headings() {
        for rule in builtin_rules() {
            let doc = rule.documentation();
            for heading in ["## What it checks", "## Why", "## Example", "## How to fix"] {
                assert!(doc.contains(heading), "`{}` has no `{heading}` section", rule.name);
            }
            assert!(!rule.summary.is_empty(), "`{}` has no summary", rule.name);
        }
    }

    #[test]
    fn every_rule_has_a_fixture() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for rule in builtin_rules() {
            let path = fixtures.join(format!("{}.md", rule.name));
            assert!(path.exists(), "`{}` has no fixture at {}", rule.name, path.display());
        }
    }
}

#[cfg(test)]
mod test_support;
