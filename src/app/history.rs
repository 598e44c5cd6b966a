//! What was typed at `:` and `/` before, for Up/Down to bring back: one list of
//! commands and one of filters, most recent last, each entry once. Kept in the
//! state directory across runs (`history.json`, replaced whole on each entry); a
//! file that cannot be read is reported once and left as it is, never written
//! over: it may be a newer orgdeck's.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::App;
use super::line::TextLine;
use crate::api::journal::{create_private_dir, sync_dir, write_private};

/// The history file's name in the state directory.
pub const FILE: &str = "history.json";
const VERSION: u32 = 1;
/// The entries kept of each kind; the oldest go first.
const KEPT: usize = 300;

/// Which input an entry was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Commands,
    Filters,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Entries {
    version: u32,
    #[serde(default)]
    commands: Vec<String>,
    #[serde(default)]
    filters: Vec<String>,
}

#[derive(Debug, Default)]
pub struct History {
    entries: Entries,
    /// Where it is kept; None keeps it for the run only (tests, an unreadable file).
    file: Option<PathBuf>,
    /// A write failed once already: said once, not at every entry.
    write_failed: bool,
}

/// Where Up/Down have got to in an open input: how many entries back (0: the line
/// being typed), and that line, given back on coming down to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recall {
    back: usize,
    typed: String,
}

impl History {
    /// The history kept in `file`, or why it cannot be read (then nothing is kept).
    pub fn load(file: PathBuf) -> (History, Option<String>) {
        let mut history = History::default();
        let read = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice::<Entries>(&bytes).map_err(|e| e.to_string()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Entries::default()),
            Err(err) => Err(err.to_string()),
        };
        match read {
            Ok(entries) if entries.version <= VERSION => {
                history.entries = entries;
                history.file = Some(file);
                (history, None)
            }
            Ok(entries) => {
                let why = format!("it is version {}, newer than this orgdeck", entries.version);
                (history, Some(why))
            }
            Err(why) => (history, Some(why)),
        }
    }

    fn list(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Commands => &self.entries.commands,
            Kind::Filters => &self.entries.filters,
        }
    }

    /// Adds `entry` as the most recent of its kind (an earlier copy goes), and
    /// saves; why saving failed, the first time it does.
    pub fn add(&mut self, kind: Kind, entry: &str) -> Option<String> {
        let entry = entry.trim();
        if entry.is_empty() {
            return None;
        }
        let list = match kind {
            Kind::Commands => &mut self.entries.commands,
            Kind::Filters => &mut self.entries.filters,
        };
        list.retain(|e| e != entry);
        list.push(entry.to_owned());
        let excess = list.len().saturating_sub(KEPT);
        list.drain(..excess);
        let file = self.file.as_ref()?;
        match self.save(file) {
            Ok(()) => None,
            Err(_) if self.write_failed => None,
            Err(err) => {
                self.write_failed = true;
                Some(format!(
                    "cannot save the history to {}: {err}",
                    file.display()
                ))
            }
        }
    }

    fn save(&self, file: &Path) -> io::Result<()> {
        let dir = file.parent().unwrap_or(Path::new("."));
        let entries = Entries {
            version: VERSION,
            commands: self.entries.commands.clone(),
            filters: self.entries.filters.clone(),
        };
        let text = serde_json::to_vec_pretty(&entries).map_err(io::Error::other)?;
        create_private_dir(dir)?;
        let temporary = file.with_extension("json.tmp");
        write_private(&temporary, &text)?;
        std::fs::rename(&temporary, file)?;
        sync_dir(dir)
    }

    /// Up: the entry before the one shown (the line typed so far kept aside).
    pub fn older(&self, kind: Kind, recall: &mut Recall, line: &mut TextLine) {
        let list = self.list(kind);
        if recall.back >= list.len() {
            return;
        }
        if recall.back == 0 {
            recall.typed = line.text().to_owned();
        }
        recall.back += 1;
        line.set(&list[list.len() - recall.back]);
    }

    /// Down: the entry after the one shown, and at the end the line typed.
    pub fn newer(&self, kind: Kind, recall: &mut Recall, line: &mut TextLine) {
        let list = self.list(kind);
        match recall.back {
            0 => {}
            1 => {
                recall.back = 0;
                line.set(&recall.typed);
            }
            back => {
                recall.back = (back - 1).min(list.len());
                line.set(&list[list.len() - recall.back]);
            }
        }
    }
}

