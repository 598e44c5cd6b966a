//! The back stack as the path the operator took: a command opens its screen over
//! the one shown and Esc returns to exactly that; a screen already on the path
//! is returned to; `-` toggles to the last view shown; the tenant-wide commands
//! open their view wherever they are typed; each of a node's tabs keeps its own
//! cursor and filter; the breadcrumbs show the path, cut from the left.

use crossterm::event::KeyCode;
use orgdeck::app::screens::{Screen, Subject};
use orgdeck::app::{NoticeKind, Overlay};

use crate::support::console::Console;
use crate::support::ops::{self, fields};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn users(tenant: usize) -> Screen {
    Screen::View {
        tenant,
        view: fields::USERS,
    }
}

fn screens(console: &Console) -> Vec<Screen> {
    console.app.stack.iter().map(|l| l.screen.clone()).collect()
}

fn selected(console: &Console) -> usize {
    console.app.level().selected
}

fn notice(console: &Console) -> String {
    console
        .app
        .notice
        .as_ref()
        .map_or(String::new(), |n| n.text.clone())
}

/// `:users` typed on the organizations list, Initech selected, its list answered.
fn users_from_orgs() -> Console {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.command("users");
    console.answer_reads();
    assert!(console.app.overlay.is_none(), "the command line closes");
    console
}

#[test]
fn esc_after_a_command_returns_to_where_it_was_typed_with_its_selection() {
    let mut console = users_from_orgs();
    assert_eq!(
        screens(&console),
        [Screen::Tenants, ops::orgs_screen(0), users(0)]
    );
    assert!(!console.app.level().rows.is_empty(), "the list loaded");
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    assert_eq!(
        console.app.selected_org().map(|(_, o)| o.name.clone()),
        Some("Initech".to_owned())
    );

    // From a node's tab, with a filter on it: back to that tab as it was.
    console.press(KeyCode::Enter);
    console.ch('/');
    console.type_text("a");
    console.press(KeyCode::Enter);
    console.ch('j');
    let tab = console.app.level().clone();
    console.command("users");
    assert_eq!(console.app.screen(), &users(0));
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &tab.screen);
    assert_eq!(console.app.level().filter, "a");
    assert_eq!(selected(&console), tab.selected);
    console.press(KeyCode::Esc);
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
}

#[test]
fn a_command_to_the_screen_shown_does_nothing_and_one_on_the_path_is_returned_to() {
    let mut console = users_from_orgs();
    console.ch('j');
    console.command("users");
    assert_eq!(console.app.stack.len(), 3, "not stacked twice");
    assert_eq!(selected(&console), 1, "nor started again");

    // A person's details, then `:orgs`: the organizations list on the path.
    console.press(KeyCode::Enter);
    assert!(matches!(
        console.app.screen(),
        Screen::Detail {
            subject: Subject::Party(_),
            ..
        }
    ));
    console.command("orgs");
    assert_eq!(screens(&console), [Screen::Tenants, ops::orgs_screen(0)]);
    assert_eq!(
        console.app.selected_org().map(|(_, o)| o.name.clone()),
        Some("Initech".to_owned())
    );

    // `:users` again, then `:invites` and `:users`: Users is returned to as left.
    console.command("users");
    console.ch('j');
    console.ch('j');
    console.command("invites");
    console.answer_reads();
    assert_eq!(console.app.stack.len(), 4);
    console.command("users");
    assert_eq!(console.app.stack.len(), 3);
    assert_eq!(console.app.screen(), &users(0));
    assert_eq!(selected(&console), 2);
}

#[test]
fn tenant_and_tenants_start_the_path_over() {
    let mut console = users_from_orgs();
    console.command("tenant globex");
    assert_eq!(screens(&console), [Screen::Tenants, ops::orgs_screen(1)]);
    console.command("users");
    console.command("tenants");
    assert_eq!(screens(&console), [Screen::Tenants]);
}

