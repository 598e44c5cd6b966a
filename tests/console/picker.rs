//! The create form's parties picker on a backend whose child nodes take admins from
//! the parent node's users (BitGo's enterprise create, answers given by hand):
//! opening the form asks for the organization's users when they are not loaded,
//! typing narrows them by name or email, Enter adds the highlighted one (never
//! twice), backspace removes an entry, the create sends the picked ids, and an
//! organization whose users cannot be read falls back to typed ids, saying why.

use crossterm::event::KeyCode;
use orgdeck::api::model::{
    MemberState, Membership, Operation, Page, Party, PartyKind, Record, Reply, Scope,
};
use orgdeck::api::value::Value;
use orgdeck::app::form::{Input, Offer};
use orgdeck::backends::bitgo::schema::{
    self as bitgo, ADDITIONAL_ADMINS, ENTERPRISE, FULL_NAME, ORG_USERS_TAB, ORGANIZATION,
    PERMISSION, USER_ID, USERNAME,
};

use crate::support::bitgo_nodes::node;
use crate::support::console::{Console, rejected};

const ORG: &str = "org-northwind";
const ADA: &str = "0a48c85629219312ccd1780e11c135b5";
const BRUNO: &str = "6d24a278b3b09246b0ee9a5a49f7b5f3";
const CARLA: &str = "9f1c2e3d4b5a69788796a5b4c3d2e1f0";

fn user(id: &str, email: &str, name: &str) -> Party {
    let record = Record::read(bitgo::SCHEMA.party_fields, |field| match field {
        USER_ID => Value::Text(id.into()),
        USERNAME => Value::Text(email.into()),
        FULL_NAME => Value::Text(name.into()),
        PERMISSION => Value::Text("admin".into()),
        _ => Value::Empty,
    });
    Party::named_by(
        bitgo::SCHEMA.party_fields,
        USERNAME,
        PartyKind::User,
        MemberState::Active,
        record,
        Box::new([Membership {
            node: ORG.into(),
            role: Some("admin".into()),
            state: MemberState::Active,
        }]),
    )
}

fn org_users() -> Vec<Party> {
    vec![
        user(ADA, "ada.lovelace@northwind.example", "Ada Lovelace"),
        user(BRUNO, "bruno.okafor@northwind.example", "Bruno Okafor"),
        user(CARLA, "carla.mendes@northwind.example", "Carla Mendes"),
    ]
}

fn list_org_users() -> Operation {
    Operation::ListParties {
        scope: Scope::Node {
            level: ORGANIZATION,
            id: ORG.into(),
            tab: ORG_USERS_TAB,
        },
        filter: Default::default(),
        page: None,
    }
}

/// The one unanswered request that is `op`, if any.
fn asked(console: &Console, op: &Operation) -> Option<orgdeck::api::client::RequestId> {
    console
        .unanswered()
        .into_iter()
        .find(|s| s.op == *op)
        .map(|s| s.id)
}

fn answer_op(console: &mut Console, op: &Operation, reply: Reply) {
    let id = asked(console, op)
        .unwrap_or_else(|| panic!("{op:?} was not asked: {:?}", console.unanswered()));
    console.answer(id, Ok(reply));
}

/// Northwind's enterprises on screen, as `role`.
fn on_enterprises(role: &str) -> Console {
    let mut console = crate::support::bitgo_nodes::console_as(ADA, "Ada Lovelace", role, Some(ORG));
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
    let kiwi = node(ENTERPRISE, "ent-kiwi", "Kiwi Ltd", Some(ORG));
    answer_op(
        &mut console,
        &enterprises,
        Reply::Nodes(Page::one(vec![kiwi])),
    );
    console
}

/// The create form open on the admins field, the organization's users answered.
fn on_admins() -> Console {
    let mut console = on_enterprises("admin");
    console.press(KeyCode::Char('n'));
    answer_op(
        &mut console,
        &list_org_users(),
        Reply::Parties(Page::one(org_users())),
    );
    console.press(KeyCode::Tab);
    assert_eq!(
        console.form().fields[console.form().focus].key,
        "additionalAdmins"
    );
    console
}

fn picked(console: &Console) -> Vec<String> {
    match &console
        .form()
        .field("additionalAdmins")
        .expect("admins")
        .input
    {
        Input::Parties(parties) => parties.picked.clone(),
        other => panic!("admins are picked: {other:?}"),
    }
}

fn offer(console: &Console) -> Offer {
    match &console
        .form()
        .field("additionalAdmins")
        .expect("admins")
        .input
    {
        Input::Parties(parties) => parties.offer.clone(),
        other => panic!("admins are picked: {other:?}"),
    }
}

#[test]
fn opening_the_create_form_asks_for_the_organizations_users_and_says_it_waits() {
    let mut console = on_enterprises("admin");
    assert!(asked(&console, &list_org_users()).is_none());
    console.press(KeyCode::Char('n'));
    assert!(
        asked(&console, &list_org_users()).is_some(),
        "the form asks for the organization's users: {:?}",
        console.unanswered()
    );
    assert!(
        console
            .screen(80, 24)
            .contains("loading the organization's users…")
    );
    answer_op(
        &mut console,
        &list_org_users(),
        Reply::Parties(Page::one(org_users())),
    );
    assert!(matches!(offer(&console), Offer::Ready(users) if users.len() == 3));
    // Loaded once, the list is not asked for again by the next form.
    console.press(KeyCode::Esc);
    console.press(KeyCode::Char('n'));
    assert!(asked(&console, &list_org_users()).is_none());
    assert!(matches!(offer(&console), Offer::Ready(_)));
}

