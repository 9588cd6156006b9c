//! The address guard for `--online`: pull requests are untrusted input, so links are never
//! fetched from loopback, private, link-local or unique-local addresses unless allowed. The
//! check runs on the addresses a name resolves to, at every connection (redirects included),
//! and ureq connects to exactly the addresses that passed.

use std::fmt;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;

use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Whether connecting to `ip` could reach the machine itself or its internal network.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                // Shared address space (carrier-grade NAT), 100.64.0.0/10.
                || (a == 100 && (64..128).contains(&b))
                // Benchmarking, 198.18.0.0/15.
                || (a == 198 && (b == 18 || b == 19))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local fc00::/7 and link-local fe80::/10.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Turns a host name and port into addresses. Tests give their own, to make a public-looking
/// name resolve to a private address.
pub trait HostResolver: Send + Sync {
    /// The addresses of `host`.
    fn resolve(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>>;
}

/// The operating system's resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl HostResolver for SystemResolver {
    fn resolve(&self, host: &str, port: u16) -> std::io::Result<Vec<SocketAddr>> {
        Ok((host, port).to_socket_addrs()?.collect())
    }
}

/// A ureq resolver that resolves with a [`HostResolver`] and refuses internal addresses.
#[derive(Clone)]
pub(crate) struct GuardedResolver {
    pub(crate) inner: Arc<dyn HostResolver>,
    pub(crate) allow_private: bool,
    /// Which addresses are internal: [`is_internal`], except in tests that need a loopback
    /// address to stand for a public host.
    pub(crate) internal: fn(IpAddr) -> bool,
}

impl fmt::Debug for GuardedResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardedResolver").field("allow_private", &self.allow_private).finish_non_exhaustive()
    }
}

/// The message the guard's refusals carry, recognised when the outcome is classified.
pub(crate) const REFUSED: &str = "refused: the address is internal (loopback, private or link-local)";

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let scheme_port = match uri.scheme_str() {
            Some("http") => 80,
            Some("https") => 443,
            _ => return Err(ureq::Error::BadUri("only http and https links are fetched".into())),
        };
        let host = uri.host().ok_or_else(|| ureq::Error::BadUri("no host".into()))?;
        let port = uri.port_u16().unwrap_or(scheme_port);
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        let addresses: Vec<SocketAddr> = match literal.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            // Any failure to resolve means the host does not exist for the reader either.
            Err(_) => self.inner.resolve(host, port).map_err(|_| ureq::Error::HostNotFound)?,
        };
        if addresses.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        if !self.allow_private && addresses.iter().any(|a| (self.internal)(a.ip())) {
            return Err(ureq::Error::Io(std::io::Error::new(std::io::ErrorKind::PermissionDenied, REFUSED)));
        }
        let mut resolved = self.empty();
        for address in addresses.into_iter().take(16) {
            resolved.push(address);
        }
        Ok(resolved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fc00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_internal(internal.parse().unwrap()), "{internal}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_internal(public.parse().unwrap()), "{public}");
        }
    }
}