/// Reads the history in `file` for this run; a file that cannot be read is said
/// once, naming it, and is not written over.
pub fn open(app: &mut App, file: PathBuf) {
    let (history, why) = History::load(file.clone());
    app.history = history;
    if let Some(why) = why {
        super::update::error(
            app,
            format!("history file {} cannot be read: {why}", file.display()),
            Some(
                "it is left as it is and nothing is saved this run; move it aside to start anew"
                    .into(),
            ),
        );
    }
}

/// Adds `entry` to `kind`'s history; a failure to save is said once.
pub(crate) fn remember(app: &mut App, kind: Kind, entry: &str) {
    if let Some(why) = app.history.add(kind, entry) {
        super::update::error(app, why, Some("history is kept for this run only".into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recalled(history: &History, keys: &str, typed: &str) -> String {
        let mut recall = Recall::default();
        let mut line = TextLine::new(typed);
        for key in keys.chars() {
            match key {
                'u' => history.older(Kind::Commands, &mut recall, &mut line),
                _ => history.newer(Kind::Commands, &mut recall, &mut line),
            }
        }
        line.text().to_owned()
    }

    #[test]
    fn up_goes_back_most_recent_first_and_down_returns_to_the_typed_line() {
        let mut history = History::default();
        for entry in ["orgs", "members", "orgs", "  ", "tenant acme"] {
            history.add(Kind::Commands, entry);
        }
        history.add(Kind::Filters, "acme");
        assert_eq!(history.entries.commands, ["members", "orgs", "tenant acme"]);
        assert_eq!(recalled(&history, "u", "ten"), "tenant acme");
        assert_eq!(recalled(&history, "uu", "ten"), "orgs");
        assert_eq!(recalled(&history, "uuuu", "ten"), "members");
        assert_eq!(recalled(&history, "uuud", "ten"), "orgs");
        assert_eq!(recalled(&history, "uudd", "ten"), "ten");
        assert_eq!(recalled(&history, "d", "ten"), "ten");
        assert_eq!(history.entries.filters, ["acme"]);
    }

    #[test]
    fn entries_are_capped_oldest_first() {
        let mut history = History::default();
        for n in 0..KEPT + 5 {
            history.add(Kind::Filters, &n.to_string());
        }
        assert_eq!(history.entries.filters.len(), KEPT);
        assert_eq!(history.entries.filters[0], "5");
    }

    #[test]
    fn saved_and_read_back() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join("state").join(FILE);
        let (mut history, why) = History::load(file.clone());
        assert_eq!(why, None);
        assert_eq!(history.add(Kind::Commands, "orgs"), None);
        assert_eq!(history.add(Kind::Filters, "north"), None);
        let (again, why) = History::load(file.clone());
        assert_eq!(why, None);
        assert_eq!(again.entries.commands, ["orgs"]);
        assert_eq!(again.entries.filters, ["north"]);
        assert!(!file.with_extension("json.tmp").exists());
    }

    #[test]
    fn an_unreadable_file_is_said_and_never_written_over() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let file = dir.path().join(FILE);
        std::fs::write(&file, "{ not json").expect("written");
        let (mut history, why) = History::load(file.clone());
        assert!(why.is_some());
        assert_eq!(history.add(Kind::Commands, "orgs"), None);
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "{ not json");
        let mut recall = Recall::default();
        let mut line = TextLine::default();
        history.older(Kind::Commands, &mut recall, &mut line);
        assert_eq!(line.text(), "orgs", "kept for the run");
    }
}
