//! Test support shared by every test binary (`tests/<area>/main.rs` include it with
//! `#[path]`): each helper lives here once. This file holds what every area needs (the
//! demo tokens, starting a sandbox, the rustls provider, a server on a runtime of its
//! own); the modules below hold one area's drivers each. Which binary uses which part
//! differs, so unused parts are allowed.

#![allow(dead_code)]

pub mod answered;
pub mod bitgo_nodes;
pub mod cli;
pub mod client;
pub mod console;
pub mod declared;
pub mod e2e;
pub mod fake_servers;
pub mod fixtures;
pub mod flowkiwi;
pub mod hostile;
pub mod http;
pub mod muninx_json;
pub mod ops;
// The benchmark's process helpers (a private directory, `orgdeck sandbox` as a process
// of its own), shared with the end-to-end tests.
#[path = "../../examples/perf/harness/procs.rs"]
pub mod procs;
pub mod pty;
pub mod seam;
pub mod seed;
pub mod sequence;
pub mod tls;

use std::sync::Once;

use orgdeck::backends::muninx::sandbox;

// Every path into the vendor's code that the tests name, in one place. Not every
// binary names each.
#[allow(unused_imports)]
pub use orgdeck::backends::muninx::sandbox::{BULK_TOKEN, DEFAULT_SEED, SandboxConfig};
#[allow(unused_imports)]
pub use orgdeck::backends::muninx::schema::{
    PENDING as INVITES_VIEW, STAFF as STAFF_VIEW, USERS as USERS_VIEW,
};
#[allow(unused_imports)]
pub use orgdeck::backends::muninx::{self, MuninX, wire};
#[allow(unused_imports)]
pub use orgdeck::sandbox::{FaultScope, Faults, RunningSandbox, SlowClients};

// The shipped seed's demo tokens and the people they stand for.
pub const ADMIN: &str = "sandbox-acme-admin";
pub const AGENT: &str = "sandbox-acme-agent";
pub const CUSTOMER: &str = "sandbox-acme-customer";
pub const GLOBEX: &str = "sandbox-globex-admin";

pub const ADMIN_EMAIL: &str = "margaret.okafor@acme-support.example";
pub const ADMIN2_EMAIL: &str = "hiroshi.tanaka@acme-support.example";
pub const AGENT_EMAIL: &str = "diego.ramirez@acme-support.example";
/// An active customer of co-acme-01 (the customer token's user).
pub const CUSTOMER_EMAIL: &str = "jane.doe@acme-ltd.com";
pub const GLOBEX_EMAIL: &str = "teresa.ncube@globex-helpdesk.example";
/// Another active customer of co-acme-01, used as "some other user".
pub const OTHER_CUSTOMER: &str = "rahul.mehta@acme-ltd.com";
/// A pending customer of co-acme-01.
pub const PENDING_CUSTOMER: &str = "lucas.ferreira@acme-ltd.com";
/// Pending customers of co-acme-01 in the shipped seed.
pub const PENDING_ACME: [&str; 2] = [PENDING_CUSTOMER, "aisha.karimi@acme-ltd.com"];
/// The only pending agent of acme.
pub const PENDING_AGENT: &str = "ingrid.halvorsen@acme-support.example";

/// Installs rustls's ring provider for this process, once: reqwest is built without a
/// default provider, and the TLS helpers need one too.
pub fn install_crypto() {
    static CRYPTO: Once = Once::new();
    CRYPTO.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A plain reqwest client that never goes through a proxy, for checks made past the
/// client task.
pub fn http_client() -> reqwest::Client {
    install_crypto();
    reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client builds")
}

/// The shipped seed with these faults.
pub fn with_faults(faults: Faults) -> SandboxConfig {
    SandboxConfig {
        faults,
        ..SandboxConfig::default()
    }
}

/// Starts a sandbox in this process's runtime, on an ephemeral loopback port.
pub async fn start_sandbox(config: SandboxConfig) -> RunningSandbox {
    sandbox::start(config).await.expect("sandbox starts")
}

/// A runtime of its own for a server, so that the test driving it stays synchronous.
pub fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime for the server")
}

/// An axum router serving on loopback from a runtime of its own; dropping it stops it.
pub struct Served {
    pub url: String,
    _runtime: tokio::runtime::Runtime,
}

pub fn serve(router: axum::Router) -> Served {
    let runtime = server_runtime();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    runtime.spawn(async move { axum::serve(listener, router).await });
    Served {
        url,
        _runtime: runtime,
    }
}

/// The headers of a server that asks to come back `seconds` after its own clock, as an
/// HTTP date (`Date` and `Retry-After`, both in 1994: the client's clock must not matter).
pub fn retry_after_date(seconds: u8) -> axum::http::HeaderMap {
    use axum::http::header;
    assert!(seconds < 23, "the date stays within its minute");
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(
        header::DATE,
        "Sun, 06 Nov 1994 08:49:37 GMT".parse().expect("a date"),
    );
    let at = format!("Sun, 06 Nov 1994 08:49:{} GMT", 37 + seconds);
    headers.insert(header::RETRY_AFTER, at.parse().expect("a date"));
    headers
}

/// A loopback URL nothing listens on: the port was free a moment ago and is closed now.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}
