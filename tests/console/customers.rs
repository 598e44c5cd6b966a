//! A tenant-wide view read page by page (Sequence's `:customers`): the first
//! page shows at once, the next is asked for as the cursor nears the end, `G`
//! walks to the end with "loaded N of M", `/` filters the loaded rows and asks
//! the server's search once the typing rests, and a customer's details show its
//! organizations and read its whole record. The answers are given by hand.

use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Page, Reply, Scope};
use orgdeck::api::value::Value;
use orgdeck::app::Msg;
use orgdeck::app::paging::AHEAD;
use orgdeck::backends::sequence::schema::{CUSTOMERS, SCHEMA, SEARCH, STATUS};

use crate::support::console::{Console, Sent};
use crate::support::sequence::{self, customer, customer_id, customers_page, named_customer};

/// How many customers the server says it has.
const TOTAL: usize = 250;
/// The view's page size.
const PAGE: usize = 100;

fn is_customers(op: &Operation) -> bool {
    matches!(op, Operation::ListParties { scope: Scope::Tenant(view), .. } if *view == CUSTOMERS)
}

/// The one customers request out, which must be a page read.
fn only_page(console: &Console) -> Sent {
    let open: Vec<Sent> = console
        .unanswered()
        .into_iter()
        .filter(|s| is_customers(&s.op) && !console.io.cancelled.iter().any(|(_, id)| *id == s.id))
        .collect();
    assert_eq!(open.len(), 1, "one page request at a time: {open:?}");
    assert!(console.io.paged.contains(&open[0].id), "read as one page");
    open[0].clone()
}

fn open_pages(console: &Console) -> usize {
    console
        .unanswered()
        .iter()
        .filter(|s| is_customers(&s.op) && !console.io.cancelled.iter().any(|(_, id)| *id == s.id))
        .count()
}

fn cursor_of(sent: &Sent) -> Option<String> {
    match &sent.op {
        Operation::ListParties { page, .. } => page.as_ref().map(|c| c.as_str().to_owned()),
        _ => None,
    }
}

/// `:customers` on the tenant, its first page answered.
fn first_page_in() -> Console {
    let mut console = sequence::console();
    console.press(KeyCode::Enter);
    console.command("customers");
    let first = only_page(&console);
    assert_eq!(cursor_of(&first), None, "the first page has no cursor");
    console.answer(first.id, Ok(customers_page(0, PAGE, TOTAL)));
    console
}

