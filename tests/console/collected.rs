//! A top-level list collected from another listing (Sequence's organizations,
//! read through every customer): rows show from the first page of the walk and
//! grow with each, the title says how far the reading has come, the operator
//! moves and filters meanwhile, the whole list replaces the rows without moving
//! the cursor, a walk that fails keeps what arrived marked stale, and `r` starts
//! it over. The client's progress events are given by hand.

use crossterm::event::KeyCode;
use orgdeck::api::client::{ClientEvent, RequestId};
use orgdeck::api::model::{Node, Operation, Page, Reply};
use orgdeck::app::Msg;
use orgdeck::backends::sequence::schema::ORGANIZATION;

use crate::support::console::{Console, timeout};
use crate::support::sequence::{self, numbered_org, org_id};

/// How many customers the server says it has.
const CUSTOMERS: u64 = 1_250;

fn is_walk(op: &Operation) -> bool {
    matches!(
        op,
        Operation::ListNodes { level, parent: None, .. } if *level == ORGANIZATION
    )
}

/// The walk for the organizations the console has out, not cancelled.
fn walk(console: &Console) -> RequestId {
    let open: Vec<_> = console
        .unanswered()
        .into_iter()
        .filter(|s| is_walk(&s.op) && !console.io.cancelled.iter().any(|(_, id)| *id == s.id))
        .collect();
    assert_eq!(open.len(), 1, "one walk at a time: {open:?}");
    open[0].id
}

/// Enter on the tenant: the organizations asked for, nothing answered yet.
fn opened() -> Console {
    let mut console = sequence::console();
    console.press(KeyCode::Enter);
    console
}

/// One page of the walk came in: these nodes new on it.
fn progress(console: &mut Console, id: RequestId, nodes: Vec<Node>, scanned: u64) -> bool {
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Progress {
            id,
            reply: Reply::Nodes(Page::one(nodes)),
            scanned,
            total: Some(CUSTOMERS),
        }),
    })
}

/// Organizations `from..to`, two members each.
fn orgs(from: usize, to: usize) -> Vec<Node> {
    (from..to).map(|n| numbered_org(n, 2)).collect()
}

/// The list's title line (under the banner, when there is one).
fn title(console: &mut Console) -> String {
    console
        .screen(100, 24)
        .lines()
        .find(|l| l.contains("billing: customer organizations"))
        .unwrap_or_default()
        .to_owned()
}

fn selected_id(console: &Console) -> Option<String> {
    console.app.selected_org().map(|(_, o)| o.id.clone())
}

#[test]
fn rows_show_from_the_first_page_and_grow_with_each_and_the_title_says_how_far() {
    let mut console = opened();
    let id = walk(&console);
    assert!(
        !console.io.paged.contains(&id),
        "the client walks the pages itself"
    );
    assert!(progress(&mut console, id, orgs(0, 3), 100));
    assert_eq!(console.app.level().rows.len(), 3);
    let screen = console.screen(100, 24);
    assert!(screen.contains("Customer 00000 Ltd"), "{screen}");
    assert!(
        screen.contains(
            "billing: customer organizations (3 so far; reading customers… 100 of 1,250)"
        ),
        "{screen}"
    );
    // The next page: two new ones, and one the first page held already.
    let mut next = orgs(3, 5);
    next.push(numbered_org(1, 2));
    progress(&mut console, id, next, 200);
    assert_eq!(
        console.app.level().rows.len(),
        5,
        "an organization shows once"
    );
    assert!(
        title(&mut console).contains("(5 so far; reading customers… 200 of 1,250)"),
        "{}",
        title(&mut console)
    );
    let whole = Reply::Nodes(Page::one(orgs(0, 5)));
    console.answer(id, Ok(whole));
    let title = title(&mut console);
    assert!(
        title.contains("billing: customer organizations (5)"),
        "{title}"
    );
}

