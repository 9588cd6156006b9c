//! Untrusted repositories, bounded work when loading rule packs: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
