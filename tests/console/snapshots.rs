//! What the console draws, screen by screen, at 80x24 and 140x40: the state is built
//! from the shipped seed through key presses and canned client answers (no network),
//! and every clock reading is pinned so that the snapshots never depend on timing.

use crate::support::console::{Console, rejected, seed_tenant, timeout};
use crate::support::ops::{self, fields};
use crossterm::event::KeyCode;
use orgdeck::api::model::{NodeState, Operation};
use orgdeck::api::value::Value;
use orgdeck::app::Overlay;
use orgdeck::app::screens::Screen;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];

/// Two snapshots per case: `NAME_80x24` and `NAME_140x40`.
fn snap(name: &str, console: &mut Console) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
    }
}

/// Both sizes contain this text somewhere (a guard that does not depend on layout).
fn shows(console: &mut Console, text: &str) {
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        assert!(
            screen.contains(text),
            "{width}x{height} does not show {text:?}:\n{screen}"
        );
    }
}

// ---------------------------------------------------------------- lists

#[test]
fn tenants_pane_with_an_unreachable_tenant() {
    let mut console = Console::with_profiles(
        &[("acme", false), ("initech-eu", false), ("globex", false)],
        false,
    );
    assert_eq!(console.answer_reads(), 3);
    console.press(KeyCode::Char('j'));
    assert_eq!(console.app.tenant_index(), Some(1));
    shows(&mut console, "server down (connection refused)");
    snap("tenants_pane", &mut console);
}

#[test]
fn organizations_list() {
    let mut console = Console::orgs();
    assert_eq!(console.app.level().rows.len(), 12);
    shows(&mut console, "acme: customer organizations (12)");
    snap("organizations", &mut console);
}

#[test]
fn organization_members_tab() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    assert!(matches!(
        console.app.screen(),
        Screen::Node {
            tab: fields::MEMBERS,
            ..
        }
    ));
    assert_eq!(console.app.level().rows.len(), 5);
    snap("org_members", &mut console);
}

#[test]
fn organization_pending_invites_tab() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    assert!(matches!(
        console.app.screen(),
        Screen::Node {
            tab: fields::INVITES,
            ..
        }
    ));
    assert_eq!(console.app.level().rows.len(), 2);
    snap("org_pending", &mut console);
}

#[test]
fn tenant_wide_staff() {
    let mut console = Console::tenants();
    console.command("staff");
    // The people come first; the organizations are asked for once they are in.
    assert_eq!(console.answer_reads(), 1);
    assert_eq!(console.answer_reads(), 1);
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: crate::support::STAFF_VIEW
        }
    );
    assert_eq!(console.app.level().rows.len(), 13);
    snap("staff", &mut console);
}

#[test]
fn tenant_wide_pending_invites() {
    let mut console = Console::tenants();
    console.command("invites");
    assert_eq!(console.answer_reads(), 1);
    assert_eq!(console.answer_reads(), 1);
    assert_eq!(
        console.app.screen(),
        &Screen::View {
            tenant: 0,
            view: crate::support::INVITES_VIEW
        }
    );
    assert_eq!(console.app.level().rows.len(), 9);
    snap("invites", &mut console);
}

#[test]
fn organization_details() {
    let mut console = Console::orgs();
    console.select_org("Northwind Traders");
    console.ch('i');
    shows(&mut console, "co-acme-02");
    snap("org_details", &mut console);
}

#[test]
fn person_details() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.select_person("kwame.asante@acme-ltd.com");
    console.ch('i');
    shows(&mut console, "Asante");
    snap("person_details", &mut console);
}

/// The screen column where `needle` starts on row `y`. Columns, not characters: the
/// cell a wide character covers after its own is left out of the text.
fn column_of(buffer: &ratatui::buffer::Buffer, y: u16, needle: &str) -> Option<u16> {
    let mut cells: Vec<(u16, &str)> = Vec::new();
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol();
        cells.push((x, symbol));
        x += orgdeck::text::width(symbol).max(1) as u16;
    }
    (0..cells.len())
        .find(|&i| {
            cells[i..]
                .iter()
                .map(|(_, s)| *s)
                .collect::<String>()
                .starts_with(needle)
        })
        .map(|i| cells[i].0)
}

