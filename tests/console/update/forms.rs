//! Forms: opening, focus and client checks, submitting, cancelling, server problems, edits that send only what changed.

use super::*;

// ---------------------------------------------------------------- forms

#[test]
fn n_on_organizations_opens_the_create_form() {
    let mut console = Console::orgs();
    console.ch('n');
    let form = console.form();
    assert_eq!(
        form.kind,
        FormKind::CreateNode {
            level: fields::ORGANIZATION,
            parent: None
        }
    );
    assert_eq!(form.tenant, 0);
    assert_eq!(form.focus, 0);
    assert_eq!(form.fields[0].key, "display-name");
    assert!(form.fields.iter().all(|f| !f.has_errors()));
    assert!(form.submitting.is_none());
}

#[test]
fn tab_moves_focus_and_checks_the_field_left() {
    let mut console = Console::orgs();
    console.ch('n');
    // Tabbing past an untouched field does not flag it (submit will).
    console.press(KeyCode::Tab);
    assert_eq!(console.form().fields[console.form().focus].key, "domains");
    assert_eq!(
        console.form().field("display-name").unwrap().client_error,
        None
    );
    console.press(KeyCode::BackTab);
    // Typed, then erased: leaving it blank is flagged.
    console.ch('x');
    console.press(KeyCode::Backspace);
    console.press(KeyCode::Tab);
    let form = console.form();
    assert_eq!(form.fields[form.focus].key, "domains");
    assert_eq!(
        form.field("display-name").unwrap().client_error.as_deref(),
        Some("must not be blank")
    );
    assert_eq!(
        form.field("domains").unwrap().client_error,
        None,
        "a field not left yet is not judged"
    );
    console.press(KeyCode::BackTab);
    assert_eq!(console.form().focus, 0);
    console.type_text("Acme Two");
    console.press(KeyCode::Tab);
    assert_eq!(
        console.form().field("display-name").unwrap().client_error,
        None
    );
    // An invalid external ref is caught when leaving it.
    console.press(KeyCode::Tab);
    console.type_text("crm/2000");
    console.press(KeyCode::Tab);
    let form = console.form();
    assert_eq!(form.fields[form.focus].key, "notes");
    assert!(
        form.field("external-ref")
            .unwrap()
            .client_error
            .as_deref()
            .unwrap()
            .contains("absolute http(s) URL")
    );
    // Tab wraps around.
    console.press(KeyCode::Tab);
    assert_eq!(console.form().focus, 0);
}

/// Fills the create form: name, two domains, external ref, notes; focus ends on notes.
fn fill_create_form(console: &mut Console) {
    console.ch('n');
    console.type_text("Acme Two");
    console.press(KeyCode::Tab);
    console.type_text("acme-two.com");
    console.press(KeyCode::Enter);
    console.type_text("Acme2.Example");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    console.type_text("https://crm.example.com/accounts/2000");
    console.press(KeyCode::Tab);
    console.type_text("Second account");
}

fn expected_new_org() -> Operation {
    ops::create_org_form(
        "Acme Two",
        &["acme-two.com", "acme2.example"],
        Some("https://crm.example.com/accounts/2000"),
        Some("Second account"),
    )
}

#[test]
fn submitting_sends_one_create_and_a_second_enter_sends_nothing() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    let before = console.sent_count();
    console.send(ctrl('s'));
    assert_eq!(sent_since(&console, before), [expected_new_org()]);
    let id = console.last_sent().id;
    assert_eq!(console.form().submitting.map(|(sent, _)| sent), Some(id));

    console.press(KeyCode::Enter);
    console.send(ctrl('s'));
    console.ch('x');
    assert_eq!(console.sent_count(), before + 1, "nothing more is sent");
    assert_eq!(
        console.form().summary,
        ["Already submitting: wait for the answer, or Esc to cancel."]
    );
    assert_eq!(
        console.form().field("notes").unwrap().value(),
        "Second account",
        "typing while submitting changes nothing"
    );

    // Success closes the form, says so, and reloads the tenant.
    let created = crate::support::fixtures::org_with_domains(
        "co-acme-13",
        "Acme Two",
        &["acme-two.com", "acme2.example"],
    );
    let before = console.sent_count();
    assert!(console.answer(id, Ok(Reply::Node(created))));
    assert!(console.app.overlay.is_none());
    let notice = console.app.notice.clone().unwrap();
    assert_eq!(notice.kind, NoticeKind::Info);
    assert_eq!(notice.text, "Created Acme Two");
    assert_eq!(reads(&sent_since(&console, before)), (1, 1));
}

