//! How headless commands print: aligned tables for people, JSON for scripts, and
//! failures as a summary, `field: message` lines and a hint.
//!
//! Everything the CLI writes passes [`line`] (stdout) or [`note`] (stderr): that is
//! where server text stops being terminal control (every control and bidi override
//! becomes a visible stand-in) and where any token a server echoed is masked. The
//! library denies `println!`/`eprintln!` so that no new output path can go around it.
//! [`say!`] and [`note!`] print one line each: a new line inside a server's value
//! shows as a stand-in there, so it cannot start a line that passes for our own.

use std::io::Write;

use serde::Serialize;

use crate::api::error::{ApiError, WriteOutcome};
use crate::api::model::{Approval, Caller, Node, Party};
use crate::api::schema::{Column, Detail, FieldId, FieldSpec, InputKind, Level, Schema, Source};
use crate::api::secret;
use crate::api::value::Value;
use crate::text;

pub use crate::api::model::json::{Ordered, node_json, party_json};

use super::Failure;

/// What a terminal may be shown: remembered tokens masked, controls made visible
/// (new lines and tabs pass: multi-line notes and pretty JSON keep their shape).
fn shown(text: &str) -> String {
    text::visible_lines(&secret::scrub(text)).into_owned()
}

/// Writes one line to stdout. A closed pipe (`orgdeck users list | head`) ends the
/// process quietly, as it does for any well-behaved Unix tool, instead of panicking.
pub fn line(text: &str) {
    #[cfg(test)]
    if capture::take_line(&shown(text)) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{}", shown(text)).is_err() {
        std::process::exit(0);
    }
}

/// Writes to stderr, through the same filter as [`line`]; `end` is "\n" for a whole
/// line, "" for a prompt that waits on the same line.
pub fn stderr(text: &str, end: &str) {
    #[cfg(test)]
    if capture::take_line(&shown(text)) {
        return;
    }
    let mut err = std::io::stderr().lock();
    // Nowhere is left to report a failing stderr to.
    let _ = write!(err, "{}{end}", shown(text));
    let _ = err.flush();
}

/// Like `println!`, through [`line`], for one line of output (a headline such as
/// `created NAME (ID)`): a new line in a value a server sent shows as ␊ instead of
/// starting a line that could pass for another. Text meant to span lines goes to
/// [`line`] itself.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::line(&$crate::text::visible(&format!($($arg)*)))
    };
}
pub(crate) use say;

/// Like `eprintln!`, through [`stderr`], for one line, as [`say!`] is.
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::cli::output::stderr(&$crate::text::visible(&format!($($arg)*)), "\n")
    };
}
pub(crate) use note;

/// Prints rows under a header with columns padded to the widest cell.
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    for row in table_lines(header, rows) {
        line(&row);
    }
}

/// The lines [`table`] prints; columns are measured in terminal columns, so a name in
/// CJK characters does not push the columns after it out of line.
fn table_lines(header: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    // A cell is one line: a new line in a server's name must not fake a row, and the
    // stand-ins have to be in place before the columns are measured.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| cell_text(cell)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| text::width(h)).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(text::width(cell));
        }
    }
    let join = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| text::pad_end(cell, *width))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    let mut lines = vec![join(header.to_vec())];
    lines.extend(
        rows.iter()
            .map(|row| join(row.iter().map(String::as_str).collect())),
    );
    lines
}

/// One cell or field value: masked and with every control, new lines included, shown.
fn cell_text(text: &str) -> String {
    text::visible(&secret::scrub(text)).into_owned()
}

/// JSON on stdout: still valid JSON, but with C1 and bidi controls written as
/// `\uXXXX`, which a terminal showing it cannot obey.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => line(&text::json_safe(&text)),
        Err(err) => note!("error: cannot encode the answer as JSON: {err}"),
    }
}

/// A JSON array written an element at a time, as its rows arrive, in the very
/// bytes [`json`] writes for the whole array: the closing line of each element
/// waits for the next, which decides whether it ends in a comma.
#[derive(Default)]
pub struct JsonList {
    last_line: Option<String>,
}

