//! A Sequence tenant as the console tests hand it to the console: customer
//! organizations (an owner and its members), customers and their pages, an
//! organization's tab, and a console on one Sequence tenant whose who-am-I is
//! answered. The console never calls its backend (the tests answer by hand), so
//! the tenant's backend here only declares: its schema and that an API client
//! may do everything. The pickers over the customers view search the server:
//! the helpers at the end answer those searches, or fail them.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::backend::CredentialKind;
use orgdeck::api::model::{
    Caller, Cursor, MemberState, Membership, Node, NodeState, Operation, Page, Party, PartyKind,
    Record, Reply, Scope,
};
use orgdeck::api::value::Value;
use orgdeck::app::screens::Screen;
use orgdeck::app::{Msg, Tenant};
use orgdeck::backends::sequence::schema::{
    CUSTOMER_ID, CUSTOMER_ORGS, CUSTOMERS, DOMAIN, LEGAL_NAME, MEMBER_COUNT, MEMBER_NAMES,
    MEMBERS_TAB, ORGANIZATION, OWNER_ID, OWNER_NAME, ROLE, SCHEMA, SEARCH, STATUS,
};

use super::console::{Console, Sent, connect_error};
use super::declared::Declared;

/// A customer id, UUID-shaped as Sequence's are: `n` in its last group.
pub fn customer_id(n: usize) -> String {
    format!("7d0e1c2a-0000-4000-8000-{n:012}")
}

/// Organization `n`'s id.
pub fn org_id(n: usize) -> String {
    format!("0a9f5e11-0000-4000-8000-{n:012}")
}

/// The name of customer `n`: "Customer 00042 Ltd".
pub fn customer_name(n: usize) -> String {
    format!("Customer {n:05} Ltd")
}

/// A customer record: its legal name, id, domain and (inside an organization's
/// tab) role; `orgs` fills the organizations field where not empty.
fn record(id: &str, name: &str, domain: String, role: Option<&str>, orgs: &[&str]) -> Record {
    Record::read(SCHEMA.party_fields, |field| match field {
        LEGAL_NAME => Value::Text(name.into()),
        CUSTOMER_ID => Value::Text(id.into()),
        STATUS => Value::Word("ACTIVE"),
        DOMAIN => Value::Text(domain.clone()),
        ROLE => Value::text(role),
        CUSTOMER_ORGS if !orgs.is_empty() => Value::Text(orgs.join(", ")),
        _ => Value::Empty,
    })
}

fn party(id: &str, record: Record, role: Option<&str>, orgs: &[&str]) -> Party {
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

/// Customer `n` with its domain and the organizations it belongs to.
pub fn customer(n: usize, role: Option<&str>, orgs: &[&str]) -> Party {
    named_customer(&customer_id(n), &customer_name(n), role, orgs)
}

/// A customer with this id and legal name, its domain made from the whole name
/// ("acme-billing-ltd.example"), as the customers view lists it.
pub fn named_customer(id: &str, name: &str, role: Option<&str>, orgs: &[&str]) -> Party {
    let domain = format!(
        "{}.example",
        name.to_lowercase().replace(' ', "-").replace('.', "")
    );
    party(id, record(id, name, domain, role, orgs), role, orgs)
}

/// Customer `n`, named `name`, as organization `org`'s tab lists it (`role`
/// there), its domain from the name's first word ("beta.example").
pub fn tab_customer(n: usize, name: &str, role: &str, org: &str) -> Party {
    let id = customer_id(n);
    let domain = format!(
        "{}.example",
        name.split(' ').next().unwrap_or("x").to_lowercase()
    );
    let record = record(&id, name, domain, Some(role), &[]);
    party(&id, record, Some(role), &[org])
}

/// Organization `n` owned by customer `owner`, with these members: (n, name).
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

/// Organization `n`, owned by customer `n`, with `members` members after it.
pub fn numbered_org(n: usize, members: usize) -> Node {
    let names: Vec<(usize, String)> = (1..=members)
        .map(|m| (n + m, customer_name(n + m)))
        .collect();
    let names: Vec<(usize, &str)> = names.iter().map(|(m, name)| (*m, name.as_str())).collect();
    org(n, (n, &customer_name(n)), &names)
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

/// The tab of organization `n`: the owner first, then each member.
pub fn tab(n: usize, owner: (usize, &str), members: &[(usize, &str)]) -> Vec<Party> {
    let at = org_id(n);
    std::iter::once(tab_customer(owner.0, owner.1, "owner", &at))
        .chain(
            members
                .iter()
                .map(|(m, name)| tab_customer(*m, name, "member", &at)),
        )
        .collect()
}

pub const OWNER: (usize, &str) = (1, "Acme Holdings");
pub const MEMBERS: [(usize, &str); 3] = [(2, "Beta Ltd"), (3, "Gamma GmbH"), (4, "Delta SA")];

/// The organizations list: Acme Holdings (three members), then Orion Group.
pub fn orgs() -> Vec<Node> {
    vec![org(1, OWNER, &MEMBERS), org(2, (9, "Orion Group"), &[])]
}

/// A console on one Sequence tenant, "billing", on the tenants pane, its
/// who-am-I answered.
pub fn console() -> Console {
    let on = Tenant::new("billing", "https://sequence.example/api", false).with_backend(Arc::new(
        Declared {
            name: "sequence",
            schema: &SCHEMA,
            credential: CredentialKind::IdSecret,
        },
    ));
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
    console
}

/// The console on the tenant's organizations, `orgs()` loaded.
pub fn on_orgs() -> Console {
    let mut console = console();
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
                scope: Scope::Node { .. },
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

/// The customers search a picker has out (the newest, not cancelled): the
/// view's first page, or what was typed.
pub fn search(console: &Console) -> Sent {
    console
        .unanswered()
        .into_iter()
        .rev()
        .find(|s| {
            matches!(&s.op, Operation::ListParties { scope: Scope::Tenant(view), .. } if *view == CUSTOMERS)
                && !console.io.cancelled.iter().any(|(_, id)| *id == s.id)
        })
        .unwrap_or_else(|| panic!("no customers search out: {:?}", console.io.sent))
}

/// Answers the picker's search with these customers.
pub fn answer_search(console: &mut Console, found: Vec<Party>) {
    let sent = search(console);
    console.answer(sent.id, Ok(Reply::Parties(Page::one(found))));
}

/// In the focused picker, as an operator does: types `text`, lets the server's
/// search for it go out (the typing rests at once here), answers it with
/// `found` and picks the first match with Enter.
pub fn pick_by_name(console: &mut Console, text: &str, found: Vec<Party>) {
    console.app.search_after = Duration::ZERO;
    console.type_text(text);
    console.send(Msg::Tick);
    let sent = search(console);
    let Operation::ListParties { filter, .. } = &sent.op else {
        unreachable!()
    };
    assert_eq!(
        filter.values(SEARCH),
        [text.to_owned()],
        "searched for what was typed"
    );
    console.answer(sent.id, Ok(Reply::Parties(Page::one(found))));
    console.press(KeyCode::Enter);
}

/// Fails the picker's search: the field falls back to typed ids.
pub fn fail_search(console: &mut Console) {
    let sent = search(console);
    console.answer(sent.id, Err(connect_error("sequence.example")));
}