#[test]
fn an_invalid_form_is_not_sent_and_focus_goes_to_the_first_bad_field() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('n');
    console.press(KeyCode::Tab);
    console.type_text("intranet");
    console.press(KeyCode::Enter);
    assert_eq!(
        console
            .form()
            .field("domains")
            .unwrap()
            .client_error
            .as_deref(),
        Some(
            "\"intranet\" is not a full domain name: it needs at least one dot (for example intranet.com)"
        ),
        "a domain is checked when added"
    );
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let form = console.form();
    assert_eq!(console.sent_count(), before);
    assert_eq!(form.summary, ["Fix the marked fields."]);
    assert_eq!(form.fields[form.focus].key, "display-name");
    assert_eq!(
        form.field("display-name").unwrap().client_error.as_deref(),
        Some("must not be blank")
    );
    assert_eq!(form.field("domains").unwrap().items(), ["intranet"]);
}

#[test]
fn esc_while_submitting_cancels_that_request_and_keeps_the_values() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.send(ctrl('s'));
    let id = console.last_sent().id;
    let before = console.sent_count();

    console.press(KeyCode::Esc);
    assert_eq!(console.io.cancelled, [(0, id)]);
    let form = console.form();
    assert!(form.submitting.is_none());
    assert!(
        form.summary[0].starts_with("Cancelled."),
        "{:?}",
        form.summary
    );
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
    assert_eq!(
        form.field("domains").unwrap().items(),
        ["acme-two.com", "Acme2.Example"]
    );
    assert_eq!(form.field("notes").unwrap().value(), "Second account");

    // The cancelled request's answer, if it comes anyway, is dropped.
    assert!(!console.answer(id, Err(timeout())));
    assert!(console.form().summary[0].starts_with("Cancelled."));
    assert_eq!(console.sent_count(), before);

    // It can be submitted again, as a new request.
    console.send(ctrl('s'));
    assert_eq!(sent_since(&console, before), [expected_new_org()]);
    assert_ne!(console.last_sent().id, id);
    // A second Esc (not submitting) asks before losing the changes; y discards them.
    console.press(KeyCode::Esc);
    console.press(KeyCode::Esc);
    assert!(console.form().discard.is_some());
    console.ch('y');
    assert!(console.app.overlay.is_none());
}

#[test]
fn a_rejected_domain_entry_lands_under_domains_with_focus_and_values_kept() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.send(ctrl('s'));
    assert_eq!(console.form().fields[console.form().focus].key, "notes");
    let id = console.last_sent().id;
    console.answer(
        id,
        Err(rejected(
            422,
            r#"{"type":"https://orgdeck.dev/problems/validation","title":"Unprocessable Content",
                "status":422,"detail":"1 field is invalid",
                "errors":[{"pointer":"/domains/5","detail":"at most 5 domains"}]}"#,
        )),
    );
    let form = console.form();
    assert!(form.submitting.is_none());
    assert_eq!(form.fields[form.focus].key, "domains", "focus moves there");
    let domains = form.field("domains").unwrap();
    assert_eq!(
        domains.server_errors.len(),
        1,
        "{:?}",
        domains.server_errors
    );
    assert!(
        domains.server_errors[0].contains("at most 5 domains"),
        "{:?}",
        domains.server_errors
    );
    assert!(
        form.fields
            .iter()
            .filter(|f| f.key != "domains")
            .all(|f| !f.has_errors())
    );
    assert!(!form.summary.is_empty(), "the summary says what happened");
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
    assert_eq!(
        domains.items(),
        ["acme-two.com", "Acme2.Example"],
        "what was typed stays"
    );
    assert_eq!(
        form.field("external-ref").unwrap().value(),
        "https://crm.example.com/accounts/2000"
    );
    assert_eq!(form.field("notes").unwrap().value(), "Second account");

    // Editing the field clears the server's complaint about it.
    console.press(KeyCode::Backspace);
    assert!(
        console
            .form()
            .field("domains")
            .unwrap()
            .server_errors
            .is_empty()
    );
}

#[test]
fn a_problem_for_an_existing_entry_names_the_entry() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.send(ctrl('s'));
    let id = console.last_sent().id;
    let problem = problem(
        409,
        r#"{"title":"Conflict","status":409,"detail":"taken",
            "errors":[{"pointer":"/domains/1","detail":"already used by Initech"}]}"#,
    );
    console.answer(
        id,
        Err(orgdeck::api::error::ApiError::Rejected(Box::new(problem))),
    );
    assert_eq!(
        console.form().field("domains").unwrap().server_errors,
        ["Acme2.Example: already used by Initech"]
    );
}

