//! Removing members where the API can only replace a node's whole member list
//! (`Verb::SetMembers`): the dialog says exactly who stays and who goes, and on
//! confirm the node is read again first, so the list is never replaced from a
//! stale copy. If it changed since it was shown, the tab is read again and the
//! dialog comes back with the lists as they are now.

use super::dialog::{Confirmed, Dialog};
use super::screens::Screen;
use super::update::{error, info, load};
use super::{App, Dispatch, Overlay, Purpose};
use crate::api::client::Reconciled;
use crate::api::error::ApiError;
use crate::api::model::{Node, Operation, Party, Record, Reply, Scope};
use crate::api::schema::{DialogText, Kept, LevelId, Schema, TabId, fill};

/// One replace of a node's members, from the dialog to the server's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Replace {
    pub tenant: usize,
    pub level: LevelId,
    pub node: String,
    pub tab: TabId,
    /// What the node is called in the dialog and the notices.
    pub node_name: String,
    /// Who the tab lists beside the members (the owner, with that role): they
    /// stay whatever is replaced, and the replace never names them.
    pub kept: Vec<String>,
    /// The members as shown, in order: (id, name).
    pub members: Vec<(String, String)>,
    /// The ids of the members the operator chose to remove.
    pub going: Vec<String>,
    /// The node's record as it stood when the lists were shown: the re-read
    /// before the replace is compared with it.
    pub shown: Option<Record>,
    /// The lists differ from the ones shown before: the dialog says so.
    pub changed: bool,
    /// Why the last attempt did not replace anything, shown in the dialog.
    pub trouble: Option<String>,
}

/// A party the tab lists who is not a member a replace names: its role at the
/// node is the one the tab keeps.
pub(crate) fn is_kept(schema: &Schema, kept: &Kept, party: &Party, node: &str) -> bool {
    let at_node = party.membership(node).and_then(|m| m.role.as_deref());
    at_node == Some(kept.role)
        || schema
            .party_role
            .is_some_and(|field| party.get(schema, field).as_text() == Some(kept.role))
}

/// "Acme, Beta and 3 more": names, cut after a few so a long list stays short.
fn some_names(names: &[String]) -> String {
    const SHOWN: usize = 4;
    match names.len() {
        0 => "nobody".to_owned(),
        n if n <= SHOWN => names.join(", "),
        n => format!("{} and {} more", names[..SHOWN].join(", "), n - SHOWN),
    }
}

/// What the title and the notices call those going: their names, or how many.
fn whom(names: &[String], noun: &str) -> String {
    match names {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        many => format!("{} {noun}", many.len()),
    }
}

impl Replace {
    /// The ids a replace sends: every member but those going.
    pub fn staying(&self) -> Vec<String> {
        self.members
            .iter()
            .filter(|(id, _)| !self.going.contains(id))
            .map(|(id, _)| id.clone())
            .collect()
    }

    fn names(&self, going: bool) -> Vec<String> {
        self.members
            .iter()
            .filter(|(id, _)| self.going.contains(id) == going)
            .map(|(_, name)| crate::text::visible(name).into_owned())
            .collect()
    }

    pub fn operation(&self) -> Operation {
        Operation::SetMembers {
            level: self.level,
            node: self.node.clone(),
            parties: self.staying(),
        }
    }

    /// The schema's words with the names filled in.
    fn filled(&self, template: &str) -> String {
        let party = whom(&self.names(true), "members");
        fill(template, &[("party", &party), ("node", &self.node_name)])
    }

    /// The dialog: the schema's text, then exactly who goes and who stays.
    pub fn dialog(&self, text: DialogText, role: &str) -> Dialog {
        let mut body: Vec<String> = Vec::new();
        if let Some(trouble) = &self.trouble {
            body.push(format!("Nothing was replaced: {trouble}"));
        }
        if self.changed {
            body.push(
                "The members changed since they were shown: these are the lists as they are now."
                    .to_owned(),
            );
        }
        body.extend(text.body.iter().map(|line| self.filled(line)));
        let going = self.names(true);
        let count = |names: &[String]| match names.len() {
            n if n > 4 => format!(" ({n})"),
            _ => String::new(),
        };
        body.push(format!("Goes{}: {}", count(&going), some_names(&going)));
        let mut staying: Vec<String> = self
            .kept
            .iter()
            .map(|name| format!("{} ({role})", crate::text::visible(name)))
            .collect();
        let members = self.names(false);
        let none_left = members.is_empty();
        staying.extend(members);
        let mut stays = format!("Stays{}: {}", count(&staying), some_names(&staying));
        if none_left {
            stays.push_str("; no members are left");
        }
        body.push(stays);
        Dialog {
            title: self.filled(text.title),
            body,
            confirm_label: text.button.to_owned(),
            confirmed: Confirmed::Replace(Box::new(self.clone())),
            confirm_focused: false,
            type_to_confirm: None,
        }
    }
}

