//! Editing in a form: pastes by field kind, multi-line notes, the question Esc asks
//! before changes are lost, and the footer's keys for the focused field.

use super::*;

fn paste(console: &mut Console, text: &str) {
    console.send(Msg::Paste(text.into()));
}

/// The create form with the focus on Domains.
fn on_domains(console: &mut Console) {
    console.ch('n');
    console.press(KeyCode::Tab);
    assert_eq!(console.form().fields[console.form().focus].key, "domains");
}

/// Domains' entries added so far, and what is on its entry line.
fn domains(console: &Console) -> (Vec<String>, String) {
    match &console.form().field("domains").unwrap().input {
        orgdeck::app::form::Input::List { items, entry, .. } => {
            (items.clone(), entry.lines().join(""))
        }
        other => panic!("domains is a list: {other:?}"),
    }
}

fn entry_line(console: &Console) -> String {
    domains(console).1
}

fn footer(console: &Console) -> Vec<String> {
    console
        .form()
        .key_hints()
        .into_iter()
        .map(|(key, what)| format!("{key} {what}"))
        .collect()
}

#[test]
fn pasted_lines_into_domains_are_one_entry_each() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    paste(&mut console, "alpha.com\nbeta.com");
    let domains = console.form().field("domains").unwrap();
    assert_eq!(domains.items(), ["alpha.com", "beta.com"]);
    assert_eq!(
        entry_line(&console),
        "",
        "nothing is left on the entry line"
    );
    assert_eq!(domains.client_error, None);
}

#[test]
fn pasted_comma_separated_values_are_trimmed_and_empties_dropped() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    paste(&mut console, " a.com, b.com ,,\r\n");
    assert_eq!(
        console.form().field("domains").unwrap().items(),
        ["a.com", "b.com"]
    );
    // What was typed before the caret joins the first pasted value.
    console.type_text("gam");
    paste(&mut console, "ma.com delta.com");
    assert_eq!(
        console.form().field("domains").unwrap().items(),
        ["a.com", "b.com", "gamma.com", "delta.com"]
    );
}

#[test]
fn a_pasted_entry_is_checked_as_a_typed_one_is() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    paste(&mut console, "good.com\nintranet");
    let domains = console.form().field("domains").unwrap();
    assert_eq!(domains.items(), ["good.com", "intranet"]);
    let error = domains.client_error.as_deref().unwrap_or_default();
    assert!(error.contains("intranet"), "{error}");
}

#[test]
fn values_past_the_max_stay_on_the_entry_line_and_are_named() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    paste(
        &mut console,
        "a.com\nb.com\nc.com\nd.com\ne.com\nf.com\ng.com",
    );
    let domains = console.form().field("domains").unwrap();
    assert_eq!(
        domains.items()[..5],
        ["a.com", "b.com", "c.com", "d.com", "e.com"]
    );
    assert_eq!(entry_line(&console), "f.com, g.com", "nothing is lost");
    let error = domains.client_error.as_deref().unwrap_or_default();
    assert!(
        error.contains("at most 5 domains") && error.contains("2 values not added (f.com, g.com)"),
        "{error}"
    );
}

#[test]
fn a_single_pasted_value_lands_on_the_entry_line_as_typed() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    paste(&mut console, "alpha.com");
    assert_eq!(
        domains(&console),
        (Vec::new(), "alpha.com".to_owned()),
        "not added until Enter"
    );
}

#[test]
fn a_paste_into_a_one_line_field_joins_its_lines_and_notes_keep_them() {
    let mut console = Console::orgs();
    console.ch('n');
    paste(&mut console, "Acme\nTwo\r\nHoldings");
    assert_eq!(
        console.form().field("display-name").unwrap().value(),
        "Acme Two Holdings"
    );
    for _ in 0..3 {
        console.press(KeyCode::Tab);
    }
    paste(&mut console, "first\r\nsecond\rthird");
    assert_eq!(
        console.form().field("notes").unwrap().value(),
        "first\nsecond\nthird"
    );
}

