//! Untrusted repositories, what a repository's own configuration, rule files and symbolic links may and may not do: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
