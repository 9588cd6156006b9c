//! Untrusted repositories, --fix: one at a time, only on what was linted, atomic, every line ending: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
