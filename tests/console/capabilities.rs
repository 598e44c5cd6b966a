//! Capabilities drive the console (issue 11): what is offered is what the backend
//! declares, less what the caller's role may not do, less what the server has
//! shown it lacks, less changes on a read-only profile. Driven through
//! `orgdeck::app::update` with canned answers, on tenants that carry the MuninX
//! backend's role matrix; and once through the real binary on the sandbox.

use std::sync::Arc;

use crate::support::MuninX;
use crate::support::console::{Console, base_url, seed_tenant};
use crate::support::ops::{self, fields};
use crossterm::event::KeyCode;
use orgdeck::api::client::ClientEvent;
use orgdeck::api::model::{Capability, Operation, Target, Verb};
use orgdeck::app::keymap::Action;
use orgdeck::app::screens::Screen;
use orgdeck::app::{Msg, NoticeKind, Overlay, Tenant};

const AGENT: &str = "diego.ramirez@acme-support.example";
const CUSTOMER: &str = "jane.doe@acme-ltd.com";
const ADMIN: &str = "margaret.okafor@acme-support.example";
const WRITES: [Action; 5] = [
    Action::New,
    Action::Edit,
    Action::Suspend,
    Action::Delete,
    Action::Resend,
];

/// One MuninX tenant "acme"; `start` has sent who-am-I, not yet answered.
fn muninx_console(read_only: bool) -> Console {
    let tenant = Tenant::new("acme", base_url("acme"), read_only).with_backend(Arc::new(MuninX));
    Console::with_tenants(vec![tenant], &[], false)
}

/// Answers the one who-am-I in flight as the seed user `email`.
fn answer_whoami(console: &mut Console, email: &str) {
    let ask = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == Operation::WhoAmI)
        .expect("a who-am-I in flight");
    let me = seed_tenant("acme").person(email);
    console.answer(ask.id, Ok(ops::caller_reply(&me)));
}

/// The console as `email`, opened from the tenants pane with every list answered.
fn opened_as(email: &str) -> Console {
    let mut console = muninx_console(false);
    answer_whoami(&mut console, email);
    console.press(KeyCode::Enter);
    console.answer_reads();
    console
}

fn footer(console: &mut Console) -> String {
    let screen = console.screen(80, 24);
    screen.lines().last().expect("a footer").to_owned()
}

fn notice_after(console: &mut Console, c: char) -> String {
    console.app.notice = None;
    console.ch(c);
    assert!(
        console.app.overlay.is_none(),
        "{c} opened {:?}",
        console.app.overlay
    );
    let notice = console
        .app
        .notice
        .clone()
        .unwrap_or_else(|| panic!("{c} said nothing"));
    assert_eq!(notice.kind, NoticeKind::Error, "{c}: {notice:?}");
    notice.text
}

fn ever_sent(console: &Console, wanted: fn(&Operation) -> bool) -> bool {
    console.io.sent.iter().any(|s| wanted(&s.op))
}

#[test]
fn an_agent_is_offered_no_changes_on_organizations_and_told_why() {
    let mut console = opened_as(AGENT);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    assert_eq!(
        console.app.level().rows.len(),
        12,
        "agents read organizations"
    );
    let footer = footer(&mut console);
    for hidden in ["n new", "e edit", "s suspend", "d delete", "R resend"] {
        assert!(!footer.contains(hidden), "{hidden} in {footer}");
    }
    assert!(footer.contains("enter open"), "{footer}");
    for action in WRITES {
        assert!(!console.app.action_available(action), "{action:?}");
    }
    let sent = console.sent_count();
    assert_eq!(
        notice_after(&mut console, 'n'),
        "your role (agent) may not create organizations"
    );
    assert_eq!(
        notice_after(&mut console, 'd'),
        "your role (agent) may not delete organizations"
    );
    assert_eq!(
        notice_after(&mut console, 's'),
        "your role (agent) may not suspend or reactivate organizations"
    );
    assert_eq!(
        notice_after(&mut console, 'e'),
        "your role (agent) may not edit organizations"
    );
    assert_eq!(console.sent_count(), sent, "nothing was sent");

    console.ch('?');
    assert!(matches!(console.app.overlay, Some(Overlay::Help { .. })));
    let help = console.screen(80, 24);
    assert!(help.contains("Not offered here:"), "{help}");
    for reason in [
        "your role (agent) may not create organizations",
        "your role (agent) may not edit organizations",
        "your role (agent) may not delete organizations",
    ] {
        assert!(help.contains(reason), "{reason} missing from\n{help}");
    }
}

