//! Who is calling, for every rate limit: the connection's peer address, or — when the
//! peer is one of the configured reverse proxies (`MOTCUA_TRUSTED_PROXIES`) — the
//! right-most address of `X-Forwarded-For` that is not itself a trusted proxy. With no
//! trusted proxy configured (the default) the header is never read, so a client cannot
//! choose its own address. The middleware stores the answer in the request
//! ([`ClientAddress`]) where handlers and server functions read it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
pub use motcua_app::ClientAddress;

/// The reverse proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

/// An address range: `10.0.0.0/8`, `2001:db8::/32`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cidr {
    bits: u128,
    prefix: u8,
    v4: bool,
}

impl Cidr {
    fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().ok()?;
        let (bits, max, v4) = match addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32, true),
            IpAddr::V6(a) => (u128::from(a), 128, false),
        };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr {
            bits: bits & mask(prefix, max),
            prefix,
            v4,
        })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (ip.to_canonical(), self.v4) {
            (IpAddr::V4(a), true) => u128::from(u32::from(a)) & mask(self.prefix, 32) == self.bits,
            (IpAddr::V6(a), false) => u128::from(a) & mask(self.prefix, 128) == self.bits,
            _ => false,
        }
    }
}

/// The `prefix` high bits of a `width`-bit address.
fn mask(prefix: u8, width: u8) -> u128 {
    if prefix == 0 {
        0
    } else {
        (u128::MAX << (128 - u32::from(prefix))) >> (128 - u32::from(width))
    }
}

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR ranges; empty means none.
    /// `Err` names the entry that is neither.
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Cidr::parse(s).ok_or_else(|| s.to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` is a trusted proxy.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }
}

/// The client's address: `peer`, unless `peer` is a trusted proxy; then the right-most
/// `X-Forwarded-For` entry that is not a trusted proxy (entries to its left were written
/// by whoever the client is, so they prove nothing). An unreadable entry stops the walk
/// at the last address known good.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        match entry.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if trusted.contains(ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

/// The middleware: stores [`ClientAddress`] in the request.
pub async fn identify(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let address = match peer {
        Some(peer) => resolve(peer, request.headers(), &trusted).to_string(),
        None => "unknown".to_owned(),
    };
    request.extensions_mut().insert(ClientAddress(address));
    next.run(request).await
}

/// The client address the middleware stored (`"unknown"` outside a served request).
pub fn of(request_extensions: &axum::http::Extensions) -> String {
    request_extensions
        .get::<ClientAddress>()
        .map(|c| c.0.clone())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", value.parse().unwrap());
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        let got = resolve(ip("203.0.113.9"), &forwarded("1.2.3.4"), &none);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_entry_wins() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7").unwrap();
        // The client wrote "6.6.6.6" itself; the proxy appended the real address.
        let headers = forwarded("6.6.6.6, 198.51.100.20, 10.1.2.3");
        assert_eq!(
            resolve(ip("192.0.2.7"), &headers, &trusted),
            ip("198.51.100.20")
        );
        // A peer outside the list is the client, whatever it sends.
        assert_eq!(
            resolve(ip("198.51.100.1"), &headers, &trusted),
            ip("198.51.100.1")
        );
        // Garbage stops the walk at the last trusted hop.
        assert_eq!(
            resolve(ip("10.0.0.1"), &forwarded("nonsense"), &trusted),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn ranges_of_both_families_parse_and_match() {
        let trusted = TrustedProxies::parse("2001:db8::/32,127.0.0.1").unwrap();
        assert!(trusted.contains(ip("2001:db8:1::5")));
        assert!(!trusted.contains(ip("2001:db9::5")));
        assert!(trusted.contains(ip("::ffff:127.0.0.1")));
        assert!(!trusted.contains(ip("127.0.0.2")));
        assert_eq!(
            TrustedProxies::parse("10.0.0.0/33"),
            Err("10.0.0.0/33".into())
        );
        assert_eq!(
            TrustedProxies::parse("proxy.local"),
            Err("proxy.local".into())
        );
        assert!(TrustedProxies::parse(" ").unwrap().is_empty());
        assert!(TrustedProxies::parse("0.0.0.0/0")
            .unwrap()
            .contains(ip("8.8.8.8")));
    }
}
