//! A list read page by page (BitGo's enterprises): the first page shows before
//! the second is asked for, the next is asked for as the cursor nears the end
//! (one at a time), `G` walks to the end with a count and lands on the last row,
//! Esc stops the walk, a failed page keeps the rows, `r` starts over, and a
//! filter also asks the server's search. The answers are given by hand.

use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::model::{Cursor, Node, Operation, Page, Reply, Scope};
use orgdeck::app::Msg;
use orgdeck::app::paging::AHEAD;
use orgdeck::backends::bitgo::schema::{ENTERPRISE, ORGANIZATION, SEARCH};

use crate::support::bitgo_nodes;
use crate::support::console::{Console, Sent, timeout};

const ORG: &str = "0123456789abcdef0123456789abcdef";
/// How many enterprises the organization says it has.
const TOTAL: usize = 1_200;
/// The rows of one page, as the schema asks for them.
const PAGE: usize = 500;

fn org() -> Node {
    bitgo_nodes::org(ORG, TOTAL)
}

fn enterprise(n: usize) -> Node {
    bitgo_nodes::enterprise(ORG, n)
}

/// Enterprises `from..to`, with the cursor of the page after them unless `to`
/// is the end.
fn page(from: usize, to: usize) -> Reply {
    bitgo_nodes::page(ORG, from, to, TOTAL)
}

fn is_enterprises(op: &Operation) -> bool {
    matches!(op, Operation::ListNodes { level, .. } if *level == ENTERPRISE)
}

/// The enterprise requests not yet answered.
fn open_pages(console: &Console) -> Vec<Sent> {
    console
        .unanswered()
        .into_iter()
        .filter(|s| {
            is_enterprises(&s.op) && !console.io.cancelled.iter().any(|(_, id)| *id == s.id)
        })
        .collect()
}

fn cursor_of(sent: &Sent) -> Option<String> {
    match &sent.op {
        Operation::ListNodes { page, .. } => page.as_ref().map(|c| c.as_str().to_owned()),
        _ => None,
    }
}

/// The one enterprise request out, which must be a page read.
fn only_page(console: &Console) -> Sent {
    let open = open_pages(console);
    assert_eq!(open.len(), 1, "one page request at a time: {open:?}");
    assert!(
        console.io.paged.contains(&open[0].id),
        "a page is read as one page: {:?}",
        open[0]
    );
    open[0].clone()
}

/// Northwind's organizations answered by hand, then Enter on Northwind: its
/// first page of enterprises asked for and not answered.
fn opened() -> Console {
    let mut console =
        bitgo_nodes::console_as(&"f".repeat(32), "admin@northwind.example", "admin", None);
    console.press(KeyCode::Enter);
    for sent in console.unanswered() {
        let reply = match &sent.op {
            Operation::ListNodes { level, .. } if *level == ORGANIZATION => {
                Reply::Nodes(Page::one(vec![org()]))
            }
            Operation::ListParties {
                scope: Scope::Tenant(_),
                ..
            } => Reply::Parties(Page::one(Vec::new())),
            _ => continue,
        };
        console.answer(sent.id, Ok(reply));
    }
    console.select_org("Northwind");
    console.press(KeyCode::Enter);
    console
}

/// `opened`, with the first page answered.
fn first_page_in() -> Console {
    let mut console = opened();
    let first = only_page(&console);
    console.answer(first.id, Ok(page(0, PAGE)));
    console
}

