//! The operator's actions on the selection: open a form (new, edit), ask before
//! anything destructive (suspend, delete, revoke), resend an invite, show details.

use super::dialog::Dialog;
use super::form::Form;
use super::screens::{Level, Screen, Subject};
use super::update::{error, info};
use super::{App, Dispatch, Overlay, Purpose};
use crate::api::model::{
    Capability, Operation, OrgStatus, OrganizationChanges, PersonChanges, PersonStatus, Role,
};

/// "1 member", "5 members".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub(crate) fn details(app: &mut App) {
    let subject = match app.screen() {
        Screen::Organizations { .. } => app
            .selected_org()
            .map(|(t, o)| (t, Subject::Organization(o.id.clone()))),
        Screen::Organization { tenant, org, .. } if app.level().rows.is_empty() => {
            Some((*tenant, Subject::Organization(org.clone())))
        }
        Screen::Organization { .. } | Screen::View { .. } => app
            .selected_person()
            .map(|(t, p)| (t, Subject::Person(p.id.clone()))),
        _ => None,
    };
    if let Some((tenant, subject)) = subject {
        app.stack
            .push(Level::new(Screen::Detail { tenant, subject }));
    }
}

pub(crate) fn new_form(app: &mut App) {
    let Some(tenant) = app.screen().tenant() else {
        return;
    };
    let orgs = app.tenants[tenant].orgs.data.clone().unwrap_or_default();
    let schema = app.tenants[tenant].schema();
    let form = match app.screen() {
        Screen::Organizations { .. } => Form::create_organization(schema, tenant),
        Screen::Organization { org, .. } => {
            Form::invite(schema, tenant, &orgs, Some(org.as_str()), Role::Customer)
        }
        // An invite from a view of some roles starts on the first of them (staff: agent).
        Screen::View { view, .. } => {
            let role = schema
                .view(*view)
                .and_then(|v| v.filter.roles.first())
                .map_or(Role::Customer, |r| Role::parse(r));
            Form::invite(schema, tenant, &orgs, None, role)
        }
        _ => Form::invite(schema, tenant, &orgs, None, Role::Customer),
    };
    app.overlay = Some(Overlay::Form(Box::new(form)));
}

pub(crate) fn edit_form(app: &mut App) {
    if let Some((tenant, org)) = app.org_target() {
        let form = Form::edit_organization(app.tenants[tenant].schema(), tenant, org);
        app.overlay = Some(Overlay::Form(Box::new(form)));
    } else if let Some((tenant, person)) = app.selected_person() {
        let t = &app.tenants[tenant];
        let orgs = t.orgs.data.clone();
        // A role that may not list organizations never asked for them.
        let why = match t.offer(Capability::ListOrganizations) {
            Err(unoffered) => unoffered.reason(),
            Ok(()) if t.orgs.is_loading() => "organizations still loading".to_owned(),
            Ok(()) => "could not load organizations".to_owned(),
        };
        let orgs = orgs.as_deref().ok_or(why.as_str());
        let form = Form::edit_person(t.schema(), tenant, person, orgs);
        app.overlay = Some(Overlay::Form(Box::new(form)));
    }
}

pub(crate) fn suspend(app: &mut App) {
    if let Some((tenant, org)) = app.org_target() {
        let counts = app.tenants[tenant].counts_of(&org.id);
        let (status, title, body, label, done) = match org.status {
            OrgStatus::Active => (
                OrgStatus::Suspended,
                format!("Suspend {}?", org.name),
                vec![
                    format!(
                        "{} has {} and {}.",
                        org.name,
                        count(counts.members, "member"),
                        count(counts.pending, "pending invite")
                    ),
                    "While suspended, nobody can be invited into it.".to_owned(),
                ],
                "Suspend",
                format!("Suspended {}", org.name),
            ),
            OrgStatus::Suspended => (
                OrgStatus::Active,
                format!("Reactivate {}?", org.name),
                vec![format!("{} becomes active again.", org.name)],
                "Reactivate",
                format!("Reactivated {}", org.name),
            ),
        };
        let op = Operation::UpdateOrganization {
            id: org.id.clone(),
            changes: OrganizationChanges {
                status: Some(status),
                ..Default::default()
            },
        };
        app.overlay = Some(Overlay::Dialog(Box::new(Dialog::new(
            title, body, label, tenant, op, done,
        ))));
        return;
    }
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let (status, verb) = match person.status {
        PersonStatus::Suspended => (PersonStatus::Active, "Reactivate"),
        _ => (PersonStatus::Suspended, "Suspend"),
    };
    let op = Operation::UpdatePerson {
        id: person.id.clone(),
        changes: PersonChanges {
            status: Some(status),
            ..Default::default()
        },
    };
    let body = match status {
        PersonStatus::Suspended => vec![format!(
            "{} <{}> will not be able to sign in until reactivated.",
            person.full_name(),
            person.email
        )],
        _ => vec![format!("{} can sign in again.", person.email)],
    };
    let done = match status {
        PersonStatus::Suspended => format!("Suspended {}", person.email),
        _ => format!("Reactivated {}", person.email),
    };
    let dialog = Dialog::new(
        format!("{verb} {}?", person.full_name()),
        body,
        verb,
        tenant,
        op,
        done,
    );
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

pub(crate) fn delete(app: &mut App) {
    if let Some((tenant, org)) = app.org_target() {
        let counts = app.tenants[tenant].counts_of(&org.id);
        let dialog = Dialog::new(
            format!("Delete {}?", org.name),
            vec![
                format!(
                    "{} has {}; they will keep their accounts but lose their organization.",
                    org.name,
                    count(counts.members, "member")
                ),
                format!(
                    "Its domains ({}) are freed. This cannot be undone.",
                    if org.domains.is_empty() {
                        "none".to_owned()
                    } else {
                        org.domains.join(", ")
                    }
                ),
                format!("Type the organization's name to confirm: {}", org.name),
            ],
            "Delete",
            tenant,
            Operation::DeleteOrganization { id: org.id.clone() },
            format!("Deleted {}", org.name),
        )
        .typed(org.name.clone());
        app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
        return;
    }
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    if person.status != PersonStatus::Pending {
        error(
            app,
            format!(
                "{} is {}, not pending: only invites can be revoked here",
                person.email,
                person.status.as_str()
            ),
            Some("to stop someone signing in, suspend them (s)".into()),
        );
        return;
    }
    let dialog = Dialog::new(
        format!("Revoke the invite of {}?", person.email),
        vec![format!(
            "{} <{}> will not be able to activate their account; the activation link stops working.",
            person.full_name(),
            person.email
        )],
        "Revoke",
        tenant,
        Operation::RevokeInvite {
            id: person.id.clone(),
        },
        format!("Revoked the invite of {}", person.email),
    );
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

pub(crate) fn resend(app: &mut App, io: &mut dyn Dispatch) {
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let email = person.email.clone();
    if let Some(id) = io.send(
        tenant,
        Operation::ResendInvite {
            id: person.id.clone(),
        },
    ) {
        app.requests.insert(
            (tenant, id),
            Purpose::Action {
                what: format!("Resend the activation email to {email}"),
                done: format!("Activation email sent again to {email}"),
            },
        );
        info(app, format!("Resending the activation email to {email}…"));
    }
}
