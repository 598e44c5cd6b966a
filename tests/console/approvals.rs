//! The approvals queue and an enterprise's users on a backend that holds changes
//! for approval (BitGo's schema and adapter, answers given by hand): `:approvals`
//! lists the queue, one's own requests are marked and not approvable, approving
//! and rejecting ask first and then read the queue and the changed users again,
//! a 202 on an add or a remove shows in the users list as awaiting, and removing
//! a user is a remove (not a revoke) named after the user and the enterprise.

use crossterm::event::KeyCode;
use orgdeck::api::model::{
    Approval, MemberState, Membership, Operation, Page, Party, PartyKind, Record, Reply, Scope,
    WriteNote,
};
use orgdeck::api::value::Value;
use orgdeck::app::NoticeKind;
use orgdeck::app::screens::Screen;
use orgdeck::backends::bitgo::schema::{
    self as bitgo, ENTERPRISE, FULL_NAME, IS_ADMIN, ORGANIZATION, PERMISSION, USERNAME, USERS_TAB,
};

use crate::support::bitgo_nodes::node;
use crate::support::console::Console;

const ME: &str = "0a48c85629219312ccd1780e11c135b5";
const OTHER_ADMIN: &str = "6d24a278b3b09246b0ee9a5a49f7b5f3";
const ORG: &str = "org-northwind";
const KIWI: &str = "ent-kiwi";

fn user(email: &str, name: &str, permission: &str) -> Party {
    let record = Record::read(bitgo::SCHEMA.party_fields, |field| match field {
        USERNAME => Value::Text(email.into()),
        FULL_NAME => Value::Text(name.into()),
        PERMISSION => Value::Text(permission.into()),
        IS_ADMIN => Value::Bool(permission == "admin"),
        _ => Value::Empty,
    });
    Party::named_by(
        bitgo::SCHEMA.party_fields,
        USERNAME,
        PartyKind::User,
        MemberState::Active,
        record,
        Box::new([Membership {
            node: KIWI.into(),
            role: Some(permission.into()),
            state: MemberState::Active,
        }]),
    )
}

fn approval(id: &str, what: &str, by: &str, by_id: &str) -> Approval {
    Approval {
        id: id.into(),
        kind: "enterprise".into(),
        what: what.into(),
        asked_by: Some(by.into()),
        asked_by_id: Some(by_id.into()),
        node: Some(KIWI.into()),
        node_name: Some("Kiwi Ltd".into()),
        asked_at: Some(
            crate::support::console::WALL_CLOCK
                .parse::<jiff::Timestamp>()
                .expect("a timestamp")
                - jiff::SignedDuration::from_mins(3),
        ),
        needs: Some(2),
        state: "pending".into(),
    }
}

/// Bruno's request (approvable by the caller) and the caller's own.
fn queue() -> Vec<Approval> {
    vec![
        approval(
            "ap-bruno",
            "add bo@kiwi.example (admin) on Kiwi Ltd",
            "bruno.okafor@northwind-caas.example",
            OTHER_ADMIN,
        ),
        approval(
            "ap-mine",
            "remove cy@kiwi.example (auditor) on Kiwi Ltd",
            "ada.lovelace@northwind-caas.example",
            ME,
        ),
    ]
}

fn kiwi_users() -> Operation {
    Operation::ListParties {
        scope: kiwi_scope(),
        filter: Default::default(),
        page: None,
    }
}

fn kiwi_scope() -> Scope {
    Scope::Node {
        level: ENTERPRISE,
        id: KIWI.into(),
        tab: USERS_TAB,
    }
}

fn list_queue() -> Operation {
    Operation::ListApprovals {
        node: None,
        page: None,
    }
}

/// Answers the one unanswered request that is `op`.
fn answer_op(console: &mut Console, op: &Operation, reply: Reply) {
    let sent = console
        .unanswered()
        .into_iter()
        .find(|s| s.op == *op)
        .unwrap_or_else(|| panic!("{op:?} was not asked: {:?}", console.unanswered()));
    console.answer(sent.id, Ok(reply));
}

