//! The footer of an open form: the keys the focused field really takes, then
//! how to submit and leave, most specific first (a narrow footer keeps those).

use super::{Field, Form, Input, SUBMIT_KEY};

type Hint = (String, String);

fn hint(key: &str, what: &str) -> Hint {
    (key.to_owned(), what.to_owned())
}

impl Form {
    /// The footer's hints for the form as it stands.
    pub fn key_hints(&self) -> Vec<Hint> {
        if self.discard.is_some() {
            return vec![
                hint("tab", "switch"),
                hint("enter", "choose"),
                hint("y", "discard"),
                hint("n/esc", "keep editing"),
            ];
        }
        if self.submitting.is_some() {
            return vec![hint("esc", "cancel")];
        }
        let mut hints = self
            .fields
            .get(self.focus)
            .map_or_else(Vec::new, field_hints);
        // Where Enter is the field's own, the field names the key that submits.
        if !hints
            .iter()
            .any(|(key, _)| key == SUBMIT_KEY || key == "enter")
        {
            hints.push(hint("enter", "submit"));
        }
        hints.push(hint("tab", "next field"));
        let leave = if self.changed_fields().is_empty() {
            "close"
        } else {
            "discard…"
        };
        hints.push(hint("esc", leave));
        hints
    }
}

/// What the focused field does with its own keys, as `Form::input` handles them.
fn field_hints(field: &Field) -> Vec<Hint> {
    match &field.input {
        Input::Text(_) if field.is_multiline() => vec![
            hint("enter", "new line"),
            hint("↑↓", "line"),
            hint(SUBMIT_KEY, "submit"),
        ],
        Input::Text(_) => Vec::new(),
        // Backspace removes a selected entry as well; "del" is the shorter name.
        Input::List { items, cursor, .. } if *cursor < items.len() => vec![
            hint("del", "removes it"),
            hint("↑↓", "select"),
            hint("enter", "submit"),
        ],
        Input::List { items, max, .. } => {
            let typing = field.items().len() > items.len();
            let mut hints = Vec::new();
            if typing {
                hints.push(hint("enter", "adds it"));
            } else if items.len() < *max {
                hints.push(hint("type+enter", "adds"));
            }
            if !items.is_empty() {
                hints.push(hint("↑", "selects"));
                hints.push(hint("del", "removes"));
            }
            if typing {
                hints.push(hint(SUBMIT_KEY, "submit"));
            }
            hints
        }
        Input::Choice { .. } => vec![hint("←→", "choose")],
        Input::Picker { .. } if field.picker_filter().is_empty() => {
            vec![hint("type", "narrows"), hint("↑↓", "pick")]
        }
        Input::Picker { .. } => vec![hint("enter", "picks"), hint("↑↓", "pick")],
        Input::Parties(parties) => {
            let mut hints = vec![hint("enter", "adds"), hint("↑↓", "choose")];
            if !parties.picked.is_empty() {
                hints.push(hint("⌫", "removes"));
            }
            hints.push(hint(SUBMIT_KEY, "submit"));
            hints
        }
    }
}
