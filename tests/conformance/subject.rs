//! What the cases need to know of one backend, and nothing more: its registry entry
//! (so its sandbox and its adapter are the ones the CLI starts), its tokens, and for
//! each level and member scope the operations that list, create, read and change it.
//! The operations are opaque here; a `Subject` builds them and reads the replies, so
//! the cases never name a vendor's types.

use std::collections::BTreeMap;
use std::sync::Arc;

use orgdeck::api::backend::Backend;
use orgdeck::api::client::ClientSettings;
use orgdeck::api::model::{Node, Operation, Party, Record, Reply};
use orgdeck::api::schema::{FieldSpec, Schema};
use orgdeck::api::value::Value;
use orgdeck::backends::{Entry, Starting};
use orgdeck::sandbox::RunningSandbox;

use crate::support::client::{Client, settings};

/// The tokens of the backend's sandbox seed.
#[derive(Debug, Clone, Copy)]
pub struct Tokens {
    /// May do everything the backend offers.
    pub admin: &'static str,
    /// May read every listing but write nothing.
    pub reader: &'static str,
    /// Not a token the sandbox knows.
    pub bad: &'static str,
}

/// A list the console shows: a level's nodes, a member scope, a tenant-wide view.
#[derive(Debug, Clone)]
pub struct Listing {
    pub what: &'static str,
    pub op: Operation,
}

/// A level (or member scope) the backend creates things in.
#[derive(Debug, Clone)]
pub struct Creatable {
    pub what: &'static str,
    /// A draft the server accepts (each case starts a fresh sandbox, so it is new there).
    pub valid: Operation,
    /// A draft the server refuses because of one field...
    pub invalid: Operation,
    /// ...this one, as the form names it (the wire name the schema declares).
    pub invalid_field: &'static str,
    /// The list a created one shows up in.
    pub listing: Operation,
    /// Reads one back by its id.
    pub read: fn(&str) -> Operation,
}

/// An update of one field of something the seed holds.
#[derive(Debug, Clone)]
pub struct Update {
    pub what: &'static str,
    /// Reads the updated thing.
    pub read: Operation,
    pub write: Operation,
    /// The field the update gives, as `Subject::fields` names it, and its value after.
    pub field: &'static str,
    pub value: &'static str,
    /// Fields the server keeps itself and may change on any write (an update time).
    pub bookkeeping: &'static [&'static str],
}

/// An endpoint a server may lack: a proxy answers `status` to `method` on `path`
/// (`{…}` segments match any one), and `op` is what calls it.
#[derive(Debug, Clone)]
pub struct Lack {
    pub op: Operation,
    pub method: &'static str,
    pub path: &'static str,
    pub status: u16,
}

/// The profile settings the cases vary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Profile {
    pub read_only: bool,
    pub page_size: Option<u32>,
}

