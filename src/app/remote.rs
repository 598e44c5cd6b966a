//! Data that lives on a server, as the console holds it: what it last got, and
//! whether a request for it is under way, finished, or failed (keeping the last
//! good data, marked stale).

use std::time::{Duration, Instant};

use crate::api::client::RequestId;
use crate::api::error::ApiError;

/// A failure as the operator sees it: what happened and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Trouble {
    pub cause: String,
    pub hint: Option<String>,
}

impl From<&ApiError> for Trouble {
    fn from(error: &ApiError) -> Self {
        let (cause, hint) = told(error);
        Trouble { cause, hint }
    }
}

/// An error's text and hint for one line of the console. A wait the server asks
/// for comes first: at 80 columns the end of the line is cut, and its length is
/// what the operator needs.
pub fn told(error: &ApiError) -> (String, Option<String>) {
    let Some(length) = error.asked_wait() else {
        return (error.to_string(), error.hint());
    };
    let text = error.to_string();
    // A bare 429 reads "rate limited: the server asks to wait"; said once is enough.
    let text = text
        .strip_suffix(": the server asks to wait")
        .unwrap_or(&text);
    (
        format!("server asks to wait {length}: {text}"),
        Some(format!("try again in {length}")),
    )
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Idle,
    Loading { id: RequestId, since: Instant },
    Loaded { at: Instant },
    Failed { trouble: Trouble, at: Instant },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Remote<T> {
    pub data: Option<T>,
    pub status: Status,
    /// When data last arrived, kept through failures so "updated 2m ago" stays true.
    pub updated: Option<Instant>,
    /// A stale answer with data was dropped since the data was last taken in.
    missed_answer: bool,
    /// `data` is the first part of an answer still arriving (see `arrived`).
    partial: bool,
}

impl<T> Default for Remote<T> {
    fn default() -> Self {
        Remote {
            data: None,
            status: Status::Idle,
            updated: None,
            missed_answer: false,
            partial: false,
        }
    }
}

impl<T> Remote<T> {
    pub fn loading(&mut self, id: RequestId, now: Instant) {
        self.status = Status::Loading { id, since: now };
    }

    /// The request failed part way through a list shown as it came: what
    /// arrived stays, marked stale (and still partial, so the next answer
    /// replaces it rather than being taken for the same list).
    pub fn stopped(&mut self, error: &ApiError, now: Instant) {
        self.status = Status::Failed {
            trouble: error.into(),
            at: now,
        };
    }

    /// The rows shown as they came are the whole list: it is loaded, and what
    /// was derived from it while it grew still holds.
    pub fn completed(&mut self, now: Instant) {
        self.partial = false;
        self.missed_answer = false;
        self.status = Status::Loaded { at: now };
        self.updated = Some(now);
    }

    pub fn pending_id(&self) -> Option<RequestId> {
        match self.status {
            Status::Loading { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self.status, Status::Loading { .. })
    }

    /// Whether `data` is only the first part of a list still arriving.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// Stores new data; returns the data it replaces, for the caller to dispose of.
    pub fn loaded(&mut self, data: T, now: Instant) -> Option<T> {
        let old = self.data.replace(data);
        self.partial = false;
        self.missed_answer = false;
        self.status = Status::Loaded { at: now };
        self.updated = Some(now);
        old
    }

    /// A stale answer (a newer request is on its way) is dropped, but if it carried
    /// data, the client's cache now describes data this side never took in.
    pub fn dropped(&mut self, result: &Result<crate::api::model::Reply, ApiError>) {
        if matches!(result, Ok(reply) if *reply != crate::api::model::Reply::Unchanged) {
            self.missed_answer = true;
        }
    }

    /// Whether the held data is the last the server sent, so that "unchanged" from a
    /// revalidating read would mean exactly this data.
    pub fn holds_last_answer(&self) -> bool {
        self.data.is_some() && !self.missed_answer && !self.partial
    }

    /// The server confirmed the held data is current.
    pub fn confirmed(&mut self, now: Instant) {
        if self.data.is_some() {
            self.status = Status::Loaded { at: now };
            self.updated = Some(now);
        }
    }

    /// The request failed (or was cancelled). A fragment of its answer goes too:
    /// shown as "stale" it would pass for the whole list. Returns that fragment, so
    /// the caller knows the data changed.
    pub fn failed(&mut self, error: &ApiError, now: Instant) -> Option<T> {
        self.status = Status::Failed {
            trouble: error.into(),
            at: now,
        };
        if self.partial {
            self.partial = false;
            self.data.take()
        } else {
            None
        }
    }

    /// Shown data that a later refresh failed to renew.
    pub fn is_stale(&self) -> bool {
        self.data.is_some() && matches!(self.status, Status::Failed { .. })
    }

    pub fn trouble(&self) -> Option<&Trouble> {
        match &self.status {
            Status::Failed { trouble, .. } => Some(trouble),
            _ => None,
        }
    }

    /// Due for an automatic refresh: loaded (or failed) longer ago than `every`.
    pub fn is_due(&self, now: Instant, every: Duration) -> bool {
        match self.status {
            Status::Loaded { at } | Status::Failed { at, .. } => now.duration_since(at) >= every,
            Status::Idle => true,
            Status::Loading { .. } => false,
        }
    }
}

impl<U> Remote<Vec<U>> {
    /// Adds the next part of the answer to the pending request while the rest is
    /// on its way (a collected list, page by page), after what it already showed
    /// of it. Only where nothing complete is held: a refresh never swaps a
    /// whole list for a fragment. Returns whether it took them.
    pub fn grow(&mut self, id: RequestId, more: impl IntoIterator<Item = U>) -> bool {
        if self.pending_id() != Some(id) || (self.data.is_some() && !self.partial) {
            return false;
        }
        self.data.get_or_insert_with(Vec::new).extend(more);
        self.partial = true;
        true
    }
}

/// "12s ago", "3m ago", "2h ago": coarse on purpose, so it changes rarely.
pub fn ago(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    match secs {
        0..=59 => format!("{secs}s ago"),
        60..=3599 => format!("{}m ago", secs / 60),
        _ => format!("{}h ago", secs / 3600),
    }
}
