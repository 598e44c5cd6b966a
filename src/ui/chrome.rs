//! The frame around the lists: header with breadcrumbs and badges, the error
//! banner, the status line (notices, filter input) and the footer of keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::line::with_caret;
use super::shown::{self, ellipsize};
use super::theme::Theme;
use crate::app::keymap::Action;
use crate::app::{App, NoticeKind, Overlay};

pub fn header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut left = vec![Span::styled("orgdeck ", theme.title())];
    let mut right: Vec<Span> = Vec::new();
    if app.surroundings.sandbox {
        right.push(Span::styled(" SANDBOX ", theme.badge()));
        right.push(Span::raw(" "));
    }
    if app.current_tenant().is_some_and(|t| t.read_only) {
        right.push(Span::styled(" READ-ONLY ", theme.badge()));
        right.push(Span::raw(" "));
    }
    if let Some((text, bad)) = app.load_state() {
        right.push(Span::styled(
            text,
            if bad { theme.warn() } else { theme.dim() },
        ));
    }
    let right_width: usize = right.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(right_width + 9);
    left.push(Span::raw(app.breadcrumb_line(room)));
    let used: usize = left.iter().map(|s| s.width()).sum();
    let gap = (area.width as usize).saturating_sub(used + right_width);
    left.push(Span::raw(" ".repeat(gap)));
    left.extend(right);
    frame.render_widget(Paragraph::new(shown::text(Line::from(left))), area);
}

/// The failure behind the current screen's data, if any: cause and hint.
pub fn banner_text(app: &App) -> Option<String> {
    // The same trouble the lists' heights allow a line for.
    let trouble = crate::app::scroll::banner_trouble(app)?;
    let tenant = app.current_tenant()?;
    let kept = if tenant.people.data.is_some() || tenant.orgs.data.is_some() {
        " (showing the last good data)"
    } else {
        ""
    };
    Some(match &trouble.hint {
        Some(hint) => format!("✗ {}{kept}: {hint}", trouble.cause),
        None => format!("✗ {}{kept}", trouble.cause),
    })
}

pub fn banner(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if let Some(text) = banner_text(app) {
        let line = Line::styled(ellipsize(&text, area.width as usize), theme.error());
        frame.render_widget(Paragraph::new(shown::text(line)), area);
    }
}

/// The status line while a filter is typed or kept: `/`, the filter (with its
/// caret while typed), how many rows match and what Esc does; the hint goes
/// first when the line is short, the filter's caret never does.
fn filter_status(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    let level = app.level();
    let count = level.rows.len();
    let matches = format!("  {count} match{}", if count == 1 { "" } else { "es" });
    let hint = if level.filtering {
        "  enter keeps · esc clears"
    } else {
        "  esc clears"
    };
    let typed = crate::app::filtering::filter_line(app);
    let caret = level.filtering.then(|| typed.caret());
    let room = |tail: usize| width.saturating_sub(1 + tail);
    let hint = if room(matches.len() + hint.chars().count()) >= 12 {
        hint
    } else {
        ""
    };
    let room = room(matches.len() + hint.chars().count()).max(4);
    Line::from(vec![
        Span::styled("/", theme.key()),
        Span::raw(with_caret(typed.text(), caret, room)),
        Span::styled(matches, theme.dim()),
        Span::styled(hint, theme.dim()),
    ])
}

pub fn status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let level = app.level();
    let width = area.width as usize;
    let show_filter = level.filtering || (app.notice.is_none() && !level.filter.is_empty());
    let line = if show_filter {
        filter_status(app, width, theme)
    } else if let Some(countdown) = app.waits.text(app.now) {
        Line::styled(ellipsize(&countdown, width), theme.key())
    } else if let Some(notice) = &app.notice {
        let style = match notice.kind {
            NoticeKind::Info => theme.ok(),
            NoticeKind::Error => theme.error(),
        };
        let text = match &notice.hint {
            Some(hint) => format!("{} — {hint}", notice.text),
            None => notice.text.clone(),
        };
        Line::styled(super::journal::status_text(&text, width), style)
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(shown::text(line)), area);
}

/// The keys that apply right now.
pub fn footer_actions(app: &App) -> Vec<Action> {
    let overlay_keys = matches!(app.overlay, Some(Overlay::Help { .. }));
    if overlay_keys {
        return vec![];
    }
    // Help first: whatever the width cuts off, `?` lists everything.
    [
        Action::Help,
        Action::Enter,
        Action::Back,
        Action::NextTab,
        Action::New,
        Action::Edit,
        Action::Suspend,
        Action::Delete,
        Action::Resend,
        Action::Approve,
        Action::Reject,
        Action::Filter,
        Action::Refresh,
        Action::Command,
        Action::Copy,
        Action::Quit,
    ]
    .into_iter()
    .filter(|a| app.action_available(*a))
    .collect()
}

fn short(action: Action) -> &'static str {
    match action {
        Action::Enter => "open",
        Action::Back => "back",
        Action::NextTab => "switch",
        Action::Filter => "filter",
        Action::New => "new",
        Action::Edit => "edit",
        Action::Suspend => "suspend",
        Action::Delete => "delete",
        Action::Resend => "resend",
        Action::Approve => "approve",
        Action::Reject => "reject",
        Action::Refresh => "refresh",
        Action::Command => "cmd",
        Action::Help => "help",
        Action::Quit => "quit",
        other => other.name(),
    }
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = Vec::new();
    let hints: Vec<(String, String)> = match &app.overlay {
        _ if app.quit_question.is_some() => vec![
            ("tab".into(), "switch".into()),
            ("enter".into(), "choose".into()),
            ("esc".into(), "stay".into()),
        ],
        Some(Overlay::Form(form)) => form.key_hints(),
        Some(Overlay::Dialog(_)) => vec![
            ("tab".into(), "switch".into()),
            ("enter".into(), "choose".into()),
            ("esc".into(), "cancel".into()),
        ],
        Some(Overlay::Command(_)) => vec![
            ("tab".into(), "complete".into()),
            ("enter".into(), "run".into()),
            ("esc".into(), "close".into()),
        ],
        Some(Overlay::Help { .. }) => vec![("any key".into(), "close".into())],
        None => footer_actions(app)
            .into_iter()
            .filter_map(|a| {
                app.keymap.primary(a).map(|k| {
                    (
                        k.to_string(),
                        app.footer_word(a).unwrap_or(short(a)).to_owned(),
                    )
                })
            })
            .collect(),
    };
    let mut used = 0;
    for (key, label) in hints {
        let width = key.chars().count() + label.chars().count() + 2;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(shown::text(Line::from(spans))), area);
}
