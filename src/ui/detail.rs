//! The detail view: every line the schema declares for the selection, a long
//! value wrapped under itself, a timestamp with how long ago it is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::cells::{NodeCells, party_detail};
use super::shown;
use super::theme::Theme;
use crate::app::App;
use crate::app::screens::Subject;

/// How wide a detail line's label is, with the gap after it.
const LABEL: usize = 18;

pub(super) fn detail(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    tenant: usize,
    subject: &Subject,
    theme: &Theme,
) {
    let t = &app.tenants[tenant];
    let schema = t.schema();
    let now = (app.wall_clock)();
    let fields: Vec<(&str, String)> = match subject {
        Subject::Node { level, id } => match (t.org(id), NodeCells::new(t, *level, now)) {
            (Some(o), Some(cells)) => cells
                .level
                .detail
                .iter()
                .map(|line| (line.label, cells.detail(line.source, o)))
                .collect(),
            _ => vec![("", format!("{id} is no longer there"))],
        },
        Subject::Party(id) => match t.person(id) {
            Some(p) => schema
                .party_detail
                .iter()
                .map(|line| (line.label, party_detail(t, line.source, p, now)))
                .collect(),
            None => vec![("", format!("{id} is no longer there"))],
        },
        Subject::Approval(id) => super::approvals::detail(t, id, now),
    };
    // A long value wraps under itself, not under the labels.
    // Hyphens are not break points: domains and emails stay whole.
    let wrap = textwrap::Options::new((area.width as usize).saturating_sub(LABEL).max(8))
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let lines: Vec<Line> = fields
        .into_iter()
        .flat_map(|(name, value)| {
            let value = shown::string(&value);
            let mut label = Some(Span::styled(format!("{name:>16}  "), theme.dim()));
            let parts: Vec<String> = textwrap::wrap(&value, &wrap)
                .into_iter()
                .map(|part| part.into_owned())
                .collect();
            let parts = if parts.is_empty() {
                vec![String::new()]
            } else {
                parts
            };
            parts
                .into_iter()
                .map(|part| {
                    let lead = label.take().unwrap_or_else(|| Span::raw(" ".repeat(LABEL)));
                    Line::from(vec![lead, Span::raw(part)])
                })
                .collect::<Vec<_>>()
        })
        .collect();
    frame.render_widget(
        Paragraph::new(shown::text(lines)).wrap(Wrap { trim: false }),
        area,
    );
}
