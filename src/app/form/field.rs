//! One form field: its kind of input, its value, and what is wrong with it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::api::schema::{FieldSpec, InputKind};

#[derive(Debug)]
pub enum Input {
    Text(TextArea<'static>),
    /// A multi-value field: entries plus a line to type the next one. `cursor` is an
    /// entry's index, or `items.len()` for the entry line.
    List {
        items: Vec<String>,
        entry: TextArea<'static>,
        cursor: usize,
        max: usize,
    },
    /// One of a few values: (value, label).
    Choice {
        options: Vec<(String, String)>,
        index: usize,
    },
    /// One of many values, narrowed by typing: (value, label). The filter only
    /// narrows the list and `index` only highlights a match; the value is `chosen`,
    /// which changes when the operator picks a match (↑↓, or Enter on a filter), so
    /// a filter that matches nothing, or one left behind, changes nothing.
    Picker {
        options: Vec<(String, String)>,
        filter: TextArea<'static>,
        index: usize,
        chosen: String,
    },
    /// Several parties picked by name from a node's tab; the value is their ids.
    Parties(super::parties::Parties),
}

#[derive(Debug)]
pub struct Field {
    /// What the backend's schema says of it: its checks, when it is shown.
    pub spec: &'static FieldSpec,
    /// The API's name for it, which server problems use.
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub input: Input,
    pub client_error: Option<String>,
    pub server_errors: Vec<String>,
    /// The entries of a list field the server's problems name (by position):
    /// drawn marked, their messages under the field with the entry named.
    pub entry_errors: Vec<usize>,
    /// Edited by the operator: only then does leaving it check it (an untouched
    /// required field is flagged on submit, not while tabbing past it).
    pub touched: bool,
    /// Its value when the form opened: an edit sends only the fields that differ.
    pub(super) initial: String,
}

/// A value's lines as the area holds them: a multi-line value (notes read from the
/// server) keeps its lines, the caret after the last.
fn text_area(value: &str) -> TextArea<'static> {
    let lines = value
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line).to_owned())
        .collect();
    let mut area = TextArea::new(lines);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

impl Field {
    pub(super) fn new(spec: &'static FieldSpec, required: bool, input: Input) -> Field {
        Field {
            spec,
            key: spec.wire,
            label: spec.label,
            required,
            input,
            client_error: None,
            server_errors: Vec::new(),
            entry_errors: Vec::new(),
            touched: false,
            initial: String::new(),
        }
    }

    pub(super) fn text(spec: &'static FieldSpec, value: &str) -> Field {
        Field::new(spec, spec.required, Input::Text(text_area(value)))
    }

    pub(super) fn choice(
        spec: &'static FieldSpec,
        options: Vec<(String, String)>,
        value: &str,
    ) -> Field {
        let mut options = options;
        let index = match options.iter().position(|(v, _)| v == value) {
            Some(index) => index,
            // A value the form has no name for (another backend's) is kept as it is
            // rather than silently replaced by the first choice.
            None => {
                options.push((value.to_owned(), format!("{value} (current)")));
                options.len() - 1
            }
        };
        Field::new(spec, true, Input::Choice { options, index })
    }

    /// Whether the schema calls it long free text (notes): Enter adds a line there.
    pub fn is_multiline(&self) -> bool {
        matches!(self.spec.input, InputKind::LongText { .. })
    }

