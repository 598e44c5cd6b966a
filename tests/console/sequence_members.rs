//! Editing an organization's members where the API only adds members or
//! replaces the whole list (Sequence): removing by replacing, with the node read
//! again first, one member or several marked; and what the backend lacks, not
//! offered and explained (adding and the forms' problems are in
//! `sequence_member_forms`). Driven through the update logic with a Sequence
//! tenant answered by hand.

use crossterm::event::KeyCode;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::ValueRef;
use orgdeck::api::model::{Operation, Reply, Scope};
use orgdeck::app::NoticeKind;
use orgdeck::app::keymap::Action;
use orgdeck::backends::sequence::schema::{MEMBER_COUNT, MEMBERS_TAB, ORGANIZATION};

use crate::support::console::Console;
use crate::support::sequence::{
    MEMBERS, OWNER, answer_lists, customer_id, on_orgs, on_tab, org, org_id, orgs, pending, tab,
};

pub(super) fn notice(console: &Console) -> (NoticeKind, String, Option<String>) {
    let notice = console.app.notice.as_ref().expect("a notice");
    (notice.kind, notice.text.clone(), notice.hint.clone())
}

pub(super) fn tab_names(console: &Console) -> Vec<String> {
    let (tenant, _) = console.app.selected_person().expect("a tab row");
    let key = (ORGANIZATION, org_id(1), MEMBERS_TAB);
    let schema = console.app.tenants[tenant].schema();
    console.app.tenants[tenant].members[&key]
        .list
        .data
        .as_ref()
        .expect("the tab's parties")
        .iter()
        .map(|p| p.label(schema).to_owned())
        .collect()
}

pub(super) fn member_count(console: &Console) -> Option<i64> {
    let orgs = console.app.tenants[0].orgs.data.as_ref().expect("orgs");
    let org = orgs.iter().find(|o| o.id == org_id(1)).expect("Acme");
    let fields = console.app.tenants[0]
        .schema()
        .level(ORGANIZATION)
        .expect("organizations")
        .fields;
    match org.record.get(fields, MEMBER_COUNT) {
        ValueRef::Number(n) => Some(n),
        _ => None,
    }
}

/// Down to the tab's row `n` (0: the owner) and the delete key.
fn delete_row(console: &mut Console, n: usize) {
    console.ch('g');
    for _ in 0..n {
        console.ch('j');
    }
    console.ch('d');
}

fn confirm(console: &mut Console) {
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
}

fn is_get(op: &Operation) -> bool {
    matches!(op, Operation::GetNode { .. })
}

pub(super) fn is_tab_read(op: &Operation) -> bool {
    matches!(
        op,
        Operation::ListParties {
            scope: Scope::Node { .. },
            ..
        }
    )
}

fn set_members(parties: &[usize]) -> Operation {
    Operation::SetMembers {
        level: ORGANIZATION,
        node: org_id(1),
        parties: parties.iter().map(|n| customer_id(*n)).collect(),
    }
}

