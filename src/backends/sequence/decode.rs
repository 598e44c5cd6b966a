//! Sequence's answers as the model. Organizations are the `organizations[]` that
//! customers carry: a page of customers gives the organizations on it, once each;
//! one customer's record gives its own. A customer is a party with a membership
//! of every organization it owns or belongs to. Customers are read leniently (a
//! list item lacks `contacts` and `status`; a real server may leave out what the
//! sandbox sends), so a field the server leaves out shows as nothing.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::call::Step;
use super::schema::{
    ADD_CUSTOMERS, ARCHIVED, COUNTRY, CREATED, CUSTOMER_ID, CUSTOMER_ORGS, DOMAIN, EMAIL, LABEL,
    LEGAL_NAME, MEMBER_COUNT, MEMBER_NAMES, MEMBERS, MEMBERS_TAB, ORGANIZATION, OWNER, OWNER_ID,
    OWNER_NAME, ROLE, SCHEMA, STATUS, TAX_STATUS,
};
use super::wire::{CustomerOrganization, Pagination};
use crate::api::backend::{Answer, Decoded};
use crate::api::model::{
    Caller, MemberState, Membership, Node, NodeState, Operation, Page, Party, PartyKind, Record,
    Reply, Scope,
};
use crate::api::schema::FieldSpec;
use crate::api::value::Value;

/// A customer as either a list item or a whole record holds it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CustomerView {
    pub id: String,
    pub legal_name: String,
    pub created_at: Option<String>,
    pub archived_at: Option<String>,
    pub status: Option<String>,
    pub domain: Option<String>,
    pub url: Option<String>,
    pub label: Option<String>,
    pub tax_status: Option<String>,
    pub address: Option<AddressView>,
    pub contacts: Vec<ContactView>,
    pub organizations: Vec<CustomerOrganization>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AddressView {
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ContactView {
    pub email: String,
    pub billing_preference: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CustomerPage {
    items: Vec<CustomerView>,
    pagination: Pagination,
}

fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|err| err.to_string())
}

/// What decoding needs besides the answer: who the credential names, and where to
/// put every organization seen, so a later read knows its owner.
pub struct Seen<'a> {
    pub client_id: Option<String>,
    pub learn: &'a dyn Fn(&CustomerOrganization),
    /// The organization with this id as last seen in any answer.
    pub known: &'a dyn Fn(&str) -> Option<CustomerOrganization>,
}

fn org_layout() -> &'static [FieldSpec] {
    SCHEMA.level(ORGANIZATION).map_or(&[], |l| l.fields)
}

/// An organization, known by its owner's legal name; the create form's fields
/// hold its owner and member ids, which settling a lost write compares.
pub fn organization(org: &CustomerOrganization) -> Node {
    let names: Vec<&str> = org.members.iter().map(|m| m.name.as_str()).collect();
    let record = Record::read(org_layout(), |field| match field {
        OWNER_NAME => Value::Text(org.owner.name.clone()),
        OWNER_ID => Value::Text(org.owner.id.clone()),
        MEMBER_COUNT => Value::Number(i64::try_from(org.members.len()).unwrap_or(i64::MAX)),
        MEMBER_NAMES => Value::text(Some(&names.join(", "))),
        OWNER => Value::Text(org.owner.id.clone()),
        MEMBERS => Value::List(org.members.iter().map(|m| m.id.clone()).collect()),
        _ => Value::Empty,
    });
    Node {
        id: org.id.clone(),
        level: ORGANIZATION,
        parent: None,
        name: org.owner.name.clone(),
        state: NodeState::Active,
        record,
    }
}

fn time(at: Option<&str>) -> Value {
    match at.map(str::parse::<jiff::Timestamp>) {
        Some(Ok(at)) => Value::Time(at),
        _ => Value::text(at),
    }
}

/// The primary contact's email, else the first contact's.
fn email(customer: &CustomerView) -> Option<&str> {
    let primary = customer
        .contacts
        .iter()
        .find(|c| c.billing_preference.as_deref() == Some("PRIMARY"));
    primary
        .or(customer.contacts.first())
        .map(|c| c.email.as_str())
}

/// The domain the server gives, else its website's host.
fn domain(customer: &CustomerView) -> Option<String> {
    if let Some(domain) = customer.domain.as_deref().filter(|d| !d.trim().is_empty()) {
        return Some(domain.trim().to_owned());
    }
    let url = url::Url::parse(customer.url.as_deref()?.trim()).ok()?;
    url.host_str().map(str::to_owned)
}

