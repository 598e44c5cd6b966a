//! A server's timestamp told relative to the console's wall clock: "3d ago",
//! "in 6d", "just now", as lists and detail views show `Source::Ago` fields and
//! the approvals queue says when a change was asked.

use jiff::Timestamp;

use crate::api::value::Value;

/// "45s", "5m", "3h", "3d": coarse on purpose, so a list changes rarely.
pub fn span(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

/// "5m", "3h", "7d" to the nearest unit: an invitation sent again a moment ago
/// expires "in 7d", not "in 6d" a second later.
fn nearest(secs: u64) -> String {
    let round = |unit: u64| (secs + unit / 2) / unit;
    match (round(60), round(3600)) {
        (minutes, _) if minutes < 60 => format!("{minutes}m"),
        (_, hours) if hours < 24 => format!("{hours}h"),
        _ => format!("{}d", round(86_400)),
    }
}

/// "5m ago" for a past instant, "in 6d" for a future one (an expiry), "just
/// now" within a minute either way.
pub fn relative(at: Timestamp, now: Timestamp) -> String {
    let secs = at.as_second().saturating_sub(now.as_second());
    let far = secs.unsigned_abs();
    match (far, secs > 0) {
        (0..=59, _) => "just now".to_owned(),
        (_, true) => format!("in {}", nearest(far)),
        (_, false) => format!("{} ago", nearest(far)),
    }
}

/// The instant a field holds: a time, or the server's text of one (RFC 3339,
/// with any offset); None for anything else, which is then shown as it is.
pub fn instant(value: &Value) -> Option<Timestamp> {
    match value {
        Value::Time(at) => Some(*at),
        other => other.as_text()?.trim().parse().ok(),
    }
}

/// A list cell of a timestamp: how long ago (or how soon); what it holds where
/// that is no instant; "-" for nothing.
pub fn cell(value: &Value, now: Timestamp) -> Option<String> {
    instant(value).map(|at| relative(at, now))
}

/// A detail line of a timestamp: the instant as the server gave it, then how
/// long ago it is, "2026-11-28T12:00:00Z (3d ago)".
pub fn detail(value: &Value, now: Timestamp) -> String {
    match instant(value) {
        Some(at) => format!("{} ({})", value.shown(), relative(at, now)),
        None => value.shown(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    #[test]
    fn past_and_future_instants_read_relative_to_now() {
        let now = at("2026-12-01T12:00:00Z");
        assert_eq!(relative(at("2026-11-28T12:00:00Z"), now), "3d ago");
        assert_eq!(relative(at("2026-12-07T12:00:00Z"), now), "in 6d");
        assert_eq!(relative(at("2026-12-01T11:55:00Z"), now), "5m ago");
        assert_eq!(relative(at("2026-12-01T14:20:00Z"), now), "in 2h");
        // To the nearest unit: a week less a few seconds is still a week.
        assert_eq!(relative(at("2026-12-08T11:59:50Z"), now), "in 7d");
        assert_eq!(relative(at("2026-12-01T12:59:50Z"), now), "in 1h");
        assert_eq!(relative(at("2026-12-02T11:50:00Z"), now), "in 1d");
        assert_eq!(relative(at("2026-12-01T11:59:30Z"), now), "just now");
        assert_eq!(relative(at("2026-12-01T12:00:20Z"), now), "just now");
    }

    #[test]
    fn the_servers_text_of_an_instant_is_read_with_its_offset() {
        let now = at("2026-12-01T12:00:00Z");
        let text = Value::Text("2026-12-01T13:00:00+02:00".into());
        assert_eq!(cell(&text, now).as_deref(), Some("1h ago"));
        assert_eq!(detail(&text, now), "2026-12-01T13:00:00+02:00 (1h ago)");
        assert_eq!(cell(&Value::Text("soon".into()), now), None);
        assert_eq!(detail(&Value::Empty, now), "-");
    }
}