#[test]
fn wide_characters_keep_the_columns_in_line() {
    let mut console = Console::tenants();
    console.command("staff");
    let read = console.unanswered().remove(0);
    let seed = seed_tenant("acme");
    let mut people = seed.people.clone();
    let staff = people.iter().position(ops::is_staff).unwrap();
    ops::set_person_value(&mut people[staff], fields::NAME, Value::Text("Zoë".into()));
    ops::set_person_value(
        &mut people[staff],
        fields::LAST_NAME,
        Value::Text("Ørsted 日本語テキスト".into()),
    );
    let wide_row_name = "Zoë Ørsted 日本";
    console.answer(read.id, Ok(ops::parties_reply(people)));
    console.answer_reads();
    for (width, height) in SIZES {
        let buffer = console.buffer(width, height);
        let rows: Vec<u16> = (0..height)
            .filter(|&y| column_of(&buffer, y, wide_row_name).is_some())
            .collect();
        assert_eq!(rows.len(), 1, "{}", console.screen(width, height));
        let header = (0..height)
            .find(|&y| column_of(&buffer, y, "TYPE").is_some())
            .unwrap();
        let type_column = column_of(&buffer, header, "TYPE").unwrap();
        let cell = buffer[(type_column, rows[0])].symbol().to_owned();
        let before = buffer[(type_column - 1, rows[0])].symbol().to_owned();
        assert!(
            cell != " " && before == " ",
            "at {width}x{height} the wide name pushes its TYPE off column {type_column}:\n{}",
            console.screen(width, height)
        );
    }
}

// ---------------------------------------------------------------- forms

#[test]
fn create_organization_form_empty() {
    let mut console = Console::orgs();
    console.ch('n');
    assert_eq!(console.form().title, "New organization");
    snap("form_create_org_empty", &mut console);
}

#[test]
fn create_organization_form_client_errors() {
    let mut console = Console::orgs();
    let before = console.sent_count();
    console.ch('n');
    console.press(KeyCode::Tab);
    console.type_text("intranet");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let form = console.form();
    assert!(form.field("display-name").unwrap().client_error.is_some());
    assert!(form.field("domains").unwrap().client_error.is_some());
    assert_eq!(console.sent_count(), before, "nothing was submitted");
    snap("form_create_org_client_errors", &mut console);
}

#[test]
fn create_organization_form_server_problem() {
    let mut console = Console::orgs();
    console.ch('n');
    console.type_text("Acme Holdings");
    console.press(KeyCode::Tab);
    console.type_text("acme-ltd.com");
    console.press(KeyCode::Enter);
    console.type_text("acme-holdings.com");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    assert!(matches!(
        console.last_sent().op,
        Operation::CreateNode { .. }
    ));
    console.answer(
        id,
        Err(rejected(
            409,
            r#"{"type":"https://orgdeck.dev/problems/conflict","title":"Conflict","status":409,
               "detail":"domain acme-ltd.com is already used by customer organization Acme Ltd",
               "errors":[{"pointer":"/domains/0","detail":"domain acme-ltd.com is already used by customer organization Acme Ltd"}]}"#,
        )),
    );
    assert_eq!(console.form().fields[console.form().focus].key, "domains");
    snap("form_create_org_server", &mut console);
}

#[test]
fn edit_organization_form_initial() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.ch('e');
    assert_eq!(console.form().title, "Edit Acme Ltd");
    snap("form_edit_org_initial", &mut console);
}

#[test]
fn edit_organization_form_client_errors() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.ch('e');
    for _ in 0.."Acme Ltd".len() {
        console.press(KeyCode::Backspace);
    }
    console.press(KeyCode::Tab);
    console.type_text("acme ltd.com");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let form = console.form();
    assert!(form.field("display-name").unwrap().client_error.is_some());
    assert!(form.field("domains").unwrap().client_error.is_some());
    snap("form_edit_org_client_errors", &mut console);
}

#[test]
fn edit_organization_form_server_problem() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.ch('e');
    console.press(KeyCode::Tab);
    console.type_text("acme-ltd.com");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    assert!(matches!(
        console.last_sent().op,
        Operation::UpdateNode { .. }
    ));
    console.answer(
        id,
        Err(rejected(
            409,
            r#"{"type":"https://orgdeck.dev/problems/conflict","title":"Conflict","status":409,
               "detail":"domain acme-ltd.com is already used by customer organization Acme Ltd",
               "errors":[{"pointer":"/domains/1","detail":"domain acme-ltd.com is already used by customer organization Acme Ltd"}]}"#,
        )),
    );
    assert_eq!(
        console.form().field("domains").unwrap().server_errors,
        // The message names the entry already, so it is not prefixed with it again.
        vec!["domain acme-ltd.com is already used by customer organization Acme Ltd"]
    );
    snap("form_edit_org_server", &mut console);
}