impl JsonList {
    /// A batch of elements, written at once: one write, not one a line.
    pub fn push_all<'a, T: Serialize + ?Sized + 'a>(
        &mut self,
        values: impl Iterator<Item = &'a T>,
    ) {
        let mut text = String::new();
        for value in values {
            let pretty = match serde_json::to_string_pretty(value) {
                Ok(pretty) => pretty,
                Err(err) => return note!("error: cannot encode the answer as JSON: {err}"),
            };
            match self.last_line.take() {
                None => text.push('['),
                Some(previous) => {
                    text.push_str(&previous);
                    text.push(',');
                }
            }
            // A JSON text's new lines are all between tokens: indenting each line
            // nests it one level, as the pretty printer does inside an array.
            let mut lines = pretty.lines().peekable();
            while let Some(one) = lines.next() {
                if lines.peek().is_none() {
                    self.last_line = Some(format!("  {one}"));
                } else {
                    text.push_str("\n  ");
                    text.push_str(one);
                }
            }
            text.push('\n');
        }
        if let Some(text) = text.strip_suffix('\n') {
            line(&text::json_safe(text));
        }
    }

    pub fn finish(self) {
        match self.last_line {
            None => line("[]"),
            Some(last) => line(&text::json_safe(&format!("{last}\n]"))),
        }
    }
}

/// A write the server holds for approval: the sentence, or for scripts
/// `{"status": "pending-approval", "approval_id": …, "pending_approval": {...}}`
/// on stdout.
pub fn pending(approval: &Approval, json_output: bool) {
    line(&pending_text(approval, json_output));
}

fn pending_text(approval: &Approval, json_output: bool) -> String {
    if json_output {
        let body = serde_json::json!({
            "status": "pending-approval",
            "approval_id": approval.id,
            "pending_approval": approval,
        });
        let text = serde_json::to_string_pretty(&body).unwrap_or_default();
        return text::json_safe(&text).into_owned();
    }
    text::visible(&approval.sentence()).into_owned()
}

/// A value as the CLI prints it: lists joined, nothing (or blank) as "-".
fn cli_text(value: Value) -> String {
    let text = value.as_input();
    if text.is_empty() {
        "-".to_owned()
    } else {
        text
    }
}

/// A cell's text; `memberships` is how many nodes the row belongs to, where it
/// is a party.
fn source_text(
    source: Source,
    id: &str,
    memberships: Option<usize>,
    read: &dyn Fn(FieldId) -> Value,
) -> String {
    match source {
        Source::Id => id.to_owned(),
        // Scripts read the instant itself.
        Source::Field(field) | Source::Ago(field) => cli_text(read(field)),
        Source::Fields(fields) => {
            let joined: Vec<String> = fields.iter().map(|f| read(*f).as_input()).collect();
            joined.join(" ").trim().to_owned()
        }
        // The CLI lists nodes without their memberships.
        Source::Count(_) | Source::TabCount(_) => "-".to_owned(),
        Source::Mark(mark) => mark.text(&read(mark.field)),
        Source::Memberships => memberships.map_or_else(|| "-".to_owned(), |n| n.to_string()),
    }
}

fn rows<T>(
    columns: &[Column],
    items: &[T],
    id: impl Fn(&T) -> (&str, Option<usize>),
    read: impl Fn(&T, FieldId) -> Value,
) {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            let (id, memberships) = id(item);
            columns
                .iter()
                .map(|c| source_text(c.source, id, memberships, &|f| read(item, f)))
                .collect()
        })
        .collect();
    let header: Vec<&str> = columns.iter().map(|c| c.title).collect();
    table(&header, &rows);
}

/// Whether a detail line holds text of several lines (notes), which prints indented.
fn is_long(layout: &[FieldSpec], source: Source) -> bool {
    let Source::Field(id) = source else {
        return false;
    };
    layout
        .iter()
        .any(|f| f.id == id && matches!(f.input, InputKind::LongText { .. }))
}

