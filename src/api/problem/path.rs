//! Field paths into a request body and the spelling-insensitive comparison of
//! field names.

use std::fmt;

use serde::{Serialize, Serializer};

use super::text::clean;

/// Longest raw path text looked at; the rest is ignored.
const RAW_MAX_BYTES: usize = 1000;
/// Most segments kept in one path.
const SEGMENTS_MAX: usize = 32;
/// Longest key kept, in characters.
const KEY_MAX_CHARS: usize = 200;

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// An object member, as the server spelled it.
    Key(String),
    /// An array position.
    Index(usize),
}

/// A normalised path into a request body: `domains[5]`, `owners[0].email`.
///
/// Built by [`FieldPath::parse`] from any of the notations servers use; shown
/// (and serialised) in one form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    /// Accepts `a.b`, `a[0].b`, `a["x.y"]`, `/a/0/b`, `#/a/0/b` (percent-encoded),
    /// `a/0`, `$.a.b`, with RFC 6901 escapes `~0` and `~1` in the pointer forms.
    /// Never fails: text that is no path becomes a one-key path, blank text the
    /// empty path.
    pub fn parse(raw: &str) -> FieldPath {
        let raw = truncate_bytes(raw, RAW_MAX_BYTES).trim();
        let mut segments = if let Some(fragment) = raw.strip_prefix('#') {
            let decoded = percent_decode(fragment);
            let decoded = decoded.trim();
            if decoded.starts_with('/') {
                pointer(decoded)
            } else {
                dotted(decoded)
            }
        } else if raw.starts_with('/') {
            pointer(raw)
        } else if raw == "$" {
            Vec::new()
        } else {
            let raw = match raw.strip_prefix("$.") {
                Some(rest) => rest,
                None if raw.starts_with("$[") => &raw[1..],
                None => raw,
            };
            if raw.contains(['.', '[']) || !raw.contains('/') {
                dotted(raw)
            } else {
                pointer(raw)
            }
        };
        segments.truncate(SEGMENTS_MAX);
        FieldPath { segments }
    }

    /// A path from a JSON array such as `["owners", 0, "email"]` (Zod `path`,
    /// FastAPI `loc`). Elements that are neither strings nor indexes are skipped.
    pub(crate) fn from_json_array(items: &[serde_json::Value]) -> FieldPath {
        let mut segments = Vec::new();
        for item in items.iter().take(SEGMENTS_MAX) {
            match item {
                serde_json::Value::String(key) => push_key(&mut segments, key),
                serde_json::Value::Number(n) => {
                    if let Some(i) = n.as_u64().and_then(|i| usize::try_from(i).ok()) {
                        segments.push(Segment::Index(i));
                    }
                }
                _ => {}
            }
        }
        FieldPath { segments }
    }

    pub(crate) fn from_segments(mut segments: Vec<Segment>) -> FieldPath {
        segments.truncate(SEGMENTS_MAX);
        FieldPath { segments }
    }

    /// The steps of the path, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The first key as written, e.g. `"domains"`; `None` when the path is empty
    /// or starts with an index.
    pub fn root(&self) -> Option<&str> {
        match self.segments.first() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// The index directly after the root: which entry of the root input is wrong.
    pub fn index(&self) -> Option<usize> {
        match self.segments.as_slice() {
            [Segment::Key(_), Segment::Index(i), ..] => Some(*i),
            _ => None,
        }
    }

    /// Whether the root is `field` under another spelling ([`field_key`]).
    pub fn names_field(&self, field: &str) -> bool {
        self.root()
            .is_some_and(|root| field_key(root) == field_key(field))
    }

    /// This path with its first segment spelled `root` instead.
    pub(crate) fn with_root(&self, root: &str) -> FieldPath {
        let mut segments = self.segments.clone();
        if let Some(first) = segments.first_mut() {
            *first = Segment::Key(root.to_owned());
        }
        FieldPath { segments }
    }

    /// `self` followed by `rest`.
    pub(crate) fn join(&self, rest: &FieldPath) -> FieldPath {
        let mut segments = self.segments.clone();
        segments.extend(rest.segments.iter().cloned());
        FieldPath::from_segments(segments)
    }

    /// Drops JSON:API's `/data/attributes/` (or `/data/relationships/`) prefix.
    pub(crate) fn without_jsonapi_prefix(self) -> FieldPath {
        match self.segments.as_slice() {
            [Segment::Key(data), Segment::Key(kind), _, ..]
                if data == "data" && (kind == "attributes" || kind == "relationships") =>
            {
                FieldPath {
                    segments: self.segments[2..].to_vec(),
                }
            }
            _ => self,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(key) if needs_quotes(key) => {
                    f.write_str("[\"")?;
                    for c in key.chars() {
                        if c == '"' || c == '\\' {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                    f.write_str("\"]")?;
                }
                Segment::Key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
            }
        }
        Ok(())
    }
}

/// Serialised as its display form, `"owners[0].email"`.
impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn needs_quotes(key: &str) -> bool {
    key.is_empty()
        || key.starts_with(['$', '#'])
        || key.bytes().all(|b| b.is_ascii_digit())
        || key
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '.' | '[' | ']' | '/' | '"' | '\'' | '\\'))
}

fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_index(s: &str) -> Option<usize> {
    let canonical = s == "0" || (!s.starts_with('0') && !s.is_empty());
    if canonical && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Adds a key, cleaned of control characters and bounded; blank keys are skipped.
fn push_key(segments: &mut Vec<Segment>, key: &str) {
    let key = clean(key, KEY_MAX_CHARS);
    if !key.is_empty() {
        segments.push(Segment::Key(key));
    }
}

/// A dotted or bracketed step: digits are an index, anything else a key.
fn push_step(segments: &mut Vec<Segment>, step: &str) {
    match is_index(step.trim()) {
        Some(i) => segments.push(Segment::Index(i)),
        None => push_key(segments, step),
    }
}

/// `/a/0/b` or `a/0/b`, RFC 6901 escapes undone.
fn pointer(s: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in s.split('/') {
        if segments.len() >= SEGMENTS_MAX {
            break;
        }
        if part.is_empty() {
            continue;
        }
        let part = part.replace("~1", "/").replace("~0", "~");
        push_step(&mut segments, &part);
    }
    segments
}

/// `a.b`, `a[0].b`, `a["x.y"]`, `a['x']`.
fn dotted(s: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut key = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if segments.len() >= SEGMENTS_MAX {
            break;
        }
        match c {
            '.' => {
                push_step(&mut segments, &key);
                key.clear();
            }
            '[' => {
                push_step(&mut segments, &key);
                key.clear();
                match chars.peek() {
                    Some(&quote @ ('"' | '\'')) => {
                        chars.next();
                        let mut quoted = String::new();
                        while let Some(c) = chars.next() {
                            match c {
                                '\\' => {
                                    if let Some(escaped) = chars.next() {
                                        quoted.push(escaped);
                                    }
                                }
                                c if c == quote => break,
                                c => quoted.push(c),
                            }
                        }
                        // Skip to the closing bracket.
                        for c in chars.by_ref() {
                            if c == ']' {
                                break;
                            }
                        }
                        push_key(&mut segments, &quoted);
                    }
                    _ => {
                        let mut inner = String::new();
                        for c in chars.by_ref() {
                            if c == ']' {
                                break;
                            }
                            inner.push(c);
                        }
                        push_step(&mut segments, &inner);
                    }
                }
            }
            c => key.push(c),
        }
    }
    push_step(&mut segments, &key);
    segments.truncate(SEGMENTS_MAX);
    segments
}

/// Canonical spelling for comparing field names: `display-name`, `display_name`,
/// `displayName`, `DisplayName` and `display name` all give `"displayname"`.
pub fn field_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Crude English singular, good enough to tie `domain` to `domains`.
pub(crate) fn stem(word: &str) -> String {
    let n = word.len();
    if n > 4 && word.ends_with("ies") {
        format!("{}y", &word[..n - 3])
    } else if n > 4
        && (word.ends_with("sses")
            || word.ends_with("xes")
            || word.ends_with("ches")
            || word.ends_with("shes"))
    {
        word[..n - 2].to_owned()
    } else if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word[..n - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// Whether two field names are the same field, allowing another spelling and
/// singular/plural (`domain` and `domains`).
pub(crate) fn same_field(a: &str, b: &str) -> bool {
    let (a, b) = (field_key(a), field_key(b));
    !a.is_empty() && (a == b || stem(&a) == stem(&b))
}

/// Lower-case words, split at non-alphanumerics and camelCase humps:
/// `"ownerId: x"` → `owner id x`.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && !word.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut word));
            }
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The one field of `fields` that `message` names, word by word and allowing
/// singular/plural (`domain acme.com is used` names `domains`, `display name`
/// names `display-name`). `None` when it names none or several; a name inside a
/// longer one (`name` in `last name`) does not count.
pub(crate) fn mentioned_field<'a>(message: &str, fields: &[&'a str]) -> Option<&'a str> {
    let text: Vec<String> = words(message).iter().map(|w| stem(w)).collect();
    if text.is_empty() {
        return None;
    }
    // (start, end, field index)
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let raw_words = words(field);
        let wanted: Vec<String> = raw_words.iter().map(|w| stem(w)).collect();
        if wanted.is_empty() || wanted.len() > text.len() {
            continue;
        }
        for start in 0..=text.len() - wanted.len() {
            if text[start..start + wanted.len()] == wanted[..] {
                hits.push((start, start + wanted.len(), index));
            }
        }
        if raw_words.len() > 1 {
            let joined = stem(&raw_words.concat());
            for (i, w) in text.iter().enumerate() {
                if *w == joined {
                    hits.push((i, i + 1, index));
                }
            }
        }
    }
    let kept: Vec<&(usize, usize, usize)> = hits
        .iter()
        .filter(|(s, e, f)| {
            !hits
                .iter()
                .any(|(s2, e2, f2)| f2 != f && s2 <= s && e <= e2 && (e2 - s2) > (e - s))
        })
        .collect();
    let first = kept.first()?.2;
    let same = |i: usize| field_key(fields[i]) == field_key(fields[first]);
    if kept.iter().all(|(_, _, f)| same(*f)) {
        Some(fields[first])
    } else {
        None
    }
}
