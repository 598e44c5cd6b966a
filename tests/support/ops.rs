//! The neutral operations the tests send, built once, in MuninX's schema words,
//! and what the answers hold, read once: so a test says `ops::create_org("Acme",
//! &["acme.com"])` and `ops::domains(&org)`, and only this file knows how those
//! are spelled in the model.

use orgdeck::api::model::{
    Caller, Filter, MemberState, Node, Operation, Party, Reply, Scope, ValueRef, WriteNote,
};
use orgdeck::api::schema::{FieldId, Level};
use orgdeck::api::value::{Changes, Draft, Value};
use orgdeck::backends::muninx::schema::{
    AGENT_TYPE, AUTO_ASSIGN, DISPLAY_NAME, DOMAINS, EMAIL, EXTERNAL_REF, INVITES, LAST_NAME,
    MEMBERS, NAME, NOTES, ORGANIZATION, ORGANIZATION_FIELD, PENDING, SCHEMA, STAFF, STATUS, TYPE,
    USER_STATUS, USERS,
};

#[allow(unused_imports)]
pub use orgdeck::backends::muninx::schema as fields;

pub fn level() -> &'static Level {
    SCHEMA.level(ORGANIZATION).expect("MuninX's one level")
}

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|d| (*d).to_owned()).collect())
}

// --- reads ---

pub fn list_orgs() -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter::default(),
        page: None,
    }
}

/// Organizations in `status` ("active", "suspended").
pub fn list_orgs_in(status: &str) -> Operation {
    Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Filter {
            fields: vec![(STATUS, vec![status.to_owned()])],
            states: Vec::new(),
        },
        page: None,
    }
}

pub fn get_org(id: &str) -> Operation {
    Operation::GetNode {
        level: ORGANIZATION,
        id: id.to_owned(),
    }
}

pub fn lookup(domain: &str) -> Operation {
    Operation::FindNode {
        level: ORGANIZATION,
        field: DOMAINS,
        value: domain.to_owned(),
    }
}

/// Everyone (`GET /users`).
pub fn list_people() -> Operation {
    list_people_where(Filter::default())
}

pub fn list_people_where(filter: Filter) -> Operation {
    Operation::ListParties {
        scope: Scope::Tenant(USERS),
        filter,
        page: None,
    }
}

/// People in these states (`GET /users?status=…`).
pub fn list_people_in(states: &[MemberState]) -> Operation {
    list_people_where(Filter {
        fields: Vec::new(),
        states: states.to_vec(),
    })
}

/// People with these types (`GET /users?type=…`), optionally of one organization.
pub fn list_people_of(types: &[&str], org: Option<&str>) -> Operation {
    let mut fields = Vec::new();
    if !types.is_empty() {
        fields.push((TYPE, types.iter().map(|t| (*t).to_owned()).collect()));
    }
    if let Some(org) = org {
        fields.push((ORGANIZATION_FIELD, vec![org.to_owned()]));
    }
    list_people_where(Filter {
        fields,
        states: Vec::new(),
    })
}

/// An organization's members (its Members tab).
pub fn members_of(org: &str) -> Operation {
    Operation::ListParties {
        scope: org_tab(org, MEMBERS),
        filter: Filter::default(),
        page: None,
    }
}

pub fn get_person(email: &str) -> Operation {
    Operation::GetParty {
        id: email.to_owned(),
    }
}

pub fn staff_view() -> Scope {
    Scope::Tenant(STAFF)
}

pub fn invites_view() -> Scope {
    Scope::Tenant(PENDING)
}

pub fn everyone() -> Scope {
    Scope::Tenant(USERS)
}

pub fn org_tab(org: &str, tab: orgdeck::api::schema::TabId) -> Scope {
    Scope::Node {
        level: ORGANIZATION,
        id: org.to_owned(),
        tab,
    }
}

pub fn invites_tab(org: &str) -> Scope {
    org_tab(org, INVITES)
}

// --- writes ---

