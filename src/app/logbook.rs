//! What the run has said and done, kept for `:messages` and `:requests`: every
//! notice with its hint, and every HTTP exchange, each log capped so a long
//! session holds the latest.

use std::collections::VecDeque;

use crate::api::client::{CallOutcome, Called, RequestId};

use super::NoticeKind;

/// How many entries each log keeps; the oldest go first.
pub const LOG_CAP: usize = 1_000;

/// A capped log, read newest first: position 0 is the latest entry.
#[derive(Debug, Clone)]
pub struct Logged<T> {
    entries: VecDeque<T>,
    cap: usize,
}

impl<T> Default for Logged<T> {
    fn default() -> Self {
        Logged::with_cap(LOG_CAP)
    }
}

impl<T> Logged<T> {
    pub fn with_cap(cap: usize) -> Self {
        Logged {
            entries: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    pub fn push(&mut self, entry: T) {
        if self.entries.len() >= self.cap {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry `back` places from the newest (0: the newest).
    pub fn newest(&self, back: usize) -> Option<&T> {
        let last = self.entries.len().checked_sub(1)?;
        self.entries.get(last.checked_sub(back)?)
    }

    /// Every entry, newest first.
    pub fn iter_newest(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().rev()
    }
}

/// A notice as it was shown, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub at: jiff::Timestamp,
    pub kind: NoticeKind,
    pub text: String,
    pub hint: Option<String>,
    /// The profile whose answer it was about, when it came from one.
    pub tenant: Option<String>,
    /// The server's id of the request behind it, when the answer gave one.
    pub request_id: Option<String>,
    /// Lower-cased text for the `/` filter.
    pub(crate) haystack: String,
}

impl Message {
    pub fn new(
        at: jiff::Timestamp,
        kind: NoticeKind,
        (text, hint): (String, Option<String>),
        tenant: Option<String>,
        request_id: Option<String>,
    ) -> Message {
        let haystack = [
            Some(kind_word(kind)),
            Some(text.as_str()),
            hint.as_deref(),
            tenant.as_deref(),
            request_id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
        Message {
            at,
            kind,
            text,
            hint,
            tenant,
            request_id,
            haystack,
        }
    }
}

/// "info" or "error", as the messages view names a notice's kind.
pub fn kind_word(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Info => "info",
        NoticeKind::Error => "error",
    }
}

/// One HTTP exchange of one tenant's client.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub at: jiff::Timestamp,
    pub tenant: usize,
    pub profile: String,
    pub called: Called,
    pub(crate) haystack: String,
}

impl Call {
    pub fn new(at: jiff::Timestamp, tenant: usize, profile: String, called: Called) -> Call {
        let haystack = format!(
            "{profile} {} {} {} {}",
            called.method,
            called.target,
            outcome_text(&called.outcome),
            called.request_id.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        Call {
            at,
            tenant,
            profile,
            called,
            haystack,
        }
    }

    /// Whether it was made for the console's request `id` of `tenant`.
    pub fn answers(&self, tenant: usize, id: RequestId) -> bool {
        self.tenant == tenant && self.called.id == Some(id)
    }
}

/// "200", or why no status came ("could not connect to …").
pub fn outcome_text(outcome: &CallOutcome) -> String {
    match outcome {
        CallOutcome::Status(status) => status.to_string(),
        CallOutcome::Failed(cause) => cause.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_log_drops_its_oldest_and_reads_newest_first() {
        let mut log = Logged::with_cap(3);
        for n in 1..=5 {
            log.push(n);
        }
        assert_eq!(log.len(), 3);
        assert_eq!(log.iter_newest().copied().collect::<Vec<_>>(), [5, 4, 3]);
        assert_eq!(log.newest(0), Some(&5));
        assert_eq!(log.newest(2), Some(&3));
        assert_eq!(log.newest(3), None);
        assert_eq!(Logged::<u8>::default().newest(0), None);
    }
}
