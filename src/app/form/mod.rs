//! Forms: create/edit organization, invite user, edit user. Each field checks the
//! contract's rules when it is left; on submit, the server's problems (through the
//! normaliser) land under the field they name, focus jumps to the first bad field,
//! and everything else goes to the summary at the top. What the operator typed is
//! never cleared by a failure.

use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::api::client::RequestId;
use crate::api::model::{OrgStatus, Organization, Person, PersonStatus, Role};
use crate::api::problem::{Problem, field_key};
use crate::backends;

mod changes;
mod field;

pub use field::{Field, Input};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    CreateOrganization,
    EditOrganization { id: String },
    Invite,
    EditPerson { id: String },
}

#[derive(Debug)]
pub struct Form {
    pub kind: FormKind,
    pub tenant: usize,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Problems not tied to a field, shown at the top.
    pub summary: Vec<String>,
    pub submitting: Option<(RequestId, Instant)>,
    original_org: Option<Organization>,
    original_person: Option<Person>,
}

const ROLES: [(&str, &str); 3] = [
    ("customer", "customer"),
    ("agent", "agent"),
    ("admin", "admin"),
];

/// Agent types, starting on "choose" so that nobody gets one by accident.
fn agent_type_options() -> Vec<(&'static str, &'static str)> {
    let mut options = vec![("", "choose…")];
    let kinds = backends::form_rules().staff_kinds;
    options.extend(kinds.iter().map(|a| (*a, *a)));
    options
}

fn org_options(orgs: &[Organization], with_none: bool) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if with_none {
        options.push((String::new(), "(no organization)".to_owned()));
    }
    options.extend(orgs.iter().map(|o| {
        let label = match o.status {
            OrgStatus::Active => format!("{} ({})", o.name, o.id),
            OrgStatus::Suspended => format!("{} ({}, suspended)", o.name, o.id),
        };
        (o.id.clone(), label)
    }));
    options
}

/// `value` None starts on the first option. A value the options do not hold is
/// kept, under its own name, rather than replaced by the first option.
fn picker(
    key: &'static str,
    label: &'static str,
    mut options: Vec<(String, String)>,
    value: Option<&str>,
) -> Field {
    let index = match value {
        Some(v) => match options.iter().position(|(id, _)| id == v) {
            Some(index) => index,
            None => {
                options.insert(0, (v.to_owned(), format!("{v} (current)")));
                0
            }
        },
        None => 0,
    };
    let chosen = options
        .get(index)
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    Field {
        key,
        label,
        required: false,
        input: Input::Picker {
            options,
            filter: TextArea::default(),
            index,
            chosen,
        },
        client_error: None,
        server_errors: Vec::new(),
        touched: false,
        initial: String::new(),
    }
}

fn domains_field(domains: &[String]) -> Field {
    Field {
        key: "domains",
        label: "Domains",
        required: false,
        input: Input::List {
            items: domains.to_vec(),
            entry: TextArea::default(),
            cursor: domains.len(),
            max: backends::form_rules().list_max,
        },
        client_error: None,
        server_errors: Vec::new(),
        touched: false,
        initial: String::new(),
    }
}

impl Form {
    fn new(kind: FormKind, tenant: usize, title: String, mut fields: Vec<Field>) -> Form {
        for field in &mut fields {
            field.settle();
        }
        Form {
            kind,
            tenant,
            title,
            fields,
            focus: 0,
            summary: Vec::new(),
            submitting: None,
            original_org: None,
            original_person: None,
        }
    }

    pub fn create_organization(tenant: usize) -> Form {
        Form::new(
            FormKind::CreateOrganization,
            tenant,
            "New organization".into(),
            vec![
                Field::text("display-name", "Display name", true, ""),
                domains_field(&[]),
                Field::text("external-ref", "External ref", false, ""),
                Field::text("notes", "Notes", false, ""),
            ],
        )
    }

    pub fn edit_organization(tenant: usize, org: &Organization) -> Form {
        let mut form = Form::new(
            FormKind::EditOrganization { id: org.id.clone() },
            tenant,
            format!("Edit {}", org.name),
            vec![
                Field::text("display-name", "Display name", true, &org.name),
                domains_field(&org.domains),
                Field::text(
                    "external-ref",
                    "External ref",
                    false,
                    org.external_ref.as_deref().unwrap_or_default(),
                ),
                Field::text(
                    "notes",
                    "Notes",
                    false,
                    org.notes.as_deref().unwrap_or_default(),
                ),
                Field::choice(
                    "status",
                    "Status",
                    &[("active", "active"), ("suspended", "suspended")],
                    org.status.as_str(),
                ),
            ],
        );
        form.original_org = Some(org.clone());
        form
    }

    /// `org` presets the organization (and the customer type) when inviting from one.
    pub fn invite(tenant: usize, orgs: &[Organization], org: Option<&str>, role: Role) -> Form {
        Form::new(
            FormKind::Invite,
            tenant,
            "Invite user".into(),
            vec![
                Field::text("email", "Email", true, ""),
                Field::text("name", "Name", true, ""),
                Field::text("last-name", "Last name", true, ""),
                Field::choice("type", "Type", &ROLES, role.as_str()),
                Field::choice("agent-type", "Agent type", &agent_type_options(), ""),
                picker("organization", "Organization", org_options(orgs, true), org),
            ],
        )
    }

