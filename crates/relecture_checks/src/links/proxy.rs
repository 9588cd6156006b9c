//! The proxy the user names for `--online`: a `CONNECT` tunnel to the address the guard vetted.
//!
//! ureq's own proxy support is not used: it reads the environment's proxy variables, and lets
//! the proxy resolve each target's name, where the guard cannot see what it connects to.
//! Instead ureq resolves every target through the guard as for a direct connection, and
//! [`Tunnel`] asks the proxy to connect to the vetted address, not to a name.

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, ToSocketAddrs};

use base64::Engine;
use ureq::http::Uri;
use ureq::unversioned::transport::{ConnectionDetails, Connector, Transport, TransportAdapter};

/// The longest head of a `CONNECT` answer read.
const MAX_ANSWER_HEAD: usize = 16 * 1024;

/// An `http://` proxy named by the user, resolved once when the check starts.
pub(crate) struct Proxy {
    uri: Uri,
    addresses: Vec<SocketAddr>,
    /// The `Proxy-Authorization` value, from the URL's user and password.
    authorization: Option<String>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the credentials.
        f.debug_struct("Proxy").field("addresses", &self.addresses).finish_non_exhaustive()
    }
}

impl Proxy {
    /// The proxy `url` names, or why it cannot be used.
    pub(crate) fn new(url: &str) -> Result<Self, String> {
        let named = ureq::Proxy::new(url).map_err(|e| e.to_string())?;
        if named.protocol() != ureq::ProxyProtocol::Http {
            return Err("only http:// proxies are supported".into());
        }
        let host = named.host().trim_start_matches('[').trim_end_matches(']');
        let addresses: Vec<SocketAddr> =
            (host, named.port()).to_socket_addrs().map_err(|e| format!("its host does not resolve: {e}"))?.collect();
        if addresses.is_empty() {
            return Err("its host does not resolve".into());
        }
        let authorization = named.username().map(|user| {
            let credentials = format!("{user}:{}", named.password().unwrap_or_default());
            format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(credentials))
        });
        let uri =
            format!("http://{}:{}", named.host(), named.port()).parse().map_err(|_| "not a valid URL".to_string())?;
        Ok(Self { uri, addresses, authorization })
    }

    /// Asks the proxy, over `transport`, to connect to `target`; the transport is then a tunnel.
    fn open_tunnel(&self, transport: &mut TransportAdapter, target: SocketAddr) -> std::io::Result<Result<(), String>> {
        let authorization =
            self.authorization.as_ref().map_or_else(String::new, |value| format!("Proxy-Authorization: {value}\r\n"));
        let request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n{authorization}\r\n");
        transport.write_all(request.as_bytes())?;
        // Byte by byte out of the transport's buffer, so that nothing after the head is taken.
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            if head.len() > MAX_ANSWER_HEAD {
                return Ok(Err("the proxy's answer is too long".into()));
            }
            if transport.read(&mut byte)? == 0 {
                return Ok(Err("the proxy closed the connection".into()));
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        let status_line = head.lines().next().unwrap_or_default();
        let status = status_line.split_whitespace().nth(1).unwrap_or_default();
        if status.len() == 3 && status.starts_with('2') {
            Ok(Ok(()))
        } else {
            Ok(Err(format!("the proxy answered `{status_line}`")))
        }
    }
}

/// The first connector of the chain: with a proxy, a tunnel to the first address the guard
/// let through; without, nothing (the TCP connector that follows connects directly).
#[derive(Debug)]
pub(crate) struct Tunnel(pub(crate) Option<Proxy>);

impl Connector<()> for Tunnel {
    type Out = Box<dyn Transport>;

    fn connect(
        &self,
        details: &ConnectionDetails<'_>,
        _: Option<()>,
    ) -> Result<Option<Box<dyn Transport>>, ureq::Error> {
        let Some(proxy) = &self.0 else { return Ok(None) };
        // The connection to the proxy itself, opened below through the whole chain.
        if std::ptr::eq(details.uri, &raw const proxy.uri) {
            return Ok(None);
        }
        let target = *details.addrs.first().ok_or(ureq::Error::HostNotFound)?;
        let mut addresses = details.resolver.empty();
        for address in proxy.addresses.iter().take(16) {
            addresses.push(*address);
        }
        let to_proxy = ConnectionDetails {
            uri: &proxy.uri,
            addrs: addresses,
            config: details.config,
            request_level: details.request_level,
            resolver: details.resolver,
            now: details.now,
            timeout: details.timeout,
            current_time: details.current_time.clone(),
            run_connector: details.run_connector.clone(),
            register_shutdown: details.register_shutdown.clone(),
        };
        let transport = (details.run_connector)(&to_proxy)
            .map_err(|e| ureq::Error::ConnectProxyFailed(format!("cannot reach the proxy: {e}")))?;
        let mut adapter = TransportAdapter::new(transport, details.current_time.clone());
        adapter.set_timeout(details.timeout);
        match proxy.open_tunnel(&mut adapter, target) {
            Ok(Ok(())) => Ok(Some(adapter.into_inner())),
            Ok(Err(refusal)) => Err(ureq::Error::ConnectProxyFailed(refusal)),
            Err(io) if io.kind() == std::io::ErrorKind::TimedOut => Err(ureq::Error::Timeout(details.timeout.reason)),
            Err(io) => Err(ureq::Error::Io(io)),
        }
    }
}
