//! The console's update logic, driven by key sequences and canned client answers
//! (no network, no drawing except where a count is only visible on screen): what
//! each key does to the state, and what it sends.

use std::time::{Duration, Instant};

use crate::support::console::{Console, ctrl, problem, rejected, seed_tenant, timeout};
use crossterm::event::KeyCode;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{
    NewOrganization, Operation, OrgStatus, OrganizationChanges, PeopleFilter, PersonChanges, Reply,
};
use orgdeck::app::form::FormKind;
use orgdeck::app::keymap::Action;
use orgdeck::app::remote::Status;
use orgdeck::app::screens::{Screen, Subject, Tab};
use orgdeck::app::{Msg, NoticeKind, Overlay, Tenant};

fn selected(console: &Console) -> usize {
    console.app.level().selected
}

fn org_names(console: &Console) -> Vec<String> {
    let orgs = console.app.tenants[0].orgs.data.as_ref().unwrap();
    console
        .app
        .level()
        .rows
        .iter()
        .map(|&i| orgs[i].name.clone())
        .collect()
}

fn selected_org_name(console: &Console) -> Option<String> {
    console.app.selected_org().map(|(_, o)| o.name.clone())
}

fn reads(ops: &[Operation]) -> (usize, usize) {
    let orgs = ops
        .iter()
        .filter(|op| matches!(op, Operation::ListOrganizations { status: None }))
        .count();
    let people = ops
        .iter()
        .filter(|op| **op == Operation::ListPeople(PeopleFilter::default()))
        .count();
    (orgs, people)
}

fn sent_since(console: &Console, before: usize) -> Vec<Operation> {
    console.io.sent[before..]
        .iter()
        .map(|s| s.op.clone())
        .collect()
}

// ---------------------------------------------------------------- moving

#[test]
fn start_asks_every_tenant_who_we_are_and_enter_loads_the_tenant() {
    let mut console = Console::with_profiles(&[("acme", false), ("globex", false)], false);
    let ops: Vec<(usize, Operation)> = console
        .io
        .sent
        .iter()
        .map(|s| (s.tenant, s.op.clone()))
        .collect();
    assert_eq!(
        ops,
        vec![(0, Operation::WhoAmI), (1, Operation::WhoAmI)],
        "start sends one who-am-I per tenant"
    );
    console.answer_reads();
    assert_eq!(
        console.app.tenants[0].role(),
        Some("admin"),
        "who-am-I fills the tenant's user"
    );
    console.press(KeyCode::Enter);
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
    assert_eq!(reads(&sent_since(&console, 2)), (1, 1));
    assert!(
        console.app.level().rows.is_empty(),
        "nothing until it arrives"
    );
    console.answer_reads();
    assert_eq!(console.app.level().rows.len(), 12);
}

#[test]
fn vim_keys_and_arrows_move_the_selection_and_it_clamps() {
    let mut console = Console::orgs();
    assert_eq!(console.app.level().rows.len(), 12);
    assert_eq!(selected(&console), 0);
    console.ch('k');
    assert_eq!(selected(&console), 0, "up at the top stays");
    console.ch('j');
    console.ch('j');
    assert_eq!(selected(&console), 2);
    console.press(KeyCode::Up);
    assert_eq!(selected(&console), 1);
    console.press(KeyCode::Down);
    assert_eq!(selected(&console), 2);
    assert_eq!(selected_org_name(&console).as_deref(), Some("Initech"));
    console.ch('G');
    assert_eq!(selected(&console), 11);
    assert_eq!(
        selected_org_name(&console).as_deref(),
        Some("Lumen Dental Partners")
    );
    console.ch('j');
    console.press(KeyCode::Down);
    assert_eq!(selected(&console), 11, "down at the bottom stays");
    console.ch('g');
    assert_eq!(selected(&console), 0);
    console.press(KeyCode::End);
    assert_eq!(selected(&console), 11);
    console.press(KeyCode::Home);
    assert_eq!(selected(&console), 0);
}

#[test]
fn page_keys_move_by_a_screenful_and_clamp() {
    let mut console = Console::orgs();
    // At 80x24 a page (16 rows) is more than the list: one page goes to the end.
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 11);
    console.press(KeyCode::PageUp);
    assert_eq!(selected(&console), 0);
    // A short terminal: pages of 4 rows.
    console.send(Msg::Resize(80, 12));
    assert_eq!(console.app.size, (80, 12));
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 4);
    console.send(ctrl('d'));
    assert_eq!(selected(&console), 8);
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 11, "clamped to the last row");
    console.press(KeyCode::PageUp);
    assert_eq!(selected(&console), 7);
    console.send(ctrl('u'));
    console.send(ctrl('u'));
    assert_eq!(selected(&console), 0, "clamped to the first row");
}

#[test]
fn an_empty_list_keeps_the_selection_at_zero() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    assert!(
        console.app.level().rows.is_empty(),
        "Initech has no invites"
    );
    for c in ['j', 'G', 'k'] {
        console.ch(c);
        assert_eq!(selected(&console), 0);
    }
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 0);
    assert_eq!(console.app.selected_person(), None);
}

// ---------------------------------------------------------------- drilling and back

