//! How a form's submission lands: the created or changed thing shown, its
//! problems back under their fields (what was typed kept), and what a
//! settled write met, said plainly.

use super::answers::refresh_tenant;
use super::form;
use super::update::info;
use super::{App, Dispatch, Overlay};
use crate::api::client::Reconciled;
use crate::api::error::ApiError;
use crate::api::model::{Reply, Scope};

pub(super) fn submitted(
    app: &mut App,
    tenant: usize,
    id: u64,
    result: Result<Reply, ApiError>,
    reconciled: Option<Reconciled>,
    io: &mut dyn Dispatch,
) {
    let Some(Overlay::Form(form)) = &mut app.overlay else {
        return;
    };
    if form.submitting.map(|(sent, _)| sent) != Some(id) {
        return;
    }
    form.submitting = None;
    match result {
        // Nothing changed yet: the form's work is done, the approval's is not.
        Ok(Reply::Pending(approval)) => {
            let scope = match &form.kind {
                form::FormKind::AddMembers { scope } => Some(scope.clone()),
                _ => None,
            };
            app.overlay = None;
            info(app, approval.sentence());
            if let Some(scope) = scope {
                let now = app.now;
                app.tenants[tenant].held(&scope, approval, now);
            }
            refresh_tenant(app, tenant, io);
        }
        // Members added to a node whose answer is the node: its row and tab follow.
        Ok(Reply::Node(node)) if adds_to_a_node(&form.kind) => {
            let (picked, kind) = (form.picked_parties(), form.kind.clone());
            app.overlay = None;
            super::replace::added(app, tenant, (kind, node), picked, confirmed(reconciled), io);
        }
        Ok(reply) => {
            let schema = app.tenants[tenant].schema();
            let what = match &reply {
                Reply::Node(node) => node.name.clone(),
                Reply::Party(party) => party.label(schema).to_owned(),
                // A write with nothing to show (an add answered `{}`): the party
                // named in the form.
                _ => form
                    .field_by_id(schema.party_label)
                    .map(|f| f.value().trim().to_owned())
                    .filter(|_| matches!(form.kind, form::FormKind::AddMembers { .. }))
                    .filter(|label| !label.is_empty())
                    .unwrap_or_else(|| "the change".to_owned()),
            };
            let verb = match form.kind {
                form::FormKind::CreateNode { .. } => "Created",
                form::FormKind::AddMembers { .. }
                    if added_to(&app.tenants[tenant], &form.kind, &reply).is_some() =>
                {
                    "Added"
                }
                form::FormKind::AddMembers { .. } => "Invited",
                _ => "Saved",
            };
            let to = added_to(&app.tenants[tenant], &form.kind, &reply)
                .map_or(String::new(), |node| format!(" to {node}"));
            let note = confirmed(reconciled);
            app.overlay = None;
            info(app, format!("{verb} {what}{to}{note}"));
            refresh_tenant(app, tenant, io);
        }
        Err(ApiError::Rejected(problem)) => form.apply_problem(&problem),
        Err(err) => {
            form.summary = vec![err.to_string()];
            if let Some(hint) = err.hint() {
                form.summary.push(hint);
            }
            // The answer was lost and the server may hold something the panes do
            // not show yet (the organization that "already existed"): read again.
            if matches!(err, ApiError::WriteUncertain { .. }) {
                refresh_tenant(app, tenant, io);
            }
        }
    }
}

/// The node a form added a member to straight away (the answer is the member,
/// active there: an existing account joined at once), by name.
fn added_to(t: &super::Tenant, kind: &form::FormKind, reply: &Reply) -> Option<String> {
    let form::FormKind::AddMembers {
        scope: Scope::Node { id, .. },
    } = kind
    else {
        return None;
    };
    let Reply::Party(party) = reply else {
        return None;
    };
    if party.state != crate::api::model::MemberState::Active {
        return None;
    }
    Some(t.org(id).map_or(id.clone(), |n| n.name.clone()))
}

/// Whether a form adds members to a node (not to a tenant-wide view).
fn adds_to_a_node(kind: &form::FormKind) -> bool {
    matches!(
        kind,
        form::FormKind::AddMembers {
            scope: Scope::Node { .. }
        }
    )
}

/// What a write settled without its answer met instead, for its note.
pub(super) fn confirmed(reconciled: Option<Reconciled>) -> String {
    reconciled
        .map(|how| match how.by_resending() {
            true => format!(" ({how}; sending it again with the same key settled it)"),
            false => format!(" ({how}; a re-read confirmed it)"),
        })
        .unwrap_or_default()
}