#[test]
fn an_agent_is_not_offered_resend_or_revoke_on_a_pending_invite() {
    let mut console = opened_as(AGENT);
    console.select_org("Acme Ltd");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    assert!(
        console.app.selected_person().is_some(),
        "an invite selected"
    );
    let footer = footer(&mut console);
    for hidden in ["n new", "d delete", "R resend"] {
        assert!(!footer.contains(hidden), "{hidden} in {footer}");
    }
    let sent = console.sent_count();
    assert_eq!(
        notice_after(&mut console, 'R'),
        "your role (agent) may not resend activation emails"
    );
    assert_eq!(
        notice_after(&mut console, 'd'),
        "your role (agent) may not revoke invites"
    );
    assert_eq!(
        notice_after(&mut console, 'n'),
        "your role (agent) may not invite users"
    );
    assert_eq!(console.sent_count(), sent);
}

#[test]
fn an_admin_on_the_same_backend_is_offered_every_change() {
    let mut console = opened_as(ADMIN);
    let footer = footer(&mut console);
    for shown in ["n new", "e edit", "s suspend", "d delete"] {
        assert!(footer.contains(shown), "{shown} not in {footer}");
    }
    console.ch('n');
    assert!(matches!(console.app.overlay, Some(Overlay::Form(_))));
}

#[test]
fn a_customer_opens_on_its_users_and_never_asks_for_organizations() {
    let mut console = muninx_console(false);
    // As with --profile: the tenant opens before who-am-I has answered.
    orgdeck::app::open_tenant(&mut console.app, 0, &mut console.io);
    assert_eq!(
        console.unanswered().len(),
        1,
        "no list before the role is known: {:?}",
        console.io.sent
    );
    answer_whoami(&mut console, CUSTOMER);
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: crate::support::USERS_VIEW
        }
    );
    let notice = console.app.notice.clone().expect("why not organizations");
    assert_eq!(
        notice.text,
        "your role (customer) may not list organizations; showing Users"
    );
    let asks: Vec<Operation> = console.unanswered().into_iter().map(|s| s.op).collect();
    assert_eq!(asks, vec![ops::list_people()]);
    // The server lists only the caller to a customer.
    let me = seed_tenant("acme").person(CUSTOMER);
    let id = console.unanswered()[0].id;
    console.answer(id, Ok(ops::parties_reply(vec![me])));
    assert_eq!(console.app.level().rows.len(), 1);
    console.ch('r');
    console.answer_reads();
    console.command("orgs");
    let line = console.command_line().error.clone().expect("refused");
    assert!(
        line.contains("your role (customer) may not list organizations"),
        "{line}"
    );
    console.press(KeyCode::Esc);
    console.command("tenants");
    console.press(KeyCode::Enter);
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: crate::support::USERS_VIEW
        }
    );
    assert!(
        !ever_sent(&console, ops::is_list_orgs),
        "{:?}",
        console.io.sent
    );
    let footer = footer(&mut console);
    for hidden in ["n new", "e edit", "s suspend"] {
        assert!(!footer.contains(hidden), "{hidden} in {footer}");
    }
}

#[test]
fn the_first_lists_go_out_with_who_am_is_answer() {
    let mut console = muninx_console(false);
    orgdeck::app::open_tenant(&mut console.app, 0, &mut console.io);
    let (state, _) = console.app.load_state().expect("a load state");
    assert!(state.contains("loading"), "{state}");
    assert!(!console.app.action_available(Action::New));
    assert_eq!(
        notice_after(&mut console, 'n'),
        "your role is not known yet: who-am-I has not answered"
    );
    answer_whoami(&mut console, ADMIN);
    let asks: Vec<Operation> = console.unanswered().into_iter().map(|s| s.op).collect();
    assert!(asks.contains(&ops::list_people()), "{asks:?}");
    assert!(asks.contains(&ops::list_orgs()), "{asks:?}");
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    assert!(console.app.action_available(Action::New));
}

#[test]
fn a_failed_who_am_i_leaves_the_server_to_judge_and_r_asks_again() {
    let mut console = muninx_console(false);
    let ask = console.unanswered()[0].id;
    console.answer(ask, Err(crate::support::console::timeout()));
    console.press(KeyCode::Enter);
    console.answer_reads();
    assert_eq!(console.app.level().rows.len(), 12, "lists are still read");
    // No role is known to refuse it: the server decides, as it did before.
    assert!(console.app.action_available(Action::New));
    console.ch('r');
    assert!(
        console
            .unanswered()
            .iter()
            .any(|s| s.op == Operation::WhoAmI),
        "r asks who-am-I again"
    );
    assert!(
        !console.app.action_available(Action::New),
        "changes wait for the new answer"
    );
}

