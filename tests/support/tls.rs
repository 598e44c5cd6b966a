//! Certificates made in the test (rcgen) and a TLS listener on loopback that hands
//! each decrypted connection to a plain-http sandbox: https as real tenants serve it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use orgdeck::api::tls::CaBundle;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A certificate authority made for one test.
pub struct Authority {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

/// (year, month, day)
pub type Day = (i32, u8, u8);

/// What a server certificate claims.
pub struct Leaf<'a> {
    pub names: &'a [&'a str],
    /// `(not_before, not_after)`; None keeps rcgen's wide default.
    pub validity: Option<(Day, Day)>,
}

pub const LOCALHOST: Leaf<'static> = Leaf {
    names: &["localhost"],
    validity: None,
};

impl Authority {
    pub fn new(name: &str) -> Authority {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().unwrap();
        Authority {
            issuer: CertifiedIssuer::self_signed(params, key).unwrap(),
        }
    }

    /// The CA as a profile's `ca_file` holds it (written to `dir`).
    pub fn ca_file(&self, dir: &Path) -> CaBundle {
        let path = dir.join("company-ca.pem");
        std::fs::write(&path, self.issuer.pem()).unwrap();
        CaBundle::from_pem(&path, self.issuer.pem().as_bytes()).expect("the CA file parses")
    }

    /// A server certificate signed by this CA, with its chain and key.
    pub fn leaf(&self, leaf: &Leaf<'_>) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let names: Vec<String> = leaf.names.iter().map(|n| (*n).to_owned()).collect();
        let mut params = CertificateParams::new(names).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, leaf.names[0]);
        if let Some(((y1, m1, d1), (y2, m2, d2))) = leaf.validity {
            params.not_before = rcgen::date_time_ymd(y1, m1, d1);
            params.not_after = rcgen::date_time_ymd(y2, m2, d2);
        }
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let chain = vec![cert.der().clone(), self.issuer.der().clone()];
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (chain, key)
    }
}

/// A TLS listener on loopback that hands each decrypted connection to `backend`.
pub struct TlsFront {
    pub addr: SocketAddr,
    /// TCP connections accepted: one per attempt the client made.
    accepted: Arc<AtomicUsize>,
}

impl TlsFront {
    /// Listens in a task of the current runtime, which must outlive the front.
    pub async fn start(
        backend: SocketAddr,
        (chain, key): (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>),
    ) -> TlsFront {
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A refused handshake is the point of most tests here.
                    let Ok(mut tls) = acceptor.accept(stream).await else {
                        return;
                    };
                    let Ok(mut plain) = TcpStream::connect(backend).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        TlsFront { addr, accepted }
    }

    /// Connections accepted so far (handshakes tried, refused or not).
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    pub fn base_url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }
}
