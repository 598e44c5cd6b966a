//! Sequence's screens, each at 80x24 and 140x40: the console is driven by key
//! presses as in `snapshots`, and each read it sends is answered with what the
//! Sequence adapter makes of the embedded Sequence sandbox's answer (the shipped
//! seed), a page read as one page and the organizations walked to the end, so
//! the screens show what an operator sees. Clocks are pinned as there.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::schema::BackendOptions;
use orgdeck::app::Tenant;
use orgdeck::app::screens::Screen;
use orgdeck::backends::sequence::Sequence;
use orgdeck::backends::sequence::sandbox::{self, DEMO_CLIENT, SandboxConfig};
use orgdeck::sandbox::RunningSandbox;

use crate::support::client::{Client, finished, settings};
use crate::support::console::Console;

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];
/// What the tenants pane shows as the server: the sandbox's own port differs per run.
const SHOWN_URL: &str = "https://sandbox.sequencehq.example/api";

/// The console with one Sequence profile, its reads answered from a Sequence sandbox.
struct SequenceConsole {
    console: Console,
    client: Client,
    runtime: tokio::runtime::Runtime,
    _sandbox: RunningSandbox,
}

fn backend() -> Arc<Sequence> {
    Arc::new(Sequence::new(&BackendOptions::default()))
}

impl SequenceConsole {
    /// The tenants pane, who-am-I answered.
    fn tenants() -> SequenceConsole {
        crate::support::install_crypto();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let token = format!("{}:{}", DEMO_CLIENT.0, DEMO_CLIENT.1);
        let (sandbox, client) = runtime.block_on(async {
            let sandbox = sandbox::start(SandboxConfig::default())
                .await
                .expect("the Sequence sandbox starts");
            let client = Client::spawn_with(settings(&sandbox.base_url(), &token), backend());
            (sandbox, client)
        });
        let tenant = Tenant::new("northwind", SHOWN_URL, false).with_backend(backend());
        let console = Console::with_tenants(vec![tenant], &[], false);
        let mut sq = SequenceConsole {
            console,
            client,
            runtime,
            _sandbox: sandbox,
        };
        sq.answer_all();
        sq
    }

    /// The organizations list (Enter on the profile).
    fn organizations() -> SequenceConsole {
        let mut sq = SequenceConsole::tenants();
        sq.press(KeyCode::Enter);
        sq
    }

    /// Answers every request the console sent, and what it sends upon those
    /// answers, until it waits for nothing: a page read as the console asked it.
    fn answer_all(&mut self) {
        loop {
            let waiting = self.console.unanswered();
            if waiting.is_empty() {
                return;
            }
            for sent in waiting {
                let handle = &self.client.handle;
                let id = match self.console.io.paged.contains(&sent.id) {
                    true => handle.page(sent.op.clone()),
                    false => handle.send(sent.op.clone()),
                };
                let outcome = self.runtime.block_on(finished(&mut self.client.rx, id));
                self.console
                    .answer_for(sent.tenant, sent.id, outcome.result);
            }
        }
    }

    fn press(&mut self, code: KeyCode) {
        self.console.press(code);
        self.answer_all();
    }

    fn type_text(&mut self, text: &str) {
        self.console.type_text(text);
        self.answer_all();
    }

    /// Moves the cursor down to the row that starts with `text`.
    fn select_row(&mut self, text: &str) {
        for _ in 0..self.console.app.level().rows.len() {
            let marked = format!("› {text}");
            if self.console.screen(140, 40).contains(&marked) {
                return;
            }
            self.press(KeyCode::Char('j'));
        }
        panic!("no row shows {text:?}:\n{}", self.console.screen(140, 40));
    }

    fn shows(&mut self, text: &str) {
        for (width, height) in SIZES {
            let screen = self.console.screen(width, height);
            assert!(
                screen.contains(text),
                "{width}x{height} does not show {text:?}:\n{screen}"
            );
        }
    }