#[test]
fn member_counts_on_the_rows_come_from_the_node_record() {
    let mut console = opened();
    let id = walk(&console);
    progress(
        &mut console,
        id,
        vec![numbered_org(0, 3), numbered_org(10, 0)],
        100,
    );
    let screen = console.screen(100, 24);
    let row = |name: &str| {
        screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(screen.contains("MEMBERS"), "{screen}");
    assert!(row("Customer 00000 Ltd").contains(" 3 "), "{screen}");
    assert!(row("Customer 00010 Ltd").contains(" 0 "), "{screen}");
}

#[test]
fn the_operator_moves_and_filters_meanwhile_and_the_whole_list_keeps_the_cursor() {
    let mut console = opened();
    let id = walk(&console);
    progress(&mut console, id, orgs(0, 4), 100);
    console.press(KeyCode::Down);
    console.press(KeyCode::Down);
    let on = selected_id(&console);
    assert_eq!(on, Some(org_id(2)));
    progress(&mut console, id, orgs(4, 8), 200);
    assert_eq!(selected_id(&console), on, "the cursor stays on its row");
    // A filter typed meanwhile narrows what came and what comes.
    console.ch('/');
    console.type_text("Customer 0000");
    console.press(KeyCode::Enter);
    assert_eq!(console.app.level().rows.len(), 8);
    progress(&mut console, id, orgs(8, 12), 300);
    assert_eq!(
        console.app.level().rows.len(),
        10,
        "Customer 00008..00009 match, 00010..00011 do not"
    );
    console.press(KeyCode::Esc);
    console.select_org("Customer 00006 Ltd");
    // The whole list comes in another order, with an organization the walk
    // did not find (one this console created, remembered): the cursor stays
    // on the organization it was on.
    let mut whole = orgs(0, 12);
    whole.reverse();
    whole.push(numbered_org(40, 0));
    console.answer(id, Ok(Reply::Nodes(Page::one(whole))));
    assert_eq!(console.app.level().rows.len(), 13);
    assert_eq!(selected_id(&console), Some(org_id(6)));
}

#[test]
fn a_walk_that_fails_keeps_what_arrived_marked_stale_and_r_reads_again() {
    let mut console = opened();
    let id = walk(&console);
    progress(&mut console, id, orgs(0, 6), 200);
    console.answer(id, Err(timeout()));
    assert_eq!(console.app.level().rows.len(), 6, "what arrived stays");
    let (state, bad) = console.app.load_state().expect("a load state");
    assert_eq!((state.as_str(), bad), ("STALE", true));
    let notice = console.app.notice.clone().expect("the operator is told");
    assert!(
        notice
            .text
            .starts_with("reading customers stopped at 200 of 1,250: "),
        "{notice:?}"
    );
    let hint = notice.hint.unwrap_or_default();
    assert!(
        hint.contains("6 organizations found so far stay")
            && hint.contains("r reads the customers again"),
        "{hint}"
    );
    assert!(
        title(&mut console).contains("(6 so far; stopped at 200 of 1,250 customers)"),
        "{}",
        title(&mut console)
    );
    console.ch('r');
    let again = walk(&console);
    assert_ne!(again, id);
    // The new walk's first page replaces what the failed one left.
    progress(&mut console, again, orgs(20, 22), 100);
    assert_eq!(console.app.level().rows.len(), 2);
    assert!(title(&mut console).contains("(2 so far; reading customers… 100 of 1,250)"));
}

#[test]
fn r_during_a_walk_abandons_it_and_its_pages_are_dropped() {
    let mut console = opened();
    let id = walk(&console);
    progress(&mut console, id, orgs(0, 3), 100);
    console.ch('r');
    assert!(console.io.cancelled.iter().any(|(_, c)| *c == id));
    let again = walk(&console);
    assert!(!progress(&mut console, id, orgs(3, 6), 200), "dropped");
    progress(&mut console, again, orgs(10, 11), 100);
    assert_eq!(console.app.level().rows.len(), 1);
}

#[test]
fn a_refresh_keeps_the_whole_list_until_the_new_whole_one_is_in() {
    let mut console = opened();
    let id = walk(&console);
    console.answer(id, Ok(Reply::Nodes(Page::one(orgs(0, 5)))));
    console.ch('r');
    let again = walk(&console);
    progress(&mut console, again, orgs(0, 2), 100);
    assert_eq!(console.app.level().rows.len(), 5, "the whole list stays");
    assert!(
        title(&mut console).contains("(5; reading customers… 100 of 1,250)"),
        "{}",
        title(&mut console)
    );
    console.answer(again, Ok(Reply::Nodes(Page::one(orgs(0, 7)))));
    assert_eq!(console.app.level().rows.len(), 7);
}
