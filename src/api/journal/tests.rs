use super::*;
use crate::backends::bitgo::schema::{ACCOUNT_TYPE, CREATE_EMAIL, ENTERPRISE, SCHEMA, THIRD_PARTY};

const ORG: &str = "0123456789abcdef0123456789abcdef";

fn create(key: &str) -> Operation {
    Operation::CreateNode {
        level: ENTERPRISE,
        parent: Some(ORG.into()),
        draft: Draft {
            values: vec![
                (CREATE_EMAIL, Value::Text("ops@kiwi.example".into())),
                (ACCOUNT_TYPE, Value::Word("entity")),
                (THIRD_PARTY, Value::List(vec!["a1:Acme".into()])),
            ],
            idempotency_key: Some(key.into()),
        },
    }
}

fn journal(dir: &Path) -> Journal {
    Journal::new(&dir.join(JOURNAL_DIR), "north wind")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orgdeck-journal-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_recorded_create_comes_back_as_the_same_write_and_goes_when_forgotten() {
    let dir = scratch("round-trip");
    let journal = journal(&dir);
    assert_eq!(journal.entries().expect("no file reads as empty"), []);
    let entry = Entry::of(&create("k-1"), "north wind", "https://x.test/").expect("kept");
    journal.record(entry.clone()).expect("recorded");
    journal
        .record(Entry::of(&create("k-2"), "north wind", "https://x.test/").expect("kept"))
        .expect("recorded");
    let entries = journal.entries().expect("read back");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0], entry);
    // A select's word comes back as the same text.
    assert_eq!(entries[0].operation(&SCHEMA), Ok(create("k-1")));
    journal.forget("k-1").expect("forgotten");
    assert_eq!(journal.entries().expect("read").len(), 1);
    journal.forget("k-2").expect("forgotten");
    assert!(!journal.path().exists(), "an empty journal leaves no file");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_second_record_of_a_key_replaces_the_first() {
    let dir = scratch("replace");
    let journal = journal(&dir);
    for _ in 0..2 {
        journal
            .record(Entry::of(&create("k-1"), "north wind", "u").expect("kept"))
            .expect("recorded");
    }
    assert_eq!(journal.entries().expect("read").len(), 1);
    let _ = fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn only_its_owner_may_read_the_journal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("mode");
    let journal = journal(&dir);
    journal
        .record(Entry::of(&create("k-1"), "north wind", "u").expect("kept"))
        .expect("recorded");
    let mode = fs::metadata(journal.path())
        .expect("file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let folder = fs::metadata(dir.join(JOURNAL_DIR))
        .expect("folder")
        .permissions()
        .mode();
    assert_eq!(folder & 0o077, 0, "{folder:o}");
    assert!(!journal.path().with_extension("tmp").exists());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn only_keyed_creates_are_kept_and_profiles_never_share_a_file() {
    let mut unkeyed = create("k");
    if let Operation::CreateNode { draft, .. } = &mut unkeyed {
        draft.idempotency_key = None;
    }
    assert_eq!(Entry::of(&unkeyed, "p", "u"), None);
    assert_eq!(Entry::of(&Operation::WhoAmI, "p", "u"), None);
    assert_eq!(file_name("north wind"), "north%20wind.json");
    assert_ne!(file_name("a/b"), file_name("a_b"));
    assert_ne!(file_name("../x"), "../x.json");
}

#[test]
fn an_entry_the_schema_cannot_read_says_why() {
    let mut entry = Entry::of(&create("k-1"), "p", "u").expect("kept");
    let Recorded::CreateNode { level, .. } = &mut entry.write;
    *level = "galaxy".into();
    let why = entry.operation(&SCHEMA).expect_err("no such level");
    assert!(why.contains("galaxy"), "{why}");
}

#[test]
fn an_unreadable_journal_is_said_so_and_set_aside_rather_than_written_over() {
    let dir = scratch("unreadable");
    let journal = journal(&dir);
    fs::create_dir_all(dir.join(JOURNAL_DIR)).expect("folder");
    fs::write(journal.path(), b"{ half").expect("written");
    let err = journal.entries().expect_err("unreadable");
    assert!(err.to_string().contains("write journal"), "{err}");
    journal
        .record(Entry::of(&create("k-1"), "north wind", "u").expect("kept"))
        .expect("recorded anew");
    assert_eq!(
        fs::read(journal.path().with_extension("unreadable")).expect("kept aside"),
        b"{ half"
    );
    assert_eq!(journal.entries().expect("read").len(), 1);
    let _ = fs::remove_dir_all(&dir);
}
