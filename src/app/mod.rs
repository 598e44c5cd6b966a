//! The console's state and its update logic: one message at a time (a key, a client
//! result, a tick) changes the state; drawing reads it. Nothing here awaits or
//! draws; requests go out through [`Dispatch`], so tests can drive the whole
//! console with key sequences and canned answers.

mod actions;
mod answers;
pub mod approvals;
pub mod clipboard;
pub mod collect;
pub mod command;
pub mod counts;
mod crumbs;
pub mod dialog;
pub mod export;
pub mod filtering;
pub mod form;
pub mod health;
pub mod history;
mod invitations;
pub mod keymap;
mod last;
mod leftovers;
pub mod line;
mod listed;
mod loads;
pub mod logbook;
mod matching;
pub mod messages;
pub mod offers;
pub mod paging;
mod purpose;
pub(crate) use purpose::Purpose;
mod quit;
pub mod remote;
pub mod replace;
mod rows;
mod rows_memo;
pub mod screens;
pub mod scroll;
pub mod sort;
mod streaming;
mod submitted;
mod tabs;
mod tenant;
mod tenant_index;
mod trail;
mod update;
pub mod waits;
mod warnings;
pub mod when;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use crate::api::client::{ClientEvent, RequestId};
use crate::api::model::{MemberState, Node, Operation, Party};

use command::CommandLine;
use dialog::Dialog;
use form::Form;
use keymap::Keymap;
use screens::{Level, Screen};

pub use tenant::{OrgCounts, Tenant};
pub use update::{connected, open_tenant, start, update};

/// Sends requests for the console. The real one talks to client tasks; tests record.
pub trait Dispatch {
    /// None when the tenant has no working client (its set-up failed).
    fn send(&mut self, tenant: usize, op: Operation) -> Option<RequestId>;
    fn cancel(&mut self, tenant: usize, id: RequestId);

    /// Re-reads data the console already holds; may answer `Reply::Unchanged`.
    fn refresh(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        self.send(tenant, op)
    }

    /// Reads a long list whose rows may arrive as they are decoded
    /// (`ClientEvent::Rows`, then `Reply::Streamed`); conditional with `refresh`.
    fn stream(&mut self, tenant: usize, op: Operation, refresh: bool) -> Option<RequestId> {
        if refresh {
            self.refresh(tenant, op)
        } else {
            self.send(tenant, op)
        }
    }

    /// Reads one page of a list (the one `op`'s cursor names, else the first),
    /// answered with the next page's cursor; for lists read as the operator scrolls.
    fn page(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        self.send(tenant, op)
    }

