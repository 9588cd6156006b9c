//! The `frontmatter` family: syntax, required fields and typed values.

mod config;

// Rule modules, one per file that declares a rule: kept by the registry test, do not edit.
pub mod frontmatter_invalid_value;
pub mod frontmatter_missing_field;
pub mod frontmatter_syntax;
// End of rule modules.

pub use config::{FieldType, FrontMatterConfig};
