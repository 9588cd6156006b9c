//! The `language` family: declared against detected language, per article and per paragraph.

// Rule modules, one per file that declares a rule: kept by the registry test, do not edit.
pub mod language_mismatch;
pub mod language_undeclared;
pub mod mixed_language;
// End of rule modules.
