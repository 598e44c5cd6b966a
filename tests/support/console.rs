//! Shared helpers for the console tests: the demo tenants decoded from the shipped
//! seed, a fake [`Dispatch`] that records what the console sends, and a driver that
//! feeds keys and canned answers through `orgdeck::app::update` — no network, no
//! terminal, no clock that can make a snapshot differ between runs.

#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orgdeck::api::client::{ClientEvent, RequestId};
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Operation, Page, Reply};
use orgdeck::api::problem::{Context, Problem, normalise};
use orgdeck::app::keymap::Keymap;
use orgdeck::app::remote::{Remote, Status};
use orgdeck::app::{self, App, Dispatch, Msg, Overlay, Surroundings, Tenant};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

// Re-exported so that an area's tests need one `use`; not every binary uses each.
#[allow(unused_imports)]
pub use super::seed::{SeedTenant, seed, seed_tenant};

/// What the latency column shows once [`Console::freeze`] has run.
pub const FROZEN_LATENCY: Duration = Duration::from_millis(42);

/// The wall clock every console starts at, so that "3d ago" reads the same on
/// every run.
pub const WALL_CLOCK: &str = "2026-12-01T12:00:00Z";

fn pinned_wall_clock() -> jiff::Timestamp {
    WALL_CLOCK.parse().expect("a timestamp")
}

/// One request the console sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub tenant: usize,
    pub id: RequestId,
    pub op: Operation,
}

/// Records operations and hands out increasing ids; never talks to anything.
#[derive(Debug, Default)]
pub struct FakeDispatch {
    pub sent: Vec<Sent>,
    pub cancelled: Vec<(usize, RequestId)>,
    /// Ids of requests sent as revalidating refreshes (answerable with `Unchanged`).
    pub refreshed: Vec<RequestId>,
    /// Ids of requests sent as one page of a list read as the operator scrolls.
    pub paged: Vec<RequestId>,
    /// Tenants whose client could not be set up: `send` answers None.
    pub offline: BTreeSet<usize>,
    next: RequestId,
}

impl Dispatch for FakeDispatch {
    fn send(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        if self.offline.contains(&tenant) {
            return None;
        }
        self.next += 1;
        let id = self.next;
        self.sent.push(Sent { tenant, id, op });
        Some(id)
    }

    fn cancel(&mut self, tenant: usize, id: RequestId) {
        self.cancelled.push((tenant, id));
    }

    fn refresh(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        let id = self.send(tenant, op)?;
        self.refreshed.push(id);
        Some(id)
    }

    fn page(&mut self, tenant: usize, op: Operation) -> Option<RequestId> {
        let id = self.send(tenant, op)?;
        self.paged.push(id);
        Some(id)
    }

    fn write_file(
        &mut self,
        path: &std::path::Path,
        bytes: &[u8],
        overwrite: bool,
    ) -> std::io::Result<std::path::PathBuf> {
        orgdeck::cli::files::write_new(path, bytes, overwrite)
    }
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn finished(id: RequestId, result: Result<Reply, ApiError>) -> ClientEvent {
    ClientEvent::Finished {
        id,
        result,
        reconciled: None,
    }
}

/// A 409 problem+json as the sandbox words a domain conflict, through the normaliser.
pub fn rejected(status: u16, body: &str) -> ApiError {
    ApiError::Rejected(Box::new(normalise(
        status,
        Some("application/problem+json"),
        body.as_bytes(),
        Context::default(),
    )))
}

pub fn problem(status: u16, body: &str) -> Problem {
    match rejected(status, body) {
        ApiError::Rejected(problem) => *problem,
        _ => unreachable!(),
    }
}

pub fn connect_error(host: &str) -> ApiError {
    ApiError::Connect {
        host: host.into(),
        cause: "connection refused (os error 111)".into(),
    }
}

pub fn timeout() -> ApiError {
    ApiError::Timeout {
        after: Duration::from_secs(10),
    }
}

/// Where each test profile points, and which seed tenant answers for it.
pub fn base_url(profile: &str) -> String {
    format!("https://{profile}.muninx.example/api/v1")
}

pub fn surroundings(no_color: bool) -> Surroundings {
    Surroundings {
        sandbox: true,
        config_file: "/home/op/.config/orgdeck/config.toml".into(),
        log_file: "/home/op/.local/state/orgdeck/logs/orgdeck.log".into(),
        warnings: vec![],
        no_color,
        clipboard: Default::default(),
    }
}

/// The console under test: the state, the fake dispatch, and how to answer.
pub struct Console {
    pub app: App,
    pub io: FakeDispatch,
    /// Requests already answered (or deliberately left for a test to answer).
    pub answered: BTreeSet<RequestId>,
    /// Tenants whose who-am-I fails, and how.
    pub whoami_fails: HashMap<usize, ApiError>,
}

impl Console {
    /// Profiles named after seed tenants (or anything else, which then fails to
    /// connect); `start` sends who-am-I to each, left unanswered.
    pub fn with_profiles(profiles: &[(&str, bool)], no_color: bool) -> Console {
        let tenants = profiles
            .iter()
            .map(|(name, read_only)| Tenant::new(*name, base_url(name), *read_only))
            .collect();
        let mut console = Console {
            app: App::new(tenants, Keymap::default(), surroundings(no_color)),
            io: FakeDispatch::default(),
            answered: BTreeSet::new(),
            whoami_fails: HashMap::new(),
        };
        console.app.wall_clock = pinned_wall_clock;
        for (index, (name, _)) in profiles.iter().enumerate() {
            if !seed().iter().any(|t| t.slug == *name) {
                console
                    .whoami_fails
                    .insert(index, connect_error(&format!("{name}.muninx.example")));
            }
        }
        app::start(&mut console.app, &mut console.io);
        console
    }

