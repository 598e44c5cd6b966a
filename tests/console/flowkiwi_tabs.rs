//! Flowkiwi's organizations and their tabs through the update logic, answered
//! by hand: timestamps told relative to the console's clock, the pending
//! invitations counted apart from the rest, and the last owner kept before
//! anything is sent (the last-owner refusals of the delete key and the Change
//! role form, and where the console cannot tell).

use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Scope};
use orgdeck::app::counts::{self, Count};
use orgdeck::app::{NoticeKind, Overlay};
use orgdeck::backends::flowkiwi::schema::{INVITATIONS_TAB, MEMBERS_TAB, ORGANIZATION, ROLE};

use crate::support::console::{Console, connect_error};
use crate::support::flowkiwi::{
    answer_lists, invitations, members, notice, on_invitations, on_members, on_orgs, org_id, to_row,
};

const LAST_OWNER: &str = "aroha@kiwilabs.example is the last owner of Kiwi Labs: an organization must keep at least one owner (make someone else an owner first)";

#[test]
fn the_invitations_say_how_long_ago_they_were_sent_and_how_soon_they_expire() {
    let mut console = on_invitations();
    let screen = console.screen(80, 24);
    let dana = screen
        .lines()
        .find(|l| l.contains("dana@partner.example"))
        .expect("the pending invitation's row");
    assert!(dana.contains("1d ago") && dana.contains("in 6d"), "{dana}");
    let finn = screen
        .lines()
        .find(|l| l.contains("finn@partner.example"))
        .expect("the revoked invitation's row");
    assert!(finn.contains("7d ago") && finn.contains("2h ago"), "{finn}");

    // The details: the instant as the server gave it, then how far it is.
    console.ch('i');
    let details = console.screen(80, 24);
    assert!(
        details.contains("2026-12-07T12:00:00+00:00 (in 6d)"),
        "{details}"
    );
    assert!(
        details.contains("2026-11-30T12:00:00+00:00 (1d ago)"),
        "{details}"
    );

    // Read from the console's clock, not the machine's.
    console.app.wall_clock = || "2026-12-07T11:59:30Z".parse().expect("a timestamp");
    let later = console.screen(80, 24);
    assert!(
        later.contains("2026-12-07T12:00:00+00:00 (just now)"),
        "{later}"
    );
}

#[test]
fn the_pending_column_counts_only_pending_invitations() {
    let mut console = on_orgs();
    let t = &console.app.tenants[0];
    // Kiwi Labs holds three invitations: one pending, one accepted, one revoked.
    assert_eq!(
        counts::count(t, ORGANIZATION, &org_id(1), INVITATIONS_TAB),
        Count::Known(1)
    );
    // A tab that names no states counts every party it lists.
    assert_eq!(
        counts::count(t, ORGANIZATION, &org_id(1), MEMBERS_TAB),
        Count::Waiting,
        "the members tab is not counted on this list"
    );
    let screen = console.screen(80, 24);
    let kiwi = screen
        .lines()
        .find(|l| l.contains("Kiwi Labs"))
        .expect("Kiwi Labs' row");
    let cells: Vec<&str> = kiwi.trim_matches('"').split_whitespace().collect();
    assert_eq!(
        cells[3..7],
        ["1", "2", "1", "2026-01-14"],
        "OWNERS MEMBERS PENDING CREATED (the server's text, as its day): {kiwi}"
    );
}