/// A BitGo tenant, who-am-I answered with `role`, on the tenants pane.
fn console_as(role: &str) -> Console {
    crate::support::bitgo_nodes::console_as(ME, "Ada Lovelace", role, Some(ORG))
}

/// Into Kiwi Ltd's users, each list answered.
fn in_kiwi_users(role: &str) -> Console {
    let mut console = console_as(role);
    console.press(KeyCode::Enter);
    let orgs = Operation::ListNodes {
        level: ORGANIZATION,
        parent: None,
        filter: Default::default(),
        page: None,
    };
    let northwind = node(ORGANIZATION, ORG, "Northwind CaaS", None);
    answer_op(
        &mut console,
        &orgs,
        Reply::Nodes(Page::one(vec![northwind])),
    );
    console.press(KeyCode::Enter);
    let enterprises = Operation::ListNodes {
        level: ENTERPRISE,
        parent: Some(ORG.into()),
        filter: Default::default(),
        page: None,
    };
    let kiwi = node(ENTERPRISE, KIWI, "Kiwi Ltd", Some(ORG));
    answer_op(
        &mut console,
        &enterprises,
        Reply::Nodes(Page::one(vec![kiwi])),
    );
    console.press(KeyCode::Enter);
    let users = vec![
        user("bo@kiwi.example", "Bo Lund", "admin"),
        user("cy@kiwi.example", "Cy Park", "auditor"),
    ];
    answer_op(
        &mut console,
        &kiwi_users(),
        Reply::Parties(Page::one(users)),
    );
    assert_eq!(
        console.app.breadcrumbs(),
        [
            "northwind",
            "Organizations",
            "Northwind CaaS",
            "Enterprises",
            "Kiwi Ltd",
            "Users"
        ]
    );
    console
}

/// Kiwi's users loaded, then back on the enterprises and into `:approvals`,
/// answered with `queue()`.
fn in_queue(role: &str) -> Console {
    let mut console = in_kiwi_users(role);
    console.press(KeyCode::Esc);
    console.command("approvals");
    assert_eq!(console.app.screen(), &Screen::Approvals { tenant: 0 });
    answer_op(
        &mut console,
        &list_queue(),
        Reply::Approvals(Page::one(queue())),
    );
    console
}

fn sent_since(console: &Console, before: usize) -> Vec<Operation> {
    console.io.sent[before..]
        .iter()
        .map(|s| s.op.clone())
        .collect()
}

#[test]
fn the_queue_lists_type_change_who_when_needs_and_marks_ones_own() {
    let mut console = in_queue("admin");
    let screen = console.screen(100, 24);
    assert!(
        screen.contains("northwind: pending approvals (2)"),
        "{screen}"
    );
    for text in [
        "TYPE",
        "CHANGE",
        "ASKED BY",
        "WHEN",
        "NEEDS",
        "enterprise ",
        "add bo@kiwi.example (admin) on Kiwi Ltd",
        "bruno.okafor@",
        "3m ago",
    ] {
        assert!(screen.contains(text), "{text:?} in {screen}");
    }
    let own_row = screen
        .lines()
        .find(|l| l.contains("remove cy@kiwi.example"))
        .expect("the own request is listed");
    // Who asked reads "you" on one's own.
    assert!(own_row.contains(" you "), "{own_row}");
    let others = screen
        .lines()
        .find(|l| l.contains("add bo@kiwi.example"))
        .expect("Bruno's request is listed");
    assert!(!others.contains(" you "), "{others}");
    // Over the list `:approvals` was typed on.
    assert_eq!(
        console.app.breadcrumbs(),
        [
            "northwind",
            "Organizations",
            "Northwind CaaS",
            "Enterprises",
            "Approvals"
        ]
    );

    // `/` filters; `i` shows every field; `r` reads the queue again.
    console.ch('/');
    console.type_text("cy@");
    console.press(KeyCode::Enter);
    assert_eq!(console.app.level().rows.len(), 1);
    console.ch('i');
    let detail = console.screen(100, 24);
    for text in [
        "ap-mine",
        "ada.lovelace@northwind-caas.example (you)",
        "Kiwi Ltd",
        KIWI,
    ] {
        assert!(detail.contains(text), "{text:?} in {detail}");
    }
    console.press(KeyCode::Esc);
    let before = console.sent_count();
    console.ch('r');
    assert!(sent_since(&console, before).contains(&list_queue()));
}

