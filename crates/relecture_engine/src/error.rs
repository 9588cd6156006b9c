//! Errors of the engine.

use std::path::PathBuf;

/// What can go wrong in the engine outside the checks (whose failures are findings).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Listing or reading the source failed.
    #[error(transparent)]
    Git(#[from] relecture_git::Error),
    /// The worker threads could not be started.
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads {
        /// The number asked for.
        jobs: usize,
        /// The cause.
        message: String,
    },
    /// A path given to narrow the run names nothing in the source.
    #[error("{path}: no such file or folder in {place}")]
    NoSuchPath {
        /// The repository-relative path.
        path: String,
        /// The source, as messages name it ("the working tree", "the index", "revision v1").
        place: String,
    },
    /// A path given to narrow the run names no article: the configuration leaves it out.
    #[error("{path} is not an article to check: {why}")]
    NotAnArticle {
        /// The repository-relative path.
        path: String,
        /// Which entry of the configuration leaves it out.
        why: String,
    },
    /// relecture's cache folder, or a file in it, cannot be used.
    #[error("{}: {source}", path.display())]
    Cache {
        /// The folder or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Why a run did not start from the results the last one kept, and checked every article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotUsed {
    /// The state file is truncated, damaged, or was not written by this user's runs.
    #[error("the state file is damaged or was not written by this user's runs")]
    Damaged,
    /// The state holds the results of another set of checks.
    #[error("the state holds the results of other checks")]
    OtherChecks,
    /// An article listed could not be read again.
    #[error("an article could not be read again")]
    ArticleGone,
    /// A corpus check cannot tell what the findings of an article depend on.
    #[error("a check cannot tell what the findings of `{path}` depend on")]
    UndeclaredDependencies {
        /// The article.
        path: String,
    },
    /// The run from the kept results failed (a bug).
    #[error("the run from them failed: {message}")]
    Failed {
        /// What went wrong.
        message: String,
    },
}