#[test]
fn enter_drills_and_esc_restores_the_previous_screen_with_its_selection_and_filter() {
    let mut console = Console::orgs();
    console.ch('/');
    console.type_text("ar");
    console.press(KeyCode::Enter);
    assert!(!console.app.level().filtering, "enter keeps the filter");
    assert_eq!(console.app.level().filter, "ar");
    assert_eq!(
        org_names(&console),
        [
            "Initech",
            "Stark Logistics",
            "Wayfarer Analytics",
            "Lumen Dental Partners"
        ]
    );
    console.ch('j');
    console.ch('j');
    assert_eq!(
        selected_org_name(&console).as_deref(),
        Some("Wayfarer Analytics")
    );
    let orgs_level = console.app.level().clone();

    console.press(KeyCode::Enter);
    assert_eq!(
        console.app.screen(),
        &Screen::Organization {
            tenant: 0,
            org: "co-acme-08".into(),
            tab: Tab::Members
        }
    );
    assert_eq!(console.app.level().rows.len(), 3);
    assert_eq!(
        console.app.level().filter,
        "",
        "a new level starts unfiltered"
    );
    console.ch('j');
    console.press(KeyCode::Enter);
    assert!(matches!(
        console.app.screen(),
        Screen::Detail {
            subject: Subject::Person(_),
            ..
        }
    ));
    assert_eq!(console.app.stack.len(), 4);

    console.press(KeyCode::Esc);
    assert_eq!(console.app.stack.len(), 3);
    assert_eq!(
        selected(&console),
        1,
        "the members list keeps its selection"
    );
    console.press(KeyCode::Esc);
    assert_eq!(console.app.level(), &orgs_level);
    assert_eq!(
        selected_org_name(&console).as_deref(),
        Some("Wayfarer Analytics")
    );

    // With a filter on, Esc first clears it, then goes back.
    console.press(KeyCode::Esc);
    assert_eq!(console.app.level().filter, "");
    assert_eq!(console.app.level().rows.len(), 12);
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &Screen::Tenants);
    assert_eq!(console.app.stack.len(), 1);
    console.press(KeyCode::Esc);
    assert_eq!(console.app.stack.len(), 1, "the tenants pane is the bottom");
    assert!(!console.app.quit);
}

#[test]
fn h_and_left_go_back_like_esc_and_l_and_right_drill_like_enter() {
    let mut console = Console::orgs();
    console.ch('j');
    console.ch('l');
    assert!(matches!(console.app.screen(), Screen::Organization { .. }));
    console.ch('h');
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
    assert_eq!(selected(&console), 1);
    console.press(KeyCode::Right);
    assert!(matches!(console.app.screen(), Screen::Organization { .. }));
    console.press(KeyCode::Left);
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
}

#[test]
fn i_opens_the_details_of_the_selection() {
    let mut console = Console::orgs();
    console.select_org("Umbrella Health");
    console.ch('i');
    assert_eq!(
        console.app.screen(),
        &Screen::Detail {
            tenant: 0,
            subject: Subject::Organization("co-acme-04".into())
        }
    );
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Umbrella Health", "Details"]
    );
    console.press(KeyCode::Enter);
    assert!(
        matches!(console.app.screen(), Screen::Detail { .. }),
        "enter does nothing in a detail view"
    );
    console.press(KeyCode::Esc);
    assert_eq!(
        selected_org_name(&console).as_deref(),
        Some("Umbrella Health")
    );
}

// ---------------------------------------------------------------- filtering

#[test]
fn slash_filters_as_you_type_and_esc_clears() {
    let mut console = Console::orgs();
    console.ch('j');
    console.ch('/');
    assert!(console.app.level().filtering);
    console.ch('i');
    assert_eq!(selected(&console), 0, "typing resets the selection");
    assert_eq!(console.app.level().rows.len(), 12, "every org has an i");
    console.ch('n');
    assert_eq!(
        org_names(&console),
        ["Northwind Traders", "Initech", "Umbrella Health"]
    );
    console.type_text("iT"); // case does not matter
    assert_eq!(org_names(&console), ["Initech"]);
    let status = console.screen(80, 24);
    assert!(status.contains("/iniT▏  1 match "), "{status}");
    console.type_text("zz");
    assert!(console.app.level().rows.is_empty());
    assert_eq!(console.app.selected_org(), None);
    console.press(KeyCode::Backspace);
    console.press(KeyCode::Backspace);
    assert_eq!(org_names(&console), ["Initech"]);

    console.press(KeyCode::Esc);
    let level = console.app.level();
    assert!(!level.filtering);
    assert_eq!(level.filter, "");
    assert_eq!(level.rows.len(), 12);
    assert_eq!(
        console.app.screen(),
        &Screen::Organizations { tenant: 0 },
        "esc in the filter does not go back"
    );
}

#[test]
fn keys_typed_into_the_filter_are_not_actions() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('/');
    console.type_text("nsdq");
    assert_eq!(console.app.level().filter, "nsdq");
    assert!(
        console.app.overlay.is_none(),
        "n, s, d did not open anything"
    );
    assert!(!console.app.quit, "q did not quit");
    assert_eq!(console.sent_count(), before);
}

#[test]
fn filters_people_by_status_and_name() {
    let mut console = Console::tenants();
    console.command("staff");
    console.answer_reads();
    assert_eq!(console.app.level().rows.len(), 13);
    console.ch('/');
    console.type_text("suspended");
    assert_eq!(console.app.level().rows.len(), 1);
    assert_eq!(
        console.app.selected_person().unwrap().1.email,
        "liam.osullivan@acme-support.example"
    );
    console.press(KeyCode::Esc);
    console.ch('/');
    console.type_text("ai-autonomous");
    assert_eq!(console.app.level().rows.len(), 2);
}

// ---------------------------------------------------------------- tabs, commands

#[test]
fn tab_switches_between_members_and_pending_invites() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.ch('j');
    assert_eq!(console.app.level().rows.len(), 5);
    console.press(KeyCode::Tab);
    assert!(matches!(
        console.app.screen(),
        Screen::Organization {
            tab: Tab::Invites,
            ..
        }
    ));
    assert_eq!(console.app.level().rows.len(), 2);
    assert_eq!(selected(&console), 0, "a new tab starts at the top");
    let pending: Vec<_> = console
        .app
        .level()
        .rows
        .iter()
        .map(|&i| {
            console.app.tenants[0].people.data.as_ref().unwrap()[i]
                .email
                .clone()
        })
        .collect();
    assert_eq!(
        pending,
        ["lucas.ferreira@acme-ltd.com", "aisha.karimi@acme-ltd.com"]
    );
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Acme Ltd", "Pending invites"]
    );
    console.press(KeyCode::Tab);
    assert!(matches!(
        console.app.screen(),
        Screen::Organization {
            tab: Tab::Members,
            ..
        }
    ));
    assert_eq!(console.app.level().rows.len(), 5);

    // Tab means nothing on the organizations list.
    console.press(KeyCode::Esc);
    console.press(KeyCode::Tab);
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
}