fn title(console: &mut Console) -> String {
    console
        .screen(100, 24)
        .lines()
        .find(|l| l.contains("billing: customers"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_first_page_shows_at_once_and_the_next_is_asked_for_near_the_end() {
    let mut console = first_page_in();
    assert_eq!(console.app.level().rows.len(), PAGE);
    assert!(
        title(&mut console).contains("billing: customers (loaded 100 of 250)"),
        "{}",
        title(&mut console)
    );
    // A page of 100 is within AHEAD of its end from its first row: the
    // second is asked for at once.
    let second = only_page(&console);
    assert_eq!(cursor_of(&second), Some(customer_id(PAGE - 1)));
    console.answer(second.id, Ok(customers_page(PAGE, 2 * PAGE, TOTAL)));
    assert_eq!(console.app.level().rows.len(), 2 * PAGE);
    assert!(title(&mut console).contains("(loaded 200 of 250)"));
    assert_eq!(open_pages(&console), 0, "the cursor is far from the end");
    while open_pages(&console) == 0 {
        console.press(KeyCode::Down);
        assert!(console.app.level().selected < 2 * PAGE, "never asked");
    }
    assert_eq!(console.app.level().selected + AHEAD, 2 * PAGE);
    let third = only_page(&console);
    assert_eq!(cursor_of(&third), Some(customer_id(2 * PAGE - 1)));
}

#[test]
fn g_walks_to_the_end_with_a_count_and_lands_on_the_last_row() {
    let mut console = first_page_in();
    console.ch('G');
    // The second page was asked for with the first; G walks on from it.
    let second = only_page(&console);
    assert!(
        title(&mut console).contains("(loaded 100 of 250, Esc stops)"),
        "{}",
        title(&mut console)
    );
    console.answer(second.id, Ok(customers_page(PAGE, 2 * PAGE, TOTAL)));
    let third = only_page(&console);
    console.answer(third.id, Ok(customers_page(2 * PAGE, TOTAL, TOTAL)));
    assert_eq!(open_pages(&console), 0);
    assert_eq!(console.app.level().rows.len(), TOTAL);
    assert_eq!(console.app.level().selected, TOTAL - 1);
    assert!(title(&mut console).contains("billing: customers (250)"));
}

#[test]
fn a_filter_narrows_the_loaded_rows_and_asks_the_servers_search_once_typing_rests() {
    let mut console = first_page_in();
    let second = only_page(&console);
    console.answer(second.id, Ok(customers_page(PAGE, 2 * PAGE, TOTAL)));
    console.app.search_after = Duration::ZERO;
    console.ch('/');
    console.type_text("customer 0004");
    assert_eq!(
        console.app.level().rows.len(),
        10,
        "00040..00049 are loaded"
    );
    assert_eq!(
        open_pages(&console),
        0,
        "the search waits for the typing to rest"
    );
    console.send(Msg::Tick);
    let search = only_page(&console);
    match &search.op {
        Operation::ListParties { filter, page, .. } => {
            assert_eq!(filter.values(SEARCH), ["customer 0004"]);
            assert!(page.is_none(), "a search is never paged on");
        }
        other => panic!("{other:?}"),
    }
    // The server matched one loaded and one not.
    let found = vec![customer(41, None, &[]), customer(400, None, &[])];
    console.answer(search.id, Ok(Reply::Parties(Page::one(found))));
    assert_eq!(console.app.level().rows.len(), 11);
    let screen = console.screen(100, 24);
    assert!(screen.contains("Customer 00400 Ltd"), "{screen}");
    assert!(
        screen.contains("10 loaded, 1 found by the server"),
        "{screen}"
    );
    console.press(KeyCode::Esc);
    assert_eq!(
        console.app.level().rows.len(),
        2 * PAGE,
        "the loaded rows only"
    );
}

#[test]
fn a_customers_details_show_its_organizations() {
    let mut console = sequence::console();
    console.press(KeyCode::Enter);
    console.command("customers");
    let first = only_page(&console);
    let acme = named_customer(
        &customer_id(7),
        "Acme Billing Ltd",
        None,
        &["Acme Group", "Northwind Holdings"],
    );
    console.answer(first.id, Ok(Reply::Parties(Page::one(vec![acme]))));
    console.ch('i');
    let screen = console.screen(100, 24);
    assert!(screen.contains("Acme Billing Ltd"), "{screen}");
    let orgs = screen
        .lines()
        .find(|l| l.contains("organizations"))
        .unwrap_or_default();
    assert!(orgs.contains("Acme Group, Northwind Holdings"), "{screen}");
    // The breadcrumbs name the customer as the list does, not by its id.
    let crumbs = console.app.breadcrumbs();
    assert_eq!(
        crumbs.last().map(String::as_str),
        Some("Acme Billing Ltd"),
        "{crumbs:?}"
    );
}

#[test]
fn r_starts_the_view_over_from_its_first_page() {
    let mut console = first_page_in();
    console.ch('G');
    let second = only_page(&console);
    console.ch('r');
    assert!(console.io.cancelled.iter().any(|(_, id)| *id == second.id));
    let again = only_page(&console);
    assert_eq!(cursor_of(&again), None);
    console.answer(again.id, Ok(customers_page(0, PAGE, TOTAL)));
    assert_eq!(console.app.level().rows.len(), PAGE);
}

#[test]
fn a_customers_details_read_its_whole_record_which_the_list_item_lacks() {
    let mut console = sequence::console();
    console.press(KeyCode::Enter);
    console.command("customers");
    let first = only_page(&console);
    let id = customer_id(7);
    // A list item carries no status.
    let mut item = named_customer(&id, "Acme Billing Ltd", None, &[]);
    item.set(&SCHEMA, STATUS, Value::Empty);
    console.answer(first.id, Ok(Reply::Parties(Page::one(vec![item.clone()]))));
    console.ch('i');
    let read = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == Operation::GetParty { id: id.clone() })
        .expect("the details read the customer's own record");
    let status_of = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains("status"))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(!status_of(&console.screen(100, 24)).contains("ACTIVE"));
    let mut record = item;
    record.set(&SCHEMA, STATUS, Value::Text("ACTIVE".into()));
    console.answer(read.id, Ok(Reply::Party(record)));
    let screen = console.screen(100, 24);
    assert!(status_of(&screen).contains("ACTIVE"), "{screen}");
}
