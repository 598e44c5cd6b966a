//! The client over https, as real tenants serve it: the sandbox behind a TLS
//! listener whose certificates are made here. A private CA is trusted through
//! `ca_file`; an untrusted, expired or misnamed certificate is refused at once (never
//! retried) and said in plain words with the fix.

use crate::support::client::*;
use crate::support::ops;
use crate::support::tls::{Authority, LOCALHOST, Leaf, TlsFront};
use crate::support::{Faults, RunningSandbox};
use orgdeck::api::error::{ApiError, ErrorClass};
use orgdeck::api::model::Operation;
use orgdeck::api::tls::{CaBundle, CertProblem, TlsProblem};

/// The sandbox behind a TLS front whose certificate is `leaf`, signed by `ca`.
struct Https {
    front: TlsFront,
    _sandbox: RunningSandbox,
}

impl Https {
    async fn start(ca: &Authority, leaf: &Leaf<'_>) -> Https {
        let sandbox = sandbox(Faults::default()).await;
        let front = TlsFront::start(sandbox.addr, ca.leaf(leaf)).await;
        Https {
            front,
            _sandbox: sandbox,
        }
    }

    fn base_url(&self) -> String {
        self.front.base_url()
    }

    fn accepted(&self) -> usize {
        self.front.accepted()
    }

    fn client(&self, ca_file: Option<CaBundle>) -> Client {
        let mut settings = settings(&self.base_url(), ADMIN);
        settings.ca_file = ca_file;
        Client::spawn(settings)
    }
}

/// The whoami call over https, which must fail with a certificate problem at the
/// first attempt.
async fn refused(front: &Https, ca_file: Option<CaBundle>) -> ApiError {
    let mut client = front.client(ca_file);
    let outcome = client.run(Operation::WhoAmI).await;
    assert_eq!(
        outcome.retries(),
        [],
        "a certificate problem is not retried"
    );
    assert_eq!(front.accepted(), 1, "one connection, no second try");
    let err = outcome.err();
    assert_eq!(err.class(), ErrorClass::Usage, "{err:?}");
    assert!(!err.is_transient(), "{err:?}");
    err
}

fn problem_of(err: &ApiError) -> &CertProblem {
    match err {
        ApiError::Certificate { problem, .. } => problem,
        other => panic!("expected a certificate problem, got {other} ({other:?})"),
    }
}

