//! Flowkiwi's invitations and forms through the update logic, answered by
//! hand: resend and revoke on pending invitations only (the others refused in
//! the tab's words), a resend's answer in its row with the new expiry in the
//! notice, a 429 saying when to try again, revoke asked first; the add-member,
//! invite, rename and delete paths with the server's problems where the
//! operator reads them.

use crossterm::event::KeyCode;
use orgdeck::api::error::{ApiError, WriteOutcome};
use orgdeck::api::model::{Operation, Reply, Scope};
use orgdeck::api::value::Value;
use orgdeck::app::{NoticeKind, Overlay};
use orgdeck::backends::flowkiwi::schema::{
    EMAIL, INVITATIONS_TAB, MEMBERS_TAB, ORG_NAME, ROLE, SENDS,
};

use crate::support::console::{Console, problem, rejected};
use crate::support::flowkiwi::{
    invitation, notice, on_invitations, on_members, on_orgs, org_id, pending, to_row,
};

fn row<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no row of {text}:\n{screen}"))
}

#[test]
fn resend_and_revoke_are_offered_on_pending_invitations_only() {
    let mut console = on_invitations();
    to_row(&mut console, 0);
    let footer = console.screen(80, 24);
    assert!(
        footer.contains("R resend") && footer.contains("d revoke"),
        "{footer}"
    );

    to_row(&mut console, 1);
    let footer = console.screen(80, 24);
    assert!(
        !footer.contains("R resend") && !footer.contains("d delete"),
        "{footer}"
    );
    let before = console.sent_count();
    console.ch('R');
    assert_eq!(console.sent_count(), before, "nothing was sent");
    let (kind, text, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert_eq!(
        text,
        "the invitation of eli@partner.example is accepted, not pending: only pending invitations can be resent"
    );
    assert_eq!(
        hint.as_deref(),
        Some("invite them again (n) to send a new invitation")
    );

    to_row(&mut console, 2);
    console.ch('d');
    assert!(console.app.overlay.is_none());
    assert_eq!(console.sent_count(), before, "nothing was sent");
    let (_, text, _) = notice(&console);
    assert_eq!(
        text,
        "the invitation of finn@partner.example is revoked, not pending: only pending invitations can be revoked"
    );
}

fn is_resend(op: &Operation) -> bool {
    matches!(op, Operation::ResendInvite { .. })
}

#[test]
fn a_resend_updates_its_row_and_the_notice_tells_the_new_expiry() {
    let mut console = on_invitations();
    to_row(&mut console, 0);
    console.ch('R');
    let (id, op) = pending(&console, is_resend);
    assert_eq!(
        op,
        Operation::ResendInvite {
            scope: Scope::Node {
                level: orgdeck::backends::flowkiwi::schema::ORGANIZATION,
                id: org_id(1),
                tab: INVITATIONS_TAB,
            },
            party: "i-1".into(),
        }
    );
    let mut sent = invitation(
        1,
        "dana@partner.example",
        "pending",
        "2026-12-01T12:00:00+00:00",
        "2026-12-08T12:00:00+00:00",
        &org_id(1),
    );
    let schema = console.app.tenants[0].schema();
    sent.set(schema, SENDS, Value::Number(3));
    console.answer(id, Ok(Reply::Party(sent)));
    let (kind, text, _) = notice(&console);
    assert_eq!(kind, NoticeKind::Info);
    assert_eq!(
        text,
        "Invitation sent again to dana@partner.example; expires in 7d"
    );
    let screen = console.screen(80, 24);
    let dana = row(&screen, "dana@partner.example");
    assert!(
        dana.contains("just now") && dana.contains("in 7d"),
        "{dana}"
    );
    assert!(dana.contains(" 3 "), "the sends count: {dana}");
}

#[test]
fn a_resend_too_soon_says_when_to_try_again() {
    let mut console = on_invitations();
    to_row(&mut console, 0);
    console.ch('R');
    let (id, _) = pending(&console, is_resend);
    let body = r#"{"@type":"Error","title":"Too Many Requests","detail":"The invitation was sent less than a minute ago.","status":429}"#;
    let refused = ApiError::Rejected(Box::new(problem(429, body).with_retry_after(Some(42))));
    console.answer(id, Err(refused));
    let (kind, text, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert!(text.contains("sent less than a minute ago"), "{text}");
    assert_eq!(hint.as_deref(), Some("try again in 42s"));
}

#[test]
fn revoking_asks_first_in_the_schemas_words() {
    let mut console = on_invitations();
    to_row(&mut console, 0);
    let before = console.sent_count();
    console.ch('d');
    let dialog = console.dialog();
    assert_eq!(
        dialog.title,
        "Revoke the invitation of dana@partner.example?"
    );
    assert!(!dialog.confirm_focused, "it starts on Cancel");
    assert_eq!(console.sent_count(), before, "asked, not sent");
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    assert!(matches!(
        console.last_sent().op,
        Operation::RevokeInvite { ref party, .. } if party == "i-1"
    ));
}

/// Types an email, picks the role one choice on (owner) and submits.
fn fill_person(console: &mut Console, email: &str) {
    console.type_text(email);
    console.press(KeyCode::Tab);
    console.press(KeyCode::Right);
    console.press(KeyCode::Enter);
}

fn violation(path: &str, message: &str) -> ApiError {
    rejected(
        422,
        &format!(
            r#"{{"@type":"ConstraintViolation","title":"An error occurred","detail":"{path}: {message}","status":422,"violations":[{{"propertyPath":"{path}","message":"{message}","code":"bd79c0ab-ddba-46cc-a703-a7a4b08de310"}}]}}"#
        ),
    )
}

#[test]
fn an_invite_is_an_email_and_a_role_and_its_violation_lands_under_email() {
    let mut console = on_invitations();
    console.ch('n');
    assert_eq!(console.form().title, "Invite");
    // The contract's rule first, under Email, before sending.
    let before = console.sent_count();
    fill_person(&mut console, "dana@partner");
    assert_eq!(console.sent_count(), before, "not sent");
    let email = console.form().field_by_id(EMAIL).expect("the email field");
    assert_eq!(
        email.client_error.as_deref(),
        Some("must be an email address such as name@example.com")
    );
    // What was typed is asked about before it goes: y discards it.
    console.press(KeyCode::Esc);
    console.ch('y');
    console.ch('n');
    fill_person(&mut console, "dana@partner..example");
    let Operation::AddMembers { scope, draft } = console.last_sent().op.clone() else {
        panic!("an invite: {:?}", console.last_sent().op);
    };
    assert!(matches!(scope, Scope::Node { tab, .. } if tab == INVITATIONS_TAB));
    assert_eq!(draft.get(ROLE), Some(&Value::Text("owner".into())));
    let id = console.last_sent().id;
    console.answer(
        id,
        Err(violation(
            "email",
            "This value is not a valid email address.",
        )),
    );
    let form = console.form();
    let email = form.field_by_id(EMAIL).expect("the email field");
    assert_eq!(
        email.server_errors,
        ["This value is not a valid email address."]
    );
    assert!(console.screen(80, 24).contains("not a valid email address"));
}

#[test]
fn adding_a_member_posts_to_the_members_tab_and_a_lost_answer_found_undone_says_so() {
    let mut console = on_members();
    console.ch('n');
    assert_eq!(console.form().title, "Add member");
    fill_person(&mut console, "kai@tui.example");
    let sent = console.last_sent().clone();
    assert!(matches!(
        &sent.op,
        Operation::AddMembers { scope: Scope::Node { tab, .. }, .. } if *tab == MEMBERS_TAB
    ));
    console.answer(
        sent.id,
        Err(ApiError::WriteUncertain {
            outcome: WriteOutcome::NotDone,
            cause: "a re-read found no member kai@tui.example (no answer within 10s)".into(),
        }),
    );
    let form = console.form();
    assert!(form.submitting.is_none(), "the form stays, for another try");
    assert!(
        form.summary.iter().any(|s| s.contains("found no member")),
        "{:?}",
        form.summary
    );
}

#[test]
fn a_rename_sends_only_the_name_and_a_create_asks_for_one() {
    let mut console = on_orgs();
    console.ch('e');
    assert!(
        console.form().title.starts_with("Rename"),
        "{}",
        console.form().title
    );
    for _ in 0.."Kiwi Labs".len() {
        console.press(KeyCode::Backspace);
    }
    console.type_text("Kiwi Labs NZ");
    console.press(KeyCode::Enter);
    let sent = console.last_sent().clone();
    let Operation::UpdateNode { id, changes, .. } = sent.op else {
        panic!("a rename: {:?}", sent.op);
    };
    assert_eq!(id, org_id(1));
    assert_eq!(
        changes.values,
        [(ORG_NAME, Value::Text("Kiwi Labs NZ".into()))]
    );
    let renamed = crate::support::flowkiwi::org(1, "Kiwi Labs NZ", &["Aroha Ngata"], 2);
    console.answer(sent.id, Ok(Reply::Node(renamed)));
    assert!(console.app.overlay.is_none(), "the form closes");
    assert!(console.screen(80, 24).contains("Kiwi Labs NZ"));

    console.ch('n');
    assert_eq!(console.form().title, "New organization");
    console.press(KeyCode::Enter);
    let form = console.form();
    let name = form.field_by_id(ORG_NAME).expect("the name field");
    assert!(name.client_error.is_some(), "required before sending");
}

#[test]
fn a_delete_refused_because_instances_remain_says_the_servers_reason() {
    let mut console = on_orgs();
    console.ch('d');
    let dialog = console.dialog();
    assert_eq!(dialog.title, "Delete Kiwi Labs?");
    assert!(
        dialog.type_to_confirm.is_some(),
        "the name is typed to confirm"
    );
    console.type_text("Kiwi Labs");
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let sent = console.last_sent().clone();
    assert!(matches!(sent.op, Operation::DeleteNode { ref id, .. } if *id == org_id(1)));
    let body = r#"{"@type":"Error","title":"An error occurred","detail":"The organization still has 2 instances: delete them first.","status":403}"#;
    console.answer(sent.id, Err(rejected(403, body)));
    assert!(!matches!(console.app.overlay, Some(Overlay::Dialog(_))));
    let (kind, text, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert!(text.contains("still has 2 instances"), "{text}");
    assert!(hint.is_some(), "with a hint");
}

#[test]
fn nobody_is_offered_a_suspension_flowkiwi_has_none() {
    let mut console = on_members();
    to_row(&mut console, 1);
    assert!(!console.screen(80, 24).contains("s suspend"));
    let before = console.sent_count();
    console.ch('s');
    assert_eq!(console.sent_count(), before);
    let (_, text, _) = notice(&console);
    assert!(text.contains("cannot suspend"), "{text}");
}

#[test]
fn a_member_added_is_said_added_to_the_organization_not_invited() {
    let mut console = on_members();
    console.ch('n');
    fill_person(&mut console, "kai@tui.example");
    let id = console.last_sent().id;
    let kai = crate::support::flowkiwi::member(9, "kai@tui.example", None, "owner", &org_id(1));
    console.answer(id, Ok(Reply::Party(kai)));
    let (kind, text, _) = notice(&console);
    assert_eq!(kind, NoticeKind::Info);
    assert_eq!(text, "Added kai@tui.example to Kiwi Labs");

    // An invitation stays an invitation.
    let mut console = on_invitations();
    console.ch('n');
    fill_person(&mut console, "kai@tui.example");
    let id = console.last_sent().id;
    let sent = invitation(
        9,
        "kai@tui.example",
        "pending",
        "2026-12-01T12:00:00+00:00",
        "2026-12-08T12:00:00+00:00",
        &org_id(1),
    );
    console.answer(id, Ok(Reply::Party(sent)));
    assert_eq!(notice(&console).1, "Invited kai@tui.example");
}
