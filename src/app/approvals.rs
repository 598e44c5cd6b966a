//! The approvals queue: the changes a server holds until other admins approve
//! them, as the console keeps them (the queue, and the 202s it was answered per
//! node tab, shown there as awaiting until decided), and deciding one (approve or
//! reject, after a dialog naming the change). One's own requests are listed but
//! not approvable: the server refuses that, so the console does not offer it.

use std::time::Instant;

use jiff::Timestamp;

use super::dialog::Dialog;
use super::keymap::Action;
use super::screens::{Screen, Subject};
use super::tenant::TabKey;
use super::update::{error, load};
use super::{App, Dispatch, Overlay, Purpose, Tenant};
use crate::api::approval::Approval;
use crate::api::model::{Operation, Scope};

use super::remote::Remote;

/// A write answered "held for approval", shown in the list it would change.
#[derive(Debug, Clone, PartialEq)]
pub struct Awaiting {
    pub key: TabKey,
    pub approval: Approval,
    /// When it was answered: a queue read sent before this may not hold it yet.
    pub since: Instant,
}

/// A tenant's queue as loaded, with its search text, and the writes awaiting
/// approval per node tab.
#[derive(Debug, Clone, Default)]
pub struct ApprovalQueue {
    pub list: Remote<Vec<Approval>>,
    pub(crate) text: Vec<String>,
    pub awaiting: Vec<Awaiting>,
}

impl ApprovalQueue {
    pub fn get(&self, id: &str) -> Option<&Approval> {
        self.list.data.as_deref()?.iter().find(|a| a.id == id)
    }

    /// The writes awaiting approval in one node tab, oldest first.
    pub fn awaiting_in<'a>(&'a self, key: &'a TabKey) -> impl Iterator<Item = &'a Approval> {
        self.awaiting
            .iter()
            .filter(move |a| &a.key == key)
            .map(|a| &a.approval)
    }

    /// Takes in a freshly loaded queue: its search text, and an awaiting write
    /// that is no longer in it (decided, perhaps by another admin elsewhere) is
    /// no longer awaiting. `asked` is when that queue was asked for.
    pub(crate) fn reindexed(&mut self, asked: Option<Instant>) {
        let list = self.list.data.as_deref().unwrap_or_default();
        self.text = list.iter().map(haystack).collect();
        if let Some(asked) = asked {
            self.awaiting
                .retain(|a| a.since > asked || list.iter().any(|q| q.id == a.approval.id));
        }
    }

    /// One was decided here: nothing of it awaits any more.
    pub(crate) fn decided(&mut self, id: &str) {
        self.awaiting.retain(|a| a.approval.id != id);
    }
}

/// What `/` matches an approval by.
fn haystack(approval: &Approval) -> String {
    [
        approval.kind.as_str(),
        approval.what.as_str(),
        approval.asked_by.as_deref().unwrap_or_default(),
        approval.node_name.as_deref().unwrap_or_default(),
        approval.id.as_str(),
    ]
    .join(" ")
    .to_lowercase()
}

impl Tenant {
    /// Whether the caller asked for this change: the server lets another admin
    /// approve it, never them.
    pub fn asked_by_me(&self, approval: &Approval) -> bool {
        let me = self.me.data.as_ref().map(|me| me.id.as_str());
        me.is_some() && approval.asked_by_id.as_deref() == me
    }

    /// Remembers a write held for approval in the node tab it would change.
    pub(crate) fn held(&mut self, scope: &Scope, approval: Approval, now: Instant) {
        if let Scope::Node { level, id, tab } = scope {
            let key = (*level, id.clone(), *tab);
            self.approvals.decided(&approval.id);
            self.approvals.awaiting.push(Awaiting {
                key,
                approval,
                since: now,
            });
        }
    }
}

/// "3m ago", "2d ago": when something was asked, as the lists say it.
pub fn ago(at: Timestamp, now: Timestamp) -> String {
    let secs = now.as_second().saturating_sub(at.as_second()).max(0) as u64;
    format!("{} ago", super::when::span(secs))
}

/// Why an approval may not be approved by the caller, if it may not.
pub const OWN_REQUEST: &str = "you asked for this change: another admin must approve it";

impl App {
    /// The approval under the cursor (or shown).
    pub fn selected_approval(&self) -> Option<(usize, &Approval)> {
        let level = self.level();
        match &level.screen {
            Screen::Approvals { tenant } => {
                let row = level.selected_row()?;
                let list = self.tenants[*tenant].approvals.list.data.as_ref()?;
                Some((*tenant, list.get(row)?))
            }
            Screen::Detail {
                tenant,
                subject: Subject::Approval(id),
            } => Some((*tenant, self.tenants[*tenant].approvals.get(id)?)),
            _ => None,
        }
    }

