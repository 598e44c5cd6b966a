//! Sequence's member forms: adding members picked by name from the customers
//! the server's search finds (the row and the tab follow, the notice names who
//! was added and who already was a member), and the server's problems drawn on
//! the entries they name, in the create form and in the add-members form (there
//! with typed ids, the search having failed). Driven as `sequence_members` is.

use crossterm::event::KeyCode;
use orgdeck::api::error::ApiError;
use orgdeck::api::model::{Operation, Reply, Scope};
use orgdeck::app::NoticeKind;
use orgdeck::backends::sequence::schema::{MEMBERS_TAB, ORGANIZATION};

use super::sequence_members::{is_tab_read, member_count, notice, tab_names};
use crate::support::console::{Console, rejected};
use crate::support::sequence::{
    MEMBERS, OWNER, answer_lists, customer_id, fail_search, named_customer, on_orgs, on_tab, org,
    org_id, orgs, pending, pick_by_name, tab,
};

#[test]
fn adding_members_updates_the_row_and_the_tab_and_names_who_was_added() {
    let mut console = on_tab();
    console.ch('n');
    assert_eq!(console.form().title, "Add members");
    pick(&mut console, "Epsilon", 5, "Epsilon AB");
    // Already a member: harmless, and said so.
    pick(&mut console, "Beta", 2, "Beta Ltd");
    console.press(KeyCode::Enter);
    let (add, op) = pending(&console, |op| matches!(op, Operation::AddMembers { .. }));
    let Operation::AddMembers { scope, .. } = op else {
        unreachable!()
    };
    assert_eq!(
        scope,
        Scope::Node {
            level: ORGANIZATION,
            id: org_id(1),
            tab: MEMBERS_TAB
        }
    );
    let now = [MEMBERS[0], MEMBERS[1], MEMBERS[2], (5, "Epsilon AB")];
    let before = console.sent_count();
    console.answer(add, Ok(Reply::Node(org(1, OWNER, &now))));
    assert!(console.app.overlay.is_none(), "the form closes");
    let (kind, text, _) = notice(&console);
    assert_eq!(kind, NoticeKind::Info);
    // By name alone: the picker's domain and id would not fit a status line.
    assert_eq!(
        text,
        "Added Epsilon AB to Acme Holdings; Beta Ltd was already a member"
    );
    assert_eq!(member_count(&console), Some(4));
    let after: Vec<Operation> = console.io.sent[before..]
        .iter()
        .map(|s| s.op.clone())
        .collect();
    assert!(after.iter().any(is_tab_read), "{after:?}");
    assert!(
        !after
            .iter()
            .any(|op| matches!(op, Operation::ListNodes { .. })),
        "{after:?}"
    );
    answer_lists(&mut console, orgs(), tab(1, OWNER, &now));
    assert_eq!(tab_names(&console).len(), 5);
}

/// Sequence's error envelope with one entry per broken rule, `key` into the body.
fn refused(errors: &[(&str, &str)]) -> ApiError {
    let errors: Vec<String> = errors
        .iter()
        .map(|(key, message)| {
            format!(
                r#"{{"code":"customerNotFound","message":"{message}","key":"{key}","errors":[]}}"#
            )
        })
        .collect();
    let body = format!(
        r#"{{"error":{{"type":"validationError","message":"Request data validation failed","errors":[{}]}}}}"#,
        errors.join(",")
    );
    rejected(400, &body)
}

/// Picks customer `n`, named `name`, in the focused picker: types `text`, and
/// the server's search for it finds that customer.
fn pick(console: &mut Console, text: &str, n: usize, name: &str) {
    let found = named_customer(&customer_id(n), name, None, &[]);
    pick_by_name(console, text, vec![found]);
}

/// Types `ids` into the focused picker, each followed by Enter: its search
/// failed, so it takes typed ids.
fn type_ids(console: &mut Console, ids: &[usize]) {
    fail_search(console);
    for n in ids {
        console.type_text(&customer_id(*n));
        console.press(KeyCode::Enter);
    }
}

#[test]
fn problems_on_entries_are_drawn_on_the_entries_and_on_the_owner_under_it() {
    let mut console = on_orgs();
    console.ch('n');
    assert_eq!(console.form().title, "New customer organization");
    pick(&mut console, "Acme", 1, "Acme Holdings");
    console.press(KeyCode::Tab);
    pick(&mut console, "Beta", 2, "Beta Ltd");
    pick(&mut console, "Gamma", 3, "Gamma GmbH");
    console.press(KeyCode::Enter);
    // A lost answer keeps what was picked; sending again sends the same.
    let (lost, first) = pending(&console, |op| matches!(op, Operation::CreateNode { .. }));
    console.answer(
        lost,
        Err(ApiError::Timeout {
            after: std::time::Duration::from_secs(10),
        }),
    );
    console.press(KeyCode::Enter);
    let (create, again) = pending(&console, |op| matches!(op, Operation::CreateNode { .. }));
    assert_eq!(again, first);
    console.answer(
        create,
        Err(refused(&[
            ("memberIds[1]", "no customer with that id"),
            ("ownerId", "the owner is archived"),
        ])),
    );
    let form = console.form();
    let members = form.field("memberIds").expect("members");
    assert_eq!(members.entry_errors, [1], "{members:?}");
    let gamma = format!("Gamma GmbH (gamma-gmbh.example, {})", customer_id(3));
    let beta = format!("Beta Ltd (beta-ltd.example, {})", customer_id(2));
    assert_eq!(
        members.server_errors,
        [format!("{gamma}: no customer with that id")]
    );
    let owner = form.field("ownerId").expect("owner");
    assert_eq!(owner.server_errors, ["the owner is archived"]);
    assert_eq!(members.entry_names(), [beta.clone(), gamma]);
    assert_eq!(
        owner.entry_names(),
        [format!(
            "Acme Holdings (acme-holdings.example, {})",
            customer_id(1)
        )]
    );
    let screen = console.screen(120, 30);
    assert!(
        screen.contains("✗ Gamma GmbH (gamma-gmbh.example"),
        "{screen}"
    );
    assert!(screen.contains("• Beta Ltd (beta-ltd.example"), "{screen}");
}

#[test]
fn a_problem_on_an_added_customer_is_drawn_on_its_entry() {
    let mut console = on_tab();
    console.ch('n');
    type_ids(&mut console, &[5, 6]);
    console.press(KeyCode::Enter);
    let (add, _) = pending(&console, |op| matches!(op, Operation::AddMembers { .. }));
    console.answer(add, Err(refused(&[("customerIds[0]", "is archived")])));
    let field = console.form().field("customerIds").expect("customers");
    assert_eq!(field.entry_errors, [0]);
    assert_eq!(
        field.server_errors,
        [format!("{}: is archived", customer_id(5))]
    );
    assert_eq!(field.entry_names(), [customer_id(5), customer_id(6)]);
}