#[test]
fn enter_in_notes_adds_a_line_and_ctrl_s_sends_the_lines() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Two");
    for _ in 0..3 {
        console.press(KeyCode::Tab);
    }
    assert_eq!(console.form().fields[console.form().focus].key, "notes");
    let before = console.sent_count();
    console.type_text("line one");
    console.press(KeyCode::Enter);
    console.type_text("line three");
    // ↑ goes back a line, where typing lands.
    console.press(KeyCode::Up);
    console.press(KeyCode::End);
    console.press(KeyCode::Enter);
    console.type_text("line two");
    assert_eq!(console.sent_count(), before, "Enter in notes sends nothing");
    assert_eq!(
        console.form().field("notes").unwrap().value(),
        "line one\nline two\nline three"
    );
    assert!(footer(&console).contains(&"enter new line".to_owned()));
    assert!(footer(&console).contains(&"ctrl-s submit".to_owned()));
    console.send(ctrl('s'));
    assert_eq!(
        sent_since(&console, before),
        [ops::create_org_form(
            "Acme Two",
            &[],
            None,
            Some("line one\nline two\nline three"),
        )]
    );
}

#[test]
fn esc_on_a_changed_form_asks_and_keeping_on_loses_nothing() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    paste(&mut console, "alpha.com\nbeta.com");
    console.type_text("gamma.c");
    console.press(KeyCode::BackTab);
    console.type_text("Acme Two");

    console.press(KeyCode::Esc);
    let asked = console.form().discard.expect("the question");
    assert!(!asked.confirm_focused, "Keep editing is focused first");
    assert_eq!(
        console.form().would_lose(),
        "the changes to Display name and Domains"
    );
    // Keys other than the answers do not land in a field.
    console.ch('x');
    assert!(console.form().discard.is_some());
    // Esc again keeps editing; so do n, and Enter on Keep editing.
    console.press(KeyCode::Esc);
    assert!(console.form().discard.is_none());
    console.press(KeyCode::Esc);
    console.ch('n');
    assert!(console.form().discard.is_none());
    console.press(KeyCode::Esc);
    console.press(KeyCode::Enter);
    let form = console.form();
    assert!(form.discard.is_none());
    assert_eq!(form.field("display-name").unwrap().value(), "Acme Two");
    assert_eq!(
        form.field("domains").unwrap().items(),
        ["alpha.com", "beta.com", "gamma.c"]
    );
    // Typing goes on where it was.
    console.type_text("!");
    assert_eq!(
        console.form().field("display-name").unwrap().value(),
        "Acme Two!"
    );

    // Tab to Discard, Enter: gone, nothing sent.
    let before = console.sent_count();
    console.press(KeyCode::Esc);
    console.press(KeyCode::Tab);
    assert!(console.form().discard.unwrap().confirm_focused);
    console.press(KeyCode::Enter);
    assert!(console.app.overlay.is_none());
    assert_eq!(console.sent_count(), before);
}

#[test]
fn y_discards_and_an_unchanged_form_closes_at_once() {
    let mut console = Console::orgs();
    console.ch('n');
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none(), "nothing to lose: closed");

    // Typed and erased again is unchanged.
    console.ch('n');
    console.ch('x');
    console.press(KeyCode::Backspace);
    console.press(KeyCode::Esc);
    assert!(console.app.overlay.is_none());

    console.ch('n');
    console.ch('x');
    console.press(KeyCode::Esc);
    assert_eq!(console.form().would_lose(), "the change to Display name");
    console.ch('y');
    assert!(console.app.overlay.is_none());
}

#[test]
fn esc_while_submitting_still_cancels_rather_than_asks() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Two");
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    console.press(KeyCode::Esc);
    assert_eq!(console.io.cancelled, [(0, id)]);
    assert!(console.form().discard.is_none());
    assert!(console.form().summary[0].starts_with("Cancelled."));
}

#[test]
fn the_footer_says_how_to_add_and_remove_an_entry() {
    let mut console = Console::orgs();
    on_domains(&mut console);
    assert_eq!(footer(&console)[0], "type+enter adds");
    console.type_text("alpha.com");
    assert_eq!(footer(&console)[0], "enter adds it");
    console.press(KeyCode::Enter);
    let hints = footer(&console);
    assert!(hints.contains(&"↑ selects".to_owned()), "{hints:?}");
    console.press(KeyCode::Up);
    assert_eq!(footer(&console)[0], "del removes it");
    console.press(KeyCode::Delete);
    assert!(console.form().field("domains").unwrap().items().is_empty());
    // A plain text field names only how to submit; a changed form's Esc asks.
    console.press(KeyCode::BackTab);
    assert_eq!(footer(&console)[0], "enter submit");
    console.ch('x');
    assert_eq!(footer(&console).last().unwrap(), "esc discard…");
    console.press(KeyCode::Esc);
    assert_eq!(footer(&console)[..2], ["tab switch", "enter choose"]);
}
