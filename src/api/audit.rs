//! The audit trail: one JSON line per mutation in `audit.jsonl`, whatever became of it.

use std::io::Write;
use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use crate::text::blank_as_none;

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub time: Timestamp,
    pub profile: String,
    pub operator: String,
    pub method: String,
    pub path: String,
    /// The body sent, with anything that looks like a secret blanked.
    pub fields: Value,
    pub status: Option<u16>,
    pub outcome: String,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: PathBuf) -> Self {
        AuditLog { path }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub fn append(&self, entry: &AuditEntry) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::private::create_dir(dir)?;
        }
        let mut file = crate::private::open_append(&self.path)?;
        let line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        // The request id and path are the server's text, and the trail is read with
        // `tail -f`: remembered tokens are masked and terminal controls escaped here,
        // the one place every audit line passes.
        let line = crate::api::secret::scrub(&line);
        let mut line = crate::text::json_safe(&line).into_owned().into_bytes();
        line.push(b'\n');
        // One write call per line keeps concurrent appends from interleaving.
        file.write_all(&line)
    }
}

/// Who the trail names when a profile does not say: the login name from `$USER`,
/// else `$LOGNAME` (what POSIX login sets), else `$USERNAME` (Windows), else
/// "unknown". A blank variable counts as unset, so an entry never names nobody.
pub fn default_operator(env: &dyn Fn(&str) -> Option<String>) -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|name| env(name))
        .find_map(|value| blank_as_none(value.trim()).map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Blanks values whose key suggests a secret, at any depth.
pub fn scrub(value: &Value) -> Value {
    const SECRET_WORDS: [&str; 5] = ["token", "password", "secret", "authorization", "api-key"];
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let lower = key.to_ascii_lowercase();
                    if SECRET_WORDS.iter().any(|w| lower.contains(w)) {
                        (key.clone(), Value::String("[redacted]".into()))
                    } else {
                        (key.clone(), scrub(value))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(scrub).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_blanked_at_any_depth() {
        let body = json!({"name": "ci", "nested": [{"api_token": "abc", "x": 1}], "Password": "p"});
        assert_eq!(
            scrub(&body),
            json!({"name": "ci", "nested": [{"api_token": "[redacted]", "x": 1}], "Password": "[redacted]"})
        );
    }

    #[test]
    fn the_operator_is_the_first_login_name_set() {
        // $USER, $LOGNAME and $USERNAME, in that order.
        let pick = |user: Option<&str>, logname: Option<&str>, username: Option<&str>| {
            default_operator(&|name| {
                match name {
                    "USER" => user,
                    "LOGNAME" => logname,
                    "USERNAME" => username,
                    _ => None,
                }
                .map(str::to_owned)
            })
        };
        assert_eq!(pick(Some("u"), Some("lo"), Some("win")), "u");
        assert_eq!(pick(None, Some("lo"), Some("win")), "lo");
        assert_eq!(pick(None, None, Some(" win ")), "win");
        assert_eq!(pick(Some(" \t"), Some(""), Some("w")), "w");
        assert_eq!(pick(Some("  "), None, None), "unknown");
        assert_eq!(pick(None, None, None), "unknown");
    }
}