#[test]
fn invite_form_empty() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.ch('n');
    assert_eq!(console.form().title, "Invite user");
    assert_eq!(
        console.form().field("organization").unwrap().picked(),
        Some("co-acme-01".to_owned())
    );
    snap("form_invite_empty", &mut console);
}

#[test]
fn invite_form_client_errors() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.ch('n');
    console.type_text("jane.doe@");
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let form = console.form();
    for key in ["email", "name", "last-name"] {
        assert!(form.field(key).unwrap().client_error.is_some(), "{key}");
    }
    snap("form_invite_client_errors", &mut console);
}

#[test]
fn invite_form_server_problem() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.ch('n');
    console.type_text("jane.doe@acme-ltd.com");
    console.press(KeyCode::Tab);
    console.type_text("Jane");
    console.press(KeyCode::Tab);
    console.type_text("Doe");
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    assert!(matches!(
        console.last_sent().op,
        Operation::AddMembers { .. }
    ));
    console.answer(
        id,
        Err(rejected(
            409,
            r#"{"type":"https://orgdeck.dev/problems/conflict","title":"Conflict","status":409,
               "detail":"a user with email jane.doe@acme-ltd.com already exists",
               "errors":[{"pointer":"/email","detail":"a user with email jane.doe@acme-ltd.com already exists"}]}"#,
        )),
    );
    assert_eq!(console.form().fields[console.form().focus].key, "email");
    snap("form_invite_server", &mut console);
}

#[test]
fn edit_user_form_initial() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.select_person("jane.doe@acme-ltd.com");
    console.ch('e');
    assert_eq!(console.form().title, "Edit jane.doe@acme-ltd.com");
    snap("form_edit_user_initial", &mut console);
}

#[test]
fn edit_user_form_client_errors() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.select_person("jane.doe@acme-ltd.com");
    console.ch('e');
    for _ in 0.."Jane".len() {
        console.press(KeyCode::Backspace);
    }
    console.press(KeyCode::Tab);
    for _ in 0.."Doe".len() {
        console.press(KeyCode::Backspace);
    }
    console.press(KeyCode::Enter);
    let form = console.form();
    assert!(form.field("name").unwrap().client_error.is_some());
    assert!(form.field("last-name").unwrap().client_error.is_some());
    snap("form_edit_user_client_errors", &mut console);
}

#[test]
fn edit_user_form_server_problem() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.select_person("jane.doe@acme-ltd.com");
    console.ch('e');
    console.press(KeyCode::Tab);
    console.type_text("-Smith");
    console.press(KeyCode::Enter);
    let id = console.last_sent().id;
    assert!(matches!(
        console.last_sent().op,
        Operation::UpdateMember { .. }
    ));
    console.answer(
        id,
        Err(rejected(
            422,
            r#"{"type":"https://orgdeck.dev/problems/validation","title":"Unprocessable Content","status":422,
               "detail":"the request has invalid fields",
               "errors":[{"pointer":"/last-name","detail":"must not contain a hyphen in this tenant"},
                         {"pointer":"/locale","detail":"is not supported"}]}"#,
        )),
    );
    assert_eq!(console.form().fields[console.form().focus].key, "last-name");
    snap("form_edit_user_server", &mut console);
}

// ---------------------------------------------------------------- dialogs

#[test]
fn suspend_organization_dialog() {
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.ch('s');
    assert_eq!(console.dialog().title, "Suspend Acme Ltd?");
    snap("dialog_suspend_org", &mut console);
}

#[test]
fn delete_organization_dialog_half_typed() {
    let mut console = Console::orgs();
    console.select_org("Northwind Traders");
    console.ch('d');
    console.type_text("Northw");
    assert!(!console.dialog().can_confirm());
    snap("dialog_delete_org", &mut console);
}

#[test]
fn revoke_invite_dialog() {
    let mut console = Console::orgs();
    console.press(KeyCode::Enter);
    console.press(KeyCode::Tab);
    console.select_person("lucas.ferreira@acme-ltd.com");
    console.ch('d');
    assert!(matches!(
        console.dialog().operation(),
        Some(Operation::RevokeInvite { .. })
    ));
    snap("dialog_revoke_invite", &mut console);
}

