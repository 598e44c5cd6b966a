//! Forms: create/edit organization, invite user, edit user. Each field checks the
//! contract's rules when it is left; on submit, the server's problems (through the
//! normaliser) land under the field they name, focus jumps to the first bad field,
//! and everything else goes to the summary at the top. What the operator typed is
//! never cleared by a failure.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::api::client::RequestId;
use crate::api::model::{Node, Party, Scope};
use crate::api::problem::{Problem, field_key};
use crate::api::schema::{FieldId, FieldSpec, InputKind, LevelId, PickFrom, Schema, Shown};
use crate::api::value::Draft;

mod build;
mod changes;
mod field;
mod hints;
mod keys;
mod offer;
mod parties;
mod paste;
mod search;

pub use field::{Field, Input};
pub(crate) use keys::form_key;
pub use keys::{Discard, SUBMIT_KEY};
pub(crate) use offer::offer_parties;
pub use parties::{Offer, Parties};
pub use search::{ServerSearch, waiting as search_waiting};
pub(crate) use search::{answered as search_answered, tick as search_tick, typed};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new node of `level`, under `parent` for a lower level.
    CreateNode {
        level: LevelId,
        parent: Option<String>,
    },
    EditNode {
        level: LevelId,
        id: String,
    },
    /// Invite parties into `scope`.
    AddMembers {
        scope: Scope,
    },
    EditParty {
        id: String,
        scope: Scope,
    },
}

#[derive(Debug)]
pub struct Form {
    pub schema: &'static Schema,
    pub kind: FormKind,
    pub tenant: usize,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Problems not tied to a field, shown at the top.
    pub summary: Vec<String>,
    pub submitting: Option<(RequestId, Instant)>,
    /// Asked on Esc while the operator has changed something: whether to lose it.
    pub discard: Option<Discard>,
    /// The draft the form opened with: its idempotency key goes out with every
    /// submit of this form, retries and re-submits alike.
    opened: Draft,
    original_org: Option<Node>,
    original_person: Option<Party>,
}