#[test]
fn typing_narrows_the_users_by_name_or_email_and_enter_adds_the_highlighted_one() {
    let mut console = on_admins();
    console.type_text("okaf");
    let screen = console.screen(80, 24);
    assert!(
        screen.contains("Bruno Okafor (bruno.okafor@northwind.example)"),
        "{screen}"
    );
    assert!(!screen.contains("Carla Mendes"), "{screen}");
    assert!(screen.contains("1 match: Enter adds"), "{screen}");
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console), [BRUNO]);
    // By name this time, then ↓ to the second match.
    console.type_text("a");
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console), [BRUNO, CARLA]);
    // One picked is no longer offered: Enter cannot add it twice.
    console.type_text("bruno");
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console), [BRUNO, CARLA]);
    let screen = console.screen(80, 24);
    assert!(screen.contains("• Bruno Okafor"), "{screen}");
    assert!(screen.contains("no match for \"bruno\""), "{screen}");
}

#[test]
fn backspace_removes_the_last_entry_or_the_one_moved_to() {
    let mut console = on_admins();
    for name in ["ada", "bruno", "carla"] {
        console.type_text(name);
        console.press(KeyCode::Enter);
    }
    assert_eq!(picked(&console), [ADA, BRUNO, CARLA]);
    console.press(KeyCode::Backspace);
    assert_eq!(picked(&console), [ADA, BRUNO]);
    // ↑ onto Ada's entry, then backspace removes her.
    console.press(KeyCode::Up);
    console.press(KeyCode::Up);
    console.press(KeyCode::Backspace);
    assert_eq!(picked(&console), [BRUNO]);
}

#[test]
fn the_create_sends_the_picked_users_ids() {
    let mut console = on_admins();
    console.press(KeyCode::BackTab);
    console.type_text("new.client@example.com");
    console.press(KeyCode::Tab);
    console.type_text("carla");
    console.press(KeyCode::Enter);
    console.type_text("ada");
    console.press(KeyCode::Enter);
    // Enter on the field with nothing typed or highlighted submits.
    console.press(KeyCode::Enter);
    let Operation::CreateNode { draft, .. } = &console.last_sent().op else {
        panic!("a create is sent: {:?}", console.last_sent().op);
    };
    assert_eq!(
        draft.get(ADDITIONAL_ADMINS),
        Some(&Value::List(vec![CARLA.into(), ADA.into()]))
    );
}

#[test]
fn a_server_problem_on_an_entry_names_the_user_under_the_field() {
    let mut console = on_admins();
    console.press(KeyCode::BackTab);
    console.type_text("new.client@example.com");
    console.press(KeyCode::Tab);
    console.type_text("bruno");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let body = r#"{"title":"Invalid","errors":[{"pointer":"/additionalAdmins/0","detail":"is not active"}]}"#;
    console.answer(id, Err(rejected(400, body)));
    let admins = console.form().field("additionalAdmins").expect("admins");
    assert_eq!(
        admins.server_errors,
        ["Bruno Okafor (bruno.okafor@northwind.example): is not active"]
    );
}

#[test]
fn users_that_cannot_be_read_fall_back_to_typed_ids_and_say_why() {
    let mut console = on_enterprises("admin");
    console.press(KeyCode::Char('n'));
    let id = asked(&console, &list_org_users()).expect("the users are asked for");
    let body = r#"{"title":"Forbidden","detail":"may not list this organization's users"}"#;
    console.answer(id, Err(rejected(403, body)));
    let Offer::Typed(why) = offer(&console) else {
        panic!("typed ids: {:?}", offer(&console));
    };
    assert!(
        why.contains("could not load the organization's users"),
        "{why}"
    );
    console.press(KeyCode::Tab);
    let screen = console.screen(80, 24);
    assert!(
        screen.contains("type ids: could not load the organization's users"),
        "{screen}"
    );
    // The same id check as typed ids always had.
    console.type_text("not-an-id");
    console.press(KeyCode::Enter);
    let admins = console.form().field("additionalAdmins").expect("admins");
    assert!(admins.client_error.is_some(), "{admins:?}");
    console.press(KeyCode::Backspace);
    console.type_text(BRUNO);
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console), [BRUNO]);
    assert!(
        console
            .form()
            .field("additionalAdmins")
            .unwrap()
            .client_error
            .is_none()
    );
}

#[test]
fn a_draft_back_from_the_journal_names_its_admins_once_the_users_are_in() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    use orgdeck::api::client::{ClientEvent, Found, Leftover};
    use orgdeck::api::journal::Entry;
    use orgdeck::app::Msg;
    use orgdeck::app::form::Form;

    let mut console = on_enterprises("admin");
    // The create an earlier run sent: typed ids, as a form without the list takes them.
    let mut form = Form::create_node(&bitgo::SCHEMA, 0, ENTERPRISE, Some(ORG.into()));
    let typed = format!("left@example.com\t{BRUNO}\n");
    for c in typed.chars() {
        let code = match c {
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        form.input(KeyEvent::new(code, KeyModifiers::NONE));
    }
    let op = form.operation().expect("a create");
    let entry = Entry::of(&op, "northwind", "https://bitgo.example").expect("a keyed create");
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Leftovers {
            id: 900,
            result: Ok(vec![Leftover {
                entry,
                found: Found::NotDone(op.clone()),
            }]),
        }),
    });
    assert_eq!(picked(&console), [BRUNO]);
    answer_op(
        &mut console,
        &list_org_users(),
        Reply::Parties(Page::one(org_users())),
    );
    let screen = console.screen(80, 24);
    assert!(
        screen.contains("• Bruno Okafor (bruno.okafor@northwind.example)"),
        "{screen}"
    );
    assert_eq!(
        console.form().operation(),
        Some(op),
        "the same create, its key kept"
    );
}