// ---------------------------------------------------------------- help, command line

#[test]
fn help_overlay() {
    let mut console = Console::orgs();
    console.ch('?');
    assert!(matches!(console.app.overlay, Some(Overlay::Help { .. })));
    snap("help", &mut console);
}

#[test]
fn command_line_with_completion_hint() {
    let mut console = Console::orgs();
    console.ch(':');
    console.type_text("ten");
    console.press(KeyCode::Tab);
    assert_eq!(console.command_line().input, "tenant");
    assert_eq!(
        console.command_line().error.as_deref(),
        Some("tenant  tenants")
    );
    snap("command_completion", &mut console);
}

// ---------------------------------------------------------------- trouble, read-only, colour

#[test]
fn error_banner_over_stale_data() {
    let mut console = Console::orgs();
    console.ch('r');
    let pending = console.unanswered();
    assert_eq!(pending.len(), 2, "{pending:?}");
    for sent in pending {
        console.answer(sent.id, Err(timeout()));
    }
    assert!(console.app.tenants[0].orgs.is_stale());
    assert_eq!(
        console.app.level().rows.len(),
        12,
        "the last good data stays"
    );
    shows(&mut console, "STALE");
    shows(&mut console, "showing the last good data");
    snap("error_banner_stale", &mut console);
}

#[test]
fn read_only_tenant() {
    let mut console = Console::orgs_with(true, false);
    shows(&mut console, "READ-ONLY");
    for (width, height) in SIZES {
        let screen = console.screen(width, height);
        let footer = screen.lines().last().unwrap();
        for hidden in ["n new", "e edit", "s suspend", "d delete"] {
            assert!(!footer.contains(hidden), "{footer}");
        }
        assert!(footer.contains("enter open"), "{footer}");
    }
    snap("read_only", &mut console);
}

#[test]
fn no_color_organizations_list() {
    let mut console = Console::orgs_with(false, true);
    snap("no_color_organizations", &mut console);
}

