//! How each message changes the console's state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::actions;
use super::answers;
use super::approvals;
use super::command::{self, CommandLine};
use super::dialog::{Confirmed, Dialog};
use super::form;
use super::keymap::Action;
use super::offers::Unoffered;
use super::quit::{quit, quit_question_key};
use super::screens::{Level, Screen};
use super::{App, Dispatch, Msg, NoticeKind, Overlay, Purpose};

pub(crate) use super::loads::{auto_reloads, ensure_loaded, load, reloads};
use super::paging;

/// Applies one message. Returns whether anything visible may have changed.
pub fn update(app: &mut App, msg: Msg, io: &mut dyn Dispatch) -> bool {
    app.now = std::time::Instant::now();
    let changed = apply(app, msg, io);
    super::scroll::follow(app);
    // Whatever moved the rows or freed a read, the counts on screen follow.
    super::counts::ask(app, io);
    changed
}

fn apply(app: &mut App, msg: Msg, io: &mut dyn Dispatch) -> bool {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Release => false,
        Msg::Key(key) => {
            on_key(app, key, io);
            true
        }
        Msg::Paste(text) => {
            let filtering = app.level().filtering;
            match &mut app.overlay {
                Some(Overlay::Form(form)) => form.paste(&text),
                Some(Overlay::Command(line)) => command::paste(line, &text),
                Some(Overlay::Dialog(dialog)) => return dialog.paste(&text),
                None if filtering => super::filtering::paste_filter(app, &text),
                _ => return false,
            }
            true
        }
        Msg::Resize(width, height) => {
            app.size = (width, height);
            true
        }
        Msg::Tick => {
            let requests = app.requests.len();
            paging::tick(app, io);
            form::search_tick(app, io);
            auto_refresh(app, io);
            let clock = app.load_state();
            let submitting =
                matches!(&app.overlay, Some(Overlay::Form(f)) if f.submitting.is_some());
            let wait = app.waits.text(app.now);
            let changed = clock != app.shown_clock
                || wait != app.shown_wait
                || submitting
                || app.requests.len() != requests;
            app.shown_clock = clock;
            app.shown_wait = wait;
            changed
        }
        Msg::Client { tenant, event } => answers::on_client(app, tenant, *event, io),
    }
}

/// Every notice is also kept for `:messages`.
pub(crate) fn info(app: &mut App, text: impl Into<String>) {
    super::messages::notify(app, NoticeKind::Info, text.into(), None);
}

pub(crate) fn error(app: &mut App, text: impl Into<String>, hint: Option<String>) {
    super::messages::notify(app, NoticeKind::Error, text.into(), hint);
}

/// Asks every tenant who we are there (and so whether it answers, and how fast).
pub fn start(app: &mut App, io: &mut dyn Dispatch) {
    for tenant in 0..app.tenants.len() {
        if app.tenants[tenant].setup_error.is_none() {
            let started = app.now;
            load(app, tenant, Purpose::Me { started }, io);
        }
    }
}

/// A tenant whose client started after the console did (its embedded sandbox
/// came up in the background): asks who we are there. A screen of it the operator
/// opened meanwhile waited for that answer, as any list waits for the role, and is
/// loaded when it comes.
pub fn connected(app: &mut App, tenant: usize, io: &mut dyn Dispatch) {
    if app
        .tenants
        .get(tenant)
        .is_none_or(|t| t.setup_error.is_some())
    {
        return;
    }
    let started = app.now;
    load(app, tenant, Purpose::Me { started }, io);
}

/// Opens a tenant directly (a single profile, or `--profile`).
pub fn open_tenant(app: &mut App, tenant: usize, io: &mut dyn Dispatch) {
    app.stack.truncate(1);
    let screen = app.tenants[tenant].opening_screen(tenant);
    ensure_loaded(app, &screen, io);
    app.stack.push(Level::new(screen));
    app.refresh_rows();
}

fn refresh(app: &mut App, io: &mut dyn Dispatch, auto: bool) {
    match app.screen().tenant() {
        Some(tenant) => {
            // A role that could not be learnt is asked again: the lists follow it.
            let t = &app.tenants[tenant];
            if t.me.data.is_none() && !t.me.is_loading() && t.setup_error.is_none() {
                let started = app.now;
                load(app, tenant, Purpose::Me { started }, io);
            }
            let purposes = if auto {
                auto_reloads(app, tenant)
            } else {
                super::counts::forget(app, tenant, io);
                reloads(app, tenant)
            };
            for purpose in purposes {
                load(app, tenant, purpose, io);
            }
        }
        None => start(app, io),
    }
}

