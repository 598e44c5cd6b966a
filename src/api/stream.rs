//! A long list decoded as its body arrives, so the body is never held whole and
//! memory follows the rows, not the bytes.
//!
//! `JsonArrayRows` reads a JSON array under a key (`{"users": [...]}`, other keys
//! before or after it skipped) or a bare `[...]`, and hands the bytes from each
//! element's start to a per-row decode until it says the element is whole. It keeps only the bytes of
//! the element not yet complete. Each element is parsed once, by the row's own
//! typed decode reading from the bytes buffered so far ([`leading`]): an EOF means
//! "wait for more", and serde_json says where the element ended. Finding the end
//! first and decoding after parsed every element twice; that first pass was 17 ms
//! of the 93 ms a 100k-user body took (`benches/stream.rs`). The values of other
//! keys, which are not decoded, are skipped by a byte scan.

use serde::Deserialize;

use super::model::Reply;

pub const DEFAULT_MAX_ROWS: u64 = 10_000_000;
pub const DEFAULT_MAX_ROW_BYTES: u64 = 1 << 20;

/// What a streamed list may hold before it is refused: bounds no real tenant
/// reaches by accident, in place of a cap on the whole body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLimits {
    /// Most rows in one list (profile key `max_rows`).
    pub max_rows: u64,
    /// Most bytes of one row's JSON (profile key `max_row_bytes`).
    pub max_row_bytes: u64,
}

impl Default for RowLimits {
    fn default() -> Self {
        RowLimits {
            max_rows: DEFAULT_MAX_ROWS,
            max_row_bytes: DEFAULT_MAX_ROW_BYTES,
        }
    }
}

/// Why a streamed list could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFault {
    /// The body is not the list expected, or an element does not decode: the
    /// decoder's own message with where it is.
    Garbled(String),
    /// The body ended before the list did.
    EndedEarly(String),
    TooManyRows {
        limit: u64,
    },
    /// Row `row` (counting from 1) is longer than `limit` bytes.
    RowTooLarge {
        limit: u64,
        row: u64,
    },
}

/// Rows decoded from a body fed to it as it arrives.
pub trait RowStream: Send {
    /// The next bytes of the body.
    fn feed(&mut self, bytes: &[u8]) -> Result<(), RowFault>;
    /// How many decoded rows wait to be taken.
    fn ready(&self) -> usize;
    /// The rows decoded since the last take, `None` when there are none.
    fn take(&mut self) -> Option<Reply>;
    /// The body has ended: how many rows the list held, or why it was not one
    /// whole list.
    fn finish(&mut self) -> Result<u64, RowFault>;
}

/// Where the reading of the document stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the first `[` or `{`.
    Open,
    /// In the enclosing object, before a key (`first`: right after its `{`).
    Key { first: bool },
    /// After a key, before its `:` (`wanted`: the key of the list).
    Colon { wanted: bool },
    /// After the list's key and `:`, before its `[`.
    ListOpen,
    /// Skipping the value of another key.
    OtherValue,
    /// After a value in the enclosing object: `,` or `}`.
    AfterValue,
    /// In the list, before an element (`first`: right after its `[`, where a `]`
    /// may close it).
    ElementStart { first: bool },
    /// Reading an element that started at `start`.
    Element,
    /// After an element: `,` or `]`.
    AfterElement,
    /// The document is closed: only whitespace may follow.
    Done,
}

/// Where a scan through a value stands between chunks.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    depth: u32,
    in_string: bool,
    /// The last byte seen was a backslash inside a string.
    escaped: bool,
}

/// How a row is decoded from the bytes in hand, which start with its element:
/// the row and how many bytes it took, `None` when the element goes on past
/// them, or the decoder's message.
pub type LeadingDecode<T> = fn(&[u8]) -> Result<Option<(T, usize)>, String>;

