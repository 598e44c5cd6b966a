//! Confirmation before anything destructive: the dialog names the target and the
//! effect, starts on Cancel, and for deleting an organization asks for its name.

use crate::api::model::Operation;

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    pub title: String,
    pub body: Vec<String>,
    pub confirm_label: String,
    pub tenant: usize,
    pub operation: Operation,
    /// What the notice says once it is done ("Suspended Acme Ltd").
    pub done: String,
    /// Focus is on the confirm button (it starts on Cancel).
    pub confirm_focused: bool,
    /// The text to type before confirming, and what has been typed.
    pub type_to_confirm: Option<(String, String)>,
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
            tenant,
            operation,
            done: done.into(),
            confirm_focused: false,
            type_to_confirm: None,
        }
    }

    pub fn typed(mut self, expected: impl Into<String>) -> Dialog {
        self.type_to_confirm = Some((expected.into(), String::new()));
        self
    }

    /// The confirm button only works once the expected text is typed exactly.
    pub fn can_confirm(&self) -> bool {
        self.type_to_confirm
            .as_ref()
            .is_none_or(|(expected, typed)| typed == expected)
    }
}
