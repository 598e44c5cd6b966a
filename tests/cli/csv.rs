//! End-to-end: `--format csv` prints a list in the console's columns with ids
//! first, quoted as CSV; `--format json` is `--json`; `--format table` the default.

use crate::support::cli::{Case, Sandbox};

/// Splits CSV text into records of cells (enough of RFC 4180 for these tests:
/// quoted cells with commas and doubled quotes).
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    records
}

#[test]
fn lists_print_as_csv_in_the_consoles_columns_with_ids() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("csv-orgs", &sandbox);
    let run = case.run(&["--format", "csv", "orgs", "list"]);
    run.ok();
    let records = parse(&run.stdout);
    assert_eq!(
        records[0],
        ["ID", "NAME", "STATUS", "MEMBERS", "PENDING", "DOMAINS"],
        "{}",
        run.stdout
    );
    assert_eq!(records.len(), 13, "a header and twelve organizations");
    let acme = records
        .iter()
        .find(|r| r[1] == "Acme Ltd")
        .expect("Acme's row");
    assert_eq!(acme[2], "active");
    // Several domains are one cell, quoted for its comma.
    assert_eq!(acme[5], "acme-ltd.com, acme-ltd.co.uk");
    assert!(run.stdout.contains("\"acme-ltd.com, acme-ltd.co.uk\""));

    let users = case.run(&["users", "list", "--format", "csv"]);
    users.ok();
    let records = parse(&users.stdout);
    assert_eq!(records[0][0], "ID");
    assert!(records[0].iter().any(|c| c == "EMAIL"), "{:?}", records[0]);
    assert!(records.len() > 40);
    assert!(records[1..].iter().all(|r| r.len() == records[0].len()));
}

#[test]
fn format_json_is_json_and_table_is_the_default() {
    let sandbox = Sandbox::start();
    let case = Case::for_sandbox("csv-json", &sandbox);
    let json = case.run(&["--format", "json", "orgs", "list"]).ok().json();
    assert_eq!(json.as_array().map(Vec::len), Some(12));
    let table = case.run(&["--format", "table", "orgs", "list"]);
    table.ok();
    let plain = case.run(&["orgs", "list"]);
    plain.ok();
    assert_eq!(table.stdout, plain.stdout);
    let both = case.run(&["--json", "--format", "csv", "orgs", "list"]);
    both.code(2);
}