#[test]
fn no_color_uses_reverse_for_the_selection_and_no_colours_at_all() {
    let mut console = Console::orgs_with(false, true);
    console.select_org("Initech");
    for (width, height) in SIZES {
        let buffer = console.buffer(width, height);
        for cell in buffer.content() {
            assert_eq!(cell.fg, Color::Reset, "{width}x{height}: {cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{width}x{height}: {cell:?}");
        }
        let row = (0..height)
            .find(|&y| {
                let line: String = (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect();
                line.contains("› Initech")
            })
            .unwrap_or_else(|| panic!("{width}x{height}: no selected Initech row"));
        let start = (0..width)
            .find(|&x| buffer[(x, row)].symbol() == "›")
            .unwrap();
        // The marker, the name and the columns after it, up to the end of the text.
        let end = (0..width)
            .rev()
            .find(|&x| buffer[(x, row)].symbol() != " ")
            .unwrap();
        assert!(end > start + 20, "{width}x{height}: the row has columns");
        for x in start..=end {
            let cell = &buffer[(x, row)];
            assert!(
                cell.modifier.contains(Modifier::REVERSED),
                "{width}x{height}: cell {x} of the selected row is not reversed: {cell:?}"
            );
        }
        // Other rows are not reversed.
        let other = (0..height)
            .find(|&y| {
                let line: String = (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_owned())
                    .collect();
                line.contains("  Stark Logistics")
            })
            .unwrap();
        assert!(
            !buffer[(start + 2, other)]
                .modifier
                .contains(Modifier::REVERSED)
        );
    }
}

#[test]
fn colour_theme_marks_the_suspended_organization() {
    // The counterpart of the NO_COLOR test: in colour, the suspended row is yellow.
    let mut console = Console::orgs();
    assert!(
        seed_tenant("acme")
            .orgs
            .iter()
            .any(|o| o.name == "Vandelay Imports"
                && o.state == NodeState::Suspended
                && ops::status(o) == "suspended")
    );
    let buffer = console.buffer(80, 24);
    let row = (0..24)
        .find(|&y| {
            let line: String = (0..80)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            line.contains("Vandelay Imports")
        })
        .expect("Vandelay Imports is listed");
    assert_eq!(buffer[(2, row)].fg, Color::Yellow);
}

/// The line of the 80x24 screen that holds `needle`, if any.
fn line_with(console: &mut Console, needle: &str) -> Option<String> {
    let screen = console.screen(80, 24);
    screen
        .lines()
        .find(|l| l.contains(needle))
        .map(str::to_owned)
}

#[test]
fn a_wait_too_long_to_sit_through_shows_its_length_at_80_columns() {
    use orgdeck::api::error::ApiError;
    for (body, status, reason) in [
        ("", 429, "rate limited"),
        (
            r#"{"title":"Service Unavailable","status":503,"detail":"the tenant database is being migrated to a new cluster"}"#,
            503,
            "the tenant database",
        ),
    ] {
        let mut console = Console::orgs();
        console.ch('r');
        for sent in console.unanswered() {
            let problem = crate::support::console::problem(status, body).with_retry_after(Some(40));
            console.answer(sent.id, Err(ApiError::Rejected(Box::new(problem))));
        }
        let line = line_with(&mut console, "✗").expect("an error banner");
        assert!(
            line.contains("server asks to wait 40s: ") && line.contains(reason),
            "{line}"
        );
        assert!(
            !line.contains("asks to wait 40s: rate limited: the server asks"),
            "{line}"
        );
    }
}

#[test]
fn a_write_asked_to_wait_shows_the_length_first_at_80_columns() {
    use orgdeck::api::error::ApiError;
    let mut console = Console::orgs();
    console.select_org("Acme Ltd");
    console.ch('s');
    console.press(KeyCode::Tab);
    console.press(KeyCode::Enter);
    let sent = console.last_sent().id;
    let problem = crate::support::console::problem(429, "").with_retry_after(Some(125));
    console.answer(sent, Err(ApiError::Rejected(Box::new(problem))));
    let line = line_with(&mut console, "server asks").expect("a notice");
    assert!(
        line.contains("server asks to wait 2m 05s: rate limited"),
        "{line}"
    );
}

#[test]
fn a_countdown_keeps_its_seconds_and_the_esc_hint_at_80_columns() {
    use orgdeck::api::client::ClientEvent;
    use orgdeck::app::Msg;
    let mut console = Console::orgs();
    console.ch('r');
    let read = console.unanswered()[0].id;
    console.send(Msg::Client {
        tenant: 0,
        event: Box::new(ClientEvent::Retrying {
            id: read,
            attempt: 1,
            wait: std::time::Duration::from_secs(18),
            cause: "the tenant database is being migrated to a new cluster, please hold on".into(),
            server_asked: true,
        }),
    });
    let line = line_with(&mut console, "retrying in").expect("a countdown");
    assert!(
        line.contains("retrying in 18s as the server asks · Esc stops waiting"),
        "{line}"
    );
}

#[test]
fn the_footer_names_what_the_toggle_key_does_to_the_selected_organization() {
    let mut console = Console::orgs();
    let footer = |console: &mut Console| {
        console
            .screen(140, 24)
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned()
    };
    console.select_org("Vandelay Imports");
    let suspended = footer(&mut console);
    assert!(
        suspended.contains("s activate") && !suspended.contains("s suspend"),
        "{suspended}"
    );
    let active = seed_tenant("acme")
        .orgs
        .iter()
        .find(|o| o.state != NodeState::Suspended)
        .map(|o| o.name.clone())
        .expect("an active organization");
    console.select_org(&active);
    let footer = footer(&mut console);
    assert!(footer.contains("s suspend"), "{footer}");
}

#[test]
fn the_type_the_name_dialog_says_whether_the_name_matches_and_locks_delete_until_it_does() {
    let mut console = Console::orgs();
    console.select_org("Northwind Traders");
    console.ch('d');
    let empty = console.screen(80, 24);
    assert!(
        empty.contains("locked until it matches") && !empty.contains("matches  "),
        "{empty}"
    );
    console.type_text("Northw");
    let half = console.screen(80, 24);
    assert!(
        half.contains("✗ does not match yet") && half.contains("locked until it matches"),
        "{half}"
    );
    console.type_text("ind Traders");
    assert!(console.dialog().can_confirm());
    let whole = console.screen(80, 24);
    assert!(
        whole.contains("✓ matches") && !whole.contains("locked"),
        "{whole}"
    );
}
