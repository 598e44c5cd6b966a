//! Sequence's member dialogs at 80x24 and 140x40: removing a member (the list
//! replaced without them, who stays and who goes named), the same once the
//! members changed meanwhile, a long list told by counts, and a create form with
//! the server's problem on one member entry. Driven as `sequence_members` is.

use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Page, Reply};

use crate::support::console::{Console, rejected};
use crate::support::sequence::{
    MEMBERS, OWNER, answer_lists, customer_id, named_customer, on_orgs, on_tab, org, orgs, pending,
    pick_by_name, tab,
};

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];

fn snap(console: &mut Console, name: &str) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        insta::assert_snapshot!(format!("sequence_{name}_{width}x{height}"), screen);
    }
}

fn delete_row(console: &mut Console, n: usize) {
    console.ch('g');
    for _ in 0..n {
        console.ch('j');
    }
    console.ch('d');
}

#[test]
fn remove_member_dialog() {
    let mut console = on_tab();
    delete_row(&mut console, 2);
    assert_eq!(
        console.dialog().title,
        "Remove Gamma GmbH from Acme Holdings?"
    );
    snap(&mut console, "remove_member_dialog");
}

#[test]
fn remove_member_dialog_after_the_members_changed() {
    let mut console = on_tab();
    delete_row(&mut console, 1);
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let (get, _) = pending(&console, |op| matches!(op, Operation::GetNode { .. }));
    let now = [MEMBERS[1], MEMBERS[2], (5, "Epsilon AB")];
    let now_with_beta = [MEMBERS[0], now[0], now[1], now[2]];
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &now_with_beta))));
    let (read, _) = pending(&console, |op| matches!(op, Operation::ListParties { .. }));
    let listed = tab(1, OWNER, &now_with_beta);
    console.answer(read, Ok(Reply::Parties(Page::one(listed))));
    assert!(console.dialog().body[0].contains("members changed"));
    snap(&mut console, "remove_member_dialog_changed");
}

#[test]
fn remove_member_dialog_of_a_long_list() {
    let names: Vec<String> = (0..12).map(|n| format!("Member {n:02} Ltd")).collect();
    let members: Vec<(usize, &str)> = names
        .iter()
        .enumerate()
        .map(|(n, name)| (n + 10, name.as_str()))
        .collect();
    let mut console = on_orgs();
    console.press(KeyCode::Enter);
    answer_lists(&mut console, orgs(), tab(1, OWNER, &members));
    delete_row(&mut console, 3);
    let body = console.dialog().body.clone();
    assert!(
        body.contains(&"Stays (12): Acme Holdings (owner), Member 00 Ltd, Member 01 Ltd, Member 03 Ltd and 8 more".to_owned()),
        "{body:?}"
    );
    snap(&mut console, "remove_member_dialog_long");
}

#[test]
fn create_form_with_a_problem_on_a_member_entry() {
    let mut console = on_orgs();
    console.ch('n');
    for (n, name) in [OWNER, MEMBERS[0], MEMBERS[1]] {
        if n == MEMBERS[0].0 {
            console.press(KeyCode::Tab);
        }
        let found = named_customer(&customer_id(n), name, None, &[]);
        pick_by_name(&mut console, &name[..4], vec![found]);
    }
    console.press(KeyCode::Enter);
    let (create, _) = pending(&console, |op| matches!(op, Operation::CreateNode { .. }));
    let body = r#"{"error":{"type":"validationError","message":"Request data validation failed","errors":[{"code":"ownerIsMember","message":"the owner cannot also be a member","key":"memberIds[1]","errors":[]}]}}"#;
    console.answer(create, Err(rejected(400, body)));
    snap(&mut console, "create_form_member_problem");
}