/// A fresh idempotency key (UUIDv4).
fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Form {
    fn new(
        schema: &'static Schema,
        kind: FormKind,
        tenant: usize,
        title: String,
        mut fields: Vec<Field>,
    ) -> Form {
        for field in &mut fields {
            field.settle();
        }
        Form {
            schema,
            kind,
            tenant,
            title,
            fields,
            focus: 0,
            summary: Vec::new(),
            submitting: None,
            discard: None,
            opened: Draft::opened(schema, new_key),
            original_org: None,
            original_person: None,
        }
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field of this form with the schema's `id`.
    pub fn field_by_id(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.spec.id == id)
    }

    /// The field whose value decides whether `field` is shown, if any.
    fn controller(&self, field: &Field) -> Option<&Field> {
        match field.spec.shown {
            Shown::Always => None,
            Shown::When(id, _) | Shown::Unless(id, _) => self.field_by_id(id),
        }
    }

    /// As the schema says (say, an agent type only for staff, an organization
    /// only for customers).
    pub fn is_visible(&self, index: usize) -> bool {
        let Some(field) = self.fields.get(index) else {
            return false;
        };
        field
            .spec
            .shown
            .holds(|id| self.field_by_id(id).map(Field::value))
    }

    pub fn visible_fields(&self) -> Vec<usize> {
        (0..self.fields.len())
            .filter(|&i| self.is_visible(i))
            .collect()
    }

    fn move_focus(&mut self, forward: bool) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.drop_filter();
        }
        if self.fields.get(self.focus).is_some_and(|f| f.touched) {
            self.check_field(self.focus);
        }
        let visible = self.visible_fields();
        let position = visible.iter().position(|&i| i == self.focus).unwrap_or(0);
        let next = if forward {
            (position + 1) % visible.len()
        } else {
            (position + visible.len() - 1) % visible.len()
        };
        self.focus = visible[next];
    }

    /// Applies the contract's rules to one field; the message is shown under it.
    pub fn check_field(&mut self, index: usize) {
        let Some(field) = self.fields.get(index) else {
            return;
        };
        // An edit sends only what the operator changed, so a value they left as the
        // server holds it (a staff user of another backend without an agent type)
        // is not theirs to fix first; an agent type turns theirs with the type.
        let is_edit = matches!(
            self.kind,
            FormKind::EditNode { .. } | FormKind::EditParty { .. }
        );
        let theirs = field.changed() || self.controller(field).is_some_and(Field::changed);
        if is_edit && !theirs {
            self.fields[index].client_error = None;
            return;
        }
        let value = field.value();
        let error = match field.spec.input {
            InputKind::PartiesPicker { .. } => check_list(field, &field.items()).or_else(|| {
                let others = self.picked_elsewhere(index);
                field.items().iter().find_map(|id| {
                    let (label, _) = others.iter().find(|(_, ids)| ids.contains(id))?;
                    let name = match &field.input {
                        Input::Parties(parties) => parties.name_of(id),
                        _ => id.clone(),
                    };
                    Some(picked_elsewhere(&name, label))
                })
            }),
            InputKind::MultiValue { .. } => check_list(field, &field.items()),
            InputKind::Select(choices) if field.spec.required && value.is_empty() => {
                let named: Vec<&str> = choices
                    .iter()
                    .filter(|c| !c.value.is_empty())
                    .map(|c| c.value)
                    .collect();
                let whom = self
                    .controller(field)
                    .map_or_else(String::new, |c| format!(" for an {}", c.value()));
                Some(format!("required{whom}: choose {} (←/→)", named.join(", ")))
            }
            _ => field.spec.fault(&value),
        };
        self.fields[index].client_error = error;
    }

    /// Checks every visible field; true when all pass.
    pub fn validate(&mut self) -> bool {
        for field in &mut self.fields {
            field.touched = true;
        }
        for index in self.visible_fields() {
            self.check_field(index);
        }
        match self
            .visible_fields()
            .into_iter()
            .find(|&i| self.fields[i].has_errors())
        {
            Some(first) => {
                self.focus = first;
                false
            }
            None => true,
        }
    }

    /// Handles a key meant for the focused field. Returns true if it was used.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Tab => {
                self.move_focus(true);
                return true;
            }
            KeyCode::BackTab => {
                self.move_focus(false);
                return true;
            }
            _ => {}
        }
        let others = self.picked_elsewhere(self.focus);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        field.server_errors.clear();
        field.entry_errors.clear();
        field.touched = true;
        let multiline = field.is_multiline();
        match &mut field.input {
            Input::Text(area) => {
                if multiline && text_area_key(area, key) {
                    return true;
                }
                if matches!(key.code, KeyCode::Enter) {
                    return false;
                }
                crate::app::line::readline(area, key)
            }
            Input::List {
                items,
                entry,
                cursor,
                ..
            } => match key.code {
                KeyCode::Enter => {
                    let typed = entry.lines().join("");
                    paste::add_entries(field, &typed)
                }
                KeyCode::Up => {
                    *cursor = cursor.saturating_sub(1);
                    true
                }
                KeyCode::Down => {
                    *cursor = (*cursor + 1).min(items.len());
                    true
                }
                KeyCode::Backspace | KeyCode::Delete if *cursor < items.len() => {
                    items.remove(*cursor);
                    *cursor = (*cursor).min(items.len());
                    let error = check_items(field.spec, items);
                    field.client_error = error;
                    true
                }
                _ => {
                    *cursor = items.len();
                    crate::app::line::readline(entry, key)
                }
            },
            Input::Choice { options, index } => match key.code {
                KeyCode::Left | KeyCode::Up => {
                    *index = (*index + options.len() - 1) % options.len();
                    true
                }
                KeyCode::Right | KeyCode::Down | KeyCode::Char(' ') => {
                    *index = (*index + 1) % options.len();
                    true
                }
                _ => false,
            },
            Input::Picker { .. } => field.picker_key(key),
            Input::Parties(parties)
                if matches!(key.code, KeyCode::Enter | KeyCode::Char(' '))
                    && let Some(id) = parties.would_pick()
                    && let Some(label) = others.iter().find(|(_, ids)| ids.contains(&id)) =>
            {
                let name = parties.name_of(&id);
                field.client_error = Some(picked_elsewhere(&name, label.0));
                true
            }
            Input::Parties(parties) => match parties.key(key) {
                parties::Done::Unused => false,
                // A refused pick's message is about what was highlighted then.
                parties::Done::Used if parties.server.is_some() => {
                    field.client_error = None;
                    true
                }
                parties::Done::Used => true,
                parties::Done::Changed => {
                    field.client_error = check_items(field.spec, &field.items());
                    true
                }
                parties::Done::Full(name) => {
                    field.client_error = Some(list_full(field.spec, parties.max, &name));
                    true
                }
            },
        }
    }

    /// Keeps the form open, unsent, with why under the field it is about (the
    /// last owner moved off the role): the operator changes it back or leaves.
    pub fn refuse(&mut self, refused: Option<(FieldId, String)>) {
        let Some((id, why)) = refused else {
            return;
        };
        self.summary = vec!["Not sent.".into()];
        match self.fields.iter().position(|f| f.spec.id == id) {
            Some(index) => {
                self.fields[index].client_error = Some(why);
                self.focus = index;
            }
            None => self.summary.push(why),
        }
    }

    /// Draws the server's complaint onto the form: field problems under their
    /// fields, the rest in the summary; focus on the first bad field.
    pub fn apply_problem(&mut self, problem: &Problem) {
        self.submitting = None;
        for field in &mut self.fields {
            field.server_errors.clear();
            field.entry_errors.clear();
        }
        self.summary = vec![problem.to_string()];
        for item in &problem.fields {
            let root = item.path.root().unwrap_or_default();
            let target = self
                .fields
                .iter()
                .position(|f| field_key(f.key) == field_key(root))
                .filter(|&i| self.is_visible(i));
            match target {
                Some(index) => {
                    let field = &mut self.fields[index];
                    let entries = field.entry_names().len();
                    if let Some(entry) = item.path.index().filter(|&e| e < entries)
                        && is_list(field)
                        && !field.entry_errors.contains(&entry)
                    {
                        field.entry_errors.push(entry);
                    }
                    let message = match (item.path.index(), field.entry_names()) {
                        (Some(entry), items) if is_list(field) => match items.get(entry) {
                            Some(domain) if item.message.contains(domain.as_str()) => {
                                item.message.clone()
                            }
                            Some(domain) => format!("{domain}: {}", item.message),
                            None => format!("entry {}: {}", entry + 1, item.message),
                        },
                        _ => item.message.clone(),
                    };
                    field.server_errors.push(message);
                }
                None => self
                    .summary
                    .push(format!("{}: {}", item.path, item.message)),
            }
        }
        if let Some(first) = self
            .visible_fields()
            .into_iter()
            .find(|&i| self.fields[i].has_errors())
        {
            self.focus = first;
        }
    }
}