/// "owner of 3f2… (members: Beta Ltd, Gamma GmbH); member of 9c1… (owner Acme
/// Holdings Ltd)": organizations have no names, so each is told by who is in it.
fn organizations_text(customer: &CustomerView) -> Value {
    let each: Vec<String> = customer
        .organizations
        .iter()
        .map(|org| {
            if org.owner.id == customer.id {
                let names: Vec<&str> = org.members.iter().map(|m| m.name.as_str()).collect();
                match names.as_slice() {
                    [] => format!("owner of {} (no members)", org.id),
                    names => format!("owner of {} (members: {})", org.id, names.join(", ")),
                }
            } else {
                format!("member of {} (owner {})", org.id, org.owner.name)
            }
        })
        .collect();
    Value::text(Some(&each.join("; ")))
}

/// A customer as a party, `role` its place in the organization it is listed in.
pub fn customer(customer: &CustomerView, role: Option<&'static str>) -> Party {
    let record = Record::read(SCHEMA.party_fields, |field| match field {
        LEGAL_NAME => Value::Text(customer.legal_name.clone()),
        CUSTOMER_ID => Value::Text(customer.id.clone()),
        STATUS => Value::text(customer.status.as_deref()),
        DOMAIN => Value::text(domain(customer).as_deref()),
        EMAIL => Value::text(email(customer)),
        ROLE => role.map_or(Value::Empty, Value::Word),
        LABEL => Value::text(customer.label.as_deref()),
        COUNTRY => Value::text(customer.address.as_ref().and_then(|a| a.country.as_deref())),
        TAX_STATUS => Value::text(customer.tax_status.as_deref()),
        CREATED => time(customer.created_at.as_deref()),
        ARCHIVED => time(customer.archived_at.as_deref()),
        CUSTOMER_ORGS => organizations_text(customer),
        ADD_CUSTOMERS => Value::Empty,
        _ => Value::Empty,
    });
    let memberships: Box<[Membership]> = customer
        .organizations
        .iter()
        .map(|org| Membership {
            node: org.id.as_str().into(),
            role: Some(
                if org.owner.id == customer.id {
                    "owner"
                } else {
                    "member"
                }
                .into(),
            ),
            state: MemberState::Active,
        })
        .collect();
    Party::named_by(
        SCHEMA.party_fields,
        CUSTOMER_ID,
        PartyKind::Customer,
        MemberState::Active,
        record,
        memberships,
    )
}

/// The organizations a page of customers carries, each once, in the order first met.
fn page_organizations(items: &[CustomerView]) -> Vec<&CustomerOrganization> {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .flat_map(|c| c.organizations.iter())
        .filter(|org| seen.insert(org.id.as_str()))
        .collect()
}

fn next_scan(pagination: &Pagination) -> Option<crate::api::model::Cursor> {
    pagination
        .after
        .as_ref()
        .filter(|a| !a.is_empty())
        .map(|after| Step::Scan(Some(after.clone())).cursor())
}

fn page(reply: Reply, next: Option<crate::api::model::Cursor>, total: Option<u64>) -> Decoded {
    Decoded::Page {
        reply,
        next,
        total,
        scanned: None,
    }
}

pub fn decode(op: &Operation, answer: &Answer<'_>, seen: &Seen<'_>) -> Result<Decoded, String> {
    let body = answer.body;
    let learn_all = |orgs: &[CustomerOrganization]| orgs.iter().for_each(seen.learn);
    Ok(match op {
        Operation::WhoAmI => {
            // The answer only proves the credential; the caller is the API client.
            json::<CustomerPage>(body)?;
            let id = seen
                .client_id
                .clone()
                .unwrap_or_else(|| "API client".to_owned());
            Decoded::Reply(Reply::Caller(Caller {
                label: id.clone(),
                id,
                role: "api-client".to_owned(),
                tenant: None,
                party: None,
                roles: Vec::new(),
            }))
        }
        Operation::ListNodes { .. } if !is_page(body) => {
            // The organizations one customer owns (the read that settles a create).
            let one = json::<CustomerView>(body)?;
            learn_all(&one.organizations);
            let owned = one
                .organizations
                .iter()
                .filter(|org| org.owner.id == one.id)
                .map(organization)
                .collect();
            Decoded::Reply(Reply::Nodes(Page::one(owned)))
        }
        Operation::ListNodes { .. } => {
            let list = json::<CustomerPage>(body)?;
            list.items.iter().for_each(|c| learn_all(&c.organizations));
            let nodes = page_organizations(&list.items)
                .into_iter()
                .map(organization)
                .collect();
            Decoded::Page {
                reply: Reply::Nodes(Page::one(nodes)),
                next: next_scan(&list.pagination),
                total: Some(list.pagination.total_result_size),
                scanned: Some(list.items.len() as u64),
            }
        }
        Operation::GetNode { id, .. } => one_organization(id, body, seen)?,
        Operation::ListParties {
            scope: Scope::Node { id, tab, .. },
            ..
        } if *tab == MEMBERS_TAB => owner_and_members(id, body, seen)?,
        Operation::ListParties { .. } => {
            let list = json::<CustomerPage>(body)?;
            list.items.iter().for_each(|c| learn_all(&c.organizations));
            let parties = list.items.iter().map(|c| customer(c, None)).collect();
            page(
                Reply::Parties(Page::one(parties)),
                next_scan(&list.pagination),
                Some(list.pagination.total_result_size),
            )
        }
        Operation::GetParty { .. } => {
            let one = json::<CustomerView>(body)?;
            learn_all(&one.organizations);
            Decoded::Reply(Reply::Party(customer(&one, None)))
        }
        Operation::CreateNode { .. }
        | Operation::AddMembers { .. }
        | Operation::SetMembers { .. } => {
            let org = json::<CustomerOrganization>(body)?;
            (seen.learn)(&org);
            Decoded::Reply(Reply::Node(organization(&org)))
        }
        _ => return Err("Sequence answered an operation it has no request for".to_owned()),
    })
}