/// The tab's remove text and the role it keeps, for a replace on it.
fn words(schema: &Schema, level: LevelId, tab: TabId) -> Option<(DialogText, &Kept)> {
    let tab = schema.level(level)?.tab(tab)?;
    Some((tab.remove?, tab.kept.as_ref()?))
}

impl App {
    /// Why the delete key leaves the selected party alone: the tab keeps them
    /// (the owner), so no replace of the members can remove them.
    pub(crate) fn kept_refusal(&self) -> Option<String> {
        let (tenant, person) = self.selected_person()?;
        let t = &self.tenants[tenant];
        let schema = t.schema();
        let Some(Scope::Node { level, id, tab }) = self.scope_on_stack(schema) else {
            return None;
        };
        let kept = schema.level(level)?.tab(tab)?.kept?;
        if !is_kept(schema, &kept, person, &id) {
            return None;
        }
        let node = t.org(&id).map_or(id.as_str(), |n| n.name.as_str());
        let party = person.label(schema);
        Some(fill(kept.why, &[("party", party), ("node", node)]))
    }
}

impl App {
    /// Whether the delete key here removes by replacing the member list.
    pub(crate) fn replaces_members(&self) -> bool {
        let Some(t) = self.current_tenant() else {
            return false;
        };
        let schema = t.schema();
        match self.scope_on_stack(schema) {
            Some(Scope::Node { level, tab, .. }) => schema
                .level(level)
                .and_then(|l| l.tab(tab))
                .is_some_and(|t| t.delete_verb() == crate::api::model::Verb::SetMembers),
            _ => false,
        }
    }
}

/// Space on a member: marked for the next removal (or unmarked), and on to the
/// next row, so several are marked in a row.
pub(crate) fn mark(app: &mut App) {
    if !app.action_available(super::keymap::Action::Mark) {
        if let Some(why) = app.kept_refusal() {
            error(
                app,
                why,
                Some("mark members: the list is replaced without them".into()),
            );
        }
        return;
    }
    let Some(id) = app.selected_person().map(|(_, p)| p.id().to_owned()) else {
        return;
    };
    let level = app.level_mut();
    match level.marked.iter().position(|m| *m == id) {
        Some(at) => {
            level.marked.remove(at);
        }
        None => level.marked.push(id),
    }
    level.move_by(1);
    let marked = level.marked.len();
    match marked {
        0 => info(app, "Nothing marked"),
        1 => info(app, "1 marked: d removes it"),
        n => info(app, format!("{n} marked: d removes them in one replace")),
    }
}