#[test]
fn ones_own_request_is_not_approvable_and_says_why() {
    let mut console = in_queue("admin");
    console.ch('j');
    assert_eq!(
        console.app.selected_approval().map(|(_, a)| a.id.as_str()),
        Some("ap-mine")
    );
    let footer = console.screen(100, 24);
    let footer = footer.lines().last().unwrap_or_default().to_owned();
    assert!(!footer.contains("approve"), "{footer}");
    assert!(footer.contains("reject"), "{footer}");
    let before = console.sent_count();
    console.ch('a');
    assert!(
        console.app.overlay.is_none(),
        "no dialog for one's own request"
    );
    assert_eq!(console.sent_count(), before, "nothing is sent");
    let notice = console.app.notice.clone().expect("a notice says why");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert_eq!(
        notice.text,
        "you asked for this change: another admin must approve it"
    );
    assert_eq!(notice.hint.as_deref(), Some("X withdraws it"));
    // Bruno's is approvable: the footer offers it.
    console.ch('k');
    let screen = console.screen(100, 24);
    assert!(
        screen
            .lines()
            .last()
            .unwrap_or_default()
            .contains("approve"),
        "{screen}"
    );
}

#[test]
fn approving_asks_naming_the_change_then_decides_and_reads_the_queue_and_the_users_again() {
    let mut console = in_queue("admin");
    let before = console.sent_count();
    console.ch('a');
    let dialog = console.dialog();
    assert_eq!(
        dialog.title,
        "approve: add bo@kiwi.example (admin) on Kiwi Ltd?"
    );
    assert_eq!(dialog.body[0], "add bo@kiwi.example (admin) on Kiwi Ltd");
    assert!(
        dialog.body[1].starts_with("Asked by bruno.okafor@"),
        "{:?}",
        dialog.body
    );
    assert_eq!(
        console.sent_count(),
        before,
        "nothing is sent before confirming"
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let decide = Operation::Decide {
        approval: "ap-bruno".into(),
        approve: true,
    };
    assert_eq!(console.last_sent().op, decide);
    let before = console.sent_count();
    answer_op(
        &mut console,
        &decide,
        Reply::Done(WriteNote {
            message: "approved".into(),
        }),
    );
    let notice = console.app.notice.clone().expect("a notice");
    assert_eq!(
        notice.text,
        "Approved: add bo@kiwi.example (admin) on Kiwi Ltd"
    );
    let again = sent_since(&console, before);
    assert!(again.contains(&list_queue()), "{again:?}");
    assert!(
        again.contains(&kiwi_users()),
        "Kiwi's users are read again: {again:?}"
    );
}

#[test]
fn rejecting_asks_then_decides_and_reads_the_queue_and_the_users_again() {
    let mut console = in_queue("admin");
    console.ch('X');
    assert_eq!(
        console.dialog().title,
        "reject: add bo@kiwi.example (admin) on Kiwi Ltd?"
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let decide = Operation::Decide {
        approval: "ap-bruno".into(),
        approve: false,
    };
    assert_eq!(console.last_sent().op, decide);
    let before = console.sent_count();
    answer_op(
        &mut console,
        &decide,
        Reply::Done(WriteNote {
            message: "rejected".into(),
        }),
    );
    let again = sent_since(&console, before);
    assert!(again.contains(&list_queue()), "{again:?}");
    assert!(again.contains(&kiwi_users()), "{again:?}");

    // One's own may be rejected (withdrawn): the server allows it.
    console.ch('j');
    console.ch('X');
    assert_eq!(
        console.dialog().title,
        "reject your own request: remove cy@kiwi.example (auditor) on Kiwi Ltd?"
    );
}

#[test]
fn an_add_held_for_approval_shows_in_the_users_list_until_it_leaves_the_queue() {
    let mut console = in_kiwi_users("admin");
    console.ch('n');
    assert_eq!(console.form().title, "Add user");
    console.type_text("dee@kiwi.example");
    console.press(KeyCode::Enter);
    let Operation::AddMembers { scope, draft } = console.last_sent().op.clone() else {
        panic!("an add is sent: {:?}", console.last_sent().op);
    };
    assert_eq!(scope, kiwi_scope());
    assert_eq!(
        draft.get(USERNAME),
        Some(&Value::Text("dee@kiwi.example".into()))
    );
    let id = console.last_sent().id;
    let mut held = approval(
        "ap-dee",
        "add dee@kiwi.example (auditor) on Kiwi Ltd",
        "ada.lovelace@northwind-caas.example",
        ME,
    );
    held.needs = Some(2);
    let before = console.sent_count();
    console.answer(id, Ok(Reply::Pending(held.clone())));
    let notice = console.app.notice.clone().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Info);
    assert!(notice.text.contains("ap-dee"), "{}", notice.text);
    let screen = console.screen(100, 24);
    let at = screen
        .lines()
        .position(|l| l.contains("awaiting approval by another admin: add dee@kiwi.example"))
        .unwrap_or_else(|| panic!("an awaiting row in {screen}"));
    let id = screen.lines().nth(at + 1).unwrap_or_default();
    assert!(id.contains("approval ap-dee"), "{screen}");

    // The refresh after the write asked for the queue: it still holds the add.
    let again = sent_since(&console, before);
    assert!(again.contains(&list_queue()), "{again:?}");
    answer_op(
        &mut console,
        &list_queue(),
        Reply::Approvals(Page::one(vec![held])),
    );
    answer_op(&mut console, &kiwi_users(), Reply::Unchanged);
    assert!(console.screen(100, 24).contains("ap-dee"));
    // Approved elsewhere (by another admin): gone from the queue, so no longer awaiting.
    console.ch('r');
    answer_op(
        &mut console,
        &list_queue(),
        Reply::Approvals(Page::one(vec![])),
    );
    let screen = console.screen(100, 24);
    assert!(!screen.contains("ap-dee"), "{screen}");
}

#[test]
fn delete_on_a_user_removes_them_after_a_dialog_naming_user_and_enterprise() {
    let mut console = in_kiwi_users("admin");
    // An active user: removing is not only for pending invites here.
    assert_eq!(
        console.app.selected_person().map(|(_, p)| p.id()),
        Some("bo@kiwi.example")
    );
    let footer = console.screen(100, 24);
    assert!(
        footer
            .lines()
            .last()
            .unwrap_or_default()
            .contains("d remove"),
        "{footer}"
    );
    let before = console.sent_count();
    console.ch('d');
    let dialog = console.dialog();
    assert_eq!(dialog.title, "Remove bo@kiwi.example from Kiwi Ltd?");
    assert_eq!(dialog.body, ["They lose access to its wallets."]);
    assert_eq!(console.sent_count(), before);
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let remove = Operation::RemoveMember {
        scope: kiwi_scope(),
        party: "bo@kiwi.example".into(),
    };
    assert_eq!(console.last_sent().op, remove);
    // Held for approval: shown awaiting in the list, as an add is.
    let held = approval(
        "ap-bo-out",
        "remove bo@kiwi.example (admin) on Kiwi Ltd",
        "ada.lovelace@northwind-caas.example",
        ME,
    );
    answer_op(&mut console, &remove, Reply::Pending(held));
    let screen = console.screen(100, 24);
    assert!(
        screen.contains("awaiting approval by another admin: remove bo@kiwi.example"),
        "{screen}"
    );
    assert!(screen.contains("ap-bo-out"), "{screen}");
}

#[test]
fn a_remove_done_at_once_says_so_and_reads_the_users_again() {
    let mut console = in_kiwi_users("admin");
    console.ch('d');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let remove = console.last_sent().op.clone();
    let before = console.sent_count();
    answer_op(
        &mut console,
        &remove,
        Reply::Done(WriteNote {
            message: "user removed".into(),
        }),
    );
    assert_eq!(
        console.app.notice.clone().map(|n| n.text),
        Some("Removed bo@kiwi.example from Kiwi Ltd".to_owned())
    );
    assert!(sent_since(&console, before).contains(&kiwi_users()));
}

#[test]
fn a_member_sees_the_queue_but_may_not_decide() {
    let mut console = in_queue("member");
    let before = console.sent_count();
    console.ch('a');
    assert_eq!(console.sent_count(), before);
    let notice = console.app.notice.clone().expect("a notice");
    assert_eq!(
        notice.text,
        "your role (member) may not work the approvals queue"
    );
}

#[test]
fn the_queue_is_completed_and_in_help_where_the_backend_has_one() {
    let mut console = console_as("admin");
    console.press(KeyCode::Enter);
    console.ch(':');
    console.type_text("appr");
    console.press(KeyCode::Tab);
    assert_eq!(console.command_line().input, "approvals");
    console.press(KeyCode::Esc);
    console.ch('?');
    let help = console.screen(100, 40);
    assert!(help.contains(":approvals"), "{help}");
    assert!(help.contains("approve the selected change"), "{help}");
}

#[test]
fn a_backend_without_a_queue_says_it_offers_none() {
    let mut console = Console::orgs();
    console.command("approvals");
    assert_eq!(
        console.command_line().error.as_deref(),
        Some(
            "this backend does not offer working the approvals queue — its API has no such operation"
        )
    );
    let mut line = console.command_line().clone();
    line.input = "appr".into();
    line.complete(console.app.schema(), &[]);
    assert_ne!(line.input, "approvals", "not completed where there is none");
}

#[test]
fn muninx_delete_still_revokes_invites_and_refuses_members() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    console.select_person("lucas.ferreira@acme-ltd.com");
    console.ch('d');
    assert!(
        matches!(
            console.dialog().operation(),
            Some(Operation::RevokeInvite { party, .. }) if party == "lucas.ferreira@acme-ltd.com"
        ),
        "{:?}",
        console.dialog().operation()
    );
    console.press(KeyCode::Esc);
    // A member is not removed: MuninX's tabs declare no remove.
    console.press(KeyCode::Tab);
    let before = console.sent_count();
    console.ch('d');
    assert!(console.app.overlay.is_none());
    assert_eq!(console.sent_count(), before);
    let notice = console.app.notice.clone().expect("a notice says why");
    assert!(notice.text.contains("not pending"), "{}", notice.text);
}

#[test]
fn y_copies_the_approvals_id_and_shift_y_the_approval_as_json() {
    let mut console = in_queue("admin");
    let (_, approval) = console.app.selected_approval().expect("an approval");
    let id = approval.id.clone();
    console.ch('y');
    assert_eq!(console.app.clipboard.take(), Some(id.clone()));
    console.ch('Y');
    let text = console.app.clipboard.take().expect("the approval as JSON");
    let row: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(row["id"], id.as_str());
    assert_eq!(row["needs"], 2);
    assert_eq!(row["node_name"], "Kiwi Ltd");
    // And on a user here, listed by email: the email.
    let mut console = in_kiwi_users("admin");
    console.ch('y');
    assert_eq!(
        console.app.clipboard.take().as_deref(),
        Some("bo@kiwi.example")
    );
}
