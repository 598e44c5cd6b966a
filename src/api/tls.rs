//! Trusting a server: a profile's private certificate authority (`ca_file`), and a
//! refused certificate told in plain words instead of rustls' enum names.

use std::error::Error as StdError;
use std::fmt;
use std::path::{Path, PathBuf};

use rustls::pki_types::pem::{self, PemObject};
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::{CertificateError, RootCertStore};

/// The certificates of a `ca_file`, checked when the config was loaded, trusted in
/// addition to the platform's roots.
#[derive(Clone, PartialEq, Eq)]
pub struct CaBundle {
    path: PathBuf,
    certs: Vec<CertificateDer<'static>>,
}

impl fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaBundle")
            .field("path", &self.path)
            .field("certificates", &self.certs.len())
            .finish()
    }
}

impl CaBundle {
    /// Reads the PEM certificates in `bytes` (the contents of `path`). The error is the
    /// problem in words, for the config error that names the `ca_file` key.
    pub fn from_pem(path: &Path, bytes: &[u8]) -> Result<CaBundle, String> {
        let mut certs = Vec::new();
        for item in CertificateDer::pem_slice_iter(bytes) {
            let cert = item.map_err(|err| match err {
                pem::Error::MissingSectionEnd { .. } => {
                    "a certificate in it has no -----END CERTIFICATE----- line".to_owned()
                }
                pem::Error::Base64Decode(_) => {
                    "a certificate in it is damaged (its base64 does not decode)".to_owned()
                }
                other => format!("it is not a readable PEM file ({other})"),
            })?;
            // Parsed now so that a damaged certificate is a config error, not a
            // failure at the first request.
            RootCertStore::empty().add(cert.clone()).map_err(|err| {
                format!(
                    "certificate {} in it is not a usable CA certificate ({err})",
                    certs.len() + 1
                )
            })?;
            certs.push(cert);
        }
        if certs.is_empty() {
            return Err(
                "it holds no PEM certificate (no -----BEGIN CERTIFICATE----- block)".to_owned(),
            );
        }
        Ok(CaBundle {
            path: path.to_path_buf(),
            certs,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.certs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// The certificates as reqwest takes them.
    pub(crate) fn certificates(&self) -> Vec<reqwest::Certificate> {
        self.certs
            .iter()
            .filter_map(|der| reqwest::Certificate::from_der(der).ok())
            .collect()
    }
}

/// Why a server's certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertProblem {
    /// No trusted authority vouches for it (self-signed, private CA, interception).
    Untrusted,
    /// Past its end date (`until`, when known, as an RFC 3339 time).
    Expired {
        until: Option<String>,
    },
    /// Before its start date: usually this machine's clock.
    NotYetValid {
        from: Option<String>,
    },
    /// Issued for other names than the host in the URL.
    WrongName {
        presented: Vec<String>,
    },
    Revoked,
    /// Anything else the verifier refused, in its own words.
    Other(String),
}

impl CertProblem {
    fn from_rustls(err: &CertificateError) -> CertProblem {
        match err {
            CertificateError::UnknownIssuer => CertProblem::Untrusted,
            CertificateError::Expired => CertProblem::Expired { until: None },
            CertificateError::ExpiredContext { not_after, .. } => CertProblem::Expired {
                until: rfc3339(*not_after),
            },
            CertificateError::NotValidYet => CertProblem::NotYetValid { from: None },
            CertificateError::NotValidYetContext { not_before, .. } => CertProblem::NotYetValid {
                from: rfc3339(*not_before),
            },
            CertificateError::NotValidForName => CertProblem::WrongName {
                presented: Vec::new(),
            },
            CertificateError::NotValidForNameContext { presented, .. } => CertProblem::WrongName {
                presented: presented.iter().map(|name| plain_name(name)).collect(),
            },
            CertificateError::Revoked => CertProblem::Revoked,
            other => CertProblem::Other(refused_because(other).to_owned()),
        }
    }

    /// The sentence after "the certificate of HOST".
    pub fn describe(&self, host: &str) -> String {
        match self {
            CertProblem::Untrusted => {
                "is not trusted: no certificate authority this machine trusts has signed it"
                    .to_owned()
            }
            CertProblem::Expired { until: Some(until) } => format!("expired on {until}"),
            CertProblem::Expired { until: None } => "has expired".to_owned(),
            CertProblem::NotYetValid { from: Some(from) } => {
                format!("is not valid yet (only from {from})")
            }
            CertProblem::NotYetValid { from: None } => "is not valid yet".to_owned(),
            CertProblem::WrongName { presented } if presented.is_empty() => {
                format!("was issued for another name, not {host}")
            }
            CertProblem::WrongName { presented } => format!(
                "was issued for another name ({}), not {host}",
                presented.join(", ")
            ),
            CertProblem::Revoked => "has been revoked by its issuer".to_owned(),
            CertProblem::Other(what) => format!("was refused: {what}"),
        }
    }

    /// What the operator can do: trust a private CA, fix the URL, or tell the server's
    /// owner. Never "try again": the same certificate comes back.
    pub fn hint(&self, host: &str, ca_file: Option<&Path>) -> String {
        match (self, ca_file) {
            (CertProblem::Untrusted, None) => format!(
                "if {host} uses a private or company CA, name its PEM file in the profile (ca_file = \"~/.config/orgdeck/company-ca.pem\"); if it should not, the connection may be intercepted"
            ),
            (CertProblem::Untrusted, Some(path)) => format!(
                "the profile's ca_file ({}) did not vouch for it either: point ca_file at the CA that issued {host}'s certificate",
                path.display()
            ),
            (CertProblem::Expired { .. }, _) => format!(
                "whoever runs {host} has to renew its certificate; if it looks current, check this machine's clock"
            ),
            (CertProblem::NotYetValid { .. }, _) => {
                "check this machine's clock and time zone".to_owned()
            }
            (CertProblem::WrongName { .. }, _) => format!(
                "check the host in the profile's base_url ({host}): it must be a name the certificate was issued for"
            ),
            (CertProblem::Revoked, _) => {
                format!("whoever runs {host} has to replace its certificate")
            }
            (CertProblem::Other(_), _) => format!(
                "check the profile's base_url and ca_file; whoever runs {host} can check its certificate"
            ),
        }
    }
}

/// Why a certificate was refused, for the rarer reasons: in words, never rustls'
/// Debug text (its enum names and fields mean nothing to an operator).
#[allow(deprecated)] // an older verifier still reports the bare variant
fn refused_because(err: &CertificateError) -> &'static str {
    match err {
        CertificateError::BadEncoding => "it is malformed (its encoding cannot be read)",
        CertificateError::BadSignature => "its signature does not verify",
        CertificateError::UnsupportedSignatureAlgorithm
        | CertificateError::UnsupportedSignatureAlgorithmContext { .. }
        | CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "its signature algorithm is not supported"
        }
        CertificateError::UnhandledCriticalExtension => {
            "it carries a critical extension that cannot be checked"
        }
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            "it is not issued for serving TLS (its key usage says otherwise)"
        }
        CertificateError::UnknownRevocationStatus
        | CertificateError::ExpiredRevocationList
        | CertificateError::ExpiredRevocationListContext { .. } => {
            "whether it was revoked cannot be established"
        }
        CertificateError::InvalidOcspResponse => "its revocation status answer is invalid",
        _ => "it did not pass the certificate check",
    }
}

