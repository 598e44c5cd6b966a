//! Typing: the readline keys in `:`, `/` and a form's text field, paste at the
//! caret, the history of `:` and `/` (kept across runs in the state directory),
//! and the selection kept when a filter is cleared.

use super::*;
use crossterm::event::{KeyEvent, KeyModifiers};
use orgdeck::app::filtering::filter_line;
use orgdeck::app::form::Input;
use orgdeck::app::history;

fn alt(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT))
}

fn key(code: KeyCode) -> Msg {
    crate::support::console::key(code)
}

/// An input under test: how to open it with nothing typed, and what it holds
/// (its text and where the caret is).
struct Typed {
    name: &'static str,
    open: fn(&mut Console),
    read: fn(&Console) -> (String, usize),
}

const COMMAND: Typed = Typed {
    name: ":",
    open: |console| console.ch(':'),
    read: |console| {
        let line = &console.command_line().input;
        (line.text().to_owned(), line.caret())
    },
};

const FILTER: Typed = Typed {
    name: "/",
    open: |console| console.ch('/'),
    read: |console| {
        assert!(console.app.level().filtering, "still filtering");
        let line = filter_line(&console.app);
        assert_eq!(line.text(), console.app.level().filter, "kept in step");
        (line.text().to_owned(), line.caret())
    },
};

const FORM_TEXT: Typed = Typed {
    name: "form text field",
    open: |console| console.ch('n'),
    read: |console| {
        let form = console.form();
        match &form.fields[form.focus].input {
            Input::Text(area) => (area.lines().join("\n"), area.cursor().1),
            other => panic!("the first field is not text: {other:?}"),
        }
    },
};

/// Each key sequence after typing "alpha beta", and what the input then holds.
fn cases() -> Vec<(&'static str, Vec<Msg>, &'static str, usize)> {
    use KeyCode::*;
    vec![
        ("C-a", vec![ctrl('a')], "alpha beta", 0),
        ("C-a C-e", vec![ctrl('a'), ctrl('e')], "alpha beta", 10),
        ("C-b C-b", vec![ctrl('b'), ctrl('b')], "alpha beta", 8),
        ("C-a C-f", vec![ctrl('a'), ctrl('f')], "alpha beta", 1),
        ("Home", vec![key(Home)], "alpha beta", 0),
        ("Home End", vec![key(Home), key(End)], "alpha beta", 10),
        ("Left Left", vec![key(Left), key(Left)], "alpha beta", 8),
        ("Home Right", vec![key(Home), key(Right)], "alpha beta", 1),
        ("C-a C-f C-k", vec![ctrl('a'), ctrl('f'), ctrl('k')], "a", 1),
        (
            "C-b C-b C-u",
            vec![ctrl('b'), ctrl('b'), ctrl('u')],
            "ta",
            0,
        ),
        ("C-w", vec![ctrl('w')], "alpha ", 6),
        (
            "C-w C-a C-y",
            vec![ctrl('w'), ctrl('a'), ctrl('y')],
            "betaalpha ",
            4,
        ),
        ("M-b", vec![alt('b')], "alpha beta", 6),
        ("M-b M-b", vec![alt('b'), alt('b')], "alpha beta", 0),
        ("C-a M-f", vec![ctrl('a'), alt('f')], "alpha beta", 6),
        ("C-a M-d", vec![ctrl('a'), alt('d')], " beta", 0),
        ("Backspace", vec![key(Backspace)], "alpha bet", 9),
        ("C-a Delete", vec![ctrl('a'), key(Delete)], "lpha beta", 0),
        (
            "Left Left X",
            vec![key(Left), key(Left), key(Char('X'))],
            "alpha beXta",
            9,
        ),
    ]
}

fn check_readline_keys(input: &Typed) {
    for (keys, msgs, text, caret) in cases() {
        let mut console = Console::orgs();
        (input.open)(&mut console);
        console.type_text("alpha beta");
        for msg in msgs {
            console.send(msg);
        }
        assert_eq!(
            (input.read)(&console),
            (text.to_owned(), caret),
            "{keys} in the {} input",
            input.name
        );
    }
}

#[test]
fn readline_keys_edit_the_command_line() {
    check_readline_keys(&COMMAND);
}

#[test]
fn readline_keys_edit_the_filter() {
    check_readline_keys(&FILTER);
}

#[test]
fn readline_keys_edit_a_form_text_field() {
    check_readline_keys(&FORM_TEXT);
}

#[test]
fn control_keys_no_longer_insert_letters() {
    for input in [COMMAND, FILTER, FORM_TEXT] {
        let mut console = Console::orgs();
        (input.open)(&mut console);
        console.type_text("abc");
        for c in ['w', 'a', 'e', 'k'] {
            console.send(ctrl(c));
        }
        assert_eq!((input.read)(&console), (String::new(), 0), "{}", input.name);
    }
}

#[test]
fn typing_in_the_middle_of_the_type_the_name_dialog() {
    let mut console = Console::orgs();
    console.select_org("Initech");
    console.ch('d');
    console.type_text("Intech");
    for _ in 0..4 {
        console.press(KeyCode::Left);
    }
    console.ch('i');
    let (_, typed) = console.dialog().type_to_confirm.clone().expect("typed");
    assert_eq!((typed.text(), typed.caret()), ("Initech", 3));
    assert!(console.dialog().can_confirm());
    assert!(
        !console.dialog().confirm_focused,
        "Left moved the caret only"
    );
}

