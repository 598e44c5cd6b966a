//! BitGo's screens, each at 80x24 and 140x40: the console is driven by key presses
//! as in `snapshots`, and each read it sends is answered with what the BitGo adapter
//! makes of the embedded BitGo sandbox's answer (the shipped seed), so the screens
//! show what an operator sees. Clocks are pinned as there.

use std::sync::Arc;

use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Scope};
use orgdeck::app::screens::Screen;
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::sandbox::{self, SandboxConfig};
use orgdeck::backends::bitgo::schema::{ENTERPRISE, ORG_USERS_TAB, ORGANIZATION, USERS_TAB};

use crate::support::answered::{Answered, SIZES};

const ADMIN: &str = "bitgo-northwind-admin";
/// What the tenants pane shows as the server: the sandbox's own port differs per run.
const SHOWN_URL: &str = "https://app.bitgo-test.example";

/// The console with one BitGo profile, its reads answered from a BitGo sandbox.
struct BitGoConsole(Answered);

impl std::ops::Deref for BitGoConsole {
    type Target = Answered;
    fn deref(&self) -> &Answered {
        &self.0
    }
}

impl std::ops::DerefMut for BitGoConsole {
    fn deref_mut(&mut self) -> &mut Answered {
        &mut self.0
    }
}

impl BitGoConsole {
    /// The tenants pane, who-am-I answered.
    fn tenants() -> BitGoConsole {
        let sandbox = sandbox::start(SandboxConfig::default());
        BitGoConsole(Answered::tenants(
            sandbox,
            ADMIN,
            Arc::new(BitGo),
            SHOWN_URL,
            // The seed's approvals are dated: their "Nd ago" counts from a pinned day.
            |console| {
                console.app.wall_clock = || "2026-12-01T12:00:00Z".parse().expect("a timestamp")
            },
        ))
    }

    /// The organizations list (Enter on the profile).
    fn organizations() -> BitGoConsole {
        let mut bg = BitGoConsole::tenants();
        bg.press(KeyCode::Enter);
        bg
    }

    /// The enterprises of Northwind CaaS.
    fn enterprises() -> BitGoConsole {
        let mut bg = BitGoConsole::organizations();
        bg.select_row("Northwind CaaS");
        bg.press(KeyCode::Enter);
        bg
    }

    /// The users of enterprise `name`.
    fn users_of(name: &str) -> BitGoConsole {
        let mut bg = BitGoConsole::enterprises();
        bg.select_row(name);
        bg.press(KeyCode::Enter);
        bg
    }

    /// The approvals queue, seen from Northwind's enterprises.
    fn approvals() -> BitGoConsole {
        let mut bg = BitGoConsole::enterprises();
        bg.console.command("approvals");
        bg.answer_all();
        assert!(matches!(bg.console.app.screen(), Screen::Approvals { .. }));
        bg
    }

    /// Moves the cursor to the approval that asks for `change` (its row's text).
    fn select_approval(&mut self, change: &str) {
        for _ in 0..self.console.app.level().rows.len() {
            let what = self
                .console
                .app
                .selected_approval()
                .map(|(_, a)| a.what.clone());
            if what.is_some_and(|w| w.starts_with(change)) {
                return;
            }
            self.press(KeyCode::Char('j'));
        }
        panic!("no approval asks for {change:?}");
    }

    fn snap(&mut self, name: &str) {
        for (width, height) in SIZES {
            let screen = self.console.screen(width, height);
            insta::assert_snapshot!(format!("bitgo_{name}_{width}x{height}"), screen);
        }
    }
}

#[test]
fn tenants_pane_names_the_caller_and_their_organization_roles() {
    let mut bg = BitGoConsole::tenants();
    bg.shows("you are admin in Northwind CaaS, as Ada Lovelace <ada.lovelace@");
    bg.snap("tenants_pane");
}

#[test]
fn organizations() {
    let mut bg = BitGoConsole::organizations();
    assert!(matches!(
        bg.console.app.screen(),
        Screen::Nodes { level, .. } if *level == ORGANIZATION
    ));
    bg.shows("Northwind CaaS");
    bg.snap("organizations");
}

#[test]
fn enterprises_of_an_organization() {
    let mut bg = BitGoConsole::enterprises();
    assert_eq!(bg.console.app.level().rows.len(), 30);
    // Whole at both sizes (spare width goes to the cut KYC column), beside the
    // organizations at 140 columns.
    bg.shows("Hugo Laurent Holdings");
    bg.shows("flagged_retry_allowed");
    let wide = bg.console.screen(140, 40);
    assert!(
        wide.lines()
            .nth(1)
            .is_some_and(|l| l.contains("organizations (1)")
                && l.contains("Northwind CaaS: enterprises (30)")),
        "{wide}"
    );
    bg.snap("enterprises");
}

#[test]
fn users_of_an_enterprise() {
    let mut bg = BitGoConsole::enterprises();
    bg.select_row("Amara Reyes");
    bg.press(KeyCode::Enter);
    assert!(matches!(
        bg.console.app.screen(),
        Screen::Node { tab: USERS_TAB, .. }
    ));
    assert_eq!(bg.console.app.level().rows.len(), 3);
    bg.snap("enterprise_users");
}

#[test]
fn users_tab_of_an_organization() {
    let mut bg = BitGoConsole::organizations();
    bg.console.command("orgusers");
    bg.answer_all();
    assert!(matches!(
        bg.console.app.screen(),
        Screen::Node {
            tab: ORG_USERS_TAB,
            ..
        }
    ));
    bg.shows("serviceUser");
    bg.snap("org_users");
}

