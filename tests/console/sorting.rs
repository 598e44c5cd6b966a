//! `:sort`, `o`, `<` and `>`: a list's order by one of its columns, after its filter,
//! with the cursor kept on its row; and `:export`, which writes that list.

use crossterm::event::KeyCode;
use orgdeck::app::{NoticeKind, Overlay};

use crate::support::bitgo_nodes;
use crate::support::console::Console;

const NATURAL: [&str; 12] = [
    "Acme Ltd",
    "Northwind Traders",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Vandelay Imports",
    "Bluth Property Group",
    "Wayfarer Analytics",
    "Pemberton & Hale Legal",
    "Kestrel Aerospace",
    "Greenleaf Organics",
    "Lumen Dental Partners",
];

use crate::update::org_names as names;

fn selected_name(console: &Console) -> String {
    console
        .app
        .selected_org()
        .map(|(_, o)| o.name.clone())
        .unwrap()
}

fn notice(console: &Console) -> String {
    let notice = console.app.notice.as_ref().expect("a notice");
    assert_eq!(notice.kind, NoticeKind::Info, "{notice:?}");
    notice.text.clone()
}

fn command_error(console: &Console) -> Option<String> {
    match &console.app.overlay {
        Some(Overlay::Command(line)) => line.error.clone(),
        _ => None,
    }
}

fn alphabetical() -> Vec<String> {
    let mut sorted: Vec<String> = NATURAL.iter().map(|s| s.to_string()).collect();
    sorted.sort_by_key(|s| s.to_lowercase());
    sorted
}

#[test]
fn sort_by_name_ascending_descending_and_back_to_the_lists_order() {
    let mut console = Console::orgs();
    assert_eq!(names(&console), NATURAL);
    console.command("sort name");
    assert_eq!(names(&console), alphabetical());
    assert_eq!(notice(&console), "sorted by name ▲ (ascending)");
    console.command("sort -NAME");
    let mut descending = alphabetical();
    descending.reverse();
    assert_eq!(names(&console), descending);
    console.command("sort");
    assert_eq!(names(&console), NATURAL);
    assert_eq!(console.app.level().sort.order, None);
}

#[test]
fn numbers_sort_as_numbers_with_ties_in_the_lists_order() {
    let mut console = Console::orgs();
    // MEMBERS by a prefix: 5 5 4 4 4 3 3 3 3 2 2 0, ties as listed.
    console.command("sort -mem");
    assert_eq!(
        names(&console),
        [
            "Acme Ltd",
            "Initech",
            "Northwind Traders",
            "Umbrella Health",
            "Stark Logistics",
            "Bluth Property Group",
            "Wayfarer Analytics",
            "Pemberton & Hale Legal",
            "Kestrel Aerospace",
            "Vandelay Imports",
            "Greenleaf Organics",
            "Lumen Dental Partners",
        ]
    );
    console.command("sort members");
    assert_eq!(names(&console)[0], "Lumen Dental Partners");
    assert_eq!(
        names(&console)[1..3],
        ["Vandelay Imports", "Greenleaf Organics"]
    );
}

#[test]
fn an_unknown_column_is_an_error_that_lists_the_columns_and_keeps_the_input() {
    let mut console = Console::orgs();
    console.command("sort bogus");
    let error = command_error(&console).expect("the command line stays open with an error");
    assert!(
        error.contains("no column \"bogus\"")
            && error.contains("name, status, members, pending, domains"),
        "{error}"
    );
    match &console.app.overlay {
        Some(Overlay::Command(line)) => assert_eq!(line.input, "sort bogus"),
        other => panic!("{other:?}"),
    }
    assert_eq!(console.app.level().sort.order, None);
    assert_eq!(names(&console), NATURAL);
}

#[test]
fn o_cycles_the_focused_column_and_angle_brackets_move_the_focus() {
    let mut console = Console::orgs();
    console.ch('o');
    assert_eq!(
        names(&console),
        alphabetical(),
        "the first column, ascending"
    );
    console.ch('o');
    let mut descending = alphabetical();
    descending.reverse();
    assert_eq!(names(&console), descending);
    console.ch('o');
    assert_eq!(names(&console), NATURAL, "and off");
    console.ch('>');
    console.ch('>');
    assert_eq!(console.app.level().sort.focus, Some(2));
    console.ch('<');
    console.ch('>');
    for _ in 0..10 {
        console.ch('>');
    }
    assert_eq!(console.app.level().sort.focus, Some(4), "stops at the last");
    console.ch('<');
    console.ch('<');
    console.ch('o');
    let order = console.app.level().sort.order.expect("sorted");
    assert_eq!((order.column, order.descending), (2, false));
    assert_eq!(
        names(&console)[0],
        "Lumen Dental Partners",
        "members ascending"
    );
}