/// Why a party picked in another field of the form cannot be picked here too
/// (an organization's owner as one of its members).
fn picked_elsewhere(name: &str, label: &str) -> String {
    format!("{name} is already picked as {label}: the same one cannot be both")
}

impl Form {
    /// The other visible parties pickers of the form, by label, with what they
    /// hold: a party is picked in one of them at most.
    fn picked_elsewhere(&self, index: usize) -> Vec<(&'static str, Vec<String>)> {
        self.visible_fields()
            .into_iter()
            .filter(|&i| i != index)
            .filter_map(|i| match &self.fields[i].input {
                Input::Parties(parties) => Some((self.fields[i].label, parties.ids())),
                _ => None,
            })
            .collect()
    }
}

fn is_list(field: &Field) -> bool {
    field.spec.input.entries().is_some()
}

/// What one entry of a list field is called, in its messages: "domains".
fn list_noun(spec: &FieldSpec) -> &'static str {
    spec.input.entries().map_or("entries", |(_, _, noun)| noun)
}

/// Why an entry cannot be added to a list that holds all it takes.
fn list_full(spec: &FieldSpec, max: usize, value: &str) -> String {
    let noun = list_noun(spec);
    format!("at most {max} {noun}: remove one (↑ then backspace) to add {value}")
}