#[test]
fn dash_toggles_to_the_previous_view_each_with_its_selection() {
    let mut console = Console::tenants();
    console.ch('-');
    assert_eq!(console.app.screen(), &Screen::Tenants);
    assert!(
        notice(&console).contains("no previous view"),
        "{:?}",
        notice(&console)
    );
    // Enter is a move: `-` returns to the tenants, and again to the tenant.
    console.press(KeyCode::Enter);
    console.answer_reads();
    console.ch('-');
    assert_eq!(console.app.screen(), &Screen::Tenants);
    console.ch('-');
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));

    console.select_org("Initech");
    console.command("users");
    console.answer_reads();
    console.ch('j');
    console.ch('j');
    console.ch('-');
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    assert_eq!(
        console.app.selected_org().map(|(_, o)| o.name.clone()),
        Some("Initech".to_owned())
    );
    console.ch('-');
    assert_eq!(console.app.screen(), &users(0));
    assert_eq!(selected(&console), 2);
    console.ch('-');
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));

    // After Esc, `-` is the view Esc left (k9s's last view).
    console.ch('-');
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &ops::orgs_screen(0));
    console.ch('-');
    assert_eq!(console.app.screen(), &users(0));
    assert_eq!(selected(&console), 2);
    assert!(!console.app.level().rows.is_empty(), "its rows are back");

    // Enter counts as a move too: `-` returns to the list it was pressed on.
    console.press(KeyCode::Enter);
    console.ch('-');
    assert_eq!(console.app.screen(), &users(0));
}

#[test]
fn invites_and_users_open_the_tenant_wide_views_wherever_they_are_typed() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.command("invites");
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: fields::PENDING
        },
        "not Initech's invites"
    );
    console.press(KeyCode::Esc);
    // On an organization's own tab too.
    console.press(KeyCode::Enter);
    console.answer_reads();
    console.command("invites");
    assert!(matches!(console.app.screen(), Screen::View { view, .. } if *view == fields::PENDING));
    console.command("users");
    assert_eq!(console.app.screen(), &users(0));
    assert_eq!(console.app.stack.len(), 5, "each over the one before");

    // A tab command with no view of its own opens the selected node's tab, and says so.
    console.command("orgs");
    console.command("members");
    assert_eq!(
        console.app.screen(),
        &ops::org_screen(0, "co-acme-03", fields::MEMBERS)
    );
    let shown = console.app.notice.clone().expect("a notice");
    assert_eq!(shown.kind, NoticeKind::Info);
    assert_eq!(shown.text, "Members of Initech, the selected organization");
}

#[test]
fn sequence_customers_is_tenant_wide_and_members_is_the_selected_organizations() {
    use crate::support::sequence;
    use orgdeck::backends::sequence::schema::{CUSTOMERS, MEMBERS_TAB};
    let mut console = sequence::on_tab();
    let tab = console.app.screen().clone();
    console.command("customers");
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: CUSTOMERS
        }
    );
    console.press(KeyCode::Esc);
    assert_eq!(console.app.screen(), &tab);
    console.press(KeyCode::Esc);
    console.command("members");
    assert!(
        matches!(console.app.screen(), Screen::Node { tab, .. } if *tab == MEMBERS_TAB),
        "{:?}",
        console.app.screen()
    );
    assert!(
        notice(&console).starts_with("Owner & members of "),
        "{}",
        notice(&console)
    );
}

#[test]
fn flowkiwi_invitations_is_the_selected_organizations_tab_switched_in_place() {
    use crate::support::flowkiwi;
    use orgdeck::backends::flowkiwi::schema::{INVITATIONS_TAB, MEMBERS_TAB};
    let mut console = flowkiwi::on_orgs();
    console.command("invitations");
    assert!(
        matches!(console.app.screen(), Screen::Node { tab, .. } if *tab == INVITATIONS_TAB),
        "{:?}",
        console.app.screen()
    );
    assert!(
        notice(&console).ends_with(" of Kiwi Labs, the selected organization"),
        "{}",
        notice(&console)
    );
    assert_eq!(console.app.stack.len(), 3);
    // Its other tab is the same node: switched in place, not stacked.
    console.command("members");
    assert!(matches!(console.app.screen(), Screen::Node { tab, .. } if *tab == MEMBERS_TAB));
    assert_eq!(console.app.stack.len(), 3);
    console.press(KeyCode::Esc);
    assert!(matches!(console.app.screen(), Screen::Nodes { .. }));
}