#[test]
fn command_tenant_switches_tenant_and_loads_it() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.command("tenant globex");
    assert!(console.app.overlay.is_none(), "the command line closes");
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 1 });
    assert_eq!(console.app.stack.len(), 2);
    let sent = &console.io.sent[before..];
    assert!(sent.iter().all(|s| s.tenant == 1));
    assert_eq!(
        reads(&sent.iter().map(|s| s.op.clone()).collect::<Vec<_>>()),
        (1, 1)
    );
    console.answer_reads();
    assert_eq!(console.app.level().rows.len(), 3);
    assert_eq!(console.app.breadcrumbs(), ["globex", "Organizations"]);

    // Back to acme: already loaded, so nothing is sent again.
    let before = console.sent_count();
    console.command("tenant acme");
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
    assert_eq!(console.app.level().rows.len(), 12);
    assert_eq!(console.sent_count(), before);
}

#[test]
fn tab_completes_tenant_names_in_the_command_line() {
    let mut console = Console::orgs();
    console.ch(':');
    console.type_text("tenant g");
    console.press(KeyCode::Tab);
    assert_eq!(console.command_line().input, "tenant globex");
    console.press(KeyCode::Enter);
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 1 });
}

#[test]
fn an_unknown_command_is_explained_in_the_command_line() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    let stack = console.app.stack.clone();
    console.command("frobnicate");
    let error = console.command_line().error.clone().expect("an error");
    assert!(error.contains("unknown command \"frobnicate\""), "{error}");
    assert!(error.contains("orgs"), "it says what would work: {error}");
    assert_eq!(console.command_line().input, "frobnicate", "input kept");
    assert_eq!(console.app.stack, stack);
    assert_eq!(console.sent_count(), before);
    // Typing clears the error; Esc closes the line.
    console.press(KeyCode::Backspace);
    assert_eq!(console.command_line().error, None);
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none());

    console.command("tenant nowhere");
    assert!(
        console
            .command_line()
            .error
            .as_deref()
            .unwrap()
            .contains("no tenant \"nowhere\"")
    );
}

#[test]
fn members_command_needs_an_organization() {
    let mut console = Console::tenants();
    console.command("members");
    assert!(
        console
            .command_line()
            .error
            .as_deref()
            .unwrap()
            .contains("members of which organization")
    );
    console.press(KeyCode::Esc);
    console.press(KeyCode::Enter);
    console.answer_reads();
    console.select_org("Initech");
    console.command("invites");
    assert_eq!(
        console.app.screen(),
        &Screen::Organization {
            tenant: 0,
            org: "co-acme-03".into(),
            tab: Tab::Invites
        }
    );
}

#[test]
fn help_opens_scrolls_and_any_other_key_closes_it() {
    let mut console = Console::orgs();
    console.ch('?');
    console.ch('j');
    console.ch('j');
    console.ch('k');
    assert!(matches!(
        console.app.overlay,
        Some(Overlay::Help { scroll: 1 })
    ));
    console.ch('n');
    assert!(console.app.overlay.is_none());
    assert_eq!(console.app.screen(), &Screen::Organizations { tenant: 0 });
    console.ch('q');
    assert!(console.app.quit);
}

// ---------------------------------------------------------------- forms

#[test]
fn n_on_organizations_opens_the_create_form() {
    let mut console = Console::orgs();
    console.ch('n');
    let form = console.form();
    assert_eq!(form.kind, FormKind::CreateOrganization);
    assert_eq!(form.tenant, 0);
    assert_eq!(form.focus, 0);
    assert_eq!(form.fields[0].key, "display-name");
    assert!(form.fields.iter().all(|f| !f.has_errors()));
    assert!(form.submitting.is_none());
}

#[test]
fn tab_moves_focus_and_checks_the_field_left() {
    let mut console = Console::orgs();
    console.ch('n');
    // Tabbing past an untouched field does not flag it (submit will).
    console.press(KeyCode::Tab);
    assert_eq!(console.form().fields[console.form().focus].key, "domains");
    assert_eq!(
        console.form().field("display-name").unwrap().client_error,
        None
    );
    console.press(KeyCode::BackTab);
    // Typed, then erased: leaving it blank is flagged.
    console.ch('x');
    console.press(KeyCode::Backspace);
    console.press(KeyCode::Tab);
    let form = console.form();
    assert_eq!(form.fields[form.focus].key, "domains");
    assert_eq!(
        form.field("display-name").unwrap().client_error.as_deref(),
        Some("must not be blank")
    );
    assert_eq!(
        form.field("domains").unwrap().client_error,
        None,
        "a field not left yet is not judged"
    );
    console.press(KeyCode::BackTab);
    assert_eq!(console.form().focus, 0);
    console.type_text("Acme Two");
    console.press(KeyCode::Tab);
    assert_eq!(
        console.form().field("display-name").unwrap().client_error,
        None
    );
    // An invalid external ref is caught when leaving it.
    console.press(KeyCode::Tab);
    console.type_text("crm/2000");
    console.press(KeyCode::Tab);
    let form = console.form();
    assert_eq!(form.fields[form.focus].key, "notes");
    assert!(
        form.field("external-ref")
            .unwrap()
            .client_error
            .as_deref()
            .unwrap()
            .contains("absolute http(s) URL")
    );
    // Tab wraps around.
    console.press(KeyCode::Tab);
    assert_eq!(console.form().focus, 0);
}

/// Fills the create form: name, two domains, external ref, notes; focus ends on notes.
fn fill_create_form(console: &mut Console) {
    console.ch('n');
    console.type_text("Acme Two");
    console.press(KeyCode::Tab);
    console.type_text("acme-two.com");
    console.press(KeyCode::Enter);
    console.type_text("Acme2.Example");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    console.type_text("https://crm.example.com/accounts/2000");
    console.press(KeyCode::Tab);
    console.type_text("Second account");
}

