//! The address guard for `--online`: pull requests are untrusted input, so links are never
//! fetched from an address that could reach the machine itself, its internal network or any
//! other special-purpose block, unless allowed. The check runs on the addresses a name resolves
//! to, at every connection (redirects included), through a proxy too, and ureq connects (or
//! asks the proxy to connect) to exactly the addresses that passed.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::sync::mpsc;

use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How the guard judges an address of a special-purpose block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treatment {
    /// Never fetched: the block is local, private, reserved, for documentation or otherwise
    /// not a place an article links to.
    Internal,
    /// The address carries an IPv4 address, and is judged by it: connecting to it reaches
    /// (through translation or a tunnel) the embedded address.
    Embeds(Embedding),
}

/// Where an IPv6 address carries an IPv4 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Embedding {
    /// The last 32 bits (IPv4-mapped, IPv4-compatible, NAT64).
    Low32,
    /// Bits 16 to 47 (6to4, RFC 3056).
    SixToFour,
    /// The Teredo server in bits 32 to 63 and the client, inverted, in the last 32 bits (RFC 4380).
    Teredo,
}

/// One special-purpose block.
struct Block {
    network: IpAddr,
    prefix: u8,
    /// What the block is for, and where it is defined.
    name: &'static str,
    treatment: Treatment,
}

const fn v4(a: u8, b: u8, c: u8, d: u8, prefix: u8, name: &'static str) -> Block {
    Block { network: IpAddr::V4(Ipv4Addr::new(a, b, c, d)), prefix, name, treatment: Treatment::Internal }
}

const fn v6(segments: [u16; 8], prefix: u8, name: &'static str, treatment: Treatment) -> Block {
    let s = segments;
    Block {
        network: IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])),
        prefix,
        name,
        treatment,
    }
}

const INTERNAL: Treatment = Treatment::Internal;

/// The special-purpose blocks: every entry of IANA's IPv4 and IPv6 Special-Purpose Address
/// Registries (<https://www.iana.org/assignments/iana-ipv4-special-registry>,
/// <https://www.iana.org/assignments/iana-ipv6-special-registry>), whether the registry calls
/// it globally reachable or not (an anycast relay or a documentation prefix is never what an
/// article links to), plus multicast and the blocks the address-space registries reserve.
/// When blocks nest, the longest prefix decides. Besides this table, an IPv6 address outside
/// 2000::/3, the only block allocated for global unicast, is internal.
const SPECIAL_PURPOSE: &[Block] = &[
    // IPv4.
    v4(0, 0, 0, 0, 8, "this network, RFC 791"),
    v4(10, 0, 0, 0, 8, "private use, RFC 1918"),
    v4(100, 64, 0, 0, 10, "shared address space, carrier-grade NAT, RFC 6598"),
    v4(127, 0, 0, 0, 8, "loopback, RFC 1122"),
    v4(169, 254, 0, 0, 16, "link local, cloud metadata services, RFC 3927"),
    v4(172, 16, 0, 0, 12, "private use, RFC 1918"),
    v4(192, 0, 0, 0, 24, "IETF protocol assignments, DS-Lite, NAT64 discovery, RFC 6890"),
    v4(192, 0, 2, 0, 24, "documentation, TEST-NET-1, RFC 5737"),
    v4(192, 31, 196, 0, 24, "AS112-v4, RFC 7535"),
    v4(192, 52, 193, 0, 24, "AMT, RFC 7450"),
    v4(192, 88, 99, 0, 24, "deprecated 6to4 relay anycast, RFC 7526"),
    v4(192, 168, 0, 0, 16, "private use, RFC 1918"),
    v4(192, 175, 48, 0, 24, "direct delegation AS112 service, RFC 7534"),
    v4(198, 18, 0, 0, 15, "benchmarking, RFC 2544"),
    v4(198, 51, 100, 0, 24, "documentation, TEST-NET-2, RFC 5737"),
    v4(203, 0, 113, 0, 24, "documentation, TEST-NET-3, RFC 5737"),
    v4(224, 0, 0, 0, 4, "multicast, RFC 5771"),
    v4(240, 0, 0, 0, 4, "reserved, limited broadcast 255.255.255.255, RFC 1112, RFC 919"),
    // IPv6.
    v6([0, 0, 0, 0, 0, 0, 0, 0], 128, "unspecified address, RFC 4291", INTERNAL),
    v6([0, 0, 0, 0, 0, 0, 0, 1], 128, "loopback, RFC 4291", INTERNAL),
    v6([0, 0, 0, 0, 0, 0, 0, 0], 96, "deprecated IPv4-compatible, RFC 4291", Treatment::Embeds(Embedding::Low32)),
    v6([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, "IPv4-mapped, RFC 4291", Treatment::Embeds(Embedding::Low32)),
    v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96, "NAT64 well-known prefix, RFC 6052", Treatment::Embeds(Embedding::Low32)),
    v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, "local-use IPv4/IPv6 translation, RFC 8215", INTERNAL),
    v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64, "discard-only, RFC 6666", INTERNAL),
    v6([0x100, 0, 0, 1, 0, 0, 0, 0], 64, "dummy IPv6 prefix, RFC 9780", INTERNAL),
    v6(
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        "IETF protocol assignments: ORCHID, benchmarking, AMT, AS112, RFC 2928",
        INTERNAL,
    ),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, "Teredo, RFC 4380", Treatment::Embeds(Embedding::Teredo)),
    v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, "documentation, RFC 3849", INTERNAL),
    v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, "6to4, RFC 3056", Treatment::Embeds(Embedding::SixToFour)),
    v6([0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0], 48, "direct delegation AS112 service, RFC 7534", INTERNAL),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, "documentation, RFC 9637", INTERNAL),
    v6([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16, "segment routing SIDs, RFC 9602", INTERNAL),
    v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, "unique local, RFC 4193", INTERNAL),
    v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, "link local, RFC 4291", INTERNAL),
    v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, "deprecated site local, RFC 3879", INTERNAL),
    v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, "multicast, RFC 4291", INTERNAL),
];

