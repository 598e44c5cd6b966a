//! The `ca_file` key: a private CA read and checked when the config loads, so that a
//! missing or damaged file is a config error with its line, not a failed request.

use std::ops::Range;

use toml::Spanned;

use super::error::{ConfigError, Diagnostic, SourceText};
use super::paths::expand_tilde;
use crate::api::tls::CaBundle;

/// Reads the file `ca_file` names: `~` expanded, a relative path taken from the
/// config file's directory (as `token_file` is).
pub(crate) fn load_ca_file(
    src: &SourceText<'_>,
    env: &dyn Fn(&str) -> Option<String>,
    value: &Spanned<String>,
    here: &dyn Fn(&Range<usize>, String) -> Diagnostic,
) -> Result<CaBundle, ConfigError> {
    let span = value.span();
    let text = value.get_ref().trim();
    if text.is_empty() {
        return Err(ConfigError::invalid(
            here(&span, "`ca_file` is empty".to_owned())
                .fix("give the path of the CA's PEM file, e.g. \"~/.config/orgdeck/company-ca.pem\", or remove the key"),
        ));
    }
    let mut path = expand_tilde(text, env);
    if path.is_relative()
        && let Some(dir) = src.file.parent()
    {
        path = dir.join(path);
    }
    let bytes = std::fs::read(&path).map_err(|err| {
        ConfigError::invalid(
            here(
                &span,
                format!("cannot read `ca_file` {}: {err}", path.display()),
            )
            .fix("point ca_file at the PEM file of the CA that issued the server's certificate"),
        )
    })?;
    CaBundle::from_pem(&path, &bytes).map_err(|problem| {
        ConfigError::invalid(
            here(&span, format!("`ca_file` {}: {problem}", path.display())).fix(
                "give a PEM file of CA certificates (-----BEGIN CERTIFICATE----- blocks); a DER file converts with `openssl x509 -inform der -in ca.der -out ca.pem`",
            ),
        )
    })
}
