//! A list read as its body arrives (`ClientHandle::stream`): each chunk is fed to
//! the backend's `RowStream`, and the rows decoded so far go to the caller as
//! `ClientEvent::Rows`, the first as soon as there are any, then in batches. The
//! body is never held whole, so the caps are on rows (`max_rows`) and on one row's
//! bytes (`max_row_bytes`), not on the body (`max_body_bytes`).

use std::time::{Duration, Instant};

use super::read::with_statuses;
use super::{ClientEvent, Inner, RequestId, lock};
use crate::api::error::ApiError;
use crate::api::model::{Filter, Reply};
use crate::api::stream::{RowFault, RowStream};

/// A batch goes out once it holds this many rows...
const BATCH_ROWS: usize = 16_384;
/// ...or this long after the one before, whichever comes first: the console
/// redraws per batch, and a batch every 30 ms keeps a million rows flowing on
/// screen without redrawing for every chunk of the body.
const BATCH_EVERY: Duration = Duration::from_millis(30);

/// How a list read's rows reach its caller.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Rows<'a> {
    /// In the `Finished` answer.
    Whole,
    /// As `ClientEvent::Rows` while the body arrives, when the backend streams
    /// the read; only those in a state `only` asks for, when it asks.
    Streamed { only: Option<&'a Filter> },
}

impl<'a> Rows<'a> {
    pub(super) fn streamed_if(streamed: bool, only: Option<&'a Filter>) -> Rows<'a> {
        if streamed {
            Rows::Streamed { only }
        } else {
            Rows::Whole
        }
    }
}

/// The request a streamed read reports its rows to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StreamTo<'a> {
    pub(super) id: RequestId,
    pub(super) only: Option<&'a Filter>,
}

impl Inner {
    /// Reads a 2xx body into `rows`, reporting them as they decode: how many
    /// rows the list held (after `only`), and how many bytes arrived.
    pub(super) async fn read_streamed(
        &self,
        response: reqwest::Response,
        rows: Box<dyn RowStream>,
        to: StreamTo<'_>,
        framed: bool,
    ) -> (Result<u64, ApiError>, usize) {
        let read = self.read_paced(response, rows, to, framed).await;
        self.pacing.done(to.id);
        read
    }

    async fn read_paced(
        &self,
        response: reqwest::Response,
        mut rows: Box<dyn RowStream>,
        to: StreamTo<'_>,
        framed: bool,
    ) -> (Result<u64, ApiError>, usize) {
        let started = Instant::now();
        let mut bytes = 0;
        let mut sent = 0;
        let mut last_batch: Option<Instant> = None;
        let mut body = ReadAhead::spawn(response);
        loop {
            let chunk = match body.next().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(err) => return (Err(self.transport_error(&err)), bytes),
            };
            bytes += chunk.len();
            if let Err(fault) = rows.feed(&chunk) {
                return (Err(self.row_fault(fault, framed)), bytes);
            }
            if batch_due(rows.ready(), last_batch) {
                self.pacing.room(to.id).await;
                self.send_rows(to, rows.as_mut(), &mut sent);
                last_batch = Some(Instant::now());
            }
        }
        if let Err(fault) = rows.finish() {
            return (Err(self.row_fault(fault, framed)), bytes);
        }
        self.pacing.room(to.id).await;
        self.send_rows(to, rows.as_mut(), &mut sent);
        tracing::debug!(
            rows = sent,
            bytes,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "streamed"
        );
        (Ok(sent), bytes)
    }

    /// Sends the rows decoded since the last batch, numbered on from `sent`.
    fn send_rows(&self, to: StreamTo<'_>, rows: &mut dyn RowStream, sent: &mut u64) {
        let Some(mut reply) = rows.take() else {
            return;
        };
        if let Some(filter) = to.only {
            reply = with_statuses(reply, filter);
        }
        let count = match &reply {
            Reply::Parties(page) => page.items.len(),
            Reply::Nodes(page) => page.items.len(),
            _ => 0,
        } as u64;
        if count == 0 {
            return;
        }
        // Under the lock that a cancel takes to unregister the read, so no rows
        // follow its `Finished`.
        let flights = lock(&self.flights);
        if flights.contains_key(&to.id) {
            self.pacing.sent(to.id);
            let _ = self.events.send(ClientEvent::Rows {
                id: to.id,
                from: *sent,
                reply,
            });
        }
        drop(flights);
        *sent += count;
    }

    /// Why a streamed list could not be read, as the operator is told it.
    fn row_fault(&self, fault: RowFault, framed: bool) -> ApiError {
        match fault {
            RowFault::Garbled(cause) => ApiError::Decode {
                cause: self.redact(&cause),
            },
            // A body framed only by the connection closing cannot show it is
            // whole: ending early, it was most likely cut (worth another try).
            RowFault::EndedEarly(cause) if !framed => ApiError::Transport { cause },
            RowFault::EndedEarly(cause) => ApiError::Decode { cause },
            RowFault::TooManyRows { limit } => ApiError::TooManyRows { limit },
            RowFault::RowTooLarge { limit, row } => ApiError::RowTooLarge { limit, row },
        }
    }
}

