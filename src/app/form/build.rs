//! Forms built from the backend's schema: each field's label, input kind,
//! required mark, checks and when it is shown come from its `FieldSpec`; the
//! values an edit form starts with are read from the record it edits.

use ratatui_textarea::TextArea;

use super::{Field, Form, FormKind, Input};
use crate::api::model::{Node, Operation, Party, Scope};
use crate::api::schema::{
    FieldId, FieldSpec, FormSpec, InputKind, Level, LevelId, PickFrom, Schema, form_fields,
};
use crate::api::value::Value;

/// The nodes a picker offers, or why they are not at hand.
pub(super) struct Nodes<'a> {
    pub orgs: Result<&'a [Node], &'a str>,
    /// Whether a current value the list lacks says why (an edit) or is only kept.
    pub explain_missing: bool,
}

/// One field of a form, starting on `value`.
fn field(schema: &'static Schema, spec: &'static FieldSpec, value: &Value, nodes: &Nodes) -> Field {
    let start = value.as_input();
    match spec.input {
        InputKind::Text { .. } | InputKind::LongText { .. } | InputKind::Shown => {
            Field::text(spec, &start)
        }
        InputKind::MultiValue { max_entries, .. } => {
            let items = match value {
                Value::List(items) => items.clone(),
                _ => Vec::new(),
            };
            let cursor = items.len();
            Field::new(
                spec,
                spec.required,
                Input::List {
                    items,
                    entry: TextArea::default(),
                    cursor,
                    max: max_entries,
                },
            )
        }
        InputKind::Select(choices) => {
            let options: Vec<(String, String)> = choices
                .iter()
                .filter(|c| !c.only_as_current || c.value == start)
                .map(|c| (c.value.to_owned(), c.label.to_owned()))
                .collect();
            // Nothing to start on (a new thing): the first choice, as a select shows.
            let start = match (value, options.first()) {
                (Value::Empty, Some((first, _))) if !options.iter().any(|(v, _)| v.is_empty()) => {
                    first.clone()
                }
                _ => start,
            };
            Field::choice(spec, options, &start)
        }
        InputKind::Bool(no, yes) => {
            let options = vec![
                ("false".to_owned(), no.to_owned()),
                ("true".to_owned(), yes.to_owned()),
            ];
            let on = matches!(value, Value::Bool(true));
            Field::choice(spec, options, if on { "true" } else { "false" })
        }
        InputKind::NodePicker { level, none } => {
            let current = value.as_text();
            picker(
                spec,
                node_options(schema, level, none, current, nodes),
                current,
            )
        }
        InputKind::PartyPicker { .. } => picker(spec, Vec::new(), value.as_text()),
        // What it offers comes with the tab's list (`Form::offer_parties`).
        InputKind::PartiesPicker {
            max_entries, from, ..
        } => {
            let picked = match value {
                Value::List(items) => items.clone(),
                _ => Vec::new(),
            };
            let mut parties = super::parties::Parties::new(picked, max_entries);
            // A view too long to hold is searched on the server as one types.
            if let PickFrom::View(view) = from {
                let search = super::search::ServerSearch::new(view, std::time::Instant::now());
                let loading = format!("loading the {}…", schema.party_nouns.1);
                parties = parties.searching(search, loading);
            }
            Field::new(spec, spec.required, Input::Parties(parties))
        }
    }
}

/// The options of a node picker: each node by name and id (and its toggled state,
/// "suspended"), after "none" when that is allowed. A current value the list
/// lacks is kept and says why it is not there.
fn node_options(
    schema: &Schema,
    level: LevelId,
    none: Option<&str>,
    current: Option<&str>,
    nodes: &Nodes,
) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if let Some(none) = none {
        options.push((String::new(), none.to_owned()));
    }
    let Some(level) = schema.level(level) else {
        return options;
    };
    let orgs = nodes.orgs.unwrap_or_default();
    options.extend(orgs.iter().map(|o| (o.id.clone(), node_label(level, o))));
    if let Some(current) = current
        && nodes.explain_missing
        && !options.iter().any(|(id, _)| id == current)
    {
        let label = match nodes.orgs {
            Err(why) => format!("unknown ({why})"),
            Ok(_) => format!("{current} (not among the {} you can read)", level.nouns.1),
        };
        options.insert(0, (current.to_owned(), label));
    }
    options
}

fn node_label(level: &Level, org: &Node) -> String {
    let name = org.record.get(level.fields, level.name_field).as_input();
    let toggled = level
        .toggle
        .filter(|t| org.record.get(level.fields, t.field).as_text() == Some(t.on.0));
    match toggled {
        Some(toggle) => format!("{name} ({}, {})", org.id, toggle.on.0),
        None => format!("{name} ({})", org.id),
    }
}

/// `value` None starts on the first option. A value the options do not hold is
/// kept, under its own name, rather than replaced by the first option.
fn picker(
    spec: &'static FieldSpec,
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
    Field::new(
        spec,
        false,
        Input::Picker {
            options,
            filter: TextArea::default(),
            index,
            chosen,
        },
    )
}

