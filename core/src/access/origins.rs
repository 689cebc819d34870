//! Which web pages may read dossier answers in a browser, and frame motcua's pages:
//! `ALLOWED_ORIGINS`, a comma-separated list of portal origins (`https://dichvucong.gialai.gov.vn,
//! https://motcua.gialai.gov.vn`).
//!
//! Catalog and procedure reads are public (any page may read them). A dossier answer is not
//! secret (it needs the code from the receipt) but it is a citizen's: only the configured
//! portals may read it cross-origin, and a page of another site cannot spend a citizen's
//! verification attempts through its visitors' browsers (its requests are refused before they
//! are counted, see [`AllowedOrigins::verdict`]).
//!
//! `*` means any origin, for local development only: it is honoured only while the Worker
//! itself is served from a loopback address (`127.0.0.1`, `localhost`, `[::1]`, as under
//! `wrangler dev`). Deployed with `*`, the Worker allows no other origin (fail closed) and says
//! so in its log ([`AllowedOrigins::ignores_wildcard`]).

/// A request as the browser describes it, with the Worker's own origin.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserRequest<'a> {
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// `Sec-Fetch-Site` (`cross-site`, `same-site`, `same-origin`, `none`).
    pub fetch_site: Option<&'a str>,
    /// `Sec-Fetch-Mode` (`cors`, `no-cors`, `navigate`, …).
    pub fetch_mode: Option<&'a str>,
    /// The origin the Worker is serving this request on (from the request URL).
    pub own_origin: &'a str,
}

/// What the Worker does with a request to a portal-only resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginVerdict {
    /// No cross-origin browser read: a server, a command line, a same-origin fetch, a
    /// navigation. Answered without CORS headers.
    NotCors,
    /// A configured portal (or, locally, any page): answer, echoing this origin in
    /// `Access-Control-Allow-Origin`.
    Allowed(String),
    /// Another site's page: refused (403) before anything is looked up or counted.
    Refused,
}

/// The parsed `ALLOWED_ORIGINS`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllowedOrigins {
    any: bool,
    origins: Vec<String>,
    rejected: Vec<String>,
}

impl AllowedOrigins {
    /// Reads the variable: origins separated by commas (spaces and a trailing `/` tolerated),
    /// or `*`. Entries that are not origins (a path, no scheme, another scheme) are kept aside
    /// in [`Self::rejected`] for the log and allow nothing.
    pub fn parse(config: &str) -> AllowedOrigins {
        let mut parsed = AllowedOrigins::default();
        for entry in config.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                parsed.any = true;
            } else if let Some(origin) = normalise(entry.strip_suffix('/').unwrap_or(entry)) {
                if !parsed.origins.contains(&origin) {
                    parsed.origins.push(origin);
                }
            } else {
                parsed.rejected.push(entry.chars().take(200).collect());
            }
        }
        parsed
    }

    /// The configured origins, normalised.
    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// Entries of the variable that are not origins.
    pub fn rejected(&self) -> &[String] {
        &self.rejected
    }

    /// Whether `*` is configured but not honoured here (the Worker is not on a loopback host).
    pub fn ignores_wildcard(&self, own_origin: &str) -> bool {
        self.any && !is_loopback_origin(own_origin)
    }

    fn any_here(&self, own_origin: &str) -> bool {
        self.any && is_loopback_origin(own_origin)
    }

    /// Whether `request` may read a portal-only answer (see [`OriginVerdict`]). Without an
    /// `Origin` header, a cross-site `no-cors` subresource (an `<img>` or `<script>` of another
    /// site's page) is refused too: its answer is unreadable anyway, and counting it would
    /// let that site spend the citizen's attempts.
    pub fn verdict(&self, request: &BrowserRequest<'_>) -> OriginVerdict {
        let Some(origin) = request.origin.map(str::trim) else {
            let cross_site = request
                .fetch_site
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("cross-site"));
            let navigation = request
                .fetch_mode
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("navigate"));
            return if cross_site && !navigation {
                OriginVerdict::Refused
            } else {
                OriginVerdict::NotCors
            };
        };
        let Some(origin) = normalise(origin) else {
            // `null` (sandboxed frames, file: pages) or junk.
            return OriginVerdict::Refused;
        };
        if normalise(request.own_origin).as_deref() == Some(origin.as_str()) {
            return OriginVerdict::NotCors;
        }
        if self.any_here(request.own_origin) || self.origins.contains(&origin) {
            OriginVerdict::Allowed(origin)
        } else {
            OriginVerdict::Refused
        }
    }

    /// The source list of a `frame-ancestors` directive: the Worker's own pages and the
    /// configured portals (`*` locally under a wildcard). With nothing configured, only the
    /// Worker's own pages.
    pub fn frame_ancestors(&self, own_origin: &str) -> String {
        if self.any_here(own_origin) {
            return "*".to_string();
        }
        let mut sources = vec!["'self'".to_string()];
        sources.extend(self.origins.iter().cloned());
        sources.join(" ")
    }
}