    /// Writes a file the operator asked for (`:export`), relative to the current
    /// directory; an existing file is an `AlreadyExists` error unless `overwrite`.
    /// Answers the file's absolute path.
    fn write_file(
        &mut self,
        path: &std::path::Path,
        bytes: &[u8],
        overwrite: bool,
    ) -> std::io::Result<PathBuf>;
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passed: spinners, "updated 12s ago", auto-refresh.
    Tick,
    Client {
        tenant: usize,
        event: Box<ClientEvent>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

/// A one-line message in the status bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    pub hint: Option<String>,
}

#[derive(Debug)]
pub enum Overlay {
    Help { scroll: u16 },
    Command(CommandLine),
    Dialog(Box<Dialog>),
    Form(Box<Form>),
}

/// What the console knows about its surroundings, for the header and help.
#[derive(Debug, Clone, Default)]
pub struct Surroundings {
    pub sandbox: bool,
    pub config_file: PathBuf,
    pub log_file: PathBuf,
    /// Problems found in the config (bad keymap entries...), shown once at start.
    pub warnings: Vec<String>,
    pub no_color: bool,
    /// The config's `clipboard`: whether `y` and `Y` copy.
    pub clipboard: crate::config::Clipboard,
}

pub struct App {
    pub tenants: Vec<Tenant>,
    pub stack: Vec<Level>,
    pub overlay: Option<Overlay>,
    /// "Quit with a change in flight?", drawn over everything: whatever it covers
    /// (a form still submitting) keeps receiving its answer.
    pub quit_question: Option<Box<Dialog>>,
    pub notice: Option<Notice>,
    pub keymap: Keymap,
    pub surroundings: Surroundings,
    pub now: Instant,
    /// Where the calendar time comes from, for "3d ago": the system clock; tests
    /// pin it so that server timestamps read the same on every run.
    pub wall_clock: fn() -> jiff::Timestamp,
    pub size: (u16, u16),
    pub refresh_every: Duration,
    /// How long a filter's typing rests before the server's search is asked.
    pub search_after: Duration,
    pub quit: bool,
    pub(crate) requests: HashMap<(usize, RequestId), Purpose>,
    /// The load-state text last shown, so a tick redraws only when it changes.
    pub(crate) shown_clock: Option<(String, bool)>,
    /// Reads waiting out a long `Retry-After`, counted down in the status line.
    pub waits: waits::Waits,
    /// The countdown last shown, for the same reason as `shown_clock`.
    pub(crate) shown_wait: Option<String>,
    /// The background reads of list cells that count a node's tab.
    pub(crate) counts: counts::Counts,
    /// Member replaces waiting on a request (the tab read again, or the replace
    /// itself), by that request.
    pub(crate) replaces: HashMap<(usize, RequestId), Box<replace::Replace>>,
    /// What was typed at `:` and `/` before.
    pub history: history::History,
    /// The `/` line being edited: its text is the level's `filter`, kept in step.
    pub filter_line: line::TextLine,
    pub(crate) filter_recall: history::Recall,
    /// The path shown before the last move, for `-`.
    pub(crate) trail: trail::Trail,
    /// Text `y` or `Y` copied, for the runtime to hand the terminal (OSC 52).
    pub clipboard: Option<String>,
    /// Every notice of the run, for `:messages`.
    pub messages: logbook::Logged<logbook::Message>,
    /// Every HTTP exchange of the run, for `:requests`.
    pub calls: logbook::Logged<logbook::Call>,
    /// The answer being taken in, which the notices it causes name.
    pub(crate) answering: Option<messages::Answering>,
}

impl App {
    pub fn new(tenants: Vec<Tenant>, keymap: Keymap, surroundings: Surroundings) -> App {
        let mut app = App {
            tenants,
            stack: vec![Level::new(Screen::Tenants)],
            overlay: None,
            quit_question: None,
            notice: None,
            keymap,
            surroundings,
            now: Instant::now(),
            wall_clock: jiff::Timestamp::now,
            size: (80, 24),
            refresh_every: Duration::from_secs(30),
            search_after: paging::SEARCH_AFTER,
            quit: false,
            requests: HashMap::new(),
            shown_clock: None,
            waits: waits::Waits::default(),
            shown_wait: None,
            counts: counts::Counts::default(),
            replaces: HashMap::new(),
            history: history::History::default(),
            filter_line: line::TextLine::default(),
            filter_recall: history::Recall::default(),
            trail: trail::Trail::default(),
            clipboard: None,
            messages: Default::default(),
            calls: Default::default(),
            answering: None,
        };
        warnings::report(&mut app);
        app.refresh_rows();
        app
    }

    pub fn level(&self) -> &Level {
        // The stack always holds the tenants level at the bottom.
        self.stack.last().unwrap_or(&self.stack[0])
    }

    pub(crate) fn level_mut(&mut self) -> &mut Level {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    pub fn screen(&self) -> &Screen {
        &self.level().screen
    }

    /// The tenant the operator is working in, if any.
    /// The schema of the tenant on screen, or the default backend's off any tenant.
    pub fn schema(&self) -> &'static crate::api::schema::Schema {
        self.tenant_index()
            .and_then(|t| self.tenants.get(t))
            .map_or_else(crate::backends::schema, Tenant::schema)
    }

    pub fn tenant_index(&self) -> Option<usize> {
        self.screen().tenant().or_else(|| {
            matches!(self.screen(), Screen::Tenants)
                .then(|| self.level().selected_row())
                .flatten()
        })
    }

    pub fn current_tenant(&self) -> Option<&Tenant> {
        self.screen().tenant().and_then(|t| self.tenants.get(t))
    }