/// The value `bytes` start with, as `W`, and how many bytes it took; `None` when
/// it goes on past them. A value the bytes end right after is not taken: a
/// number could go on in the next chunk, so it waits for the byte after it.
pub fn leading<'de, W: Deserialize<'de>>(bytes: &'de [u8]) -> Result<Option<(W, usize)>, String> {
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<W>();
    match values.next() {
        Some(Ok(_)) if values.byte_offset() >= bytes.len() => Ok(None),
        Some(Ok(value)) => Ok(Some((value, values.byte_offset()))),
        Some(Err(err)) if err.is_eof() => Ok(None),
        Some(Err(err)) => Err(err.to_string()),
        None => Ok(None),
    }
}

/// A JSON array of rows, each decoded by `decode` from its element's bytes.
pub struct JsonArrayRows<T> {
    key: &'static str,
    decode: LeadingDecode<T>,
    wrap: fn(Vec<T>) -> Reply,
    limits: RowLimits,
    /// The bytes not yet used up; `buf[at..]` is not yet scanned.
    buf: Vec<u8>,
    at: usize,
    /// Where the element or key being read starts in `buf`.
    start: usize,
    /// Bytes of the body dropped from the front of `buf`, for positions.
    dropped: u64,
    phase: Phase,
    keyed: bool,
    found: bool,
    scan: Scan,
    decoded: Vec<T>,
    rows: u64,
}

impl<T> JsonArrayRows<T> {
    /// The rows of the array under `key` (or of a bare array), each decoded with
    /// `decode` and handed out as `wrap` of a batch.
    pub fn new(
        key: &'static str,
        decode: LeadingDecode<T>,
        wrap: fn(Vec<T>) -> Reply,
        limits: RowLimits,
    ) -> Self {
        JsonArrayRows {
            key,
            decode,
            wrap,
            limits,
            buf: Vec::new(),
            at: 0,
            start: 0,
            dropped: 0,
            phase: Phase::Open,
            keyed: false,
            found: false,
            scan: Scan::default(),
            decoded: Vec::new(),
            rows: 0,
        }
    }

    /// The bytes fed so far, decoded as far as they go.
    fn run(&mut self) -> Result<(), RowFault> {
        while self.step()? {}
        Ok(())
    }

    /// One step of the reading; `false` when it needs more bytes.
    fn step(&mut self) -> Result<bool, RowFault> {
        if self.phase == Phase::Element {
            return self.element();
        }
        if self.phase == Phase::AfterElement {
            return self.after_element();
        }
        if self.phase == Phase::OtherValue {
            return self.other_value();
        }
        self.at = skip_whitespace(&self.buf, self.at);
        let Some(&byte) = self.buf.get(self.at) else {
            return Ok(false);
        };
        let next = match (self.phase, byte) {
            (Phase::Open, b'[') => Phase::ElementStart { first: true },
            (Phase::Open, b'{') => {
                self.keyed = true;
                Phase::Key { first: true }
            }
            (Phase::Key { .. }, b'"') => {
                let Some(wanted) = self.key_end() else {
                    return Ok(false);
                };
                self.phase = Phase::Colon { wanted };
                return Ok(true);
            }
            (Phase::Key { first: true }, b'}') => {
                return Err(self.garbled(format!("the answer holds no `{}` list", self.key)));
            }
            (Phase::Colon { wanted: true }, b':') => Phase::ListOpen,
            (Phase::Colon { wanted: false }, b':') => {
                self.scan = Scan::default();
                self.at += 1;
                self.phase = Phase::OtherValue;
                return Ok(true);
            }
            (Phase::ListOpen, b'[') => {
                self.found = true;
                Phase::ElementStart { first: true }
            }
            (Phase::ListOpen, _) => {
                return Err(self.garbled(format!("`{}` is not a list", self.key)));
            }
            (Phase::AfterValue, b',') => Phase::Key { first: false },
            (Phase::AfterValue, b'}') if self.found => Phase::Done,
            (Phase::AfterValue, b'}') => {
                return Err(self.garbled(format!("the answer holds no `{}` list", self.key)));
            }
            (Phase::ElementStart { first: true }, b']') => self.list_closed(),
            (Phase::ElementStart { .. }, _) => {
                self.start = self.at;
                self.scan = Scan::default();
                self.phase = Phase::Element;
                return Ok(true);
            }
            (phase, byte) => return Err(self.unexpected(phase, byte)),
        };
        self.at += 1;
        self.phase = next;
        Ok(true)
    }

