//! Server text on its way to the screen: every terminal control and bidi override
//! becomes a visible one-column stand-in and every remembered token is masked.
//!
//! Text is made safe where it is built, before anything measures it, so columns
//! still line up around stand-ins; [`buffer`] then checks every drawn cell, so a
//! widget or call site that was missed still cannot put a control on the terminal.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span, Text};

use crate::api::secret;
use crate::text::{self as measure, is_terminal_control};

/// One line of server text, safe to draw and to measure.
pub fn string(text: &str) -> String {
    measure::visible(&secret::scrub(text)).into_owned()
}

/// [`crate::text::ellipsize`] of the safe text, so the cut is made on what is drawn.
pub fn ellipsize(text: &str, width: usize) -> String {
    measure::ellipsize(&string(text), width)
}

/// [`crate::text::fit`] of the safe text.
pub fn fit(text: &str, width: usize) -> String {
    measure::fit(&string(text), width)
}

fn span(span: Span<'_>) -> Span<'_> {
    let safe = match secret::scrub(&span.content) {
        Cow::Borrowed(_) => match measure::visible(&span.content) {
            Cow::Borrowed(_) => None,
            Cow::Owned(text) => Some(text),
        },
        Cow::Owned(scrubbed) => Some(measure::visible(&scrubbed).into_owned()),
    };
    match safe {
        Some(content) => Span::styled(content, span.style),
        None => span,
    }
}

/// A line with every span made safe; style and alignment are kept.
pub fn line<'a>(line: impl Into<Line<'a>>) -> Line<'a> {
    let mut line = line.into();
    line.spans = std::mem::take(&mut line.spans)
        .into_iter()
        .map(span)
        .collect();
    line
}

/// Lines (a paragraph's text) made safe.
pub fn text<'a>(text: impl Into<Text<'a>>) -> Text<'a> {
    let mut text = text.into();
    text.lines = std::mem::take(&mut text.lines)
        .into_iter()
        .map(line)
        .collect();
    text
}

/// The last check before a frame is flushed: a control left in any cell is dropped
/// (the cell keeps its width, so the layout holds) and the cell shows U+FFFD when
/// nothing else is left in it.
pub fn buffer(buffer: &mut Buffer) {
    for cell in buffer.content.iter_mut() {
        let symbol = cell.symbol();
        if symbol.chars().any(is_terminal_control) {
            let kept: String = symbol
                .chars()
                .filter(|c| !is_terminal_control(*c))
                .collect();
            cell.set_symbol(if kept.is_empty() { "\u{fffd}" } else { &kept });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};
    use ratatui::widgets::Widget;

    #[test]
    fn spans_keep_their_style_and_lose_their_controls() {
        let safe = line(vec![
            Span::styled("\u{1b}]0;x\u{7}", Style::new().fg(Color::Red)),
            Span::raw("plain"),
        ]);
        assert_eq!(safe.spans[0].content, "\u{241b}]0;x\u{2407}");
        assert_eq!(safe.spans[0].style, Style::new().fg(Color::Red));
        assert!(matches!(safe.spans[1].content, Cow::Borrowed("plain")));
    }

    #[test]
    fn the_buffer_pass_drops_what_a_widget_let_through_without_moving_columns() {
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        // ratatui drops C0/C1 itself, but a line (a block's title, say) glues a
        // zero-width bidi override to the cell before it.
        Line::from("ab\u{202e}cd|").render(area, &mut buf);
        assert!(buf.content.iter().any(|c| c.symbol().contains('\u{202e}')));
        buffer(&mut buf);
        let drawn: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(drawn, "abcd|       ");
        buf.content[6].set_symbol("\u{9b}");
        buffer(&mut buf);
        assert_eq!(buf.content[6].symbol(), "\u{fffd}");
    }
}