/// A TLS handshake that failed for another reason than the certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// What came back is not TLS: plain http, or another protocol, on that port.
    NotTls,
    /// No TLS version or cipher suite both sides accept.
    Incompatible,
    /// The server wants a client certificate, which orgdeck does not send.
    ClientCertificate,
    /// The server presented no certificate at all.
    NoCertificate,
    /// Anything else, in words.
    Other(&'static str),
}

impl TlsProblem {
    fn from_rustls(err: &rustls::Error) -> TlsProblem {
        use rustls::AlertDescription as Alert;
        use rustls::InvalidMessage as Message;
        match err {
            // The first bytes of "HTTP/1.1 400" (or of an SSH banner) are no TLS record.
            rustls::Error::InvalidMessage(
                Message::InvalidContentType | Message::UnknownProtocolVersion,
            )
            | rustls::Error::PeerSentOversizedRecord => TlsProblem::NotTls,
            rustls::Error::PeerIncompatible(_)
            | rustls::Error::AlertReceived(
                Alert::HandshakeFailure | Alert::ProtocolVersion | Alert::InsufficientSecurity,
            ) => TlsProblem::Incompatible,
            rustls::Error::AlertReceived(Alert::CertificateRequired | Alert::BadCertificate) => {
                TlsProblem::ClientCertificate
            }
            rustls::Error::NoCertificatesPresented => TlsProblem::NoCertificate,
            rustls::Error::AlertReceived(_) => {
                TlsProblem::Other("the server ended the TLS handshake")
            }
            rustls::Error::InvalidMessage(_)
            | rustls::Error::InappropriateMessage { .. }
            | rustls::Error::InappropriateHandshakeMessage { .. }
            | rustls::Error::PeerMisbehaved(_) => {
                TlsProblem::Other("the server broke the TLS protocol")
            }
            rustls::Error::DecryptError => {
                TlsProblem::Other("what the server sent does not decrypt")
            }
            _ => TlsProblem::Other("the TLS handshake failed"),
        }
    }

