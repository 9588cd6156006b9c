//! Untrusted repositories, every emitter escapes what findings carry: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
