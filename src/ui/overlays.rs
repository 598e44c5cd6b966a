//! What is drawn over the lists: help, the command line, dialogs and forms.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use super::line::with_caret;
use super::shown::{self, ellipsize};
use super::theme::{MARKER, Theme};
use crate::app::command;
use crate::app::dialog::Dialog;
use crate::app::keymap::Action;
use crate::app::offers::Unoffered;
use crate::app::{App, Overlay, describe_paths};
use crate::config::Clipboard;

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
            let width = area.width as usize;
            let typed = &line.input;
            let mut lines = vec![Line::from(vec![
                Span::styled(":", theme.key()),
                Span::raw(with_caret(
                    typed.text(),
                    Some(typed.caret()),
                    width.saturating_sub(1),
                )),
            ])];
            let (hint, style) = match &line.error {
                Some(error) => (error.clone(), theme.warn()),
                None => (command::hint_line(app.schema()), theme.dim()),
            };
            lines.push(Line::styled(ellipsize(&hint, width), style));
            frame.render_widget(Paragraph::new(shown::text(lines)), row);
        }
        Some(Overlay::Dialog(dialog)) => draw_dialog(frame, area, dialog, theme),
        Some(Overlay::Form(form)) => super::form::draw_form(frame, area, app, form, theme),
    }
    if let Some(question) = &app.quit_question {
        draw_dialog(frame, area, question, theme);
    }
}

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

pub(super) fn framed<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
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
    // With copying off, `y` and `Y` are listed under "Not offered here".
    let copying = app.surroundings.clipboard != Clipboard::Off;
    let mut lines: Vec<(String, String)> = Action::ALL
        .iter()
        .filter(|a| queue || !matches!(a, Action::Approve | Action::Reject))
        .filter(|a| app.backend_has(**a))
        .filter(|a| !(unoffered.contains(a) || read_only && a.is_mutation()))
        .filter(|a| copying || !matches!(a, Action::Copy | Action::CopyRow))
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
        .chain(copying_off(app))
        .collect()
}

/// With `clipboard = "off"`, `y` and `Y` are not offered: why, and how to turn
/// copying on.
fn copying_off(app: &App) -> Option<(String, String)> {
    if app.surroundings.clipboard != Clipboard::Off {
        return None;
    }
    let keys = [Action::Copy, Action::CopyRow].map(|a| keys_of(app, a));
    let keys = keys.join(" ").trim().to_owned();
    let why =
        "copying is off (clipboard = \"off\" in the config; \"auto\" copies through the terminal)";
    (!keys.is_empty()).then(|| (keys, why.to_owned()))
}

/// Help's title: how to scroll it, with the keys bound to up and down now.
pub fn help_title(app: &App) -> String {
    let keys: Vec<String> = [Action::Down, Action::Up]
        .iter()
        .filter_map(|a| app.keymap.primary(*a))
        .map(|k| k.to_string())
        .collect();
    let keys = if keys.is_empty() {
        "↓/↑".to_owned()
    } else {
        keys.join("/")
    };
    format!("Help ({keys} scroll, any other key closes)")
}

/// Every problem found in the config, each whole: the start-up notice shows one
/// line, this lists them all.
fn config_problems<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let warnings = &app.surroundings.warnings;
    if warnings.is_empty() {
        return Vec::new();
    }
    let count = match warnings.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let mut lines = vec![Line::styled(
        format!("Config: {count} (the defaults are kept):"),
        theme.title(),
    )];
    lines.extend(warnings.iter().map(|w| Line::raw(format!("  • {w}"))));
    lines.push(Line::default());
    lines
}

fn help(frame: &mut Frame, area: Rect, app: &App, scroll: u16, theme: &Theme) {
    let popup = centered(area, 72, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = describe_paths(&app.surroundings)
        .into_iter()
        .map(|path| Line::styled(path, theme.dim()))
        .collect();
    lines.push(Line::default());
    lines.extend(config_problems(app, theme));
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
            .block(framed(&help_title(app), theme))
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
        let verdict = if dialog.can_confirm() {
            Some(Span::styled("  ✓ matches", theme.ok()))
        } else if !typed.is_empty() {
            Some(Span::styled("  ✗ does not match yet", theme.warn()))
        } else {
            None
        };
        let room = inner_width
            .saturating_sub(2)
            .saturating_sub(verdict.as_ref().map_or(0, |v| v.width()));
        let mut typed_line = vec![
            Span::styled("> ", theme.key()),
            Span::raw(with_caret(typed.text(), Some(typed.caret()), room)),
        ];
        // Said in words as well as colour: NO_COLOR terminals see no dimming.
        typed_line.extend(verdict);
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
