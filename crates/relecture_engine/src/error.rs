//! Errors of the engine.

use std::path::PathBuf;

/// What can go wrong in the engine outside the checks (whose failures are findings).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// relecture's cache folder, or a file in it, cannot be used.
    #[error("{}: {source}", path.display())]
    Cache {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
