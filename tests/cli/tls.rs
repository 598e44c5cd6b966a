//! End-to-end over https: the real binary against the sandbox behind a TLS listener
//! whose certificate a test CA signed. `ca_file` makes it work, `info` shows it, and
//! without it the refusal is one plain sentence with the fix, not three retries.

use std::net::SocketAddr;

use crate::support::cli::{ADMIN_EMAIL, Case, Sandbox};
use crate::support::tls::{Authority, LOCALHOST, TlsFront};

/// The sandbox and its TLS front, each serving from a runtime of its own.
struct HttpsSandbox {
    front: TlsFront,
    _runtime: tokio::runtime::Runtime,
    _sandbox: Sandbox,
}

impl HttpsSandbox {
    fn start(ca: &Authority) -> HttpsSandbox {
        let sandbox = Sandbox::start();
        let backend: SocketAddr = sandbox
            .base_url()
            .trim_start_matches("http://")
            .parse()
            .expect("the sandbox listens on an address");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime for the TLS front");
        let front = runtime.block_on(TlsFront::start(backend, ca.leaf(&LOCALHOST)));
        HttpsSandbox {
            front,
            _runtime: runtime,
            _sandbox: sandbox,
        }
    }
}

#[test]
fn ca_file_lets_the_binary_reach_a_tenant_behind_a_private_ca() {
    let ca = Authority::new("Company CA");
    let https = HttpsSandbox::start(&ca);
    let case = Case::new("tls-trusted");
    ca.ca_file(&case.dir);
    case.write_config(&crate::support::cli::profile_toml(
        &https.front.base_url(),
        "ca_file = \"company-ca.pem\"\n",
    ));

    case.run(&["whoami"]).ok().stdout_has(ADMIN_EMAIL);
    case.run(&["info"])
        .ok()
        .stdout_has("trusts ca_file")
        .stdout_has("company-ca.pem (1 certificate)");
    let info = case.run(&["--json", "info"]).ok().json();
    let shown = info["profiles"][0]["ca_file"].as_str().unwrap_or_default();
    assert!(shown.ends_with("company-ca.pem (1 certificate)"), "{info}");
}

#[test]
fn an_untrusted_certificate_is_one_plain_refusal_with_the_fix() {
    let ca = Authority::new("Company CA");
    let https = HttpsSandbox::start(&ca);
    let case = Case::with_profile("tls-untrusted", &https.front.base_url(), "");

    case.run(&["whoami"])
        .code(2)
        .stderr_has("the certificate of localhost is not trusted")
        .stderr_has("ca_file")
        .stderr_lacks("UnknownIssuer")
        .stderr_lacks("retrying")
        .no_panic();
    assert_eq!(https.front.accepted(), 1, "one attempt, no retries");
}
