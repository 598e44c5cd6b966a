//! A backend that only declares a schema, for console tests that answer every
//! request by hand: the console never calls it, and every role may do
//! everything the schema declares (the server would judge).

use orgdeck::api::backend::{
    Answer, Backend, CredentialKind, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Capability, Operation, Reply};
use orgdeck::api::schema::Schema;
use orgdeck::api::secret::Secret;
use reqwest::header::{HeaderName, HeaderValue};

/// `schema` under the registry name `name`, taking `credential`.
pub struct Declared {
    pub name: &'static str,
    pub schema: &'static Schema,
    pub credential: CredentialKind,
}

impl Backend for Declared {
    fn name(&self) -> &'static str {
        self.name
    }
    fn schema(&self) -> &'static Schema {
        self.schema
    }
    fn credential(&self) -> CredentialKind {
        self.credential
    }
    fn role_allows(&self, _role: &str, _capability: Capability, _on_self: bool) -> bool {
        true
    }
    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        match self.credential {
            CredentialKind::IdSecret => orgdeck::api::backend::basic_auth(credential),
            _ => Ok(Vec::new()),
        }
    }
    fn call(&self, _op: &Operation, _paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        Err(Unsupported("any call: the console tests answer by hand"))
    }
    fn decode(&self, _op: &Operation, _answer: &Answer<'_>) -> Result<Decoded, String> {
        Err("the console tests answer by hand".into())
    }
    fn form_fields(&self, _op: &Operation) -> &'static [&'static str] {
        &[]
    }
    fn missing_endpoint_on_404(&self, _op: &Operation) -> bool {
        false
    }
    fn settle(&self, _write: &Operation) -> Settle {
        Settle::Unknown
    }
    fn applied(
        &self,
        _write: &Operation,
        _before: &Result<Reply, ApiError>,
        _after: &Result<Reply, ApiError>,
    ) -> Verdict {
        Verdict::Unknown
    }
    fn confirmed_reply(&self, _write: &Operation, read: Reply) -> Reply {
        read
    }
}
