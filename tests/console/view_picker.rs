//! A parties picker over a tenant-wide view searched on the server
//! (Sequence's customers, in the create-organization and add-members forms):
//! the view's first page is offered when the form opens, typing asks the server
//! once it rests (a newer search cancels the older, only the newest answer is
//! taken), matches show by label with domain and id, Enter or Space picks, the
//! owner cannot also be a member, and without the server the field takes typed
//! ids held to its rule. The answers are given by hand.

use std::time::Duration;

use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Page, Reply, Scope};
use orgdeck::api::value::Value;
use orgdeck::app::Msg;
use orgdeck::app::form::{Input, Offer};
use orgdeck::backends::sequence::schema::{ADD_CUSTOMERS, CUSTOMERS, MEMBERS, OWNER, SEARCH};

use crate::support::console::{Console, Sent, connect_error};
use crate::support::sequence::{self, customer, customer_id, named_customer, numbered_org};

fn is_customers(op: &Operation) -> bool {
    matches!(op, Operation::ListParties { scope: Scope::Tenant(view), .. } if *view == CUSTOMERS)
}

/// The customer searches out, not cancelled.
fn searches(console: &Console) -> Vec<Sent> {
    console
        .unanswered()
        .into_iter()
        .filter(|s| is_customers(&s.op) && !console.io.cancelled.iter().any(|(_, id)| *id == s.id))
        .collect()
}

fn only_search(console: &Console) -> Sent {
    let open = searches(console);
    assert_eq!(open.len(), 1, "one search at a time: {open:?}");
    open[0].clone()
}

fn searched_for(sent: &Sent) -> Vec<String> {
    match &sent.op {
        Operation::ListParties { filter, page, .. } => {
            assert!(page.is_none(), "a search is one list");
            filter.values(SEARCH).to_vec()
        }
        other => panic!("{other:?}"),
    }
}

fn found(parties: Vec<orgdeck::api::model::Party>) -> Reply {
    Reply::Parties(Page::one(parties))
}

/// The organizations (one), and `n` for a new one: the form open, its first
/// page of customers asked for.
fn create_form() -> Console {
    let mut console = sequence::console();
    console.press(KeyCode::Enter);
    let walk = console.last_sent().id;
    console.answer(walk, Ok(Reply::Nodes(Page::one(vec![numbered_org(0, 1)]))));
    console.ch('n');
    assert_eq!(console.form().title, "New customer organization");
    console.app.search_after = Duration::ZERO;
    console
}

fn offer_of(console: &Console, index: usize) -> Offer {
    match &console.form().fields[index].input {
        Input::Parties(parties) => parties.offer.clone(),
        other => panic!("a parties picker: {other:?}"),
    }
}

fn picked(console: &Console, index: usize) -> Vec<String> {
    match &console.form().fields[index].input {
        Input::Parties(parties) => parties.picked.clone(),
        other => panic!("a parties picker: {other:?}"),
    }
}

fn acme() -> orgdeck::api::model::Party {
    named_customer(&customer_id(900), "Acme Billing Ltd", None, &[])
}

fn acme_eu() -> orgdeck::api::model::Party {
    named_customer(&customer_id(901), "Acme EU GmbH", None, &[])
}

#[test]
fn the_first_page_is_offered_when_the_form_opens_by_label_domain_and_id() {
    let mut console = create_form();
    let first = only_search(&console);
    assert_eq!(searched_for(&first), Vec::<String>::new(), "the first page");
    assert!(
        console.io.paged.contains(&first.id),
        "one page, not the walk"
    );
    assert!(matches!(offer_of(&console, 0), Offer::Loading(_)));
    console.answer(first.id, Ok(found(vec![customer(1, None, &[]), acme()])));
    let Offer::Ready(options) = offer_of(&console, 0) else {
        panic!("offered");
    };
    assert_eq!(
        options[1],
        (
            customer_id(900),
            format!(
                "Acme Billing Ltd (acme-billing-ltd.example, {})",
                customer_id(900)
            )
        )
    );
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("Acme Billing Ltd (acme-billing-ltd.example"),
        "{screen}"
    );
}

#[test]
fn typing_asks_the_server_once_it_rests_and_the_newest_search_wins() {
    let mut console = create_form();
    let first = only_search(&console);
    console.answer(first.id, Ok(found(vec![customer(1, None, &[])])));
    console.app.search_after = Duration::from_secs(3600);
    console.type_text("acme");
    console.send(Msg::Tick);
    assert!(searches(&console).is_empty(), "the typing has not rested");
    console.app.search_after = Duration::ZERO;
    console.send(Msg::Tick);
    let older = only_search(&console);
    assert_eq!(searched_for(&older), ["acme"]);
    console.ch(' ');
    console.ch('e');
    console.send(Msg::Tick);
    assert!(console.io.cancelled.iter().any(|(_, id)| *id == older.id));
    let newer = only_search(&console);
    assert_eq!(searched_for(&newer), ["acme e"]);
    console.answer(newer.id, Ok(found(vec![acme_eu()])));
    // The older answer, late, is not taken.
    console.answer(older.id, Ok(found(vec![acme()])));
    let Offer::Ready(options) = offer_of(&console, 0) else {
        panic!("offered");
    };
    assert_eq!(options.len(), 1);
    assert_eq!(options[0].0, customer_id(901));
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console, 0), [customer_id(901)]);
    let screen = console.screen(100, 30);
    assert!(screen.contains("Acme EU GmbH"), "picked by name: {screen}");
}

