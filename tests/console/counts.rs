//! A list column counting each row's tab (BitGo's enterprises: USERS): the
//! console reads the tab lists of the rows on screen in the background, two at a
//! time, each once until `r`; rows off screen are never read and reads for rows
//! that scrolled away are called off; a tab already loaded counts without a
//! read; a failed read shows "?" and its cause in the details. Answers by hand.

use std::collections::BTreeSet;

use crossterm::event::KeyCode;
use orgdeck::api::backend::Backend;
use orgdeck::api::model::{
    MemberState, Node, Operation, Page, Party, PartyKind, Record, Reply, Scope,
};
use orgdeck::api::value::Value;
use orgdeck::app::counts::IN_FLIGHT;
use orgdeck::backends::bitgo::BitGo;
use orgdeck::backends::bitgo::schema::{ENTERPRISE, ORGANIZATION, USERS_TAB};

use crate::support::bitgo_nodes;
use crate::support::console::{Console, Sent, timeout};

const ORG: &str = "0123456789abcdef0123456789abcdef";
/// How many enterprises the organization holds: more pages than one.
const TOTAL: usize = 100_000;
const PAGE: usize = 500;
/// Rows a 24-line terminal shows under the chrome.
const ROWS_SHOWN: usize = 19;

fn org() -> Node {
    bitgo_nodes::org(ORG, TOTAL)
}

fn enterprise_id(n: usize) -> String {
    bitgo_nodes::enterprise_id(n)
}

fn page(from: usize, to: usize) -> Reply {
    bitgo_nodes::page(ORG, from, to, TOTAL)
}

/// `n` users, as an enterprise's Users tab lists them.
fn users(n: usize) -> Vec<Party> {
    let schema = BitGo.schema();
    (0..n)
        .map(|i| {
            Party::new(
                &format!("{i:032x}"),
                PartyKind::User,
                MemberState::Active,
                Record::read(schema.party_fields, |_| Value::Empty),
                Box::default(),
            )
        })
        .collect()
}

/// The enterprise whose Users tab `sent` reads, if it is such a read.
fn counted(sent: &Sent) -> Option<String> {
    match &sent.op {
        Operation::ListParties {
            scope: Scope::Node { level, id, tab },
            ..
        } if *level == ENTERPRISE && *tab == USERS_TAB => Some(id.clone()),
        _ => None,
    }
}

/// The tab reads out: sent, not answered, not called off.
fn out(console: &Console) -> Vec<Sent> {
    console
        .unanswered()
        .into_iter()
        .filter(|s| counted(s).is_some() && !console.io.cancelled.iter().any(|(_, id)| *id == s.id))
        .collect()
}

/// Every enterprise whose tab was ever asked for.
fn asked(console: &Console) -> Vec<String> {
    console.io.sent.iter().filter_map(counted).collect()
}

/// Northwind's enterprises asked for, their first page not answered yet.
fn opened() -> Console {
    let mut console =
        bitgo_nodes::console_as(&"f".repeat(32), "admin@northwind.example", "admin", None);
    console.press(KeyCode::Enter);
    for sent in console.unanswered() {
        if matches!(&sent.op, Operation::ListNodes { level, .. } if *level == ORGANIZATION) {
            console.answer(sent.id, Ok(Reply::Nodes(Page::one(vec![org()]))));
        }
    }
    console.select_org("Northwind");
    console.press(KeyCode::Enter);
    console
}

fn answer_first_page(console: &mut Console) {
    let first = console
        .unanswered()
        .into_iter()
        .find(|s| matches!(&s.op, Operation::ListNodes { level, .. } if *level == ENTERPRISE))
        .expect("the first page is asked for");
    console.answer(first.id, Ok(page(0, PAGE)));
}

/// The enterprises' first page in.
fn listed() -> Console {
    let mut console = opened();
    answer_first_page(&mut console);
    console
}

/// Answers every tab read out with `n` users each (and what they set off),
/// checking that no more than `IN_FLIGHT` are ever out at once.
fn answer_counts(console: &mut Console, n: usize) {
    loop {
        let open = out(console);
        assert!(open.len() <= IN_FLIGHT, "{} out at once", open.len());
        let Some(first) = open.first() else {
            return;
        };
        console.answer(first.id, Ok(Reply::Parties(Page::one(users(n)))));
    }
}

/// The row showing `name`, at 80x24.
fn row(console: &mut Console, name: &str) -> String {
    let screen = console.screen(80, 24);
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no row shows {name}:\n{screen}"))
        .to_owned()
}

#[test]
fn the_rows_on_screen_are_counted_two_at_a_time_and_no_others() {
    let mut console = listed();
    let first: Vec<String> = out(&console).iter().filter_map(counted).collect();
    assert_eq!(first, vec![enterprise_id(0), enterprise_id(1)]);
    assert!(row(&mut console, "Child 00000").contains(" …"));
    answer_counts(&mut console, 3);
    let asked = asked(&console);
    let shown: Vec<String> = (0..ROWS_SHOWN).map(enterprise_id).collect();
    assert_eq!(asked, shown, "each row on screen once, top first, no other");
    let screen = console.screen(80, 24);
    assert!(screen.contains("USERS"), "{screen}");
    assert!(row(&mut console, "Child 00018").contains(" 3 "), "{screen}");
    // The header may shorten the breadcrumbs with one; no count is cut.
    let rows: Vec<&str> = screen.lines().skip(1).collect();
    assert!(!rows.concat().contains('…'), "{screen}");
}

