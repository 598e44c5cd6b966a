//! The run's logs: `:messages`, each notice whole (wrapped, never cut) with its
//! time, kind, tenant and request id; and `:requests`, one exchange a row with
//! the selected one spelt out in full under the list.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::lists::{Column, table};
use super::shown;
use super::theme::{MARKER, Theme};
use crate::api::client::CallOutcome;
use crate::app::logbook::{Call, Message, kind_word, outcome_text};
use crate::app::screens::Level;
use crate::app::{App, NoticeKind};

/// What a status line cut short ends with: where to read it whole.
const READ_WHOLE: &str = " (:messages)";

/// A notice in `width` columns: whole when it fits, else cut with a pointer to
/// `:messages`, which holds it whole.
pub(super) fn status_text(text: &str, width: usize) -> String {
    let safe = shown::string(text);
    let room = width.saturating_sub(READ_WHOLE.len());
    if crate::text::width(&safe) <= width || room < 8 {
        return crate::text::ellipsize(&safe, width);
    }
    format!("{}{READ_WHOLE}", crate::text::ellipsize(&safe, room))
}

/// How far under its header a message's text is indented.
const INDENT: usize = 4;

pub(super) fn messages(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    if level.rows.is_empty() {
        let text = match level.filter.is_empty() {
            true => "no messages yet".to_owned(),
            false => format!("nothing matches /{}", level.filter),
        };
        let line = Line::styled(format!("  {text}"), theme.dim());
        frame.render_widget(Paragraph::new(shown::text(line)), area);
        return;
    }
    let width = area.width as usize;
    let entries: Vec<Vec<Line>> = level
        .rows
        .iter()
        .enumerate()
        .map(|(position, &back)| {
            let selected = position == level.selected;
            app.messages
                .newest(back)
                .map(|m| message_lines(m, width, selected, focused, theme))
                .unwrap_or_default()
        })
        .collect();
    let first = first_page_entry(&entries, level.selected, area.height as usize);
    let lines: Vec<Line> = entries.into_iter().skip(first).flatten().collect();
    frame.render_widget(Paragraph::new(shown::text(lines)), area);
}

/// The entry a page starts on, pages filled from the first entry, so that the
/// selected one shows whole (as far as the height allows) and moving within a
/// page leaves it where it is.
fn first_page_entry(entries: &[Vec<Line>], selected: usize, height: usize) -> usize {
    let mut start = 0;
    let mut used = 0;
    for (at, entry) in entries.iter().enumerate().take(selected + 1) {
        if used > 0 && used + entry.len() > height {
            start = at;
            used = 0;
        }
        used += entry.len();
    }
    start
}

/// A message's header (time, kind, tenant, request id), its text and its hint,
/// wrapped under the header.
fn message_lines(
    message: &Message,
    width: usize,
    selected: bool,
    focused: bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let kind_style = match message.kind {
        NoticeKind::Info => theme.ok(),
        NoticeKind::Error => theme.error(),
    };
    let mut header = format!(
        "{}  {:<5}",
        message.at.strftime("%H:%M:%S"),
        kind_word(message.kind)
    );
    if let Some(tenant) = &message.tenant {
        header.push_str(&format!("  {tenant}"));
    }
    if let Some(id) = &message.request_id {
        header.push_str(&format!("  request id {id}"));
    }
    let header = shown::ellipsize(&header, width.saturating_sub(MARKER.chars().count()));
    let mut lines = vec![match (selected, focused) {
        (true, true) => Line::styled(format!("{MARKER}{header}"), theme.selected()),
        (true, false) => Line::styled(format!("{MARKER}{header}"), theme.dim()),
        (false, _) => Line::styled(format!("  {header}"), kind_style),
    }];
    let wrap = textwrap::Options::new(width.saturating_sub(INDENT).max(8))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let indent = " ".repeat(INDENT);
    for part in textwrap::wrap(&shown::string(&message.text), &wrap) {
        lines.push(Line::styled(format!("{indent}{part}"), theme.base()));
    }
    if let Some(hint) = &message.hint {
        for part in textwrap::wrap(&shown::string(&format!("→ {hint}")), &wrap) {
            lines.push(Line::styled(format!("{indent}{part}"), theme.dim()));
        }
    }
    lines
}