fn fields(
    schema: &'static Schema,
    form: &FormSpec,
    layout: &'static [FieldSpec],
    value: impl Fn(FieldId) -> Value,
    nodes: &Nodes,
) -> Vec<Field> {
    form_fields(form, layout)
        .map(|spec| field(schema, spec, &value(spec.id), nodes))
        .collect()
}

const NO_FORM: FormSpec = FormSpec {
    title: "",
    fields: &[],
};

impl Form {
    /// A new node of the schema's top level.
    pub fn create_organization(schema: &'static Schema, tenant: usize) -> Form {
        match schema.top_level() {
            Some(level) => Form::create_node(schema, tenant, level.id, None),
            None => Form::new(
                schema,
                FormKind::CreateNode {
                    level: LevelId(""),
                    parent: None,
                },
                tenant,
                String::new(),
                Vec::new(),
            ),
        }
    }

    /// A new node of `level`, under `parent` for a lower level.
    pub fn create_node(
        schema: &'static Schema,
        tenant: usize,
        level: LevelId,
        parent: Option<String>,
    ) -> Form {
        let kind = FormKind::CreateNode { level, parent };
        let Some(level) = schema.level(level) else {
            return Form::new(schema, kind, tenant, String::new(), Vec::new());
        };
        let spec = level.create.unwrap_or(NO_FORM);
        let nodes = Nodes {
            orgs: Ok(&[]),
            explain_missing: false,
        };
        let fields = fields(schema, &spec, level.fields, |_| Value::Empty, &nodes);
        Form::new(schema, kind, tenant, spec.title.into(), fields)
    }

    /// The create form again on a draft an earlier run sent without learning what
    /// became of it: its values, and its idempotency key, so a resubmit is the
    /// same create to the server. None for any other write.
    pub fn reopened(schema: &'static Schema, tenant: usize, write: &Operation) -> Option<Form> {
        let Operation::CreateNode {
            level,
            parent,
            draft,
        } = write
        else {
            return None;
        };
        let found = schema.level(*level)?;
        let spec = found.create?;
        let nodes = Nodes {
            orgs: Ok(&[]),
            explain_missing: false,
        };
        let value = |id| draft.get(id).cloned().unwrap_or(Value::Empty);
        let fields = fields(schema, &spec, found.fields, value, &nodes);
        let kind = FormKind::CreateNode {
            level: *level,
            parent: parent.clone(),
        };
        let mut form = Form::new(schema, kind, tenant, spec.title.into(), fields);
        form.opened = draft.with_values(Vec::new());
        Some(form)
    }

    pub fn edit_organization(schema: &'static Schema, tenant: usize, org: &Node) -> Form {
        let kind = FormKind::EditNode {
            level: org.level,
            id: org.id.clone(),
        };
        let Some(level) = schema.level(org.level) else {
            return Form::new(schema, kind, tenant, String::new(), Vec::new());
        };
        let spec = level.edit.unwrap_or(NO_FORM);
        let read = |id| org.record.get(level.fields, id).to_value();
        let nodes = Nodes {
            orgs: Ok(&[]),
            explain_missing: false,
        };
        let fields = fields(schema, &spec, level.fields, read, &nodes);
        let title = format!("{} {}", spec.title, read(level.name_field).as_input());
        let mut form = Form::new(schema, kind, tenant, title, fields);
        form.original_org = Some(org.clone());
        form
    }

    /// `org` presets the organization when inviting from one; `role` the role
    /// (else the role field's first choice).
    pub fn invite(
        schema: &'static Schema,
        tenant: usize,
        orgs: &[Node],
        org: Option<&str>,
        role: Option<&'static str>,
        scope: Scope,
    ) -> Form {
        // The form of the tab or view it adds to, else the first view's.
        let here = match &scope {
            Scope::Node { level, tab, .. } => schema
                .level(*level)
                .and_then(|l| l.tab(*tab))
                .and_then(|t| t.invite),
            Scope::Tenant(view) => schema.view(*view).and_then(|v| v.invite),
        };
        let spec = here
            .or_else(|| schema.views.iter().find_map(|v| v.invite))
            .unwrap_or(NO_FORM);
        let start = |id: FieldId| {
            let spec = schema.party_field(id);
            match spec.map(|s| s.input) {
                Some(InputKind::NodePicker { .. }) => Value::text(org),
                _ if Some(id) == schema.party_role => role.map_or(Value::Empty, Value::Word),
                _ => Value::Empty,
            }
        };
        let nodes = Nodes {
            orgs: Ok(orgs),
            explain_missing: false,
        };
        let fields = fields(schema, &spec, schema.party_fields, start, &nodes);
        let kind = FormKind::AddMembers { scope };
        Form::new(schema, kind, tenant, spec.title.into(), fields)
    }