    /// `orgs` is why the organizations are not at hand when they are not ("could not
    /// load organizations"): then the person's organization shows as unknown, and
    /// stays as it is unless the operator picks one.
    pub fn edit_person(
        tenant: usize,
        person: &Person,
        orgs: Result<&[Organization], &str>,
    ) -> Form {
        let mut org_choices = org_options(orgs.unwrap_or_default(), true);
        if let Some(current) = &person.organization
            && !org_choices.iter().any(|(id, _)| id == current)
        {
            let label = match orgs {
                Err(why) => format!("unknown ({why})"),
                Ok(_) => format!("{current} (not among the organizations you can read)"),
            };
            org_choices.insert(0, (current.clone(), label));
        }
        let mut fields = vec![
            Field::text("name", "Name", true, &person.name),
            Field::text("last-name", "Last name", true, &person.last_name),
            Field::choice("type", "Type", &ROLES, person.role.as_str()),
            Field::choice(
                "status",
                "Status",
                &[
                    ("active", "active"),
                    ("suspended", "suspended"),
                    ("pending", "pending"),
                ],
                person.status.as_str(),
            ),
            picker(
                "organization",
                "Organization",
                org_choices,
                person.organization.as_deref(),
            ),
            Field::choice(
                "agent-type",
                "Agent type",
                &agent_type_options(),
                person.agent_type.as_deref().unwrap_or_default(),
            ),
            Field::choice(
                "auto-assign-tickets",
                "Auto-assign tickets",
                &[("false", "no"), ("true", "yes")],
                if person.auto_assign == Some(true) {
                    "true"
                } else {
                    "false"
                },
            ),
        ];
        if person.status != PersonStatus::Pending
            && let Some(Field {
                input: Input::Choice { options, .. },
                ..
            }) = fields.get_mut(3)
        {
            options.retain(|(v, _)| v != "pending");
        }
        let mut form = Form::new(
            FormKind::EditPerson {
                id: person.id.clone(),
            },
            tenant,
            format!("Edit {}", person.email),
            fields,
        );
        form.original_person = Some(person.clone());
        form
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn role(&self) -> Role {
        Role::parse(&self.field("type").map(Field::value).unwrap_or_default())
    }

    /// Agent type only for staff; organization only for customers.
    pub fn is_visible(&self, index: usize) -> bool {
        let Some(field) = self.fields.get(index) else {
            return false;
        };
        match field.key {
            "agent-type" => self.role().is_staff(),
            "organization" => self.field("type").is_none() || !self.role().is_staff(),
            "auto-assign-tickets" => self.role().is_staff(),
            _ => true,
        }
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
            FormKind::EditOrganization { .. } | FormKind::EditPerson { .. }
        );
        let theirs = field.changed()
            || (field.key == "agent-type" && self.field("type").is_some_and(Field::changed));
        if is_edit && !theirs {
            self.fields[index].client_error = None;
            return;
        }
        let value = field.value();
        let rules = backends::form_rules();
        let error = match field.key {
            "domains" => check_domains(&field.items()),
            "agent-type" if value.is_empty() => Some(format!(
                "required for an {}: choose {} (←/→)",
                self.role(),
                rules.staff_kinds.join(", ")
            )),
            key => (rules.field)(key, &value),
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
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        field.server_errors.clear();
        field.touched = true;
        match &mut field.input {
            Input::Text(area) => {
                if matches!(key.code, KeyCode::Enter) {
                    return false;
                }
                area.input(key)
            }
            Input::List { .. } => field.list_key(key),
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
        }
    }

    pub fn paste(&mut self, text: &str) {
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        if let Some(field) = self.fields.get_mut(self.focus) {
            match &mut field.input {
                Input::Text(area)
                | Input::List { entry: area, .. }
                | Input::Picker { filter: area, .. } => {
                    area.insert_str(clean);
                }
                Input::Choice { .. } => {}
            }
            field.rehighlight();
        }
    }

    /// Draws the server's complaint onto the form: field problems under their
    /// fields, the rest in the summary; focus on the first bad field.
    pub fn apply_problem(&mut self, problem: &Problem) {
        self.submitting = None;
        for field in &mut self.fields {
            field.server_errors.clear();
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
                    let message = match (item.path.index(), field.items()) {
                        (Some(entry), items) if field.key == "domains" => match items.get(entry) {
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

fn check_domains(items: &[String]) -> Option<String> {
    let rules = backends::form_rules();
    if items.len() > rules.list_max {
        return Some(format!(
            "at most {} domains (this has {}): remove {} (↑ then backspace)",
            rules.list_max,
            items.len(),
            items.len() - rules.list_max
        ));
    }
    let mut seen = Vec::new();
    for item in items {
        match (rules.list_item)(item) {
            Ok(domain) if seen.contains(&domain) => {
                return Some(format!("{domain} is listed twice"));
            }
            Ok(domain) => seen.push(domain),
            // The rule's message already names the value.
            Err(why) => return Some(why),
        }
    }
    None
}

/// A key that submits a form from any field.
pub fn is_submit(key: &KeyEvent) -> bool {
    (key.code == KeyCode::Char('s') && key.modifiers.contains(KeyModifiers::CONTROL))
        || key.code == KeyCode::Enter
}