#[test]
fn the_console_stays_usable_while_counts_are_out() {
    let mut console = listed();
    assert_eq!(out(&console).len(), IN_FLIGHT);
    // Keys still move the cursor, which stays where the operator put it when
    // the counts come in.
    for _ in 0..3 {
        console.press(KeyCode::Down);
    }
    answer_counts(&mut console, 2);
    assert_eq!(console.app.level().selected, 3);
    assert!(console.app.overlay.is_none());
}

#[test]
fn scrolling_far_calls_off_the_reads_of_rows_scrolled_away_and_queues_nothing() {
    let mut console = listed();
    let presses = 20;
    for _ in 0..presses {
        console.press(KeyCode::PageDown);
        let open = out(&console);
        // The new screen's rows are asked at once, in the slots the rows
        // scrolled away left.
        assert_eq!(open.len(), IN_FLIGHT, "{open:?}");
        // What is out is on screen now.
        let top = console.app.level().offset;
        let on_screen: BTreeSet<String> = (top..top + ROWS_SHOWN).map(enterprise_id).collect();
        for sent in &open {
            let id = counted(sent).unwrap_or_default();
            assert!(on_screen.contains(&id), "row {id} is off screen");
        }
    }
    assert!(
        console.app.level().selected > 10 * ROWS_SHOWN,
        "the cursor went far: {}",
        console.app.level().selected
    );
    // Two per screen passed at most, never a queue of every row passed.
    let asked = asked(&console).len();
    assert!(asked <= IN_FLIGHT * (presses + 1), "{asked} reads");
    assert!(
        console.io.cancelled.len() >= asked - IN_FLIGHT,
        "the reads of rows scrolled away are called off"
    );
}

#[test]
fn a_loaded_users_tab_counts_its_row_without_a_read() {
    let mut console = opened();
    let now = console.app.now;
    console.app.tenants[0]
        .members
        .entry((ENTERPRISE, enterprise_id(0), USERS_TAB))
        .or_default()
        .list
        .loaded(users(7), now);
    answer_first_page(&mut console);
    assert!(!asked(&console).contains(&enterprise_id(0)));
    assert!(row(&mut console, "Child 00000").contains(" 7 "));
    // The two reads out are the next rows'.
    let first: Vec<String> = out(&console).iter().filter_map(counted).collect();
    assert_eq!(first, vec![enterprise_id(1), enterprise_id(2)]);
}

#[test]
fn a_counted_row_opens_its_users_tab_without_another_read() {
    let mut console = listed();
    answer_counts(&mut console, 4);
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    let screen = console.screen(80, 24);
    assert!(screen.contains("[Users] (4)"), "{screen}");
    assert!(
        !console.io.sent[before..]
            .iter()
            .any(|s| counted(s) == Some(enterprise_id(0))),
        "the tab was already read"
    );
}

#[test]
fn refresh_forgets_the_counts_and_reads_them_again() {
    let mut console = listed();
    answer_counts(&mut console, 3);
    let before = asked(&console).len();
    console.press(KeyCode::Char('r'));
    answer_first_page(&mut console);
    assert!(row(&mut console, "Child 00000").contains(" …"));
    let again: Vec<String> = out(&console).iter().filter_map(counted).collect();
    assert_eq!(again, vec![enterprise_id(0), enterprise_id(1)]);
    answer_counts(&mut console, 5);
    assert_eq!(asked(&console).len(), before + ROWS_SHOWN);
    assert!(row(&mut console, "Child 00000").contains(" 5 "));
}

#[test]
fn a_failed_count_shows_its_mark_and_its_cause_in_the_details_and_is_not_retried() {
    let mut console = listed();
    let first = out(&console)[0].clone();
    assert_eq!(counted(&first), Some(enterprise_id(0)));
    console.answer(first.id, Err(timeout()));
    answer_counts(&mut console, 3);
    let line = row(&mut console, "Child 00000");
    assert!(line.contains(" ? "), "{line}");
    assert!(row(&mut console, "Child 00001").contains(" 3 "));
    let tries = asked(&console)
        .iter()
        .filter(|id| **id == enterprise_id(0))
        .count();
    assert_eq!(tries, 1, "a failed count is not asked again until r");
    console.press(KeyCode::Char('i'));
    let screen = console.screen(80, 24);
    let users = screen
        .lines()
        .find(|l| l.contains("users  "))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(users.contains("? could not read:"), "{screen}");
    assert!(users.contains("no answer within 10s"), "{screen}");
}

#[test]
fn rows_of_a_later_page_are_counted_when_scrolled_to() {
    let mut console = listed();
    while console.app.level().selected < PAGE + ROWS_SHOWN {
        console.press(KeyCode::PageDown);
        let next = console.unanswered().into_iter().find(|s| {
            matches!(&s.op, Operation::ListNodes { level, page: Some(_), .. } if *level == ENTERPRISE)
        });
        if let Some(next) = next {
            console.answer(next.id, Ok(page(PAGE, 2 * PAGE)));
        }
    }
    let top = console.app.level().offset;
    assert!(top >= PAGE, "on the second page: {top}");
    let open: Vec<String> = out(&console).iter().filter_map(counted).collect();
    assert_eq!(open, vec![enterprise_id(top), enterprise_id(top + 1)]);
    answer_counts(&mut console, 6);
    let name = format!("Child {:05}", top + ROWS_SHOWN - 1);
    assert!(row(&mut console, &name).contains(" 6 "));
}
