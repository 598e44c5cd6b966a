//! Parts of a form drawn apart from its fields' lines: a multi-line text with its
//! caret, and the question Esc asks before changes are lost.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::overlays::{centered, framed};
use super::shown::{self, ellipsize};
use super::theme::{MARKER, Theme};
use crate::app::form::Form;

/// How many rows a multi-line text grows to before it scrolls.
pub(super) const TEXT_ROWS: usize = 5;

/// A multi-line text: up to `TEXT_ROWS` of its lines, the caret's in view while
/// focused, and which lines show when some are hidden.
pub(super) fn multiline_lines(
    area: &TextArea<'static>,
    focused: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let all = area.lines();
    let (caret_row, caret_col) = (area.cursor().0, area.cursor().1);
    let first = if focused {
        caret_row.saturating_sub(TEXT_ROWS - 1)
    } else {
        0
    };
    let mut lines: Vec<Line> = all
        .iter()
        .enumerate()
        .skip(first)
        .take(TEXT_ROWS)
        .map(|(row, text)| match focused && row == caret_row {
            true => Line::raw(caret_line(text, caret_col, width)),
            false => Line::raw(ellipsize(text, width)),
        })
        .collect();
    if all.len() > TEXT_ROWS {
        let last = (first + TEXT_ROWS).min(all.len());
        lines.push(Line::styled(
            format!("  lines {}–{last} of {}", first + 1, all.len()),
            theme.dim(),
        ));
    }
    lines
}

/// One line with the caret drawn where it is; a line longer than the field shows
/// the part around the caret.
fn caret_line(text: &str, col: usize, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let col = col.min(chars.len());
    let room = width.saturating_sub(2).max(1);
    let start = col.saturating_sub(room);
    let before: String = chars[start..col].iter().collect();
    let after: String = chars[col..].iter().collect();
    let lead = if start > 0 { "…" } else { "" };
    let before = format!("{lead}{before}");
    let rest = width.saturating_sub(crate::text::width(&before) + 1);
    format!("{before}▏{}", ellipsize(&after, rest))
}

/// "Discard changes?" over the form: what would be lost, Keep editing focused first.
pub(super) fn draw_discard(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let Some(asked) = form.discard else {
        return;
    };
    let width = 56.min(area.width);
    let text = format!("Closing the form loses {}.", form.would_lose());
    let inner = width.saturating_sub(2).max(1) as usize;
    let body = textwrap::wrap(&text, inner).len();
    let popup = centered(area, width, (body + 4) as u16);
    frame.render_widget(Clear, popup);
    let button = |label: &str, focused: bool| {
        let text = format!("[ {label} ]");
        if focused {
            Span::styled(format!("{MARKER}{text}"), theme.selected())
        } else {
            Span::raw(format!("  {text}"))
        }
    };
    let lines = vec![
        Line::raw(text.clone()),
        Line::default(),
        Line::from(vec![
            button("Keep editing", !asked.confirm_focused),
            Span::raw("   "),
            button("Discard", asked.confirm_focused),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(shown::text(lines))
            .wrap(Wrap { trim: false })
            .block(framed("Discard changes?", theme)),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::caret_line;

    #[test]
    fn the_caret_shows_where_it_is_even_past_the_width() {
        assert_eq!(caret_line("abc", 1, 20), "a▏bc");
        let long = "x".repeat(40) + "END";
        let line = caret_line(&long, 43, 20);
        assert!(line.ends_with("END▏"), "{line}");
        assert!(crate::text::width(&line) <= 20, "{line}");
    }
}