pub fn draft(values: Vec<(FieldId, Value)>) -> Draft {
    Draft {
        values,
        idempotency_key: None,
    }
}

pub fn create_org(name: &str, domains: &[&str]) -> Operation {
    create_org_with(vec![(DISPLAY_NAME, text(name)), (DOMAINS, list(domains))])
}

pub fn create_org_with(values: Vec<(FieldId, Value)>) -> Operation {
    Operation::CreateNode {
        level: ORGANIZATION,
        parent: None,
        draft: draft(values),
    }
}

/// An edit of an organization: these fields set to these values.
pub fn edit_org(id: &str, values: Vec<(FieldId, Value)>) -> Operation {
    Operation::UpdateNode {
        level: ORGANIZATION,
        id: id.to_owned(),
        changes: Changes { values },
    }
}

pub fn rename_org(id: &str, name: &str) -> Operation {
    edit_org(id, vec![(DISPLAY_NAME, text(name))])
}

pub fn set_domains(id: &str, domains: &[&str]) -> Operation {
    edit_org(id, vec![(DOMAINS, list(domains))])
}

pub fn set_external_ref(id: &str, url: Option<&str>) -> Operation {
    edit_org(id, vec![(EXTERNAL_REF, url.map_or(Value::Empty, text))])
}

pub fn set_notes(id: &str, notes: Option<&str>) -> Operation {
    edit_org(id, vec![(NOTES, notes.map_or(Value::Empty, text))])
}

pub fn suspend_org(id: &str) -> Operation {
    Operation::ToggleNode {
        level: ORGANIZATION,
        id: id.to_owned(),
        on: true,
    }
}

pub fn activate_org(id: &str) -> Operation {
    Operation::ToggleNode {
        level: ORGANIZATION,
        id: id.to_owned(),
        on: false,
    }
}

pub fn delete_org(id: &str) -> Operation {
    Operation::DeleteNode {
        level: ORGANIZATION,
        id: id.to_owned(),
    }
}

/// An invite: email, name, last name, type, and the organization for a customer
/// or the agent type for staff.
pub fn invite(
    email: &str,
    name: &str,
    last_name: &str,
    kind: &str,
    org: Option<&str>,
) -> Operation {
    let mut values = vec![
        (EMAIL, text(email)),
        (NAME, text(name)),
        (LAST_NAME, text(last_name)),
        (TYPE, text(kind)),
    ];
    if let Some(org) = org {
        values.push((ORGANIZATION_FIELD, text(org)));
    }
    invite_with(values)
}

pub fn invite_with(values: Vec<(FieldId, Value)>) -> Operation {
    Operation::AddMembers {
        scope: everyone(),
        draft: draft(values),
    }
}

/// An edit of a user: these fields set to these values.
pub fn edit_person(email: &str, values: Vec<(FieldId, Value)>) -> Operation {
    Operation::UpdateMember {
        scope: everyone(),
        party: email.to_owned(),
        changes: Changes { values },
    }
}

pub fn set_person_status(email: &str, status: &str) -> Operation {
    edit_person(email, vec![(USER_STATUS, text(status))])
}

pub fn set_agent_type(email: &str, agent_type: &str) -> Operation {
    edit_person(email, vec![(AGENT_TYPE, text(agent_type))])
}

pub fn set_auto_assign(email: &str, on: bool) -> Operation {
    edit_person(email, vec![(AUTO_ASSIGN, Value::Bool(on))])
}

pub fn resend(email: &str) -> Operation {
    Operation::ResendInvite {
        scope: everyone(),
        party: email.to_owned(),
    }
}

pub fn revoke(email: &str) -> Operation {
    Operation::RevokeInvite {
        scope: everyone(),
        party: email.to_owned(),
    }
}

// --- what answers hold ---

fn org_text(org: &Node, field: FieldId) -> Option<&str> {
    org.record.text(level().fields, field)
}

pub fn org_value(org: &Node, field: FieldId) -> ValueRef<'_> {
    org.record.get(level().fields, field)
}