    /// After the key's closing quote, or `None` when it has not all arrived:
    /// whether it is the list's key. Leaves `at` after the key.
    fn key_end(&mut self) -> Option<bool> {
        let from = self.at + 1;
        let mut scan = Scan {
            in_string: true,
            ..Scan::default()
        };
        let end = scan_string(&self.buf, from, &mut scan)?;
        self.at = end + 1;
        Some(self.buf.get(from..end) == Some(self.key.as_bytes()))
    }

    fn list_closed(&mut self) -> Phase {
        if self.keyed {
            Phase::AfterValue
        } else {
            Phase::Done
        }
    }

    /// Decodes the element in hand once it has all arrived.
    fn element(&mut self) -> Result<bool, RowFault> {
        let rest = &self.buf[self.start..];
        let (row, used) = match (self.decode)(rest) {
            Ok(Some(decoded)) => decoded,
            Ok(None) => return self.wait_for_element(),
            Err(cause) => {
                // A value cut by the end of the bytes in hand (a number, say) can
                // read as garbled rather than as an EOF: only an element whose end
                // has arrived is.
                let (mut at, mut scan) = (self.start, Scan::default());
                if scan_value(&self.buf, &mut at, &mut scan).is_none() {
                    return self.wait_for_element();
                }
                return Err(self.in_element(cause));
            }
        };
        if used as u64 > self.limits.max_row_bytes {
            return Err(self.row_too_large());
        }
        if self.rows >= self.limits.max_rows {
            return Err(RowFault::TooManyRows {
                limit: self.limits.max_rows,
            });
        }
        self.decoded.push(row);
        self.rows += 1;
        self.at = self.start + used;
        self.phase = Phase::AfterElement;
        Ok(true)
    }

    fn wait_for_element(&self) -> Result<bool, RowFault> {
        if (self.buf.len() - self.start) as u64 > self.limits.max_row_bytes {
            return Err(self.row_too_large());
        }
        Ok(false)
    }

    /// The `,` or `]` after the element just decoded.
    fn after_element(&mut self) -> Result<bool, RowFault> {
        self.at = skip_whitespace(&self.buf, self.at);
        let Some(&after) = self.buf.get(self.at) else {
            return Ok(false);
        };
        self.phase = match after {
            b',' => Phase::ElementStart { first: false },
            b']' => self.list_closed(),
            byte => {
                let found = shown_byte(byte);
                let cause = format!("expected `,` or `]` but found {found} after it");
                return Err(element_fault(self.rows, cause));
            }
        };
        self.at += 1;
        Ok(true)
    }

    /// The element being read is garbled.
    fn in_element(&self, cause: String) -> RowFault {
        element_fault(self.rows + 1, cause)
    }

    fn row_too_large(&self) -> RowFault {
        RowFault::RowTooLarge {
            limit: self.limits.max_row_bytes,
            row: self.rows + 1,
        }
    }

    /// Scans past another key's value; its bytes are not kept.
    fn other_value(&mut self) -> Result<bool, RowFault> {
        let Some(stop) = scan_value(&self.buf, &mut self.at, &mut self.scan) else {
            return Ok(false);
        };
        self.at = stop;
        self.phase = Phase::AfterValue;
        Ok(true)
    }

    /// Drops the bytes no longer needed from the front of the buffer.
    fn compact(&mut self) {
        let keep_from = match self.phase {
            Phase::Element => self.start,
            _ => self.at,
        };
        if keep_from == 0 {
            return;
        }
        self.buf.drain(..keep_from);
        self.dropped += keep_from as u64;
        self.at -= keep_from;
        self.start = self.start.saturating_sub(keep_from);
    }

    fn garbled(&self, what: String) -> RowFault {
        RowFault::Garbled(format!(
            "{what} (byte {} of the answer)",
            self.dropped + self.at as u64
        ))
    }