#[test]
fn removing_a_member_says_who_stays_reads_the_node_again_and_then_replaces_the_list() {
    let mut console = on_tab();
    delete_row(&mut console, 2);
    let dialog = console.dialog();
    assert_eq!(dialog.title, "Remove Gamma GmbH from Acme Holdings?");
    assert!(!dialog.confirm_focused, "it starts on Cancel");
    assert!(
        dialog.body.contains(&"Goes: Gamma GmbH".to_owned()),
        "{dialog:?}"
    );
    assert!(
        dialog
            .body
            .contains(&"Stays: Acme Holdings (owner), Beta Ltd, Delta SA".to_owned()),
        "{dialog:?}"
    );

    let before = console.sent_count();
    confirm(&mut console);
    assert!(console.app.overlay.is_none());
    let (get, op) = pending(&console, is_get);
    assert_eq!(
        op,
        Operation::GetNode {
            level: ORGANIZATION,
            id: org_id(1)
        }
    );
    assert_eq!(
        console.sent_count(),
        before + 1,
        "only the re-read goes first"
    );

    // The organization is as it was shown: the replace goes out.
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &MEMBERS))));
    let (put, op) = pending(&console, |op| matches!(op, Operation::SetMembers { .. }));
    assert_eq!(op, set_members(&[2, 4]));

    let answered = org(1, OWNER, &[MEMBERS[0], MEMBERS[2]]);
    let before = console.sent_count();
    console.answer(put, Ok(Reply::Node(answered)));
    assert_eq!(
        notice(&console),
        (
            NoticeKind::Info,
            "Removed Gamma GmbH from Acme Holdings".to_owned(),
            None
        )
    );
    assert_eq!(
        member_count(&console),
        Some(2),
        "the row follows the answer"
    );
    assert_eq!(
        tab_names(&console),
        ["Acme Holdings", "Beta Ltd", "Delta SA"]
    );
    let after: Vec<Operation> = console.io.sent[before..]
        .iter()
        .map(|s| s.op.clone())
        .collect();
    assert!(
        after.iter().any(is_tab_read),
        "the tab is read again: {after:?}"
    );
    assert!(
        !after
            .iter()
            .any(|op| matches!(op, Operation::ListNodes { .. })),
        "the organizations are not read whole again: {after:?}"
    );
}

#[test]
fn members_changed_since_they_were_shown_bring_the_dialog_back_with_the_lists_as_they_are() {
    let mut console = on_tab();
    delete_row(&mut console, 1);
    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    let now = [MEMBERS[0], MEMBERS[1], MEMBERS[2], (5, "Epsilon AB")];
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &now))));
    assert!(
        !console
            .io
            .sent
            .iter()
            .any(|s| matches!(s.op, Operation::SetMembers { .. })),
        "nothing is replaced from a stale copy"
    );
    let (read, _) = pending(&console, is_tab_read);
    console.answer(
        read,
        Ok(Reply::Parties(orgdeck::api::model::Page::one(tab(
            1, OWNER, &now,
        )))),
    );

    let dialog = console.dialog();
    assert!(!dialog.confirm_focused, "it asks again, from Cancel");
    assert!(
        dialog.body[0].contains("members changed since they were shown"),
        "{dialog:?}"
    );
    assert!(
        dialog
            .body
            .contains(&"Stays: Acme Holdings (owner), Gamma GmbH, Delta SA, Epsilon AB".to_owned()),
        "{dialog:?}"
    );
    assert!(dialog.body.contains(&"Goes: Beta Ltd".to_owned()));

    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &now))));
    let (_, op) = pending(&console, |op| matches!(op, Operation::SetMembers { .. }));
    assert_eq!(op, set_members(&[3, 4, 5]));
}

#[test]
fn a_row_older_than_the_tab_is_checked_by_the_tab_and_the_replace_goes_ahead() {
    let mut console = on_tab();
    delete_row(&mut console, 3);
    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    // Renamed since the list was read: the record differs, the members do not.
    let renamed = [MEMBERS[0], (3, "Gamma GmbH & Co"), MEMBERS[2]];
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &renamed))));
    let (read, _) = pending(&console, is_tab_read);
    console.answer(
        read,
        Ok(Reply::Parties(orgdeck::api::model::Page::one(tab(
            1, OWNER, &renamed,
        )))),
    );
    assert!(console.app.overlay.is_none(), "nothing to ask again");
    let (_, op) = pending(&console, |op| matches!(op, Operation::SetMembers { .. }));
    assert_eq!(op, set_members(&[2, 3]));
}

#[test]
fn a_member_gone_meanwhile_leaves_nothing_to_replace() {
    let mut console = on_tab();
    delete_row(&mut console, 1);
    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    let now = [MEMBERS[1], MEMBERS[2]];
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &now))));
    let (read, _) = pending(&console, is_tab_read);
    console.answer(
        read,
        Ok(Reply::Parties(orgdeck::api::model::Page::one(tab(
            1, OWNER, &now,
        )))),
    );
    assert!(console.app.overlay.is_none());
    assert!(
        notice(&console).1.contains("Beta Ltd: no longer a member"),
        "{:?}",
        notice(&console)
    );
    assert!(
        !console
            .io
            .sent
            .iter()
            .any(|s| matches!(s.op, Operation::SetMembers { .. }))
    );
}

