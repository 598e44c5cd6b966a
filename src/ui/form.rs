//! A form drawn over the lists: each field's label beside its value, its errors
//! under it, the focused field kept in sight.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::line::area_with_caret;
use super::overlays::{centered, framed};
use super::shown::{self, ellipsize};
use super::theme::{MARKER, Theme};
use crate::app::App;
use crate::app::form::{Field, Form, Input, Offer, Parties};

fn field_value_lines(
    field: &Field,
    focused: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    match &field.input {
        Input::Text(area) if field.is_multiline() => {
            super::form_text::multiline_lines(area, focused, width, theme)
        }
        Input::Text(area) => vec![Line::raw(area_with_caret(area, focused, width))],
        Input::List {
            items,
            entry,
            cursor: at,
            max,
        } => list_lines(
            items,
            &area_with_caret(
                entry,
                focused && *at == items.len(),
                entry_room(items.len(), *max, width),
            ),
            (focused.then_some(*at), &field.entry_errors),
            *max,
            width,
            theme,
        ),
        Input::Choice { options, index } => vec![choice_line(options, *index, focused, theme)],
        Input::Picker { .. } => picker_lines(field, focused, width, theme),
        Input::Parties(parties) => {
            parties_lines(parties, (focused, &field.entry_errors), width, theme)
        }
    }
}

/// How many of a parties picker's matches show below it at once.
const SHOWN_MATCHES: usize = 4;

/// A parties picker: the picked ones by name, the line to type on, and while
/// focused the matches Enter would add; or what keeps it from offering any.
fn parties_lines(
    parties: &Parties,
    (focused, bad): (bool, &[usize]),
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let at = parties.at.filter(|_| focused);
    let names: Vec<String> = parties
        .picked
        .iter()
        .map(|id| parties.name_of(id))
        .collect();
    let typed = parties.filter();
    let entry = area_with_caret(
        &parties.typed,
        focused,
        entry_room(names.len(), parties.max, width),
    );
    let mut lines = list_lines(&names, &entry, (None, bad), parties.max, width, theme);
    for (i, line) in lines.iter_mut().enumerate().take(names.len()) {
        if at == Some(i) {
            *line = Line::styled(
                format!("{MARKER}{}", ellipsize(&names[i], width.saturating_sub(2))),
                theme.selected(),
            );
        }
    }
    let note = |text: &str| {
        textwrap::wrap(text, width.saturating_sub(2).max(10))
            .into_iter()
            .map(|part| Line::styled(format!("  {part}"), theme.dim()))
            .collect::<Vec<_>>()
    };
    match &parties.offer {
        Offer::Loading(text) => lines.extend(note(text)),
        Offer::Typed(why) if why.is_empty() => {}
        Offer::Typed(why) => lines.extend(note(&format!("type ids: {why}"))),
        Offer::Ready(_) if !focused => {}
        Offer::Ready(_) => lines.extend(match_lines(parties, &typed, width, theme)),
    }
    lines
}

/// The matches below a focused parties picker, the highlighted one kept in sight.
fn match_lines(parties: &Parties, typed: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let matches = parties.matches();
    if matches.is_empty() {
        let text = if typed.is_empty() {
            "(nobody left to add)".to_owned()
        } else {
            format!("(no match for \"{typed}\")")
        };
        return vec![Line::styled(
            ellipsize(&format!("  {text}"), width),
            theme.dim(),
        )];
    }
    let on = parties
        .at
        .and_then(|at| at.checked_sub(parties.picked.len()));
    let first = on.map_or(0, |on| on.saturating_sub(SHOWN_MATCHES - 1));
    let mut lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(first)
        .take(SHOWN_MATCHES)
        .map(|(i, (_, label))| {
            let (marker, style) = if on == Some(i) {
                (MARKER, theme.selected())
            } else {
                ("  ", theme.dim())
            };
            Line::styled(
                format!("{marker}{}", ellipsize(label, width.saturating_sub(2))),
                style,
            )
        })
        .collect();
    let count = match matches.len() {
        1 => "1 match".to_owned(),
        n => format!("{n} matches"),
    };
    let hint = match on {
        Some(_) => format!("{count}: Enter adds, ↑↓ choose"),
        None => format!("{count}: type to narrow, ↓ choose"),
    };
    lines.push(Line::styled(
        ellipsize(&format!("  {hint}"), width),
        theme.dim(),
    ));
    lines
}