fn detail(layout: &[FieldSpec], lines: &[Detail], id: &str, read: &dyn Fn(FieldId) -> Value) {
    let fields: Vec<(&str, String, bool)> = lines
        .iter()
        .map(|d| {
            (
                d.label,
                source_text(d.source, id, None, read),
                is_long(layout, d.source),
            )
        })
        .collect();
    fields_lines(&fields);
}

/// A level's `list` table.
pub fn nodes(level: &Level, items: &[Node]) {
    let read = |o: &Node, f| o.record.get(level.fields, f).to_value();
    rows(level.cli_columns, items, |o| (&o.id, None), read);
}

/// One node's `show` lines, as its level declares them.
pub fn organization(schema: &Schema, org: &Node) {
    let Some(level) = schema.level(org.level).or_else(|| schema.top_level()) else {
        return;
    };
    let read = |f| org.record.get(level.fields, f).to_value();
    detail(level.fields, level.cli_detail, &org.id, &read);
}

/// The approvals queue as a table: what waits, who asked, and how many more
/// approvals it needs.
pub fn approvals(items: &[Approval]) {
    let or_dash = |text: Option<&str>| text.filter(|t| !t.is_empty()).unwrap_or("-").to_owned();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                or_dash(Some(&a.kind)),
                or_dash(Some(&a.what)),
                or_dash(a.asked_by.as_deref()),
                a.asked_at
                    .map_or_else(|| "-".to_owned(), |at| at.to_string()),
                a.needs.map_or_else(|| "-".to_owned(), |n| n.to_string()),
                or_dash(a.node_name.as_deref().or(a.node.as_deref())),
            ]
        })
        .collect();
    table(
        &[
            "ID", "KIND", "WHAT", "ASKED BY", "ASKED AT", "NEEDS", "WHERE",
        ],
        &rows,
    );
}

/// A level's list as CSV, in the console's columns with ids first.
pub fn nodes_csv(schema: &Schema, level: &Level, items: &[Node]) {
    use crate::app::export::cells;
    let columns = crate::app::export::with_ids(level.columns.to_vec());
    csv(&columns, items, |column, node| {
        cells::node_cell(schema, None, level.id, column, node).text()
    });
}

/// Parties as CSV in these columns (the console's), ids first.
pub fn people_csv(schema: &'static Schema, columns: &[Column], people: &[Party]) {
    let mut csv = PeopleCsv::new(schema, columns);
    csv.push(people);
    csv.finish();
}

/// Parties as CSV a batch at a time, as a list streams in: the same bytes as
/// [`people_csv`] of all of them.
pub struct PeopleCsv {
    schema: &'static Schema,
    columns: Vec<Column>,
    headed: bool,
}

impl PeopleCsv {
    pub fn new(schema: &'static Schema, columns: &[Column]) -> PeopleCsv {
        PeopleCsv {
            schema,
            columns: crate::app::export::with_ids(columns.to_vec()),
            headed: false,
        }
    }

    pub fn push(&mut self, people: &[Party]) {
        use crate::app::export::cells;
        let schema = self.schema;
        let mut text = if std::mem::replace(&mut self.headed, true) {
            String::new()
        } else {
            csv_header(&self.columns)
        };
        csv_records(&mut text, &self.columns, people, |column, party| {
            cells::party_cell(schema, column, party).text()
        });
        csv_lines(&text);
    }

    pub fn finish(mut self) {
        if !self.headed {
            self.push(&[]);
        }
    }
}

/// A header and a record per item, each a line of stdout (LF-ended, as Unix
/// tools read it; a cell's own new line stays inside its quotes).
fn csv<T>(columns: &[Column], items: &[T], cell: impl Fn(&Column, &T) -> String) {
    let mut text = csv_header(columns);
    csv_records(&mut text, columns, items, cell);
    csv_lines(&text);
}

fn csv_header(columns: &[Column]) -> String {
    let header: Vec<&str> = columns.iter().map(|c| c.title).collect();
    crate::csv::record(&header)
}

