//! Pasted text, as the focused field takes it: a multi-value field one entry per
//! value, a multi-line text its lines, a one-line input the lines joined by spaces.

use ratatui_textarea::TextArea;

use super::{Field, Form, Input, check_items, list_full, list_noun};
use crate::api::schema::FieldSpec;

impl Form {
    pub fn paste(&mut self, text: &str) {
        if self.discard.is_some() {
            return;
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        field.server_errors.clear();
        field.entry_errors.clear();
        field.touched = true;
        let multiline = field.is_multiline();
        match &mut field.input {
            Input::Text(area) if multiline => {
                area.insert_str(kept_lines(text));
            }
            Input::Text(area)
            | Input::Picker { filter: area, .. }
            | Input::Parties(super::Parties { typed: area, .. }) => {
                area.insert_str(one_line(text));
            }
            Input::List { .. } => paste_entries(field, text),
            Input::Choice { .. } => {}
        }
        field.rehighlight();
    }
}

/// Line ends as one `\n` each (a lone `\r` too): terminals send either.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The pasted lines kept, other control characters left out (a tab as a space).
fn kept_lines(text: &str) -> String {
    unix_lines(text)
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The pasted lines joined by spaces, control characters left out.
fn one_line(text: &str) -> String {
    kept_lines(text).replace('\n', " ")
}

/// Where pasted values part: line ends, commas and white space.
fn is_separator(c: char) -> bool {
    c == ',' || c.is_whitespace()
}

/// The values in `text`, one per entry: parted at line ends and commas, and at
/// white space unless the whole piece is already a good entry (an `id:label`
/// whose label has a space), trimmed, empties dropped.
pub(super) fn split_values(spec: &FieldSpec, text: &str) -> Vec<String> {
    let check = spec.input.entries().map(|(_, check, _)| check);
    text.split([',', '\n'])
        .map(str::trim)
        .flat_map(|piece| {
            let whole = check.is_none_or(|check| check(piece).is_ok());
            match whole {
                true => vec![piece.to_owned()],
                false => piece.split_whitespace().map(str::to_owned).collect(),
            }
        })
        .filter(|value| !value.is_empty())
        .collect()
}

/// Several values become one entry each, after what is typed before the caret and
/// with what is after it; one value lands on the entry line as if typed.
fn paste_entries(field: &mut Field, text: &str) {
    let Input::List {
        items,
        entry,
        cursor,
        ..
    } = &mut field.input
    else {
        return;
    };
    let pasted = kept_lines(text);
    if !pasted.chars().any(is_separator) {
        entry.insert_str(pasted);
        *cursor = items.len();
        return;
    }
    let typed: Vec<char> = entry.lines().join("").chars().collect();
    let caret = entry.cursor().1.min(typed.len());
    let before: String = typed[..caret].iter().collect();
    let after: String = typed[caret..].iter().collect();
    add_entries(field, &format!("{before}{pasted}{after}"));
}

/// Adds each value of `text` as an entry (a paste, or Enter on the entry line),
/// each checked as the field's entries are. Values beyond the field's max stay on
/// the entry line and the message under the field says which. False when `text`
/// holds no value.
pub(super) fn add_entries(field: &mut Field, text: &str) -> bool {
    let spec = field.spec;
    let values = split_values(spec, text);
    let Input::List {
        items,
        entry,
        cursor,
        max,
    } = &mut field.input
    else {
        return false;
    };
    if values.is_empty() {
        return false;
    }
    let room = max.saturating_sub(items.len());
    let left = values[room.min(values.len())..].to_vec();
    items.extend(values.into_iter().take(room));
    let mut line = TextArea::new(vec![left.join(", ")]);
    line.move_cursor(ratatui_textarea::CursorMove::End);
    *entry = line;
    *cursor = items.len();
    let check = check_items(spec, items);
    let over = match left.as_slice() {
        [] => None,
        [one] if room == 0 => Some(list_full(spec, *max, one)),
        _ => Some(not_added(list_noun(spec), *max, &left)),
    };
    field.client_error = match (check, over) {
        (Some(check), Some(over)) => Some(format!("{check}; {over}")),
        (check, over) => check.or(over),
    };
    true
}

/// Why pasted values stayed on the entry line.
fn not_added(noun: &str, max: usize, left: &[String]) -> String {
    let count = match left.len() {
        1 => "1 value".to_owned(),
        n => format!("{n} values"),
    };
    format!(
        "at most {max} {noun}: {count} not added ({}), left on the entry line",
        left.join(", ")
    )
}