/// The columns the entry line of a multi-value field leaves for what is typed.
fn entry_room(items: usize, max: usize, width: usize) -> usize {
    width.saturating_sub(if items >= max { 7 } else { 2 })
}

/// A multi-value field: one line per item, then the entry line (`typed`, drawn
/// with its caret); `at` is the focused
/// position (an item, or `items.len()` for the entry) when the field has focus,
/// and `bad` the items the server's problems name, marked where they stand.
fn list_lines(
    items: &[String],
    typed: &str,
    (at, bad): (Option<usize>, &[usize]),
    max: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let marker = match (at == Some(i), bad.contains(&i)) {
                (true, _) => MARKER,
                (false, true) => "✗ ",
                (false, false) => "• ",
            };
            let style = if at == Some(i) {
                theme.selected()
            } else if bad.contains(&i) {
                theme.error()
            } else {
                theme.base()
            };
            Line::styled(
                format!("{marker}{}", ellipsize(item, width.saturating_sub(2))),
                style,
            )
        })
        .collect();
    let prompt = if items.len() >= max { "(full) " } else { "+ " };
    lines.push(Line::from(vec![
        Span::styled(prompt, theme.dim()),
        Span::raw(typed.to_owned()),
    ]));
    lines
}

/// A choice: every option on one line, the chosen one in parentheses.
fn choice_line(
    options: &[(String, String)],
    index: usize,
    focused: bool,
    theme: &Theme,
) -> Line<'static> {
    let spans: Vec<Span> = options
        .iter()
        .enumerate()
        .flat_map(|(i, (_, label))| {
            let style = if i == index {
                if focused {
                    theme.selected()
                } else {
                    theme.focus()
                }
            } else {
                theme.dim()
            };
            let text = if i == index {
                format!("({label})")
            } else {
                format!(" {label} ")
            };
            [Span::styled(text, style), Span::raw(" ")]
        })
        .collect();
    Line::from(spans)
}

/// A party picker: the value the form holds, and while focused the filter typed so
/// far with what Enter would pick.
fn picker_lines(field: &Field, focused: bool, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    // The line shows the value the form holds; a filter only proposes.
    let matches = field.picker_matches();
    let typed = field.picker_filter();
    let room = width.saturating_sub(2);
    let note = if !typed.is_empty() && matches.is_empty() {
        ellipsize(&format!(" (no match for \"{typed}\")"), room / 2)
    } else {
        String::new()
    };
    // The note is cut before the value is, so both stay in sight.
    let value = ellipsize(
        &field.picked_label(),
        room.saturating_sub(crate::text::width(&note)),
    );
    let mut lines = vec![Line::from(vec![
        Span::styled(if focused { "▸ " } else { "" }, theme.key()),
        Span::raw(format!("{value}{note}")),
    ])];
    if focused {
        let count = format!(
            "{} match{}",
            matches.len(),
            if matches.len() == 1 { "" } else { "es" }
        );
        // What Enter would pick goes first: it is what a narrow line keeps.
        let hint = match field.picker_highlighted() {
            Some((_, label)) if !typed.is_empty() => {
                format!("Enter picks {label} ({count}, ↑↓ choose)")
            }
            _ if !typed.is_empty() => "(no match: the value stays as it is)".to_owned(),
            _ => format!("({count}; type to narrow, ↑↓ choose)"),
        };
        // What is typed keeps its caret in view; the hint is what a narrow line cuts.
        let room = width
            .saturating_sub(12 + crate::text::width(&hint))
            .max(width.saturating_sub(10) / 2);
        let filter = match &field.input {
            Input::Picker { filter, .. } => area_with_caret(filter, true, room),
            _ => String::new(),
        };
        lines.push(Line::styled(
            ellipsize(&format!("  filter: {filter}  {hint}"), width),
            theme.dim(),
        ));
    }
    lines
}

