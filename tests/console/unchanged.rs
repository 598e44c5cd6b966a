//! The console changes only what the operator changed: an edit sends the fields
//! that differ from what the form opened with, and a field whose current value the
//! console could not read shows as unknown and is never sent.

use crate::support::console::{Console, rejected, seed_tenant};
use crate::support::ops::{self, fields};
use crossterm::event::KeyCode;
use orgdeck::api::model::{Operation, Party, Reply};
use orgdeck::api::value::Value;
use orgdeck::app::form::Form;

const JANE: &str = "jane.doe@acme-ltd.com";

/// The tenant-wide users list with the people in and the organizations answered
/// with `orgs`.
fn users_with_orgs(orgs: Result<Reply, orgdeck::api::error::ApiError>) -> Console {
    let mut console = Console::tenants();
    console.command("users");
    let people = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("the people are asked for");
    let reply = console.reply_for(people.tenant, &people.op).unwrap();
    console.answer(people.id, reply);
    let orgs_read = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_orgs(&s.op))
        .expect("the organizations are asked for once the people are in");
    console.answer(orgs_read.id, orgs);
    for rest in console.unanswered() {
        if let Some(reply) = console.reply_for(rest.tenant, &rest.op) {
            console.answer(rest.id, reply);
        }
    }
    console
}

fn rename_jane(console: &mut Console) -> Vec<Operation> {
    console.select_person(JANE);
    console.ch('e');
    let before = console.sent_count();
    console.type_text("t");
    console.press(KeyCode::Enter);
    sent_since(console, before)
}

/// The operations sent since the `before`-th.
fn sent_since(console: &Console, before: usize) -> Vec<Operation> {
    console.io.sent[before..]
        .iter()
        .map(|s| s.op.clone())
        .collect()
}

/// The edit that adds an "x" to `person`'s name and changes nothing else.
fn x_added_to_the_name(person: &Party) -> Operation {
    ops::edit_person(
        person.id(),
        vec![(fields::NAME, Value::Text(format!("{}x", ops::name(person))))],
    )
}

fn renamed_only() -> Operation {
    ops::edit_person(JANE, vec![(fields::NAME, Value::Text("Janet".into()))])
}

#[test]
fn organizations_that_failed_to_load_leave_the_organization_unknown_and_unsent() {
    let mut console = users_with_orgs(Err(rejected(
        403,
        r#"{"title":"Forbidden","status":403,"detail":"your role may not list organizations"}"#,
    )));
    assert!(console.app.tenants[0].orgs.data.is_none());
    let sent = rename_jane(&mut console);
    assert_eq!(sent, [renamed_only()], "the organization was sent");
    // What the operator saw: the organization as unknown, not "(no organization)".
    console.select_person(JANE);
    console.ch('e');
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("unknown (could not load organizations)"),
        "{screen}"
    );
    assert!(!screen.contains("(no organization)"), "{screen}");
}

#[test]
fn an_organization_the_caller_cannot_read_is_kept_as_it_is() {
    let others: Vec<_> = seed_tenant("acme")
        .orgs
        .iter()
        .filter(|o| o.id != "co-acme-01")
        .cloned()
        .collect();
    let mut console = users_with_orgs(Ok(ops::nodes_reply(others)));
    let sent = rename_jane(&mut console);
    assert_eq!(sent, [renamed_only()]);
    let field = console.form().field("organization").unwrap();
    assert_eq!(field.value(), "co-acme-01");
}

#[test]
fn choosing_no_organization_on_purpose_is_sent() {
    let mut console = users_with_orgs(Err(rejected(503, "")));
    console.select_person(JANE);
    console.ch('e');
    // Tab to the organization picker (name, last name, type, status, organization).
    for _ in 0..4 {
        console.press(KeyCode::Tab);
    }
    assert_eq!(
        console.form().fields[console.form().focus].key,
        "organization"
    );
    console.press(KeyCode::Down);
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [ops::edit_person(
            JANE,
            vec![(fields::ORGANIZATION_FIELD, Value::Empty)]
        )]
    );
}

