//! Sequence behind the backend seam: HTTP Basic with the API client's id and
//! secret and the pinned `Sequence-Version` on every call, its requests (`call`),
//! its answers (`decode`), its error envelope first (`problem`), and lost writes
//! settled by re-reading (`settle`). Organizations have no read path of their own,
//! so the adapter remembers, from every answer that shows one, which customer owns
//! it: reading one organization or its members then starts at the owner's record.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use reqwest::header::{HeaderName, HeaderValue};

use super::schema::{ORGANIZATION, SCHEMA, VERSION_OPTION};
use super::wire::{API_VERSION, CustomerOrganization, VERSION_HEADER};
use super::{call, decode, problem, settle};
use crate::api::backend::{
    self, Answer, Backend, CredentialKind, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use crate::api::error::ApiError;
use crate::api::model::{Capability, Operation, Reply};
use crate::api::problem::Problem;
use crate::api::schema::{BackendOptions, Schema};
use crate::api::secret::Secret;

const CREATE_FORM: &[&str] = &["ownerId", "memberIds"];
const MEMBERS_FORM: &[&str] = &["customerIds"];

/// Most organizations whose owner is remembered: past this the index starts
/// over, and reads fall back to scanning, rather than grow without bound.
const INDEX_MAX: usize = 200_000;

#[derive(Debug, Default)]
pub struct Sequence {
    /// The `Sequence-Version` sent with every call.
    version: String,
    /// Organization id → the organization as last seen (its owner and members).
    owners: Mutex<HashMap<String, CustomerOrganization>>,
    /// The API client's id (the credential's non-secret half), once `auth` saw it.
    client_id: Mutex<Option<String>>,
}

impl Sequence {
    /// The adapter for a profile's options (`sequence_version`; the one version
    /// with customer organizations when unset).
    pub fn new(options: &BackendOptions) -> Sequence {
        let version = options
            .get(VERSION_OPTION)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .unwrap_or(API_VERSION);
        Sequence {
            version: version.to_owned(),
            ..Sequence::default()
        }
    }

    fn owner_of(&self, org: &str) -> Option<String> {
        self.owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(org)
            .map(|known| known.owner.id.clone())
    }

    fn known(&self, org: &str) -> Option<CustomerOrganization> {
        self.owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(org)
            .cloned()
    }

    fn learn(&self, org: &CustomerOrganization) {
        let mut owners = self.owners.lock().unwrap_or_else(PoisonError::into_inner);
        if owners.len() >= INDEX_MAX && !owners.contains_key(&org.id) {
            owners.clear();
        }
        owners.insert(org.id.clone(), org.clone());
    }
}

impl Backend for Sequence {
    fn name(&self) -> &'static str {
        "sequence"
    }

    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }

    fn credential(&self) -> CredentialKind {
        CredentialKind::IdSecret
    }

    /// An API client may use everything the API offers.
    fn role_allows(&self, role: &str, capability: Capability, _on_self: bool) -> bool {
        SCHEMA
            .role(role)
            .or(SCHEMA.roles.first())
            .is_some_and(|spec| spec.allows(capability))
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        let mut headers = backend::basic_auth(credential)?;
        if let Some((id, _)) = credential.expose().split_once(':') {
            *self
                .client_id
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(id.trim().to_owned());
        }
        let version = HeaderValue::try_from(self.version.as_str()).map_err(|_| {
            format!("{VERSION_OPTION} holds characters an HTTP header cannot carry")
        })?;
        headers.push((HeaderName::from_static(VERSION_HEADER), version));
        Ok(headers)
    }

    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        call::call(op, paging, &|org| self.owner_of(org))
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        let seen = decode::Seen {
            client_id: self
                .client_id
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            learn: &|org| self.learn(org),
            known: &|org| self.known(org),
        };
        decode::decode(op, answer, &seen)
    }

    fn problem(&self, _op: &Operation, answer: &Answer<'_>) -> Option<Problem> {
        problem::problem(answer.status.as_u16(), answer.body)
    }

    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        match op {
            Operation::CreateNode { .. } => CREATE_FORM,
            Operation::AddMembers { .. } | Operation::SetMembers { .. } => MEMBERS_FORM,
            _ => &[],
        }
    }

    /// Organizations have no path of their own: name the one the client reads.
    fn endpoint(&self, op: &Operation) -> String {
        match op {
            Operation::GetNode { level, .. } if *level == ORGANIZATION => {
                "GET /api/customers/{ownerId}".to_owned()
            }
            _ => match self.call(op, Paging::default()) {
                Ok(call) => format!("{} /{}", call.method, call.segments.join("/")),
                Err(unsupported) => unsupported.to_string(),
            },
        }
    }

    /// A 404 on the collections is a missing endpoint; on `/customers/{id}` or an
    /// organization's members it is a missing customer or organization.
    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        match op {
            Operation::WhoAmI | Operation::CreateNode { .. } => true,
            Operation::ListNodes { filter, .. } => filter.fields.is_empty(),
            Operation::ListParties { scope, .. } => {
                matches!(scope, crate::api::model::Scope::Tenant(_))
            }
            _ => false,
        }
    }

    fn settle(&self, write: &Operation) -> Settle {
        settle::settle(write)
    }

    fn applied(
        &self,
        write: &Operation,
        before: &Result<Reply, ApiError>,
        after: &Result<Reply, ApiError>,
    ) -> Verdict {
        settle::verdict(write, before, after)
    }

    fn confirmed_reply(&self, write: &Operation, read: Reply) -> Reply {
        settle::confirmed_reply(write, read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::schema::option_defaults;

    #[test]
    fn every_call_carries_basic_auth_and_the_profile_s_version() {
        let seq = Sequence::new(&option_defaults(SCHEMA.options));
        let headers = seq.auth(&Secret::new("client-7:s3cret")).unwrap();
        assert_eq!(headers[0].1, "Basic Y2xpZW50LTc6czNjcmV0");
        assert!(headers[0].1.is_sensitive());
        assert_eq!(headers[1].0.as_str(), "sequence-version");
        assert_eq!(headers[1].1, "2024-07-30");
        let mut options = option_defaults(SCHEMA.options);
        options.insert(VERSION_OPTION, "2030-01-01".to_owned());
        let pinned = Sequence::new(&options).auth(&Secret::new("a:b")).unwrap();
        assert_eq!(pinned[1].1, "2030-01-01");
        let bare = seq.auth(&Secret::new("no-colon-secret")).unwrap_err();
        assert!(!bare.contains("no-colon-secret"), "{bare}");
    }

    #[test]
    fn the_caller_is_named_after_the_client_id_never_the_secret() {
        let seq = Sequence::new(&option_defaults(SCHEMA.options));
        seq.auth(&Secret::new("client-7:s3cret")).unwrap();
        let body = br#"{"items": [], "pagination": {"totalResultSize": 0}}"#;
        let Ok(Decoded::Reply(Reply::Caller(me))) =
            seq.decode(&Operation::WhoAmI, &Answer::ok(body))
        else {
            panic!("who-am-I answers the caller");
        };
        assert_eq!(
            (me.id.as_str(), me.role.as_str()),
            ("client-7", "api-client")
        );
        assert!(!format!("{me:?}").contains("s3cret"));
    }
}
