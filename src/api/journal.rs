//! The write journal: a create that carries an idempotency key is written down, with
//! the draft it sends, before it goes out, and struck off once its outcome is known.
//! What is left after the process ended (killed mid-submit, a lost answer nobody
//! could settle) is settled on the next start by the backend's reconciling read,
//! and a create that never happened gives the operator back what they typed, with
//! the same key, so a resubmit cannot make a second one.
//!
//! One small JSON file per profile under the state directory, rewritten whole
//! through a temporary file, fsync and rename (so a crash leaves the old file or
//! the new one, never half of either), readable by its owner only. Drafts hold
//! the form's values, never a credential: the token lives in the profile.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use super::model::Operation;
use super::schema::{FieldId, Schema};
use super::value::{Draft, Value};

/// The journal's folder inside the state directory.
pub const JOURNAL_DIR: &str = "journal";

const VERSION: u32 = 1;

/// One write whose outcome was not known yet when it was last written down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub profile: String,
    /// The server it was sent to: an entry is settled only against that server.
    pub base_url: String,
    pub at: jiff::Timestamp,
    pub key: String,
    pub write: Recorded,
}

/// A write as the journal keeps it: schema ids as their text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recorded {
    CreateNode {
        level: String,
        parent: Option<String>,
        values: Vec<(String, Stored)>,
    },
}

/// A draft's value as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stored {
    Text(String),
    List(Vec<String>),
    Bool(bool),
    Time(jiff::Timestamp),
    Number(i64),
    Empty,
}

impl From<&Value> for Stored {
    fn from(value: &Value) -> Stored {
        match value {
            Value::Text(text) => Stored::Text(text.clone()),
            Value::Word(word) => Stored::Text((*word).to_owned()),
            Value::List(items) => Stored::List(items.clone()),
            Value::Bool(flag) => Stored::Bool(*flag),
            Value::Time(at) => Stored::Time(*at),
            Value::Number(n) => Stored::Number(*n),
            Value::Empty => Stored::Empty,
        }
    }
}

impl From<Stored> for Value {
    fn from(stored: Stored) -> Value {
        match stored {
            Stored::Text(text) => Value::Text(text),
            Stored::List(items) => Value::List(items),
            Stored::Bool(flag) => Value::Bool(flag),
            Stored::Time(at) => Value::Time(at),
            Stored::Number(n) => Value::Number(n),
            Stored::Empty => Value::Empty,
        }
    }
}

impl Entry {
    /// The entry for `write`, when it is one the journal keeps: a create with an
    /// idempotency key.
    pub fn of(write: &Operation, profile: &str, base_url: &str) -> Option<Entry> {
        let Operation::CreateNode {
            level,
            parent,
            draft,
        } = write
        else {
            return None;
        };
        let key = draft.idempotency_key.clone()?;
        Some(Entry {
            profile: profile.to_owned(),
            base_url: base_url.to_owned(),
            at: jiff::Timestamp::now(),
            key,
            write: Recorded::CreateNode {
                level: level.as_str().to_owned(),
                parent: parent.clone(),
                values: draft
                    .values
                    .iter()
                    .map(|(id, value)| (id.as_str().to_owned(), Stored::from(value)))
                    .collect(),
            },
        })
    }

    /// The write again, in `schema`'s ids; why not when the schema no longer
    /// declares its level or one of its fields (another version wrote it).
    pub fn operation(&self, schema: &'static Schema) -> Result<Operation, String> {
        let Recorded::CreateNode {
            level,
            parent,
            values,
        } = &self.write;
        let found = schema
            .levels
            .iter()
            .find(|l| l.id.as_str() == level)
            .ok_or_else(|| format!("{} has no level {level:?}", schema.title))?;
        let field = |name: &str| -> Result<FieldId, String> {
            found
                .fields
                .iter()
                .find(|f| f.id.as_str() == name)
                .map(|f| f.id)
                .ok_or_else(|| format!("{} {} have no field {name:?}", schema.title, found.nouns.1))
        };
        let values = values
            .iter()
            .map(|(name, value)| Ok((field(name)?, Value::from(value.clone()))))
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Operation::CreateNode {
            level: found.id,
            parent: parent.clone(),
            draft: Draft {
                values,
                idempotency_key: Some(self.key.clone()),
            },
        })
    }
}