fn csv_records<T>(
    text: &mut String,
    columns: &[Column],
    items: &[T],
    cell: impl Fn(&Column, &T) -> String,
) {
    for item in items {
        let cells: Vec<String> = columns.iter().map(|c| cell(c, item)).collect();
        text.push_str(&crate::csv::record(&cells));
    }
}

fn csv_lines(text: &str) {
    if !text.is_empty() {
        line(text.replace("\r\n", "\n").trim_end_matches('\n'));
    }
}

pub fn people(schema: &Schema, people: &[Party]) {
    people_in(schema, schema.party_cli_columns, people);
}

/// Parties in these columns (a view's own).
pub fn people_in(schema: &Schema, columns: &[Column], people: &[Party]) {
    let read = |p: &Party, f| p.get(schema, f).to_value();
    rows(
        columns,
        people,
        |p| (p.id(), Some(p.memberships.len())),
        read,
    );
}

pub fn person(schema: &Schema, person: &Party) {
    let read = |f| person.get(schema, f).to_value();
    detail(
        schema.party_fields,
        schema.party_cli_detail,
        person.id(),
        &read,
    );
}

/// The caller's own record where who-am-I gave one, else what it said of them.
pub fn caller_json(schema: &Schema, me: &Caller) -> Ordered {
    match &me.party {
        Some(party) => party_json(schema, party),
        None => Ordered(vec![
            ("id", me.id.clone().into()),
            ("name", me.label.clone().into()),
            ("role", me.role.clone().into()),
            ("tenant", me.tenant.clone().into()),
        ]),
    }
}

/// `name  value` lines. Notes are text of several lines: they continue indented
/// under themselves, so no line of them can pass for another field. Every other
/// value is one line, whatever new lines a server put in it.
fn fields_lines(fields: &[(&str, String, bool)]) {
    for (name, value, long) in fields {
        if *long {
            let value =
                text::visible_lines(&secret::scrub(value)).replace('\n', "\n              ");
            line(&format!("{name:<13} {value}"));
        } else {
            say!("{name:<13} {value}");
        }
    }
}

#[derive(Serialize)]
struct JsonFailure<'a> {
    exit_code: i32,
    message: &'a str,
    hint: Option<String>,
    /// For a write whose answer was lost: "not_applied", "already_so" or "unknown",
    /// so a script can tell "safe to send again" from "check first".
    #[serde(skip_serializing_if = "Option::is_none")]
    write_outcome: Option<&'static str>,
    problem: Option<&'a crate::api::problem::Problem>,
}

#[derive(Serialize)]
struct JsonInterrupted<'a> {
    exit_code: i32,
    message: String,
    hint: Option<&'a str>,
    interrupted: Vec<String>,
}

const INTERRUPTED_HINT: &str = "check whether it was applied before submitting it again \
     (the audit trail records it as interrupted)";

/// Says what a signal cut short: each write in flight, one line each. Written with
/// errors ignored: after SIGHUP the terminal may be gone, and the exit must happen.
/// `cause` is what ended the process ("interrupted by SIGTERM"), `exit_code` its status.
pub fn print_interrupted(cause: &str, exit_code: i32, writes: &[String], json_output: bool) {
    let writes: Vec<String> = writes
        .iter()
        .map(|w| text::visible(w).into_owned())
        .collect();
    let message = match writes.len() {
        0 => cause.to_owned(),
        1 => format!("{cause} while a change was in flight"),
        n => format!("{cause} while {n} changes were in flight"),
    };
    let hint = (!writes.is_empty()).then_some(INTERRUPTED_HINT);
    if json_output {
        let body = JsonInterrupted {
            exit_code,
            message,
            hint,
            interrupted: writes,
        };
        if let Ok(text) = serde_json::to_string(&body) {
            note!("{}", text::json_safe(&text));
        }
        return;
    }
    note!("error: {message}");
    for write in &writes {
        note!("  {write}");
    }
    if let Some(hint) = hint {
        note!("hint: {hint}");
    }
}

