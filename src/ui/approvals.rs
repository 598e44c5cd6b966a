//! The approvals queue and one approval's details, and the rows a node tab shows
//! for its writes awaiting approval.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::lists::{Column, empty_text, table};
use super::shown;
use super::theme::Theme;
use crate::api::approval::Approval;
use crate::api::schema::{LevelId, TabId};
use crate::app::Tenant;
use crate::app::approvals::ago;
use crate::app::screens::Level;

/// The queue: type, what it changes, who asked ("you" on the caller's own),
/// when, and approvals still needed.
pub(super) fn list(
    frame: &mut Frame,
    inner: Rect,
    t: &Tenant,
    now: Timestamp,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    let queue = &t.approvals.list;
    let items = queue.data.as_deref().unwrap_or_default();
    let columns: Vec<Column<Approval>> = vec![
        Column {
            title: "TYPE",
            width: 12,
            cell: Box::new(|a: &Approval| a.kind.clone()),
        },
        Column {
            title: "CHANGE",
            width: 0,
            cell: Box::new(|a: &Approval| a.what.clone()),
        },
        Column {
            title: "ASKED BY",
            width: 20,
            // One's own requests say so where the asker is named: the column a
            // reader looks at to see whose it is.
            cell: Box::new(|a: &Approval| {
                if t.asked_by_me(a) {
                    "you".into()
                } else {
                    a.asked_by.clone().unwrap_or_else(|| "-".into())
                }
            }),
        },
        Column {
            title: "WHEN",
            width: 8,
            cell: Box::new(move |a: &Approval| a.asked_at.map_or("-".into(), |at| ago(at, now))),
        },
        Column {
            title: "NEEDS",
            width: 5,
            cell: Box::new(|a: &Approval| a.needs.map_or("-".into(), |n| n.to_string())),
        },
    ];
    // One's own requests wait for someone else: set apart, as pending rows are.
    let style = |a: &Approval| {
        if t.asked_by_me(a) {
            theme.dim()
        } else {
            theme.base()
        }
    };
    table(
        frame,
        inner,
        level,
        items,
        &columns,
        &style,
        focused,
        theme,
        empty_text(&queue.status, "nothing awaits approval"),
    );
}

/// Every field of one approval, for the detail view.
pub(super) fn detail(t: &Tenant, id: &str, now: Timestamp) -> Vec<(&'static str, String)> {
    let Some(a) = t.approvals.get(id) else {
        return vec![("", format!("{id} is no longer awaiting approval"))];
    };
    let or_dash = |v: Option<&str>| v.unwrap_or("-").to_owned();
    let asked_by = match (&a.asked_by, t.asked_by_me(a)) {
        (Some(who), true) => format!("{who} (you)"),
        (who, _) => or_dash(who.as_deref()),
    };
    let when = a
        .asked_at
        .map_or("-".into(), |at| format!("{at} ({})", ago(at, now)));
    vec![
        ("type", a.kind.clone()),
        ("change", a.what.clone()),
        ("asked by", asked_by),
        ("asked by id", or_dash(a.asked_by_id.as_deref())),
        ("asked", when),
        ("still needs", a.needs.map_or("-".into(), |n| n.to_string())),
        ("state", a.state.clone()),
        ("node", or_dash(a.node_name.as_deref())),
        ("node id", or_dash(a.node.as_deref())),
        ("id", a.id.clone()),
    ]
}

/// Per write of this tab awaiting approval: what it changes, wrapped under itself
/// (at 80 columns the change runs past the row), then its id on a line of its own.
pub(super) fn awaiting_lines(
    t: &Tenant,
    key: &(LevelId, String, TabId),
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let wrap = textwrap::Options::new(width.max(8))
        .initial_indent("  ")
        .subsequent_indent("    ")
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    t.approvals
        .awaiting_in(key)
        .flat_map(|a| {
            let what = shown::string(&format!("⧗ awaiting approval by another admin: {}", a.what));
            let mut lines: Vec<Line<'static>> = textwrap::wrap(&what, &wrap)
                .into_iter()
                .map(|line| Line::styled(line.into_owned(), theme.warn()))
                .collect();
            lines.push(Line::styled(format!("    approval {}", a.id), theme.dim()));
            lines
        })
        .collect()
}
