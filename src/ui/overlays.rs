//! What is drawn over the lists: help, the command line, dialogs and forms.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use super::shown::{self, ellipsize};
use super::theme::{MARKER, Theme};
use crate::app::dialog::Dialog;
use crate::app::form::{Field, Form, Input, Offer, Parties};
use crate::app::keymap::Action;
use crate::app::offers::Unoffered;
use crate::app::{App, Overlay, describe_paths};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match &app.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => help(frame, area, app, *scroll, theme),
        Some(Overlay::Command(line)) => {
            let row = Rect {
                y: area.bottom().saturating_sub(2),
                height: 2.min(area.height),
                ..area
            };
            frame.render_widget(Clear, row);
            let mut lines = vec![Line::from(vec![
                Span::styled(":", theme.key()),
                Span::raw(line.input.clone()),
                Span::raw("▏"),
            ])];
            if let Some(error) = &line.error {
                lines.push(Line::styled(
                    ellipsize(error, area.width as usize),
                    theme.warn(),
                ));
            } else {
                lines.push(Line::styled(
                    "orgs · members · invites · staff · users · tenant NAME · tenants · help · q",
                    theme.dim(),
                ));
            }
            frame.render_widget(Paragraph::new(shown::text(lines)), row);
        }
        Some(Overlay::Dialog(dialog)) => draw_dialog(frame, area, dialog, theme),
        Some(Overlay::Form(form)) => draw_form(frame, area, app, form, theme),
    }
    if let Some(question) = &app.quit_question {
        draw_dialog(frame, area, question, theme);
    }
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn framed<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Plain)
        .title(Span::styled(
            format!(" {} ", shown::string(title)),
            theme.title(),
        ))
}

fn keys_of(app: &App, action: Action) -> String {
    let keys: Vec<String> = app
        .keymap
        .keys_for(action)
        .iter()
        .map(|k| k.to_string())
        .collect();
    keys.join(" ")
}

/// Help is generated from the live keymap, so remapped keys show as they are.
/// Actions not offered here are left to [`unoffered_lines`].
pub fn help_lines(app: &App) -> Vec<(String, String)> {
    let read_only = app.current_tenant().is_some_and(|t| t.read_only);
    let unoffered: Vec<Action> = app.unoffered_actions().iter().map(|u| u.0).collect();
    // Deciding approvals is for a backend that has a queue to decide.
    let queue = app.schema().approvals.is_some();
    let mut lines: Vec<(String, String)> = Action::ALL
        .iter()
        .filter(|a| queue || !matches!(a, Action::Approve | Action::Reject))
        .filter(|a| app.backend_has(**a))
        .filter(|a| !(unoffered.contains(a) || read_only && a.is_mutation()))
        .map(|action| (keys_of(app, *action), action.describe().to_owned()))
        .filter(|(keys, _)| !keys.is_empty())
        .collect();
    lines.push(("ctrl-c".into(), "quit at once".into()));
    lines
}

/// The keys that would act on this screen but are not offered, each with why:
/// "your role (agent) may not create organizations".
pub fn unoffered_lines(app: &App) -> Vec<(String, String)> {
    app.unoffered_actions()
        .into_iter()
        .map(|(action, capability, why)| {
            // The backend's own words for a gap say more than "does not offer".
            let note = app.note_on(action, &why);
            let reason = match (&why, note) {
                (Unoffered::Role { .. } | Unoffered::ServerLacks { .. }, _) => why.reason(),
                (_, Some(note)) => note,
                _ => format!("{}: {}", app.schema().describe(capability), why.reason()),
            };
            (keys_of(app, action), reason)
        })
        .filter(|(keys, _)| !keys.is_empty())
        .collect()
}