/// How many chunks of a body may wait, read ahead of the decode.
const READ_AHEAD: usize = 8;

/// A body's chunks read by a task of its own while the rows of the chunks
/// before are decoded: the socket is drained as the server writes rather than
/// only between decodes, so the server does not stall on a full socket buffer
/// while a chunk decodes. At most `READ_AHEAD` chunks wait.
struct ReadAhead {
    chunks: tokio::sync::mpsc::Receiver<Result<bytes::Bytes, reqwest::Error>>,
    reader: tokio::task::JoinHandle<()>,
}

impl ReadAhead {
    fn spawn(mut response: reqwest::Response) -> ReadAhead {
        let (sender, chunks) = tokio::sync::mpsc::channel(READ_AHEAD);
        let reader = tokio::spawn(async move {
            while let Some(next) = response.chunk().await.transpose() {
                let failed = next.is_err();
                if sender.send(next).await.is_err() || failed {
                    break;
                }
            }
        });
        ReadAhead { chunks, reader }
    }

    /// The next chunk, `None` at the body's end.
    async fn next(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        self.chunks.recv().await.transpose()
    }
}

impl Drop for ReadAhead {
    /// A read cancelled or failed stops reading its body.
    fn drop(&mut self) {
        self.reader.abort();
    }
}

/// Whether the rows waiting make a batch: the first rows at once, then every
/// `BATCH_ROWS` rows or `BATCH_EVERY`.
fn batch_due(ready: usize, last_batch: Option<Instant>) -> bool {
    ready > 0 && last_batch.is_none_or(|last| ready >= BATCH_ROWS || last.elapsed() >= BATCH_EVERY)
}

/// How far a streamed read may run ahead of a caller that says when it has
/// taken each batch (`ClientHandle::pace_rows`): a command writing rows to a
/// pipe is slower than the decode, and batches waiting in the channel would hold
/// the whole list after all.
const BATCHES_AHEAD: usize = 2;

/// The batches of each paced read sent and not yet taken.
#[derive(Default)]
pub(super) struct Pacing {
    on: std::sync::atomic::AtomicBool,
    ahead: std::sync::Mutex<std::collections::HashMap<RequestId, usize>>,
    taken: tokio::sync::Notify,
}

impl Pacing {
    pub(super) fn start(&self) {
        self.on.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Waits until read `id` may send another batch.
    async fn room(&self, id: RequestId) {
        if !self.on.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        loop {
            let taken = self.taken.notified();
            tokio::pin!(taken);
            taken.as_mut().enable();
            if lock(&self.ahead).get(&id).copied().unwrap_or(0) < BATCHES_AHEAD {
                return;
            }
            taken.await;
        }
    }

    fn sent(&self, id: RequestId) {
        if self.on.load(std::sync::atomic::Ordering::Relaxed) {
            *lock(&self.ahead).entry(id).or_default() += 1;
        }
    }

    pub(super) fn taken(&self, id: RequestId) {
        if let Some(ahead) = lock(&self.ahead).get_mut(&id) {
            *ahead = ahead.saturating_sub(1);
        }
        self.taken.notify_waiters();
    }

    fn done(&self, id: RequestId) {
        lock(&self.ahead).remove(&id);
    }
}
