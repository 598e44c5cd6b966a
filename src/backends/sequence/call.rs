//! Each neutral operation as the request Sequence takes (`shared/api/sequence.md`).
//! Organizations have no read path of their own: they are read through customers,
//! so the calls that read them go to the owner's record when the adapter knows the
//! owner, and page through every customer otherwise. Which of the two a page is
//! travels in the cursor (see `Step`), which only this adapter reads.

use reqwest::Method;
use serde_json::json;

use super::schema::{
    ADD_CUSTOMERS, CUSTOMERS, EMAIL_FILTER, MEMBERS, MEMBERS_TAB, NAME_FILTER, ORGANIZATION, OWNER,
    PAGE_MAX, SEARCH,
};
use crate::api::backend::{HttpCall, Paging, Unsupported};
use crate::api::model::{Cursor, Filter, Operation, Scope};
use crate::api::value::{Draft, Value};

/// Where the walk behind one read is: what its next request asks for. The cursor
/// of a customer list is the server's own `after`, unchanged; a read of one
/// organization or of its members says which phase it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Customers from this server cursor on (`None`: from the first).
    Scan(Option<String>),
    /// This customer's whole record (an owner, or the next member).
    Customer(String),
}

const SCAN: &str = "scan:";
const CUSTOMER: &str = "customer:";

impl Step {
    pub fn cursor(&self) -> Cursor {
        match self {
            Step::Scan(after) => Cursor::new(format!("{SCAN}{}", after.as_deref().unwrap_or(""))),
            Step::Customer(id) => Cursor::new(format!("{CUSTOMER}{id}")),
        }
    }

    /// The step a cursor this adapter made names; a cursor it did not make is
    /// read as a server cursor, so a list goes on rather than starting over.
    pub fn of(cursor: &Cursor) -> Step {
        let text = cursor.as_str();
        if let Some(id) = text.strip_prefix(CUSTOMER) {
            return Step::Customer(id.to_owned());
        }
        let after = text.strip_prefix(SCAN).unwrap_or(text);
        Step::Scan((!after.is_empty()).then(|| after.to_owned()))
    }
}

/// The calls the adapter makes; `owner_of` is what it has learnt of which customer
/// owns which organization.
pub fn call(
    op: &Operation,
    paging: Paging<'_>,
    owner_of: &dyn Fn(&str) -> Option<String>,
) -> Result<HttpCall, Unsupported> {
    match op {
        // No who-am-I endpoint: the cheapest call that proves the credential.
        Operation::WhoAmI => Ok(customers().query("limit", "1")),
        Operation::ListNodes {
            level,
            parent: None,
            filter,
            ..
        } if *level == ORGANIZATION => Ok(match filter.values(OWNER).first() {
            // The organizations one customer owns: what settles a lost create.
            Some(owner) => customer(owner),
            None => scan(paging.cursor.map(Step::of), paging.size),
        }),
        Operation::GetNode { level, id } if *level == ORGANIZATION => {
            Ok(organization_read(id, paging, owner_of))
        }
        Operation::ListParties { scope, filter, .. } => {
            list_parties(scope, filter, paging, owner_of)
        }
        Operation::GetParty { id } => Ok(customer(id)),
        Operation::CreateNode {
            level,
            parent: None,
            draft,
        } if *level == ORGANIZATION => {
            Ok(
                HttpCall::new(Method::POST, &["api", "customer-organizations"]).body(json!({
                    "ownerId": texts(draft, OWNER).into_iter().next().unwrap_or_default(),
                    "memberIds": texts(draft, MEMBERS),
                })),
            )
        }
        Operation::AddMembers {
            scope: Scope::Node { level, id, tab, .. },
            draft,
        } if *level == ORGANIZATION && *tab == MEMBERS_TAB => {
            Ok(members(Method::POST, id, texts(draft, ADD_CUSTOMERS)))
        }
        Operation::SetMembers {
            level,
            node,
            parties,
        } if *level == ORGANIZATION => Ok(members(
            Method::PUT,
            node,
            parties.iter().map(|p| p.trim().to_owned()).collect(),
        )),
        Operation::UpdateNode { .. } => Err(Unsupported(
            "renaming organizations or changing their owner (Sequence's API has no such operation)",
        )),
        Operation::ToggleNode { .. } => Err(Unsupported(
            "suspending organizations (Sequence's API has no such operation)",
        )),
        Operation::DeleteNode { .. } => Err(Unsupported(
            "deleting organizations (Sequence's API has no such operation)",
        )),
        Operation::FindNode { .. } => Err(Unsupported(
            "finding organizations by a field (Sequence can only list customers)",
        )),
        Operation::RemoveMember { .. } => Err(Unsupported(
            "removing one member (replace the member list instead)",
        )),
        Operation::ResendInvite { .. } | Operation::RevokeInvite { .. } => Err(Unsupported(
            "invitations (members are billing customers, added directly)",
        )),
        Operation::UpdateMember { .. } => Err(Unsupported(
            "editing a member in place (Sequence's API has no such operation)",
        )),
        Operation::ListApprovals { .. } | Operation::Decide { .. } => {
            Err(Unsupported("approvals (Sequence has none)"))
        }
        _ => Err(Unsupported("that operation")),
    }
}