pub trait Subject: Send + Sync + 'static {
    /// Its registry entry: the sandbox and the backend a profile naming it gets.
    fn entry(&self) -> &'static Entry;

    fn backend(&self) -> Arc<dyn Backend> {
        (self.entry().backend)(&self.entry().option_defaults())
    }

    /// The client settings of a profile at `base_url` acting with `token`, as
    /// `cli::session::start_client` fills them from a profile.
    fn settings(&self, base_url: &str, token: &str, profile: Profile) -> ClientSettings {
        let mut settings = settings(base_url, token);
        settings.read_only = profile.read_only;
        settings.page_size = profile.page_size;
        settings
    }

    /// Starts its sandbox the way `orgdeck sandbox --backend NAME` does, with no
    /// flags; a subject that runs a variant (Flowkiwi's `--hydra-prefix`) says so.
    fn start_sandbox(&self) -> Starting {
        self.entry().start_sandbox()
    }

    fn tokens(&self) -> Tokens;

    /// Whether the backend has a role that may read but not write (`Tokens::reader`
    /// holds it); without one, writes are refused only to a token the server does
    /// not know.
    fn has_read_only_role(&self) -> bool {
        true
    }

    /// Every level's list (under a seeded parent where it has one), every member
    /// scope of a seeded node, and every tenant-wide list. Each holds more than two
    /// items in the seed, so a page of two cannot hold it.
    fn listings(&self) -> Vec<Listing>;

    fn creatables(&self) -> Vec<Creatable>;

    fn updates(&self) -> Vec<Update>;

    /// One operation for each kind of write the backend offers (the cases check
    /// that every write capability it declares is among them).
    fn writes(&self) -> Vec<Operation>;

    /// Endpoints a server may lack whose operation is then refused, not read
    /// another way.
    fn lacks(&self) -> Vec<Lack>;

    /// Operations whose capability the backend does not declare at all.
    fn undeclared(&self) -> Vec<Operation>;

    /// The ids of the items of a list reply.
    fn ids(&self, reply: &Reply) -> Vec<String> {
        match reply {
            Reply::Nodes(page) => page.items.iter().map(|n| n.id.clone()).collect(),
            Reply::Parties(page) => page.items.iter().map(|p| p.id().to_owned()).collect(),
            Reply::Approvals(page) => page.items.iter().map(|a| a.id.clone()).collect(),
            other => panic!("not a list: {other:?}"),
        }
    }

    /// The id of a reply that holds one item.
    fn id(&self, reply: &Reply) -> Option<String> {
        match reply {
            Reply::Node(node) => Some(node.id.clone()),
            Reply::Party(party) => Some(party.id().to_owned()),
            _ => None,
        }
    }

    /// The field values of a reply that holds one item, each as text: its id, its
    /// place and state, and every field of its record under the wire name the
    /// schema gives it.
    fn fields(&self, reply: &Reply) -> BTreeMap<String, String> {
        let schema = self.backend().schema();
        match reply {
            Reply::Node(node) => node_fields(schema, node),
            Reply::Party(party) => party_fields(schema, party),
            other => panic!("not one item: {other:?}"),
        }
    }
}

fn node_fields(schema: &Schema, node: &Node) -> BTreeMap<String, String> {
    let level = schema
        .level(node.level)
        .unwrap_or_else(|| panic!("{node:?}: a level the schema does not declare"));
    let mut fields = record_fields(level.fields, &node.record);
    fields.insert("id".into(), node.id.clone());
    fields.insert("level".into(), node.level.as_str().to_owned());
    fields.insert("parent".into(), format!("{:?}", node.parent));
    fields.insert("name".into(), node.name.clone());
    fields.insert("state".into(), node.state.as_str().to_owned());
    fields
}

fn party_fields(schema: &Schema, party: &Party) -> BTreeMap<String, String> {
    let mut fields = record_fields(schema.party_fields, party.record());
    fields.insert("id".into(), party.id().to_owned());
    fields.insert("kind".into(), format!("{:?}", party.kind));
    fields.insert("state".into(), party.state.as_str().to_owned());
    fields.insert("memberships".into(), format!("{:?}", party.memberships));
    fields
}

/// A record's fields by wire name. The keys above are set after these, so a
/// record field named like one of them cannot hide the item's own.
fn record_fields(layout: &[FieldSpec], record: &Record) -> BTreeMap<String, String> {
    layout
        .iter()
        .map(|spec| {
            (
                spec.wire.to_owned(),
                text(&record.get(layout, spec.id).to_value()),
            )
        })
        .collect()
}

fn text(value: &Value) -> String {
    match value.as_text() {
        Some(text) => text.to_owned(),
        None => format!("{value:?}"),
    }
}

/// Starts the subject's sandbox the way `orgdeck sandbox --backend NAME` does.
pub async fn start(subject: &impl Subject) -> RunningSandbox {
    let entry = subject.entry();
    subject
        .start_sandbox()
        .await
        .unwrap_or_else(|err| panic!("the {} sandbox starts: {err}", entry.name))
}

/// A client through the real `api::client::spawn`, as a profile would get it.
pub fn client(subject: &impl Subject, base_url: &str, token: &str, profile: Profile) -> Client {
    Client::spawn_with(
        subject.settings(base_url, token, profile),
        subject.backend(),
    )
}