#[test]
fn each_tab_keeps_its_own_cursor_and_filter() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.ch('j');
    console.ch('j');
    assert_eq!(console.app.level().rows.len(), 5);
    console.press(KeyCode::Tab);
    assert_eq!(
        selected(&console),
        0,
        "a tab not shown yet starts at the top"
    );
    console.ch('j');
    console.press(KeyCode::Tab);
    assert_eq!(
        console.app.screen(),
        &ops::org_screen(0, "co-acme-01", fields::MEMBERS)
    );
    assert_eq!(selected(&console), 2, "members as left");
    console.ch('/');
    console.type_text("acme");
    console.press(KeyCode::Enter);
    let filtered = console.app.level().rows.len();
    console.press(KeyCode::Tab);
    assert_eq!(console.app.level().filter, "", "the invites' own filter");
    assert_eq!(console.app.level().rows.len(), 2);
    assert_eq!(selected(&console), 1, "invites as left");
    console.press(KeyCode::Tab);
    assert_eq!(console.app.level().filter, "acme");
    assert_eq!(console.app.level().rows.len(), filtered);
}

#[test]
fn the_breadcrumbs_are_the_path_taken() {
    let mut console = users_from_orgs();
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Organizations", "Users"]
    );
    console.press(KeyCode::Esc);
    console.press(KeyCode::Enter);
    console.command("users");
    assert_eq!(
        console.app.breadcrumbs(),
        ["acme", "Organizations", "Initech", "Members", "Users"]
    );
}

#[test]
fn breadcrumbs_after_users_from_organizations() {
    let mut console = users_from_orgs();
    assert!(!matches!(console.app.overlay, Some(Overlay::Command(_))));
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        let header = screen.lines().next().unwrap_or_default().to_owned();
        assert!(header.contains("acme › Organizations › Users"), "{header}");
        insta::assert_snapshot!(format!("crumbs_users_from_orgs_{width}x{height}"), screen);
    }
}

#[test]
fn a_long_path_is_cut_from_the_left_and_names_the_screen_shown() {
    let mut console = users_from_orgs();
    console.press(KeyCode::Esc);
    console.press(KeyCode::Enter);
    console.answer_reads();
    console.press(KeyCode::Enter);
    let screen = console.screen(80, 24);
    let header = screen.lines().next().unwrap_or_default().trim_matches('"');
    assert!(header.starts_with("orgdeck … › "), "{header}");
    let last = console.app.breadcrumbs().pop().expect("a crumb");
    assert!(header.contains(&last), "{header}");
}

#[test]
fn bitgo_orgusers_on_an_organizations_enterprises_is_that_organizations_tab() {
    use crate::support::bitgo_nodes;
    use orgdeck::api::model::{Operation, Page, Reply};
    use orgdeck::backends::bitgo::schema::{ENTERPRISE, ORG_USERS_TAB, ORGANIZATION};
    let mut console =
        bitgo_nodes::console_as(&"f".repeat(32), "admin@northwind.example", "admin", None);
    console.press(KeyCode::Enter);
    let org = bitgo_nodes::org("o-1", 2);
    for sent in console.unanswered() {
        if matches!(&sent.op, Operation::ListNodes { level, .. } if *level == ORGANIZATION) {
            console.answer(sent.id, Ok(Reply::Nodes(Page::one(vec![org.clone()]))));
        }
    }
    console.press(KeyCode::Enter);
    for sent in console.unanswered() {
        if matches!(&sent.op, Operation::ListNodes { level, .. } if *level == ENTERPRISE) {
            console.answer(sent.id, Ok(bitgo_nodes::page("o-1", 0, 2, 2)));
        }
    }
    assert!(matches!(
        console.app.screen(),
        Screen::Nodes {
            parent: Some(_),
            ..
        }
    ));
    console.command("orgusers");
    assert!(
        console.app.overlay.is_none(),
        "{:?}",
        console.app.overlay.is_some()
    );
    assert_eq!(
        console.app.screen(),
        &Screen::Node {
            tenant: 0,
            level: ORGANIZATION,
            id: "o-1".into(),
            tab: ORG_USERS_TAB
        }
    );
    assert_eq!(
        notice(&console),
        "Users of Northwind, the selected organization"
    );
    console.press(KeyCode::Esc);
    assert!(matches!(console.app.screen(), Screen::Nodes { level, .. } if *level == ENTERPRISE));
}
