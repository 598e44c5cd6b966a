//! The last party of a tab's `last` role stays and keeps it (an organization's
//! last owner): the console refuses, before sending, to remove them or move
//! them off the role, when the tab's whole list is read and holds no other.
//! Where it cannot tell (the list partial, failed or not read), it sends, and
//! the server's refusal shows as any other.

use super::form::{Form, FormKind};
use super::remote::Status;
use super::replace::is_kept;
use super::{App, Tenant};
use crate::api::model::{Operation, Party, Scope};
use crate::api::schema::{FieldId, Kept, fill};

/// Why `party` must stay in the tab `scope` names, holding the role: it holds
/// it and no one else listed there does.
fn last_one(t: &Tenant, scope: &Scope, party: &Party) -> Option<String> {
    let Scope::Node { level, id, tab } = scope else {
        return None;
    };
    let schema = t.schema();
    let kept: Kept = schema.level(*level)?.tab(*tab)?.last?;
    if !is_kept(schema, &kept, party, id) {
        return None;
    }
    let list = &t.members.get(&(*level, id.clone(), *tab))?.list;
    let whole = !list.is_partial() && !matches!(list.status, Status::Failed { .. });
    let others = list
        .data
        .as_ref()
        .filter(|_| whole)?
        .iter()
        .any(|other| other.id() != party.id() && is_kept(schema, &kept, other, id));
    if others {
        return None;
    }
    let node = t.org(id).map_or(id.as_str(), |n| n.name.as_str());
    Some(fill(
        kept.why,
        &[("party", party.label(schema)), ("node", node)],
    ))
}

/// What the refusal's hint says: nothing went out, and why that is right.
pub(crate) fn hint(role: &str) -> String {
    format!("nothing was sent: the server keeps the last {role} as well")
}

impl App {
    /// Why the delete key leaves the selected party alone: the last of the
    /// tab's kept role.
    pub(crate) fn last_refusal(&self) -> Option<(String, &'static str)> {
        let (tenant, person) = self.selected_person()?;
        let t = &self.tenants[tenant];
        let scope = self.scope_on_stack(t.schema())?;
        let why = last_one(t, &scope, person)?;
        Some((why, kept_role(t, &scope)?))
    }

    /// Why the form's change may not go: it moves the last of the tab's kept
    /// role off it. The field it is refused under comes with the reason.
    pub(crate) fn last_role_refusal(
        &self,
        form: &Form,
        op: &Operation,
    ) -> Option<(FieldId, String)> {
        let (FormKind::EditParty { id, scope }, Operation::UpdateMember { changes, .. }) =
            (&form.kind, op)
        else {
            return None;
        };
        let t = self.tenants.get(form.tenant)?;
        let schema = t.schema();
        let role = schema.party_role?;
        let kept = kept_role(t, scope)?;
        let moved = changes
            .values
            .iter()
            .any(|(field, value)| *field == role && value.as_text() != Some(kept));
        if !moved {
            return None;
        }
        let Scope::Node {
            level,
            id: node,
            tab,
        } = scope
        else {
            return None;
        };
        let list = t
            .members
            .get(&(*level, node.clone(), *tab))?
            .list
            .data
            .as_ref()?;
        let party = list.iter().find(|p| p.id() == id)?;
        Some((role, last_one(t, scope, party)?))
    }
}

/// The role the tab `scope` names keeps its last holder of.
fn kept_role(t: &Tenant, scope: &Scope) -> Option<&'static str> {
    let Scope::Node { level, tab, .. } = scope else {
        return None;
    };
    Some(t.schema().level(*level)?.tab(*tab)?.last?.role)
}