/// `scheme://host[:port]` in lower case without the scheme's default port, or `None` when
/// `text` is not an http(s) origin (a path, credentials, a query, `null`…).
fn normalise(text: &str) -> Option<String> {
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ', ',']) {
        return None;
    }
    let rest = rest.to_ascii_lowercase();
    let (host, port) = split_port(&rest)?;
    let valid_host = if let Some(v6) = host.strip_prefix('[') {
        v6.strip_suffix(']')
            .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok())
    } else {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    };
    if !valid_host {
        return None;
    }
    Some(match port {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// `host[:port]` (the host may be a bracketed IPv6 address); the port must be digits.
fn split_port(authority: &str) -> Option<(&str, Option<&str>)> {
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(end) if end + 1 == authority.len() => (authority, None),
            Some(end) => (
                &authority[..=end],
                Some(authority[end + 1..].strip_prefix(':')?),
            ),
            None => return None,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port {
        let port = port.trim_start_matches('0');
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some((host, Some(port)));
    }
    Some((host, None))
}

fn is_loopback_origin(own_origin: &str) -> bool {
    let Some(origin) = normalise(own_origin) else {
        return false;
    };
    let Some((_, authority)) = origin.split_once("://") else {
        return false;
    };
    let host = split_port(authority).map_or("", |(host, _)| host);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &str = "https://motcua.gialai.gov.vn";
    const LOCAL: &str = "http://127.0.0.1:8787";

    fn request<'a>(origin: Option<&'a str>, own: &'a str) -> BrowserRequest<'a> {
        BrowserRequest {
            origin,
            fetch_site: None,
            fetch_mode: None,
            own_origin: own,
        }
    }

    #[test]
    fn parses_and_normalises_origins() {
        let parsed = AllowedOrigins::parse(
            " https://DichVuCong.GiaLai.gov.vn/ ,http://portal.test:8080, https://a.vn:443,\
             https://a.vn, portal.vn, https://x.vn/path, ftp://x.vn, https://x.vn:port, ,",
        );
        assert_eq!(
            parsed.origins(),
            [
                "https://dichvucong.gialai.gov.vn",
                "http://portal.test:8080",
                "https://a.vn"
            ]
        );
        assert_eq!(
            parsed.rejected(),
            [
                "portal.vn",
                "https://x.vn/path",
                "ftp://x.vn",
                "https://x.vn:port"
            ]
        );
        assert_eq!(AllowedOrigins::parse(""), AllowedOrigins::default());
    }

    #[test]
    fn only_configured_portals_are_allowed() {
        let allowed = AllowedOrigins::parse("https://dichvucong.gialai.gov.vn");
        let verdict = |origin| allowed.verdict(&request(Some(origin), OWN));
        assert_eq!(
            verdict("https://dichvucong.gialai.gov.vn"),
            OriginVerdict::Allowed("https://dichvucong.gialai.gov.vn".into())
        );
        assert_eq!(
            verdict("HTTPS://DICHVUCONG.GIALAI.GOV.VN:443"),
            OriginVerdict::Allowed("https://dichvucong.gialai.gov.vn".into())
        );
        for other in [
            "https://evil.example",
            "http://dichvucong.gialai.gov.vn",
            "https://dichvucong.gialai.gov.vn.evil.example",
            "https://dichvucong.gialai.gov.vn:8443",
            "null",
            "",
        ] {
            assert_eq!(verdict(other), OriginVerdict::Refused, "{other}");
        }
        // The Worker's own pages, and requests with no Origin (servers, curl), are not CORS.
        assert_eq!(verdict(OWN), OriginVerdict::NotCors);
        assert_eq!(allowed.verdict(&request(None, OWN)), OriginVerdict::NotCors);
    }

    #[test]
    fn another_sites_subresources_are_refused_but_navigation_is_not() {
        let allowed = AllowedOrigins::parse("https://portal.vn");
        let with = |site, mode| {
            allowed.verdict(&BrowserRequest {
                origin: None,
                fetch_site: Some(site),
                fetch_mode: Some(mode),
                own_origin: OWN,
            })
        };
        assert_eq!(with("cross-site", "no-cors"), OriginVerdict::Refused);
        assert_eq!(with("cross-site", "navigate"), OriginVerdict::NotCors);
        assert_eq!(with("same-origin", "no-cors"), OriginVerdict::NotCors);
        assert_eq!(with("none", "navigate"), OriginVerdict::NotCors);
    }

    #[test]
    fn the_wildcard_holds_only_on_a_loopback_host() {
        let any = AllowedOrigins::parse("*");
        for local in [
            LOCAL,
            "http://localhost:8787",
            "http://[::1]:8787",
            "http://127.0.0.2",
        ] {
            assert_eq!(
                any.verdict(&request(Some("http://127.0.0.1:9999"), local)),
                OriginVerdict::Allowed("http://127.0.0.1:9999".into()),
                "{local}"
            );
            assert!(!any.ignores_wildcard(local));
            assert_eq!(any.frame_ancestors(local), "*");
        }
        for deployed in [OWN, "https://localhost.evil.example", "not a url"] {
            assert_eq!(
                any.verdict(&request(Some("https://portal.vn"), deployed)),
                OriginVerdict::Refused,
                "{deployed}"
            );
            assert!(any.ignores_wildcard(deployed));
            assert_eq!(any.frame_ancestors(deployed), "'self'");
        }
        // A wildcard beside real origins still allows those anywhere.
        let mixed = AllowedOrigins::parse("*, https://portal.vn");
        assert_eq!(
            mixed.verdict(&request(Some("https://portal.vn"), OWN)),
            OriginVerdict::Allowed("https://portal.vn".into())
        );
    }

    #[test]
    fn frame_ancestors_lists_self_and_the_portals() {
        let allowed = AllowedOrigins::parse("https://a.vn, http://b.vn:8080");
        assert_eq!(
            allowed.frame_ancestors(OWN),
            "'self' https://a.vn http://b.vn:8080"
        );
        assert_eq!(AllowedOrigins::default().frame_ancestors(OWN), "'self'");
    }

    #[test]
    fn ipv6_origins() {
        let allowed = AllowedOrigins::parse("http://[2001:db8::1]:8080");
        assert_eq!(allowed.origins(), ["http://[2001:db8::1]:8080"]);
        assert_eq!(
            allowed.verdict(&request(Some("http://[2001:DB8::1]:8080"), OWN)),
            OriginVerdict::Allowed("http://[2001:db8::1]:8080".into())
        );
        assert!(AllowedOrigins::parse("http://[nope]").origins().is_empty());
    }
}