    /// Tenants built by the caller; `offline` ones have no client (send gives None).
    pub fn with_tenants(tenants: Vec<Tenant>, offline: &[usize], no_color: bool) -> Console {
        let mut console = Console {
            app: App::new(tenants, Keymap::default(), surroundings(no_color)),
            io: FakeDispatch::default(),
            answered: BTreeSet::new(),
            whoami_fails: HashMap::new(),
        };
        console.io.offline.extend(offline.iter().copied());
        console.app.wall_clock = pinned_wall_clock;
        app::start(&mut console.app, &mut console.io);
        console
    }

    /// acme and globex, both answered: the tenants pane.
    pub fn tenants() -> Console {
        let mut console = Console::with_profiles(&[("acme", false), ("globex", false)], false);
        console.answer_reads();
        console
    }

    /// acme's organizations list, loaded (from the tenants pane, by Enter).
    pub fn orgs() -> Console {
        Console::orgs_with(false, false)
    }

    pub fn orgs_with(read_only: bool, no_color: bool) -> Console {
        let mut console =
            Console::with_profiles(&[("acme", read_only), ("globex", false)], no_color);
        console.answer_reads();
        console.press(KeyCode::Enter);
        console.answer_reads();
        console
    }

    pub fn send(&mut self, msg: Msg) -> bool {
        app::update(&mut self.app, msg, &mut self.io)
    }

    pub fn press(&mut self, code: KeyCode) {
        self.send(key(code));
    }

    pub fn ch(&mut self, c: char) {
        self.press(KeyCode::Char(c));
    }