/// Opens the remove dialog for the members marked on the tab on screen, or
/// else the selected one.
pub(crate) fn ask(app: &mut App) {
    let Some((tenant, person)) = app.selected_person() else {
        return;
    };
    let marked = &app.level().marked;
    let going = if marked.is_empty() {
        vec![person.id().to_owned()]
    } else {
        marked.clone()
    };
    let t = &app.tenants[tenant];
    let schema = t.schema();
    let Some(Scope::Node { level, id, tab }) = app.scope_on_stack(schema) else {
        return;
    };
    let Some((text, kept)) = words(schema, level, tab) else {
        return;
    };
    let screen = Screen::Node {
        tenant,
        level,
        id: id.clone(),
        tab,
    };
    let listed = t.parties(&screen).and_then(|p| p.data.as_deref());
    let node = t.org(&id);
    let mut replace = Replace {
        tenant,
        level,
        node: id.clone(),
        tab,
        node_name: node.map_or_else(|| id.clone(), |n| n.name.clone()),
        kept: Vec::new(),
        members: Vec::new(),
        going,
        shown: node.map(|n| n.record.clone()),
        changed: false,
        trouble: None,
    };
    replace.listed(schema, kept, listed.unwrap_or_default());
    let dialog = replace.dialog(text, kept.role);
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

impl Replace {
    /// Takes the tab's parties as the lists: those kept, and the members.
    fn listed(&mut self, schema: &Schema, kept: &Kept, parties: &[Party]) {
        self.kept.clear();
        self.members.clear();
        for party in parties {
            let name = party.label(schema).to_owned();
            if is_kept(schema, kept, party, &self.node) {
                self.kept.push(name);
            } else {
                self.members.push((party.id().to_owned(), name));
            }
        }
        let members = &self.members;
        self.going.retain(|id| members.iter().any(|(m, _)| m == id));
    }
}

/// Confirmed: the node is read again before anything is replaced.
pub(crate) fn confirmed(app: &mut App, replace: Replace, io: &mut dyn Dispatch) {
    let op = Operation::GetNode {
        level: replace.level,
        id: replace.node.clone(),
    };
    let Some(id) = io.send(replace.tenant, op) else {
        error(
            app,
            "this tenant has no working connection: nothing was replaced",
            None,
        );
        return;
    };
    info(
        app,
        format!(
            "Checking the members of {} before replacing them…",
            replace.node_name
        ),
    );
    app.requests
        .insert((replace.tenant, id), Purpose::Recheck(Box::new(replace)));
}

/// Brings the dialog back, with why nothing was replaced.
fn ask_again(app: &mut App, mut replace: Replace, trouble: Option<String>) {
    let schema = app.tenants[replace.tenant].schema();
    let Some((text, kept)) = words(schema, replace.level, replace.tab) else {
        return;
    };
    replace.trouble = trouble;
    let dialog = replace.dialog(text, kept.role);
    // A form or dialog opened meanwhile is the operator's: it is not replaced.
    if app.overlay.is_none() {
        app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
    }
}

/// The node as read again: unchanged, the replace goes out; changed, the tab is
/// read again to show the lists as they are now.
pub(crate) fn rechecked(
    app: &mut App,
    replace: Replace,
    result: Result<Reply, ApiError>,
    io: &mut dyn Dispatch,
) {
    let tenant = replace.tenant;
    let fresh = match result {
        Ok(Reply::Node(fresh)) => fresh,
        Ok(_) => {
            let cause = "the server answered something other than the node".to_owned();
            return ask_again(app, replace, Some(cause));
        }
        Err(err) => {
            let (text, hint) = super::remote::told(&err);
            error(
                app,
                format!("Could not read {} again: {text}", replace.node_name),
                hint,
            );
            return ask_again(app, replace, Some(text));
        }
    };
    let unchanged = replace.shown.as_ref() == Some(&fresh.record);
    let record = fresh.record.clone();
    node_answered(app, tenant, fresh);
    if unchanged {
        return send(app, replace, io);
    }
    let mut replace = replace;
    replace.shown = Some(record);
    reread_tab(app, replace, io);
}

/// Reads the tab again for `replace`, which waits for its answer.
fn reread_tab(app: &mut App, replace: Replace, io: &mut dyn Dispatch) {
    let (tenant, key) = (
        replace.tenant,
        (replace.level, replace.node.clone(), replace.tab),
    );
    let purpose = Purpose::Members {
        level: key.0,
        id: key.1.clone(),
        tab: key.2,
    };
    load(app, tenant, purpose, io);
    match app.tenants[tenant]
        .members
        .get(&key)
        .and_then(|m| m.list.pending_id())
    {
        Some(id) => {
            app.replaces.insert((tenant, id), Box::new(replace));
        }
        None => {
            let cause = "its members could not be read again".to_owned();
            ask_again(app, replace, Some(cause));
        }
    }
}

/// The tab read again for a replace waiting on it: the same members, the replace
/// goes out; others, the dialog comes back with them.
pub(crate) fn tab_reread(app: &mut App, mut replace: Replace, io: &mut dyn Dispatch) {
    let t = &app.tenants[replace.tenant];
    let schema = t.schema();
    let key = (replace.level, replace.node.clone(), replace.tab);
    let Some(list) = t.members.get(&key).map(|m| &m.list) else {
        return;
    };
    if let Some(trouble) = list.trouble() {
        let cause = trouble.cause.clone();
        return ask_again(app, replace, Some(cause));
    }
    let Some((_, kept)) = words(schema, replace.level, replace.tab) else {
        return;
    };
    let before = replace.members.clone();
    let going_before = replace.names(true);
    replace.listed(schema, kept, list.data.as_deref().unwrap_or_default());
    if replace.going.is_empty() {
        let gone = whom(&going_before, "members");
        let node = replace.node_name.clone();
        info(
            app,
            format!("{gone}: no longer a member of {node}; nothing to replace"),
        );
        return;
    }
    let mut now: Vec<&String> = replace.members.iter().map(|(id, _)| id).collect();
    let mut then: Vec<&String> = before.iter().map(|(id, _)| id).collect();
    now.sort();
    then.sort();
    if now == then {
        return send(app, replace, io);
    }
    replace.changed = true;
    // The dialog says what happened; "checking…" is over.
    app.notice = None;
    ask_again(app, replace, None);
}

/// Sends the replace itself.
fn send(app: &mut App, replace: Replace, io: &mut dyn Dispatch) {
    let schema = app.tenants[replace.tenant].schema();
    let Some((text, _)) = words(schema, replace.level, replace.tab) else {
        return;
    };
    let op = replace.operation();
    let Some(id) = io.send(replace.tenant, op.clone()) else {
        let cause = "this tenant has no working connection".to_owned();
        return ask_again(app, replace, Some(cause));
    };
    let what = replace.filled(text.title).trim_end_matches('?').to_owned();
    info(app, format!("{what}…"));
    app.requests.insert(
        (replace.tenant, id),
        Purpose::Action {
            what,
            done: replace.filled(text.done),
            op: Box::new(op),
        },
    );
    app.replaces.insert((replace.tenant, id), Box::new(replace));
}

/// The replace's answer: the node's row and the tab follow it; a refusal or a
/// lost answer brings the dialog back with what was chosen and why.
pub(crate) fn replaced(
    app: &mut App,
    replace: Replace,
    done: String,
    result: Result<Reply, ApiError>,
    reconciled: Option<Reconciled>,
    io: &mut dyn Dispatch,
) {
    let tenant = replace.tenant;
    match result {
        Ok(reply) => {
            if let Reply::Node(node) = reply {
                node_answered(app, tenant, node);
            }
            let key = (replace.level, replace.node.clone(), replace.tab);
            let t = &mut app.tenants[tenant];
            if let Some(list) = t.members.get_mut(&key)
                && let Some(parties) = list.list.data.as_mut()
            {
                parties.retain(|p| !replace.going.iter().any(|id| id == p.id()));
                t.reindex_members(&key);
            }
            // The marks did their work.
            for level in &mut app.stack {
                if matches!(&level.screen, Screen::Node { id, .. } if *id == replace.node) {
                    level.marked.clear();
                }
            }
            app.refresh_rows();
            info(
                app,
                format!("{done}{}", super::submitted::confirmed(reconciled)),
            );
            let (level, id, tab) = key;
            load(app, tenant, Purpose::Members { level, id, tab }, io);
        }
        Err(err) => {
            let (text, hint) = super::remote::told(&err);
            let name = whom(&replace.names(true), "members");
            error(
                app,
                format!("Could not remove {name} from {}: {text}", replace.node_name),
                hint,
            );
            ask_again(app, replace, Some(text));
        }
    }
}

/// A node's fresh record (a re-read, or a member edit's answer): its row follows.
pub(crate) fn node_answered(app: &mut App, tenant: usize, node: Node) {
    if app.tenants[tenant].node_replaced(node) {
        app.refresh_rows();
    }
}

/// Members added, answered with the node: its row and tab follow, and the notice
/// names who was added and who already was a member (adding one again is
/// harmless: the server leaves them as they were).
pub(crate) fn added(
    app: &mut App,
    tenant: usize,
    (kind, node): (super::form::FormKind, Node),
    picked: Vec<(String, String)>,
    note: String,
    io: &mut dyn Dispatch,
) {
    let super::form::FormKind::AddMembers {
        scope: Scope::Node { level, id, tab },
    } = kind
    else {
        return;
    };
    let key = (level, id.clone(), tab);
    let t = &app.tenants[tenant];
    let schema = t.schema();
    let listed = t.members.get(&key).and_then(|m| m.list.data.as_deref());
    let already = |party: &str| listed.and_then(|l| l.iter().find(|p| p.id() == party));
    let (mut was, mut new) = (Vec::new(), Vec::new());
    for (id, name) in picked {
        match already(&id) {
            // The tab names them better than an id typed in.
            Some(member) => was.push((id, member.label(schema).to_owned())),
            None => new.push((id, name)),
        }
    }
    let names = |list: &[(String, String)]| -> Vec<String> {
        list.iter()
            .map(|(_, n)| crate::text::visible(n).into_owned())
            .collect()
    };
    let name = crate::text::visible(&node.name);
    let mut text = match new.len() {
        0 => format!("Nothing to add to {name}"),
        _ => format!("Added {} to {name}", some_names(&names(&new))),
    };
    if !was.is_empty() {
        let verb = if was.len() == 1 { "was" } else { "were" };
        text.push_str(&format!(
            "; {} {verb} already a member",
            some_names(&names(&was))
        ));
    }
    node_answered(app, tenant, node);
    info(app, format!("{text}{note}"));
    load(app, tenant, Purpose::Members { level, id, tab }, io);
}
