//! Long lists answered as the client reads them. A list of a million rows is a
//! quarter of a gigabyte of JSON: serialized whole it doubled the sandbox's memory
//! and kept the first byte back until the last one was written. Here the answer is
//! written a piece at a time from a snapshot of the list, each piece only when the
//! connection asks for the next one, so a slow reader makes the sandbox hold its
//! snapshot and one piece, never the body, and holds no thread while it waits.

use std::ops::Deref;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use indexmap::IndexMap;
use serde::Serialize;

/// About how much JSON one piece of a streamed list carries.
pub const PIECE_BYTES: usize = 64 * 1024;

/// The most items one piece looks at: a filter that keeps few of many rows still
/// hands the runtime back between pieces instead of scanning the whole list at once.
const SCAN_PER_PIECE: usize = 16 * 1024;

/// Data a long read takes a snapshot of. Cloning the snapshot is one reference count;
/// a write while a snapshot is out copies the data first (`edit`), so a write never
/// waits for a slow reader and a reader never sees half a write.
#[derive(Debug, Default)]
pub struct Snapshotted<T>(Arc<T>);

impl<T: Clone> Snapshotted<T> {
    pub fn new(data: T) -> Self {
        Snapshotted(Arc::new(data))
    }

    /// The data as it is now, for as long as the holder needs it.
    pub fn snapshot(&self) -> Arc<T> {
        Arc::clone(&self.0)
    }

    /// The data to change: copied first if a snapshot of it is still being read.
    pub fn edit(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> Deref for Snapshotted<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A list a streamed answer is read from, item by item in order.
pub trait Listed: Send + Sync + 'static {
    type Item: Serialize;

    /// The item at `index`, `None` past the end.
    fn item(&self, index: usize) -> Option<&Self::Item>;
}

impl<K: Send + Sync + 'static, V: Serialize + Send + Sync + 'static> Listed for IndexMap<K, V> {
    type Item = V;

    fn item(&self, index: usize) -> Option<&V> {
        self.get_index(index).map(|(_, value)| value)
    }
}

impl<T: Serialize + Send + Sync + 'static> Listed for Vec<T> {
    type Item = T;

    fn item(&self, index: usize) -> Option<&T> {
        self.get(index)
    }
}

/// `{"<key>":[...]}` of the items of `items` that `wanted` keeps, as `application/json`,
/// byte for byte what `serde_json::to_vec` makes of the same object.
pub fn json_list<L: Listed>(
    key: &str,
    items: Arc<L>,
    wanted: impl Fn(&L::Item) -> bool + Send + 'static,
) -> Response {
    let pieces = Pieces::new(key, items, wanted);
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from_stream(pieces.into_stream()),
    )
        .into_response()
}

/// Where a streamed list stands: the next item to look at, and whether any went out.
struct Pieces<L, F> {
    items: Arc<L>,
    wanted: F,
    head: Option<Vec<u8>>,
    next: usize,
    written_any: bool,
    finished: bool,
}

