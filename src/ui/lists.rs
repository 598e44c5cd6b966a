//! The lists (tenants, organizations, people) and the detail view. Only the rows
//! that fit are built, so a 100,000-row list costs what a screenful costs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::shown::{self, ellipsize};
use super::theme::{MARKER, Theme};
use crate::api::model::{OrgStatus, Organization, Person, PersonStatus};
use crate::app::remote::Status;
use crate::app::screens::{Level, Screen, Subject, Tab};
use crate::app::{App, Tenant};

/// A column: title, width (0 = take the rest), and the cell text for a row.
struct Column<'a, T> {
    title: &'static str,
    width: usize,
    cell: Box<dyn Fn(&T) -> String + 'a>,
}

/// Where a list is drawn: its area, its level (rows, selection, filter), whether it
/// has the focus, and the theme.
#[derive(Clone, Copy)]
struct Pane<'a> {
    area: Rect,
    level: &'a Level,
    focused: bool,
    theme: &'a Theme,
}

fn title_of(app: &App, level: &Level) -> String {
    let title = plain_title(app, level);
    let title = if level.filter.is_empty() {
        title
    } else {
        format!("{title} matching /{}", level.filter)
    };
    shown::string(&title)
}

fn plain_title(app: &App, level: &Level) -> String {
    let tenant = level.screen.tenant().and_then(|t| app.tenants.get(t));
    let name = tenant.map_or("", |t| t.profile.as_str());
    // While a long list is still arriving only its first rows are held.
    let count = if level.screen.lists_people() && tenant.is_some_and(|t| t.people.is_partial()) {
        format!("{} so far", level.rows.len())
    } else {
        level.rows.len().to_string()
    };
    match &level.screen {
        Screen::Tenants => format!("Tenants ({})", level.rows.len()),
        Screen::Organizations { .. } => {
            format!("{name}: customer organizations ({count})")
        }
        Screen::Staff { .. } => format!("{name}: staff ({count})"),
        Screen::Users { .. } => format!("{name}: all users ({count})"),
        Screen::Invites { .. } => format!("{name}: pending invites ({count})"),
        Screen::Organization { org, tab, .. } => {
            let org_name = tenant
                .and_then(|t| t.org(org))
                .map_or(org.as_str(), |o| o.name.as_str());
            let (members, invites) = match tab {
                Tab::Members => ("[Members]", "Pending invites"),
                Tab::Invites => ("Members", "[Pending invites]"),
            };
            format!("{org_name}: {members} {invites} ({count})")
        }
        Screen::Detail { .. } => "Details".to_owned(),
    }
}

