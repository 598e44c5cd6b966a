//! Flowkiwi's screens, each at 80x24 and 140x40: the console driven by key
//! presses on a Flowkiwi tenant answered by hand (`support::flowkiwi`: two
//! organizations, Kiwi Labs' owner, members and invitations in three states),
//! the wall clock pinned so that "1d ago" and "in 6d" read the same on every
//! run, and the other clocks frozen as in `snapshots`.

use crossterm::event::KeyCode;
use orgdeck::api::error::ApiError;

use crate::support::answered::SIZES;
use crate::support::console::{Console, rejected};
use crate::support::flowkiwi::{on_invitations, on_members, on_orgs, to_row};

fn snap(console: &mut Console, name: &str) {
    console.freeze();
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        insta::assert_snapshot!(format!("flowkiwi_{name}_{width}x{height}"), screen);
    }
}

/// Both sizes show `text` (a guard that does not depend on layout).
fn shows(console: &mut Console, text: &str) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        assert!(
            screen.contains(text),
            "{width}x{height} does not show {text:?}:\n{screen}"
        );
    }
}

#[test]
fn organizations() {
    let mut console = on_orgs();
    shows(&mut console, "partners: partner organizations (2)");
    shows(&mut console, "2026-01-14");
    snap(&mut console, "organizations");
}

#[test]
fn owners_and_members() {
    let mut console = on_members();
    shows(&mut console, "[Owners & members]");
    shows(&mut console, "aroha@kiwilabs.example");
    snap(&mut console, "owners_and_members");
}

#[test]
fn invitations() {
    let mut console = on_invitations();
    shows(&mut console, "[Invitations]");
    shows(&mut console, "in 6d");
    snap(&mut console, "invitations");
}

#[test]
fn organization_details() {
    let mut console = on_orgs();
    console.ch('i');
    shows(&mut console, "pending invitations");
    snap(&mut console, "organization_details");
}

#[test]
fn member_details() {
    let mut console = on_members();
    to_row(&mut console, 1);
    console.ch('i');
    shows(&mut console, "Ben Carter");
    snap(&mut console, "member_details");
}

#[test]
fn invitation_details() {
    let mut console = on_invitations();
    console.ch('i');
    shows(&mut console, "(in 6d)");
    snap(&mut console, "invitation_details");
}

#[test]
fn add_member_form() {
    let mut console = on_members();
    console.ch('n');
    shows(&mut console, "Add member");
    snap(&mut console, "form_add_member");
}

#[test]
fn invite_form() {
    let mut console = on_invitations();
    console.ch('n');
    shows(&mut console, "Invite");
    snap(&mut console, "form_invite");
}

#[test]
fn invite_form_with_a_violation_under_email() {
    let mut console = on_invitations();
    console.ch('n');
    console.type_text("dana@partner..example");
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let body = r#"{"@type":"ConstraintViolation","title":"An error occurred","detail":"email: This value is not a valid email address.","status":422,"violations":[{"propertyPath":"email","message":"This value is not a valid email address.","code":"bd79c0ab-ddba-46cc-a703-a7a4b08de310"}]}"#;
    console.answer(id, Err(rejected(422, body)));
    shows(&mut console, "not a valid email address");
    snap(&mut console, "form_invite_violation");
}

#[test]
fn change_role_form_refusing_the_last_owner() {
    let mut console = on_members();
    console.ch('e');
    console.press(KeyCode::Right);
    console.press(KeyCode::Enter);
    shows(&mut console, "is the last owner");
    snap(&mut console, "form_change_role_last_owner");
}

#[test]
fn rename_form() {
    let mut console = on_orgs();
    console.ch('e');
    shows(&mut console, "Rename Kiwi Labs");
    snap(&mut console, "form_rename");
}

#[test]
fn create_form() {
    let mut console = on_orgs();
    console.ch('n');
    shows(&mut console, "New organization");
    snap(&mut console, "form_create");
}

#[test]
fn delete_dialog() {
    let mut console = on_orgs();
    console.ch('d');
    console.type_text("Kiwi");
    shows(&mut console, "Delete Kiwi Labs?");
    snap(&mut console, "delete_dialog");
}

#[test]
fn delete_refused_while_instances_remain() {
    let mut console = on_orgs();
    console.ch('d');
    console.type_text("Kiwi Labs");
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let body = r#"{"@type":"Error","title":"An error occurred","detail":"The organization still has 2 instances: delete them first.","status":403}"#;
    let refused: ApiError = rejected(403, body);
    console.answer(id, Err(refused));
    shows(&mut console, "still has 2 instances");
    snap(&mut console, "delete_refused");
}

#[test]
fn revoke_dialog() {
    let mut console = on_invitations();
    console.ch('d');
    shows(
        &mut console,
        "Revoke the invitation of dana@partner.example?",
    );
    snap(&mut console, "revoke_dialog");
}

#[test]
fn last_owner_refused() {
    let mut console = on_members();
    console.ch('d');
    shows(&mut console, "last owner");
    snap(&mut console, "last_owner_refused");
}
