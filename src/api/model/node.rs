//! A node of a backend's hierarchy (a customer organization, an enterprise): its
//! level, its parent, the name it is shown by, its state and its record.

use super::record::Record;
use crate::api::schema::LevelId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What the backend's paths name it by.
    pub id: String,
    pub level: LevelId,
    /// The node above it, for levels with a parent level.
    pub parent: Option<String>,
    /// What lists, breadcrumbs and dialogs call it (its level's `name_field`).
    pub name: String,
    pub state: NodeState,
    /// Every field of its level's record layout, in that order.
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NodeState {
    Active,
    Suspended,
    Archived,
    /// A state the model has no name for, as the server wrote it.
    Other(String),
}

impl NodeState {
    pub fn parse(text: &str) -> NodeState {
        match text.trim().to_ascii_lowercase().as_str() {
            "active" => NodeState::Active,
            "suspended" => NodeState::Suspended,
            "archived" => NodeState::Archived,
            _ => NodeState::Other(text.trim().to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            NodeState::Active => "active",
            NodeState::Suspended => "suspended",
            NodeState::Archived => "archived",
            NodeState::Other(name) => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_read_in_any_case_and_unknown_ones_kept() {
        assert_eq!(NodeState::parse(" Suspended "), NodeState::Suspended);
        assert_eq!(NodeState::parse("archived").as_str(), "archived");
        assert_eq!(
            NodeState::parse("frozen-by-legal"),
            NodeState::Other("frozen-by-legal".into())
        );
        assert_eq!(
            NodeState::parse("frozen-by-legal").as_str(),
            "frozen-by-legal"
        );
    }
}