fn auto_refresh(app: &mut App, io: &mut dyn Dispatch) {
    if app.overlay.is_some() {
        return;
    }
    let every = app.refresh_every;
    let now = app.now;
    match app.screen().tenant() {
        Some(tenant) => {
            let t = &app.tenants[tenant];
            if t.orgs.is_due(now, every) && t.people.is_due(now, every) {
                refresh(app, io, true);
            }
        }
        None => {
            for tenant in 0..app.tenants.len() {
                let t = &app.tenants[tenant];
                if t.setup_error.is_none() && t.me.is_due(now, every) {
                    load(app, tenant, Purpose::Me { started: now }, io);
                }
            }
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent, io: &mut dyn Dispatch) {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        // Asked once while a write is in flight; a second ctrl-c insists.
        if app.quit_question.is_some() {
            app.quit = true;
        } else {
            quit(app);
        }
        return;
    }
    if let Some(question) = app.quit_question.take() {
        quit_question_key(app, question, key);
        return;
    }
    app.level_mut().last_row_pending = false;
    match app.overlay.take() {
        Some(Overlay::Form(form)) => form::form_key(app, form, key, io),
        Some(Overlay::Dialog(dialog)) => dialog_key(app, dialog, key, io),
        Some(Overlay::Command(line)) => command::command_key(app, line, key, io),
        Some(Overlay::Help { scroll }) => {
            // The keys bound to up and down scroll it, as help's title says.
            let action = app.keymap.action(&key);
            app.overlay = match (key.code, action) {
                (KeyCode::Down, _) | (_, Some(Action::Down)) => {
                    Some(Overlay::Help { scroll: scroll + 1 })
                }
                (KeyCode::Up, _) | (_, Some(Action::Up)) => Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                }),
                _ => None,
            };
        }
        None if app.level().filtering => super::filtering::filter_key(app, key),
        None if key.code == KeyCode::Esc && paging::stop(app, io) => {}
        None if key.code == KeyCode::Esc && app.waits.showing(app.now) => {
            let stopped = app.waits.stop(app.now, io);
            let reloads = app.keymap.named(Action::Refresh);
            info(
                app,
                format!(
                    "Stopped waiting: {stopped} read{} cancelled; {reloads} reloads",
                    if stopped == 1 { "" } else { "s" }
                ),
            );
        }
        None => {
            // A notice has been read once the operator moves on.
            app.notice = None;
            if let Some(action) = app.keymap.action(&key) {
                act(app, action, io);
            }
        }
    }
}

/// Says why a change key does nothing here.
fn refuse(app: &mut App, action: Action) {
    if app.current_tenant().is_some_and(|t| t.read_only) {
        error(
            app,
            "this profile is read-only: changes are refused",
            Some("use a profile without read_only = true".into()),
        );
    } else if action == Action::Approve && app.own_approval_selected() {
        approvals::refuse_own(app);
    } else if let Err(why @ Unoffered::Undeclared { .. }) = app.action_offer(action)
        && let Some(note) = app.note_on(action, &why)
    {
        // What the backend says it lacks altogether comes before who it applies to.
        error(app, why.reason(), Some(note));
    } else if action == Action::Delete
        && let Some(why) = app.kept_refusal()
    {
        error(
            app,
            why,
            Some("select a member to remove it; the list is replaced without it".into()),
        );
    } else if action == Action::Delete
        && let Some((why, role)) = app.last_refusal()
    {
        error(app, why, Some(super::last::hint(role)));
    } else if matches!(action, Action::Delete | Action::Resend)
        && let Some((text, hint)) = super::invitations::not_pending(app, action == Action::Delete)
    {
        error(app, text, Some(hint));
    } else if action == Action::Suspend
        && app.action_offer(action).is_ok()
        && let Some(note) = app.current_tenant().and_then(|t| {
            let notes = t.schema().notes;
            notes.iter().find(|(about, _)| *about == "suspension")
        })
    {
        error(app, note.1, None);
    } else if let Some((tenant, person)) = app.selected_person()
        && matches!(action, Action::Delete | Action::Resend)
        && !(action == Action::Delete && app.delete_removes())
        && person.state != crate::api::model::MemberState::Invited
    {
        // Why it does not apply to this person, before what the backend offers.
        let schema = app.tenants[tenant].schema();
        let text = format!(
            "{} is {}, not pending: only invites can be {}",
            person.label(schema),
            person.state_text(schema),
            if action == Action::Delete {
                "revoked"
            } else {
                "resent"
            }
        );
        let hint = actions::suspend_hint(app);
        error(app, text, Some(hint));
    } else if let Err(why) = app.action_offer(action) {
        error(app, why.reason(), Some(why.hint()));
    }
}