pub fn domains(org: &Node) -> Vec<String> {
    match org_value(org, DOMAINS) {
        ValueRef::List(items) => items.to_vec(),
        _ => Vec::new(),
    }
}

pub fn status(org: &Node) -> &str {
    org_text(org, STATUS).unwrap_or_default()
}

pub fn external_ref(org: &Node) -> Option<&str> {
    org_text(org, EXTERNAL_REF)
}

pub fn notes(org: &Node) -> Option<&str> {
    org_text(org, NOTES)
}

pub fn person_value(person: &Party, field: FieldId) -> ValueRef<'_> {
    person.get(&SCHEMA, field)
}

fn person_text(person: &Party, field: FieldId) -> &str {
    person_value(person, field).as_text().unwrap_or_default()
}

pub fn email(person: &Party) -> &str {
    person_text(person, EMAIL)
}

pub fn name(person: &Party) -> &str {
    person_text(person, NAME)
}

pub fn last_name(person: &Party) -> &str {
    person_text(person, LAST_NAME)
}

/// The user's type: admin, agent or customer.
pub fn role(person: &Party) -> &str {
    person_text(person, TYPE)
}

/// The user's status as MuninX words it: pending, active or suspended.
pub fn person_status(person: &Party) -> &str {
    person_text(person, USER_STATUS)
}

pub fn organization(person: &Party) -> Option<&str> {
    person_value(person, ORGANIZATION_FIELD).as_text()
}

pub fn agent_type(person: &Party) -> Option<&str> {
    person_value(person, AGENT_TYPE).as_text()
}

pub fn auto_assign(person: &Party) -> Option<bool> {
    match person_value(person, AUTO_ASSIGN) {
        ValueRef::Bool(on) => Some(on),
        _ => None,
    }
}

// --- replies ---

pub fn org(reply: Reply) -> Node {
    match reply {
        Reply::Node(org) => org,
        other => panic!("expected an organization, got {other:?}"),
    }
}

pub fn orgs(reply: Reply) -> Vec<Node> {
    match reply {
        Reply::Nodes(page) => page.items,
        other => panic!("expected organizations, got {other:?}"),
    }
}

pub fn person(reply: Reply) -> Party {
    match reply {
        Reply::Party(person) => person,
        other => panic!("expected a user, got {other:?}"),
    }
}

pub fn people(reply: Reply) -> Vec<Party> {
    match reply {
        Reply::Parties(page) => page.items,
        other => panic!("expected users, got {other:?}"),
    }
}

pub fn caller(reply: Reply) -> Caller {
    match reply {
        Reply::Caller(me) => me,
        other => panic!("expected the caller, got {other:?}"),
    }
}