fn help(frame: &mut Frame, area: Rect, app: &App, scroll: u16, theme: &Theme) {
    let popup = centered(area, 72, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = describe_paths(&app.surroundings)
        .into_iter()
        .map(|path| Line::styled(path, theme.dim()))
        .collect();
    lines.push(Line::default());
    let unoffered = unoffered_lines(app);
    if !unoffered.is_empty() {
        lines.push(Line::styled("Not offered here:", theme.title()));
        // A narrow key column leaves the reasons room to be read whole.
        let width = unoffered.iter().map(|(k, _)| k.chars().count()).max();
        let width = width.unwrap_or(0) + 2;
        lines.extend(unoffered.into_iter().map(|(keys, why)| {
            Line::from(vec![
                Span::styled(format!("{keys:>width$}  "), theme.dim()),
                Span::raw(why),
            ])
        }));
        lines.push(Line::default());
    }
    lines.extend(help_lines(app).into_iter().map(|(keys, what)| {
        Line::from(vec![
            Span::styled(format!("{keys:>20}  "), theme.key()),
            Span::raw(what),
        ])
    }));
    lines.push(Line::default());
    lines.push(Line::styled(
        "Forms: tab moves, enter submits, esc closes or cancels.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        crate::app::command::help_line(app.schema()),
        theme.dim(),
    ));
    // The gaps the backend states plainly, whichever screen help is opened on
    // (the keys they concern say the same above, under "Not offered here").
    let notes = app.schema().notes;
    if app.current_tenant().is_some() && !notes.is_empty() {
        lines.push(Line::default());
        let title = format!("What {} lacks:", app.schema().title);
        lines.push(Line::styled(title, theme.title()));
        lines.extend(
            notes
                .iter()
                .map(|(_, note)| Line::raw(format!("  • {note}"))),
        );
    }
    frame.render_widget(
        Paragraph::new(shown::text(lines))
            .block(framed("Help (j/k scroll, any other key closes)", theme))
            // A reason naming an endpoint is longer than the popup is wide.
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        popup,
    );
}

fn draw_dialog(frame: &mut Frame, area: Rect, dialog: &Dialog, theme: &Theme) {
    let width = 64.min(area.width);
    let inner_width = width.saturating_sub(4) as usize;
    let body_lines: usize = dialog
        .body
        .iter()
        .map(|l| l.chars().count().div_ceil(inner_width.max(1)).max(1))
        .sum();
    // Borders, body, the typed line, a blank line and the buttons.
    let height = (body_lines + 4 + usize::from(dialog.type_to_confirm.is_some())) as u16;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = dialog.body.iter().map(|l| Line::raw(l.clone())).collect();
    if let Some((_, typed)) = &dialog.type_to_confirm {
        let mut typed_line = vec![
            Span::styled("> ", theme.key()),
            Span::raw(typed.clone()),
            Span::raw("▏"),
        ];
        // Said in words as well as colour: NO_COLOR terminals see no dimming.
        if dialog.can_confirm() {
            typed_line.push(Span::styled("  ✓ matches", theme.ok()));
        } else if !typed.is_empty() {
            typed_line.push(Span::styled("  ✗ does not match yet", theme.warn()));
        }
        lines.push(Line::from(typed_line));
    }
    lines.push(Line::default());
    let button = |label: &str, focused: bool, enabled: bool| {
        let text = format!("[ {label} ]");
        if focused {
            Span::styled(format!("{MARKER}{text}"), theme.selected())
        } else if !enabled {
            Span::styled(format!("  {text}"), theme.dim())
        } else {
            Span::raw(format!("  {text}"))
        }
    };
    lines.push(Line::from(vec![
        button("Cancel", !dialog.confirm_focused, true),
        Span::raw("   "),
        button(
            &dialog.confirm_label,
            dialog.confirm_focused,
            dialog.can_confirm(),
        ),
        if dialog.can_confirm() {
            Span::raw("")
        } else {
            Span::styled(" (locked until it matches)", theme.dim())
        },
    ]));
    frame.render_widget(
        Paragraph::new(shown::text(lines))
            .wrap(Wrap { trim: false })
            // Cut where the frame ends, visibly: the body holds the whole change.
            .block(framed(
                &ellipsize(&dialog.title, (popup.width as usize).saturating_sub(4)),
                theme,
            )),
        popup,
    );
}

fn field_value_lines(
    field: &Field,
    focused: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let cursor = if focused { "▏" } else { "" };
    match &field.input {
        Input::Text(area) => vec![Line::raw(format!(
            "{}{cursor}",
            ellipsize(&area.lines().join(" "), width.saturating_sub(1))
        ))],
        Input::List {
            items,
            entry,
            cursor: at,
            max,
        } => list_lines(
            items,
            &entry.lines().join(""),
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
    let mut lines = list_lines(&names, &typed, (None, bad), parties.max, width, theme);
    for (i, line) in lines.iter_mut().enumerate().take(names.len()) {
        if at == Some(i) {
            *line = Line::styled(
                format!("{MARKER}{}", ellipsize(&names[i], width.saturating_sub(2))),
                theme.selected(),
            );
        }
    }
    if focused && let Some(entry) = lines.last_mut() {
        entry.spans.push(Span::raw("▏"));
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

/// A multi-value field: one line per item, then the entry line; `at` is the focused
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
        Span::raw(format!(
            "{typed}{}",
            if at == Some(items.len()) { "▏" } else { "" }
        )),
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
        lines.push(Line::styled(
            ellipsize(&format!("  filter: {typed}▏  {hint}"), width),
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

fn draw_form(frame: &mut Frame, area: Rect, app: &App, form: &Form, theme: &Theme) {
    let full = centered(area, 100, area.height.saturating_sub(1));
    let label_width = 22usize;
    let value_width = (full.width as usize).saturating_sub(label_width + 3);
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
            ellipsize(message, (full.width as usize).saturating_sub(2)),
            theme.error(),
        ));
    }
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    let mut cursor_at: Option<Position> = None;
    for index in form.visible_fields() {
        let field = &form.fields[index];
        let focused = index == form.focus;
        if focused && cursor_at.is_none() {
            cursor_at = Some(Position::new(0, lines.len() as u16));
        }
        lines.extend(form_field_lines(
            field,
            focused,
            (label_width, value_width),
            theme,
        ));
    }
    lines.push(Line::default());
    lines.push(Line::styled("* required", theme.dim()));
    let popup = Rect {
        height: (lines.len() as u16 + 2).min(full.height),
        ..full
    };
    let popup = centered(area, popup.width, popup.height);
    frame.render_widget(Clear, popup);
    let block = framed(&form.title, theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let cursor_at = cursor_at.map(|p| Position::new(inner.x, inner.y + p.y));
    // Keep the focused field on screen in short terminals.
    let height = inner.height as usize;
    let focus_line = cursor_at.map_or(0, |p| (p.y - inner.y) as usize);
    let scroll = focus_line.saturating_sub(height.saturating_sub(4)) as u16;
    let [body] = Layout::vertical([Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(shown::text(lines)).scroll((scroll, 0)), body);
}