/// One field of a form: its label beside its value's lines, then its errors.
fn form_field_lines(
    field: &Field,
    focused: bool,
    (label_width, value_width): (usize, usize),
    theme: &Theme,
) -> Vec<Line<'static>> {
    let label = format!("{}{}", field.label, if field.required { " *" } else { "" });
    let label_style = if focused {
        theme.focus()
    } else if field.has_errors() {
        theme.error()
    } else {
        theme.base()
    };
    let marker = if focused { MARKER } else { "  " };
    let mut lines = Vec::new();
    for (n, value) in field_value_lines(field, focused, value_width, theme)
        .into_iter()
        .enumerate()
    {
        let mut spans = vec![Span::styled(
            if n == 0 {
                format!("{marker}{label:<w$}", w = label_width - 2)
            } else {
                " ".repeat(label_width)
            },
            label_style,
        )];
        spans.push(Span::raw(" "));
        spans.extend(value.spans);
        lines.push(Line::from(spans));
    }
    let errors = field.client_error.iter().chain(field.server_errors.iter());
    // Errors wrap rather than being cut: the operator needs all of the message.
    for error in errors {
        let indent = " ".repeat(label_width + 1);
        let error = shown::string(error);
        for (n, part) in textwrap::wrap(&error, value_width.saturating_sub(2).max(10))
            .into_iter()
            .enumerate()
        {
            let lead = if n == 0 { "✗ " } else { "  " };
            lines.push(Line::styled(format!("{indent}{lead}{part}"), theme.error()));
        }
    }
    lines
}

pub(super) fn draw_form(frame: &mut Frame, area: Rect, app: &App, form: &Form, theme: &Theme) {
    let full = centered(area, 100, area.height.saturating_sub(1));
    let label_width = 22usize;
    let value_width = (full.width as usize).saturating_sub(label_width + 3);
    let mut lines = summary_lines(app, form, full.width as usize, theme);
    let mut focused_rows = 0..0;
    for index in form.visible_fields() {
        let field = &form.fields[index];
        let focused = index == form.focus;
        let start = lines.len();
        lines.extend(form_field_lines(
            field,
            focused,
            (label_width, value_width),
            theme,
        ));
        if focused {
            focused_rows = start..lines.len();
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("* required", theme.dim()));
    // As tall as its rows, up to the screen; then it scrolls.
    let popup = centered(area, full.width, (lines.len() as u16 + 2).min(full.height));
    frame.render_widget(Clear, popup);
    let height = popup.height.saturating_sub(2) as usize;
    let scroll = scroll_to(focused_rows, lines.len(), height);
    let hidden_below = lines.len().saturating_sub(scroll + height);
    let mut block = framed(&form.title, theme);
    if scroll > 0 {
        block = block
            .title_top(Line::styled(format!(" ↑ {scroll} more "), theme.dim()).right_aligned());
    }
    if hidden_below > 0 {
        block = block.title_bottom(
            Line::styled(format!(" ↓ {hidden_below} more "), theme.dim()).right_aligned(),
        );
    }
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [body] = Layout::vertical([Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(shown::text(lines)).scroll((scroll as u16, 0)),
        body,
    );
    super::form_text::draw_discard(frame, area, form, theme);
}

/// What stands above the fields: a submit in flight, the problems of the last one.
fn summary_lines(app: &App, form: &Form, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    if let Some((_, since)) = form.submitting {
        lines.push(Line::styled(
            format!(
                "Submitting… {:.1}s  (esc cancels)",
                app.now.duration_since(since).as_secs_f64()
            ),
            theme.warn(),
        ));
    }
    for message in &form.summary {
        lines.push(Line::styled(
            ellipsize(message, width.saturating_sub(2)),
            theme.error(),
        ));
    }
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    lines
}

/// The first row shown of `total` in `height`: the top while the focused field's rows
/// fit there, else as little scroll as brings all of them (and a row after, for
/// context) into view; a field taller than the form shows from its label.
fn scroll_to(focused: std::ops::Range<usize>, total: usize, height: usize) -> usize {
    if total <= height || focused.end <= height {
        return 0;
    }
    let most = total - height;
    let to_show_end = (focused.end + 1).saturating_sub(height);
    to_show_end.min(focused.start).min(most)
}

#[cfg(test)]
mod tests {
    use super::scroll_to;

    #[test]
    fn the_focused_field_is_always_in_view() {
        // Fits at the top: no scroll.
        assert_eq!(scroll_to(2..5, 30, 10), 0);
        // Below the fold: scrolled so its last row is in view with one after it.
        assert_eq!(scroll_to(12..15, 30, 10), 6);
        // At the very end: no further than the last row.
        assert_eq!(scroll_to(27..30, 30, 10), 20);
        // Taller than the form: from its label.
        assert_eq!(scroll_to(5..25, 30, 10), 5);
        for start in 0..28 {
            for len in 1..=3 {
                let rows = start..start + len;
                let at = scroll_to(rows.clone(), 30, 10);
                assert!(at <= rows.start && rows.end <= at + 10, "{rows:?} at {at}");
            }
        }
    }
}