pub(super) fn requests(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    let calls: Vec<&Call> = app.calls.iter_newest().collect();
    let [list, below] = Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(area);
    let style = |call: &&Call| match call.called.outcome {
        CallOutcome::Status(status) if status < 400 => theme.base(),
        _ => theme.error(),
    };
    let empty = "no requests yet";
    table(
        frame,
        list,
        level,
        &calls,
        &request_columns(),
        &style,
        focused,
        theme,
        empty,
    );
    let Some(call) = level.selected_row().and_then(|back| app.calls.newest(back)) else {
        return;
    };
    let line = Line::from(vec![Span::styled(call_sentence(call), theme.dim())]);
    frame.render_widget(
        Paragraph::new(shown::text(line)).wrap(Wrap { trim: true }),
        below,
    );
}

fn request_columns<'a>() -> Vec<Column<'a, &'a Call>> {
    let column = |title, width, cell: fn(&Call) -> String| Column {
        title,
        width,
        cell: Box::new(move |call: &&Call| cell(call)),
    };
    vec![
        column("TIME", 8, |c| c.at.strftime("%H:%M:%S").to_string()),
        column("METHOD", 6, |c| c.called.method.clone()),
        column("PATH", 0, |c| c.called.target.clone()),
        column("STATUS", 6, |c| match &c.called.outcome {
            CallOutcome::Status(status) => status.to_string(),
            CallOutcome::Failed(_) => "failed".into(),
        }),
        column("TOOK", 7, |c| took(c.called.took)),
        column("SIZE", 7, |c| size(c.called.bytes)),
        column("REQUEST ID", 14, |c| {
            c.called.request_id.clone().unwrap_or_else(|| "-".into())
        }),
        column("TENANT", 12, |c| c.profile.clone()),
    ]
}

/// The selected exchange in full: "GET /users?status=active: 200 in 12 ms,
/// 3.4 kB, request id 42, tenant acme".
fn call_sentence(call: &Call) -> String {
    let called = &call.called;
    let outcome = match &called.outcome {
        CallOutcome::Status(status) => format!("{status} in {}", took(called.took)),
        failed @ CallOutcome::Failed(_) => {
            format!(
                "failed after {}: {}",
                took(called.took),
                outcome_text(failed)
            )
        }
    };
    let mut text = format!("{} {}: {outcome}", called.method, called.target);
    if matches!(called.outcome, CallOutcome::Status(_)) {
        text.push_str(&format!(", {}", size(called.bytes)));
    }
    if let Some(id) = &called.request_id {
        text.push_str(&format!(", request id {id}"));
    }
    text.push_str(&format!(", tenant {}", call.profile));
    text
}

/// "12 ms", "1.4 s".
fn took(took: Duration) -> String {
    match took.as_millis() {
        ms @ 0..=9_999 => format!("{ms} ms"),
        _ => format!("{:.1} s", took.as_secs_f64()),
    }
}

/// "512 B", "3.4 kB", "23.1 MB".
fn size(bytes: u64) -> String {
    match bytes {
        0..=999 => format!("{bytes} B"),
        1_000..=999_999 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_cut_short_says_where_to_read_it_whole() {
        let long = "could not connect to api.example.com: connection refused (os error 111)";
        assert_eq!(status_text(long, 100), long);
        let cut = status_text(long, 40);
        assert_eq!(crate::text::width(&cut), 40, "{cut}");
        assert!(cut.ends_with("… (:messages)"), "{cut}");
        assert!(cut.starts_with("could not connect"), "{cut}");
    }

    #[test]
    fn durations_and_sizes_read_short() {
        assert_eq!(took(Duration::from_millis(12)), "12 ms");
        assert_eq!(took(Duration::from_millis(14_200)), "14.2 s");
        assert_eq!(size(512), "512 B");
        assert_eq!(size(3_400), "3.4 kB");
        assert_eq!(size(23_100_000), "23.1 MB");
    }
}