/// What the journal file holds.
#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// Why the journal could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("the write journal {path}: {cause}")]
pub struct JournalError {
    pub path: String,
    pub cause: String,
}

/// One profile's journal.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    profile: String,
    /// Writes of one client go one at a time: each rewrites the whole file.
    lock: Mutex<()>,
}

impl Journal {
    /// The journal of `profile` in `dir` (the state directory's `journal`).
    pub fn new(dir: &Path, profile: &str) -> Journal {
        Journal {
            path: dir.join(file_name(profile)),
            profile: profile.to_owned(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the journal holds for this profile; nothing when there is no file.
    pub fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        let _held = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.load()
    }

    /// Writes `entry` down, durably, in place of any entry with its key.
    pub fn record(&self, entry: Entry) -> Result<(), JournalError> {
        let _held = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries = match self.load() {
            Ok(entries) => entries,
            Err(err) => {
                self.set_aside(&err);
                Vec::new()
            }
        };
        entries.retain(|e| e.key != entry.key);
        entries.push(entry);
        self.store(entries)
    }

    /// Strikes off the entry with `key`; the file goes when nothing is left.
    pub fn forget(&self, key: &str) -> Result<(), JournalError> {
        let _held = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut entries = self.load()?;
        let before = entries.len();
        entries.retain(|e| e.key != key);
        if entries.len() == before {
            return Ok(());
        }
        self.store(entries)
    }

    fn error(&self, cause: impl std::fmt::Display) -> JournalError {
        JournalError {
            path: self.path.display().to_string(),
            cause: cause.to_string(),
        }
    }

    fn load(&self) -> Result<Vec<Entry>, JournalError> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(self.error(err)),
        };
        let file: File = serde_json::from_str(&text).map_err(|err| self.error(err))?;
        if file.version != VERSION {
            return Err(self.error(format!(
                "written by another version of orgdeck (journal version {})",
                file.version
            )));
        }
        // Another profile's entries never settle against this one's server.
        Ok(file
            .entries
            .into_iter()
            .filter(|e| e.profile == self.profile)
            .collect())
    }

    /// An unreadable journal is kept beside the new one, for the operator to read,
    /// rather than written over.
    fn set_aside(&self, err: &JournalError) {
        let aside = self.path.with_extension("unreadable");
        tracing::warn!(cause = %err, aside = %aside.display(), "setting an unreadable journal aside");
        if let Err(err) = fs::rename(&self.path, &aside) {
            tracing::warn!(cause = %err, "could not set the unreadable journal aside");
        }
    }

    fn store(&self, entries: Vec<Entry>) -> Result<(), JournalError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        if entries.is_empty() {
            return match fs::remove_file(&self.path) {
                Ok(()) => sync_dir(dir).map_err(|err| self.error(err)),
                Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
                Err(err) => Err(self.error(err)),
            };
        }
        let file = File {
            version: VERSION,
            entries,
        };
        let text = serde_json::to_vec_pretty(&file).map_err(|err| self.error(err))?;
        create_private_dir(dir).map_err(|err| self.error(err))?;
        let temporary = self.path.with_extension("tmp");
        write_private(&temporary, &text).map_err(|err| self.error(err))?;
        fs::rename(&temporary, &self.path).map_err(|err| self.error(err))?;
        sync_dir(dir).map_err(|err| self.error(err))
    }
}

/// The file of `profile`: its name as is where that is a safe file name, each
/// other byte spelled out, so two profiles never share a file.
pub(crate) fn file_name(profile: &str) -> String {
    let mut name = String::with_capacity(profile.len() + 5);
    for byte in profile.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => name.push(byte as char),
            other => name.push_str(&format!("%{other:02x}")),
        }
    }
    name.push_str(".json");
    name
}

pub(crate) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Writes `bytes` to a new file only its owner may read, and waits for the disk.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // A file left by an older run keeps its mode through `open`.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

/// A rename is durable once the folder that holds it is synced.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
