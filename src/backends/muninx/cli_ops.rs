//! What MuninX's generated CLI commands send (`api::schema::CliOps`): the values
//! as the command line gave them, exactly as the hand-written commands sent them.

use super::schema::{
    DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES, ORGANIZATION_FIELD, STATUS, TYPE, USER_STATUS,
};
use crate::api::model::{
    Operation, OrgStatus, OrganizationChanges, PeopleFilter, PersonStatus, Role,
};
use crate::api::schema::{CliOps, FieldId, Filters, LevelId, MemberStateName};
use crate::api::value::{Changes, Value};

pub(super) const CLI_OPS: CliOps = CliOps {
    list_nodes,
    get_node,
    find_node,
    set_node,
    toggle_node,
    delete_node,
    members_of,
    list_parties,
    get_party,
    resend,
    revoke,
};

fn values(filters: &Filters, field: FieldId) -> &[String] {
    filters
        .iter()
        .find(|(id, _)| *id == field)
        .map_or(&[][..], |(_, v)| v.as_slice())
}

fn org_status(text: &str) -> Option<OrgStatus> {
    match text {
        "active" => Some(OrgStatus::Active),
        "suspended" => Some(OrgStatus::Suspended),
        _ => None,
    }
}

fn person_status(text: &str) -> Option<PersonStatus> {
    match text {
        "pending" => Some(PersonStatus::Pending),
        "active" => Some(PersonStatus::Active),
        "suspended" => Some(PersonStatus::Suspended),
        _ => None,
    }
}

fn list_nodes(_level: LevelId, filters: &Filters) -> Operation {
    Operation::ListOrganizations {
        status: values(filters, STATUS).first().and_then(|s| org_status(s)),
    }
}

fn get_node(_level: LevelId, id: String) -> Operation {
    Operation::GetOrganization { id }
}

fn find_node(_level: LevelId, domain: String) -> Operation {
    Operation::LookupOrganization { domain }
}

/// Blank text clears an optional field.
fn cleared(value: &Value) -> Option<String> {
    value
        .as_text()
        .filter(|v| !v.trim().is_empty())
        .map(str::to_owned)
}

fn set_node(_level: LevelId, id: String, changes: &Changes) -> Option<Operation> {
    let changes = OrganizationChanges {
        name: changes
            .get(DISPLAY_NAME)
            .and_then(Value::as_text)
            .map(str::to_owned),
        domains: match changes.get(DOMAINS) {
            Some(Value::List(items)) => Some(items.clone()),
            _ => None,
        },
        external_ref: changes.get(EXTERNAL_REF).map(cleared),
        notes: changes.get(NOTES).map(cleared),
        status: None,
    };
    (!changes.is_empty()).then_some(Operation::UpdateOrganization { id, changes })
}

fn toggle_node(_level: LevelId, id: String, on: bool) -> Operation {
    let status = if on {
        OrgStatus::Suspended
    } else {
        OrgStatus::Active
    };
    Operation::UpdateOrganization {
        id,
        changes: OrganizationChanges {
            status: Some(status),
            ..Default::default()
        },
    }
}

fn delete_node(_level: LevelId, id: String) -> Operation {
    Operation::DeleteOrganization { id }
}

/// An organization's members are the customers in it.
fn members_of(_level: LevelId, id: String) -> Operation {
    Operation::ListPeople(PeopleFilter {
        roles: vec![Role::Customer],
        organization: Some(id),
        ..Default::default()
    })
}

fn list_parties(filters: &Filters, states: &[MemberStateName]) -> Operation {
    let mut statuses: Vec<PersonStatus> = values(filters, USER_STATUS)
        .iter()
        .filter_map(|s| person_status(s))
        .collect();
    statuses.extend(states.iter().map(|state| match state {
        MemberStateName::Invited | MemberStateName::AwaitingApproval => PersonStatus::Pending,
        MemberStateName::Active => PersonStatus::Active,
        MemberStateName::Suspended => PersonStatus::Suspended,
    }));
    Operation::ListPeople(PeopleFilter {
        roles: values(filters, TYPE)
            .iter()
            .map(|r| Role::parse(r))
            .collect(),
        statuses,
        organization: values(filters, ORGANIZATION_FIELD).first().cloned(),
    })
}

fn get_party(id: String) -> Operation {
    Operation::GetPerson { id }
}

fn resend(id: String) -> Operation {
    Operation::ResendInvite { id }
}

fn revoke(id: String) -> Operation {
    Operation::RevokeInvite { id }
}
