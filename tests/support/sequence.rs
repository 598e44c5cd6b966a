//! Sequence as the console tests hand it to the console: customer organizations
//! (an owner and its members), customers and their pages, and a console on a
//! tenant drawn from Sequence's schema whose who-am-I is answered. The console
//! never calls its backend (the fake dispatch answers), so the tenant's backend
//! here only declares: its schema and that an API client may do everything.

use std::sync::Arc;

use orgdeck::api::backend::{
    Answer, Backend, Decoded, HttpCall, Paging, Settle, Unsupported, Verdict,
};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{
    Caller, Capability, Cursor, MemberState, Membership, Node, NodeState, Operation, Page, Party,
    PartyKind, Record, Reply,
};
use orgdeck::api::schema::Schema;
use orgdeck::api::secret::Secret;
use orgdeck::api::value::Value;
use orgdeck::app::Tenant;
use orgdeck::backends::sequence::schema::{
    self, CUSTOMER_ID, CUSTOMER_ORGS, DOMAIN, LEGAL_NAME, MEMBER_COUNT, MEMBER_NAMES, ORGANIZATION,
    OWNER_ID, OWNER_NAME, ROLE, STATUS,
};
use reqwest::header::{HeaderName, HeaderValue};

use super::console::Console;

/// Sequence's schema, and nothing of its wire.
pub struct Declared;

impl Backend for Declared {
    fn name(&self) -> &'static str {
        "sequence"
    }
    fn schema(&self) -> &'static Schema {
        &schema::SCHEMA
    }
    fn role_allows(&self, _role: &str, _capability: Capability, _on_self: bool) -> bool {
        true
    }
    fn auth(&self, credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        orgdeck::api::backend::basic_auth(credential)
    }
    fn call(&self, _op: &Operation, _paging: Paging<'_>) -> Result<HttpCall, Unsupported> {
        Err(Unsupported("calls: the console tests answer by hand"))
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

/// Customer `n`'s id: a UUID-shaped one, as Sequence issues.
pub fn customer_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// Organization `n`'s id.
pub fn org_id(n: usize) -> String {
    format!("0a000000-0000-4000-8000-{n:012}")
}

/// The name of customer `n`: "Customer 00042 Ltd".
pub fn customer_name(n: usize) -> String {
    format!("Customer {n:05} Ltd")
}

/// Customer `n` with its domain and the organizations it belongs to.
pub fn customer(n: usize, role: Option<&str>, orgs: &[&str]) -> Party {
    named_customer(&customer_id(n), &customer_name(n), role, orgs)
}

/// A customer with this id and legal name, its domain made from the name.
pub fn named_customer(id: &str, name: &str, role: Option<&str>, orgs: &[&str]) -> Party {
    let domain = format!(
        "{}.example",
        name.to_lowercase().replace(' ', "-").replace('.', "")
    );
    let record = Record::read(schema::SCHEMA.party_fields, |field| match field {
        LEGAL_NAME => Value::Text(name.into()),
        CUSTOMER_ID => Value::Text(id.into()),
        STATUS => Value::Word("ACTIVE"),
        DOMAIN => Value::Text(domain.clone()),
        ROLE => Value::text(role),
        CUSTOMER_ORGS if !orgs.is_empty() => Value::Text(orgs.join(", ")),
        _ => Value::Empty,
    });
    let memberships: Vec<Membership> = orgs
        .iter()
        .map(|org| Membership {
            node: (*org).into(),
            role: role.map(Into::into),
            state: MemberState::Active,
        })
        .collect();
    Party::new(
        id,
        PartyKind::Customer,
        MemberState::Active,
        record,
        memberships.into_boxed_slice(),
    )
}

/// Organization `id` owned by `owner`, with these member names.
pub fn org(id: &str, owner: (&str, &str), members: &[&str]) -> Node {
    let fields = schema::SCHEMA
        .level(ORGANIZATION)
        .expect("organizations")
        .fields;
    Node {
        id: id.into(),
        level: ORGANIZATION,
        parent: None,
        name: owner.1.into(),
        state: NodeState::Active,
        record: Record::read(fields, |field| match field {
            OWNER_NAME => Value::Text(owner.1.into()),
            OWNER_ID => Value::Text(owner.0.into()),
            MEMBER_COUNT => Value::Number(members.len() as i64),
            MEMBER_NAMES if !members.is_empty() => Value::Text(members.join(", ")),
            _ => Value::Empty,
        }),
    }
}

/// Organization `n`, owned by customer `n`, with `members` members after it.
pub fn numbered_org(n: usize, members: usize) -> Node {
    let names: Vec<String> = (1..=members).map(|m| customer_name(n + m)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    org(
        &org_id(n),
        (&customer_id(n), &customer_name(n)),
        names.as_slice(),
    )
}

/// Customers `from..to`, with the cursor of the page after them unless `to` is
/// `total`, which the page says.
pub fn customers_page(from: usize, to: usize, total: usize) -> Reply {
    Reply::Parties(Page {
        items: (from..to).map(|n| customer(n, None, &[])).collect(),
        next: (to < total).then(|| Cursor::new(customer_id(to - 1))),
        total: Some(total as u64),
    })
}

/// A console on one Sequence tenant, "billing", on the tenants pane, its
/// who-am-I answered.
pub fn console() -> Console {
    let on = Tenant::new("billing", "https://sandbox.sequencehq.example/api", false)
        .with_backend(Arc::new(Declared));
    let mut console = Console::with_tenants(vec![on], &[], false);
    let whoami = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == Operation::WhoAmI)
        .expect("who-am-I is asked first");
    let me = Caller {
        id: "api-client".into(),
        label: "billing API client".into(),
        role: "api-client".into(),
        tenant: None,
        party: None,
        roles: Vec::new(),
    };
    console.answer(whoami.id, Ok(Reply::Caller(me)));
    console
}