    /// The whole sentence, naming `host` and `port`.
    pub fn describe(&self, host: &str, port: u16) -> String {
        match self {
            TlsProblem::NotTls => format!("{host}:{port} did not answer in TLS"),
            TlsProblem::Incompatible => format!(
                "{host}:{port} and orgdeck share no TLS version or cipher (TLS 1.2 or 1.3 is needed)"
            ),
            TlsProblem::ClientCertificate => {
                format!("{host}:{port} asks for a client certificate, which orgdeck does not send")
            }
            TlsProblem::NoCertificate => format!("{host}:{port} presented no certificate"),
            TlsProblem::Other(what) => format!("TLS with {host}:{port} failed: {what}"),
        }
    }

    /// What the operator can do. Never "try again": the same answer comes back.
    pub fn hint(&self, host: &str, port: u16) -> String {
        match self {
            TlsProblem::NotTls => format!(
                "the profile's base_url says https:// but port {port} speaks plain http (or another protocol): use the port {host} serves https on, or http:// if it is a local sandbox"
            ),
            TlsProblem::Incompatible => {
                format!("whoever runs {host} has to enable TLS 1.2 or 1.3 with current ciphers")
            }
            TlsProblem::ClientCertificate => format!(
                "{host} requires mutual TLS: reach the API through an endpoint that does not"
            ),
            TlsProblem::NoCertificate | TlsProblem::Other(_) => format!(
                "check the host and port in the profile's base_url; whoever runs {host} can check its TLS set-up"
            ),
        }
    }
}

/// webpki lists a certificate's names in Debug form (`DnsName("a.example")`,
/// `IpAddress(10.0.0.1)`); the operator wants the name. The names come from the
/// server, so they pass the terminal filter too.
fn plain_name(presented: &str) -> String {
    let name = ["DnsName(\"", "IpAddress("]
        .iter()
        .find_map(|prefix| presented.strip_prefix(prefix))
        .map(|rest| rest.trim_end_matches(')').trim_end_matches('"'))
        .unwrap_or(presented);
    crate::text::visible(name).into_owned()
}