#[test]
fn paste_goes_in_at_the_caret_as_one_line() {
    let mut console = Console::orgs();
    console.ch(':');
    console.type_text("tenantacme");
    for _ in 0..4 {
        console.press(KeyCode::Left);
    }
    console.send(Msg::Paste("\n".into()));
    assert_eq!(console.command_line().input, "tenant acme");
    console.press(KeyCode::Esc);

    console.ch('/');
    console.type_text("nd");
    console.press(KeyCode::Home);
    console.send(Msg::Paste("nort\r\nhwi".into()));
    assert_eq!(console.app.level().filter, "nort  hwind");
    assert_eq!(filter_line(&console.app).caret(), 9);
}

// ---------------------------------------------------------------- history

#[test]
fn up_and_down_recall_commands_most_recent_first_and_give_back_the_typed_line() {
    let mut console = Console::orgs();
    console.command("orgs");
    console.command("help");
    console.press(KeyCode::Esc);
    console.command("orgs");
    console.ch(':');
    console.type_text("te");
    let line = |console: &Console| console.command_line().input.text().to_owned();
    console.press(KeyCode::Up);
    assert_eq!(line(&console), "orgs");
    console.press(KeyCode::Up);
    assert_eq!(
        line(&console),
        "help",
        "the earlier orgs collapsed into one"
    );
    console.press(KeyCode::Up);
    assert_eq!(line(&console), "help", "the oldest stays");
    console.press(KeyCode::Down);
    assert_eq!(line(&console), "orgs");
    console.press(KeyCode::Down);
    assert_eq!(line(&console), "te", "the line being typed comes back");
    console.press(KeyCode::Down);
    assert_eq!(line(&console), "te");
}

#[test]
fn filters_have_their_own_history_and_enter_ends_filtering() {
    let mut console = Console::orgs();
    console.command("orgs");
    console.ch('/');
    console.type_text("north");
    console.press(KeyCode::Enter);
    assert!(!console.app.level().filtering);
    console.press(KeyCode::Esc);
    console.ch('/');
    console.type_text("in");
    console.press(KeyCode::Enter);
    console.press(KeyCode::Esc);

    console.ch('/');
    console.press(KeyCode::Up);
    assert!(console.app.level().filtering, "Up recalls, it does not end");
    assert_eq!(console.app.level().filter, "in");
    console.press(KeyCode::Up);
    assert_eq!(console.app.level().filter, "north");
    assert_eq!(org_names(&console), ["Northwind Traders"]);
    console.press(KeyCode::Up);
    assert_eq!(console.app.level().filter, "north", "no command among them");
    console.press(KeyCode::Down);
    console.press(KeyCode::Down);
    assert_eq!(console.app.level().filter, "");
    console.press(KeyCode::Up);
    console.press(KeyCode::Enter);
    assert!(!console.app.level().filtering);
    assert_eq!(console.app.level().filter, "in");
}

#[test]
fn history_is_saved_in_the_state_directory_and_read_back() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("state").join(history::FILE);
    let mut first = Console::orgs();
    history::open(&mut first.app, file.clone());
    first.command("orgs");
    first.ch('/');
    first.type_text("north");
    first.press(KeyCode::Enter);
    assert!(file.exists(), "written as entries are added");

    let mut second = Console::orgs();
    history::open(&mut second.app, file.clone());
    assert_eq!(second.app.notice, None);
    second.ch(':');
    second.press(KeyCode::Up);
    assert_eq!(second.command_line().input, "orgs");
    second.press(KeyCode::Esc);
    second.ch('/');
    second.press(KeyCode::Up);
    assert_eq!(second.app.level().filter, "north");
}

#[test]
fn a_corrupt_history_file_is_reported_once_and_not_written_over() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join(history::FILE);
    std::fs::write(&file, "[1, 2").expect("written");
    let mut console = Console::orgs();
    history::open(&mut console.app, file.clone());
    let notice = console.app.notice.clone().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Error);
    assert!(
        notice.text.contains(&file.display().to_string()),
        "{notice:?}"
    );
    console.command("orgs");
    console.command("help");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "[1, 2");
    console.press(KeyCode::Esc);
    console.ch(':');
    console.press(KeyCode::Up);
    assert_eq!(console.command_line().input, "help", "kept for the run");
}

// ---------------------------------------------------------------- clearing keeps the row

#[test]
fn esc_in_the_filter_line_keeps_the_row_under_the_cursor() {
    let mut console = Console::orgs();
    let first = org_names(&console)[0].clone();
    console.ch('/');
    console.type_text("wayfarer");
    let kept = selected_org_name(&console).expect("a match");
    assert_ne!(kept, first, "a row other than the first");
    console.press(KeyCode::Esc);
    assert!(!console.app.level().filtering);
    assert_eq!(console.app.level().filter, "");
    assert_eq!(org_names(&console).len(), 12);
    assert_eq!(selected_org_name(&console), Some(kept));
}

#[test]
fn esc_and_back_with_a_kept_filter_keep_the_row_under_the_cursor() {
    for back in [KeyCode::Esc, KeyCode::Char('h')] {
        let mut console = Console::orgs();
        console.ch('/');
        console.type_text("a");
        console.press(KeyCode::Enter);
        console.ch('j');
        console.ch('j');
        let kept = selected_org_name(&console).expect("a row");
        console.press(back);
        assert_eq!(console.app.level().filter, "", "{back:?} clears");
        assert_eq!(console.app.screen(), &ops::orgs_screen(0), "and stays");
        assert_eq!(selected_org_name(&console), Some(kept), "{back:?}");
    }
}
