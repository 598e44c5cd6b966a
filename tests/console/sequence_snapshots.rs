//! Sequence's screens, each at 80x24 and 140x40: the console is driven by key
//! presses as in `snapshots`, and each read it sends is answered with what the
//! Sequence adapter makes of the embedded Sequence sandbox's answer (the shipped
//! seed), a page read as one page and the organizations walked to the end, so
//! the screens show what an operator sees. Clocks are pinned as there.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::schema::BackendOptions;
use orgdeck::app::screens::Screen;
use orgdeck::backends::sequence::Sequence;
use orgdeck::backends::sequence::sandbox::{self, DEMO_CLIENT, SandboxConfig};

use crate::support::answered::{Answered, SIZES};

/// What the tenants pane shows as the server: the sandbox's own port differs per run.
const SHOWN_URL: &str = "https://sandbox.sequencehq.example/api";

/// The console with one Sequence profile, its reads answered from a Sequence sandbox.
struct SequenceConsole(Answered);

impl std::ops::Deref for SequenceConsole {
    type Target = Answered;
    fn deref(&self) -> &Answered {
        &self.0
    }
}

impl std::ops::DerefMut for SequenceConsole {
    fn deref_mut(&mut self) -> &mut Answered {
        &mut self.0
    }
}

impl SequenceConsole {
    /// The tenants pane, who-am-I answered.
    fn tenants() -> SequenceConsole {
        let token = format!("{}:{}", DEMO_CLIENT.0, DEMO_CLIENT.1);
        let backend = Arc::new(Sequence::new(&BackendOptions::default()));
        let sandbox = sandbox::start(SandboxConfig::default());
        SequenceConsole(Answered::tenants(
            sandbox,
            &token,
            backend,
            SHOWN_URL,
            |_| {},
        ))
    }

    /// The organizations list (Enter on the profile).
    fn organizations() -> SequenceConsole {
        let mut sq = SequenceConsole::tenants();
        sq.press(KeyCode::Enter);
        sq
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