#[test]
fn a_network_failure_while_submitting_keeps_the_form_with_the_cause() {
    let mut console = Console::orgs();
    fill_create_form(&mut console);
    console.send(ctrl('s'));
    let id = console.last_sent().id;
    console.answer(id, Err(timeout()));
    let form = console.form();
    assert!(form.submitting.is_none());
    assert_eq!(form.summary[0], "no answer within 10s");
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
}

#[test]
fn edit_form_sends_only_what_changed_and_nothing_when_nothing_did() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.ch('e');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before);
    assert_eq!(console.form().summary, ["Nothing changed."]);
    console.type_text(" Group");
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [ops::rename_org("co-acme-01", "Acme Ltd Group")]
    );
}

#[test]
fn editing_an_organization_with_empty_notes_and_changing_nothing_sends_nothing() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    assert_eq!(
        ops::notes(console.app.selected_org().unwrap().1),
        Some(""),
        "the server writes empty notes as \"\""
    );
    console.ch('e');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [],
        "an unchanged form sent a write"
    );
    assert_eq!(console.form().summary, ["Nothing changed."]);
}

#[test]
fn edit_user_form_sends_only_what_changed() {
    // A customer and a staff user: unchanged forms send nothing.
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.select_person("chloe.dubois@acme-ltd.com");
    console.ch('e');
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.form().summary, ["Nothing changed."]);
    console.press(KeyCode::Tab);
    console.type_text("-Martin");
    console.press(KeyCode::Enter);
    assert_eq!(
        sent_since(&console, before),
        [ops::edit_person_in(
            ops::org_tab("co-acme-01", fields::MEMBERS),
            "chloe.dubois@acme-ltd.com",
            vec![(fields::LAST_NAME, Value::Text("Dubois-Martin".into()))]
        )]
    );

    let mut console = Console::tenants();
    console.command("staff");
    console.answer_reads();
    console.select_person("mei.chen@acme-support.example");
    console.ch('e');
    assert!(console.form().field("agent-type").is_some());
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before);
    assert_eq!(console.form().summary, ["Nothing changed."]);
}

#[test]
fn inviting_staff_needs_an_agent_type() {
    let mut console = Console::tenants();
    console.command("staff");
    console.answer_reads();
    console.ch('n');
    console.type_text("new.agent@acme-support.example");
    console.press(KeyCode::Tab);
    console.type_text("New");
    console.press(KeyCode::Tab);
    console.type_text("Agent");
    let before = console.sent_count();
    console.press(KeyCode::Enter);
    assert_eq!(console.sent_count(), before);
    let form = console.form();
    assert_eq!(form.fields[form.focus].key, "agent-type");
    assert!(
        form.field("organization").is_some_and(|_| !form
            .visible_fields()
            .iter()
            .any(|&i| form.fields[i].key == "organization")),
        "staff have no organization field"
    );
    console.press(KeyCode::Right);
    console.press(KeyCode::Enter);
    match &console.last_sent().op {
        Operation::AddMembers { scope, draft } => {
            assert_eq!(*scope, ops::staff_view());
            let text = |field| draft.get(field).and_then(Value::as_text);
            assert_eq!(text(fields::EMAIL), Some("new.agent@acme-support.example"));
            assert_eq!(text(fields::TYPE), Some("agent"));
            assert_eq!(text(fields::AGENT_TYPE), Some("human"));
            assert_eq!(draft.get(fields::ORGANIZATION_FIELD), None);
        }
        other => panic!("sent {other:?}"),
    }
}

#[test]
fn pasting_into_the_filter_joins_lines() {
    let mut console = Console::orgs();
    console.ch('/');
    console.send(Msg::Paste("north\nwind".into()));
    assert_eq!(console.app.level().filter, "north wind");
    assert!(console.app.level().rows.is_empty());
    console.press(KeyCode::Esc);
    console.ch('/');
    console.send(Msg::Paste("kestrel".into()));
    assert_eq!(org_names(&console), ["Kestrel Aerospace"]);
    // Pasting with nothing to paste into is ignored.
    console.press(KeyCode::Enter);
    assert!(!console.send(Msg::Paste("x".into())));
    assert_eq!(console.app.level().filter, "kestrel");
}
