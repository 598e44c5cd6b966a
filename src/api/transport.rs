//! Whether a base URL may carry the token: https anywhere, plain http only to this
//! machine unless the profile allows it. The config warns and refuses by this same
//! rule when it reads a profile, so a URL it accepts is one the client connects to.

use std::net::IpAddr;

use url::{Host, Url};

use super::error::ApiError;

/// Whether `url` surely names this machine: an address in 127.0.0.0/8 or `::1` in
/// any spelling (an IPv4-mapped `::ffff:127.x.y.z` included), or the name
/// `localhost` in any letter case, which the hosts file answers. Only names the
/// hosts file answers count, because a token sent in the clear to a name that
/// resolved elsewhere cannot be called back: `localhost.` (with the root's dot) does
/// not match the hosts file's `localhost` and goes to DNS, whatever RFC 6761 asks of
/// resolvers, and so do names under `.localhost`. `0.0.0.0` is not counted either:
/// it means "any address" to a server, not this machine to a client.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).to_canonical().is_loopback(),
        None => false,
    }
}

/// Refuses URLs that would send the token in the clear to another machine.
pub fn check_transport(url: &Url, allow_http: bool) -> Result<(), ApiError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if allow_http || is_loopback(url) => Ok(()),
        "http" => Err(ApiError::Setup(format!(
            "refusing http:// to {}: the token would cross the network unencrypted; use https:// or set allow_http = true in the profile",
            url.host_str().unwrap_or("?")
        ))),
        other => Err(ApiError::Setup(format!(
            "unsupported URL scheme {other}: use https://"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback(url: &str) -> bool {
        is_loopback(&Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}")))
    }

    #[test]
    fn this_machine_in_every_spelling_is_loopback() {
        for url in [
            "http://localhost:7878",
            "http://LOCALHOST",
            "http://LocalHost/api",
            "http://127.0.0.1:7878",
            "http://127.8.9.10",
            "http://127.255.255.254",
            "http://[::1]:7878",
            "http://[0:0:0:0:0:0:0:1]/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(loopback(url), "{url}");
        }
    }

    #[test]
    fn other_machines_and_look_alikes_are_not_loopback() {
        for url in [
            "http://api.example.com",
            "http://localhost.",
            "http://LOCALHOST.:7878/api",
            "http://localhost.example.com",
            "http://app.localhost",
            "http://localhost..",
            "http://mylocalhost",
            "http://128.0.0.1",
            "http://10.0.0.8:8080",
            "http://0.0.0.0:7878",
            "http://[::]/",
            "http://[::2]/",
            "http://[::ffff:10.0.0.1]/",
        ] {
            assert!(!loopback(url), "{url}");
        }
    }

    #[test]
    fn http_is_refused_for_remote_hosts_unless_allowed() {
        for remote in ["http://api.muninx.com", "http://localhost.:1"] {
            let remote = Url::parse(remote).unwrap();
            assert!(check_transport(&remote, false).is_err());
            assert!(check_transport(&remote, true).is_ok());
        }
        for local in [
            "http://127.0.0.1:7878",
            "http://localhost:1",
            "http://[::1]:2",
        ] {
            assert!(check_transport(&Url::parse(local).unwrap(), false).is_ok());
        }
        assert!(check_transport(&Url::parse("https://api.muninx.com").unwrap(), false).is_ok());
        assert!(check_transport(&Url::parse("ftp://x.com").unwrap(), true).is_err());
    }
}