impl<L: Listed, F: Fn(&L::Item) -> bool + Send + 'static> Pieces<L, F> {
    fn new(key: &str, items: Arc<L>, wanted: F) -> Self {
        let mut head = b"{".to_vec();
        // A string always encodes; the fallback only keeps this free of a panic.
        head.extend(serde_json::to_vec(key).unwrap_or_else(|_| b"\"\"".to_vec()));
        head.extend_from_slice(b":[");
        Pieces {
            items,
            wanted,
            head: Some(head),
            next: 0,
            written_any: false,
            finished: false,
        }
    }

    /// The next piece: `Ok(None)` once the list is closed, an empty piece when the
    /// items looked at this time were all filtered out.
    fn next_piece(&mut self) -> Result<Option<Bytes>, serde_json::Error> {
        if self.finished {
            return Ok(None);
        }
        let mut out = self.head.take().unwrap_or_default();
        out.reserve(PIECE_BYTES + PIECE_BYTES / 8);
        let stop = self.next.saturating_add(SCAN_PER_PIECE);
        while out.len() < PIECE_BYTES && self.next < stop {
            let Some(item) = self.items.item(self.next) else {
                out.extend_from_slice(b"]}");
                self.finished = true;
                break;
            };
            self.next += 1;
            if !(self.wanted)(item) {
                continue;
            }
            if self.written_any {
                out.push(b',');
            }
            self.written_any = true;
            serde_json::to_writer(&mut out, item)?;
        }
        Ok(Some(Bytes::from(out)))
    }

    fn into_stream(
        self,
    ) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        futures_util::stream::unfold(self, |mut pieces| async move {
            loop {
                match pieces.next_piece() {
                    Ok(None) => return None,
                    Ok(Some(piece)) if piece.is_empty() => tokio::task::yield_now().await,
                    Ok(Some(piece)) => return Some((Ok(piece), pieces)),
                    Err(err) => {
                        // The head is out, so no error answer can follow: the client
                        // sees a cut connection, and the log says why.
                        tracing::error!(cause = %err, "sandbox: a list item did not encode");
                        pieces.finished = true;
                        return Some((Err(std::io::Error::other(err)), pieces));
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[derive(Serialize, Clone)]
    struct Row {
        id: usize,
        name: String,
    }

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|id| Row {
                id,
                name: format!("row \"{id}\" ünïcode"),
            })
            .collect()
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        #[serde(rename = "the-rows")]
        rows: Vec<&'a Row>,
    }

    /// The whole answer and the size of each of its pieces.
    async fn streamed(rows: Vec<Row>, wanted: fn(&Row) -> bool) -> (Vec<u8>, Vec<usize>) {
        let pieces = Pieces::new("the-rows", Arc::new(rows), wanted);
        let chunks: Vec<Bytes> = pieces
            .into_stream()
            .map(|piece| piece.expect("encodes"))
            .collect()
            .await;
        let sizes = chunks.iter().map(Bytes::len).collect();
        (chunks.concat(), sizes)
    }

    #[tokio::test]
    async fn the_streamed_list_is_byte_for_byte_the_serialized_one() {
        for (n, wanted) in [
            (0, (|_| true) as fn(&Row) -> bool),
            (1, |_| true),
            (20_000, |_| true),
            (20_000, |row| row.id % 7 == 3),
            (20_000, |_| false),
        ] {
            let all = rows(n);
            let whole = serde_json::to_vec(&Whole {
                rows: all.iter().filter(|r| wanted(r)).collect(),
            })
            .unwrap();
            let (bytes, _) = streamed(all, wanted).await;
            assert_eq!(bytes, whole, "{n} rows");
        }
    }

    #[tokio::test]
    async fn a_long_list_leaves_in_pieces_of_bounded_size() {
        let (bytes, sizes) = streamed(rows(50_000), |_| true).await;
        assert!(bytes.len() > 10 * PIECE_BYTES, "{} bytes", bytes.len());
        // A piece closes after the item that filled it, and one row is under 100 bytes.
        assert!(sizes.iter().all(|s| *s < PIECE_BYTES + 100), "{sizes:?}");
        assert!(sizes.len() > 10, "{sizes:?}");
    }

    #[test]
    fn an_edit_while_a_snapshot_is_out_leaves_the_snapshot_as_it_was() {
        let mut list = Snapshotted::new(vec![1, 2, 3]);
        let before = list.snapshot();
        list.edit().push(4);
        assert_eq!(*before, vec![1, 2, 3]);
        assert_eq!(*list, vec![1, 2, 3, 4]);
        drop(before);
        let data = Arc::as_ptr(&list.snapshot());
        list.edit().push(5);
        assert_eq!(
            Arc::as_ptr(&list.snapshot()),
            data,
            "copied without a reader"
        );
    }
}