fn expected_new_org() -> Operation {
    Operation::CreateOrganization(NewOrganization {
        name: "Acme Two".into(),
        domains: vec!["acme-two.com".into(), "acme2.example".into()],
        external_ref: Some("https://crm.example.com/accounts/2000".into()),
        notes: Some("Second account".into()),
    })
}

#[test]
fn submitting_sends_one_create_and_a_second_enter_sends_nothing() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(sent_since(&console, before), [expected_new_org()]);
    let id = console.last_sent().id;
    assert_eq!(console.form().submitting.map(|(sent, _)| sent), Some(id));

    console.press(KeyCode::Enter);
    console.send(ctrl('s'));
    console.ch('x');
    assert_eq!(console.sent_count(), before + 1, "nothing more is sent");
    assert_eq!(
        console.form().summary,
        ["Already submitting: wait for the answer, or Esc to cancel."]
    );
    assert_eq!(
        console.form().field("notes").unwrap().value(),
        "Second account",
        "typing while submitting changes nothing"
    );

    // Success closes the form, says so, and reloads the tenant.
    let created = orgdeck::api::model::Organization {
        id: "co-acme-13".into(),
        name: "Acme Two".into(),
        domains: vec!["acme-two.com".into(), "acme2.example".into()],
        external_ref: None,
        notes: None,
        status: OrgStatus::Active,
        parent: None,
        owner: None,
        created_at: None,
        updated_at: None,
    };
    let before = console.sent_count();
    assert!(console.answer(id, Ok(Reply::Organization(created))));
    assert!(console.app.overlay.is_none());
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Info);
    assert_eq!(notice.text, "Created Acme Two");
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

#[test]
fn an_invalid_form_is_not_sent_and_focus_goes_to_the_first_bad_field() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('n');
    console.press(KeyCode::Tab);
    console.type_text("intranet");
    console.press(KeyCode::Enter);
    assert_eq!(
        console
            .form()
            .field("domains")
            .unwrap()
            .client_error
            .as_deref(),
        Some(
            "\"intranet\" is not a full domain name: it needs at least one dot (for example intranet.com)"
        ),
        "a domain is checked when added"
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let form = console.form();
    assert_eq!(console.sent_count(), before);
    assert_eq!(form.summary, ["Fix the marked fields."]);
    assert_eq!(form.fields[form.focus].key, "display-name");
    assert_eq!(
        form.field("display-name").unwrap().client_error.as_deref(),
        Some("must not be blank")
    );
    assert_eq!(form.field("domains").unwrap().items(), ["intranet"]);
}

#[test]
fn esc_while_submitting_cancels_that_request_and_keeps_the_values() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let before = console.sent_count();

    console.press(KeyCode::Esc);
    assert_eq!(console.io.cancelled, [(0, id)]);
    let form = console.form();
    assert!(form.submitting.is_none());
    assert!(
        form.summary[0].starts_with("Cancelled."),
        "{:?}",
        form.summary
    );
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
    assert_eq!(
        form.field("domains").unwrap().items(),
        ["acme-two.com", "Acme2.Example"]
    );
    assert_eq!(form.field("notes").unwrap().value(), "Second account");

    // The cancelled request's answer, if it comes anyway, is dropped.
    assert!(!console.answer(id, Err(timeout())));
    assert!(console.form().summary[0].starts_with("Cancelled."));
    assert_eq!(console.sent_count(), before);

    // It can be submitted again, as a new request.
    console.press(KeyCode::Enter);
    assert_eq!(sent_since(&console, before), [expected_new_org()]);
    assert_ne!(console.last_sent().id, id);
    // A second Esc (not submitting) closes the form.
    console.press(KeyCode::Esc);
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none());
}

#[test]
fn a_rejected_domain_entry_lands_under_domains_with_focus_and_values_kept() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.press(KeyCode::Enter);
    assert_eq!(console.form().fields[console.form().focus].key, "notes");
    let id = console.last_sent().id;
    console.answer(
        id,
        Err(rejected(
            422,
            r#"{"type":"https://orgdeck.dev/problems/validation","title":"Unprocessable Content",
                "status":422,"detail":"1 field is invalid",
                "errors":[{"pointer":"/domains/5","detail":"at most 5 domains"}]}"#,
        )),
    );
    let form = console.form();
    assert!(form.submitting.is_none());
    assert_eq!(form.fields[form.focus].key, "domains", "focus moves there");
    let domains = form.field("domains").unwrap();
    assert_eq!(
        domains.server_errors.len(),
        1,
        "{:?}",
        domains.server_errors
    );
    assert!(
        domains.server_errors[0].contains("at most 5 domains"),
        "{:?}",
        domains.server_errors
    );
    assert!(
        form.fields
            .iter()
            .filter(|f| f.key != "domains")
            .all(|f| !f.has_errors())
    );
    assert!(!form.summary.is_empty(), "the summary says what happened");
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
    assert_eq!(
        domains.items(),
        ["acme-two.com", "Acme2.Example"],
        "what was typed stays"
    );
    assert_eq!(
        form.field("external-ref").unwrap().value(),
        "https://crm.example.com/accounts/2000"
    );
    assert_eq!(form.field("notes").unwrap().value(), "Second account");

    // Editing the field clears the server's complaint about it.
    console.press(KeyCode::Backspace);
    assert!(
        console
            .form()
            .field("domains")
            .unwrap()
            .server_errors
            .is_empty()
    );
}

#[test]
fn a_problem_for_an_existing_entry_names_the_entry() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let problem = problem(
        409,
        r#"{"title":"Conflict","status":409,"detail":"taken",
            "errors":[{"pointer":"/domains/1","detail":"already used by Initech"}]}"#,
    );
    console.answer(
        id,
        Err(orgdeck::api::error::ApiError::Rejected(Box::new(problem))),
    );
    assert_eq!(
        console.form().field("domains").unwrap().server_errors,
        ["Acme2.Example: already used by Initech"]
    );
}

#[test]
fn a_network_failure_while_submitting_keeps_the_form_with_the_cause() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    console.answer(id, Err(timeout()));
    let form = console.form();
    assert!(form.submitting.is_none());
    assert_eq!(form.summary[0], "no answer within 10s");
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
}

