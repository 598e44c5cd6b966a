//! A list as the console holds it: the rows as loaded, their search text and,
//! for a list read page by page, where its pages stand.

use super::remote::Remote;
use crate::api::model::{Node, Party};

/// A list as loaded, with its search text (lower-cased, one per row) and, for
/// a list read page by page, where its pages stand.
#[derive(Debug, Clone)]
pub struct Listed<T> {
    pub list: Remote<Vec<T>>,
    pub(crate) text: Vec<String>,
    pub pages: super::paging::Pages,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            list: Remote::default(),
            text: Vec::new(),
            pages: Default::default(),
        }
    }
}

/// The nodes of a level under one parent (an organization's enterprises).
pub type NodeList = Listed<Node>;

/// The parties of one node's tab, for backends that list them per node rather
/// than tenant-wide, or of a view read page by page.
pub type PartyList = Listed<Party>;

/// The loaded rows a list screen shows, before its filter and order: what the
/// level's `rows` index into.
pub enum Shown<'a> {
    Nodes(crate::api::schema::LevelId, &'a [Node]),
    Parties(&'a [Party]),
    /// A screen that lists neither (tenants, details, the logs, approvals).
    Neither,
}

impl super::Tenant {
    /// The rows `screen` lists, as loaded so far.
    pub fn shown<'a>(&'a self, screen: &super::screens::Screen) -> Shown<'a> {
        use super::screens::Screen;
        match screen {
            Screen::Nodes { level, parent, .. } => Shown::Nodes(
                *level,
                self.nodes(*level, parent.as_deref())
                    .and_then(|n| n.data.as_deref())
                    .unwrap_or_default(),
            ),
            Screen::Node { .. } | Screen::View { .. } => Shown::Parties(
                self.parties(screen)
                    .and_then(|p| p.data.as_deref())
                    .unwrap_or_default(),
            ),
            _ => Shown::Neither,
        }
    }
}