#[test]
fn space_picks_after_the_arrows_and_types_otherwise() {
    let mut console = create_form();
    let owners = only_search(&console);
    console.answer(owners.id, Ok(found(Vec::new())));
    // Focus on the members asks for their first page.
    console.press(KeyCode::Tab);
    let first = only_search(&console);
    console.answer(first.id, Ok(found(vec![acme(), acme_eu()])));
    console.press(KeyCode::Down);
    console.press(KeyCode::Down);
    console.ch(' ');
    assert_eq!(picked(&console, 1), [customer_id(901)]);
    console.type_text("a b");
    match &console.form().fields[1].input {
        Input::Parties(parties) => assert_eq!(parties.filter(), "a b"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_owner_cannot_also_be_picked_as_a_member_and_the_form_sends_ids() {
    let mut console = create_form();
    let first = only_search(&console);
    console.answer(first.id, Ok(found(vec![acme(), acme_eu()])));
    // The owner: Acme Billing.
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console, 0), [customer_id(900)]);
    console.press(KeyCode::Tab);
    let members = only_search(&console);
    console.answer(members.id, Ok(found(vec![acme(), acme_eu()])));
    // Acme Billing again, as a member: refused, and said so under the field.
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    assert!(picked(&console, 1).is_empty());
    let error = console.form().fields[1]
        .client_error
        .clone()
        .unwrap_or_default();
    assert!(
        error.starts_with("Acme Billing Ltd (") && error.contains("is already picked as Owner"),
        "{error}"
    );
    let screen = console.screen(100, 30);
    assert!(screen.contains("is already picked as Owner"), "{screen}");
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    assert_eq!(picked(&console, 1), [customer_id(901)]);
    console.press(KeyCode::Enter);
    let Operation::CreateNode { draft, .. } = console.last_sent().op.clone() else {
        panic!("a create: {:?}", console.last_sent());
    };
    assert_eq!(draft.get(OWNER), Some(&Value::List(vec![customer_id(900)])));
    assert_eq!(
        draft.get(MEMBERS),
        Some(&Value::List(vec![customer_id(901)]))
    );
}

#[test]
fn without_the_server_the_picker_takes_typed_ids_held_to_the_rule() {
    let mut console = create_form();
    let first = only_search(&console);
    console.answer(first.id, Err(connect_error("sandbox.sequencehq.example")));
    let Offer::Typed(why) = offer_of(&console, 0) else {
        panic!("typed ids");
    };
    assert!(why.starts_with("could not search the customers: "), "{why}");
    console.type_text("not an id");
    console.press(KeyCode::Tab);
    let error = console.form().fields[0]
        .client_error
        .clone()
        .unwrap_or_default();
    assert_eq!(
        error,
        "a customer id has no spaces: pick the customer by name"
    );
    console.send(Msg::Tick);
    // The members picker tries the server again when focus comes to it; what
    // was typed as an id is never searched for.
    assert!(
        searches(&console)
            .iter()
            .all(|s| searched_for(s).is_empty()),
        "typed ids ask nothing"
    );
}

#[test]
fn the_add_members_form_of_an_organization_searches_the_customers_too() {
    let mut console = create_form();
    let owners = only_search(&console);
    console.answer(owners.id, Ok(found(Vec::new())));
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none(), "Esc closes the form");
    console.press(KeyCode::Enter);
    // The tab lists the organization's owner and members on its own.
    let tab = console
        .unanswered()
        .into_iter()
        .find(|s| {
            matches!(
                &s.op,
                Operation::ListParties {
                    scope: Scope::Node { .. },
                    ..
                }
            )
        })
        .expect("the tab is read");
    console.answer(tab.id, Ok(found(vec![customer(0, Some("owner"), &[])])));
    console.ch('n');
    assert_eq!(console.form().title, "Add members");
    assert_eq!(console.form().fields[0].spec.id, ADD_CUSTOMERS);
    let first = only_search(&console);
    console.answer(first.id, Ok(found(vec![acme()])));
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let Operation::AddMembers { draft, .. } = console.last_sent().op.clone() else {
        panic!("an add: {:?}", console.last_sent());
    };
    assert_eq!(
        draft.get(ADD_CUSTOMERS),
        Some(&Value::List(vec![customer_id(900)]))
    );
}

#[test]
fn emptying_the_text_lets_enter_submit_and_a_refused_pick_is_forgotten_on_typing() {
    let mut console = create_form();
    let first = only_search(&console);
    console.answer(first.id, Ok(found(vec![acme(), acme_eu()])));
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    let members = only_search(&console);
    console.answer(members.id, Ok(found(vec![acme(), acme_eu()])));
    console.press(KeyCode::Down);
    console.press(KeyCode::Enter);
    assert!(console.form().fields[1].client_error.is_some(), "refused");
    console.ch('x');
    assert_eq!(console.form().fields[1].client_error, None);
    console.press(KeyCode::Backspace);
    let sent = console.sent_count();
    console.press(KeyCode::Enter);
    assert!(
        picked(&console, 1).is_empty(),
        "nothing typed: nothing added"
    );
    let create = console.io.sent[sent..]
        .iter()
        .find(|s| matches!(s.op, Operation::CreateNode { .. }));
    assert!(
        create.is_some(),
        "Enter submits: {:?}",
        &console.io.sent[sent..]
    );
}