#[test]
fn the_cursor_stays_on_its_row_when_the_order_changes() {
    let mut console = Console::orgs();
    console.select_org("Stark Logistics");
    console.command("sort name");
    assert_eq!(selected_name(&console), "Stark Logistics");
    assert_eq!(console.app.level().selected, 8);
    console.ch('o');
    assert_eq!(selected_name(&console), "Stark Logistics");
    console.command("sort");
    assert_eq!(selected_name(&console), "Stark Logistics");
    assert_eq!(console.app.level().selected, 4);
}

#[test]
fn sorting_applies_after_the_filter_and_survives_its_changes() {
    let mut console = Console::orgs();
    console.command("sort -name");
    console.ch('/');
    console.type_text("ar");
    assert_eq!(
        names(&console),
        [
            "Wayfarer Analytics",
            "Stark Logistics",
            "Lumen Dental Partners",
            "Initech"
        ]
    );
    console.press(KeyCode::Backspace);
    let with_a: Vec<String> = names(&console);
    let mut expected = with_a.clone();
    expected.sort_by_key(|s| std::cmp::Reverse(s.to_lowercase()));
    assert_eq!(with_a, expected, "a wider filter is sorted too");
    assert!(with_a.len() > 4, "{with_a:?}");
    console.type_text("r");
    console.press(KeyCode::Esc);
    assert_eq!(names(&console)[0], "Wayfarer Analytics");
    assert_eq!(names(&console).len(), 12);
}

/// The organization `first_of_900_children` opens.
const ORG: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn rows_arriving_later_stay_sorted_and_the_cursor_keeps_its_row() {
    let mut console = first_of_900_children();
    console.command("sort -name");
    let children = |console: &Console| -> Vec<String> {
        let t = &console.app.tenants[0];
        let orgdeck::app::screens::Screen::Nodes { level, parent, .. } = console.app.screen()
        else {
            panic!("a nodes screen");
        };
        let nodes = t
            .nodes(*level, parent.as_deref())
            .unwrap()
            .data
            .as_ref()
            .unwrap();
        console
            .app
            .level()
            .rows
            .iter()
            .map(|&i| nodes[i].name.clone())
            .collect()
    };
    assert_eq!(children(&console)[0], "Child 00499");
    assert_eq!(
        console.app.selected_org().unwrap().1.name,
        "Child 00000",
        "the cursor went with its row, to the end"
    );
    console.ch('g');
    console.press(KeyCode::Down);
    assert_eq!(console.app.selected_org().unwrap().1.name, "Child 00498");
    // The cursor nears the end: the next page is asked for, and lands sorted.
    while console.app.level().selected < 495 {
        console.press(KeyCode::PageDown);
    }
    let on = console.app.selected_org().unwrap().1.name.clone();
    let next = console
        .unanswered()
        .into_iter()
        .find(|s| console.io.paged.contains(&s.id))
        .expect("the next page asked for");
    console.answer(next.id, Ok(bitgo_nodes::page(ORG, 500, 900, 900)));
    let rows = children(&console);
    assert_eq!(rows.len(), 900);
    assert_eq!(rows[0], "Child 00899");
    assert_eq!(rows[899], "Child 00000");
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(rows, sorted);
    assert_eq!(
        console.app.selected_org().unwrap().1.name,
        on,
        "kept its row"
    );
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).expect("the export's file")
}

#[test]
fn export_csv_writes_every_filtered_row_in_order_with_ids_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orgs.csv");
    let mut console = Console::orgs();
    console.command("sort -name");
    console.ch('/');
    console.type_text("ar");
    console.press(KeyCode::Enter);
    console.command(&format!("export csv {}", file.display()));
    let text = read(&file);
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "ID,NAME,STATUS,MEMBERS,PENDING,DOMAINS");
    assert_eq!(lines.len(), 6, "a header, four rows and the end: {text}");
    let names: Vec<&str> = lines[1..5]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Wayfarer Analytics",
            "Stark Logistics",
            "Lumen Dental Partners",
            "Initech"
        ]
    );
    assert!(
        lines[1].ends_with(",active,3,0,wayfarer-analytics.io"),
        "{}",
        lines[1]
    );
    assert_eq!(
        notice(&console),
        format!(
            "wrote 4 rows (matching /ar, sorted by name ▼) to {}",
            file.display()
        )
    );
}

