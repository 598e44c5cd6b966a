//! The operator's actions on the selection: open a form (new, edit), ask before
//! anything destructive (suspend, delete, revoke), resend an invite, show details.

use super::Tenant;
use super::dialog::Dialog;
use super::form::Form;
use super::screens::{Level, Screen, Subject};
use super::update::{error, info};
use super::{App, Dispatch, Overlay, Purpose};
use crate::api::model::{Capability, Operation, Organization, PersonChanges, PersonStatus, Role};
use crate::api::schema::{DialogText, Level as SchemaLevel, fill};

/// "1 member", "5 members".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A node's dialog from the schema's text: its name, its counts and its fields
/// filled in.
fn node_dialog(
    t: &Tenant,
    level: &SchemaLevel,
    org: &Organization,
    text: DialogText,
    tenant: usize,
    op: Operation,
) -> Dialog {
    let schema = t.schema();
    let counts = t.counts_of(&org.id);
    let mut values: Vec<(String, String)> = vec![
        (
            "name".to_owned(),
            (schema.bridge.node_value)(org, level.name_field).as_input(),
        ),
        ("members".to_owned(), count(counts.members, "member")),
        (
            "invites".to_owned(),
            count(counts.pending, "pending invite"),
        ),
    ];
    for field in level.fields {
        let value = (schema.bridge.node_value)(org, field.id);
        let shown = if value.is_empty() {
            "none".to_owned()
        } else {
            value.as_input()
        };
        values.push((field.id.as_str().to_owned(), shown));
    }
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let filled = |template: &str| fill(template, &pairs);
    Dialog::new(
        filled(text.title),
        text.body.iter().map(|line| filled(line)).collect(),
        text.button,
        tenant,
        op,
        filled(text.done),
    )
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
        let t = &app.tenants[tenant];
        let schema = t.schema();
        let Some(level) = schema.top_level() else {
            return;
        };
        let (Some(dialogs), Some(toggle)) = (level.dialogs, level.toggle) else {
            return;
        };
        // From "on" (suspended) back, or into it.
        let on = (schema.bridge.node_value)(org, toggle.field).as_text() == Some(toggle.on.0);
        let text = if on { dialogs.off } else { dialogs.on };
        let op = (schema.bridge.ops.toggle_node)(level.id, org.id.clone(), !on);
        let dialog = node_dialog(t, level, org, text, tenant, op);
        app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
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
        let t = &app.tenants[tenant];
        let schema = t.schema();
        let Some(level) = schema.top_level() else {
            return;
        };
        let Some(dialogs) = level.dialogs else {
            return;
        };
        let op = (schema.bridge.ops.delete_node)(level.id, org.id.clone());
        let dialog = node_dialog(t, level, org, dialogs.delete, tenant, op).typed(org.name.clone());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::OrgStatus;
    use crate::api::schema::NodeDialogs;

    #[test]
    fn a_node_dialog_is_the_schemas_text_with_the_node_filled_in() {
        let tenant = Tenant::new("acme", "http://127.0.0.1:1", false);
        let level = tenant.schema().top_level().expect("a level");
        let org = Organization {
            id: "org_1".into(),
            name: "Kiwi".into(),
            domains: Vec::new(),
            external_ref: None,
            notes: None,
            status: OrgStatus::Active,
            parent: None,
            owner: None,
            created_at: None,
            updated_at: None,
        };
        let text = DialogText {
            title: "Close {name}?",
            body: &["{name} holds {members}; {notes} are kept"],
            button: "Close",
            done: "Closed {name}",
        };
        let dialogs = NodeDialogs {
            on: text,
            off: text,
            delete: text,
        };
        let op = Operation::DeleteOrganization { id: org.id.clone() };
        let dialog = node_dialog(&tenant, level, &org, dialogs.delete, 0, op);
        assert_eq!(dialog.title, "Close Kiwi?");
        assert_eq!(dialog.body, ["Kiwi holds 0 members; none are kept"]);
        assert_eq!(dialog.confirm_label, "Close");
    }
}