    /// Types each character as its own key press.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.ch(c);
        }
    }

    /// `:` + the command + Enter.
    pub fn command(&mut self, line: &str) {
        self.ch(':');
        self.type_text(line);
        self.press(KeyCode::Enter);
    }

    pub fn sent_count(&self) -> usize {
        self.io.sent.len()
    }

    pub fn last_sent(&self) -> &Sent {
        self.io.sent.last().expect("something was sent")
    }

    pub fn unanswered(&self) -> Vec<Sent> {
        self.io
            .sent
            .iter()
            .filter(|s| !self.answered.contains(&s.id))
            .cloned()
            .collect()
    }

    /// Feeds the answer to one request.
    pub fn answer(&mut self, id: RequestId, result: Result<Reply, ApiError>) -> bool {
        let tenant = self
            .io
            .sent
            .iter()
            .find(|s| s.id == id)
            .map_or(0, |s| s.tenant);
        self.answer_for(tenant, id, result)
    }

    /// Feeds an answer for any id (even one never sent).
    pub fn answer_for(
        &mut self,
        tenant: usize,
        id: RequestId,
        result: Result<Reply, ApiError>,
    ) -> bool {
        self.answered.insert(id);
        self.send(Msg::Client {
            tenant,
            event: Box::new(finished(id, result)),
        })
    }

    /// What the seed says to a read from this tenant.
    pub fn reply_for(&self, tenant: usize, op: &Operation) -> Option<Result<Reply, ApiError>> {
        let profile = &self.app.tenants[tenant].profile;
        let seed = seed().iter().find(|t| &t.slug == profile);
        match op {
            Operation::WhoAmI => Some(match (self.whoami_fails.get(&tenant), seed) {
                (Some(err), _) => Err(err.clone()),
                (None, Some(seed)) => Ok(Reply::Caller(super::ops::caller_of(
                    &seed.person(&seed.owner),
                ))),
                (None, None) => Err(connect_error(profile)),
            }),
            Operation::ListNodes { filter, .. } if *filter == Default::default() => {
                Some(Ok(Reply::Nodes(Page::one(seed?.orgs.clone()))))
            }
            Operation::ListParties { filter, .. } if *filter == Default::default() => {
                Some(Ok(Reply::Parties(Page::one(seed?.people.clone()))))
            }
            _ => None,
        }
    }

    /// Answers every read still waiting, with seed data; returns how many.
    pub fn answer_reads(&mut self) -> usize {
        let mut count = 0;
        for sent in self.unanswered() {
            if let Some(result) = self.reply_for(sent.tenant, &sent.op) {
                self.answer_for(sent.tenant, sent.id, result);
                count += 1;
            }
        }
        count
    }

    /// Makes every clock reading on screen the same on every run: each instant the
    /// state holds becomes "now" ("0s ago", spinners at 0.0s), and measured
    /// latencies become [`FROZEN_LATENCY`].
    pub fn freeze(&mut self) {
        let now = Instant::now();
        self.app.now = now;
        fn pin<T>(remote: &mut Remote<T>, now: Instant) {
            match &mut remote.status {
                Status::Loading { since, .. } => *since = now,
                Status::Loaded { at } | Status::Failed { at, .. } => *at = now,
                Status::Idle => {}
            }
            if remote.updated.is_some() {
                remote.updated = Some(now);
            }
        }
        for tenant in &mut self.app.tenants {
            pin(&mut tenant.me, now);
            pin(&mut tenant.orgs, now);
            pin(&mut tenant.people, now);
            if tenant.latency.is_some() {
                tenant.latency = Some(FROZEN_LATENCY);
            }
        }
        if let Some(Overlay::Form(form)) = &mut self.app.overlay
            && let Some((_, since)) = &mut form.submitting
        {
            *since = now;
        }
    }

    /// Draws the console (frozen first) into a test terminal of this size.
    pub fn draw(&mut self, width: u16, height: u16) -> Terminal<TestBackend> {
        self.freeze();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
        terminal
            .draw(|frame| orgdeck::ui::draw(frame, &self.app))
            .expect("draws");
        terminal
    }

    pub fn buffer(&mut self, width: u16, height: u16) -> Buffer {
        self.draw(width, height).backend().buffer().clone()
    }

    /// The screen as text, one quoted line per row (TestBackend's own format).
    pub fn screen(&mut self, width: u16, height: u16) -> String {
        self.draw(width, height).backend().to_string()
    }

    pub fn form(&self) -> &orgdeck::app::form::Form {
        match &self.app.overlay {
            Some(Overlay::Form(form)) => form,
            other => panic!("expected a form, found {other:?}"),
        }
    }

    pub fn dialog(&self) -> &orgdeck::app::dialog::Dialog {
        match &self.app.overlay {
            Some(Overlay::Dialog(dialog)) => dialog,
            other => panic!("expected a dialog, found {other:?}"),
        }
    }

    pub fn command_line(&self) -> &orgdeck::app::command::CommandLine {
        match &self.app.overlay {
            Some(Overlay::Command(line)) => line,
            other => panic!("expected the command line, found {other:?}"),
        }
    }

    /// Moves to the organization with this name in the organizations list.
    pub fn select_org(&mut self, name: &str) {
        let tenant = self.app.screen().tenant().expect("in a tenant");
        let orgs = self.app.tenants[tenant]
            .orgs
            .data
            .clone()
            .unwrap_or_default();
        self.move_to(|i| orgs[i].name == name, name);
        assert_eq!(
            self.app.selected_org().map(|(_, o)| o.name.as_str()),
            Some(name)
        );
    }

    /// Moves to the person with this email in a people list.
    pub fn select_person(&mut self, email: &str) {
        let tenant = self.app.screen().tenant().expect("in a tenant");
        let people = self.app.tenants[tenant]
            .people
            .data
            .clone()
            .unwrap_or_default();
        self.move_to(|i| people[i].id() == email, email);
        assert_eq!(self.app.selected_person().map(|(_, p)| p.id()), Some(email));
    }

    /// Moves the selection with g and j to the first row whose source index matches.
    fn move_to(&mut self, wanted: impl Fn(usize) -> bool, label: &str) {
        let position = self
            .app
            .level()
            .rows
            .iter()
            .position(|&i| wanted(i))
            .unwrap_or_else(|| panic!("{label} is not listed"));
        self.press(KeyCode::Char('g'));
        for _ in 0..position {
            self.press(KeyCode::Char('j'));
        }
    }
}