#[test]
fn export_quotes_cells_and_lists_and_json_holds_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut console = Console::orgs();
    console.command(&format!(
        "export csv {}",
        dir.path().join("a.csv").display()
    ));
    let text = read(&dir.path().join("a.csv"));
    assert_eq!(text.split("\r\n").count(), 14);
    // A cell of several domains holds a comma: it is quoted.
    assert!(
        text.contains(",\"acme-ltd.com, acme-ltd.co.uk\"\r\n"),
        "{text}"
    );
    console.command(&format!(
        "export json {}",
        dir.path().join("a.json").display()
    ));
    let json: serde_json::Value = serde_json::from_str(&read(&dir.path().join("a.json"))).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["name"], "Acme Ltd");
    assert_eq!(rows[0]["members"], 5);
    assert_eq!(
        rows[0]["domains"],
        serde_json::json!(["acme-ltd.com", "acme-ltd.co.uk"])
    );
}

#[test]
fn export_never_replaces_a_file_without_a_bang() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.csv");
    std::fs::write(&file, "mine").unwrap();
    let mut console = Console::orgs();
    console.command(&format!("export csv {}", file.display()));
    let error = command_error(&console).expect("refused");
    assert!(
        error.contains("is there already") && error.contains(":export! csv"),
        "{error}"
    );
    assert_eq!(read(&file), "mine");
    console.press(KeyCode::Esc);
    console.command(&format!("export! csv {}", file.display()));
    assert!(read(&file).starts_with("ID,NAME"));
    assert!(notice(&console).starts_with("wrote 12 rows to "));
}

#[test]
fn export_of_a_list_read_page_by_page_says_what_is_not_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut console = first_of_900_children();
    let file = dir.path().join("children.csv");
    console.command(&format!("export csv {}", file.display()));
    assert_eq!(read(&file).split("\r\n").count(), 502);
    let said = notice(&console);
    assert!(
        said.contains("wrote 500 rows")
            && said.contains("loaded 500 of")
            && said.contains("the rest are not in the file"),
        "{said}"
    );
}

#[test]
fn export_guards_server_text_that_a_spreadsheet_would_run() {
    use orgdeck::api::model::{Operation, Page, Reply};
    let dir = tempfile::tempdir().unwrap();
    let mut console = Console::orgs();
    console.ch('r');
    let mut orgs = console.app.tenants[0].orgs.data.clone().unwrap();
    let formula = "=HYPERLINK(\"http://x\",\"y\")";
    let level = console.app.schema().top_level().unwrap();
    let old = orgs[0].record.clone();
    orgs[0].name = formula.into();
    orgs[0].record = orgdeck::api::model::Record::read(level.fields, |id| {
        if id == level.name_field {
            orgdeck::api::value::Value::Text(formula.into())
        } else {
            old.get(level.fields, id).to_value()
        }
    });
    for sent in console.unanswered() {
        if matches!(sent.op, Operation::ListNodes { .. }) {
            console.answer(sent.id, Ok(Reply::Nodes(Page::one(orgs.clone()))));
        }
    }
    assert_eq!(names(&console)[0], orgs[0].name);
    let file = dir.path().join("x.csv");
    console.command(&format!("export csv {}", file.display()));
    let text = read(&file);
    let row = text.split("\r\n").nth(1).unwrap();
    assert!(
        row.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
        "{row}"
    );
}

#[test]
fn a_sorted_header_marks_the_column_at_80x24_and_200x50() {
    let mut console = Console::orgs();
    console.freeze();
    console.command("sort -members");
    console.ch('<');
    insta::assert_snapshot!("sorted_header_80x24", console.screen(80, 24));
    console.command("sort name");
    insta::assert_snapshot!("sorted_header_200x50", console.screen(200, 50));
}

/// An organization of 900 children read page by page, its first 500 in.
fn first_of_900_children() -> Console {
    let mut console = bitgo_nodes::console_as(&"f".repeat(32), "admin@x.example", "admin", None);
    console.press(KeyCode::Enter);
    for sent in console.unanswered() {
        use orgdeck::api::model::{Operation, Page, Reply, Scope};
        let reply = match &sent.op {
            Operation::ListNodes { .. } => {
                Reply::Nodes(Page::one(vec![bitgo_nodes::org(ORG, 900)]))
            }
            Operation::ListParties {
                scope: Scope::Tenant(_),
                ..
            } => Reply::Parties(Page::one(Vec::new())),
            _ => continue,
        };
        console.answer(sent.id, Ok(reply));
    }
    console.select_org("Northwind");
    console.press(KeyCode::Enter);
    let first = console
        .unanswered()
        .pop()
        .expect("the first page asked for");
    console.answer(first.id, Ok(bitgo_nodes::page(ORG, 0, 500, 900)));
    console
}
