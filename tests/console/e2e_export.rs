//! End-to-end: `:sort` and `:export csv FILE` on the real binary in a PTY, the
//! file read back: every filtered row, in the sorted order, ids first.

use crate::support::e2e::*;

#[test]
fn export_csv_writes_every_filtered_row_sorted() {
    let mut console = Console::sandbox("export");
    console.wait_for("tenant acme selected", |s| {
        selected_row(s).is_some_and(|row| row.contains("acme") && !row.contains("acme-agent"))
    });
    console.send(ENTER);
    console.wait_for("acme's organizations", |s| {
        s.contains("acme: customer organizations (") && s.contains("Acme Ltd")
    });
    console.send(":sort -name\r");
    console.wait_for("the list sorted by name, descending", |s| {
        s.contains("▼NAME") && status_line(s).contains("sorted by name")
    });
    console.send("/ar\r");
    console.wait_for("the filter's four rows", |s| s.contains("(4) matching /ar"));
    let file = console.dir.path().join("orgs.csv");
    console.send(&format!(":export csv {}\r", file.display()));
    console.wait_for("the export's notice", |s| {
        status_line(s).contains("wrote 4 rows")
    });
    let text = std::fs::read_to_string(&file).expect("the exported file");
    let records: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        records[0], "ID,NAME,STATUS,MEMBERS,PENDING,DOMAINS",
        "{text}"
    );
    let names: Vec<&str> = records[1..]
        .iter()
        .map(|r| r.split(',').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "Wayfarer Analytics",
            "Stark Logistics",
            "Lumen Dental Partners",
            "Initech"
        ],
        "{text}"
    );
    // A second export to the same file is refused, and says how to replace it.
    console.send(&format!(":export csv {}\r", file.display()));
    console.wait_for("the refusal", |s| s.contains("not written:"));
}