fn check_list(field: &Field, items: &[String]) -> Option<String> {
    check_items(field.spec, items)
}

/// A list field's entries against the schema: how many it takes, each entry's
/// rule, and no entry twice.
fn check_items(spec: &FieldSpec, items: &[String]) -> Option<String> {
    let (max_entries, check, _) = spec.input.entries()?;
    let noun = list_noun(spec);
    if items.len() > max_entries {
        return Some(format!(
            "at most {max_entries} {noun} (this has {}): remove {} (↑ then backspace)",
            items.len(),
            items.len() - max_entries
        ));
    }
    let mut seen = Vec::new();
    for item in items {
        match check(item) {
            Ok(entry) if seen.contains(&entry) => {
                return Some(format!("{entry} is listed twice"));
            }
            Ok(entry) => seen.push(entry),
            // The rule's message already names the value.
            Err(why) => return Some(why),
        }
    }
    None
}

/// Keys a multi-line text takes before the form does: Enter breaks the line, ↑/↓
/// move between lines. Returns whether the key was one of them.
fn text_area_key(area: &mut TextArea<'static>, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Enter if key.modifiers.is_empty() => area.insert_newline(),
        KeyCode::Up => area.move_cursor(ratatui_textarea::CursorMove::Up),
        KeyCode::Down => area.move_cursor(ratatui_textarea::CursorMove::Down),
        _ => return false,
    }
    true
}

/// A key that submits a form from any field.
pub fn is_submit(key: &KeyEvent) -> bool {
    (key.code == KeyCode::Char('s') && key.modifiers.contains(KeyModifiers::CONTROL))
        || key.code == KeyCode::Enter
}

impl Form {
    /// The node tab this form's parties picker offers from: the tab of the node
    /// the form creates under.
    pub fn parties_tab(
        &self,
    ) -> Option<(LevelId, String, crate::api::schema::TabId, Option<FieldId>)> {
        let FormKind::CreateNode {
            level,
            parent: Some(parent),
        } = &self.kind
        else {
            return None;
        };
        let above = self.schema.level(*level)?.parent?;
        let tab = self.fields.iter().find_map(|f| match f.spec.input {
            InputKind::PartiesPicker {
                from: PickFrom::Tab(tab),
                sends,
                ..
            } => Some((tab, sends)),
            _ => None,
        })?;
        Some((above, parent.clone(), tab.0, tab.1))
    }

    /// The parties picked in this form's pickers: (id, name), in order.
    pub fn picked_parties(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter_map(|f| match &f.input {
                Input::Parties(parties) => Some(parties),
                _ => None,
            })
            .flat_map(|parties| {
                parties.ids().into_iter().map(|id| {
                    let label = parties.server.as_ref().and_then(|s| s.label(&id));
                    let name = label.map_or_else(|| parties.name_of(&id), str::to_owned);
                    (id, name)
                })
            })
            .collect()
    }

    /// What the parties picker may pick from, now.
    pub fn offer_parties(&mut self, offer: &Offer) {
        for field in &mut self.fields {
            if let Input::Parties(parties) = &mut field.input
                && parties.server.is_none()
                && parties.offer != *offer
            {
                parties.offered(offer.clone());
            }
        }
    }
}
