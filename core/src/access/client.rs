//! The key every per-client limit counts by (the lookup rate limit, the verification attempts).
//!
//! Cloudflare reports the client's address in `CF-Connecting-IP`. Counting by the raw string
//! let one host walk around every limit: each address of an IPv6 /64 (one household or phone
//! gets a whole /64, and picks addresses from it at will) had its own budget, and one address
//! written two ways (`::ffff:1.2.3.4`, `2001:DB8::1`, `2001:db8:0:0::1`) counted twice. So:
//!
//! - IPv4: the address itself (`203.0.113.7`);
//! - IPv6: its /64 network (`2001:db8:1:2::/64`), whatever the spelling (case, zero
//!   compression, leading zeros, a zone id, brackets);
//! - an IPv4 address written as IPv6 (`::ffff:203.0.113.7`, IPv4-mapped): the IPv4 address;
//! - no header: `unknown`; a value that is not an address: `invalid`. Each is ONE shared
//!   bucket, so varying junk earns no fresh budget (in production Cloudflare always sets the
//!   header and clients cannot; only local and test runs go without it).

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

/// The bucket shared by requests without a client address.
pub const UNKNOWN_CLIENT: &str = "unknown";
/// The bucket shared by requests whose client address cannot be read.
pub const INVALID_CLIENT: &str = "invalid";
/// The IPv6 prefix length one client is assumed to hold.
pub const IPV6_CLIENT_PREFIX: u8 = 64;

/// A normalised client key (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientKey(String);

impl ClientKey {
    /// The key for the value of `CF-Connecting-IP` (absent: `None`).
    pub fn from_header(value: Option<&str>) -> ClientKey {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return ClientKey(UNKNOWN_CLIENT.to_string());
        };
        match parse_address(value) {
            Some(IpAddr::V4(v4)) => ClientKey(v4.to_string()),
            Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(v4.to_string()),
                None => ClientKey(format!("{}/{IPV6_CLIENT_PREFIX}", network_64(v6))),
            },
            None => ClientKey(INVALID_CLIENT.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An address as a client or proxy may write it: bare, in brackets, with an IPv6 zone id.
fn parse_address(value: &str) -> Option<IpAddr> {
    let bare = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    // A zone id (`fe80::1%eth0`) names an interface of the sender, not a different host.
    let bare = bare
        .split_once('%')
        .map_or(bare, |(address, _zone)| address);
    bare.parse().ok()
}

/// The first 64 bits of `address`, the rest zero.
fn network_64(address: Ipv6Addr) -> Ipv6Addr {
    let mut segments = address.segments();
    segments[4..].fill(0);
    Ipv6Addr::from(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(value: &str) -> String {
        ClientKey::from_header(Some(value)).to_string()
    }

    #[test]
    fn ipv4_is_kept_as_is() {
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("  203.0.113.7 "), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
    }

    #[test]
    fn ipv6_is_grouped_by_its_64() {
        let one = key("2001:db8:1:2::1");
        assert_eq!(one, "2001:db8:1:2::/64");
        for same in [
            "2001:db8:1:2:ffff:ffff:ffff:ffff",
            "2001:db8:1:2:aaaa:bbbb:cccc:dddd",
            "2001:0DB8:0001:0002:0000:0000:0000:0001",
            "2001:DB8:1:2::1",
            "2001:db8:1:2:0:0:0:1",
            "[2001:db8:1:2::1]",
        ] {
            assert_eq!(key(same), one, "{same}");
        }
        // Another /64 of the same /48 is another client.
        assert_ne!(key("2001:db8:1:3::1"), one);
        assert_eq!(key("fe80::1%eth0"), key("fe80::2"));
        assert_eq!(key("fe80::1%eth0"), "fe80::/64");
    }

    #[test]
    fn ipv4_written_as_ipv6_is_the_ipv4_address() {
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::FFFF:cb00:7107"), "203.0.113.7");
        assert_eq!(key("[::ffff:203.0.113.7]"), "203.0.113.7");
    }

    #[test]
    fn missing_and_unreadable_values_share_one_bucket_each() {
        assert_eq!(ClientKey::from_header(None).as_str(), UNKNOWN_CLIENT);
        assert_eq!(ClientKey::from_header(Some("  ")).as_str(), UNKNOWN_CLIENT);
        for junk in [
            "not an address",
            "203.0.113.7, 198.51.100.1",
            "203.0.113",
            "2001:db8::1::2",
            "x".repeat(10_000).as_str(),
        ] {
            assert_eq!(key(junk), INVALID_CLIENT, "{junk:.40}");
        }
    }
}