#[tokio::test]
async fn a_private_ca_named_in_ca_file_is_trusted() {
    let dir = temp_dir();
    let ca = Authority::new("Company CA");
    let front = Https::start(&ca, &LOCALHOST).await;
    let mut client = front.client(Some(ca.ca_file(dir.path())));
    let me = ops::caller(client.ok(Operation::WhoAmI).await);
    assert_eq!(me.id, ADMIN_EMAIL);
    let names = org_names(&mut client).await;
    assert!(!names.is_empty());
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_at_once_and_names_ca_file() {
    let ca = Authority::new("Company CA");
    let front = Https::start(&ca, &LOCALHOST).await;
    let err = refused(&front, None).await;
    assert_eq!(problem_of(&err), &CertProblem::Untrusted);
    let message = err.to_string();
    assert_eq!(
        message,
        "the certificate of localhost is not trusted: no certificate authority this machine trusts has signed it"
    );
    let hint = err.hint().unwrap();
    assert!(hint.contains("ca_file = "), "{hint}");
    assert!(
        !hint.contains("network") && !hint.contains("try again"),
        "{hint}"
    );
}

#[tokio::test]
async fn a_ca_file_of_another_authority_is_named_in_the_hint() {
    let dir = temp_dir();
    let ca = Authority::new("Company CA");
    let other = Authority::new("Someone else's CA");
    let front = Https::start(&ca, &LOCALHOST).await;
    let wrong = other.ca_file(dir.path());
    let path = wrong.path().display().to_string();
    let err = refused(&front, Some(wrong)).await;
    assert_eq!(problem_of(&err), &CertProblem::Untrusted);
    let hint = err.hint().unwrap();
    assert!(hint.contains(&format!("ca_file ({path})")), "{hint}");
}

#[tokio::test]
async fn a_certificate_for_another_name_says_which_name() {
    let dir = temp_dir();
    let ca = Authority::new("Company CA");
    let front = Https::start(
        &ca,
        &Leaf {
            names: &["tenant.other.example"],
            validity: None,
        },
    )
    .await;
    let err = refused(&front, Some(ca.ca_file(dir.path()))).await;
    assert_eq!(
        problem_of(&err),
        &CertProblem::WrongName {
            presented: vec!["tenant.other.example".to_owned()]
        }
    );
    assert_eq!(
        err.to_string(),
        "the certificate of localhost was issued for another name (tenant.other.example), not localhost"
    );
    assert!(err.hint().unwrap().contains("base_url"), "{:?}", err.hint());
}

#[tokio::test]
async fn an_expired_certificate_says_since_when() {
    let dir = temp_dir();
    let ca = Authority::new("Company CA");
    let front = Https::start(
        &ca,
        &Leaf {
            names: &["localhost"],
            validity: Some(((2020, 1, 1), (2021, 1, 1))),
        },
    )
    .await;
    let err = refused(&front, Some(ca.ca_file(dir.path()))).await;
    assert_eq!(
        problem_of(&err),
        &CertProblem::Expired {
            until: Some("2021-01-01 00:00:00 UTC".to_owned())
        }
    );
    assert_eq!(
        err.to_string(),
        "the certificate of localhost expired on 2021-01-01 00:00:00 UTC"
    );
    assert!(err.hint().unwrap().contains("renew"), "{:?}", err.hint());
}

#[tokio::test]
async fn a_write_refused_for_its_certificate_is_not_sent_and_not_reconciled() {
    let dir = temp_dir();
    let audit = dir.path().join("audit.jsonl");
    let ca = Authority::new("Company CA");
    let front = Https::start(&ca, &LOCALHOST).await;
    let mut settings = settings(&front.base_url(), ADMIN);
    settings.audit = Some(audit.clone());
    let mut client = Client::spawn(settings);
    let outcome = client
        .run(ops::create_org("Tlsco", &["tlsco.example"]))
        .await;
    assert!(!outcome.reconciled);
    assert_eq!(outcome.retries(), []);
    let err = outcome.err();
    assert_eq!(problem_of(&err), &CertProblem::Untrusted);
    assert_eq!(front.accepted(), 1, "no re-read either");
    let trail = std::fs::read_to_string(&audit).unwrap();
    assert!(
        trail.contains("not sent: the server's certificate was refused"),
        "{trail}"
    );
}

#[tokio::test]
async fn https_to_a_plain_http_port_is_not_retried_and_says_so() {
    // The sandbox itself speaks plain http: addressed with https:// it answers the
    // ClientHello with an HTTP error, which is no TLS record.
    let sandbox = sandbox(Faults::default()).await;
    let base_url = format!("https://localhost:{}", sandbox.addr.port());
    let mut client = Client::spawn(settings(&base_url, ADMIN));
    let outcome = client.run(Operation::WhoAmI).await;
    assert_eq!(outcome.retries(), [], "a protocol mismatch is not retried");
    let err = outcome.err();
    match &err {
        ApiError::Tls { problem, .. } => assert_eq!(problem, &TlsProblem::NotTls),
        other => panic!("expected a TLS problem, got {other} ({other:?})"),
    }
    assert!(!err.is_transient(), "{err:?}");
    assert_eq!(err.class(), ErrorClass::Usage);
    let port = sandbox.addr.port();
    assert_eq!(
        err.to_string(),
        format!("localhost:{port} did not answer in TLS")
    );
    let hint = err.hint().unwrap();
    assert!(
        hint.contains("https://") && hint.contains(&format!("port {port} speaks plain http")),
        "{hint}"
    );
    assert!(!hint.contains("try again"), "{hint}");
}
