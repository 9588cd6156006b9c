//! Why a run of the facade could not be done.

use std::path::PathBuf;

/// Why a run could not be done.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Opening the repository or reading the source failed.
    #[error(transparent)]
    Git(#[from] relecture_git::Error),
    /// The configuration or the rule selection is invalid.
    #[error(transparent)]
    Config(#[from] relecture_core::Error),
    /// The configuration file given explicitly cannot be read.
    #[error("cannot read the configuration file {path}: {source}")]
    ConfigFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The configuration file is not UTF-8.
    #[error("the configuration file {path} is not valid UTF-8")]
    ConfigEncoding {
        /// The file.
        path: String,
    },
    /// A rule file listed in `rules` does not exist in the linted source.
    #[error("the rule file or folder `{path}` listed in `rules` does not exist")]
    MissingRuleFile {
        /// The path as configured.
        path: String,
    },
    /// A rule file or folder outside the repository, named by the user's configuration, cannot be read.
    #[error("cannot read the rule file or folder {path}: {source}")]
    RuleFileIo {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A rule file is not UTF-8.
    #[error("the rule file {path} is not valid UTF-8")]
    RuleFileEncoding {
        /// The file.
        path: String,
    },
    /// `relecture init` would replace a configuration file.
    #[error("{path} already exists: relecture init keeps it (--force replaces it)")]
    InitExists {
        /// The file.
        path: PathBuf,
    },
    /// `relecture init` was asked for a bare repository, which has no working tree to write in.
    #[error("{path} is a bare repository: relecture init writes relecture.toml in a working tree")]
    InitBare {
        /// The repository.
        path: PathBuf,
    },
    /// `--fix` was asked for a source that is not the working tree.
    #[error("--fix changes working-tree files, so it cannot be used with {what}")]
    FixSource {
        /// `--rev`, `--staged` or `a bare repository`.
        what: &'static str,
    },
    /// The working tree could not be opened or locked for `--fix` (a file that cannot be fixed
    /// does not stop the run: it is named in [`crate::FixSummary::not_fixed`]).
    #[error("cannot open the working tree {path} to fix its files: {source}")]
    FixIo {
        /// The working tree.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// `--diff` on a folder that is not a git repository.
    #[error("--diff needs a git repository, and {path} is not one")]
    DiffNeedsGit {
        /// The folder.
        path: PathBuf,
    },
    /// `--blame` on a folder that is not a git repository.
    #[error("--blame needs a git repository, and {path} is not one")]
    BlameNeedsGit {
        /// The folder.
        path: PathBuf,
    },
    /// `hook install` outside a repository with a working tree.
    #[error("{path} is not a git repository with a working tree: there is no pre-commit hook to install")]
    NoHooks {
        /// The folder.
        path: PathBuf,
    },
    /// A pre-commit hook that relecture did not write is in the way.
    #[error("{path} already exists and was not written by relecture; use --force to replace it")]
    ForeignHook {
        /// The hook file.
        path: PathBuf,
    },
    /// The pre-commit hook is a symbolic link: never written through.
    #[error(
        "{path} is a symbolic link, which relecture does not follow; use --force to replace the link itself with relecture's hook"
    )]
    LinkedHook {
        /// The hook file.
        path: PathBuf,
    },
    /// The pre-commit hook is not a regular file (a folder, a FIFO).
    #[error("{path} is not a regular file; remove it to install relecture's hook")]
    HookNotRegular {
        /// The hook file.
        path: PathBuf,
    },
    /// The hook could not be written.
    #[error("cannot write {path}: {source}")]
    HookIo {
        /// The hook file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The hooks folder (`core.hooksPath`) is in the working tree and is, or goes through, a
    /// symbolic link of the repository.
    #[error("{path} goes through a symbolic link of the repository, which relecture does not follow: no hook written")]
    LinkedHooksFolder {
        /// The hooks folder.
        path: PathBuf,
    },
    /// `packs` names a pack that is not shipped.
    #[error(
        "{}unknown pack `{name}` in `packs`{} (the shipped packs are {shipped}; a pack of your own goes in lint-rules/)",
        at.as_ref().map(|at| format!("{at}: ")).unwrap_or_default(),
        suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
    )]
    UnknownPack {
        /// The configuration file and line that name it (`relecture.toml:3`), when known.
        at: Option<String>,
        /// The name as given.
        name: String,
        /// The shipped packs' names.
        shipped: String,
        /// The shipped pack the name is most likely a typo of.
        suggestion: Option<String>,
    },
    /// A path given to narrow the run lies outside the repository.
    #[error("{path} is outside the repository at {}", root.display())]
    PathOutsideRepository {
        /// The path as given.
        path: String,
        /// The repository's root.
        root: PathBuf,
    },
    /// The folder `--repo` names is reached through a symbolic link of the checkout holding it.
    #[error("{path} goes through a symbolic link of the repository holding it, which relecture does not follow")]
    LinkedRepository {
        /// The folder as given.
        path: PathBuf,
    },
    /// The report could not be written to the file `--output` names.
    #[error("cannot write the report to {path}: {source}")]
    OutputIo {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file `--output` names, inside a repository, is not one relecture writes: a symbolic
    /// link (which may point anywhere) or not a regular file.
    #[error("cannot write the report to {path}: {reason}")]
    OutputRefused {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: &'static str,
    },
    /// The run failed outside the checks.
    #[error(transparent)]
    Engine(relecture_engine::Error),
    /// The worker threads could not be started.
    #[error("cannot start {jobs} worker threads: {message}")]
    Threads {
        /// The number asked for.
        jobs: usize,
        /// The cause.
        message: String,
    },
}

impl From<relecture_engine::Error> for Error {
    fn from(error: relecture_engine::Error) -> Self {
        match error {
            relecture_engine::Error::Git(error) => Self::Git(error),
            relecture_engine::Error::Threads { jobs, message } => Self::Threads { jobs, message },
            other => Self::Engine(other),
        }
    }
}
