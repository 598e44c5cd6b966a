//! The layout's arrows, checked on the source: the shared console names no vendor,
//! and the sandbox kit imports none.

use std::path::{Path, PathBuf};

/// Vendors' names. "sequence" is left out: it is an English word the console may
/// use in prose; Sequence's code is caught by the module path instead
/// (`backends::sequence`), as every vendor's is.
const VENDOR_NAMES: &[&str] = &["muninx", "bitgo", "flowkiwi"];
const VENDOR_MODULES: &[&str] = &["muninx", "bitgo", "sequence", "flowkiwi"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `file:line: text` for each line of `text` where `hit` finds something.
fn offences(path: &Path, text: &str, hit: impl Fn(&str) -> bool) -> Vec<String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| hit(&line.to_ascii_lowercase()))
        .map(|(n, line)| format!("{}:{}: {}", path.display(), n + 1, line.trim()))
        .collect()
}

fn names_a_vendor(line: &str) -> bool {
    VENDOR_NAMES.iter().any(|name| line.contains(name))
        || VENDOR_MODULES
            .iter()
            .any(|module| line.contains(&format!("backends::{module}")))
}

/// Lines of the sources under `src/<dirs>`, their tests included, that `hit` flags.
fn scan(dirs: &[&str], hit: fn(&str) -> bool) -> Vec<String> {
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(!files.is_empty(), "no sources found under {dirs:?}");
    files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("a readable source file");
            offences(path, &text, hit)
        })
        .collect()
}

#[test]
fn the_shared_console_names_no_vendor() {
    // Test code included: a test there reaches a backend through the registry too.
    let found = scan(&["app", "ui", "cli", "config"], names_a_vendor);
    assert!(
        found.is_empty(),
        "app/, ui/, cli/ and config/ pick a backend through the registry (crate::backends) \
         and name none:\n{}",
        found.join("\n")
    );
}

/// Every vendor's wire names that cannot be taken for English: those of its
/// schema's fields with a hyphen or a capital inside (`display-name`,
/// `billingCurrency`), and its collection paths.
fn wire_names() -> Vec<String> {
    let mut names: Vec<String> = super::ALL
        .iter()
        .flat_map(|entry| entry.schema.all_fields())
        .map(|field| field.wire.to_owned())
        .filter(|wire| wire.contains('-') || wire.chars().skip(1).any(char::is_uppercase))
        .collect();
    names.push("customer-organizations".to_owned());
    names.sort();
    names.dedup();
    names
}

fn names_a_wire_field(line: &str) -> bool {
    // Lines are lower-cased before this sees them.
    wire_names()
        .iter()
        .any(|wire| line.contains(&wire.to_ascii_lowercase()))
}

#[test]
fn the_shared_console_names_no_wire_field() {
    let found = scan(&["app", "ui", "cli", "config"], names_a_wire_field);
    assert!(
        found.is_empty(),
        "app/, ui/, cli/ and config/ read a backend's fields through its schema and \
         name none:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_sandbox_kit_imports_no_vendor() {
    let found = scan(&["sandbox"], |line| {
        line.contains("crate::backends")
            || VENDOR_MODULES
                .iter()
                .any(|module| line.contains(&format!("{module}::")))
    });
    assert!(
        found.is_empty(),
        "src/sandbox/ is the kit every vendor's sandbox builds on; a vendor's error shape \
         reaches it through an ErrorStyle:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checks_see_what_they_forbid() {
    assert!(names_a_vendor("use crate::backends::sequence::wire;"));
    assert!(names_a_vendor("let b = bitgo_client();"));
    assert!(names_a_vendor("/// the flowkiwi hydra collection"));
    assert!(!names_a_vendor("/// a sequence of keys"));
    assert!(!names_a_vendor("use crate::backends;"));
    for wire in [
        "display-name",
        "external-ref",
        "agent-type",
        "auto-assign-tickets",
        "customer-organizations",
        "last-name",
    ] {
        assert!(
            names_a_wire_field(&format!("form.field(\"{wire}\")")),
            "{wire}"
        );
    }
    assert!(!names_a_wire_field("the display name, the last name"));
}