#[test]
fn edit_form_sends_only_what_changed_and_nothing_when_nothing_did() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.ch('e');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before);
    assert_eq!(console.form().summary, ["Nothing changed."]);
    console.type_text(" Group");
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [Operation::UpdateOrganization {
            id: "co-acme-01".into(),
            changes: OrganizationChanges {
                name: Some("Acme Ltd Group".into()),
                ..Default::default()
            }
        }]
    );
}

#[test]
fn editing_an_organization_with_empty_notes_and_changing_nothing_sends_nothing() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    assert_eq!(
        console.app.selected_org().unwrap().1.notes.as_deref(),
        Some(""),
        "the server writes empty notes as \"\""
    );
    console.ch('e');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [],
        "an unchanged form sent a write"
    );
    assert_eq!(console.form().summary, ["Nothing changed."]);
}

#[test]
fn edit_user_form_sends_only_what_changed() {
    // A customer and a staff user: unchanged forms send nothing.
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.select_person("chloe.dubois@acme-ltd.com");
    console.ch('e');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.form().summary, ["Nothing changed."]);
    console.press(KeyCode::Tab);
    console.type_text("-Martin");
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [Operation::UpdatePerson {
            id: "chloe.dubois@acme-ltd.com".into(),
            changes: PersonChanges {
                last_name: Some("Dubois-Martin".into()),
                ..Default::default()
            }
        }]
    );

    let mut console = Console::tenants();
    console.command("staff");
    console.answer_reads();
    console.select_person("mei.chen@acme-support.example");
    console.ch('e');
    assert!(console.form().field("agent-type").is_some());
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before);
    assert_eq!(console.form().summary, ["Nothing changed."]);
}

#[test]
fn inviting_staff_needs_an_agent_type() {
    let mut console = Console::tenants();
    console.command("staff");
    console.answer_reads();
    console.ch('n');
    console.type_text("new.agent@acme-support.example");
    console.press(KeyCode::Tab);
    console.type_text("New");
    console.press(KeyCode::Tab);
    console.type_text("Agent");
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before);
    let form = console.form();
    assert_eq!(form.fields[form.focus].key, "agent-type");
    assert!(
        form.field("organization").is_some_and(|_| !form
            .visible_fields()
            .iter()
            .any(|&i| form.fields[i].key == "organization")),
        "staff have no organization field"
    );
    console.press(KeyCode::Right);
    console.press(KeyCode::Enter);
    match &console.last_sent().op {
        Operation::Invite(invite) => {
            assert_eq!(invite.email, "new.agent@acme-support.example");
            assert_eq!(invite.role, orgdeck::api::model::Role::Agent);
            assert_eq!(invite.agent_type.as_deref(), Some("human"));
            assert_eq!(invite.organization, None);
        }
        other => panic!("sent {other:?}"),
    }
}

#[test]
fn pasting_into_the_filter_joins_lines() {
    let mut console = Console::orgs();
    console.ch('/');
    console.send(Msg::Paste("north\nwind".into()));
    assert_eq!(console.app.level().filter, "north wind");
    assert!(console.app.level().rows.is_empty());
    console.press(KeyCode::Esc);
    console.ch('/');
    console.send(Msg::Paste("kestrel".into()));
    assert_eq!(org_names(&console), ["Kestrel Aerospace"]);
    // Pasting with nothing to paste into is ignored.
    console.press(KeyCode::Enter);
    assert!(!console.send(Msg::Paste("x".into())));
    assert_eq!(console.app.level().filter, "kestrel");
}

// ---------------------------------------------------------------- dialogs

#[test]
fn suspend_dialog_starts_on_cancel_and_enter_there_sends_nothing() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('s');
    let dialog = console.dialog();
    assert!(!dialog.confirm_focused, "focus starts on Cancel");
    assert_eq!(dialog.title, "Suspend Acme Ltd?");
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(console.sent_count(), before);

    console.ch('s');
    console.press(KeyCode::Tab);
    assert!(console.dialog().confirm_focused);
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(
        sent_since(&console, before),
        [Operation::UpdateOrganization {
            id: "co-acme-01".into(),
            changes: OrganizationChanges {
                status: Some(OrgStatus::Suspended),
                ..Default::default()
            }
        }]
    );
    assert_eq!(
        console.app.notice.as_ref().unwrap().text,
        "Suspend Acme Ltd…"
    );

    let id = console.last_sent().id;
    let before = console.sent_count();
    let mut suspended = seed_tenant("acme").orgs[0].clone();
    suspended.status = OrgStatus::Suspended;
    console.answer(id, Ok(Reply::Organization(suspended)));
    assert_eq!(
        console.app.notice.as_ref().unwrap().text,
        "Suspended Acme Ltd"
    );
    assert_eq!(reads(&sent_since(&console, before)), (1, 1), "it reloads");
}

#[test]
fn suspend_dialog_closes_on_esc_and_n_and_y_moves_to_confirm() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('s');
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none());
    console.ch('s');
    console.ch('n');
    assert!(console.app.overlay.is_none());
    console.ch('s');
    console.ch('y');
    assert!(console.dialog().confirm_focused);
    console.press(KeyCode::Left);
    assert!(!console.dialog().confirm_focused);
    console.press(KeyCode::Esc);
    assert_eq!(console.sent_count(), before);
}

#[test]
fn a_suspended_organization_is_offered_reactivation() {
    let mut console = Console::orgs();
    console.select_org("Vandelay Imports");
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert_eq!(
        console.last_sent().op,
        Operation::UpdateOrganization {
            id: "co-acme-06".into(),
            changes: OrganizationChanges {
                status: Some(OrgStatus::Active),
                ..Default::default()
            }
        }
    );
}

