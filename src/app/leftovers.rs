//! What the console says of the writes an earlier run left in the journal: each
//! one created, not created (and then its draft is back in its form, with the same
//! key, so nothing typed is lost and a resubmit cannot create two), or unknown.

use super::form::Form;
use super::update::{error, info, load, reloads};
use super::{App, Dispatch, Overlay};
use crate::api::client::{Found, Leftover};
use crate::api::model::{Operation, Reply};
use crate::api::schema::Schema;

pub(super) fn on_leftovers(
    app: &mut App,
    tenant: usize,
    result: Result<Vec<Leftover>, String>,
    io: &mut dyn Dispatch,
) {
    let leftovers = match result {
        Ok(leftovers) => leftovers,
        Err(why) => {
            let hint = "it is left as it is: read it, and remove it once nothing in it is needed";
            error(app, format!("left from last run: {why}"), Some(hint.into()));
            return;
        }
    };
    let Some(t) = app.tenants.get(tenant) else {
        return;
    };
    let schema = t.schema();
    let sentences: Vec<String> = leftovers.iter().map(|l| sentence(schema, l)).collect();
    let unknown = leftovers
        .iter()
        .any(|l| matches!(l.found, Found::Unknown(_)));
    let reopen = leftovers.iter().find_map(|l| match &l.found {
        Found::NotDone(op) => Some(op.clone()),
        _ => None,
    });
    if leftovers.iter().any(|l| matches!(l.found, Found::Done(_))) {
        for purpose in reloads(app, tenant) {
            load(app, tenant, purpose, io);
        }
    }
    if let Some(op) = reopen
        && let Some(form) = Form::reopened(schema, tenant, &op)
    {
        app.overlay = Some(Overlay::Form(Box::new(form)));
        // Its picked parties are named once the tab they come from is in.
        super::form::offer_parties(app, Some(io));
    }
    let text = format!("left from last run: {}", sentences.join("; "));
    for line in &sentences {
        tracing::info!(profile = %app.tenants[tenant].profile, "left from last run: {line}");
    }
    if unknown {
        let hint = "it stays in the journal, and is settled again at the next start";
        error(app, text, Some(hint.into()));
    } else {
        info(app, text);
    }
}

/// One leftover in a sentence: "enterprise 'ops@kiwi.example' was created (id …)".
fn sentence(schema: &'static Schema, leftover: &Leftover) -> String {
    let op = leftover.entry.operation(schema).ok();
    let noun = match &op {
        Some(Operation::CreateNode { level, .. }) => schema
            .level(*level)
            .map_or("create", |l| l.nouns.0)
            .to_owned(),
        _ => "create".to_owned(),
    };
    let named = |name: &str| match name {
        "" => noun.clone(),
        name => format!("{noun} '{}'", crate::text::visible(name)),
    };
    match &leftover.found {
        Found::Done(Reply::Node(node)) => {
            format!("{} was created (id {})", named(&node.name), node.id)
        }
        Found::Done(_) => format!("{} was created", named(&draft_name(schema, op.as_ref()))),
        Found::NotDone(write) => format!(
            "{} was not created; its draft is in the form",
            named(&draft_name(schema, Some(write)))
        ),
        Found::Unknown(why) => format!(
            "{}: unknown ({})",
            named(&draft_name(schema, op.as_ref())),
            crate::text::visible(why)
        ),
    }
}

/// What a create's draft names its node by: the level's name field, else the
/// first text the operator typed (an enterprise is asked for by its email).
fn draft_name(schema: &Schema, op: Option<&Operation>) -> String {
    let Some(Operation::CreateNode { level, draft, .. }) = op else {
        return String::new();
    };
    let by_name = schema
        .level(*level)
        .map(|l| draft.text(l.name_field))
        .filter(|name| !name.is_empty());
    by_name
        .or_else(|| {
            draft
                .values
                .iter()
                .find_map(|(_, v)| v.as_text().map(str::to_owned))
        })
        .unwrap_or_default()
}