#[test]
fn values_the_form_has_no_choice_for_are_not_replaced_by_the_first_choice() {
    // A staff user of another backend: an agent type and an auto-assign the form
    // does not offer. Renaming sends the name alone.
    let mut person = seed_tenant("acme")
        .people
        .iter()
        .find(|p| ops::is_staff(p))
        .cloned()
        .unwrap();
    ops::set_person_value(
        &mut person,
        fields::AGENT_TYPE,
        Value::Text("night-shift".into()),
    );
    ops::set_person_value(&mut person, fields::AUTO_ASSIGN, Value::Empty);
    let mut form = Form::edit_person(
        orgdeck::backends::schema(),
        0,
        &person,
        Ok(&seed_tenant("acme").orgs),
        ops::everyone(),
    );
    assert_eq!(form.field("agent-type").unwrap().value(), "night-shift");
    assert_eq!(form.operation(), None, "an unchanged form sends something");
    form.input(crossterm::event::KeyEvent::from(KeyCode::Char('x')));
    assert_eq!(form.operation(), Some(x_added_to_the_name(&person)));
}

#[test]
fn a_refused_dialog_action_shows_the_servers_reason() {
    let mut console = Console::tenants();
    console.command("staff");
    console.answer_reads();
    let owner = seed_tenant("acme").owner.clone();
    console.select_person(&owner);
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    let body = format!(
        r#"{{"type":"https://orgdeck.dev/problems/conflict","title":"Conflict","status":409,"detail":"2 problems","errors":[{{"pointer":"/status","detail":"you cannot suspend your own account"}},{{"pointer":"/status","detail":"{owner} owns the tenant and cannot be suspended"}}]}}"#
    );
    console.answer(id, Err(rejected(409, &body)));
    let notice = console.app.notice.clone().expect("a notice");
    assert_eq!(notice.kind, orgdeck::app::NoticeKind::Error);
    assert!(
        notice
            .text
            .starts_with("you cannot suspend your own account; "),
        "{notice:?}"
    );
    assert!(notice.text.contains("owns the tenant"), "{notice:?}");
    assert!(!notice.text.contains("fix the marked fields"), "{notice:?}");
    assert_eq!(notice.hint, None, "a hint about fields there are none of");
}

#[test]
fn organizations_still_loading_are_said_to_be_loading() {
    let mut console = Console::tenants();
    console.command("users");
    let people = console
        .unanswered()
        .into_iter()
        .find(|s| ops::is_list_people(&s.op))
        .expect("the people are asked for");
    let reply = console.reply_for(people.tenant, &people.op).unwrap();
    console.answer(people.id, reply);
    assert!(console.app.tenants[0].orgs.is_loading());
    let sent = rename_jane(&mut console);
    assert_eq!(sent, [renamed_only()]);
    let field = console.form().field("organization").unwrap();
    assert!(
        field.picker_matches()[0].1 == "unknown (organizations still loading)",
        "{:?}",
        field.picker_matches()
    );
}

/// Opens the edit form of Jane and tabs to the organization picker (name, last
/// name, type, status, organization).
fn jane_at_the_organization(console: &mut Console) {
    console.select_person(JANE);
    console.ch('e');
    for _ in 0..4 {
        console.press(KeyCode::Tab);
    }
    assert_eq!(
        console.form().fields[console.form().focus].key,
        "organization"
    );
}

/// Back to the name, types a letter after it and submits: what the form sends.
fn back_to_the_name_and_save(console: &mut Console) -> Vec<Operation> {
    for _ in 0..4 {
        console.press(KeyCode::BackTab);
    }
    assert_eq!(console.form().fields[console.form().focus].key, "name");
    let before = console.sent_count();
    console.type_text("t");
    console.press(KeyCode::Enter);
    sent_since(console, before)
}

fn all_organizations() -> Result<Reply, orgdeck::api::error::ApiError> {
    Ok(ops::nodes_reply(seed_tenant("acme").orgs.clone()))
}