/// Whether a body is a page of customers (`{items, pagination}`) rather than one.
fn is_page(body: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        items: Option<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Probe>(body).is_ok_and(|p| p.items.is_some())
}

/// One organization, from its owner's record or from a page of the customers
/// scanned for it: found, it ends the walk; not found, the walk goes on (from the
/// first page, when the owner's record no longer holds it), and a walk that ends
/// without it is the client's "not found".
fn one_organization(id: &str, body: &[u8], seen: &Seen<'_>) -> Result<Decoded, String> {
    if is_page(body) {
        let list = json::<CustomerPage>(body)?;
        list.items
            .iter()
            .for_each(|c| c.organizations.iter().for_each(seen.learn));
        let found = list
            .items
            .iter()
            .flat_map(|c| c.organizations.iter())
            .find(|org| org.id == id);
        let (nodes, next) = match found {
            Some(org) => (vec![organization(org)], None),
            None => (Vec::new(), next_scan(&list.pagination)),
        };
        return Ok(page(
            Reply::Nodes(Page::one(nodes)),
            next,
            Some(list.pagination.total_result_size),
        ));
    }
    let owner = json::<CustomerView>(body)?;
    owner.organizations.iter().for_each(seen.learn);
    Ok(match owner.organizations.iter().find(|org| org.id == id) {
        Some(org) => Decoded::Reply(Reply::Node(organization(org))),
        None => page(
            Reply::Nodes(Page::one(Vec::new())),
            Some(Step::Scan(None).cursor()),
            None,
        ),
    })
}

/// The members tab, one customer a page: the owner first, then each member in
/// the organization's order, each its whole record (so status and domain show).
/// Each record names the organization's members, so it says who comes next.
fn owner_and_members(id: &str, body: &[u8], seen: &Seen<'_>) -> Result<Decoded, String> {
    if is_page(body) {
        let list = json::<CustomerPage>(body)?;
        list.items
            .iter()
            .for_each(|c| c.organizations.iter().for_each(seen.learn));
        let found = list
            .items
            .iter()
            .flat_map(|c| c.organizations.iter())
            .find(|org| org.id == id);
        let next = match found {
            Some(org) => Some(Step::Customer(org.owner.id.clone()).cursor()),
            None => next_scan(&list.pagination),
        };
        return Ok(page(Reply::Parties(Page::one(Vec::new())), next, None));
    }
    let one = json::<CustomerView>(body)?;
    one.organizations.iter().for_each(seen.learn);
    // A server may leave an organization off its owner's own record (the contract
    // calls the field the organizations a customer is a member of): the copy the
    // scan found then says who comes next.
    let known = || (seen.known)(id).filter(|org| org.owner.id == one.id);
    let found = one.organizations.iter().find(|org| org.id == id).cloned();
    let Some(org) = found.or_else(known) else {
        // The owner index was stale: look for the organization among every customer.
        return Ok(page(
            Reply::Parties(Page::one(Vec::new())),
            Some(Step::Scan(None).cursor()),
            None,
        ));
    };
    let org = &org;
    let (role, after) = if org.owner.id == one.id {
        ("owner", 0)
    } else {
        let at = org.members.iter().position(|m| m.id == one.id);
        ("member", at.map_or(org.members.len(), |at| at + 1))
    };
    let next = org
        .members
        .get(after)
        .map(|m| Step::Customer(m.id.clone()).cursor());
    Ok(page(
        Reply::Parties(Page::one(vec![customer(&one, Some(role))])),
        next,
        None,
    ))
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
