//! Pasted text, as the focused field takes it: a multi-value field one entry per
//! value, a multi-line text its lines, a one-line input the lines joined by spaces.

use ratatui_textarea::TextArea;

use super::{Field, Form, Input, check_items, list_noun};

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

/// Whether the text holds more than one value: values part at line ends, commas
/// and white space.
fn is_separator(c: char) -> bool {
    c == ',' || c.is_whitespace()
}

/// Several values become one entry each, after what is typed before the caret and
/// with what is after it; one value lands on the entry line as if typed. Values
/// beyond the field's max stay on the entry line, and the message under the field
/// says how many and why.
fn paste_entries(field: &mut Field, text: &str) {
    let spec = field.spec;
    let Input::List {
        items,
        entry,
        cursor,
        max,
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
    let combined = format!("{before}{pasted}{after}");
    let mut values = combined
        .split(is_separator)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let room = max.saturating_sub(items.len());
    items.extend(values.by_ref().take(room));
    let left: Vec<String> = values.collect();
    let mut line = TextArea::new(vec![left.join(", ")]);
    line.move_cursor(ratatui_textarea::CursorMove::End);
    *entry = line;
    *cursor = items.len();
    let check = check_items(spec, items);
    let over = (!left.is_empty()).then(|| not_added(list_noun(spec), *max, &left));
    field.client_error = match (check, over) {
        (Some(check), Some(over)) => Some(format!("{check}; {over}")),
        (check, over) => check.or(over),
    };
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