#[test]
fn delete_dialog_refuses_enter_until_the_exact_name_is_typed() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    let before = console.sent_count();
    console.ch('d');
    assert_eq!(
        console.dialog().type_to_confirm,
        Some(("Initech".into(), String::new()))
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert!(matches!(console.app.overlay, Some(Overlay::Dialog(_))));
    console.type_text("initech");
    console.press(KeyCode::Enter);
    assert!(
        matches!(console.app.overlay, Some(Overlay::Dialog(_))),
        "case matters"
    );
    console.type_text(" ");
    for _ in 0.."initech ".len() {
        console.press(KeyCode::Backspace);
    }
    console.type_text("Initec");
    console.press(KeyCode::Enter);
    assert!(matches!(console.app.overlay, Some(Overlay::Dialog(_))));
    assert_eq!(console.sent_count(), before, "nothing was sent yet");
    console.ch('h');
    assert!(console.dialog().can_confirm());
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(
        sent_since(&console, before),
        [Operation::DeleteOrganization {
            id: "co-acme-03".into()
        }]
    );
}

#[test]
fn revoke_is_for_pending_invites_only() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    let before = console.sent_count();
    console.ch('d');
    assert!(console.app.overlay.is_none());
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("not pending"), "{}", notice.text);
    console.press(KeyCode::Tab);
    console.ch('d');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [Operation::RevokeInvite {
            id: "lucas.ferreira@acme-ltd.com".into()
        }]
    );
}

#[test]
fn resend_sends_at_once_for_a_pending_invite() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    console.ch('j');
    let before = console.sent_count();
    console.ch('R');
    assert_eq!(
        sent_since(&console, before),
        [Operation::ResendInvite {
            id: "aisha.karimi@acme-ltd.com".into()
        }]
    );
    let id = console.last_sent().id;
    console.answer(id, Err(timeout()));
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert_eq!(notice.text, "no answer within 10s");
}

// ---------------------------------------------------------------- read-only

#[test]
fn a_read_only_tenant_refuses_changes_and_says_why() {
    let mut console = Console::orgs_with(true, false);
    let before = console.sent_count();
    for c in ['n', 'e', 's', 'd'] {
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
            .unwrap_or_else(|| panic!("{c} left no notice"));
        assert_eq!(notice.kind, NoticeKind::Error);
        assert!(notice.text.contains("read-only"), "{c}: {}", notice.text);
    }
    // On a pending invite too, including resend.
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    for c in ['n', 'e', 's', 'd', 'R'] {
        console.app.notice = None;
        console.ch(c);
        assert!(console.app.overlay.is_none());
        assert!(
            console
                .app
                .notice
                .as_ref()
                .unwrap()
                .text
                .contains("read-only")
        );
    }
    assert_eq!(console.sent_count(), before);
    for action in [Action::New, Action::Edit, Action::Suspend, Action::Delete] {
        assert!(!console.app.action_available(action), "{action:?}");
    }
    // Reading still works.
    console.ch('r');
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

// ---------------------------------------------------------------- answers

#[test]
fn answers_for_unknown_or_superseded_requests_change_nothing() {
    let mut console = Console::orgs();
    let orgs_before = console.app.tenants[0].orgs.clone();
    assert!(!console.answer_for(0, 999, Ok(Reply::Organizations(vec![]))));
    assert!(!console.answer_for(1, 999, Ok(Reply::People(vec![]))));
    assert_eq!(console.app.tenants[0].orgs, orgs_before);

    // Two refreshes: the first one's answers are superseded.
    console.ch('r');
    let first = console.unanswered();
    console.ch('r');
    let second = console.unanswered()[first.len()..].to_vec();
    assert_eq!(second.len(), 2);
    let orgs_status = console.app.tenants[0].orgs.status.clone();
    for sent in &first {
        let empty = match sent.op {
            Operation::ListOrganizations { .. } => Reply::Organizations(vec![]),
            _ => Reply::People(vec![]),
        };
        console.answer(sent.id, Ok(empty));
    }
    assert_eq!(
        console.app.tenants[0].orgs.status, orgs_status,
        "still loading"
    );
    assert_eq!(console.app.tenants[0].orgs.data, orgs_before.data);
    assert_eq!(
        console.app.tenants[0].people.data.as_ref().unwrap().len(),
        60
    );
    assert_eq!(console.app.level().rows.len(), 12);

    // An answer to a request that is already answered is ignored too.
    console.answer_reads();
    assert!(matches!(
        console.app.tenants[0].orgs.status,
        Status::Loaded { .. }
    ));
    let id = second[0].id;
    assert!(!console.answer(id, Ok(Reply::Organizations(vec![]))));
    assert_eq!(console.app.level().rows.len(), 12);
}

#[test]
fn a_failed_refresh_keeps_the_last_good_data() {
    let mut console = Console::orgs();
    console.ch('r');
    for sent in console.unanswered() {
        console.answer(sent.id, Err(timeout()));
    }
    let t = &console.app.tenants[0];
    assert!(t.orgs.is_stale());
    assert!(t.people.is_stale());
    assert_eq!(t.orgs.trouble().unwrap().cause, "no answer within 10s");
    assert_eq!(console.app.level().rows.len(), 12);
    assert_eq!(console.app.load_state(), Some(("STALE".to_owned(), true)));
}

#[test]
fn a_failing_tenant_shows_why_and_can_still_be_opened_later() {
    let mut console = Console::with_profiles(&[("acme", false), ("offline", false)], false);
    console.answer_reads();
    let t = &console.app.tenants[1];
    assert!(matches!(t.me.status, Status::Failed { .. }));
    assert!(
        t.me.trouble()
            .unwrap()
            .cause
            .contains("could not connect to offline")
    );
    assert_eq!(t.latency, None);
    assert!(console.app.tenants[0].latency.is_some());
}

#[test]
fn entering_a_tenant_with_a_setup_error_is_refused_with_the_reason() {
    let mut console = with_broken_tenant();
    console.ch('j');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.app.screen(), &Screen::Tenants);
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(notice.text.contains("not readable"));
    assert_eq!(console.sent_count(), before);
}

/// acme, and "broken" whose set-up failed (so it has no client).
fn with_broken_tenant() -> Console {
    let mut broken = Tenant::new("broken", "https://broken.example", false);
    broken.setup_error = Some("the token file /home/op/token is not readable".into());
    let acme = Tenant::new("acme", "https://acme.example", false);
    let mut console = Console::with_tenants(vec![acme, broken], &[1], false);
    assert_eq!(console.answer_reads(), 1, "only acme is asked");
    console
}

