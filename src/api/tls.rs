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
            other => CertProblem::Other(format!("{other:?}")),
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
            CertProblem::Other(what) => format!("was refused ({what})"),
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

/// The certificate problem somewhere in `err`'s chain of causes. rustls' error sits
/// inside io::Errors (two deep, from reqwest), and an io::Error's `source()` skips
/// what it wraps, so an io::Error is opened with `get_ref` instead.
pub(crate) fn certificate_problem(err: &(dyn StdError + 'static)) -> Option<CertProblem> {
    let mut next = Some(err);
    while let Some(current) = next {
        if let Some(rustls::Error::InvalidCertificate(cert)) =
            current.downcast_ref::<rustls::Error>()
        {
            return Some(CertProblem::from_rustls(cert));
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