    /// The node under the cursor (or shown), in node screens.
    pub fn selected_org(&self) -> Option<(usize, &Node)> {
        let level = self.level();
        match &level.screen {
            Screen::Nodes {
                tenant,
                level: of,
                parent,
            } => {
                let row = level.selected_row()?;
                let nodes = self.tenants[*tenant].nodes(*of, parent.as_deref())?;
                Some((*tenant, nodes.data.as_ref()?.get(row)?))
            }
            Screen::Node { tenant, id, .. }
            | Screen::Detail {
                tenant,
                subject: screens::Subject::Node { id, .. },
            } => Some((*tenant, self.tenants[*tenant].org(id)?)),
            _ => None,
        }
    }

    /// The organization an action applies to: the selected one in the list, or the
    /// one whose details are shown (not the organization of a people screen: there
    /// actions apply to the selected person).
    pub fn org_target(&self) -> Option<(usize, &Node)> {
        self.selected_org()
            .filter(|_| matches!(self.screen(), Screen::Nodes { .. } | Screen::Detail { .. }))
    }

    /// The person under the cursor (or shown), in people screens.
    pub fn selected_person(&self) -> Option<(usize, &Party)> {
        let level = self.level();
        match &level.screen {
            screen @ (Screen::Node { tenant, .. } | Screen::View { tenant, .. }) => {
                let row = level.selected_row()?;
                let people = self.tenants[*tenant].parties(screen)?;
                Some((*tenant, people.data.as_ref()?.get(row)?))
            }
            Screen::Detail {
                tenant,
                subject: screens::Subject::Party(id),
            } => Some((*tenant, self.tenants[*tenant].person(id)?)),
            _ => None,
        }
    }

    /// Whether an action applies here and now and can work (footer and help show
    /// only these; see `offers` for what decides the second).
    pub fn action_available(&self, action: keymap::Action) -> bool {
        use keymap::Action as A;
        let screen = self.screen();
        let read_only = self.current_tenant().is_some_and(|t| t.read_only);
        if action.is_mutation() && (read_only || matches!(screen, Screen::Tenants)) {
            return false;
        }
        if self.action_offer(action).is_err() {
            return false;
        }
        match action {
            A::NextTab => matches!(screen, Screen::Node { .. }),
            A::New => matches!(
                screen,
                Screen::Nodes { .. } | Screen::Node { .. } | Screen::View { .. }
            ),
            A::Edit => self.org_target().is_some() || self.selected_person().is_some(),
            // Only where the schema declares what suspending sets.
            A::Suspend => match self.org_target() {
                Some((t, org)) => self.tenants[t]
                    .schema()
                    .level(org.level)
                    .is_some_and(|l| l.toggle.is_some()),
                None => {
                    self.selected_person().is_some()
                        && self
                            .current_tenant()
                            .is_some_and(|t| t.schema().party_toggle.is_some())
                }
            },
            A::Delete => {
                self.org_target().is_some()
                    || self.selected_person().is_some_and(|(_, p)| {
                        // The tab's owner is no member a replace could remove.
                        (self.delete_removes()
                            && self.kept_refusal().is_none()
                            && self.last_refusal().is_none())
                            || p.state == MemberState::Invited
                    })
            }
            A::Approve => self.selected_approval().is_some() && !self.own_approval_selected(),
            A::Reject => self.selected_approval().is_some(),
            A::Resend => self
                .selected_person()
                .is_some_and(|(_, p)| p.state == MemberState::Invited),
            // Marking is for a removal by replace, of members only.
            A::Mark => {
                !read_only
                    && matches!(screen, Screen::Node { .. })
                    && self.replaces_members()
                    && self.selected_person().is_some()
                    && self.kept_refusal().is_none()
            }
            A::Enter => !matches!(
                screen,
                Screen::Detail { .. } | Screen::Messages | Screen::Requests
            ),
            A::Filter => !matches!(screen, Screen::Detail { .. }),
            A::Details => {
                self.selected_org().is_some()
                    || self.selected_person().is_some()
                    || self.selected_approval().is_some()
            }
            A::Back => self.stack.len() > 1 || !self.level().filter.is_empty(),
            A::Copy | A::CopyRow => self.copy_offered(),
            _ => true,
        }
    }