fn customers() -> HttpCall {
    HttpCall::new(Method::GET, &["api", "customers"])
}

fn customer(id: &str) -> HttpCall {
    HttpCall::new(Method::GET, &["api", "customers", id.trim()])
}

fn members(method: Method, org: &str, ids: Vec<String>) -> HttpCall {
    HttpCall::new(method, &["api", "customer-organizations", org, "members"])
        .body(json!({ "customerIds": ids }))
}

/// A page of every customer, archived ones included: an archived owner's
/// organizations still exist, and would be lost from the list without them.
fn scan(step: Option<Step>, size: Option<u32>) -> HttpCall {
    let mut call = customers()
        .query("limit", page_size(size).to_string())
        .query("includeArchived", "true");
    if let Some(Step::Scan(Some(after))) = step {
        call = call.query("after", after);
    }
    call
}

/// The profile's page size held to the contract's 1..100; 100 when it sets none.
fn page_size(size: Option<u32>) -> u32 {
    size.unwrap_or(PAGE_MAX).clamp(1, PAGE_MAX)
}

/// One organization: its owner's record when the owner is known, else the
/// customers scanned for it.
fn organization_read(
    org: &str,
    paging: Paging<'_>,
    owner_of: &dyn Fn(&str) -> Option<String>,
) -> HttpCall {
    match paging.cursor.map(Step::of) {
        Some(Step::Customer(id)) => customer(&id),
        Some(step) => scan(Some(step), paging.size),
        None => match owner_of(org) {
            Some(owner) => customer(&owner),
            None => scan(None, paging.size),
        },
    }
}

fn list_parties(
    scope: &Scope,
    filter: &Filter,
    paging: Paging<'_>,
    owner_of: &dyn Fn(&str) -> Option<String>,
) -> Result<HttpCall, Unsupported> {
    match scope {
        Scope::Tenant(view) if *view == CUSTOMERS => Ok(customer_list(filter, paging)),
        Scope::Node { level, id, tab } if *level == ORGANIZATION && *tab == MEMBERS_TAB => {
            Ok(organization_read(id, paging, owner_of))
        }
        _ => Err(Unsupported("customers listed there")),
    }
}

/// The tenant-wide customers, one page, with the server's own filters: the
/// search box asks for a legal name, or an email when the text holds an `@`.
fn customer_list(filter: &Filter, paging: Paging<'_>) -> HttpCall {
    let mut call = customers().query("limit", page_size(paging.size).to_string());
    if let Some(Step::Scan(Some(after))) = paging.cursor.map(Step::of) {
        call = call.query("after", after);
    }
    let mut name = filter.values(NAME_FILTER).first().cloned();
    let mut email = filter.values(EMAIL_FILTER).first().cloned();
    if let Some(search) = filter.values(SEARCH).first() {
        let search = search.trim();
        if search.contains('@') {
            email = email.or(Some(search.to_owned()));
        } else if !search.is_empty() {
            name = name.or(Some(search.to_owned()));
        }
    }
    if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
        call = call.query("legalName", name.trim());
    }
    if let Some(email) = email.filter(|e| !e.trim().is_empty()) {
        call = call.query("email", email.trim());
    }
    call
}

/// A field's ids, one or a list, trimmed, blanks left out.
pub fn texts(draft: &Draft, field: crate::api::schema::FieldId) -> Vec<String> {
    let raw: Vec<&str> = match draft.get(field) {
        Some(Value::List(items)) => items.iter().map(String::as_str).collect(),
        Some(value) => value.as_text().into_iter().collect(),
        None => Vec::new(),
    };
    raw.into_iter()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
#[path = "call_tests.rs"]
mod tests;