    /// The field's value as text (a list joined by commas, a text its lines).
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(area) => area.lines().join("\n"),
            Input::List { items, .. } => items.join(", "),
            Input::Choice { options, index } => {
                options.get(*index).map(|o| o.0.clone()).unwrap_or_default()
            }
            Input::Picker { chosen, .. } => chosen.clone(),
            Input::Parties(parties) => parties.ids().join(", "),
        }
    }

    pub fn items(&self) -> Vec<String> {
        match &self.input {
            Input::List { items, entry, .. } => {
                let mut all = items.clone();
                // What is on the entry line counts as Enter would add it.
                all.extend(super::paste::split_values(
                    self.spec,
                    &entry.lines().join(""),
                ));
                all
            }
            Input::Parties(parties) => parties.ids(),
            _ => Vec::new(),
        }
    }

    /// How messages name a list's entries: a picked party by name, else as typed.
    pub fn entry_names(&self) -> Vec<String> {
        match &self.input {
            Input::Parties(parties) => parties.ids().iter().map(|id| parties.name_of(id)).collect(),
            _ => self.items(),
        }
    }

    /// Picker options that pass the typed filter.
    pub fn picker_matches(&self) -> Vec<(String, String)> {
        let Input::Picker {
            options, filter, ..
        } = &self.input
        else {
            return Vec::new();
        };
        let needle = filter.lines().join("").to_lowercase();
        options
            .iter()
            .filter(|(value, label)| {
                needle.is_empty()
                    || label.to_lowercase().contains(&needle)
                    || value.to_lowercase().contains(&needle)
            })
            .cloned()
            .collect()
    }

    /// The picked value; None for "no organization" (and for other inputs).
    pub fn picked(&self) -> Option<String> {
        let Input::Picker { chosen, .. } = &self.input else {
            return None;
        };
        Some(chosen.clone()).filter(|v| !v.is_empty())
    }

    /// The label of the picked value, as the list names it.
    pub fn picked_label(&self) -> String {
        let Input::Picker {
            options, chosen, ..
        } = &self.input
        else {
            return String::new();
        };
        options
            .iter()
            .find(|(value, _)| value == chosen)
            .map_or_else(|| chosen.clone(), |(_, label)| label.clone())
    }

    /// The match the highlight is on, which Enter or an arrow would pick.
    pub fn picker_highlighted(&self) -> Option<(String, String)> {
        let Input::Picker { index, .. } = &self.input else {
            return None;
        };
        self.picker_matches().get(*index).cloned()
    }

    /// The typed filter of a picker (empty for other inputs).
    pub fn picker_filter(&self) -> String {
        match &self.input {
            Input::Picker { filter, .. } => filter.lines().join(""),
            _ => String::new(),
        }
    }

    /// Puts the highlight on the picked value when it is among the matches, else
    /// on the first match: the filter changed.
    pub(super) fn rehighlight(&mut self) {
        let matches = self.picker_matches();
        if let Input::Picker { index, chosen, .. } = &mut self.input {
            *index = matches
                .iter()
                .position(|(value, _)| value == chosen)
                .unwrap_or(0);
        }
    }

    /// Drops a filter the operator leaves behind: it never picked anything, and
    /// the field shows the value it holds.
    pub(super) fn drop_filter(&mut self) {
        if let Input::Picker { filter, .. } = &mut self.input {
            if filter.is_empty() {
                return;
            }
            *filter = TextArea::default();
        }
        self.rehighlight();
    }

    /// What decides whether the operator changed the field: the value, and for a
    /// list the entries including the one being typed.
    fn state(&self) -> String {
        match &self.input {
            Input::List { .. } | Input::Parties(_) => self.items().join("\n"),
            _ => self.value(),
        }
    }

    /// Takes the current value as the one the form opened with.
    pub(super) fn settle(&mut self) {
        self.initial = self.state();
    }

    /// Whether the operator changed it since the form opened.
    pub fn changed(&self) -> bool {
        self.state() != self.initial
    }

    /// A key in a picker. Only an arrow (which picks the match it lands on) or Enter on
    /// a typed filter (which picks the highlighted match) changes the value; typing
    /// only narrows the list. Enter without a filter submits the form.
    pub(super) fn picker_key(&mut self, key: KeyEvent) -> bool {
        let matches = self.picker_matches();
        let Input::Picker {
            filter,
            index,
            chosen,
            ..
        } = &mut self.input
        else {
            return false;
        };
        match key.code {
            KeyCode::Up | KeyCode::Down => {
                if matches.is_empty() {
                    return true;
                }
                *index = if key.code == KeyCode::Up {
                    index.saturating_sub(1)
                } else {
                    (*index + 1).min(matches.len() - 1)
                };
                chosen.clone_from(&matches[*index].0);
                true
            }
            KeyCode::Enter if filter.is_empty() => false,
            KeyCode::Enter => {
                // A filter that matches nothing picks nothing, and does not submit
                // either: the operator meant to pick.
                if let Some((value, _)) = matches.get(*index) {
                    chosen.clone_from(value);
                    *filter = TextArea::default();
                    self.rehighlight();
                }
                true
            }
            _ => {
                let used = crate::app::line::readline(filter, key);
                self.rehighlight();
                used
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        self.client_error.is_some()
            || !self.server_errors.is_empty()
            || !self.entry_errors.is_empty()
    }
}