#[test]
fn a_refused_replace_brings_back_what_was_chosen_with_the_cause() {
    let mut console = on_tab();
    delete_row(&mut console, 2);
    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &MEMBERS))));
    let (put, _) = pending(&console, |op| matches!(op, Operation::SetMembers { .. }));
    let refused = ApiError::Timeout {
        after: std::time::Duration::from_secs(10),
    };
    console.answer(put, Err(refused));
    let (kind, text, _) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert!(
        text.starts_with("Could not remove Gamma GmbH from Acme Holdings"),
        "{text}"
    );
    let dialog = console.dialog();
    assert!(
        dialog.body[0].starts_with("Nothing was replaced: "),
        "{dialog:?}"
    );
    assert!(dialog.body.contains(&"Goes: Gamma GmbH".to_owned()));
    assert_eq!(
        tab_names(&console),
        ["Acme Holdings", "Beta Ltd", "Gamma GmbH", "Delta SA"],
        "the tab still shows who is there"
    );
}

#[test]
fn the_owner_row_offers_no_delete_and_the_key_says_why() {
    let mut console = on_tab();
    console.ch('g');
    assert!(
        !console.app.action_available(Action::Delete),
        "the owner row"
    );
    console.ch('j');
    assert!(console.app.action_available(Action::Delete), "a member row");
    let before = console.sent_count();
    delete_row(&mut console, 0);
    assert!(console.app.overlay.is_none(), "no dialog for the owner");
    let (kind, text, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert_eq!(
        text,
        "Acme Holdings is the owner: Sequence cannot change an organization's owner, only its members"
    );
    assert!(hint.is_some_and(|h| h.contains("select a member")));
    assert_eq!(console.sent_count(), before);
}

#[test]
fn what_the_backend_lacks_is_not_in_the_footer_and_its_keys_give_the_backends_reason() {
    let mut console = on_orgs();
    for action in [
        Action::Edit,
        Action::Suspend,
        Action::Delete,
        Action::Resend,
    ] {
        assert!(!console.app.action_available(action), "{action:?}");
    }
    let before = console.sent_count();
    console.ch('s');
    assert!(console.app.overlay.is_none());
    let (kind, _, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert_eq!(
        hint.as_deref(),
        Some("Sequence cannot suspend or reactivate customers or organizations")
    );
    console.ch('d');
    assert!(console.app.overlay.is_none());
    assert!(
        notice(&console)
            .2
            .is_some_and(|h| h.contains("cannot delete or rename"))
    );
    console.ch('e');
    assert!(console.app.overlay.is_none());
    assert!(
        notice(&console)
            .2
            .is_some_and(|h| h.contains("cannot delete or rename"))
    );

    console.press(KeyCode::Enter);
    answer_lists(&mut console, orgs(), tab(1, OWNER, &MEMBERS));
    console.ch('j');
    console.ch('R');
    assert!(console.app.overlay.is_none());
    let (_, text, hint) = notice(&console);
    assert!(!text.contains("not pending"), "{text}");
    assert_eq!(
        hint.as_deref(),
        Some("Sequence has no invitations: members are billing customers, added directly")
    );
    console.ch('s');
    assert!(
        notice(&console)
            .2
            .is_some_and(|h| h.contains("cannot suspend"))
    );
    assert_eq!(console.sent_count(), before + 1, "only the tab was read");
}

#[test]
fn help_states_the_backends_gaps_in_its_own_words() {
    let mut console = on_orgs();
    console.ch('?');
    // Tall enough for the whole of it (a shorter screen scrolls with j).
    let screen = console.screen(140, 60);
    assert!(screen.contains("What Sequence lacks:"), "{screen}");
    assert!(screen.contains("Sequence has no invitations"), "{screen}");
    assert!(
        screen.contains("Sequence cannot suspend or reactivate customers or organizations"),
        "{screen}"
    );
    assert!(screen.contains("Not offered here:"), "{screen}");
    assert!(
        !screen.contains("resend the invite"),
        "nothing is ever invited: {screen}"
    );
}

#[test]
fn members_marked_with_space_are_removed_in_one_replace() {
    let mut console = on_tab();
    console.ch('g');
    console.ch(' ');
    assert!(
        console.app.level().marked.is_empty(),
        "the owner is not marked"
    );
    assert!(notice(&console).1.contains("is the owner"));
    console.ch('j');
    console.ch(' ');
    console.ch(' ');
    assert_eq!(console.app.level().marked, [customer_id(2), customer_id(3)]);
    assert_eq!(
        notice(&console).1,
        "2 marked: d removes them in one replace"
    );
    let screen = console.screen(80, 24);
    assert!(screen.contains("✗ Beta Ltd"), "{screen}");
    assert!(screen.contains("✗ Gamma GmbH"), "{screen}");
    console.ch('d');
    let dialog = console.dialog();
    assert_eq!(
        dialog.title,
        "Remove Beta Ltd and Gamma GmbH from Acme Holdings?"
    );
    assert!(
        dialog
            .body
            .contains(&"Goes: Beta Ltd, Gamma GmbH".to_owned())
    );
    assert!(
        dialog
            .body
            .contains(&"Stays: Acme Holdings (owner), Delta SA".to_owned())
    );
    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &MEMBERS))));
    let (put, op) = pending(&console, |op| matches!(op, Operation::SetMembers { .. }));
    assert_eq!(op, set_members(&[4]));
    console.answer(put, Ok(Reply::Node(org(1, OWNER, &[MEMBERS[2]]))));
    assert!(console.app.level().marked.is_empty(), "done, the marks go");
    assert_eq!(tab_names(&console), ["Acme Holdings", "Delta SA"]);
}