    fn unexpected(&self, phase: Phase, byte: u8) -> RowFault {
        let expected = match phase {
            Phase::Open => "`[` or `{`".to_owned(),
            Phase::Key { first: true } => "a key or `}`".to_owned(),
            Phase::Key { first: false } => "a key".to_owned(),
            Phase::Colon { .. } => "`:`".to_owned(),
            Phase::AfterValue => "`,` or `}`".to_owned(),
            Phase::Element | Phase::AfterElement | Phase::ElementStart { .. } => {
                "`,` or `]`".to_owned()
            }
            Phase::ListOpen | Phase::OtherValue => "a value".to_owned(),
            Phase::Done => "nothing more".to_owned(),
        };
        self.garbled(format!(
            "expected {expected} but found {}",
            shown_byte(byte)
        ))
    }
}

impl<T: Send> RowStream for JsonArrayRows<T> {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), RowFault> {
        self.buf.extend_from_slice(bytes);
        let ran = self.run();
        self.compact();
        ran
    }

    fn ready(&self) -> usize {
        self.decoded.len()
    }

    fn take(&mut self) -> Option<Reply> {
        if self.decoded.is_empty() {
            return None;
        }
        Some((self.wrap)(std::mem::take(&mut self.decoded)))
    }

    fn finish(&mut self) -> Result<u64, RowFault> {
        self.run()?;
        if self.phase == Phase::Done {
            return Ok(self.rows);
        }
        let at = self.dropped + self.buf.len() as u64;
        Err(RowFault::EndedEarly(if self.found || !self.keyed {
            format!(
                "the answer ended {at} bytes in, part way through the list ({} whole rows)",
                grouped(self.rows)
            )
        } else {
            format!(
                "the answer ended {at} bytes in, before its `{}` list was whole",
                self.key
            )
        }))
    }
}

/// Scans a value from `at` until, outside any string and nesting, a `,`, `]` or
/// `}` ends it: where that byte is, or `None` (with `at` at the end) when the
/// value goes on past the bytes in hand. One pass, a byte at a time: a user's
/// strings are short, so calling memchr for each cost more than it saved.
fn scan_value(buf: &[u8], at: &mut usize, scan: &mut Scan) -> Option<usize> {
    let mut place = *at;
    if scan.escaped {
        if place >= buf.len() {
            return None;
        }
        scan.escaped = false;
        place += 1;
    }
    while let Some(&byte) = buf.get(place) {
        if scan.in_string {
            match byte {
                b'"' => scan.in_string = false,
                b'\\' if place + 1 >= buf.len() => {
                    scan.escaped = true;
                    break;
                }
                b'\\' => place += 1,
                _ => {}
            }
        } else {
            match byte {
                b'"' => scan.in_string = true,
                b'{' | b'[' => scan.depth += 1,
                b'}' | b']' if scan.depth > 0 => scan.depth -= 1,
                b',' | b'}' | b']' if scan.depth == 0 => {
                    *at = place;
                    return Some(place);
                }
                _ => {}
            }
        }
        place += 1;
    }
    *at = buf.len();
    None
}

/// The closing quote of a string whose inside starts at `from`, or `None` when it
/// has not all arrived (`scan.escaped` then says whether a backslash was last).
fn scan_string(buf: &[u8], mut from: usize, scan: &mut Scan) -> Option<usize> {
    if scan.escaped {
        if from >= buf.len() {
            return None;
        }
        scan.escaped = false;
        from += 1;
    }
    loop {
        let found = from + memchr::memchr2(b'"', b'\\', buf.get(from..)?)?;
        if buf[found] == b'"' {
            scan.in_string = false;
            return Some(found);
        }
        if found + 1 >= buf.len() {
            scan.escaped = true;
            return None;
        }
        from = found + 2;
    }
}

fn skip_whitespace(buf: &[u8], mut at: usize) -> usize {
    while buf.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

fn shown_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", byte as char)
    } else {
        format!("byte 0x{byte:02x}")
    }
}

/// Element `number` (counting from 1) is garbled, for `cause`.
fn element_fault(number: u64, cause: String) -> RowFault {
    RowFault::Garbled(format!("element {} of the list: {cause}", grouped(number)))
}

/// 4512 as "4,512".
fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (place, digit) in digits.chars().enumerate() {
        if place > 0 && (digits.len() - place).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