pub fn print_failure(failure: &Failure, json_output: bool) {
    let hint = failure.error.as_ref().and_then(|e| e.hint());
    let problem = failure.error.as_ref().and_then(|e| e.problem());
    if json_output {
        let write_outcome = match failure.error.as_deref() {
            Some(ApiError::WriteUncertain { outcome, .. }) => Some(match outcome {
                WriteOutcome::NotDone => "not_applied",
                WriteOutcome::AlreadySo => "already_so",
                WriteOutcome::Unknown => "unknown",
            }),
            _ => None,
        };
        let body = JsonFailure {
            exit_code: failure.code,
            message: &failure.message,
            hint,
            write_outcome,
            problem,
        };
        if let Ok(text) = serde_json::to_string(&body) {
            note!("{}", text::json_safe(&text));
        }
        return;
    }
    match problem {
        Some(problem) => {
            let mut lines = problem.lines().into_iter();
            if let Some(first) = lines.next() {
                note!("error: {first}");
            }
            for line in lines {
                note!("  {line}");
            }
        }
        // An API error is one line, whatever the server put in it.
        None if failure.error.is_some() => note!("error: {}", failure.message),
        // A failure orgdeck worded itself may span lines (a question, then why it was
        // not asked); the server values in it were made one-line where it was worded.
        None => stderr(&format!("error: {}", failure.message), "\n"),
    }
    if let Some(hint) = hint {
        note!("hint: {hint}");
    }
}

/// What a test thread's commands print (stdout and stderr), kept instead of printed.
#[cfg(test)]
pub(super) mod capture {
    use std::cell::RefCell;

    thread_local! {
        static LINES: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    }

    /// From now on this thread's stdout lines are kept.
    pub fn start() {
        LINES.with(|lines| *lines.borrow_mut() = Some(Vec::new()));
    }

    /// The lines kept since `start`; printing goes back to stdout.
    pub fn finish() -> Vec<String> {
        LINES.with(|lines| lines.borrow_mut().take().unwrap_or_default())
    }

    /// Keeps `line` when this thread captures.
    pub(super) fn take_line(line: &str) -> bool {
        LINES.with(|lines| match lines.borrow_mut().as_mut() {
            Some(kept) => {
                kept.push(line.to_owned());
                true
            }
            None => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `write` prints to stdout, line by line.
    fn printed(write: impl FnOnce()) -> Vec<String> {
        capture::start();
        write();
        capture::finish()
    }

    #[test]
    fn a_json_list_written_a_row_at_a_time_is_the_whole_lists_bytes() {
        let rows = [
            serde_json::json!({"a": "x\ny\u{1b}[2J", "b": [], "c": {}, "d": [[1, {"e": "]},"}]]}),
            serde_json::json!("bare"),
            serde_json::json!({"f": null, "g": ["h", 2.5, true]}),
        ];
        for count in 0..=rows.len() {
            let whole = printed(|| json(&rows[..count]));
            let streamed = printed(|| {
                let mut list = JsonList::default();
                rows[..count]
                    .chunks(2)
                    .for_each(|batch| list.push_all(batch.iter()));
                list.finish();
            });
            assert_eq!(streamed.join("\n"), whole.join("\n"), "{count} rows");
        }
    }

    #[test]
    fn table_columns_line_up_by_terminal_columns() {
        let rows = vec![
            vec![
                "zoe@example.com".to_owned(),
                "日本語 名前".to_owned(),
                "agent".to_owned(),
            ],
            vec![
                "al@example.com".to_owned(),
                "Al".to_owned(),
                "customer".to_owned(),
            ],
        ];
        let lines = table_lines(&["EMAIL", "NAME", "TYPE"], &rows);
        let type_column = |line: &str, word: &str| text::width(&line[..line.find(word).unwrap()]);
        assert_eq!(
            type_column(&lines[0], "TYPE"),
            type_column(&lines[1], "agent")
        );
        assert_eq!(
            type_column(&lines[0], "TYPE"),
            type_column(&lines[2], "customer")
        );
    }
}
