//! Moving, drilling in and back, filtering, tabs and the command line.

use super::*;

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
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
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
    // At 80x24 a page (19 rows) is more than the list: one page goes to the end.
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 11);
    console.press(KeyCode::PageUp);
    assert_eq!(selected(&console), 0);
    // A short terminal: 7 rows shown of 12. A page moves the window as far as
    // a full last page allows (5 rows), the cursor with it and kept three rows
    // clear of the window's top.
    console.send(Msg::Resize(80, 12));
    assert_eq!(console.app.size, (80, 12));
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 8);
    console.send(ctrl('d'));
    assert_eq!(
        selected(&console),
        11,
        "the window at its end: the cursor to the last row"
    );
    console.press(KeyCode::PageDown);
    assert_eq!(selected(&console), 11, "clamped to the last row");
    console.press(KeyCode::PageUp);
    assert_eq!(
        selected(&console),
        3,
        "three rows clear of the window's bottom"
    );
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
        &ops::org_screen(0, "co-acme-08", fields::MEMBERS)
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
            subject: Subject::Party(_),
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
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
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
    assert!(matches!(console.app.screen(), Screen::Node { .. }));
    console.ch('h');
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    assert_eq!(selected(&console), 1);
    console.press(KeyCode::Right);
    assert!(matches!(console.app.screen(), Screen::Node { .. }));
    console.press(KeyCode::Left);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
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
            subject: Subject::Node {
                level: fields::ORGANIZATION,
                id: "co-acme-04".into()
            }
        }
    );
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Organizations", "Umbrella Health", "Details"]
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
        &ops::orgs_screen(0),
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
        ops::email(console.app.selected_person().unwrap().1),
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
        Screen::Node {
            tab: fields::INVITES,
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
        .map(|&i| ops::email(&console.app.tenants[0].people.data.as_ref().unwrap()[i]).to_owned())
        .collect();
    assert_eq!(
        pending,
        ["lucas.ferreira@acme-ltd.com", "aisha.karimi@acme-ltd.com"]
    );
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Organizations", "Acme Ltd", "Pending invites"]
    );
    console.press(KeyCode::Tab);
    assert!(matches!(
        console.app.screen(),
        Screen::Node {
            tab: fields::MEMBERS,
            ..
        }
    ));
    assert_eq!(console.app.level().rows.len(), 5);

    // Tab means nothing on the organizations list.
    console.press(KeyCode::Esc);
    console.press(KeyCode::Tab);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
}

#[test]
fn command_tenant_switches_tenant_and_loads_it() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.command("tenant globex");
    assert!(console.app.overlay.is_none(), "the command line closes");
    assert_eq!(console.app.screen(), &ops::orgs_screen(1));
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
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
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
    assert_eq!(console.app.screen(), &ops::orgs_screen(1));
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
    console.command("members");
    assert_eq!(
        console.app.screen(),
        &ops::org_screen(0, "co-acme-03", fields::MEMBERS)
    );
    // The command names no organization: the notice says whose tab it is.
    let notice = console.app.notice.as_ref().expect("a notice");
    assert_eq!(notice.text, "Members of Initech, the selected organization");
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
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    console.ch('q');
    assert!(console.app.quit);
}