// ---------------------------------------------------------------- ticks

fn age_tenant(console: &mut Console, tenant: usize, by: Duration) {
    let past = Instant::now()
        .checked_sub(by)
        .expect("the clock goes back that far");
    let t = &mut console.app.tenants[tenant];
    for status in [&mut t.orgs.status, &mut t.people.status, &mut t.me.status] {
        if let Status::Loaded { at } | Status::Failed { at, .. } = status {
            *at = past;
        }
    }
}

#[test]
fn a_tick_refreshes_a_screen_whose_data_is_due() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before, "fresh data is not reloaded");

    age_tenant(&mut console, 0, Duration::from_secs(31));
    console.send(Msg::Tick);
    let sent = &console.io.sent[before..];
    assert!(sent.iter().all(|s| s.tenant == 0));
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
    // While those are under way, ticks send nothing more.
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
}

#[test]
fn a_tick_with_a_form_or_dialog_open_sends_no_refresh() {
    let mut console = Console::orgs();
    age_tenant(&mut console, 0, Duration::from_secs(120));
    let before = console.sent_count();
    console.ch('n');
    console.type_text("Half typed");
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    assert_eq!(
        console.form().field("display-name").unwrap().value(),
        "Half typed"
    );
    console.press(KeyCode::Esc);
    console.ch('s');
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    console.press(KeyCode::Esc);
    console.send(Msg::Tick);
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

#[test]
fn refresh_every_sets_when_a_tick_reloads() {
    let mut console = Console::orgs();
    console.app.refresh_every = Duration::from_secs(3600);
    age_tenant(&mut console, 0, Duration::from_secs(120));
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    console.app.refresh_every = Duration::from_secs(60);
    console.send(Msg::Tick);
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

#[test]
fn a_tick_on_the_tenants_pane_asks_due_tenants_again() {
    let mut console = Console::with_profiles(&[("acme", false), ("globex", false)], false);
    console.answer_reads();
    let before = console.sent_count();
    console.send(Msg::Tick);
    assert_eq!(console.sent_count(), before);
    age_tenant(&mut console, 1, Duration::from_secs(60));
    console.send(Msg::Tick);
    let sent = &console.io.sent[before..];
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].tenant, &sent[0].op), (1, &Operation::WhoAmI));
}

#[test]
fn key_releases_are_ignored_and_ctrl_c_quits_from_anywhere() {
    let mut console = Console::orgs();
    let mut release =
        crossterm::event::KeyEvent::new(KeyCode::Char('j'), crossterm::event::KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert!(!console.send(Msg::Key(release)));
    assert_eq!(selected(&console), 0);
    console.ch('n');
    console.send(ctrl('c'));
    assert!(console.app.quit);
}

// ---------------------------------------------------------------- bugs

#[test]
fn actions_offered_in_an_organization_detail_view_do_something() {
    let mut console = Console::orgs();
    let acme = seed_tenant("acme").orgs[0].clone();
    console.ch('i');
    let suspend = Operation::UpdateOrganization {
        id: acme.id.clone(),
        changes: OrganizationChanges {
            status: Some(OrgStatus::Suspended),
            ..Default::default()
        },
    };
    let delete = Operation::DeleteOrganization {
        id: acme.id.clone(),
    };
    for (c, action, operation) in [
        ('s', Action::Suspend, suspend),
        ('d', Action::Delete, delete),
    ] {
        assert!(
            console.app.action_available(action),
            "{action:?} is offered"
        );
        console.app.notice = None;
        console.ch(c);
        // Doing something is asking to confirm that very change, not any overlay or
        // an error notice.
        assert_eq!(
            console.dialog().operation(),
            Some(&operation),
            "{c} is offered on the details of {} but did not ask to confirm it",
            acme.name
        );
        assert_eq!(console.app.notice, None, "{c}");
        console.app.overlay = None;
    }
}

#[test]
fn actions_offered_on_an_empty_people_tab_do_something() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    assert!(console.app.level().rows.is_empty());
    for (c, action) in [('e', Action::Edit), ('s', Action::Suspend)] {
        assert!(
            !console.app.action_available(action),
            "{c} ({action:?}) is offered with nobody selected"
        );
    }
}

#[test]
fn filter_is_not_offered_where_it_does_nothing() {
    let mut console = Console::orgs();
    console.ch('i');
    console.ch('/');
    assert!(!console.app.level().filtering, "the filter does not open");
    assert!(!console.app.action_available(Action::Filter));
}

#[test]
fn the_refreshing_notice_ends_with_the_refresh() {
    let mut console = Console::orgs();
    console.app.notice = None;
    console.ch('r');
    // The header's spinner says a refresh is under way; no notice is needed.
    let (state, _) = console.app.load_state().expect("a load state");
    assert!(state.contains("loading"), "{state}");
    assert_eq!(console.app.notice, None, "a notice for the refresh itself");
    let refresh = console.unanswered();
    assert!(!refresh.is_empty(), "r sent nothing");
    for sent in refresh {
        console.answer(sent.id, Err(timeout()));
    }
    // The spinner ends with the refresh, and what is left says how it ended.
    let (state, stale) = console.app.load_state().expect("a load state");
    assert!(!state.contains("loading"), "{state}");
    assert!(stale, "a failed refresh leaves the lists stale: {state}");
    assert!(
        console.app.tenants[0].orgs.trouble().is_some(),
        "the failure is kept"
    );
}

#[test]
fn commands_refuse_a_tenant_with_a_setup_error_like_enter_does() {
    let mut console = with_broken_tenant();
    console.command("tenant broken");
    let refused_in_line = matches!(
        &console.app.overlay,
        Some(Overlay::Command(line)) if line.error.as_deref().is_some_and(|e| e.contains("not readable"))
    );
    let refused_in_notice = console
        .app
        .notice
        .as_ref()
        .is_some_and(|n| n.kind == NoticeKind::Error && n.text.contains("not readable"));
    assert!(
        refused_in_line || refused_in_notice,
        "screen {:?}, notice {:?}",
        console.app.screen(),
        console.app.notice
    );
}

