//! A record's fields as forms ask for them: each field's kind of input, its
//! checks, when a form shows it, and how the CLI takes it.

use super::*;

/// A form: its title and the fields it asks for, from the owner's record layout.
#[derive(Debug, Clone, Copy)]
pub struct FormSpec {
    /// "New organization"; an edit form's title is followed by what it edits.
    pub title: &'static str,
    pub fields: &'static [FieldId],
}

/// One field of a record, and how a form asks for it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub id: FieldId,
    /// The wire name a server problem points at (matched with the normaliser's
    /// spelling rules).
    pub wire: &'static str,
    pub label: &'static str,
    pub input: InputKind,
    pub required: bool,
    /// The contract's rule for one value: the value normalised, or why it is not valid.
    /// Run on a required field always, on an optional one when it is not blank.
    pub check: Option<Rule>,
    pub shown: Shown,
    pub cli: Option<CliArg>,
    pub help: &'static str,
}

/// A field as most are declared: optional, unchecked, always shown, no CLI flag.
/// Schemas spell the rest with struct update syntax.
pub const fn field(
    id: FieldId,
    wire: &'static str,
    label: &'static str,
    input: InputKind,
) -> FieldSpec {
    FieldSpec {
        id,
        wire,
        label,
        input,
        required: false,
        check: None,
        shown: Shown::Always,
        cli: None,
        help: "",
    }
}

/// A read-only field: shown in lists and details, never asked for.
pub const fn shown(id: FieldId, wire: &'static str, label: &'static str) -> FieldSpec {
    field(id, wire, label, InputKind::Shown)
}

impl FieldSpec {
    /// The message under the field for `value`, if the client can already tell it is
    /// wrong. Lists are checked entry by entry by the form (see `InputKind::entries`).
    pub fn fault(&self, value: &str) -> Option<String> {
        if !self.required && value.trim().is_empty() {
            return None;
        }
        self.check.and_then(|check| check(value).err())
    }
}

/// How a form takes a field's value.
#[derive(Debug, Clone, Copy)]
pub enum InputKind {
    Text {
        max: usize,
    },
    LongText {
        max: usize,
    },
    MultiValue {
        max_entries: usize,
        /// One entry normalised, or why it is not valid.
        check: Rule,
        /// What one entry is called: "domains".
        noun: &'static str,
    },
    Select(&'static [Choice]),
    /// Two states, with what the form shows for (false, true).
    Bool(&'static str, &'static str),
    PartyPicker {
        kind: PartyKind,
    },
    /// Parties picked by name (`max_entries` 1: one party); the value is their
    /// ids, as a multi-value's. Where the source cannot be read, ids are typed
    /// instead and each is held to `check`.
    PartiesPicker {
        from: PickFrom,
        /// The party field sent for each picked one (a user id where the party is
        /// named by its email); without one, the party's id.
        sends: Option<FieldId>,
        max_entries: usize,
        check: Rule,
        /// What one entry is called: "admins".
        noun: &'static str,
    },
    /// A node of `level`; `none` is the label of choosing none, when that is allowed.
    NodePicker {
        level: LevelId,
        none: Option<&'static str>,
    },
    /// Read-only: shown in lists and the detail view, never asked for.
    Shown,
}

impl InputKind {
    /// For a kind whose value is a list of entries: how many it takes, each entry's
    /// rule, and what one is called.
    pub fn entries(&self) -> Option<(usize, Rule, &'static str)> {
        match *self {
            InputKind::MultiValue {
                max_entries,
                check,
                noun,
            }
            | InputKind::PartiesPicker {
                max_entries,
                check,
                noun,
                ..
            } => Some((max_entries, check, noun)),
            _ => None,
        }
    }
}

/// Where a parties picker finds what it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFrom {
    /// The tab of the form's parent node (an organization's users, for a node
    /// created under it).
    Tab(TabId),
    /// A tenant-wide view, searched on the server as the operator types (its
    /// `lazy.search` filter), for a view too long to hold whole.
    View(ViewId),
}

/// One option of a select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    /// Offered only while it is the value the server holds (a pending user may be
    /// left pending, nobody may be made pending).
    pub only_as_current: bool,
}

impl Choice {
    pub const fn new(value: &'static str, label: &'static str) -> Choice {
        Choice {
            value,
            label,
            only_as_current: false,
        }
    }
}

/// When a field is part of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Always,
    /// While another field of the form holds one of these values (or the form has
    /// no such field).
    When(FieldId, &'static [&'static str]),
    /// While another field of the form holds none of these values (or the form has
    /// no such field).
    Unless(FieldId, &'static [&'static str]),
}

impl Shown {
    /// Whether the field is shown, given how to read another field of the form.
    pub fn holds(self, value_of: impl Fn(FieldId) -> Option<String>) -> bool {
        match self {
            Shown::Always => true,
            Shown::When(field, values) => {
                value_of(field).is_none_or(|v| values.contains(&v.as_str()))
            }
            Shown::Unless(field, values) => {
                value_of(field).is_none_or(|v| !values.contains(&v.as_str()))
            }
        }
    }
}

/// How the CLI takes a field: `--domain` (repeatable), `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CliArg {
    pub long: &'static str,
    /// What usage and help call its value; without one, the long name in capitals.
    pub value_name: Option<&'static str>,
    /// Its help on `update`, where leaving it out keeps the value.
    pub update_help: &'static str,
    /// Whether the parser holds a select's value to its choices (else the server
    /// judges it).
    pub choices: bool,
    /// A select that takes several of its values: the flag may be repeated.
    pub repeat: bool,
}

/// The specs of a form's fields, in the form's order, from the record layout that
/// holds them. A field the layout lacks is left out (the schema test catches it).
pub fn form_fields<'a>(
    form: &FormSpec,
    layout: &'a [FieldSpec],
) -> impl Iterator<Item = &'a FieldSpec> {
    form.fields
        .iter()
        .filter_map(move |id| layout.iter().find(|f| f.id == *id))
}
