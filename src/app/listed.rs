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
