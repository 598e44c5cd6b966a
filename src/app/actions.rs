//! The operator's actions on the selection: open a form (new, edit), ask before
//! anything destructive (suspend, delete, revoke), resend an invite, show details.

use super::Tenant;
use super::dialog::Dialog;
use super::form::Form;
use super::screens::{Level, Screen, Subject};
use super::update::{error, info};
use super::{App, Dispatch, Overlay, Purpose};
use crate::api::model::{Capability, MemberState, Node, Operation, Scope, Target, Verb};
use crate::api::schema::{DialogText, Level as SchemaLevel, Schema, fill};
use crate::api::value::{Changes, Value};

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
    org: &Node,
    text: DialogText,
    tenant: usize,
    op: Operation,
) -> Dialog {
    let counts = t.counts_of(&org.id);
    let mut values: Vec<(String, String)> = vec![
        (
            "name".to_owned(),
            org.record.get(level.fields, level.name_field).as_input(),
        ),
        ("members".to_owned(), count(counts.members, "member")),
        (
            "invites".to_owned(),
            count(counts.pending, "pending invite"),
        ),
    ];
    for field in level.fields {
        let value = org.record.get(level.fields, field.id);
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

pub(crate) fn details(app: &mut App, io: &mut dyn Dispatch) {
    let subject = match app.screen() {
        Screen::Nodes { .. } => app.selected_org().map(|(t, o)| {
            let subject = Subject::Node {
                level: o.level,
                id: o.id.clone(),
            };
            (t, subject)
        }),
        Screen::Node {
            tenant, level, id, ..
        } if app.level().rows.is_empty() => Some((
            *tenant,
            Subject::Node {
                level: *level,
                id: id.clone(),
            },
        )),
        Screen::Node { .. } | Screen::View { .. } => app
            .selected_person()
            .map(|(t, p)| (t, Subject::Party(p.id().to_owned()))),
        Screen::Approvals { .. } => app
            .selected_approval()
            .map(|(t, a)| (t, Subject::Approval(a.id.clone()))),
        _ => None,
    };
    if let Some((tenant, subject)) = subject {
        let from_page = matches!(app.screen(), Screen::View { view, .. }
            if super::screens::lazy_view(app.tenants[tenant].schema(), *view).is_some());
        if let (true, Subject::Party(id)) = (from_page, &subject) {
            read_record(app, tenant, id.clone(), io);
        }
        let detail = Level::new(Screen::Detail { tenant, subject });
        super::trail::moving(app, |app| app.stack.push(detail));
    }
}

/// A view read page by page holds list items, which may carry less than the
/// record (Sequence's lack a customer's status and contacts): its details read
/// the party's own record, shown in place of the item once it is in.
fn read_record(app: &mut App, tenant: usize, id: String, io: &mut dyn Dispatch) {
    let read = crate::api::model::Capability::new(
        crate::api::model::Verb::Read,
        crate::api::model::Target::Parties,
    );
    if !app.tenants[tenant].schema().declares(read) {
        return;
    }
    // Only the record of the details on screen is kept: each opening reads afresh.
    app.tenants[tenant].records.clear();
    if let Some(request) = io.send(tenant, Operation::GetParty { id: id.clone() }) {
        app.requests
            .insert((tenant, request), super::Purpose::Record { id });
    }
}

pub(crate) fn new_form(app: &mut App, io: &mut dyn Dispatch) {
    let Some(tenant) = app.screen().tenant() else {
        return;
    };
    let orgs = app.tenants[tenant].orgs.data.clone().unwrap_or_default();
    let schema = app.tenants[tenant].schema();
    let scope = app.party_scope_here(schema);
    let form = match app.screen() {
        Screen::Nodes { level, parent, .. } => {
            Form::create_node(schema, tenant, *level, parent.clone())
        }
        Screen::Node { id, .. } => {
            Form::invite(schema, tenant, &orgs, Some(id.as_str()), None, scope)
        }
        // An invite from a view of some roles starts on the first of them (staff: agent).
        Screen::View { view, .. } => {
            let role = schema.view(*view).and_then(|v| v.filter.roles.first());
            Form::invite(schema, tenant, &orgs, None, role.copied(), scope)
        }
        _ => Form::invite(schema, tenant, &orgs, None, None, scope),
    };
    app.overlay = Some(Overlay::Form(Box::new(form)));
    super::form::offer_parties(app, Some(io));
    // A picker over a view asks for its first page at once.
    super::form::search_tick(app, io);
}

pub(crate) fn edit_form(app: &mut App) {
    if let Some((tenant, org)) = app.org_target() {
        let form = Form::edit_organization(app.tenants[tenant].schema(), tenant, org);
        app.overlay = Some(Overlay::Form(Box::new(form)));
    } else if let Some((tenant, person)) = app.selected_person() {
        let t = &app.tenants[tenant];
        let orgs = t.orgs.data.clone();
        let schema = t.schema();
        let scope = app.party_scope_here(schema);
        // A role that may not list organizations never asked for them.
        let list = schema
            .top_level()
            .map(|l| Capability::new(Verb::List, Target::Level(l.id)));
        let why = match list.map_or(Ok(()), |c| t.offer(c)) {
            Err(unoffered) => unoffered.reason(),
            Ok(()) if t.orgs.is_loading() => "organizations still loading".to_owned(),
            Ok(()) => "could not load organizations".to_owned(),
        };
        let orgs = orgs.as_deref().ok_or(why.as_str());
        let form = Form::edit_person(schema, tenant, person, orgs, scope);
        app.overlay = Some(Overlay::Form(Box::new(form)));
    }
}

pub(crate) fn suspend(app: &mut App) {
    if let Some((tenant, org)) = app.org_target() {
        let t = &app.tenants[tenant];
        let schema = t.schema();
        let Some(level) = schema.level(org.level) else {
            return;
        };
        let (Some(dialogs), Some(toggle)) = (level.dialogs, level.toggle) else {
            return;
        };
        // From "on" (suspended) back, or into it.
        let on = org.record.get(level.fields, toggle.field).as_text() == Some(toggle.on.0);
        let text = if on { dialogs.off } else { dialogs.on };
        let op = Operation::ToggleNode {
            level: level.id,
            id: org.id.clone(),
            on: !on,
        };
        let dialog = node_dialog(t, level, org, text, tenant, op);
        app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
        return;
    }
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let schema = app.tenants[tenant].schema();
    let (Some(toggle), Some(dialogs)) = (schema.party_toggle, schema.party_dialogs) else {
        return;
    };
    let suspend = person.state != MemberState::Suspended;
    let (value, text) = if suspend {
        (toggle.on.0, dialogs.suspend)
    } else {
        (toggle.off.0, dialogs.reactivate)
    };
    let op = Operation::UpdateMember {
        scope: app.party_scope_here(schema),
        party: person.id().to_owned(),
        changes: Changes {
            values: vec![(toggle.field, Value::Word(value))],
        },
    };
    let dialog = party_dialog(schema, person, text, tenant, op);
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

/// A party's dialog from the schema's text, its name and label filled in.
fn party_dialog(
    schema: &Schema,
    person: &crate::api::model::Party,
    text: DialogText,
    tenant: usize,
    op: Operation,
) -> Dialog {
    let name = person.full_name(schema);
    let pairs = [("name", name.as_str()), ("party", person.label(schema))];
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

pub(crate) fn delete(app: &mut App) {
    if let Some((tenant, org)) = app.org_target() {
        let t = &app.tenants[tenant];
        let schema = t.schema();
        let Some(level) = schema.level(org.level) else {
            return;
        };
        let Some(dialogs) = level.dialogs else {
            return;
        };
        let op = Operation::DeleteNode {
            level: level.id,
            id: org.id.clone(),
        };
        let dialog = node_dialog(t, level, org, dialogs.delete, tenant, op).typed(org.name.clone());
        app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
        return;
    }
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let schema = app.tenants[tenant].schema();
    let label = person.label(schema).to_owned();
    if app.delete_removes() {
        return remove(app);
    }
    if person.state != MemberState::Invited {
        let state = schema
            .party_toggle
            .map(|t| person.get(schema, t.field).as_input())
            .unwrap_or_else(|| format!("{:?}", person.state).to_lowercase());
        error(
            app,
            format!("{label} is {state}, not pending: only invites can be revoked here"),
            Some(suspend_hint(app)),
        );
        return;
    }
    let Some(dialogs) = schema.party_dialogs else {
        return;
    };
    let op = Operation::RevokeInvite {
        scope: app.party_scope_here(schema),
        party: person.id().to_owned(),
    };
    let dialog = party_dialog(schema, person, dialogs.revoke, tenant, op);
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

/// Asks before removing the selected person from the node of their tab, in the
/// tab's words.
fn remove(app: &mut App) {
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let t = &app.tenants[tenant];
    let schema = t.schema();
    let scope = app.party_scope_here(schema);
    let Scope::Node { level, id, tab } = &scope else {
        return;
    };
    let Some(spec) = schema.level(*level).and_then(|l| l.tab(*tab)) else {
        return;
    };
    if spec.delete_verb() == Verb::SetMembers {
        return super::replace::ask(app);
    }
    let Some(text) = spec.remove else {
        return;
    };
    let node = t.org(id).map_or(id.as_str(), |n| n.name.as_str());
    let name = person.full_name(schema);
    let pairs = [
        ("name", name.as_str()),
        ("party", person.label(schema)),
        ("node", node),
    ];
    let filled = |template: &str| fill(template, &pairs);
    let (title, body, done) = (
        filled(text.title),
        text.body.iter().map(|line| filled(line)).collect(),
        filled(text.done),
    );
    let op = Operation::RemoveMember {
        party: person.id().to_owned(),
        scope,
    };
    let dialog = Dialog::new(title, body, text.button, tenant, op, done);
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

pub(crate) fn resend(app: &mut App, io: &mut dyn Dispatch) {
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let schema = app.tenants[tenant].schema();
    let Some(text) = schema.party_dialogs.map(|d| d.resend) else {
        return;
    };
    let label = person.label(schema).to_owned();
    let filled = |template: &str| fill(template, &[("party", &label)]);
    let op = Operation::ResendInvite {
        scope: app.party_scope_here(schema),
        party: person.id().to_owned(),
    };
    if let Some(id) = io.send(tenant, op.clone()) {
        let purpose = Purpose::Action {
            what: filled(text.what),
            done: filled(text.done),
            op: Box::new(op),
        };
        app.requests.insert((tenant, id), purpose);
        info(app, filled(text.started));
    }
}

impl App {
    /// Where a change to the selected person acts: the people screen's scope, or
    /// for a person's details, the scope they were opened from; else the view of
    /// everyone.
    pub(crate) fn party_scope_here(&self, schema: &Schema) -> Scope {
        self.scope_on_stack(schema)
            .or_else(|| super::screens::everyone_view(schema).map(Scope::Tenant))
            .unwrap_or(Scope::Tenant(crate::api::schema::ViewId("")))
    }
}

/// What stops someone signing in, for a refusal to revoke a member.
pub(super) fn suspend_hint(app: &App) -> String {
    let key = app.keymap.named(super::keymap::Action::Suspend);
    format!("to stop someone signing in, suspend them ({key})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{NodeState, Record};
    use crate::api::schema::NodeDialogs;

    #[test]
    fn a_node_dialog_is_the_schemas_text_with_the_node_filled_in() {
        let tenant = Tenant::new("acme", "http://127.0.0.1:1", false);
        let level = tenant.schema().top_level().expect("a level");
        let org = Node {
            id: "org_1".into(),
            level: level.id,
            parent: None,
            name: "Kiwi".into(),
            state: NodeState::Active,
            record: Record::read(level.fields, |field| {
                if field == level.name_field {
                    Value::Text("Kiwi".into())
                } else {
                    Value::Empty
                }
            }),
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
        let op = Operation::DeleteNode {
            level: level.id,
            id: org.id.clone(),
        };
        let dialog = node_dialog(&tenant, level, &org, dialogs.delete, 0, op);
        assert_eq!(dialog.title, "Close Kiwi?");
        assert_eq!(dialog.body, ["Kiwi holds 0 members; none are kept"]);
        assert_eq!(dialog.confirm_label, "Close");
    }

    #[test]
    fn a_party_dialog_is_the_schemas_text_with_the_party_filled_in() {
        let schema = crate::backends::schema();
        let email = match schema.party_columns[0].source {
            crate::api::schema::Source::Field(id) => id,
            _ => panic!("the first column is a field"),
        };
        let record = Record::read(schema.party_fields, |id| {
            if id == email {
                Value::Text("kim@acme.com".into())
            } else if schema.party_name.first() == Some(&id) {
                Value::Text("Kim".into())
            } else {
                Value::Empty
            }
        });
        let person = crate::api::model::Party::new(
            "kim@acme.com",
            crate::api::model::PartyKind::User,
            MemberState::Invited,
            record,
            Box::default(),
        );
        let text = DialogText {
            title: "Withdraw {party}?",
            body: &["{name} ({party}) keeps nothing"],
            button: "Withdraw",
            done: "Withdrew {name}",
        };
        let op = Operation::RevokeInvite {
            scope: Scope::Tenant(crate::api::schema::ViewId("all")),
            party: "kim@acme.com".into(),
        };
        let dialog = party_dialog(schema, &person, text, 0, op);
        assert_eq!(dialog.title, "Withdraw kim@acme.com?");
        assert_eq!(dialog.body, ["Kim (kim@acme.com) keeps nothing"]);
        assert_eq!(dialog.confirm_label, "Withdraw");
    }
}
