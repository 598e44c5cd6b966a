//! BitGo behind the backend seam: Bearer tokens (signed for the organization-user
//! API), its requests (`call`), its
//! answers (`decode`), its error envelope first (`problem`), and lost writes
//! settled by what a create's key made (`settle`).

use reqwest::header::{HeaderName, HeaderValue};

use super::schema::SCHEMA;
use super::{call, decode, problem, settle, sign};
use crate::api::backend::{
    self, Answer, Backend, Decoded, HttpCall, Outgoing, Paging, Settle, Unsupported, Verdict,
};
use crate::api::error::ApiError;
use crate::api::model::{Capability, Operation, Reply};
use crate::api::problem::Problem;
use crate::api::schema::Schema;
use crate::api::secret::Secret;

const ENTERPRISE_FORM: &[&str] = &[
    "email",
    "idempotencyKey",
    "additionalAdmins",
    "accountType",
    "thirdPartyIdentifier",
];
const USER_FORM: &[&str] = &["username", "permission", "invite"];

#[derive(Debug, Clone, Copy, Default)]
pub struct BitGo;

impl Backend for BitGo {
    fn name(&self) -> &'static str {
        "bitgo"
    }

    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }

    /// The organization role the caller holds; a role BitGo does not define gets
    /// what its least privileged role gets.
    fn role_allows(&self, role: &str, capability: Capability, _on_self: bool) -> bool {
        SCHEMA
            .role(role)
            .or(SCHEMA.roles.first())
            .is_some_and(|spec| spec.allows(capability))
    }

    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        backend::bearer_auth(credential)
    }

    /// The organization-user API wants its calls signed (see `sign`).
    fn sign(
        &self,
        call: &HttpCall,
        request: &Outgoing<'_>,
    ) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        if !sign::wants_signing(call) {
            return Ok(Vec::new());
        }
        sign::headers(
            request.credential.expose(),
            request.now_ms,
            request.path_and_query,
            request.body,
        )
    }

    fn call(&self, op: &Operation, paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        call::call(op, paging)
    }

    fn decode(&self, op: &Operation, answer: &Answer<'_>) -> Result<Decoded, String> {
        decode::decode(op, answer)
    }

    fn problem(&self, _op: &Operation, answer: &Answer<'_>) -> Option<Problem> {
        problem::problem(answer.status.as_u16(), answer.body)
    }

    fn form_fields(&self, op: &Operation) -> &'static [&'static str] {
        match op {
            Operation::CreateNode { .. } => ENTERPRISE_FORM,
            Operation::AddMembers { .. } => USER_FORM,
            _ => &[],
        }
    }

    fn missing_endpoint_on_404(&self, op: &Operation) -> bool {
        matches!(
            op,
            Operation::WhoAmI
                | Operation::ListNodes { .. }
                | Operation::ListParties { .. }
                | Operation::ListApprovals { .. }
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
    use crate::backends::bitgo::schema::{ENTERPRISE, ORGANIZATION};

    #[test]
    fn bitgo_signs_in_with_a_bearer_token_and_follows_its_role_matrix() {
        let headers = BitGo.auth(&Secret::new("v2x-token")).unwrap();
        assert_eq!(headers[0].1, "Bearer v2x-token");
        assert!(headers[0].1.is_sensitive());
        let create = Capability::new(Verb::Create, Target::Level(ENTERPRISE));
        assert!(BitGo.role_allows("admin", create, false));
        assert!(!BitGo.role_allows("member", create, true));
        assert!(!BitGo.role_allows("someone-new", create, false));
        let list = Capability::new(Verb::List, Target::Level(ORGANIZATION));
        assert!(BitGo.role_allows("customer", list, false));
    }

    #[test]
    fn the_contract_s_gaps_are_refused_before_anything_is_sent() {
        let delete = Operation::DeleteNode {
            level: ENTERPRISE,
            id: "fedcba9876543210fedcba9876543210".into(),
        };
        assert!(BitGo.call(&delete, Paging::default()).is_err());
        assert_eq!(BitGo.settle(&delete), Settle::Unknown);
    }
}
