//! A parties picker over a tenant-wide view too long to hold (`PickFrom::View`):
//! what it offers is the server's answer to what is typed. The form opens with
//! the view's first page on offer; typing narrows what is offered at once and,
//! once the typing rests, asks the server with the view's search filter (a
//! newer search cancels the older, and only the newest answer is taken). Where
//! the server cannot be asked, the field takes typed ids, held to its rule.

use std::time::Instant;

use super::{Form, Input, Offer};
use crate::api::client::RequestId;
use crate::api::error::ApiError;
use crate::api::model::{Filter, Operation, Party, Reply, Scope};
use crate::api::schema::{FieldId, Schema, ViewId};
use crate::app::{App, Dispatch, Overlay, Purpose};

/// Where a picker's search on the server stands.
#[derive(Debug, Clone)]
pub struct ServerSearch {
    pub view: ViewId,
    /// Text typed and not yet asked, and when it was typed.
    wanted: Option<(String, Instant)>,
    /// The search that is out, and what it looks for.
    pending: Option<(RequestId, String)>,
    /// What the offer is the server's answer to.
    pub answered: Option<String>,
    /// Every party an answer held, by its label alone: what a notice names
    /// once the form is sent (an option adds the domain and id, to tell
    /// namesakes apart in the form, and would not fit a status line).
    labels: Vec<(String, String)>,
}

impl ServerSearch {
    pub(super) fn new(view: ViewId, now: Instant) -> ServerSearch {
        ServerSearch {
            view,
            // The first page, asked as soon as the form opens.
            wanted: Some((String::new(), now)),
            pending: None,
            answered: None,
            labels: Vec::new(),
        }
    }

    /// A party's label, where an answer held it.
    pub fn label(&self, id: &str) -> Option<&str> {
        (self.labels.iter().rev())
            .find(|(p, _)| p == id)
            .map(|(_, label)| label.as_str())
    }

    /// The text last typed, asked or answered.
    fn last(&self) -> Option<&str> {
        self.wanted
            .as_ref()
            .map(|(t, _)| t.as_str())
            .or(self.pending.as_ref().map(|(_, t)| t.as_str()))
            .or(self.answered.as_deref())
    }
}

/// After a key in a form: a picker whose text changed wants the server asked
/// once the typing rests.
pub(crate) fn typed(form: &mut Form, now: Instant) {
    for field in &mut form.fields {
        let Input::Parties(parties) = &mut field.input else {
            continue;
        };
        if parties.typing_ids() {
            continue;
        }
        let text = parties.filter().trim().to_owned();
        let Some(search) = parties.server.as_mut() else {
            continue;
        };
        if search.last() != Some(text.as_str()) {
            search.wanted = Some((text, now));
        }
    }
}

/// Whether the open form's picker being typed in waits to ask the server: the
/// loop then ticks soon.
pub fn waiting(app: &App) -> bool {
    let Some(Overlay::Form(form)) = &app.overlay else {
        return false;
    };
    form.fields.get(form.focus).is_some_and(|f| match &f.input {
        Input::Parties(p) => p.server.as_ref().is_some_and(|s| s.wanted.is_some()),
        _ => false,
    })
}

/// The read a picker's search sends: the view's first page for no text, else
/// the view's search filter.
fn read(schema: &Schema, view: ViewId, text: &str) -> Operation {
    let field = schema
        .view(view)
        .and_then(|v| v.lazy)
        .and_then(|l| l.search);
    let filter = match field {
        Some(field) if !text.is_empty() => Filter {
            fields: vec![(field, vec![text.to_owned()])],
            states: Vec::new(),
        },
        _ => Filter::default(),
    };
    Operation::ListParties {
        scope: Scope::Tenant(view),
        filter,
        page: None,
    }
}

/// Asks the server for what each picker's text holds once it has rested for
/// `App::search_after` (the first page at once); a newer search cancels the
/// one out.
pub(crate) fn tick(app: &mut App, io: &mut dyn Dispatch) {
    let (now, after) = (app.now, app.search_after);
    let Some(Overlay::Form(form)) = &mut app.overlay else {
        return;
    };
    let (tenant, schema) = (form.tenant, form.schema);
    let mut sent = Vec::new();
    // Only the picker being typed in asks: another asks when focus comes to it.
    if let Some(field) = form.fields.get_mut(form.focus) {
        let Input::Parties(parties) = &mut field.input else {
            return;
        };
        let Some(search) = parties.server.as_mut() else {
            return;
        };
        let Some((text, at)) = search.wanted.clone() else {
            return;
        };
        let first = search.answered.is_none() && search.pending.is_none() && text.is_empty();
        if !first && now.saturating_duration_since(at) < after {
            return;
        }
        search.wanted = None;
        if let Some((older, _)) = search.pending.take() {
            io.cancel(tenant, older);
            sent.push((older, None));
        }
        if let Some(id) = io.page(tenant, read(schema, search.view, &text)) {
            search.pending = Some((id, text.clone()));
            sent.push((id, Some((field.spec.id, text))));
        }
    }
    for (id, purpose) in sent {
        match purpose {
            Some((field, text)) => {
                app.requests
                    .insert((tenant, id), Purpose::Pick { field, text });
            }
            None => {
                app.requests.remove(&(tenant, id));
            }
        }
    }
}

/// A picker's search came in: the newest one's matches are what it offers; a
/// failure turns it to typed ids, saying why.
pub(crate) fn answered(
    app: &mut App,
    id: RequestId,
    field: FieldId,
    text: String,
    result: Result<Reply, ApiError>,
) {
    let Some(Overlay::Form(form)) = &mut app.overlay else {
        return;
    };
    let schema = form.schema;
    let Some(field) = form.fields.iter_mut().find(|f| f.spec.id == field) else {
        return;
    };
    let Input::Parties(parties) = &mut field.input else {
        return;
    };
    let Some(search) = parties.server.as_mut() else {
        return;
    };
    if search.pending.as_ref().map(|(p, _)| *p) != Some(id) {
        return;
    }
    search.pending = None;
    let offer = match result {
        Ok(Reply::Parties(page)) => {
            search.answered = Some(text);
            // Only the newest answer is offered, so only its parties can be
            // picked from here on: the labels of those picked before stay.
            let picked = &parties.picked;
            search.labels.retain(|(id, _)| picked.contains(id));
            let labels = page
                .items
                .iter()
                .map(|p| (p.id().to_owned(), p.label(schema).to_owned()));
            search.labels.extend(labels);
            Offer::Ready(page.items.iter().map(|p| option(schema, p)).collect())
        }
        Ok(_) => Offer::Typed(format!(
            "the server's search answered no {}: type their ids",
            schema.party_nouns.1
        )),
        Err(err) => {
            search.wanted = None;
            Offer::Typed(format!(
                "could not search the {}: {err}; type their ids",
                schema.party_nouns.1
            ))
        }
    };
    parties.offered(offer);
}

/// A party as such a picker lists it: by its label, with the first other field
/// the schema searches parties by (a customer's domain) and its id.
fn option(schema: &Schema, party: &Party) -> (String, String) {
    let label = party.label(schema);
    let named = |f: &FieldId| *f == schema.party_label || schema.party_name.contains(f);
    let other = schema
        .party_search
        .iter()
        .filter(|f| !named(f))
        .filter_map(|f| party.get(schema, *f).as_text())
        .map(str::trim)
        .find(|t| !t.is_empty() && *t != party.id());
    let shown = match other {
        Some(other) => format!("{label} ({other}, {})", party.id()),
        None => format!("{label} ({})", party.id()),
    };
    (party.id().to_owned(), shown)
}
