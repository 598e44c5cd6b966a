//! `y` and `Y`: what each queues for the terminal on every kind of screen, the
//! toast that says so, the cap, and `clipboard = "off"`; the config's problems
//! all reported. Driven through the update logic; the OSC 52 bytes themselves
//! are read from a real PTY in `e2e_clipboard`.

use crossterm::event::KeyCode;
use orgdeck::api::value::Value;
use orgdeck::app::NoticeKind;
use orgdeck::app::clipboard::MAX_COPY_BYTES;
use orgdeck::app::keymap::{Action, Keymap};
use orgdeck::app::{App, Tenant};
use orgdeck::backends::muninx::schema::{NOTES, ORGANIZATION};
use orgdeck::config::Clipboard;

use crate::support::console::{Console, base_url, surroundings};

fn notice(console: &Console) -> (NoticeKind, String, Option<String>) {
    let notice = console.app.notice.as_ref().expect("a notice");
    (notice.kind, notice.text.clone(), notice.hint.clone())
}

/// What `key` queued for the terminal, taken as the runtime takes it.
fn copied(console: &mut Console, key: char) -> Option<String> {
    console.ch(key);
    console.app.clipboard.take()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn on_the_tenants_pane_y_copies_the_profile_and_y_its_row() {
    let mut console = Console::tenants();
    console.ch('j');
    assert_eq!(copied(&mut console, 'y').as_deref(), Some("globex"));
    assert_eq!(notice(&console).1, "copied globex");
    let row = json(&copied(&mut console, 'Y').expect("a row"));
    assert_eq!(row["profile"], "globex");
    assert_eq!(row["server"], base_url("globex"));
    assert!(row["role"].is_string(), "{row}");
    let text = notice(&console).1;
    assert!(
        text.starts_with("copied the row of globex as JSON ("),
        "{text}"
    );
}

#[test]
fn on_organizations_y_copies_the_id_and_y_the_record_with_its_id() {
    let mut console = Console::orgs();
    console.select_org("Northwind Traders");
    let (_, org) = console.app.selected_org().expect("an organization");
    let id = org.id.clone();
    assert_eq!(copied(&mut console, 'y'), Some(id.clone()));
    assert_eq!(
        notice(&console),
        (NoticeKind::Info, format!("copied {id}"), None)
    );
    let text = copied(&mut console, 'Y').expect("a row");
    let row = json(&text);
    assert_eq!(row["id"], id.as_str());
    let values = row.as_object().expect("an object").values();
    assert!(
        values.into_iter().any(|v| v == "Northwind Traders"),
        "{row}"
    );
    assert!(row["domains"].is_array(), "{row}");
    assert_eq!(
        notice(&console).1,
        format!(
            "copied the row of Northwind Traders as JSON ({} bytes)",
            text.len()
        )
    );
    // The detail view copies its subject.
    console.ch('i');
    assert_eq!(copied(&mut console, 'y'), Some(id));
}

#[test]
fn on_people_y_copies_the_email_they_are_listed_by() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.press(KeyCode::Enter);
    console.answer_reads();
    console.ch('j');
    let (_, person) = console.app.selected_person().expect("a member");
    let email = person.id().to_owned();
    assert!(email.contains('@'), "{email}");
    assert_eq!(copied(&mut console, 'y'), Some(email.clone()));
    assert_eq!(notice(&console).1, format!("copied {email}"));
    let row = json(&copied(&mut console, 'Y').expect("a row"));
    assert_eq!(row["id"], email.as_str());
    assert!(row["name"].is_string(), "{row}");
    console.ch('i');
    assert_eq!(copied(&mut console, 'y'), Some(email));
}

#[test]
fn a_copy_over_the_cap_is_refused_with_a_notice_and_nothing_is_queued() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    let row = console.app.level().selected_row().expect("a row");
    let fields = console
        .app
        .schema()
        .level(ORGANIZATION)
        .expect("orgs")
        .fields;
    let orgs = console.app.tenants[0].orgs.data.as_mut().expect("orgs");
    let big = "n".repeat(MAX_COPY_BYTES);
    assert!(orgs[row].record.set(fields, NOTES, Value::Text(big)));
    assert_eq!(copied(&mut console, 'Y'), None);
    let (kind, text, hint) = notice(&console);
    assert_eq!(kind, NoticeKind::Error);
    assert!(text.starts_with("not copied: "), "{text}");
    assert!(text.contains("over the 100,000"), "{text}");
    assert!(hint.is_some_and(|h| h.contains("y copies the id")));
    // The id alone is small enough.
    assert_eq!(copied(&mut console, 'y').as_deref(), Some("co-acme-01"));
}

