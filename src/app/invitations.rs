//! Invitations kept on record in every state (a tab that lists closed ones):
//! why resend and revoke refuse one that is not pending, in the tab's terms;
//! and a resend's or a revoke's answer taken into the row, the notice telling
//! when the invitation now expires.

use jiff::Timestamp;

use super::{App, Tenant, when};
use crate::api::model::{MemberState, Operation, Party, Scope, Verb};
use crate::api::schema::{MemberStateName, Schema, Source, Tab};

/// The tab `scope` names.
fn tab_of<'s>(schema: &'s Schema, scope: &Scope) -> Option<&'s Tab> {
    let Scope::Node { level, tab, .. } = scope else {
        return None;
    };
    schema.level(*level)?.tab(*tab)
}

/// Whether the tab lists invitations past pending (accepted, revoked, expired)
/// as records of their own.
fn keeps_invitations(tab: &Tab) -> bool {
    tab.states.contains(&MemberStateName::Invited) && tab.states.contains(&MemberStateName::Closed)
}

/// What the party's invitation is now, as the server words it ("accepted",
/// "revoked"): the tab's column that holds the state, known as the one whose
/// words read as the parties' states where they are pending, revoked or
/// expired; else the neutral state's name.
fn state_word(schema: &Schema, tab: &Tab, listed: &[Party], party: &Party) -> String {
    let columns = tab.columns.unwrap_or(schema.party_columns);
    let states = |id| {
        listed
            .iter()
            .chain([party])
            .any(|p| p.get(schema, id).as_text().and_then(MemberStateName::parse) == Some(p.state))
    };
    columns
        .iter()
        .find_map(|column| match column.source {
            Source::Field(id) if states(id) => party.get(schema, id).as_text().map(str::to_owned),
            _ => None,
        })
        .unwrap_or_else(|| party.state.as_str().to_owned())
}

/// Why resend (or revoke, `revoking`) refuses the selected party where the tab
/// keeps invitations in every state: "the invitation of X is revoked, not
/// pending", with what to do instead. None elsewhere: the general wording.
pub(crate) fn not_pending(app: &App, revoking: bool) -> Option<(String, String)> {
    let (tenant, person) = app.selected_person()?;
    let t = &app.tenants[tenant];
    let schema = t.schema();
    let scope = app.scope_on_stack(schema)?;
    let tab = tab_of(schema, &scope)?;
    if !keeps_invitations(tab) || person.state == MemberState::Invited {
        return None;
    }
    let listed = match &scope {
        Scope::Node { level, id, tab } => t.members.get(&(*level, id.clone(), *tab)),
        _ => None,
    };
    let listed = listed
        .and_then(|m| m.list.data.as_deref())
        .unwrap_or_default();
    let text = format!(
        "the invitation of {} is {}, not pending: only pending invitations can be {}",
        person.label(schema),
        state_word(schema, tab, listed, person),
        if revoking { "revoked" } else { "resent" }
    );
    let hint = match tab.offers.contains(&Verb::Invite) {
        true => format!(
            "invite them again ({}) to send a new invitation",
            app.keymap.named(super::keymap::Action::New)
        ),
        false => "nothing to do: it stays on record as it is".to_owned(),
    };
    Some((text, hint))
}

/// A resend's or revoke's answer, the party as it now is, put in its row at
/// once (the refresh that follows reads the whole tab again).
pub(crate) fn take_in(t: &mut Tenant, op: &Operation, party: &Party) {
    let (Operation::ResendInvite { scope, .. } | Operation::RevokeInvite { scope, .. }) = op else {
        return;
    };
    let Scope::Node { level, id, tab } = scope else {
        return;
    };
    let key = (*level, id.clone(), *tab);
    let Some(row) = t
        .members
        .get_mut(&key)
        .and_then(|m| m.list.data.as_mut())
        .and_then(|list| list.iter_mut().find(|p| p.id() == party.id()))
    else {
        return;
    };
    *row = party.clone();
    t.reindex_members(&key);
}

/// After a resend, when the invitation now expires: the tab's first
/// relative-time column whose instant is still ahead ("; expires in 7d"),
/// nothing where the tab has none.
pub(crate) fn expiry_note(
    schema: &Schema,
    op: &Operation,
    party: &Party,
    now: Timestamp,
) -> String {
    let Operation::ResendInvite { scope, .. } = op else {
        return String::new();
    };
    let Some(columns) = tab_of(schema, scope).and_then(|t| t.columns) else {
        return String::new();
    };
    columns
        .iter()
        .find_map(|column| {
            let Source::Ago(id) = column.source else {
                return None;
            };
            let at = when::instant(&party.get(schema, id).to_value())?;
            (at > now).then(|| {
                format!(
                    "; {} {}",
                    column.title.to_lowercase(),
                    when::relative(at, now)
                )
            })
        })
        .unwrap_or_default()
}
