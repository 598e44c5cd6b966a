//! A list's title: what it is, whose, and how many rows it holds, or how far
//! its reading has come (a list still arriving, read page by page, or
//! collected from another listing).

use crate::api::schema::LevelId;
use crate::app::paging;
use crate::app::screens::{Level, Screen};
use crate::app::{App, Tenant};

use super::shown;

pub(super) fn title_of(app: &App, level: &Level) -> String {
    let title = plain_title(app, level);
    let title = if level.filter.is_empty() {
        title
    } else {
        format!("{title} matching /{}", level.filter)
    };
    shown::string(&title)
}

/// Where the cursor is among the rows held, "1,204 of 100,000", drawn at the
/// right of the title's rule: the count on the left says what the list holds
/// (or how far its reading has come), this says where the operator is in it.
pub(super) fn position(level: &Level) -> Option<String> {
    let total = level.rows.len();
    if total == 0 || matches!(level.screen, Screen::Detail { .. }) {
        return None;
    }
    let at = (level.selected + 1).min(total);
    let text = format!(
        "{} of {}",
        paging::thousands(at as u64),
        paging::thousands(total as u64)
    );
    Some(match level.filter.is_empty() {
        true => text,
        false => format!("{text} matching"),
    })
}

fn plain_title(app: &App, level: &Level) -> String {
    let tenant = level.screen.tenant().and_then(|t| app.tenants.get(t));
    let name = tenant.map_or("", |t| t.profile.as_str());
    let schema = tenant.map_or_else(crate::backends::schema, |t| t.schema());
    // While a long list is still arriving only its first rows are held.
    let arriving = tenant
        .and_then(|t| t.parties(&level.screen))
        .is_some_and(|p| p.is_partial());
    let count = if arriving {
        format!("{} so far", level.rows.len())
    } else {
        level.rows.len().to_string()
    };
    match &level.screen {
        Screen::Tenants => format!("Tenants ({})", level.rows.len()),
        Screen::Nodes {
            level: of, parent, ..
        } => {
            let title = schema.level(*of).map_or("", |l| l.title);
            let count = match (tenant, parent) {
                (Some(t), Some(_)) => paging::Paged::of_screen(t, &level.screen)
                    .and_then(|list| paged_count(t, level, &list))
                    .unwrap_or(count),
                (Some(t), None) => collected_count(t, level, *of).unwrap_or(count),
                _ => count,
            };
            match parent {
                Some(parent) => {
                    let above = tenant
                        .and_then(|t| t.org(parent))
                        .map_or(parent.as_str(), |o| o.name.as_str());
                    format!("{above}: {title} ({count})")
                }
                None => format!("{name}: {title} ({count})"),
            }
        }
        Screen::View { view, .. } => {
            let label = schema.view(*view).map_or("", |v| v.label);
            let count = tenant
                .and_then(|t| Some((t, paging::Paged::of_screen(t, &level.screen)?)))
                .and_then(|(t, list)| paged_count(t, level, &list))
                .unwrap_or(count);
            format!("{name}: {label} ({count})")
        }
        Screen::Node { level, id, tab, .. } => {
            let org_name = tenant
                .and_then(|t| t.org(id))
                .map_or(id.as_str(), |o| o.name.as_str());
            let tabs: Vec<String> = schema
                .level(*level)
                .map(|l| l.tabs)
                .unwrap_or_default()
                .iter()
                .map(|t| match t.id == *tab {
                    true => format!("[{}]", t.label),
                    false => t.label.to_owned(),
                })
                .collect();
            format!("{org_name}: {} ({count})", tabs.join(" "))
        }
        Screen::Approvals { .. } => {
            let label = schema.approvals.map_or("", |q| q.label);
            format!("{name}: {label} ({count})")
        }
        Screen::Detail { .. } => "Details".to_owned(),
        Screen::Messages => format!("Messages of this run, newest first ({count})"),
        Screen::Requests => format!("Requests of this run, newest first ({count})"),
    }
}

/// The count of a list read page by page: how far its pages have come while
/// more are to come ("loaded 1,250 of 100,000"), and the server's search
/// matches beyond them while a filter holds.
fn paged_count(t: &Tenant, at: &Level, list: &paging::Paged) -> Option<String> {
    let pages = paging::pages(t, list)?;
    if !at.filter.is_empty() {
        let found = pages
            .search
            .found
            .as_ref()
            .map_or(0, |_| at.rows.iter().filter(|&&i| i >= pages.paged).count());
        return (found > 0).then(|| {
            let here = at.rows.len() - found;
            format!("{here} loaded, {found} found by the server")
        });
    }
    let progress = paging::progress(t, list)?;
    Some(match pages.to_end {
        true => format!("{progress}, Esc stops"),
        false => progress,
    })
}

/// The count of a list still being collected: its rows so far and how far the
/// reading has come ("12 so far; reading customers… 400 of 1,250").
fn collected_count(t: &Tenant, at: &Level, level: LevelId) -> Option<String> {
    let status = crate::app::collect::status(t, level)?;
    Some(match t.orgs.is_partial() {
        true => format!("{} so far; {status}", at.rows.len()),
        false => format!("{}; {status}", at.rows.len()),
    })
}