fn console_with(clipboard: Clipboard, warnings: Vec<String>, keymap: Keymap) -> Console {
    let mut around = surroundings(false);
    around.clipboard = clipboard;
    around.warnings = warnings;
    let tenants = vec![Tenant::new("acme", base_url("acme"), false)];
    let mut console = Console::with_tenants(tenants, &[], false);
    console.app = App::new(console.app.tenants.drain(..).collect(), keymap, around);
    orgdeck::app::start(&mut console.app, &mut console.io);
    console.answer_reads();
    console.press(KeyCode::Enter);
    console.answer_reads();
    console
}

#[test]
fn with_clipboard_off_y_says_copying_is_off_and_how_to_turn_it_on() {
    let mut console = console_with(Clipboard::Off, vec![], Keymap::default());
    assert!(console.app.selected_org().is_some());
    assert!(!console.app.action_available(Action::Copy));
    assert!(!console.app.action_available(Action::CopyRow));
    for key in ['y', 'Y'] {
        assert_eq!(copied(&mut console, key), None);
        let (kind, text, hint) = notice(&console);
        assert_eq!(kind, NoticeKind::Error);
        assert!(text.contains("copying is off"), "{text}");
        assert!(hint.is_some_and(|h| h.contains("clipboard = \"auto\"")));
    }
    // Not in the footer; help lists it as not offered, with why.
    let screen = console.screen(200, 50);
    let footer = screen.lines().nth(50).unwrap_or_default();
    assert!(!footer.contains("y copy"), "{footer}");
    console.ch('?');
    let help = console.screen(200, 50);
    assert!(
        help.contains("copying is off (clipboard = \"off\""),
        "{help}"
    );

    let mut on = console_with(Clipboard::Osc52, vec![], Keymap::default());
    assert!(on.app.action_available(Action::Copy));
    let footer = on.screen(200, 50);
    assert!(footer.contains("y copy"), "{footer}");
    assert!(copied(&mut on, 'y').is_some());
}

#[test]
fn three_bad_keys_entries_are_all_reported_and_listed_in_help() {
    let overrides = [("explode", "z"), ("refresh", "ctrl-"), ("quit", "")]
        .into_iter()
        .map(|(a, k)| (a.to_owned(), k.to_owned()))
        .collect();
    let (keymap, problems) = Keymap::with_overrides(&overrides);
    assert_eq!(problems.len(), 3, "{problems:?}");
    // The start-up notice names the count and each problem (whole, for the
    // messages log); help lists every one on a line of its own.
    let mut around = surroundings(false);
    around.warnings = problems.clone();
    let mut fresh = App::new(vec![], keymap.clone(), around);
    let notice = fresh.notice.take().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(
        notice.text.starts_with("3 problems in the config: "),
        "{}",
        notice.text
    );
    for problem in &problems {
        assert!(
            notice.text.contains(problem.as_str()),
            "{problem} in {}",
            notice.text
        );
    }
    assert_eq!(
        notice.hint.as_deref(),
        Some("? lists them with the config path")
    );
    let mut console = console_with(Clipboard::Auto, problems, keymap);
    console.ch('?');
    let help = console.screen(200, 50);
    assert!(help.contains("Config: 3 problems"), "{help}");
    for name in ["explode", "refresh", "quit"] {
        assert!(
            help.contains(&format!("• [keys] {name}:")),
            "{name}:\n{help}"
        );
    }
}

fn rebound() -> Keymap {
    let overrides = [
        ("down", "J, ctrl-n"),
        ("up", "K, ctrl-p"),
        ("refresh", "F"),
        ("copy", "c"),
        ("help", "H"),
    ]
    .into_iter()
    .map(|(a, k)| (a.to_owned(), k.to_owned()))
    .collect();
    let (keymap, problems) = Keymap::with_overrides(&overrides);
    assert!(problems.is_empty(), "{problems:?}");
    keymap
}

#[test]
fn help_and_its_hints_follow_the_rebound_keys() {
    let mut console = console_with(Clipboard::Auto, vec![], rebound());
    console.ch('H');
    for (width, height) in [(80, 24), (200, 50)] {
        let screen = console.screen(width, height);
        assert!(screen.contains("Help (J/K scroll"), "{screen}");
        insta::assert_snapshot!(format!("help_rebound_{width}x{height}"), screen);
    }
    // The keys bound to up and down scroll it; j no longer does.
    console.ch('J');
    assert!(matches!(
        console.app.overlay,
        Some(orgdeck::app::Overlay::Help { scroll: 1 })
    ));
    console.ch('K');
    assert!(matches!(
        console.app.overlay,
        Some(orgdeck::app::Overlay::Help { scroll: 0 })
    ));
    console.ch('j');
    assert!(console.app.overlay.is_none(), "another key closes help");
    // `c` copies now, and the footer says so.
    assert_eq!(copied(&mut console, 'c').as_deref(), Some("co-acme-01"));
    console.app.notice = None;
    assert!(console.screen(200, 50).contains("c copy"));
    // The demo's hint names the help key bound now.
    console.press(KeyCode::Esc);
    let tenants = console.screen(200, 50);
    assert!(tenants.contains("(H shows where)"), "{tenants}");
}