    /// `orgs` is why the organizations are not at hand when they are not ("could not
    /// load organizations"): then the person's organization shows as unknown, and
    /// stays as it is unless the operator picks one.
    pub fn edit_person(
        schema: &'static Schema,
        tenant: usize,
        person: &Party,
        orgs: Result<&[Node], &str>,
        scope: Scope,
    ) -> Form {
        let spec = schema.party_edit.unwrap_or(NO_FORM);
        let read = |id| person.get(schema, id).to_value();
        let nodes = Nodes {
            orgs,
            explain_missing: true,
        };
        let fields = fields(schema, &spec, schema.party_fields, read, &nodes);
        let title = format!("{} {}", spec.title, read(schema.party_label).as_input());
        let kind = FormKind::EditParty {
            id: person.id().to_owned(),
            scope,
        };
        let mut form = Form::new(schema, kind, tenant, title, fields);
        form.original_person = Some(person.clone());
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::problem::{Context, normalise};
    use crate::api::schema::{Choice, Shown};

    fn code(raw: &str) -> Result<String, String> {
        match raw.trim() {
            code if code.len() == 3 => Ok(code.to_uppercase()),
            _ => Err("three letters, like EUR".to_owned()),
        }
    }

    const KIND: FieldId = FieldId("kind");
    const CURRENCY: FieldId = FieldId("currency");

    static FIELDS: &[FieldSpec] = &[
        FieldSpec {
            id: KIND,
            wire: "kind",
            label: "Kind",
            input: InputKind::Select(&[Choice::new("cold", "cold"), Choice::new("hot", "hot")]),
            required: true,
            check: None,
            shown: Shown::Always,
            cli: None,
            help: "",
        },
        FieldSpec {
            id: CURRENCY,
            wire: "billingCurrency",
            label: "Billing currency",
            input: InputKind::Text { max: 3 },
            required: true,
            check: Some(code),
            shown: Shown::When(KIND, &["hot"]),
            cli: None,
            help: "",
        },
    ];

    /// A backend that is not the default one: nothing of this form is written
    /// in the console.
    static OTHER: Schema = Schema {
        title: "Other",
        levels: &[Level {
            id: LevelId("wallet"),
            nouns: ("wallet", "wallets"),
            article: "a",
            title: "wallets",
            cli: "wallets",
            cli_spec: None,
            command: "wallets",
            parent: None,
            fields: FIELDS,
            name_field: KIND,
            columns: &[],
            detail: &[],
            cli_columns: &[],
            cli_detail: &[],
            create: Some(FormSpec {
                title: "New wallet",
                fields: &[KIND, CURRENCY],
            }),
            edit: None,
            toggle: None,
            find: None,
            tabs: &[],
            search: &[],
            delete_effect: "",
            dialogs: None,
            lazy: None,
            collected: None,
        }],
        party_fields: &[],
        party_columns: &[],
        party_detail: &[],
        party_cli_columns: &[],
        party_cli_detail: &[],
        party_edit: None,
        party_nouns: ("signer", "signers"),
        party_article: "a",
        party_label: KIND,
        party_role: None,
        party_name: &[],
        party_search: &[],
        party_toggle: None,
        party_dialogs: None,
        views: &[],
        approvals: None,
        roles: &[],
        options: &[],
        idempotent_creates: false,
        notes: &[],
        json_names: &[],
    };

    #[test]
    fn a_form_is_the_schemas_fields_checks_and_conditions() {
        let mut form = Form::create_organization(&OTHER, 0);
        assert_eq!(form.title, "New wallet");
        let labels: Vec<&str> = form.fields.iter().map(|f| f.label).collect();
        assert_eq!(labels, ["Kind", "Billing currency"]);
        assert_eq!(
            form.visible_fields(),
            [0],
            "the currency waits for a hot kind"
        );
        form.input(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Right,
        ));
        assert_eq!(form.visible_fields(), [0, 1]);
        assert!(!form.validate());
        assert_eq!(
            form.field("billingCurrency")
                .unwrap()
                .client_error
                .as_deref(),
            Some("three letters, like EUR")
        );
    }

    #[test]
    fn a_server_problem_lands_on_the_field_with_its_wire_name() {
        let mut form = Form::create_organization(&OTHER, 0);
        form.input(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Right,
        ));
        let body = br#"{"title":"Invalid","errors":[{"pointer":"/billingCurrency","detail":"not offered here"}]}"#;
        let problem = normalise(
            422,
            Some("application/problem+json"),
            body,
            Context::default(),
        );
        form.apply_problem(&problem);
        assert_eq!(
            form.field("billingCurrency").unwrap().server_errors,
            ["not offered here"]
        );
        assert_eq!(form.focus, 1);
    }

    #[test]
    fn help_and_refusals_speak_the_schemas_nouns() {
        use crate::api::model::{Capability, Target, Verb};
        let wallets = |verb| Capability::new(verb, Target::Level(LevelId("wallet")));
        assert_eq!(OTHER.describe(wallets(Verb::Create)), "create wallets");
        assert_eq!(OTHER.describe(wallets(Verb::Read)), "read a wallet");
        let one = Capability::new(Verb::Read, Target::Parties);
        assert_eq!(OTHER.offer(one), "reading one signer");
        let invite = Capability::new(Verb::Invite, Target::Parties);
        assert_eq!(OTHER.offer(invite), "inviting signers");
        // No toggle declared: said in the model's own words.
        assert_eq!(OTHER.describe(wallets(Verb::Toggle)), "switch wallets");
    }
}