pub fn level(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    level: &Level,
    focused: bool,
    theme: &Theme,
) {
    let block = Block::default().borders(Borders::TOP).title(Span::styled(
        title_of(app, level),
        if focused { theme.title() } else { theme.dim() },
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let pane = Pane {
        area: inner,
        level,
        focused,
        theme,
    };
    match &level.screen {
        Screen::Tenants => tenants(frame, &pane, app),
        Screen::Organizations { tenant } => organizations(frame, &pane, app, *tenant),
        Screen::Organization { tenant, .. }
        | Screen::Staff { tenant }
        | Screen::Users { tenant }
        | Screen::Invites { tenant } => people(frame, &pane, app, *tenant),
        Screen::Detail { tenant, subject } => detail(frame, inner, app, *tenant, subject, theme),
    }
}

fn organizations(frame: &mut Frame, pane: &Pane<'_>, app: &App, tenant: usize) {
    let theme = pane.theme;
    let t = &app.tenants[tenant];
    let orgs = t.orgs.data.as_deref().unwrap_or_default();
    let counts = t.counts();
    // Counted from the people: unknown until the whole list is in.
    let known = t.people_complete();
    let count = move |n: usize| if known { n.to_string() } else { "…".into() };
    let columns: Vec<Column<Organization>> = vec![
        Column {
            title: "NAME",
            width: 0,
            cell: Box::new(|o: &Organization| o.name.clone()),
        },
        Column {
            title: "STATUS",
            width: 10,
            cell: Box::new(|o: &Organization| match o.status {
                OrgStatus::Active => "active".into(),
                OrgStatus::Suspended => "SUSPENDED".into(),
            }),
        },
        Column {
            title: "MEMBERS",
            width: 7,
            cell: Box::new(move |o: &Organization| {
                count(counts.get(&o.id).map_or(0, |c| c.members))
            }),
        },
        Column {
            title: "PENDING",
            width: 7,
            cell: Box::new(move |o: &Organization| {
                count(counts.get(&o.id).map_or(0, |c| c.pending))
            }),
        },
        Column {
            title: "DOMAINS",
            width: 30,
            cell: Box::new(|o: &Organization| o.domains.join(", ")),
        },
    ];
    let style = |o: &Organization| match o.status {
        OrgStatus::Suspended => theme.warn(),
        OrgStatus::Active => theme.base(),
    };
    let empty = empty_text(&t.orgs.status, "no organizations");
    table(frame, pane, orgs, &columns, &style, empty);
}

/// A list of people: a tenant's staff, all its users, its invites, or one
/// organization's members (which need no organization column).
fn people(frame: &mut Frame, pane: &Pane<'_>, app: &App, tenant: usize) {
    let theme = pane.theme;
    let t = &app.tenants[tenant];
    let people = t.people.data.as_deref().unwrap_or_default();
    let mut columns: Vec<Column<Person>> = vec![
        Column {
            title: "EMAIL",
            width: 0,
            cell: Box::new(|p: &Person| p.email.clone()),
        },
        Column {
            title: "NAME",
            width: 22,
            cell: Box::new(|p: &Person| p.full_name()),
        },
        Column {
            title: "TYPE",
            width: 8,
            cell: Box::new(|p: &Person| p.role.to_string()),
        },
        Column {
            title: "STATUS",
            width: 9,
            cell: Box::new(|p: &Person| p.status.as_str().to_owned()),
        },
    ];
    if !matches!(pane.level.screen, Screen::Organization { .. }) {
        columns.push(Column {
            title: "ORGANIZATION",
            width: 12,
            cell: Box::new(|p: &Person| match &p.organization {
                Some(org) if !p.role.is_staff() => org.clone(),
                _ => "-".into(),
            }),
        });
    }
    let style = |p: &Person| match p.status {
        PersonStatus::Suspended => theme.warn(),
        PersonStatus::Pending => theme.dim(),
        PersonStatus::Active => theme.base(),
    };
    let empty = empty_text(&t.people.status, "nobody here");
    table(frame, pane, people, &columns, &style, empty);
}

fn empty_text(status: &Status, empty: &'static str) -> &'static str {
    match status {
        Status::Loading { .. } | Status::Idle => "loading…",
        Status::Failed { .. } => "could not load (see above); r retries",
        Status::Loaded { .. } => empty,
    }
}

/// First row shown: pages of whole screens, so moving within a page redraws
/// two rows and nothing else.
fn offset(selected: usize, height: usize) -> usize {
    selected.checked_div(height).map_or(0, |page| page * height)
}

fn table<T>(
    frame: &mut Frame,
    pane: &Pane<'_>,
    items: &[T],
    columns: &[Column<T>],
    row_style: &dyn Fn(&T) -> Style,
    empty: &str,
) {
    let Pane {
        area,
        level,
        focused,
        theme,
    } = *pane;
    if area.height == 0 {
        return;
    }
    let width = (area.width as usize).saturating_sub(MARKER.chars().count());
    let widths = column_widths(columns, width);
    let render = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .filter_map(|(cell, w)| w.map(|w| shown::fit(cell, w)))
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end()
            .to_owned()
    };
    let mut lines = vec![Line::styled(
        format!(
            "  {}",
            render(columns.iter().map(|c| c.title.to_owned()).collect())
        ),
        theme.header(),
    )];
    let height = area.height as usize - 1;
    if level.rows.is_empty() {
        let text = if level.filter.is_empty() {
            empty.to_owned()
        } else {
            format!("nothing matches /{}", level.filter)
        };
        lines.push(Line::styled(format!("  {text}"), theme.dim()));
    }
    let first = offset(level.selected, height);
    for (position, &index) in level.rows.iter().enumerate().skip(first).take(height) {
        let Some(item) = items.get(index) else {
            continue;
        };
        let text = render(columns.iter().map(|c| (c.cell)(item)).collect());
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

/// Each column's width in `width` cells, or None for a column left out: those that
/// do not fit beside a readable first column are dropped (the detail view shows
/// everything), rather than squeezing every column.
fn column_widths<T>(columns: &[Column<T>], width: usize) -> Vec<Option<usize>> {
    const MIN_FLEXIBLE: usize = 18;
    let mut fixed = 0;
    let mut dropping = false;
    let widths: Vec<Option<usize>> = columns
        .iter()
        .map(|column| {
            if column.width == 0 {
                Some(0)
            } else if !dropping && fixed + column.width + 1 + MIN_FLEXIBLE <= width {
                fixed += column.width + 1;
                Some(column.width)
            } else {
                // Columns are in priority order: once one is left out, so are the rest.
                dropping = true;
                None
            }
        })
        .collect();
    let flexible = width.saturating_sub(fixed).max(8);
    widths
        .into_iter()
        .map(|w| w.map(|w| if w == 0 { flexible } else { w }))
        .collect()
}

fn tenants(frame: &mut Frame, pane: &Pane<'_>, app: &App) {
    let theme = pane.theme;
    let items: Vec<usize> = (0..app.tenants.len()).collect();
    let columns = tenant_columns(app);
    let style = |&i: &usize| {
        let t = &app.tenants[i];
        if t.setup_error.is_some() || matches!(t.me.status, Status::Failed { .. }) {
            theme.error()
        } else {
            theme.base()
        }
    };
    let [list, below] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(1),
        ratatui::layout::Constraint::Length(2),
    ])
    .areas(pane.area);
    let list = Pane {
        area: list,
        ..*pane
    };
    table(frame, &list, &items, &columns, &style, "no profiles");
    tenant_trouble(frame, below, app, pane.level, theme);
}

/// One row per profile, by index into `app.tenants`.
fn tenant_columns(app: &App) -> Vec<Column<'_, usize>> {
    vec![
        Column {
            title: "PROFILE",
            width: 12,
            cell: Box::new(|&i| {
                let t = &app.tenants[i];
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
            cell: Box::new(|&i| {
                // The scheme is noise in a narrow column; the host and port are not.
                let url = &app.tenants[i].base_url;
                let bare = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                bare.trim_end_matches('/').to_owned()
            }),
        },
        Column {
            title: "YOU ARE",
            width: 22,
            cell: Box::new(|&i| {
                let t = &app.tenants[i];
                match (&t.me.data, &t.me.status) {
                    (Some(me), _) => me.email.clone(),
                    (None, Status::Loading { .. } | Status::Idle) => "…".into(),
                    (None, _) => "?".into(),
                }
            }),
        },
        Column {
            title: "ROLE",
            width: 8,
            cell: Box::new(|&i| app.tenants[i].role().unwrap_or("-").to_owned()),
        },
        Column {
            title: "REACHABLE",
            width: 11,
            cell: Box::new(|&i| {
                let t = &app.tenants[i];
                if t.setup_error.is_some() {
                    return "set-up error".into();
                }
                match (&t.me.status, t.latency) {
                    (Status::Failed { .. }, _) => "no".into(),
                    (Status::Loading { .. }, _) if t.me.data.is_none() => "checking…".into(),
                    (_, Some(latency)) => format!("{} ms", latency.as_millis()),
                    _ => "…".into(),
                }
            }),
        },
    ]
}

/// Below the tenants: why the selected one cannot be reached, else the sandbox's hint.
fn tenant_trouble(frame: &mut Frame, below: Rect, app: &App, level: &Level, theme: &Theme) {
    if let Some(t) = level.selected_row().and_then(|i| app.tenants.get(i)) {
        let detail = t.setup_error.clone().or_else(|| {
            t.me.trouble().map(|tr| {
                format!(
                    "{}{}",
                    tr.cause,
                    tr.hint
                        .as_ref()
                        .map(|h| format!(" — {h}"))
                        .unwrap_or_default()
                )
            })
        });
        if let Some(text) = detail {
            frame.render_widget(
                Paragraph::new(shown::text(Line::styled(text, theme.error())))
                    .wrap(Wrap { trim: true }),
                below,
            );
            return;
        }
    }
    if app.surroundings.sandbox {
        frame.render_widget(
            Paragraph::new(shown::text(Line::styled(
                ellipsize(crate::app::SANDBOX_HINT, below.width as usize),
                theme.warn(),
            ))),
            below,
        );
    }
}

fn detail(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    tenant: usize,
    subject: &Subject,
    theme: &Theme,
) {
    let t = &app.tenants[tenant];
    let fields: Vec<(&str, String)> = match subject {
        Subject::Organization(id) => match t.org(id) {
            Some(o) => org_fields(t, o),
            None => vec![("", format!("{id} is no longer there"))],
        },
        Subject::Person(id) => match t.person(id) {
            Some(p) => person_fields(t, p),
            None => vec![("", format!("{id} is no longer there"))],
        },
    };
    let lines: Vec<Line> = fields
        .into_iter()
        .map(|(name, value)| {
            Line::from(vec![
                Span::styled(format!("{name:>16}  "), theme.dim()),
                Span::raw(value),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(shown::text(lines)).wrap(Wrap { trim: false }),
        area,
    );
}

/// The detail view's rows for an organization; its counts wait for the whole people list.
fn org_fields(t: &Tenant, o: &Organization) -> Vec<(&'static str, String)> {
    let counts = t.counts_of(&o.id);
    let count = |n: usize| {
        if t.people_complete() {
            n.to_string()
        } else {
            "… (people still loading)".into()
        }
    };
    vec![
        ("id", o.id.clone()),
        ("name", o.name.clone()),
        ("status", o.status.as_str().to_owned()),
        (
            "domains",
            if o.domains.is_empty() {
                "-".into()
            } else {
                o.domains.join(", ")
            },
        ),
        (
            "external-ref",
            o.external_ref.clone().unwrap_or_else(|| "-".into()),
        ),
        ("notes", o.notes.clone().unwrap_or_else(|| "-".into())),
        ("members", count(counts.members)),
        ("pending invites", count(counts.pending)),
        (
            "created",
            o.created_at.map_or("-".into(), |t| t.to_string()),
        ),
        (
            "updated",
            o.updated_at.map_or("-".into(), |t| t.to_string()),
        ),
    ]
}

/// The detail view's rows for a person, naming their organization when it is loaded.
fn person_fields(t: &Tenant, p: &Person) -> Vec<(&'static str, String)> {
    vec![
        ("email", p.email.clone()),
        ("name", p.name.clone()),
        ("last name", p.last_name.clone()),
        ("type", p.role.to_string()),
        (
            "agent type",
            p.agent_type.clone().unwrap_or_else(|| "-".into()),
        ),
        (
            "organization",
            p.organization
                .as_ref()
                .map(|o| {
                    t.org(o)
                        .map_or(o.clone(), |org| format!("{} ({o})", org.name))
                })
                .unwrap_or_else(|| "-".into()),
        ),
        ("status", p.status.as_str().to_owned()),
        (
            "auto-assign",
            p.auto_assign
                .map_or("-".into(), |a| if a { "yes".into() } else { "no".into() }),
        ),
        (
            "created",
            p.created_at.map_or("-".into(), |t| t.to_string()),
        ),
    ]
}
