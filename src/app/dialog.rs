//! Confirmation before anything destructive: the dialog names the target and the
//! effect, starts on Cancel, and for deleting an organization asks for its name.
//! Quitting while a write is in flight asks the same way.

use crossterm::event::KeyEvent;

use super::line::{Edit, TextLine};
use crate::api::model::Operation;

/// What confirming does.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmed {
    Send {
        tenant: usize,
        operation: Operation,
        /// What the notice says once it is done ("Suspended Acme Ltd").
        done: String,
    },
    /// Quit although writes are in flight (they are audited as interrupted).
    Quit,
    /// Replace a node's members: the node is read again first (`replace`).
    Replace(Box<super::replace::Replace>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub title: String,
    pub body: Vec<String>,
    pub confirm_label: String,
    pub confirmed: Confirmed,
    /// Focus is on the confirm button (it starts on Cancel).
    pub confirm_focused: bool,
    /// The text to type before confirming, and what has been typed.
    pub type_to_confirm: Option<(String, TextLine)>,
}

impl Dialog {
    pub fn new(
        title: impl Into<String>,
        body: Vec<String>,
        confirm_label: impl Into<String>,
        tenant: usize,
        operation: Operation,
        done: impl Into<String>,
    ) -> Dialog {
        Dialog {
            title: title.into(),
            body,
            confirm_label: confirm_label.into(),
            confirmed: Confirmed::Send {
                tenant,
                operation,
                done: done.into(),
            },
            confirm_focused: false,
            type_to_confirm: None,
        }
    }

    /// Asks before quitting while these writes (named for the operator) are in flight.
    pub fn quit(writes: &[String]) -> Dialog {
        let mut body = vec!["orgdeck is still waiting for the server's answer to:".to_owned()];
        body.extend(writes.iter().map(|w| format!("  • {w}")));
        body.push(
            "If you quit now, whether it was applied stays unknown: the audit trail records \
             it as interrupted. Check before doing it again."
                .to_owned(),
        );
        Dialog {
            title: if writes.len() == 1 {
                "Quit with a change in flight?".to_owned()
            } else {
                format!("Quit with {} changes in flight?", writes.len())
            },
            body,
            confirm_label: "Quit anyway".to_owned(),
            confirmed: Confirmed::Quit,
            confirm_focused: false,
            type_to_confirm: None,
        }
    }

    /// The operation confirming sends, if it sends one.
    pub fn operation(&self) -> Option<&Operation> {
        match &self.confirmed {
            Confirmed::Send { operation, .. } => Some(operation),
            Confirmed::Quit | Confirmed::Replace(_) => None,
        }
    }

    pub fn typed(mut self, expected: impl Into<String>) -> Dialog {
        self.type_to_confirm = Some((expected.into(), TextLine::default()));
        self
    }

    /// The confirm button only works once the expected text is typed exactly.
    pub fn can_confirm(&self) -> bool {
        self.type_to_confirm
            .as_ref()
            .is_none_or(|(expected, typed)| typed.text() == expected)
    }

    /// A key typed into the name to confirm with (readline keys edit it); whether
    /// the dialog has such a line to take it.
    pub fn type_key(&mut self, key: KeyEvent) -> bool {
        match &mut self.type_to_confirm {
            Some((_, typed)) => typed.key(key) != Edit::Unused,
            None => false,
        }
    }

    /// Pasted text goes in the name at the caret.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.type_to_confirm {
            Some((_, typed)) => typed.insert(text),
            None => false,
        }
    }
}
