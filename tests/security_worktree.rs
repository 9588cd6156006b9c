//! Untrusted repositories, reading articles: symbolic links, non-UTF-8 names, crafted trees, object formats: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
