//! What an operation asks a backend to be able to do: a verb on a target the
//! schema declares. Operator text comes from the schema's nouns, never from here.

use crate::api::schema::{LevelId, TabId, ViewId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Capability {
    pub verb: Verb,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verb {
    List,
    Read,
    Find,
    Create,
    Update,
    /// A level's two-state switch (suspend / reactivate).
    Toggle,
    Delete,
    Invite,
    Resend,
    Revoke,
    UpdateMember,
    RemoveMember,
    SetMembers,
    Decide,
}

impl Verb {
    /// Whether using it changes data: refused on read-only profiles.
    pub fn is_write(self) -> bool {
        !matches!(self, Verb::List | Verb::Read | Verb::Find)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// The nodes of a level.
    Level(LevelId),
    /// The parties of a node's tab.
    Tab(LevelId, TabId),
    /// A tenant-wide list of parties.
    View(ViewId),
    /// One party, wherever it was listed.
    Parties,
    Approvals,
    /// Who the token speaks for.
    Caller,
}

impl Capability {
    pub const fn new(verb: Verb, target: Target) -> Self {
        Capability { verb, target }
    }

    pub fn is_write(self) -> bool {
        self.verb.is_write()
    }
}

/// Whether the server has shown it offers a capability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    Available,
    /// Not offered; the reason is fit to show to the operator.
    Unavailable(String),
}

/// What servers have shown a backend lacks. Everything the backend's schema
/// declares is available until a server answers otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capabilities {
    lacking: std::collections::BTreeMap<Capability, String>,
}

impl Capabilities {
    pub fn support(&self, capability: Capability) -> Support {
        match self.lacking.get(&capability) {
            Some(reason) => Support::Unavailable(reason.clone()),
            None => Support::Available,
        }
    }

    pub fn is_available(&self, capability: Capability) -> bool {
        !self.lacking.contains_key(&capability)
    }

    pub fn set(&mut self, capability: Capability, support: Support) {
        match support {
            Support::Available => self.lacking.remove(&capability),
            Support::Unavailable(reason) => self.lacking.insert(capability, reason),
        };
    }

    /// The capabilities servers have shown lacking, with why.
    pub fn lacking(&self) -> impl Iterator<Item = (Capability, &str)> {
        self.lacking.iter().map(|(c, r)| (*c, r.as_str()))
    }
}