pub fn done(reply: Reply) -> String {
    match reply {
        Reply::Done(WriteNote { message }) => message,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// Who-am-I's answer for this user, as MuninX's adapter gives it.
pub fn caller_of(person: &Party) -> Caller {
    Caller {
        id: person.id().to_owned(),
        label: person.full_name(&SCHEMA),
        role: role(person).to_owned(),
        // Staff belong to the tenant's organization, which `/users/me` names.
        tenant: organization(person)
            .filter(|_| role(person) != "customer")
            .map(str::to_owned),
        party: Some(person.clone()),
        roles: Vec::new(),
    }
}

// --- tests-ca: the client binary's tests on the neutral model ---

/// A capability on MuninX's organizations (`Verb::Create` is "create organizations").
pub fn on_orgs(verb: orgdeck::api::model::Verb) -> orgdeck::api::model::Capability {
    orgdeck::api::model::Capability::new(verb, orgdeck::api::model::Target::Level(ORGANIZATION))
}

/// A capability on the tenant-wide list of users (`GET /users`).
pub fn on_users(verb: orgdeck::api::model::Verb) -> orgdeck::api::model::Capability {
    orgdeck::api::model::Capability::new(verb, orgdeck::api::model::Target::View(USERS))
}

/// A staff invite (admin or agent) with the agent type MuninX asks staff for.
pub fn invite_staff(
    email: &str,
    name: &str,
    last_name: &str,
    kind: &str,
    agent_type: &str,
) -> Operation {
    invite_with(vec![
        (EMAIL, text(email)),
        (NAME, text(name)),
        (LAST_NAME, text(last_name)),
        (TYPE, text(kind)),
        (AGENT_TYPE, text(agent_type)),
    ])
}
// --- the console's tests (tests/console): answers as pages, fixtures changed as
// the adapter would have read them, and the operations a screen sends in its scope ---

pub fn nodes_reply(items: Vec<Node>) -> Reply {
    Reply::Nodes(orgdeck::api::model::Page::one(items))
}

pub fn parties_reply(items: Vec<Party>) -> Reply {
    Reply::Parties(orgdeck::api::model::Page::one(items))
}

/// Who-am-I's answer as this seed user.
pub fn caller_reply(person: &Party) -> Reply {
    Reply::Caller(caller_of(person))
}

pub fn is_list_orgs(op: &Operation) -> bool {
    matches!(op, Operation::ListNodes { level, .. } if *level == ORGANIZATION)
}

pub fn is_list_people(op: &Operation) -> bool {
    matches!(op, Operation::ListParties { .. })
}

/// Admins and agents (MuninX's staff types).
pub fn is_staff(person: &Party) -> bool {
    matches!(role(person), "admin" | "agent")
}

/// The organization renamed: the name lists show and the record's field both,
/// as an answer from the server would hold them.
pub fn set_org_name(org: &mut Node, name: &str) {
    org.name = name.to_owned();
    org.record.set(level().fields, DISPLAY_NAME, text(name));
}

/// The organization in `status` ("active", "suspended"): its state and its
/// record's status field both.
pub fn set_org_status(org: &mut Node, status: &str) {
    org.state = orgdeck::api::model::NodeState::parse(status);
    org.record.set(level().fields, STATUS, text(status));
}

pub fn set_org_value(org: &mut Node, field: FieldId, value: Value) {
    assert!(org.record.set(level().fields, field, value), "{field:?}");
}

pub fn set_person_value(person: &mut Party, field: FieldId, value: Value) {
    assert!(person.set(&SCHEMA, field, value), "{field:?}");
}

/// What the create form sends: each of its fields, blank ones as nothing.
pub fn create_org_form(
    name: &str,
    domains: &[&str],
    external_ref: Option<&str>,
    notes: Option<&str>,
) -> Operation {
    create_org_with(vec![
        (DISPLAY_NAME, text(name)),
        (DOMAINS, list(domains)),
        (EXTERNAL_REF, Value::text(external_ref)),
        (NOTES, Value::text(notes)),
    ])
}

/// An edit of a user from the screen whose scope is `scope`.
pub fn edit_person_in(scope: Scope, email: &str, values: Vec<(FieldId, Value)>) -> Operation {
    Operation::UpdateMember {
        scope,
        party: email.to_owned(),
        changes: Changes { values },
    }
}

pub fn revoke_in(scope: Scope, email: &str) -> Operation {
    Operation::RevokeInvite {
        scope,
        party: email.to_owned(),
    }
}

pub fn resend_in(scope: Scope, email: &str) -> Operation {
    Operation::ResendInvite {
        scope,
        party: email.to_owned(),
    }
}

// --- screens: the console's screens of MuninX's one level ---

/// The organizations of a tenant.
pub fn orgs_screen(tenant: usize) -> orgdeck::app::screens::Screen {
    orgdeck::app::screens::Screen::Nodes {
        tenant,
        level: ORGANIZATION,
        parent: None,
    }
}

/// One organization's tab (`fields::MEMBERS`, `fields::INVITES`).
pub fn org_screen(
    tenant: usize,
    org: &str,
    tab: orgdeck::api::schema::TabId,
) -> orgdeck::app::screens::Screen {
    orgdeck::app::screens::Screen::Node {
        tenant,
        level: ORGANIZATION,
        id: org.to_owned(),
        tab,
    }
}