fn title(console: &mut Console) -> String {
    console
        .screen(100, 24)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_first_page_shows_before_the_second_is_asked_for() {
    let mut console = opened();
    let first = only_page(&console);
    assert_eq!(cursor_of(&first), None, "the first page has no cursor");
    console.answer(first.id, Ok(page(0, PAGE)));
    assert_eq!(console.app.level().rows.len(), PAGE);
    let screen = console.screen(100, 24);
    assert!(screen.contains("Child 00000"), "{screen}");
    assert!(
        screen.contains("Northwind: enterprises (loaded 500 of 1,200)"),
        "{screen}"
    );
    assert!(open_pages(&console).is_empty(), "no second page yet");
}

#[test]
fn the_next_page_is_asked_for_near_the_end_and_not_before_and_once() {
    let mut console = first_page_in();
    // Down a page at a time while a page still leaves the end more than AHEAD
    // rows off.
    let screen = orgdeck::app::scroll::rows_shown(&console.app, console.app.level());
    while console.app.level().selected + AHEAD + screen < PAGE {
        console.press(KeyCode::PageDown);
        if console.app.level().selected + AHEAD < PAGE {
            assert!(
                open_pages(&console).is_empty(),
                "asked at row {}",
                console.app.level().selected
            );
        }
    }
    while open_pages(&console).is_empty() {
        console.press(KeyCode::Down);
    }
    assert_eq!(console.app.level().selected + AHEAD, PAGE);
    let second = only_page(&console);
    assert_eq!(cursor_of(&second), Some(format!("{:032x}", PAGE - 1)));
    // More keys while it is out ask for nothing more.
    for _ in 0..5 {
        console.press(KeyCode::Down);
    }
    only_page(&console);
    console.answer(second.id, Ok(page(PAGE, 2 * PAGE)));
    assert_eq!(console.app.level().rows.len(), 2 * PAGE);
    assert!(
        open_pages(&console).is_empty(),
        "the cursor is far from the end again"
    );
    assert!(title(&mut console).contains("(loaded 1,000 of 1,200)"));
}

#[test]
fn g_walks_to_the_end_with_a_count_and_lands_on_the_last_row() {
    let mut console = first_page_in();
    console.press(KeyCode::Char('G'));
    let second = only_page(&console);
    assert!(
        title(&mut console).contains("(loaded 500 of 1,200, Esc stops)"),
        "{}",
        title(&mut console)
    );
    console.answer(second.id, Ok(page(PAGE, 2 * PAGE)));
    // The walk goes on by itself; keys are taken meanwhile.
    let third = only_page(&console);
    assert!(title(&mut console).contains("(loaded 1,000 of 1,200, Esc stops)"));
    console.answer(third.id, Ok(page(2 * PAGE, TOTAL)));
    assert!(open_pages(&console).is_empty());
    let level = console.app.level();
    assert_eq!(level.rows.len(), TOTAL);
    assert_eq!(level.selected, TOTAL - 1, "on the last row");
    let title = title(&mut console);
    assert!(title.contains("Northwind: enterprises (1200)"), "{title}");
}

#[test]
fn esc_stops_the_walk_and_another_key_ends_it() {
    let mut console = first_page_in();
    console.press(KeyCode::Char('G'));
    let second = only_page(&console);
    console.press(KeyCode::Esc);
    assert!(console.io.cancelled.iter().any(|(_, id)| *id == second.id));
    assert!(
        !console.answer(second.id, Ok(page(PAGE, 2 * PAGE))),
        "dropped"
    );
    assert_eq!(console.app.level().rows.len(), PAGE);
    let screen = console.screen(100, 24);
    assert!(screen.contains("Stopped: loaded 500 of 1,200"), "{screen}");
    // Esc only stopped the walk: the list is still on screen.
    assert!(screen.contains("Northwind: enterprises"), "{screen}");

    // Another key lets the page out finish, but the walk stops there.
    console.press(KeyCode::Char('G'));
    let again = only_page(&console);
    console.press(KeyCode::Up);
    console.answer(again.id, Ok(page(PAGE, 2 * PAGE)));
    assert!(
        open_pages(&console).is_empty(),
        "the walk ended with the key"
    );
    assert_ne!(console.app.level().selected, 2 * PAGE - 1);
}

#[test]
fn a_failed_page_keeps_the_rows_and_says_so() {
    let mut console = first_page_in();
    console.press(KeyCode::Char('G'));
    let second = only_page(&console);
    console.answer(second.id, Err(timeout()));
    assert_eq!(console.app.level().rows.len(), PAGE, "the rows stay");
    let screen = console.screen(100, 24);
    assert!(
        screen.contains("could not load more enterprises"),
        "{screen}"
    );
    assert!(screen.contains("(loaded 500 of 1,200)"), "{screen}");
    assert!(open_pages(&console).is_empty(), "no retry by itself");
    // G tries again, from the same cursor.
    console.press(KeyCode::Char('G'));
    assert_eq!(cursor_of(&only_page(&console)), cursor_of(&second));
}

#[test]
fn r_starts_over_from_the_first_page_and_drops_the_page_out() {
    let mut console = first_page_in();
    console.press(KeyCode::Char('G'));
    let second = only_page(&console);
    console.press(KeyCode::Char('r'));
    assert!(console.io.cancelled.iter().any(|(_, id)| *id == second.id));
    let first = only_page(&console);
    assert_eq!(cursor_of(&first), None);
    assert!(
        !console.answer(second.id, Ok(page(PAGE, 2 * PAGE))),
        "stale"
    );
    console.answer(first.id, Ok(page(0, PAGE)));
    assert_eq!(console.app.level().rows.len(), PAGE);
}

#[test]
fn the_automatic_refresh_leaves_a_paged_list_alone() {
    let mut console = first_page_in();
    console.press(KeyCode::Char('G'));
    let second = only_page(&console);
    console.answer(second.id, Ok(page(PAGE, 2 * PAGE)));
    let third = only_page(&console);
    console.answer(third.id, Ok(page(2 * PAGE, TOTAL)));
    console.app.refresh_every = Duration::ZERO;
    console.send(Msg::Tick);
    assert!(
        open_pages(&console).is_empty(),
        "{:?}",
        console.unanswered()
    );
    assert_eq!(console.app.level().rows.len(), TOTAL);
}

fn search_of(sent: &Sent) -> Option<String> {
    match &sent.op {
        Operation::ListNodes { filter, page, .. } => {
            assert!(page.is_none(), "a search is never paged on");
            filter.values(SEARCH).first().cloned()
        }
        _ => None,
    }
}

#[test]
fn a_filter_asks_the_servers_search_and_shows_what_it_found() {
    let mut console = first_page_in();
    console.app.search_after = Duration::ZERO;
    console.press(KeyCode::Char('/'));
    console.type_text("zeta");
    // Typing sends nothing: the search waits for the typing to rest.
    assert!(open_pages(&console).is_empty());
    assert_eq!(console.app.level().rows.len(), 0, "none loaded match");
    assert!(
        console
            .app
            .next_tick()
            .is_some_and(|t| t <= Duration::from_millis(100))
    );
    console.send(Msg::Tick);
    let search = only_page(&console);
    assert_eq!(search_of(&search).as_deref(), Some("zeta"));

    // A newer search cancels the older.
    console.type_text("x");
    console.send(Msg::Tick);
    assert!(console.io.cancelled.iter().any(|(_, id)| *id == search.id));
    let newer = only_page(&console);
    assert_eq!(search_of(&newer).as_deref(), Some("zetax"));
    assert!(
        !console.answer(search.id, Ok(page(0, 1))),
        "the older is dropped"
    );

    console.press(KeyCode::Backspace);
    console.send(Msg::Tick);
    let zeta = only_page(&console);
    // Matches by what the server knows (a user's email, say): one loaded, one not.
    let found = vec![enterprise(3), enterprise(1_150)];
    console.answer(zeta.id, Ok(Reply::Nodes(Page::one(found))));
    let rows = console.app.level().rows.len();
    assert_eq!(rows, 1, "the one beyond the loaded rows");
    let screen = console.screen(100, 24);
    assert!(screen.contains("Child 01150"), "{screen}");
    assert!(screen.contains("found by the server"), "{screen}");
    assert!(open_pages(&console).is_empty(), "answered once");

    // Clearing the filter leaves the loaded rows only.
    console.press(KeyCode::Esc);
    assert_eq!(console.app.level().rows.len(), PAGE);
    assert!(!console.screen(100, 24).contains("Child 01150"));
}

#[test]
fn typing_a_filter_on_a_long_list_is_never_held_up_by_the_server() {
    let mut console = first_page_in();
    console.app.search_after = Duration::from_secs(3600);
    console.press(KeyCode::Char('/'));
    console.type_text("child 0004");
    console.send(Msg::Tick);
    // Within the quiet time nothing is asked; the loaded rows are filtered.
    assert!(open_pages(&console).is_empty());
    assert_eq!(console.app.level().rows.len(), 10);
}

#[test]
fn a_server_paging_in_circles_is_stopped_and_named() {
    let mut console = first_page_in();
    console.press(KeyCode::Char('G'));
    let second = only_page(&console);
    // The second page points back at the cursor it was asked with.
    let looping = Reply::Nodes(Page {
        items: (PAGE..2 * PAGE).map(enterprise).collect(),
        next: Some(Cursor::new(format!("{:032x}", PAGE - 1))),
        total: None,
    });
    console.answer(second.id, Ok(looping));
    assert!(open_pages(&console).is_empty(), "not asked again");
    assert_eq!(console.app.level().rows.len(), 2 * PAGE, "the rows stay");
    let screen = console.screen(100, 24);
    assert!(screen.contains("go round in a circle"), "{screen}");
}
