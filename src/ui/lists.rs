//! The lists (tenants, organizations, people) and the detail view. Only the rows
//! that fit are built, so a 100,000-row list costs what a screenful costs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::cells::{NodeCells, node_of, party_cell, width};
use super::shown::{self, ellipsize};
use super::theme::{MARKER, Theme};
use super::widths::{self, Cut, Want};
use crate::api::model::{Node, Party};
use crate::api::schema::MemberStateName;
use crate::app::remote::Status;
use crate::app::screens::{Level, Screen};
use crate::app::{App, Tenant, scroll};

/// A column: title, width (0 = take the rest), and the cell text for a row.
pub(super) struct Column<'a, T> {
    pub title: &'static str,
    pub width: usize,
    pub cell: Box<dyn Fn(&T) -> String + 'a>,
}

pub fn level(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    let style = if focused { theme.title() } else { theme.dim() };
    let mut block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(super::titles::title_of(app, level), style));
    if let Some(position) = super::titles::position(level) {
        block = block.title_top(Line::styled(format!(" {position} "), style).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &level.screen {
        Screen::Tenants => tenants(frame, inner, app, level, focused, theme),
        Screen::Nodes { tenant, .. } => {
            let t = &app.tenants[*tenant];
            nodes_list(frame, inner, t, (app.wall_clock)(), level, focused, theme)
        }
        Screen::Node { tenant, .. } | Screen::View { tenant, .. } => {
            let t = &app.tenants[*tenant];
            people_list(frame, inner, t, (app.wall_clock)(), level, focused, theme)
        }
        Screen::Approvals { tenant } => {
            let now = (app.wall_clock)();
            super::approvals::list(
                frame,
                inner,
                &app.tenants[*tenant],
                now,
                level,
                focused,
                theme,
            )
        }
        Screen::Detail { tenant, subject } => {
            super::detail::detail(frame, inner, app, *tenant, subject, theme)
        }
        Screen::Messages => super::journal::messages(frame, inner, app, level, focused, theme),
        Screen::Requests => super::journal::requests(frame, inner, app, level, focused, theme),
    }
}

/// The top level's rows, in the schema's columns.
fn nodes_list(
    frame: &mut Frame,
    inner: Rect,
    t: &Tenant,
    now: jiff::Timestamp,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    let Screen::Nodes {
        level: of, parent, ..
    } = &level.screen
    else {
        return;
    };
    let orgs = t
        .nodes(*of, parent.as_deref())
        .and_then(|n| n.data.as_deref())
        .unwrap_or_default();
    let Some(cells) = NodeCells::new(t, *of, now) else {
        return;
    };
    let columns: Vec<Column<Node>> = cells
        .level
        .columns
        .iter()
        .map(|column| Column {
            title: column.title,
            width: width(column.width),
            cell: Box::new(move |o: &Node| cells.cell(column.source, o)),
        })
        .collect();
    let style = |o: &Node| {
        if cells.toggled(o) {
            theme.warn()
        } else {
            theme.base()
        }
    };
    table(
        frame,
        inner,
        level,
        orgs,
        &columns,
        &style,
        focused,
        theme,
        empty_text(&t.orgs.status, "no organizations"),
    );
}

/// A node's members or a view's parties, in the tab's or the view's own columns
/// where it declares them, else the schema's party columns.
fn people_list(
    frame: &mut Frame,
    inner: Rect,
    t: &Tenant,
    now: jiff::Timestamp,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    let list = t.parties(&level.screen);
    let people = list.and_then(|p| p.data.as_deref()).unwrap_or_default();
    let schema = t.schema();
    let marked = &level.marked;
    let node = &node_of(t);
    // The same columns sorting reads, so that `:sort` names what is on screen.
    let columns: Vec<Column<Party>> = crate::app::sort::columns(schema, &level.screen)
        .into_iter()
        .enumerate()
        .map(|(n, column)| Column {
            title: column.title,
            width: width(column.width),
            cell: Box::new(move |p: &Party| {
                let cell = party_cell(schema, column.source, p, now, node);
                // A row marked for removal says so where the eye starts.
                match n == 0 && marked.iter().any(|m| m == p.id()) {
                    true => format!("✗ {cell}"),
                    false => cell,
                }
            }),
        })
        .collect();
    let style = |p: &Party| match p.state {
        MemberStateName::Suspended => theme.warn(),
        MemberStateName::Invited | MemberStateName::AwaitingApproval | MemberStateName::Closed => {
            theme.dim()
        }
        MemberStateName::Active => theme.base(),
    };
    // The tab's writes awaiting approval, right under its rows.
    let awaiting = t
        .tab_key(&level.screen)
        .map(|key| super::approvals::awaiting_lines(t, &key, inner.width as usize, theme))
        .unwrap_or_default();
    let mut inner = inner;
    if !awaiting.is_empty() && inner.height > 2 {
        let shown = (awaiting.len() as u16).min(inner.height - 2);
        let rows = (level.rows.len().max(1) as u16 + 1).min(inner.height - shown);
        let below = Rect {
            y: inner.y + rows,
            height: shown,
            ..inner
        };
        frame.render_widget(Paragraph::new(shown::text(awaiting)), below);
        inner.height = rows;
    }
    table(
        frame,
        inner,
        level,
        people,
        &columns,
        &style,
        focused,
        theme,
        empty_text(list.map_or(&Status::Idle, |p| &p.status), "nobody here"),
    );
}

pub(super) fn empty_text(status: &Status, empty: &'static str) -> &'static str {
    match status {
        Status::Loading { .. } | Status::Idle => "loading…",
        Status::Failed { .. } => "could not load (see above); r retries",
        Status::Loaded { .. } => empty,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn table<T>(
    frame: &mut Frame,
    area: Rect,
    level: &Level,
    items: &[T],
    columns: &[Column<T>],
    row_style: &dyn Fn(&T) -> Style,
    focused: bool,
    theme: &Theme,
    empty: &str,
) {
    if area.height == 0 {
        return;
    }
    let height = area.height as usize - 1;
    // The window the update logic keeps, followed to the cursor should this
    // area differ from the one it was kept for.
    let first = scroll::first_shown(level, height);
    let shown: Vec<(usize, &T)> = level
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .filter_map(|(position, &index)| Some((position, items.get(index)?)))
        .collect();
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|(_, item)| {
            columns
                .iter()
                .map(|c| shown::string(&(c.cell)(item)))
                .collect()
        })
        .collect();
    let titles = super::sorted::titles(level, columns.iter().map(|c| c.title));
    let width = (area.width as usize).saturating_sub(MARKER.chars().count());
    // The parent pane beside its child is the unfocused one: it keeps its key column.
    let layout = Layout::measure(columns, &titles, &rows, width, !focused);
    let mut lines = vec![Line::styled(
        format!("  {}", layout.render(&titles)),
        theme.header(),
    )];
    if level.rows.is_empty() {
        let text = if level.filter.is_empty() {
            empty.to_owned()
        } else {
            format!("nothing matches /{}", level.filter)
        };
        lines.push(Line::styled(format!("  {text}"), theme.dim()));
    }
    for ((position, item), cells) in shown.into_iter().zip(rows) {
        let text = layout.render(&cells);
        let selected = position == level.selected;
        let line = if selected && focused {
            Line::styled(format!("{MARKER}{text}"), theme.selected())
        } else if selected {
            Line::styled(format!("{MARKER}{text}"), theme.dim())
        } else {
            Line::styled(format!("  {text}"), row_style(item))
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(shown::text(lines)), area);
}

/// The column titles as the header shows them.
/// The columns' widths and cuts for the rows on screen.
struct Layout {
    widths: Vec<Option<usize>>,
    cuts: Vec<Cut>,
}

impl Layout {
    fn measure<T>(
        columns: &[Column<T>],
        titles: &[String],
        rows: &[Vec<String>],
        width: usize,
        keep_key: bool,
    ) -> Layout {
        let values = |n: usize| rows.iter().map(move |cells| cells[n].as_str());
        let wants: Vec<Want> = columns
            .iter()
            .enumerate()
            .map(|(n, column)| Want {
                declared: column.width,
                need: values(n)
                    .chain([titles[n].as_str()])
                    .map(crate::text::width)
                    .max()
                    .unwrap_or(0),
            })
            .collect();
        let widths = widths::allocate(&wants, width, keep_key);
        let cuts = widths
            .iter()
            .enumerate()
            .map(|(n, w)| w.map_or(Cut::End, |w| widths::cut_for(values(n), w)))
            .collect();
        Layout { widths, cuts }
    }

    /// One line of cells, each in its column's width, the left-out ones dropped.
    fn render(&self, cells: &[String]) -> String {
        cells
            .iter()
            .zip(self.widths.iter().zip(&self.cuts))
            .filter_map(|(cell, (w, cut))| w.map(|w| widths::fit(cell, w, *cut)))
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end()
            .to_owned()
    }
}

fn tenants(frame: &mut Frame, area: Rect, app: &App, level: &Level, focused: bool, theme: &Theme) {
    let items: Vec<usize> = (0..app.tenants.len()).collect();
    let style = |&i: &usize| match app.tenants[i].health().is_bad() {
        true => theme.error(),
        false => theme.base(),
    };
    let [list, below] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(3),
    ])
    .areas(area);
    table(
        frame,
        list,
        level,
        &items,
        &tenant_columns(app),
        &style,
        focused,
        theme,
        "no profiles",
    );
    below_tenants(frame, below, app, level, theme);
}

/// The tenants list's columns; a row is an index into `app.tenants`.
fn tenant_columns(app: &App) -> Vec<Column<'_, usize>> {
    let tenant = move |i: usize| &app.tenants[i];
    vec![
        Column {
            title: "PROFILE",
            width: 12,
            cell: Box::new(move |&i| {
                let t = tenant(i);
                if t.read_only {
                    format!("{} [RO]", t.profile)
                } else {
                    t.profile.clone()
                }
            }),
        },
        Column {
            title: "SERVER",
            width: 0,
            cell: Box::new(move |&i| {
                // The scheme is noise in a narrow column; the host and port are not.
                let url = &tenant(i).base_url;
                let bare = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                bare.trim_end_matches('/').to_owned()
            }),
        },
        Column {
            title: "YOU ARE",
            width: 21,
            cell: Box::new(move |&i| {
                let t = tenant(i);
                match (&t.me.data, &t.me.status) {
                    // The caller's label (an email, say), else their id.
                    (Some(me), _) => me
                        .party
                        .as_ref()
                        .map_or_else(|| me.id.clone(), |p| p.label(t.schema()).to_owned()),
                    (None, Status::Loading { .. } | Status::Idle) => "…".into(),
                    (None, _) => "?".into(),
                }
            }),
        },
        Column {
            title: "ROLE",
            width: 8,
            cell: Box::new(move |&i| tenant(i).role().unwrap_or("-").to_owned()),
        },
        // Server down, token rejected, role too narrow: the pane below says
        // which in full, with what to do.
        Column {
            title: "STATUS",
            width: 15,
            cell: Box::new(move |&i| tenant(i).health().label()),
        },
    ]
}

/// Under the tenants list: why the selected tenant cannot be used, or else who
/// the caller is there with their role at each node (where roles are per node),
/// and the sandbox's hint.
fn below_tenants(frame: &mut Frame, below: Rect, app: &App, level: &Level, theme: &Theme) {
    let selected = level.selected_row().and_then(|i| app.tenants.get(i));
    if let Some(health) = selected.map(Tenant::health).filter(|h| h.is_bad()) {
        let mut lines = vec![Line::styled(health.text(), theme.error())];
        if let Some(hint) = health.hint() {
            lines.push(Line::styled(format!("→ {hint}"), theme.dim()));
        }
        frame.render_widget(
            Paragraph::new(shown::text(lines)).wrap(Wrap { trim: true }),
            below,
        );
        return;
    }
    let width = below.width as usize;
    let mut lines = Vec::new();
    if let Some(text) = selected.and_then(caller_roles) {
        lines.push(Line::styled(ellipsize(&text, width), theme.base()));
    }
    if app.surroundings.sandbox {
        lines.push(Line::styled(
            ellipsize(&app.sandbox_hint(), width),
            theme.warn(),
        ));
    }
    if !lines.is_empty() {
        frame.render_widget(Paragraph::new(shown::text(lines)), below);
    }
}

/// "you are admin in Northwind, member in Harbor, as Ada Admin <ada@…>", when
/// who-am-I named roles per node; the roles first, as a narrow pane cuts the end.
fn caller_roles(t: &Tenant) -> Option<String> {
    let me = t.me.data.as_ref()?;
    let roles = me.roles_text()?;
    let email = me.party.as_ref().map(|p| p.label(t.schema()));
    let who = match email {
        Some(email) if email != me.label && !me.label.trim().is_empty() => {
            format!("{} <{email}>", me.label)
        }
        Some(email) => email.to_owned(),
        None => me.label.clone(),
    };
    Some(crate::text::visible(&format!("you are {roles}, as {who}")).into_owned())
}
