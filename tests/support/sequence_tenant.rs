//! A Sequence tenant as the console tests hand it over: customer organizations
//! (an owner and members), the customers an organization's tab lists, and a
//! console on one Sequence tenant, its who-am-I answered and its first
//! organization's tab open. The backend draws from Sequence's schema alone: the
//! console tests answer by hand and never reach its calls.

use std::sync::Arc;

use crossterm::event::KeyCode;
use orgdeck::api::backend::{Answer, Backend, Decoded, HttpCall, Paging, Settle, Unsupported};
use orgdeck::api::backend::{CredentialKind, Verdict};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{
    Caller, Capability, MemberState, Membership, Node, NodeState, Operation, Page, Party,
    PartyKind, Record, Reply,
};
use orgdeck::api::schema::Schema;
use orgdeck::api::secret::Secret;
use orgdeck::api::value::Value;
use orgdeck::app::Tenant;
use orgdeck::app::screens::Screen;
use orgdeck::backends::sequence::schema::{
    CUSTOMER_ID, DOMAIN, LEGAL_NAME, MEMBER_COUNT, MEMBER_NAMES, MEMBERS_TAB, ORGANIZATION,
    OWNER_ID, OWNER_NAME, ROLE, SCHEMA, STATUS,
};
use reqwest::header::{HeaderName, HeaderValue};

use super::console::Console;

/// Sequence's screens with no wire behind them.
pub struct SchemaOnly;

impl Backend for SchemaOnly {
    fn name(&self) -> &'static str {
        "sequence"
    }
    fn schema(&self) -> &'static Schema {
        &SCHEMA
    }
    fn credential(&self) -> CredentialKind {
        CredentialKind::IdSecret
    }
    fn role_allows(&self, _role: &str, _capability: Capability, _on_self: bool) -> bool {
        true
    }
    fn auth(&self, _credential: &Secret) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
        Ok(Vec::new())
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

/// A customer id, UUID-shaped as Sequence's are: `n` in its last group.
pub fn customer_id(n: usize) -> String {
    format!("7d0e1c2a-0000-4000-8000-{n:012}")
}

/// Organization `n`'s id.
pub fn org_id(n: usize) -> String {
    format!("0a9f5e11-0000-4000-8000-{n:012}")
}

/// Customer `n`, named `name`, as an organization's tab lists it (`role` there).
pub fn customer(n: usize, name: &str, role: &str, org: &str) -> Party {
    let id = customer_id(n);
    let domain = format!(
        "{}.example",
        name.split(' ').next().unwrap_or("x").to_lowercase()
    );
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        LEGAL_NAME => Value::Text(name.into()),
        CUSTOMER_ID => Value::Text(id.clone()),
        STATUS => Value::Word("ACTIVE"),
        DOMAIN => Value::Text(domain.clone()),
        ROLE => Value::Text(role.into()),
        _ => Value::Empty,
    });
    let membership = Membership {
        node: org.into(),
        role: Some(role.into()),
        state: MemberState::Active,
    };
    Party::new(
        &id,
        PartyKind::Customer,
        MemberState::Active,
        record,
        Box::new([membership]),
    )
}

/// An organization owned by customer `owner`, with these members: (n, name).
pub fn org(n: usize, owner: (usize, &str), members: &[(usize, &str)]) -> Node {
    let fields = SCHEMA.level(ORGANIZATION).expect("organizations").fields;
    let names: Vec<&str> = members.iter().map(|(_, name)| *name).collect();
    Node {
        id: org_id(n),
        level: ORGANIZATION,
        parent: None,
        name: owner.1.into(),
        state: NodeState::Active,
        record: Record::read(fields, |field| match field {
            OWNER_NAME => Value::Text(owner.1.into()),
            OWNER_ID => Value::Text(customer_id(owner.0)),
            MEMBER_COUNT => Value::Number(members.len() as i64),
            MEMBER_NAMES if !names.is_empty() => Value::Text(names.join(", ")),
            _ => Value::Empty,
        }),
    }
}

/// The tab of that organization: the owner first, then each member.
pub fn tab(n: usize, owner: (usize, &str), members: &[(usize, &str)]) -> Vec<Party> {
    let at = org_id(n);
    std::iter::once(customer(owner.0, owner.1, "owner", &at))
        .chain(
            members
                .iter()
                .map(|(m, name)| customer(*m, name, "member", &at)),
        )
        .collect()
}

pub const OWNER: (usize, &str) = (1, "Acme Holdings");
pub const MEMBERS: [(usize, &str); 3] = [(2, "Beta Ltd"), (3, "Gamma GmbH"), (4, "Delta SA")];

/// The organizations list: Acme Holdings (three members), then Orion Group.
pub fn orgs() -> Vec<Node> {
    vec![org(1, OWNER, &MEMBERS), org(2, (9, "Orion Group"), &[])]
}

/// A console on one Sequence tenant with the organizations list loaded.
pub fn on_orgs() -> Console {
    let on = Tenant::new("billing", "https://sequence.example/api", false)
        .with_backend(Arc::new(SchemaOnly));
    let mut console = Console::with_tenants(vec![on], &[], false);
    let whoami = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == Operation::WhoAmI)
        .expect("who-am-I is asked first");
    let me = Caller {
        id: "demo-client".into(),
        label: "demo-client".into(),
        role: "api-client".into(),
        tenant: None,
        party: None,
        roles: Vec::new(),
    };
    console.answer(whoami.id, Ok(Reply::Caller(me)));
    console.press(KeyCode::Enter);
    answer_lists(&mut console, orgs(), Vec::new());
    console
}

/// Answers every list still waiting: the organizations with `orgs`, a node
/// tab with `tab`, any other list of parties with nothing.
pub fn answer_lists(console: &mut Console, orgs: Vec<Node>, tab: Vec<Party>) {
    for sent in console.unanswered() {
        let reply = match &sent.op {
            Operation::ListNodes { .. } => Reply::Nodes(Page::one(orgs.clone())),
            Operation::ListParties {
                scope: orgdeck::api::model::Scope::Node { .. },
                ..
            } => Reply::Parties(Page::one(tab.clone())),
            Operation::ListParties { .. } => Reply::Parties(Page::one(Vec::new())),
            _ => continue,
        };
        console.answer(sent.id, Ok(reply));
    }
}

/// The console on Acme Holdings' Owner & members tab, its parties loaded.
pub fn on_tab() -> Console {
    let mut console = on_orgs();
    console.press(KeyCode::Enter);
    assert!(
        matches!(console.app.screen(), Screen::Node { tab, .. } if *tab == MEMBERS_TAB),
        "Enter opens the organization's tab: {:?}",
        console.app.screen()
    );
    answer_lists(&mut console, orgs(), tab(1, OWNER, &MEMBERS));
    console
}

/// The last unanswered request that is one of these, with its id.
pub fn pending(console: &Console, wanted: impl Fn(&Operation) -> bool) -> (u64, Operation) {
    let sent = console
        .unanswered()
        .into_iter()
        .rev()
        .find(|s| wanted(&s.op))
        .unwrap_or_else(|| panic!("not sent: {:?}", console.io.sent));
    (sent.id, sent.op)
}