impl Block {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(network), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(network) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(network) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// The most specific special-purpose block holding `ip`.
fn block_of(ip: IpAddr) -> Option<&'static Block> {
    SPECIAL_PURPOSE.iter().filter(|block| block.contains(ip)).max_by_key(|block| block.prefix)
}

/// The IPv4 addresses an IPv6 address of an embedding block carries.
fn embedded(ip: Ipv6Addr, embedding: Embedding) -> Vec<Ipv4Addr> {
    let bits = u128::from(ip);
    // Truncation keeps exactly the 32 bits each shift brings down.
    #[allow(clippy::cast_possible_truncation, reason = "the shift leaves the 32 wanted bits lowest")]
    let word = |shift: u32| Ipv4Addr::from((bits >> shift) as u32);
    match embedding {
        Embedding::Low32 => vec![word(0)],
        Embedding::SixToFour => vec![word(80)],
        Embedding::Teredo => vec![word(64), Ipv4Addr::from(!u32::from(word(0)))],
    }
}

/// Whether connecting to `ip` could reach the machine itself, its internal network, or a block
/// no article links to: see [`SPECIAL_PURPOSE`]. An IPv6 address that embeds an IPv4 address
/// (mapped, compatible, NAT64, 6to4, Teredo) is judged by the address it embeds.
pub fn is_internal(ip: IpAddr) -> bool {
    match block_of(ip).map(|block| block.treatment) {
        Some(Treatment::Internal) => true,
        Some(Treatment::Embeds(embedding)) => match ip {
            IpAddr::V6(v6) => embedded(v6, embedding).into_iter().any(|inner| is_internal(IpAddr::V4(inner))),
            IpAddr::V4(_) => true,
        },
        None => match ip {
            IpAddr::V4(_) => false,
            // Outside 2000::/3, nothing is allocated for global unicast.
            IpAddr::V6(v6) => v6.segments()[0] & 0xe000 != 0x2000,
        },
    }
}