    fn snap(&mut self, name: &str) {
        for (width, height) in SIZES {
            let screen = self.console.screen(width, height);
            insta::assert_snapshot!(format!("sequence_{name}_{width}x{height}"), screen);
        }
    }
}

#[test]
fn organizations() {
    let mut sq = SequenceConsole::organizations();
    sq.shows("northwind: customer organizations (10)");
    sq.shows("Acme Holdings Ltd");
    sq.snap("organizations");
}

#[test]
fn an_organizations_owner_and_members_side_by_side() {
    let mut sq = SequenceConsole::organizations();
    sq.select_row("Acme Holdings Ltd");
    sq.press(KeyCode::Enter);
    assert!(matches!(sq.console.app.screen(), Screen::Node { .. }));
    sq.shows("[Owner & members]");
    // At 140 columns the organizations stay beside the tab.
    let wide = sq.console.screen(140, 40);
    let title = wide
        .lines()
        .find(|l| l.contains("[Owner & members]"))
        .unwrap_or_default();
    assert!(
        title.contains("northwind: customer organizations (10)"),
        "{wide}"
    );
    let owner = wide
        .lines()
        .find(|l| l.contains(" owner "))
        .unwrap_or_default();
    assert!(
        owner.contains("Acme Holdings Ltd"),
        "the owner first:\n{wide}"
    );
    sq.snap("organization_members");
}

#[test]
fn customers_read_page_by_page() {
    let mut sq = SequenceConsole::organizations();
    sq.console.command("customers");
    sq.answer_all();
    assert!(matches!(sq.console.app.screen(), Screen::View { .. }));
    sq.shows("northwind: customers (");
    sq.snap("customers");
}

#[test]
fn create_organization_form_picks_customers_by_name() {
    let mut sq = SequenceConsole::organizations();
    sq.press(KeyCode::Char('n'));
    sq.console.app.search_after = Duration::ZERO;
    sq.type_text("Acme");
    sq.console.send(orgdeck::app::Msg::Tick);
    sq.answer_all();
    sq.shows("New customer organization");
    sq.shows("Acme Retail Inc (");
    sq.snap("form_create_organization");
}

#[test]
fn a_customers_details_name_its_organizations() {
    let mut sq = SequenceConsole::organizations();
    sq.console.command("customers");
    sq.answer_all();
    sq.select_row("Harbor Health Inc");
    sq.press(KeyCode::Char('i'));
    assert!(matches!(sq.console.app.screen(), Screen::Detail { .. }));
    sq.shows("Harbor Health Inc");
    let screen = sq.console.screen(80, 24);
    let orgs = screen
        .lines()
        .find(|l| l.contains("organizations"))
        .unwrap_or_default();
    // Organizations have no names: each is told by who is in it.
    assert!(
        orgs.contains("owner of") && orgs.contains("members: "),
        "{screen}"
    );
    assert!(
        sq.console.screen(140, 40).contains("Ember Foods Inc"),
        "{screen}"
    );
    sq.snap("customer_details");
}

#[test]
fn the_add_members_form_picks_from_the_customers() {
    let mut sq = SequenceConsole::organizations();
    sq.select_row("Acme Holdings Ltd");
    sq.press(KeyCode::Enter);
    sq.press(KeyCode::Char('n'));
    sq.console.app.search_after = Duration::ZERO;
    sq.type_text("Harbor");
    sq.console.send(orgdeck::app::Msg::Tick);
    sq.answer_all();
    sq.shows("Add members");
    sq.shows("Harbor Health Inc (");
    sq.snap("form_add_members");
}

#[test]
fn help_says_what_sequence_lacks() {
    let mut sq = SequenceConsole::organizations();
    sq.select_row("Acme Holdings Ltd");
    sq.press(KeyCode::Enter);
    sq.press(KeyCode::Char('?'));
    sq.shows("Sequence cannot suspend");
    sq.snap("help");
}
