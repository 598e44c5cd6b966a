//! What the console asks before a node's toggle and delete and a party's suspend,
//! reactivate and revoke, and what it says while resending an invite, in each
//! backend's own words.

/// The console's confirmations for a node. In their text `{name}` is the node's
/// name, `{members}` and `{invites}` its counts ("3 members", "1 pending invite"),
/// and `{<field>}` a field's value ("none" when it has none).
#[derive(Debug, Clone, Copy)]
pub struct NodeDialogs {
    /// Into the toggle's "on" state (suspend), and back.
    pub on: DialogText,
    pub off: DialogText,
    /// Confirmed by typing the node's name.
    pub delete: DialogText,
}

#[derive(Debug, Clone, Copy)]
pub struct DialogText {
    pub title: &'static str,
    pub body: &'static [&'static str],
    /// The button that goes ahead.
    pub button: &'static str,
    /// The notice once it is done.
    pub done: &'static str,
}

/// The console's confirmations for a party. In their text `{name}` is the
/// party's full name and `{party}` its label (MuninX: the email).
#[derive(Debug, Clone, Copy)]
pub struct PartyDialogs {
    pub suspend: DialogText,
    pub reactivate: DialogText,
    pub revoke: DialogText,
    pub resend: ResendText,
}

/// Resending an invite: as it starts, while it is in flight, and once done.
#[derive(Debug, Clone, Copy)]
pub struct ResendText {
    pub started: &'static str,
    pub what: &'static str,
    pub done: &'static str,
}