/// Why `ip` is internal, to say why it was refused: the purpose of its block, `None` for an
/// address [`is_internal`] lets through.
pub fn special_purpose(ip: IpAddr) -> Option<String> {
    let Some(block) = block_of(ip) else {
        return is_internal(ip).then(|| "not allocated for global unicast".to_string());
    };
    match (block.treatment, ip) {
        (Treatment::Embeds(embedding), IpAddr::V6(v6)) => embedded(v6, embedding).into_iter().find_map(|inner| {
            special_purpose(IpAddr::V4(inner)).map(|purpose| format!("{inner}: {purpose}, embedded as {}", block.name))
        }),
        _ => Some(block.name.to_string()),
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

/// A ureq resolver that resolves with a [`HostResolver`] and refuses internal addresses. Every
/// target passes here, through a proxy too (see `proxy`); the proxy's own address, named by
/// the user, does not.
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

/// How the guard's refusals start, recognised when the outcome is classified.
pub(crate) const REFUSED: &str = "refused: internal address ";

impl GuardedResolver {
    /// `host`'s addresses, giving up when `timeout` passes (a name server that never answers
    /// must not outlast the run's deadline).
    fn lookup(&self, host: &str, port: u16, timeout: &NextTimeout) -> Result<Vec<SocketAddr>, ureq::Error> {
        if timeout.after.is_not_happening() {
            return self.inner.resolve(host, port).map_err(|_| ureq::Error::HostNotFound);
        }
        let (sender, receiver) = mpsc::sync_channel(1);
        let inner = self.inner.clone();
        let owned = host.to_string();
        std::thread::spawn(move || sender.send(inner.resolve(&owned, port)).ok());
        match receiver.recv_timeout(*timeout.after) {
            Ok(found) => found.map_err(|_| ureq::Error::HostNotFound),
            Err(_) => Err(ureq::Error::Timeout(timeout.reason)),
        }
    }
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        _config: &ureq::config::Config,
        timeout: NextTimeout,
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
            Err(_) => self.lookup(host, port, &timeout)?,
        };
        if addresses.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        if !self.allow_private
            && let Some(refused) = addresses.iter().find(|a| (self.internal)(a.ip()))
        {
            let ip = refused.ip();
            let purpose = special_purpose(ip).unwrap_or_else(|| "internal".into());
            return Err(ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("{REFUSED}{ip}, {purpose}"),
            )));
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

    fn internal(address: &str) -> bool {
        is_internal(address.parse().unwrap_or_else(|e| panic!("{address}: {e}")))
    }

    /// One address inside each block of the table, written independently of it, and the
    /// addresses just outside the blocks whose bounds are easy to get wrong.
    #[test]
    fn every_special_purpose_block_is_internal() {
        for address in [
            "0.1.2.3",
            "10.1.2.3",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.255.255",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.0.170",
            "192.0.2.1",
            "192.31.196.1",
            "192.52.193.1",
            "192.88.99.1",
            "192.168.1.1",
            "192.175.48.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b:1::1",
            "64:ff9b:1:ffff::1",
            "100::1",
            "100:0:0:1::1",
            "2001:2::1",
            "2001:10::1",
            "2001:1ff:ffff::1",
            "2001:db8::1",
            "2001:db8:ffff::1",
            "2620:4f:8000::1",
            "3fff::1",
            "3fff:fff::1",
            "5f00::1",
            "fc00::1",
            "fdff::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "feff::1",
            "ff02::1",
            // Outside 2000::/3, nothing is global unicast.
            "1::1",
            "4000::1",
        ] {
            assert!(internal(address), "{address} must be refused");
        }
    }

    #[test]
    fn public_addresses_pass_even_next_to_special_blocks() {
        for address in [
            "8.8.8.8",
            "93.184.216.34",
            "1.1.1.1",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.1",
            "192.0.3.1",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "198.51.99.255",
            "198.51.101.0",
            "203.0.112.255",
            "203.0.114.0",
            "223.255.255.255",
            "2606:4700::1111",
            "2a00:1450:4007::200e",
            "2001:200::1",
            "2001:db9::1",
            "2620:4f:8001::1",
            "3ffe::1",
            "3fff:1000::1",
        ] {
            assert!(!internal(address), "{address} must pass");
        }
    }

    #[test]
    fn embedded_ipv4_addresses_are_judged_by_what_they_embed() {
        // IPv4-mapped and the deprecated IPv4-compatible ::/96.
        assert!(internal("::ffff:169.254.169.254"));
        assert!(!internal("::ffff:8.8.8.8"));
        assert!(internal("::127.0.0.1"));
        assert!(internal("::10.0.0.1"));
        assert!(internal("::0.0.0.2"));
        assert!(!internal("::8.8.8.8"));
        // NAT64, 64:ff9b::/96.
        assert!(internal("64:ff9b::127.0.0.1"));
        assert!(internal("64:ff9b::a9fe:a9fe"));
        assert!(internal("64:ff9b::192.168.0.1"));
        assert!(!internal("64:ff9b::8.8.8.8"));
        // 6to4, 2002::/16: the IPv4 address is in bits 16 to 47.
        assert!(internal("2002:7f00:1::1"));
        assert!(internal("2002:a9fe:a9fe::1"));
        assert!(internal("2002:c000:0201::1"));
        assert!(!internal("2002:808:808::1"));
        // Teredo, 2001::/32: server 8.8.8.8 (0808:0808), client stored inverted.
        // Client 127.0.0.1 is stored as 80ff:fffe; client 8.8.4.4 as f7f7:fbfb.
        assert!(internal("2001:0:808:808:0:0:80ff:fffe"));
        assert!(internal("2001:0:a00:1:0:0:f7f7:fbfb"));
        assert!(!internal("2001:0:808:808:0:0:f7f7:fbfb"));
    }

    /// The table itself: the first and last address of every block that is not judged by an
    /// embedded address are internal, and the blocks are well formed.
    #[test]
    fn the_table_is_consistent() {
        for block in SPECIAL_PURPOSE {
            let (first, last) = match block.network {
                IpAddr::V4(network) => {
                    assert!(block.prefix <= 32, "{}", block.name);
                    let host_bits = u32::MAX.checked_shr(u32::from(block.prefix)).unwrap_or(0);
                    assert_eq!(u32::from(network) & host_bits, 0, "{} has host bits set", block.name);
                    (IpAddr::V4(network), IpAddr::V4(Ipv4Addr::from(u32::from(network) | host_bits)))
                }
                IpAddr::V6(network) => {
                    assert!(block.prefix <= 128, "{}", block.name);
                    let host_bits = u128::MAX.checked_shr(u32::from(block.prefix)).unwrap_or(0);
                    assert_eq!(u128::from(network) & host_bits, 0, "{} has host bits set", block.name);
                    (IpAddr::V6(network), IpAddr::V6(Ipv6Addr::from(u128::from(network) | host_bits)))
                }
            };
            assert!(block.contains(first) && block.contains(last), "{}", block.name);
            if block.treatment == Treatment::Internal {
                assert!(is_internal(first) && is_internal(last), "{}: {first} to {last}", block.name);
                assert!(special_purpose(first).is_some(), "{}", block.name);
            }
        }
    }

    #[test]
    fn the_most_specific_block_names_the_purpose() {
        let purpose = |address: &str| special_purpose(address.parse().unwrap());
        assert_eq!(purpose("::1").as_deref(), Some("loopback, RFC 4291"));
        assert_eq!(purpose("2001:db8::1").as_deref(), Some("documentation, RFC 3849"));
        assert_eq!(purpose("4000::1").as_deref(), Some("not allocated for global unicast"));
        assert_eq!(
            purpose("::ffff:169.254.169.254").as_deref(),
            Some("169.254.169.254: link local, cloud metadata services, RFC 3927, embedded as IPv4-mapped, RFC 4291")
        );
        assert_eq!(purpose("2001:0:808:808:0:0:f7f7:fbfb"), None);
        assert_eq!(purpose("8.8.8.8"), None);
    }
}
