//! The console fed a hostile server's data: names and ids carrying a window-title
//! sequence, an OSC 52 clipboard write, clear-screen, a cursor-position query, the
//! one-byte CSI U+009B, a bidi override and a token. Every pane, title, breadcrumb,
//! detail, dialog and form draws them as visible stand-ins, in line with the rest.

use crate::support::console::{Console, seed_tenant};
use crate::support::ops::{self, fields};
use crossterm::event::KeyCode;
use orgdeck::api::secret::Secret;
use orgdeck::api::value::Value;
use orgdeck::text::is_terminal_control;

const TOKEN: &str = "odk-console-echoed-token-7a2c";
const HOSTILE: &str =
    "Evil\u{1b}]0;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{1b}[6n\u{9b}6n\u{202e}gpj.exe";
/// How [`HOSTILE`] is drawn.
const SHOWN: &str = "Evil\u{241b}]0;pwned\u{2407}\u{241b}]52;c;cHduZWQ=\u{2407}\u{241b}[2J\u{241b}[6n\u{fffd}6n\u{fffd}gpj.exe";

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 40)];

/// acme's lists, answered with one organization and one member made hostile.
fn hostile_console() -> Console {
    // As a client would have remembered it after sending it.
    Secret::new(TOKEN).remember();
    let seed = seed_tenant("acme");
    let mut orgs = seed.orgs.clone();
    let target = orgs[0].id.clone();
    ops::set_org_name(&mut orgs[0], &format!("{HOSTILE} {TOKEN}"));
    ops::set_org_value(&mut orgs[0], fields::NOTES, Value::Text(HOSTILE.to_owned()));
    let mut people = seed.people.clone();
    let member = people
        .iter_mut()
        .find(|p| ops::organization(p) == Some(target.as_str()))
        .expect("the first organization has a member");
    ops::set_person_value(member, fields::NAME, Value::Text(HOSTILE.to_owned()));

    let mut console = Console::with_profiles(&[("acme", false)], false);
    console.answer_reads();
    console.press(KeyCode::Enter);
    for sent in console.unanswered() {
        let reply = if ops::is_list_orgs(&sent.op) {
            ops::nodes_reply(orgs.clone())
        } else if ops::is_list_people(&sent.op) {
            ops::parties_reply(people.clone())
        } else {
            panic!("unexpected request {:?}", sent.op)
        };
        console.answer(sent.id, Ok(reply));
    }
    console
}

/// Draws at every size: no cell holds a control, the stand-ins are there, the token
/// is not. Returns the screens.
#[track_caller]
fn assert_inert(console: &mut Console, what: &str) -> Vec<String> {
    SIZES
        .iter()
        .map(|&(width, height)| {
            let buffer = console.buffer(width, height);
            for (i, cell) in buffer.content.iter().enumerate() {
                assert!(
                    !cell.symbol().chars().any(is_terminal_control),
                    "{what} {width}x{height}: cell {i} holds {:?}",
                    cell.symbol()
                );
            }
            let screen = console.screen(width, height);
            assert!(!screen.contains(TOKEN), "{what}: the token\n{screen}");
            assert!(
                screen.contains("Evil\u{241b}]0;pwned\u{2407}"),
                "{what} {width}x{height}: no stand-ins\n{screen}"
            );
            screen
        })
        .collect()
}

#[test]
fn every_pane_draws_server_text_as_text() {
    let mut console = hostile_console();
    let screens = assert_inert(&mut console, "organizations list");
    // Stand-ins take one column each: the STATUS column still lines up.
    let wide = &screens[1];
    let column = |marker: &str, word: &str| {
        let line = wide
            .lines()
            .find(|l| l.contains(marker))
            .unwrap_or_else(|| panic!("{wide}"));
        let from = line.find(marker).unwrap();
        let at = from + line[from..].find(word).unwrap();
        line[..at].chars().count()
    };
    assert_eq!(
        column("Evil\u{241b}", "active"),
        column("Northwind", "active"),
        "{wide}"
    );
    assert_eq!(
        column("NAME", "STATUS"),
        column("Northwind", "active"),
        "{wide}"
    );

    // The organization's own pane: its title and the breadcrumbs carry the name.
    let name = format!("{HOSTILE} {TOKEN}");
    console.select_org(&name);
    console.press(KeyCode::Enter);
    let screens = assert_inert(&mut console, "members tab");
    assert!(screens[1].contains(&format!("{SHOWN} [redacted]: [Members]")));
    // A member whose name is hostile, in the members list.
    console.press(KeyCode::Esc);

    console.ch('i');
    assert_inert(&mut console, "details");
    console.press(KeyCode::Esc);

    console.ch('d');
    assert_inert(&mut console, "delete dialog");
    console.press(KeyCode::Esc);

    console.ch('e');
    assert_inert(&mut console, "edit form");
}