    /// The selected approval is the caller's own request.
    pub fn own_approval_selected(&self) -> bool {
        self.selected_approval()
            .is_some_and(|(t, a)| self.tenants[t].asked_by_me(a))
    }
}

/// Says why one's own request is not approved here, and what may be done.
pub(crate) fn refuse_own(app: &mut App) {
    let hint = match app.keymap.primary(Action::Reject) {
        Some(key) => format!("{key} withdraws it"),
        None => "you may withdraw it".to_owned(),
    };
    error(app, OWN_REQUEST, Some(hint));
}

/// Asks before approving (or rejecting) the selected approval, naming the change.
pub(crate) fn decide(app: &mut App, approve: bool) {
    let Some((tenant, approval)) = app.selected_approval() else {
        return;
    };
    let own = app.tenants[tenant].asked_by_me(approval);
    if approve && own {
        return refuse_own(app);
    }
    let verb = if approve { "approve" } else { "reject" };
    let title = if own {
        format!("reject your own request: {}?", approval.what)
    } else {
        format!("{verb}: {}?", approval.what)
    };
    // The title is cut to the dialog's width; the body wraps, so the change is
    // read whole there.
    let mut body = vec![approval.what.clone()];
    let who = approval.asked_by.as_deref().unwrap_or("someone");
    let when = approval
        .asked_at
        .map(|at| format!(" {}", ago(at, (app.wall_clock)())))
        .unwrap_or_default();
    body.push(format!(
        "Asked by {}{when}; approval {}.",
        if own { "you" } else { who },
        approval.id
    ));
    body.push(if approve {
        match approval.needs {
            Some(n) if n > 1 => format!("It needs {n} approvals: this is one of them."),
            _ => "Once approved, the change is applied.".to_owned(),
        }
    } else {
        "Once rejected, the change is discarded.".to_owned()
    });
    let op = Operation::Decide {
        approval: approval.id.clone(),
        approve,
    };
    let done = format!(
        "{}: {}",
        if approve { "Approved" } else { "Rejected" },
        approval.what
    );
    let button = if approve { "Approve" } else { "Reject" };
    let dialog = Dialog::new(title, body, button, tenant, op, done);
    app.overlay = Some(Overlay::Dialog(Box::new(dialog)));
}

/// A decision came back: nothing of it awaits any more, and the lists it
/// changes (its node's tabs that are loaded) are read again, beside the queue.
pub(crate) fn after_decision(app: &mut App, tenant: usize, approval: &str, io: &mut dyn Dispatch) {
    let t = &mut app.tenants[tenant];
    let node = t.approvals.get(approval).and_then(|a| a.node.clone());
    t.approvals.decided(approval);
    let Some(node) = node else {
        return;
    };
    let keys: Vec<TabKey> = t
        .members
        .keys()
        .filter(|(_, id, _)| *id == node)
        .cloned()
        .collect();
    for (level, id, tab) in keys {
        let on_stack = app
            .stack
            .iter()
            .any(|l| app.tenants[tenant].tab_key(&l.screen) == Some((level, id.clone(), tab)));
        // Those on the stack are read again by the refresh that follows.
        if !on_stack {
            load(app, tenant, Purpose::Members { level, id, tab }, io);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_coarse_and_count_days_past_one() {
        let now: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(ago(at("2026-12-01T11:57:00Z"), now), "3m ago");
        assert_eq!(ago(at("2026-11-28T12:00:00Z"), now), "3d ago");
        assert_eq!(ago(at("2026-12-01T12:00:09Z"), now), "0s ago");
    }

    #[test]
    fn a_queue_without_an_awaiting_write_ends_its_wait_unless_asked_before_it() {
        let key: TabKey = (
            crate::api::schema::LevelId("l"),
            "n-1".into(),
            crate::api::schema::TabId("t"),
        );
        let approval = Approval {
            id: "ap-1".into(),
            ..Default::default()
        };
        let asked = Instant::now();
        let mut queue = ApprovalQueue::default();
        queue.awaiting.push(Awaiting {
            key: key.clone(),
            approval,
            since: asked + std::time::Duration::from_secs(1),
        });
        queue.list.loaded(Vec::new(), asked);
        // Asked before the write was answered: it may simply not be in it yet.
        queue.reindexed(Some(asked));
        assert_eq!(queue.awaiting_in(&key).count(), 1);
        queue.reindexed(Some(asked + std::time::Duration::from_secs(2)));
        assert_eq!(queue.awaiting_in(&key).count(), 0);
    }
}
