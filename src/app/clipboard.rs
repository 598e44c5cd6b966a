//! `y` and `Y`: what is copied (the selection's identifier, or its row as JSON).
//! The text is queued in `App::clipboard`; the runtime hands it to the terminal
//! as an OSC 52 sequence after the update, so the copy lands on the operator's
//! machine even over SSH. Nothing here runs a clipboard tool.

use crate::api::model::json::{Ordered, node_json, party_json};
use crate::api::model::{Approval, Node, Party};
use crate::api::schema::Schema;
use crate::api::secret;
use crate::config::Clipboard;

use super::logbook::{Call, Message, outcome_text};
use super::paging::thousands;
use super::screens::{Screen, Subject};
use super::tenant::Tenant;
use super::update::{error, info};
use super::{App, NoticeKind};

/// The most text one copy may hold (about 133 kB once in base64). Terminals cap
/// what one OSC 52 sequence may carry, each at its own size, and drop or cut one
/// past it without a word; a copy bigger than this is refused with a notice
/// instead, so the operator never pastes a fragment believing it whole.
pub const MAX_COPY_BYTES: usize = 100_000;

/// Copies the selection's identifier, or with `whole_row` the row as JSON.
pub(crate) fn copy(app: &mut App, whole_row: bool) {
    if app.surroundings.clipboard == Clipboard::Off {
        let hint = format!(
            "set clipboard = \"auto\" in {} to copy through the terminal (OSC 52)",
            app.surroundings.config_file.display()
        );
        return error(
            app,
            "copying is off (clipboard = \"off\" in the config)",
            Some(hint),
        );
    }
    let Some(selected) = selected(app) else {
        return error(app, "nothing is selected to copy", None);
    };
    let (text, toast) = if whole_row {
        let json = selected.json();
        let toast = format!(
            "copied the row of {} as JSON ({} bytes)",
            selected.name(),
            thousands(json.len() as u64)
        );
        (json, toast)
    } else {
        let id = selected.identifier();
        let toast = format!("copied {id}");
        (id, toast)
    };
    if text.len() > MAX_COPY_BYTES {
        let what = format!(
            "not copied: {} bytes is over the {} a copy may hold",
            thousands(text.len() as u64),
            thousands(MAX_COPY_BYTES as u64)
        );
        let hint = "y copies the id alone; :export json FILE writes the list to a file";
        return error(app, what, Some(hint.into()));
    }
    app.clipboard = Some(text);
    info(app, toast);
}

impl App {
    /// Whether `y` and `Y` would copy something here: copying is on and a row (or
    /// a detail view's subject) is selected.
    pub fn copy_offered(&self) -> bool {
        self.surroundings.clipboard != Clipboard::Off && selected(self).is_some()
    }
}