#[test]
fn enterprise_details() {
    let mut bg = BitGoConsole::enterprises();
    bg.select_row("Hugo Laurent Holdings");
    bg.press(KeyCode::Char('i'));
    bg.shows("flagged_retry_allowed");
    bg.snap("enterprise_details");
}

#[test]
fn create_enterprise_form_picks_admins_from_the_organization_s_users() {
    let mut bg = BitGoConsole::enterprises();
    bg.press(KeyCode::Char('n'));
    bg.console.type_text("new.client@example.com");
    bg.console.press(KeyCode::Tab);
    bg.console.type_text("bruno");
    bg.console.press(KeyCode::Enter);
    bg.console.type_text("a");
    bg.shows("• Bruno Okafor");
    bg.snap("form_create_enterprise_picker");
}

/// The organization's users answered with a refusal: the admins are typed as ids,
/// and the server's problem with one lands under the field.
#[test]
fn create_enterprise_form_with_the_server_s_problem_under_its_field() {
    let mut bg = BitGoConsole::enterprises();
    bg.console.press(KeyCode::Char('n'));
    let users = bg
        .console
        .unanswered()
        .into_iter()
        .find(|s| matches!(&s.op, Operation::ListParties { scope: Scope::Node { tab, .. }, .. } if *tab == ORG_USERS_TAB))
        .expect("the form asks for the organization's users");
    let refusal = r#"{"title":"Forbidden","detail":"may not list this organization's users"}"#;
    bg.console.answer(
        users.id,
        Err(crate::support::console::rejected(403, refusal)),
    );
    bg.console.type_text("new.client@example.com");
    bg.console.press(KeyCode::Tab);
    bg.console.type_text("0123456789abcdef0123456789abcdef");
    bg.console.press(KeyCode::Enter);
    bg.press(KeyCode::Enter);
    let sent = bg.console.last_sent().op.clone();
    assert!(
        matches!(sent, Operation::CreateNode { level, .. } if level == ENTERPRISE),
        "{sent:?}"
    );
    let form = bg.console.form();
    let admins = &form.fields[form.focus];
    assert_eq!(admins.key, "additionalAdmins");
    assert!(!admins.server_errors.is_empty(), "{admins:?}");
    bg.shows("type ids: could not load the organization's users");
    bg.snap("form_create_enterprise_server");
}

#[test]
fn help() {
    let mut bg = BitGoConsole::enterprises();
    bg.press(KeyCode::Char('?'));
    assert!(matches!(
        bg.console.app.overlay,
        Some(orgdeck::app::Overlay::Help { .. })
    ));
    bg.snap("help");
}

/// Ada's own request (an add she asked for) and one by Bruno, the other admin.
const OWN_ADD: &str = "add emil.holm@";
const BRUNOS_ADD: &str = "add kofi.mensah@";

#[test]
fn approvals_queue() {
    let mut bg = BitGoConsole::approvals();
    assert_eq!(bg.console.app.level().rows.len(), 9);
    bg.shows("pending approvals (9)");
    bg.shows("11d ago");
    bg.shows(" you ");
    bg.snap("approvals");
}

#[test]
fn approval_details() {
    let mut bg = BitGoConsole::approvals();
    bg.select_approval(BRUNOS_ADD);
    bg.press(KeyCode::Char('i'));
    bg.shows("bruno.okafor@northwind-caas.example");
    bg.shows("(10d ago)");
    bg.snap("approval_details");
}

#[test]
fn approve_dialog() {
    let mut bg = BitGoConsole::approvals();
    bg.select_approval(BRUNOS_ADD);
    bg.press(KeyCode::Char('a'));
    let dialog = bg.console.dialog();
    assert!(
        dialog.title.starts_with("approve: add kofi.mensah@"),
        "{}",
        dialog.title
    );
    bg.snap("approve_dialog");
}

#[test]
fn own_request_refused() {
    let mut bg = BitGoConsole::approvals();
    bg.select_approval(OWN_ADD);
    let before = bg.console.sent_count();
    bg.press(KeyCode::Char('a'));
    assert_eq!(bg.console.sent_count(), before, "nothing is sent");
    assert!(bg.console.app.overlay.is_none());
    bg.shows("you asked for this change");
    bg.snap("own_request_refused");
}

#[test]
fn add_user_form() {
    let mut bg = BitGoConsole::users_of("Dmitri Volkov");
    bg.press(KeyCode::Char('n'));
    assert_eq!(bg.console.form().title, "Add user");
    bg.console.type_text("pia.berg@kiwi.example");
    bg.console.press(KeyCode::Tab);
    bg.console.press(KeyCode::Right);
    bg.shows("(auditor)");
    bg.snap("form_add_user");
}

#[test]
fn remove_user_dialog() {
    let mut bg = BitGoConsole::users_of("Maya Chen");
    bg.select_row("mira.novak@");
    bg.press(KeyCode::Char('d'));
    assert_eq!(
        bg.console.dialog().title,
        "Remove mira.novak@northwind-caas.example from Maya Chen?"
    );
    bg.snap("remove_user_dialog");
}

#[test]
fn users_with_an_add_awaiting_approval() {
    let mut bg = BitGoConsole::users_of("Dmitri Volkov");
    bg.press(KeyCode::Char('n'));
    bg.console.type_text("pia.berg@kiwi.example");
    bg.console.press(KeyCode::Tab);
    bg.console.press(KeyCode::Right);
    bg.press(KeyCode::Enter);
    assert!(bg.console.app.overlay.is_none(), "the form closed");
    bg.shows("⧗ awaiting approval by another admin: add pia.berg@kiwi.example");
    bg.snap("users_awaiting_approval");
}