#[test]
fn the_last_owner_is_not_removed_and_nothing_is_sent() {
    let mut console = on_members();
    let before = console.sent_count();
    to_row(&mut console, 0);
    assert!(!console.screen(80, 24).contains("d delete"));
    console.ch('d');
    assert!(
        console.app.overlay.is_none(),
        "no dialog for the last owner"
    );
    assert_eq!(console.sent_count(), before, "nothing was sent");
    let (kind, text, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert_eq!(text, LAST_OWNER);
    assert!(hint.is_some_and(|h| h.contains("nothing was sent")));

    // A member is removed as usual: the tab's dialog asks first.
    to_row(&mut console, 1);
    console.ch('d');
    assert!(
        matches!(&console.app.overlay, Some(Overlay::Dialog(d)) if d.title == "Remove ben@kiwilabs.example from Kiwi Labs?"),
        "{:?}",
        console.app.overlay
    );
}

#[test]
fn an_owner_beside_another_owner_may_be_removed() {
    let mut console = on_members();
    console.press(KeyCode::Esc);
    console.ch('j');
    console.press(KeyCode::Enter);
    answer_lists(&mut console, &members(), &invitations());
    to_row(&mut console, 0);
    console.ch('d');
    assert!(
        matches!(&console.app.overlay, Some(Overlay::Dialog(d)) if d.title == "Remove mere@tui.example from Tui Partners?"),
        "{:?}",
        console.app.overlay
    );
}

#[test]
fn where_the_tab_could_not_be_read_again_the_removal_goes_to_the_server() {
    let mut console = on_members();
    console.ch('r');
    for sent in console.unanswered() {
        if matches!(sent.op, Operation::ListParties { scope: Scope::Node { tab, .. }, .. } if tab == MEMBERS_TAB)
        {
            console.answer(sent.id, Err(connect_error("identity.flowkiwi.example")));
        }
    }
    to_row(&mut console, 0);
    console.ch('d');
    assert!(
        matches!(&console.app.overlay, Some(Overlay::Dialog(_))),
        "cannot tell: asks, and the server decides: {:?}",
        console.app.overlay
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert!(matches!(
        console.last_sent().op,
        Operation::RemoveMember { ref party, .. } if party == "m-1"
    ));
}

/// The Change role form on the tab's row `n`, its role moved one choice on.
fn change_role(console: &mut Console, n: usize) {
    to_row(console, n);
    console.ch('e');
    assert!(
        console.form().title.starts_with("Change role"),
        "{}",
        console.form().title
    );
    console.press(KeyCode::Right);
}

#[test]
fn the_last_owner_is_not_moved_off_owner_and_the_role_field_says_why() {
    let mut console = on_members();
    let before = console.sent_count();
    change_role(&mut console, 0);
    assert_eq!(
        console.form().field_by_id(ROLE).map(|f| f.value()),
        Some("member".to_owned())
    );
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before, "nothing was sent");
    let form = console.form();
    assert!(form.submitting.is_none());
    let role = form.field_by_id(ROLE).expect("the role field");
    assert_eq!(role.client_error.as_deref(), Some(LAST_OWNER));
    let screen = console.screen(80, 24);
    assert!(screen.contains("is the last owner"), "{screen}");

    // A member made owner goes (the changed role asked about first: y discards it).
    console.press(KeyCode::Esc);
    console.ch('y');
    change_role(&mut console, 1);
    console.press(KeyCode::Enter);
    assert!(matches!(
        console.last_sent().op,
        Operation::UpdateMember { ref party, .. } if party == "m-2"
    ));
}

#[test]
fn a_tab_whose_count_read_was_called_off_is_read_when_switched_to() {
    let mut console = crate::support::flowkiwi::console();
    console.press(KeyCode::Enter);
    // Only the organizations answered: the counts' reads are still out.
    for sent in console.unanswered() {
        if let Operation::ListNodes { .. } = sent.op {
            console.answer(
                sent.id,
                Ok(orgdeck::api::model::Reply::Nodes(
                    orgdeck::api::model::Page::one(crate::support::flowkiwi::orgs()),
                )),
            );
        }
    }
    console.press(KeyCode::Enter);
    answer_lists(&mut console, &members(), &[]);
    console.press(KeyCode::Tab);
    for _ in 0..3 {
        answer_lists(&mut console, &members(), &invitations());
    }
    let screen = console.screen(80, 24);
    assert!(screen.contains("dana@partner.example"), "{screen}");
}
