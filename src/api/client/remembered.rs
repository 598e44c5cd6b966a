//! The nodes this profile created on a level collected from another listing's
//! records (`schema::Collected::remember_created`): a node no record lists (an
//! organization nobody belongs to yet) is still shown, from what its create
//! answered. One small JSON file per profile under the state directory, rewritten
//! whole through a temporary file and a rename, readable by its owner only, like
//! the journal beside it. A file that cannot be read is an error the operator sees
//! and is never written over.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::api::journal::{Stored, create_private_dir, file_name, sync_dir, write_private};
use crate::api::model::{Node, NodeState, Record};
use crate::api::schema::{LevelId, Schema};
use crate::api::value::Value;

/// The folder inside the state directory.
pub const CREATED_DIR: &str = "created";

const VERSION: u32 = 1;

/// A created node as the file keeps it: schema ids as their text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kept {
    level: String,
    id: String,
    parent: Option<String>,
    name: String,
    /// The server it was made on: another server's nodes are not shown.
    base_url: String,
    values: Vec<(String, Stored)>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    nodes: Vec<Kept>,
}

/// One profile's remembered nodes.
#[derive(Debug)]
pub struct Remembered {
    path: PathBuf,
    base_url: String,
    lock: Mutex<()>,
}

impl Remembered {
    pub fn new(dir: &Path, profile: &str, base_url: &str) -> Remembered {
        Remembered {
            path: dir.join(file_name(profile)),
            base_url: base_url.to_owned(),
            lock: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why the file could not be read or written, naming it and what to do.
    fn error(&self, cause: impl std::fmt::Display) -> String {
        format!(
            "the file of organizations this profile created, {}, cannot be used: {cause}; fix it or move it aside (nothing in it is written over)",
            self.path.display()
        )
    }

    fn load(&self) -> Result<Vec<Kept>, String> {
        let text = match fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(self.error(err)),
        };
        let file: File = serde_json::from_str(&text).map_err(|err| self.error(err))?;
        if file.version != VERSION {
            return Err(self.error(format!(
                "written by another version of orgdeck (version {})",
                file.version
            )));
        }
        Ok(file.nodes)
    }

    /// The nodes of `level` made on this profile's server, as `schema` lays them out.
    pub fn nodes(&self, schema: &'static Schema, level: LevelId) -> Result<Vec<Node>, String> {
        let _held = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(spec) = schema.level(level) else {
            return Ok(Vec::new());
        };
        Ok(self
            .load()?
            .into_iter()
            .filter(|k| k.level == level.as_str() && k.base_url == self.base_url)
            .map(|kept| {
                let record = Record::read(spec.fields, |field| {
                    kept.values
                        .iter()
                        .find(|(name, _)| name == field.as_str())
                        .map_or(Value::Empty, |(_, v)| Value::from(v.clone()))
                });
                Node {
                    id: kept.id,
                    level,
                    parent: kept.parent,
                    name: kept.name,
                    state: NodeState::Active,
                    record,
                }
            })
            .collect())
    }

    /// Writes `node` down (in place of one with its id), durably.
    pub fn add(&self, schema: &'static Schema, node: &Node) -> Result<(), String> {
        let _held = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let mut nodes = self.load()?;
        let layout = schema.level(node.level).map_or(&[][..], |l| l.fields);
        let values = layout
            .iter()
            .map(|spec| {
                let value = node.record.get(layout, spec.id).to_value();
                (spec.id.as_str().to_owned(), Stored::from(&value))
            })
            .filter(|(_, v)| *v != Stored::Empty)
            .collect();
        nodes.retain(|k| !(k.id == node.id && k.base_url == self.base_url));
        nodes.push(Kept {
            level: node.level.as_str().to_owned(),
            id: node.id.clone(),
            parent: node.parent.clone(),
            name: node.name.clone(),
            base_url: self.base_url.clone(),
            values,
        });
        self.store(nodes).map_err(|err| self.error(err))
    }

    fn store(&self, nodes: Vec<Kept>) -> io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let file = File {
            version: VERSION,
            nodes,
        };
        let text = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
        create_private_dir(dir)?;
        let temporary = self.path.with_extension("tmp");
        write_private(&temporary, &text)?;
        fs::rename(&temporary, &self.path)?;
        sync_dir(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backends::sequence::schema::{MEMBER_COUNT, ORGANIZATION, OWNER_NAME, SCHEMA};

    fn node(id: &str) -> Node {
        let layout = SCHEMA.level(ORGANIZATION).unwrap().fields;
        Node {
            id: id.into(),
            level: ORGANIZATION,
            parent: None,
            name: "Acme".into(),
            state: NodeState::Active,
            record: Record::read(layout, |f| match f {
                OWNER_NAME => Value::Text("Acme".into()),
                MEMBER_COUNT => Value::Number(0),
                _ => Value::Empty,
            }),
        }
    }

    #[test]
    fn created_nodes_come_back_for_their_server_only() {
        let dir = tempfile::tempdir().unwrap();
        let here = Remembered::new(dir.path(), "seq", "http://a/");
        here.add(&SCHEMA, &node("org-1")).unwrap();
        here.add(&SCHEMA, &node("org-1")).unwrap();
        here.add(&SCHEMA, &node("org-2")).unwrap();
        let back = here.nodes(&SCHEMA, ORGANIZATION).unwrap();
        assert_eq!(back, vec![node("org-1"), node("org-2")]);
        let elsewhere = Remembered::new(dir.path(), "seq", "http://b/");
        assert!(elsewhere.nodes(&SCHEMA, ORGANIZATION).unwrap().is_empty());
    }

    #[test]
    fn a_corrupt_file_is_said_and_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let kept = Remembered::new(dir.path(), "seq", "http://a/");
        std::fs::write(kept.path(), b"{not json").unwrap();
        let err = kept.nodes(&SCHEMA, ORGANIZATION).unwrap_err();
        assert!(err.contains(&kept.path().display().to_string()), "{err}");
        assert!(err.contains("move it aside"), "{err}");
        assert!(kept.add(&SCHEMA, &node("org-1")).is_err());
        assert_eq!(std::fs::read(kept.path()).unwrap(), b"{not json");
    }
}