fn act(app: &mut App, action: Action, io: &mut dyn Dispatch) {
    if action.is_mutation() && !app.action_available(action) {
        return refuse(app, action);
    }
    if action != Action::Bottom {
        paging::navigated(app);
    }
    if action == Action::Bottom && paging::bottom(app, io) {
        return;
    }
    move_or_act(app, action, io);
    if matches!(
        action,
        Action::Down | Action::PageDown | Action::Bottom | Action::Back
    ) {
        paging::near_end(app, io, true);
    }
}

fn move_or_act(app: &mut App, action: Action, io: &mut dyn Dispatch) {
    match action {
        Action::Up => app.level_mut().move_by(-1),
        Action::Down => app.level_mut().move_by(1),
        Action::PageUp => super::scroll::page(app, false),
        Action::PageDown => super::scroll::page(app, true),
        Action::Top => app.level_mut().selected = 0,
        Action::Bottom => {
            let screen = app.screen();
            let arriving = app
                .current_tenant()
                .and_then(|t| t.parties(screen))
                .is_some_and(|p| p.is_partial());
            let level = app.level_mut();
            level.selected = level.rows.len().saturating_sub(1);
            level.last_row_pending = arriving;
        }
        Action::Enter => super::trail::drill_in(app, io),
        Action::Details => actions::details(app, io),
        Action::Back => {
            if !app.level().filter.is_empty() {
                super::filtering::clear_filter(app);
            } else {
                super::trail::back(app, io);
            }
        }
        Action::NextTab => super::tabs::next(app, io),
        Action::Filter => {
            if !matches!(app.screen(), Screen::Detail { .. }) {
                super::filtering::start_filter(app);
            }
        }
        Action::Command => app.overlay = Some(Overlay::Command(CommandLine::default())),
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Refresh => refresh(app, io, false),
        Action::Quit => quit(app),
        Action::New => actions::new_form(app, io),
        Action::Edit => actions::edit_form(app),
        Action::Suspend => actions::suspend(app),
        Action::Delete => actions::delete(app),
        Action::Resend => actions::resend(app, io),
        Action::Approve => approvals::decide(app, true),
        Action::Reject => approvals::decide(app, false),
        Action::Mark => super::replace::mark(app),
        Action::Previous => super::trail::previous(app, io),
        Action::Copy => super::clipboard::copy(app, false),
        Action::CopyRow => super::clipboard::copy(app, true),
        Action::Sort => super::sort::cycle(app),
        Action::ColumnLeft => super::sort::move_column(app, -1),
        Action::ColumnRight => super::sort::move_column(app, 1),
    }
}

/// Where Enter on a node leads: the level below it (an organization's
/// enterprises), else its first member tab; nowhere for a level with neither.
pub(crate) fn into_node(
    schema: &crate::api::schema::Schema,
    tenant: usize,
    level: crate::api::schema::LevelId,
    id: &str,
) -> Option<Screen> {
    if let Some(child) = schema.levels.iter().find(|l| l.parent == Some(level)) {
        return Some(Screen::Nodes {
            tenant,
            level: child.id,
            parent: Some(id.to_owned()),
        });
    }
    let tab = schema.level(level)?.tabs.first()?;
    Some(Screen::Node {
        tenant,
        level,
        id: id.to_owned(),
        tab: tab.id,
    })
}

fn dialog_key(app: &mut App, mut dialog: Box<Dialog>, key: KeyEvent, io: &mut dyn Dispatch) {
    match key.code {
        KeyCode::Esc => return,
        KeyCode::Tab | KeyCode::BackTab => dialog.confirm_focused = !dialog.confirm_focused,
        KeyCode::Enter if dialog.confirm_focused && dialog.can_confirm() => {
            match &dialog.confirmed {
                Confirmed::Send {
                    tenant,
                    operation,
                    done,
                } => {
                    if let Some(id) = io.send(*tenant, operation.clone()) {
                        let what = dialog.title.trim_end_matches('?').to_owned();
                        app.requests.insert(
                            (*tenant, id),
                            Purpose::Action {
                                what: what.clone(),
                                done: done.clone(),
                                op: Box::new(operation.clone()),
                            },
                        );
                        info(app, format!("{what}…"));
                    }
                }
                Confirmed::Quit => app.quit = true,
                Confirmed::Replace(replace) => {
                    super::replace::confirmed(app, (**replace).clone(), io)
                }
            }
            return;
        }
        KeyCode::Enter if !dialog.confirm_focused => return,
        // Left/Right move the caret in the name typed, and switch buttons elsewhere.
        _ if dialog.type_key(key) => {}
        KeyCode::Left | KeyCode::Right => dialog.confirm_focused = !dialog.confirm_focused,
        KeyCode::Char('y') => dialog.confirm_focused = true,
        KeyCode::Char('n') => return,
        _ => {}
    }
    app.overlay = Some(Overlay::Dialog(dialog));
}
