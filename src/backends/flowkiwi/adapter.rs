//! Flowkiwi behind the backend seam: a bearer token on every call, JSON-LD asked
//! for and sent (merge-patch for PATCH), its requests (`call`), its answers in
//! either Hydra spelling (`decode`), API Platform's error documents first
//! (`problem`), and lost writes settled by re-reading (`settle`).

use reqwest::header::{HeaderName, HeaderValue};

use super::schema::SCHEMA;
use super::{call, decode, problem, settle};
use crate::api::backend::{
    self, Answer, Backend, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use crate::api::error::ApiError;
use crate::api::model::{Capability, Operation, Reply};
use crate::api::problem::Problem;
use crate::api::schema::Schema;
use crate::api::secret::Secret;

/// The body keys of an organization's create and rename.
const ORG_FORM: &[&str] = &["name"];
/// The body keys of adding a member, inviting, and changing a role.
const PERSON_FORM: &[&str] = &["email", "role"];

#[derive(Debug, Clone, Copy, Default)]
pub struct Flowkiwi;

impl Backend for Flowkiwi {
    fn name(&self) -> &'static str {
        "flowkiwi"
    }

    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }

    /// One role, a partner: what it may do at an organization is the server's
    /// to say (owners only, 403).
    fn role_allows(&self, role: &str, capability: Capability, _on_self: bool) -> bool {
        SCHEMA
            .role(role)
            .or(SCHEMA.roles.first())
            .is_some_and(|spec| spec.allows(capability))
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        backend::bearer_auth(credential)
    }

    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        call::call(op, paging)
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        decode::decode(op, answer)
    }

    fn problem(&self, op: &Operation, answer: &Answer<'_>) -> Option<Problem> {
        problem::problem(op, answer, self.form_fields(op))
    }

    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        match op {
            Operation::CreateNode { .. } | Operation::UpdateNode { .. } => ORG_FORM,
            Operation::AddMembers { .. } | Operation::UpdateMember { .. } => PERSON_FORM,
            _ => &[],
        }
    }

    /// The collections are missing when they answer 404; members and invitations
    /// are orgdeck's own rows of the contract, which a real server may lack. An
    /// item's 404 is that item gone.
    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        matches!(
            op,
            Operation::WhoAmI
                | Operation::ListNodes { .. }
                | Operation::CreateNode { .. }
                | Operation::ListParties { .. }
                | Operation::AddMembers { .. }
        )
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
    use crate::api::model::{Target, Verb};
    use crate::backends::flowkiwi::schema::ORGANIZATION;

    #[test]
    fn a_partner_signs_in_with_a_bearer_token_and_may_try_everything() {
        let headers = Flowkiwi.auth(&Secret::new("fk-token-9")).unwrap();
        assert_eq!(headers[0].1, "Bearer fk-token-9");
        assert!(headers[0].1.is_sensitive());
        let delete = Capability::new(Verb::Delete, Target::Level(ORGANIZATION));
        assert!(Flowkiwi.role_allows("partner", delete, false));
        assert!(Flowkiwi.role_allows("someone-new", delete, false));
    }
}
