//! Untrusted repositories, hook install writes where git runs it, never through a symbolic link: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