#[test]
fn a_filter_that_matches_nothing_keeps_the_organization() {
    let mut console = users_with_orgs(all_organizations());
    jane_at_the_organization(&mut console);
    console.type_text("zzz");
    let screen = console.screen(100, 30);
    assert!(
        screen.contains(r#"Acme Ltd (co-acme-01) (no match for "zzz")"#),
        "{screen}"
    );
    assert_eq!(
        console.form().field("organization").unwrap().value(),
        "co-acme-01"
    );
    assert_eq!(back_to_the_name_and_save(&mut console), [renamed_only()]);
}

#[test]
fn a_filter_that_matched_on_the_way_picks_nothing() {
    // "v" matches Vandelay Imports on the way to "vz", which matches nothing.
    let mut console = users_with_orgs(all_organizations());
    jane_at_the_organization(&mut console);
    console.type_text("v");
    assert_eq!(
        console.form().field("organization").unwrap().value(),
        "co-acme-01"
    );
    console.type_text("z");
    assert_eq!(back_to_the_name_and_save(&mut console), [renamed_only()]);
}

#[test]
fn typing_into_an_unknown_organization_keeps_it_unknown_and_unsent() {
    let mut console = users_with_orgs(Err(rejected(503, "")));
    jane_at_the_organization(&mut console);
    console.type_text("V");
    let screen = console.screen(100, 30);
    assert!(
        screen.contains(r#"unknown (could not load organizations) (no match for "V")"#),
        "{screen}"
    );
    assert_eq!(back_to_the_name_and_save(&mut console), [renamed_only()]);
}

#[test]
fn a_filter_that_matches_no_organization_only_is_not_a_choice_of_it() {
    // The highlight lands on "(no organization)", but nobody picked it.
    let mut console = users_with_orgs(Err(rejected(503, "")));
    jane_at_the_organization(&mut console);
    console.type_text("(no org");
    assert_eq!(
        console
            .form()
            .field("organization")
            .unwrap()
            .picker_matches(),
        [(String::new(), "(no organization)".to_owned())]
    );
    assert_eq!(back_to_the_name_and_save(&mut console), [renamed_only()]);
}

#[test]
fn a_pasted_filter_picks_nothing() {
    let mut console = users_with_orgs(all_organizations());
    jane_at_the_organization(&mut console);
    console.send(orgdeck::app::Msg::Paste("zzz".into()));
    assert_eq!(
        console.form().field("organization").unwrap().value(),
        "co-acme-01"
    );
    assert_eq!(back_to_the_name_and_save(&mut console), [renamed_only()]);
}

#[test]
fn enter_on_a_filter_picks_the_highlighted_organization_and_enter_again_saves() {
    let mut console = users_with_orgs(all_organizations());
    jane_at_the_organization(&mut console);
    console.type_text("initech");
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before, "Enter on a filter submitted");
    assert_eq!(
        console.form().field("organization").unwrap().value(),
        "co-acme-03"
    );
    let screen = console.screen(100, 30);
    assert!(
        screen.contains("filter: ▏"),
        "the filter stays after picking\n{screen}"
    );
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [ops::edit_person(
            JANE,
            vec![(fields::ORGANIZATION_FIELD, Value::Text("co-acme-03".into()))]
        )]
    );
}

#[test]
fn an_invite_from_an_organization_the_list_does_not_hold_keeps_it() {
    // Inviting from an organization's screen while the organizations are not at
    // hand: the invite still goes to that organization, not to none.
    let form = Form::invite(
        orgdeck::backends::schema(),
        0,
        &[],
        Some("co-acme-01"),
        Some("customer"),
        ops::org_tab("co-acme-01", fields::MEMBERS),
    );
    let field = form.field("organization").unwrap();
    assert_eq!(field.picked(), Some("co-acme-01".to_owned()));
}

#[test]
fn values_the_operator_left_alone_are_not_theirs_to_fix_before_saving() {
    // Another backend's agent without an agent type and a customer without a last
    // name: each rename is sent alone instead of being held up by the other field.
    let acme = seed_tenant("acme");
    let mut agent = acme
        .people
        .iter()
        .find(|p| ops::is_staff(p))
        .cloned()
        .unwrap();
    ops::set_person_value(&mut agent, fields::AGENT_TYPE, Value::Empty);
    let mut customer = acme.person(JANE);
    ops::set_person_value(&mut customer, fields::LAST_NAME, Value::Text(String::new()));
    for person in [agent, customer] {
        let mut form = Form::edit_person(
            orgdeck::backends::schema(),
            0,
            &person,
            Ok(&acme.orgs),
            ops::everyone(),
        );
        form.input(crossterm::event::KeyEvent::from(KeyCode::Char('x')));
        assert!(form.validate(), "{:?}", form.fields);
        assert_eq!(form.operation(), Some(x_added_to_the_name(&person)));
    }
}

#[test]
fn an_agent_type_is_asked_for_when_the_type_turns_to_staff() {
    let acme = seed_tenant("acme");
    let mut form = Form::edit_person(
        orgdeck::backends::schema(),
        0,
        &acme.person(JANE),
        Ok(&acme.orgs),
        ops::everyone(),
    );
    form.input(crossterm::event::KeyEvent::from(KeyCode::Tab));
    form.input(crossterm::event::KeyEvent::from(KeyCode::Tab));
    form.input(crossterm::event::KeyEvent::from(KeyCode::Right));
    assert_eq!(form.field("type").unwrap().value(), "agent");
    assert!(!form.validate());
    assert!(form.field("agent-type").unwrap().client_error.is_some());
}
