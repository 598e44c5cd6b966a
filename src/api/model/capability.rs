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
