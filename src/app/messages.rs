//! `:messages` (every notice and error of the run) and `:requests` (every call
//! the console made), newest first: how notices and calls are logged, and the
//! screens that list them (with `/` and scrolling as every list has).

use crate::api::client::{Called, ClientEvent, RequestId};

use super::logbook::{Call, Message};
use super::screens::{Level, Screen};
use super::{App, Notice, NoticeKind};

/// Whose answer is being taken in, so that a notice it causes names the tenant
/// and the server's id of the request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answering {
    pub tenant: usize,
    pub request_id: Option<String>,
}

pub(crate) fn open_messages(app: &mut App) {
    open(app, Screen::Messages);
}

pub(crate) fn open_requests(app: &mut App) {
    open(app, Screen::Requests);
}

/// Opened again from itself, it is the same screen: nothing is stacked twice.
fn open(app: &mut App, screen: Screen) {
    if *app.screen() != screen {
        app.stack.push(Level::new(screen));
    }
    app.refresh_rows();
}

/// Shows a notice in the status line and keeps it in the log.
pub(crate) fn notify(app: &mut App, kind: NoticeKind, text: String, hint: Option<String>) {
    let (tenant, request_id) = match &app.answering {
        Some(answering) => (
            app.tenants.get(answering.tenant).map(|t| t.profile.clone()),
            answering.request_id.clone(),
        ),
        None => (None, None),
    };
    let at = (app.wall_clock)();
    app.messages.push(Message::new(
        at,
        kind,
        (text.clone(), hint.clone()),
        tenant,
        request_id,
    ));
    app.notice = Some(Notice { kind, text, hint });
    logged(app, &Screen::Messages);
}

/// An error shown elsewhere than the status line (under the command line),
/// kept in the log all the same; handed back to be shown.
pub(crate) fn kept_error(app: &mut App, text: String) -> String {
    let at = (app.wall_clock)();
    let message = Message::new(at, NoticeKind::Error, (text.clone(), None), None, None);
    app.messages.push(message);
    logged(app, &Screen::Messages);
    text
}

/// A notice shown before the console ran (a bad config entry), kept in the log
/// without taking the status line from the first of them.
pub(crate) fn log_warning(app: &mut App, text: String, hint: Option<String>) {
    let at = (app.wall_clock)();
    let message = Message::new(at, NoticeKind::Error, (text, hint), None, None);
    app.messages.push(message);
}

/// An HTTP exchange finished; whether the screen shows it (the request log is
/// open), so a run of calls redraws only where they are seen.
pub(crate) fn called(app: &mut App, tenant: usize, called: Called) -> bool {
    let profile = app
        .tenants
        .get(tenant)
        .map_or_else(String::new, |t| t.profile.clone());
    let at = (app.wall_clock)();
    app.calls.push(Call::new(at, tenant, profile, called));
    logged(app, &Screen::Requests);
    *app.screen() == Screen::Requests
}

/// The server's id of the request an event answers: the one its refusal
/// quotes, else the last its exchanges were given.
pub(crate) fn answered_id(app: &App, tenant: usize, event: &ClientEvent) -> Option<String> {
    let ClientEvent::Finished { id, result, .. } = event else {
        return None;
    };
    let quoted = result
        .as_ref()
        .err()
        .and_then(|err| err.problem())
        .and_then(|problem| problem.request_id.clone());
    quoted.or_else(|| last_request_id(app, tenant, *id))
}

/// A write's own call (not the reads that check it) names it; else the last.
fn last_request_id(app: &App, tenant: usize, id: RequestId) -> Option<String> {
    let named = || {
        app.calls
            .iter_newest()
            .filter(|call| call.answers(tenant, id) && call.called.request_id.is_some())
    };
    named()
        .find(|call| call.called.method != "GET")
        .or_else(|| named().next())
        .and_then(|call| call.called.request_id.clone())
}

/// Rows of a log screen held as positions from the newest entry: one logged
/// moves every position by one, so the screens showing that log are worked
/// out again, the cursor left on its entry (or on the newest, if it was there).
fn logged(app: &mut App, log: &Screen) {
    for index in 0..app.stack.len() {
        if app.stack[index].screen != *log {
            continue;
        }
        let level = &app.stack[index];
        let kept = level
            .selected_row()
            .filter(|_| level.selected > 0)
            .map(|row| row + 1);
        let mut level = level.clone();
        level.rows_key = None;
        let rows = app.compute_rows(&level);
        let level = &mut app.stack[index];
        level.rows = rows;
        level.rows_key = Some((level.screen.clone(), 0, level.filter.to_lowercase()));
        level.selected = match kept {
            Some(row) => level.rows.binary_search(&row).unwrap_or_else(|at| at),
            None => 0,
        };
        level.clamp();
    }
}

/// The breadcrumb of a screen of no tenant.
pub(crate) fn crumb(screen: &Screen) -> &'static str {
    match screen {
        Screen::Messages => "Messages",
        Screen::Requests => "Requests",
        _ => "Tenants",
    }
}

impl App {
    /// How many entries a log screen's source holds.
    pub(crate) fn log_len(&self, screen: &Screen) -> usize {
        match screen {
            Screen::Messages => self.messages.len(),
            Screen::Requests => self.calls.len(),
            _ => 0,
        }
    }

    /// Whether the entry `back` places from the newest of a log screen's source
    /// holds `needle` (lower-cased).
    pub(crate) fn log_matches(&self, screen: &Screen, back: usize, needle: &str) -> bool {
        let haystack = match screen {
            Screen::Messages => self.messages.newest(back).map(|m| m.haystack.as_str()),
            Screen::Requests => self.calls.newest(back).map(|c| c.haystack.as_str()),
            _ => None,
        };
        haystack.is_some_and(|text| needle.is_empty() || text.contains(needle))
    }
}