    /// The writes whose answer has not arrived, named for the operator.
    pub fn writes_in_flight(&self) -> Vec<String> {
        let mut writes: Vec<String> = self
            .requests
            .iter()
            .filter_map(|((_, id), purpose)| match purpose {
                Purpose::Action { what, .. } => Some(what.clone()),
                Purpose::Submit => Some(match &self.overlay {
                    Some(Overlay::Form(form))
                        if form.submitting.map(|(sent, _)| sent) == Some(*id) =>
                    {
                        form.title.clone()
                    }
                    _ => "a form's change".to_owned(),
                }),
                _ => None,
            })
            .collect();
        writes.sort();
        writes
    }

    /// Loading (spinner and elapsed), loaded ("updated 12s ago") or failed ("STALE"),
    /// for the data the current screen shows; the bool is true when it is bad news.
    pub fn load_state(&self) -> Option<(String, bool)> {
        const SPINNER: [&str; 4] = ["⠋", "⠙", "⠹", "⠸"];
        let tenant = self.current_tenant()?;
        let people = tenant.parties(self.screen()).unwrap_or(&tenant.people);
        let mut parts: Vec<(&remote::Status, Option<Instant>)> =
            vec![(&people.status, people.updated)];
        // The lists wait for who-am-I: it is what is loading meanwhile.
        if tenant.role_pending() {
            parts.push((&tenant.me.status, None));
        }
        if let Screen::Nodes { level, parent, .. } = self.screen()
            && let Some(nodes) = tenant.nodes(*level, parent.as_deref())
        {
            parts.push((&nodes.status, nodes.updated));
        }
        if let Screen::Approvals { .. } = self.screen() {
            let queue = &tenant.approvals.list;
            parts.push((&queue.status, queue.updated));
        }
        if let Some(since) = parts.iter().find_map(|(s, _)| match s {
            remote::Status::Loading { since, .. } => Some(*since),
            _ => None,
        }) {
            let elapsed = self.now.saturating_duration_since(since);
            let frame = (elapsed.as_millis() / 100) as usize % SPINNER.len();
            return Some((
                format!("{} loading {:.1}s", SPINNER[frame], elapsed.as_secs_f64()),
                false,
            ));
        }
        if parts
            .iter()
            .any(|(s, _)| matches!(s, remote::Status::Failed { .. }))
        {
            return Some(("STALE".to_owned(), true));
        }
        let updated = parts.iter().filter_map(|(_, u)| *u).min()?;
        Some((
            format!(
                "updated {}",
                remote::ago(self.now.saturating_duration_since(updated))
            ),
            false,
        ))
    }

    /// When the runtime should wake the loop even if nothing else happens: soon while
    /// something animates, at the next second while "updated Ns ago" is on screen,
    /// and never for a still screen.
    pub fn next_tick(&self) -> Option<Duration> {
        // A countdown ticks at each of its seconds, overlay or not.
        let countdown = self.waits.next_tick(self.now);
        match (self.steady_tick(), countdown) {
            (Some(steady), Some(countdown)) => Some(steady.min(countdown)),
            (steady, countdown) => steady.or(countdown),
        }
    }

    fn steady_tick(&self) -> Option<Duration> {
        if paging::search_waiting(self) || form::search_waiting(self) {
            return Some(self.search_after.min(Duration::from_millis(100)));
        }
        let busy = self
            .requests
            .values()
            .any(|p| !matches!(p, Purpose::Action { .. }))
            || matches!(&self.overlay, Some(Overlay::Form(form)) if form.submitting.is_some());
        if busy {
            Some(Duration::from_millis(100))
        } else if self.overlay.is_none() {
            Some(Duration::from_secs(1))
        } else {
            None
        }
    }
}

/// Paths shown in help: where the config and log live.
pub fn describe_paths(surroundings: &Surroundings) -> Vec<String> {
    vec![
        format!("config  {}", surroundings.config_file.display()),
        format!("log     {}", surroundings.log_file.display()),
    ]
}