fn rfc3339(time: UnixTime) -> Option<String> {
    let secs = i64::try_from(time.as_secs()).ok()?;
    jiff::Timestamp::from_second(secs)
        .ok()
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// The certificate problem somewhere in `err`'s chain of causes.
pub(crate) fn certificate_problem(err: &(dyn StdError + 'static)) -> Option<CertProblem> {
    match rustls_error(err)? {
        rustls::Error::InvalidCertificate(cert) => Some(CertProblem::from_rustls(cert)),
        _ => None,
    }
}

/// The TLS problem other than a certificate somewhere in `err`'s chain.
pub(crate) fn tls_problem(err: &(dyn StdError + 'static)) -> Option<TlsProblem> {
    match rustls_error(err)? {
        rustls::Error::InvalidCertificate(_) => None,
        other => Some(TlsProblem::from_rustls(other)),
    }
}

/// rustls' error sits inside io::Errors (two deep, from reqwest), and an io::Error's
/// `source()` skips what it wraps, so an io::Error is opened with `get_ref` instead.
fn rustls_error<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut next = Some(err);
    while let Some(current) = next {
        if let Some(found) = current.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        next = match current.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn StdError + 'static)),
            None => current.source(),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_error_is_found_inside_an_io_error() {
        let rustls_err = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        let io = std::io::Error::new(std::io::ErrorKind::InvalidData, rustls_err);
        let wrapped = std::io::Error::other(io);
        assert_eq!(certificate_problem(&wrapped), Some(CertProblem::Untrusted));
        let other = std::io::Error::other("connection refused");
        assert_eq!(certificate_problem(&other), None);
    }

    /// No rustls enum name, field or brace reaches the operator.
    fn plain(text: &str) {
        assert!(
            !text.contains(['{', '}', '[', ']']) && !text.contains("Context"),
            "{text}"
        );
    }

    #[test]
    fn every_certificate_refusal_reads_in_words() {
        let unsupported = rustls::Error::InvalidCertificate(
            CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext {
                signature_algorithm_id: vec![6, 9, 42],
                public_key_algorithm_id: vec![6, 9, 42, 134],
            },
        );
        let io = std::io::Error::other(unsupported);
        let problem = certificate_problem(&io).unwrap();
        assert_eq!(
            format!(
                "the certificate of localhost {}",
                problem.describe("localhost")
            ),
            "the certificate of localhost was refused: its signature algorithm is not supported"
        );
        assert!(problem.hint("localhost", None).contains("base_url"));
        let others = [
            CertificateError::BadEncoding,
            CertificateError::BadSignature,
            CertificateError::UnhandledCriticalExtension,
            CertificateError::UnknownRevocationStatus,
            CertificateError::ExpiredRevocationList,
            CertificateError::InvalidPurpose,
            CertificateError::InvalidOcspResponse,
            CertificateError::ApplicationVerificationFailure,
            CertificateError::Other(rustls::OtherError(std::sync::Arc::new(
                std::io::Error::other("custom {verifier}"),
            ))),
        ];
        for err in others {
            let problem = CertProblem::from_rustls(&err);
            plain(&problem.describe("localhost"));
            plain(&problem.hint("localhost", None));
        }
    }

    #[test]
    fn a_failed_handshake_reads_in_words() {
        let not_tls = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        let io = std::io::Error::other(std::io::Error::other(not_tls));
        assert_eq!(tls_problem(&io), Some(TlsProblem::NotTls));
        assert_eq!(certificate_problem(&io), None);
        let certificate = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(tls_problem(&std::io::Error::other(certificate)), None);
        for err in [
            rustls::Error::AlertReceived(rustls::AlertDescription::HandshakeFailure),
            rustls::Error::AlertReceived(rustls::AlertDescription::CertificateRequired),
            rustls::Error::AlertReceived(rustls::AlertDescription::UnknownPSKIdentity),
            rustls::Error::NoCertificatesPresented,
            rustls::Error::DecryptError,
            rustls::Error::InvalidMessage(rustls::InvalidMessage::MessageTooShort),
            rustls::Error::General("custom {x}".into()),
        ] {
            let problem = TlsProblem::from_rustls(&err);
            plain(&problem.describe("localhost", 8443));
            plain(&problem.hint("localhost", 8443));
        }
    }

    #[test]
    fn presented_names_are_shown_as_names() {
        assert_eq!(plain_name("DnsName(\"other.example\")"), "other.example");
        assert_eq!(plain_name("IpAddress(10.0.0.1)"), "10.0.0.1");
        assert_eq!(
            plain_name("DnsName(\"a\u{1b}]0;x\")"),
            crate::text::visible("a\u{1b}]0;x")
        );
    }

    #[test]
    fn a_file_without_certificates_is_refused_in_words() {
        let path = Path::new("/x/ca.pem");
        let err = CaBundle::from_pem(
            path,
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap_err();
        assert!(err.contains("no PEM certificate"), "{err}");
        let err = CaBundle::from_pem(path, b"-----BEGIN CERTIFICATE-----\nAAAA\n").unwrap_err();
        assert!(err.contains("-----END CERTIFICATE-----"), "{err}");
        let err = CaBundle::from_pem(
            path,
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap_err();
        assert!(err.contains("certificate 1 in it is not a usable"), "{err}");
    }
}