#[test]
fn anyone_may_edit_themselves_but_not_others_nor_suspend_themselves() {
    let mut console = opened_as(AGENT);
    console.command("staff");
    console.answer_reads();
    console.select_person(AGENT);
    assert!(console.app.action_available(Action::Edit), "own user");
    assert!(!console.app.action_available(Action::Suspend));
    assert_eq!(
        notice_after(&mut console, 's'),
        "your role (agent) may not edit users"
    );
    console.ch('e');
    assert!(matches!(console.app.overlay, Some(Overlay::Form(_))));
    console.press(KeyCode::Esc);
    console.select_person(ADMIN);
    assert!(!console.app.action_available(Action::Edit), "someone else");
    assert_eq!(
        notice_after(&mut console, 'e'),
        "your role (agent) may not edit users"
    );
}

#[test]
fn a_capability_the_server_lacks_is_hidden_from_then_on() {
    let mut console = opened_as(ADMIN);
    assert!(footer(&mut console).contains("d delete"));
    lose(
        &mut console,
        Capability::new(Verb::Delete, Target::Level(fields::ORGANIZATION)),
        "DELETE /customer-organizations/{id} answered 405",
    );
    let footer = footer(&mut console);
    assert!(!footer.contains("d delete"), "{footer}");
    assert!(
        footer.contains("n new"),
        "only that capability goes: {footer}"
    );
    // Another organization, after a refresh: still hidden.
    console.ch('j');
    console.ch('r');
    console.answer_reads();
    let sent = console.sent_count();
    assert_eq!(
        notice_after(&mut console, 'd'),
        "this server does not offer deleting organizations \
         (DELETE /customer-organizations/{id} answered 405)"
    );
    assert_eq!(console.sent_count(), sent);
    console.ch('?');
    let help = console.screen(80, 24);
    assert!(
        help.contains("this server does not offer deleting"),
        "{help}"
    );
}

fn lose(console: &mut Console, capability: Capability, reason: &str) {
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::CapabilityLost {
            capability,
            reason: reason.into(),
        }),
    });
}

#[test]
fn a_screen_whose_list_the_server_lacks_is_not_opened() {
    let mut console = opened_as(ADMIN);
    lose(
        &mut console,
        Capability::new(Verb::List, Target::View(fields::USERS)),
        "GET /users answered 404",
    );
    let sent = console.sent_count();
    console.app.notice = None;
    console.press(KeyCode::Enter);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    let notice = console.app.notice.clone().expect("why not");
    assert_eq!(
        notice.text,
        "this server does not offer listing users (GET /users answered 404)"
    );
    console.command("users");
    let line = console.command_line().error.clone().expect("refused");
    assert!(
        line.starts_with("this server does not offer listing users"),
        "{line}"
    );
    assert_eq!(console.sent_count(), sent);
}

#[test]
fn a_server_without_an_organization_list_opens_on_its_users() {
    let mut console = muninx_console(false);
    answer_whoami(&mut console, ADMIN);
    lose(
        &mut console,
        Capability::new(Verb::List, Target::Level(fields::ORGANIZATION)),
        "GET /customer-organizations answered 404",
    );
    console.press(KeyCode::Enter);
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: crate::support::USERS_VIEW
        }
    );
}

#[test]
fn a_read_only_profile_offers_no_changes_and_help_says_so() {
    let mut console = muninx_console(true);
    answer_whoami(&mut console, ADMIN);
    console.press(KeyCode::Enter);
    console.answer_reads();
    for action in WRITES {
        assert!(!console.app.action_available(action), "{action:?}");
    }
    assert!(notice_after(&mut console, 'n').contains("read-only"));
    console.ch('?');
    let help = console.screen(80, 24);
    assert!(
        help.contains("create organizations: this profile is read-only"),
        "{help}"
    );
}

// ---------------------------------------------------------------- the real binary

mod e2e {
    use crate::support::e2e::*;

    /// The sandbox's acme-agent demo tenant: organizations are listed, changes are
    /// not offered, `n` says why and `?` lists the reason.
    #[test]
    fn the_sandbox_agent_sees_no_changes_on_organizations() {
        let mut console = Console::sandbox("caps-agent");
        console.send("j");
        console.wait_for("acme-agent selected", |s| {
            selected_row(s).is_some_and(|row| row.contains("acme-agent"))
        });
        console.send(ENTER);
        let screen = console.wait_for("acme-agent's organizations", |s| {
            s.contains("acme-agent: customer organizations (") && s.contains("Acme Ltd")
        });
        let footer = screen.lines().last().unwrap_or_default().to_owned();
        for hidden in ["n new", "e edit", "s suspend", "d delete"] {
            assert!(!footer.contains(hidden), "{hidden} in {footer}");
        }
        console.send("n");
        console.wait_for("n explained", |s| {
            status_line(s).contains("your role (agent) may not create organizations")
        });
        console.send("?");
        console.wait_for("help with the reasons", |s| {
            s.contains("Not offered here:")
                && s.contains("your role (agent) may not delete organizations")
        });
    }
}