#[test]
fn cancelled_superseded_answers_are_dropped_quietly() {
    let mut console = Console::orgs();
    console.ch('r');
    let first = console.unanswered();
    console.ch('r');
    let notice = console.app.notice.clone();
    for sent in &first {
        assert!(console.answer(
            sent.id,
            Err(ApiError::Cancelled {
                superseded: true,
                write: false,
            }),
        ));
    }
    assert_eq!(console.app.notice, notice);
    assert!(console.app.tenants[0].orgs.is_loading());
    assert!(console.app.tenants[0].orgs.trouble().is_none());
    assert_eq!(console.answer_reads(), 2);
    assert!(matches!(
        console.app.tenants[0].orgs.status,
        Status::Loaded { .. }
    ));
}

#[test]
fn a_refresh_of_held_data_revalidates_and_unchanged_keeps_it() {
    let mut console = Console::orgs();
    let people_before = console.app.tenants[0].people.data.clone();
    console.ch('r');
    let refreshes = console.unanswered();
    assert_eq!(refreshes.len(), 2, "organizations and people are re-read");
    for sent in &refreshes {
        assert!(
            console.io.refreshed.contains(&sent.id),
            "{:?} was sent as a plain read, though its data is held",
            sent.op
        );
        console.answer(sent.id, Ok(Reply::Unchanged));
    }
    let people = &console.app.tenants[0].people;
    assert!(matches!(people.status, Status::Loaded { .. }));
    assert_eq!(
        people.data, people_before,
        "unchanged data is kept as it is"
    );
    assert_eq!(console.app.level().rows.len(), 12);
}

#[test]
fn after_a_dropped_answer_unchanged_is_not_trusted() {
    let mut console = Console::orgs();
    console.ch('r');
    let first = console.unanswered();
    console.ch('r');
    let second = console.unanswered()[first.len()..].to_vec();
    // The first refresh's answers arrive after the second was sent: they are stale and
    // dropped, so the client's cache may now describe data the console never took in.
    for sent in &first {
        let data = match sent.op {
            Operation::ListOrganizations { .. } => Reply::Organizations(vec![]),
            _ => Reply::People(vec![]),
        };
        console.answer(sent.id, Ok(data));
    }
    // The second refresh answers "unchanged", which may mean the dropped data.
    for sent in &second {
        console.answer(sent.id, Ok(Reply::Unchanged));
    }
    let again = console.unanswered();
    assert_eq!(again.len(), 2, "both are read again");
    for sent in &again {
        assert!(
            !console.io.refreshed.contains(&sent.id),
            "{:?} must be a full read, not another revalidation",
            sent.op
        );
    }
    console.answer_reads();
    assert_eq!(
        console.app.tenants[0].people.data.as_ref().unwrap().len(),
        60
    );
    assert!(matches!(
        console.app.tenants[0].people.status,
        Status::Loaded { .. }
    ));
}

#[test]
fn a_long_server_wait_counts_down_in_the_status_line_and_esc_stops_it() {
    use orgdeck::api::client::ClientEvent;
    let mut console = Console::orgs();
    console.ch('r');
    let orgs_read = console
        .unanswered()
        .into_iter()
        .find(|s| matches!(s.op, Operation::ListOrganizations { .. }))
        .expect("the refresh reads the organizations")
        .id;
    let retrying = |wait: u64| Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Retrying {
            id: orgs_read,
            attempt: 1,
            wait: Duration::from_secs(wait),
            cause: "rate limited: the server asks to wait".into(),
            server_asked: true,
        }),
    };
    // A short wait passes unremarked.
    console.send(retrying(1));
    assert!(!console.screen(140, 40).contains("retrying in"));

    assert!(console.send(retrying(25)));
    let screen = console.screen(140, 40);
    assert!(screen.contains("retrying in 25s"), "{screen}");
    assert!(screen.contains("rate limited"), "{screen}");
    assert!(screen.contains("Esc stops waiting"), "{screen}");
    // The loop wakes for the next second of the countdown, an overlay open or not.
    console.ch('?');
    let tick = console.app.next_tick().expect("a countdown ticks");
    assert!(tick <= Duration::from_secs(1), "{tick:?}");
    console.press(KeyCode::Esc);

    // Esc stops the wait through the request's cancel, and stays on this screen.
    let screen_before = console.app.screen().clone();
    console.press(KeyCode::Esc);
    assert_eq!(console.io.cancelled, [(0, orgs_read)]);
    assert_eq!(*console.app.screen(), screen_before);
    let notice = console.app.notice.clone().expect("a notice");
    assert!(notice.text.contains("Stopped waiting"), "{notice:?}");
    assert!(!console.screen(140, 40).contains("retrying in"));
    console.answer(
        orgs_read,
        Err(ApiError::Cancelled {
            superseded: false,
            write: false,
        }),
    );
    // With nothing waiting, Esc is Back again: from the organizations to the tenants.
    assert!(
        matches!(screen_before, Screen::Organizations { tenant: 0 }),
        "{screen_before:?}"
    );
    console.press(KeyCode::Esc);
    assert_eq!(*console.app.screen(), Screen::Tenants);
}

#[test]
fn a_finished_read_ends_its_countdown() {
    use orgdeck::api::client::ClientEvent;
    let mut console = Console::orgs();
    console.ch('r');
    let reads = console.unanswered();
    for sent in &reads {
        console.send(Msg::Client {
            tenant: 0,
            event: Box::new(ClientEvent::Retrying {
                id: sent.id,
                attempt: 1,
                wait: Duration::from_secs(40),
                cause: "busy".into(),
                server_asked: true,
            }),
        });
    }
    assert!(console.screen(140, 40).contains("retrying in 40s"));
    console.answer_reads();
    assert!(!console.screen(140, 40).contains("retrying in"));
    assert!(console.app.waits.text(console.app.now).is_none());
}
