//! Untrusted repositories, relecture's own cache folder: kept results and the links cache: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