#[test]
fn space_marks_nothing_where_members_are_not_replaced() {
    let mut console = on_orgs();
    console.ch(' ');
    assert!(console.app.level().marked.is_empty());
    assert!(!console.app.action_available(Action::Mark));
}

#[test]
fn a_replace_waiting_on_the_tab_waits_on_the_read_that_took_over() {
    let mut console = on_tab();
    delete_row(&mut console, 1);
    confirm(&mut console);
    let (get, _) = pending(&console, is_get);
    let now = [MEMBERS[0], MEMBERS[1], MEMBERS[2], (5, "Epsilon AB")];
    console.answer(get, Ok(Reply::Node(org(1, OWNER, &now))));
    let (first, _) = pending(&console, is_tab_read);
    // `r` reads the tab again meanwhile: the first read is superseded.
    console.ch('r');
    let (newer, _) = pending(&console, is_tab_read);
    assert_ne!(first, newer);
    console.answer(
        first,
        Err(ApiError::Cancelled {
            superseded: true,
            write: false,
        }),
    );
    assert!(console.app.overlay.is_none());
    console.answer(
        newer,
        Ok(Reply::Parties(orgdeck::api::model::Page::one(tab(
            1, OWNER, &now,
        )))),
    );
    assert!(
        console.dialog().body[0].contains("members changed since they were shown"),
        "{:?}",
        console.app.overlay
    );
}

#[test]
fn y_on_a_party_listed_by_name_copies_its_id() {
    let mut console = on_tab();
    console.ch('j');
    let (_, person) = console.app.selected_person().expect("a member");
    assert_eq!(person.id(), customer_id(MEMBERS[0].0));
    console.ch('y');
    assert_eq!(
        console.app.clipboard.take(),
        Some(customer_id(MEMBERS[0].0))
    );
    assert_eq!(
        notice(&console).1,
        format!("copied {}", customer_id(MEMBERS[0].0))
    );
}