/// What the cursor is on (or the detail view shows), with its schema.
enum Selected<'a> {
    Tenant(&'a Tenant),
    Node(&'a Schema, &'a Node),
    Party(&'a Schema, &'a Party),
    Approval(&'a Approval),
    /// An entry of `:messages`.
    Message(&'a Message),
    /// An entry of `:requests`.
    Call(&'a Call),
}

fn selected(app: &App) -> Option<Selected<'_>> {
    let schema = app.schema();
    let person = || {
        app.selected_person()
            .map(|(_, p)| Selected::Party(schema, p))
    };
    let node = || app.selected_org().map(|(_, n)| Selected::Node(schema, n));
    let approval = || app.selected_approval().map(|(_, a)| Selected::Approval(a));
    match app.screen() {
        Screen::Tenants => {
            let row = app.level().selected_row()?;
            app.tenants.get(row).map(Selected::Tenant)
        }
        Screen::Nodes { .. } => node(),
        Screen::Node { .. } | Screen::View { .. } => person(),
        Screen::Approvals { .. } => approval(),
        Screen::Messages => app
            .messages
            .newest(app.level().selected_row()?)
            .map(Selected::Message),
        Screen::Requests => app
            .calls
            .newest(app.level().selected_row()?)
            .map(Selected::Call),
        Screen::Detail { subject, .. } => match subject {
            Subject::Node { .. } => node(),
            Subject::Party(_) => person(),
            Subject::Approval(_) => approval(),
        },
    }
}

impl Selected<'_> {
    /// What `y` copies: a profile's name, a node's id, an approval's id, a
    /// person's email where the list names people by it (else their id).
    fn identifier(&self) -> String {
        match self {
            Selected::Tenant(tenant) => tenant.profile.clone(),
            Selected::Node(_, node) => node.id.clone(),
            Selected::Party(schema, party) => party_identifier(schema, party).to_owned(),
            Selected::Approval(approval) => approval.id.clone(),
            // The server's request id is what a support ticket asks for.
            Selected::Message(message) => message
                .request_id
                .clone()
                .unwrap_or_else(|| message.text.clone()),
            Selected::Call(call) => call
                .called
                .request_id
                .clone()
                .unwrap_or_else(|| format!("{} {}", call.called.method, call.called.target)),
        }
    }

    /// What the toast calls it: "the row of Acme Ltd".
    fn name(&self) -> String {
        match self {
            Selected::Tenant(tenant) => tenant.profile.clone(),
            Selected::Node(_, node) => node.name.clone(),
            Selected::Party(schema, party) => party.label(schema).to_owned(),
            Selected::Approval(approval) => format!("approval {}", approval.id),
            Selected::Message(_) => "the message".to_owned(),
            Selected::Call(call) => format!("{} {}", call.called.method, call.called.target),
        }
    }

    /// What `Y` copies: the record as the console holds it, with its id, any
    /// token a server echoed into it masked.
    fn json(&self) -> String {
        let object = match self {
            Selected::Tenant(tenant) => tenant_json(tenant),
            Selected::Node(schema, node) => node_json(schema, node),
            Selected::Party(schema, party) => party_json(schema, party),
            Selected::Approval(approval) => approval_json(approval),
            Selected::Message(message) => message_json(message),
            Selected::Call(call) => call_json(call),
        };
        let text = serde_json::to_string_pretty(&object).unwrap_or_default();
        secret::scrub(&text).into_owned()
    }
}

/// A person's identifier: the label they are listed by when that is not their
/// name (an email), else what the backend's paths name them by.
fn party_identifier<'a>(schema: &Schema, party: &'a Party) -> &'a str {
    if schema.party_name.contains(&schema.party_label) {
        party.id()
    } else {
        party.label(schema)
    }
}

/// A tenant's row: its profile, server and who the token speaks for.
fn tenant_json(tenant: &Tenant) -> Ordered {
    let me = tenant.me.data.as_ref();
    Ordered(vec![
        ("profile", tenant.profile.clone().into()),
        ("backend", tenant.schema().title.into()),
        ("server", tenant.base_url.clone().into()),
        ("read_only", tenant.read_only.into()),
        ("you_are", me.map(|m| m.label.clone()).into()),
        ("role", me.map(|m| m.role.clone()).into()),
    ])
}

fn message_json(message: &Message) -> Ordered {
    let kind = match message.kind {
        NoticeKind::Info => "info",
        NoticeKind::Error => "error",
    };
    Ordered(vec![
        ("at", message.at.to_string().into()),
        ("kind", kind.into()),
        ("text", message.text.clone().into()),
        ("hint", message.hint.clone().into()),
        ("tenant", message.tenant.clone().into()),
        ("request_id", message.request_id.clone().into()),
    ])
}

fn call_json(call: &Call) -> Ordered {
    let called = &call.called;
    Ordered(vec![
        ("at", call.at.to_string().into()),
        ("tenant", call.profile.clone().into()),
        ("method", called.method.clone().into()),
        ("target", called.target.clone().into()),
        ("outcome", outcome_text(&called.outcome).into()),
        ("took_ms", (called.took.as_millis() as u64).into()),
        ("bytes", called.bytes.into()),
        ("request_id", called.request_id.clone().into()),
    ])
}

fn approval_json(approval: &Approval) -> Ordered {
    let asked_at = approval.asked_at.map(|at| at.to_string());
    Ordered(vec![
        ("id", approval.id.clone().into()),
        ("kind", approval.kind.clone().into()),
        ("what", approval.what.clone().into()),
        ("state", approval.state.clone().into()),
        ("asked_by", approval.asked_by.clone().into()),
        ("asked_by_id", approval.asked_by_id.clone().into()),
        ("asked_at", asked_at.into()),
        ("node", approval.node.clone().into()),
        ("node_name", approval.node_name.clone().into()),
        ("needs", approval.needs.into()),
    ])
}
