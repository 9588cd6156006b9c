//! The run of relecture: decoding and parsing articles in parallel, running checks with panic
//! isolation, turning diagnostics into sorted, fingerprinted findings; runs from kept results
//! and over a sequence of states (history, blame); the private cache folder states are kept in.
//!
//! - [`mod@run`]: a whole run of a set of files, and the engine's own rules.
//! - [`source`]: linting one state of a repository, in whole or from the results the last run
//!   kept ([`stored`]) through a [`StateStore`] ([`store::Store`], the user's cache folder, or
//!   [`MemoryStore`]); a run that cannot use them says why ([`NotUsed`]).
//! - [`incremental`], [`history`], [`blame`]: runs over the commits of a history.
//! - `propagate`: which articles a change can affect, for both kinds of incremental run.
//! - [`diff`]: the new and existing findings of `--diff`.
//! - [`check`]: the report of a check of one state, with `--diff` and `--blame`; articles given in
//!   memory.
//!
//! This is an implementation crate of relecture: it has no stability promise and its API changes
//! with any release. Tools and plugins use the `relecture` crate, the facade, which re-exports
//! what they need.
#![deny(missing_docs)]

pub mod blame;
pub mod check;
pub mod diff;
mod error;
mod format;
pub mod history;
pub mod incremental;
mod propagate;
pub mod run;
pub mod source;
pub mod store;
pub mod stored;
pub mod translations;

pub use error::{Error, NotUsed};
pub use run::{EngineOutput, engine_rules, fingerprint, rules, run, run_in_tree, run_in_tree_with, sort_findings};
pub use source::{
    Keeping, Lint, Linted, MemoryStore, StateStore, lint, merge_reports, shard_of, state_key, state_name,
};
