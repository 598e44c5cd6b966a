//! Where the operator has been. The stack is the path they took: Enter and the
//! `:` commands put a screen on top of where they are, each level keeping its
//! selection, filter and scroll, and Esc returns to exactly what was below. A
//! command to a screen already on the path returns to it rather than stacking it
//! twice (as k9s does). `-` toggles to the last view shown before this one.

use super::screens::{Level, Screen, Subject};
use super::update::{ensure_loaded, error, info};
use super::{App, Dispatch};

/// The path as it was before the last move, for `-`.
#[derive(Debug, Default)]
pub struct Trail {
    last: Option<Vec<Level>>,
}

/// Moves the operator with `step`; the path before it is kept for `-` when the
/// screens on it changed. `step`'s error leaves everything as it was.
pub(crate) fn moving<T>(app: &mut App, step: impl FnOnce(&mut App) -> T) -> T {
    let before = light_copy(&mut app.stack);
    let done = step(app);
    if !same_screens(&before, &app.stack) {
        app.trail.last = Some(before);
    }
    done
}

/// Opens `screen` on top of the one shown (Enter, `i`, a command's new screen).
pub(crate) fn push(app: &mut App, screen: Screen, io: &mut dyn Dispatch) {
    moving(app, |app| {
        ensure_loaded(app, &screen, io);
        app.stack.push(Level::new(screen));
    });
    app.refresh_rows();
}

/// Esc: returns to the screen below, as it was left.
pub(crate) fn back(app: &mut App, io: &mut dyn Dispatch) {
    if app.stack.len() < 2 {
        return;
    }
    moving(app, |app| app.stack.pop());
    let screen = app.screen().clone();
    ensure_loaded(app, &screen, io);
    app.refresh_rows();
}

/// A command's screen: nothing when it is the one shown, the level it is on when
/// it is lower on the path (its other tab, for a node's tab), else pushed on top.
pub(crate) fn go(app: &mut App, screen: Screen, io: &mut dyn Dispatch) {
    moving(app, |app| {
        // A path of another tenant is left for this one's (from the tenants list).
        if app.stack.iter().any(|l| {
            l.screen
                .tenant()
                .is_some_and(|t| Some(t) != screen.tenant())
        }) {
            app.stack.truncate(1);
        }
        match app
            .stack
            .iter()
            .rposition(|l| same_place(&l.screen, &screen))
        {
            Some(at) => {
                app.stack.truncate(at + 1);
                if let Screen::Node { tab, .. } = &screen {
                    super::tabs::switch_to(app, *tab);
                }
            }
            None => app.stack.push(Level::new(screen)),
        }
    });
    // Lists that load on open do so whichever way they were reached.
    let shown = app.screen().clone();
    ensure_loaded(app, &shown, io);
    app.refresh_rows();
}

/// `:tenant NAME`, `:tenants`: the path starts over, from the tenants list.
pub(crate) fn start_over(app: &mut App, screen: Option<Screen>, io: &mut dyn Dispatch) {
    moving(app, |app| {
        app.stack.truncate(1);
        if let Some(screen) = screen {
            ensure_loaded(app, &screen, io);
            app.stack.push(Level::new(screen));
        }
    });
    app.refresh_rows();
}

/// Goes to the view shown before this one, as it was left; pressed again, comes
/// back. After Esc that is the view Esc left (k9s's "last view").
pub(crate) fn previous(app: &mut App, io: &mut dyn Dispatch) {
    let Some(mut path) = app.trail.last.take() else {
        info(
            app,
            "no previous view yet: - returns to the last view shown before this one",
        );
        return;
    };
    let shown = path.last().map_or(Screen::Tenants, |l| l.screen.clone());
    if let Err(why) = app.screen_offer(&shown) {
        app.trail.last = Some(path);
        return error(app, why.reason(), Some(why.hint()));
    }
    std::mem::swap(&mut app.stack, &mut path);
    for level in &mut path {
        level.rows = Vec::new();
        level.rows_key = None;
    }
    app.trail.last = Some(path);
    ensure_loaded(app, &shown, io);
    app.refresh_rows();
}

/// Enter: the selection's own screen (a tenant's, a node's, a person's details),
/// on top of the list it was chosen from.
pub(crate) fn drill_in(app: &mut App, io: &mut dyn Dispatch) {
    let level = app.level();
    let Some(row) = level.selected_row() else {
        return;
    };
    let next = match &level.screen {
        Screen::Tenants => {
            if let Some(why) = &app.tenants[row].setup_error {
                let why = why.clone();
                let help = app.keymap.named(super::keymap::Action::Help);
                // A demo tenant has no profile in the config to fix.
                let hint = if app.surroundings.sandbox {
                    format!("the log says why the sandbox could not serve it ({help} shows where)")
                } else {
                    format!("fix the profile in the config file ({help} shows where)")
                };
                error(app, why, Some(hint));
                return;
            }
            app.tenants[row].opening_screen(row)
        }
        Screen::Nodes {
            tenant,
            level,
            parent,
        } => {
            let t = &app.tenants[*tenant];
            let Some(node) = t
                .nodes(*level, parent.as_deref())
                .and_then(|n| n.data.as_ref())
                .and_then(|n| n.get(row))
            else {
                return;
            };
            match super::update::into_node(t.schema(), *tenant, *level, &node.id) {
                Some(next) => next,
                None => return,
            }
        }
        screen @ (Screen::Node { tenant, .. } | Screen::View { tenant, .. }) => {
            let Some(person) = app.tenants[*tenant]
                .parties(screen)
                .and_then(|p| p.data.as_ref())
                .and_then(|p| p.get(row))
            else {
                return;
            };
            Screen::Detail {
                tenant: *tenant,
                subject: Subject::Party(person.id().to_owned()),
            }
        }
        Screen::Approvals { tenant } => {
            let Some(approval) = app.tenants[*tenant]
                .approvals
                .list
                .data
                .as_ref()
                .and_then(|a| a.get(row))
            else {
                return;
            };
            Screen::Detail {
                tenant: *tenant,
                subject: Subject::Approval(approval.id.clone()),
            }
        }
        Screen::Detail { .. } | Screen::Messages | Screen::Requests => return,
    };
    if let Err(why) = app.screen_offer(&next) {
        error(app, why.reason(), Some(why.hint()));
        return;
    }
    push(app, next, io);
}

/// The same screen, or the same node (on any of its tabs).
fn same_place(on_stack: &Screen, wanted: &Screen) -> bool {
    match (on_stack, wanted) {
        (
            Screen::Node {
                tenant, level, id, ..
            },
            Screen::Node {
                tenant: t,
                level: l,
                id: i,
                ..
            },
        ) => tenant == t && level == l && id == i,
        _ => on_stack == wanted,
    }
}

fn same_screens(a: &[Level], b: &[Level]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.screen == b.screen)
}

/// The path without its computed rows (a list's may be 100k long): they are
/// computed again when the path is shown.
fn light_copy(stack: &mut [Level]) -> Vec<Level> {
    stack
        .iter_mut()
        .map(|level| {
            let rows = std::mem::take(&mut level.rows);
            let copy = Level {
                rows_key: None,
                ..level.clone()
            };
            level.rows = rows;
            copy
        })
        .collect()
}
