//! A change a server accepted but holds until others approve it (BitGo answers
//! such writes 202 with the pending approval).

use jiff::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub id: String,
    /// The kind of change in words ("enterprise", "permissions").
    pub kind: String,
    /// What waits for approval, in the server's words ("add user to enterprise").
    pub what: String,
    /// Who asked, as a person reads it (an email or a name).
    pub asked_by: Option<String>,
    /// Who asked, as the server identifies them: compared with the caller's id,
    /// it tells one's own requests, which one may not approve.
    pub asked_by_id: Option<String>,
    /// The node the change is in (an enterprise), when the server says.
    pub node: Option<String>,
    pub node_name: Option<String>,
    pub asked_at: Option<Timestamp>,
    /// How many approvals it still needs, when the server says.
    pub needs: Option<u32>,
    /// The approval's state as the server names it ("pending").
    pub state: String,
}

impl Approval {
    /// "sent for approval: add user to enterprise (approval 5f1a…, needs 2)".
    pub fn sentence(&self) -> String {
        let needs = match self.needs {
            Some(n) => format!(", needs {n}"),
            None => String::new(),
        };
        format!(
            "sent for approval: {} (approval {}{needs})",
            self.what, self.id
        )
    }
}
