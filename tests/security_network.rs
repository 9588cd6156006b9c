//! Untrusted repositories, online link checking: address guard, proxies, deadlines: end-to-end on temporary repositories.

#[allow(dead_code, reason = "each test binary uses a part of the shared helpers")]
mod support;
