//! The sandbox's times: read from the seed relative to when the sandbox
//! started (`now-3d`), so a demo always shows "3d ago" and "in 4d" whatever the
//! day, and written as API Platform formats a `DateTimeImmutable`.

use jiff::{SignedDuration, Timestamp};

/// How a time goes on the wire: `2026-11-02T09:30:00+00:00`.
pub fn format(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

/// `at` moved by `by`, held at the ends of time rather than overflowing.
pub fn shift(at: Timestamp, by: SignedDuration) -> Timestamp {
    at.checked_add(by).unwrap_or(if by.is_negative() {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// A seed time: `now`, `now-3d`, `now+2d4h`, `now-10s` (units d, h, m, s) taken
/// from `start`, or an absolute RFC 3339 time.
pub fn resolve(raw: &str, start: Timestamp) -> Result<Timestamp, String> {
    let Some(offset) = raw.strip_prefix("now") else {
        return raw
            .parse::<Timestamp>()
            .map_err(|e| format!("{raw:?} is neither a time nor now±offset: {e}"));
    };
    if offset.is_empty() {
        return Ok(start);
    }
    let (sign, units) = match offset.split_at(1) {
        ("-", rest) => (-1, rest),
        ("+", rest) => (1, rest),
        _ => return Err(format!("{raw:?}: expected now-… or now+…")),
    };
    let seconds = offset_seconds(units)
        .ok_or_else(|| format!("{raw:?}: the offset is numbers with d, h, m or s (now-3d4h)"))?;
    start
        .checked_add(SignedDuration::from_secs(sign * seconds))
        .map_err(|e| format!("{raw:?}: {e}"))
}

fn offset_seconds(units: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in units.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let scale = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: i64 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(scale)?)?;
        number.clear();
    }
    (number.is_empty() && !units.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_times_are_taken_from_the_start() {
        let start: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        let at = |raw| format(resolve(raw, start).unwrap());
        assert_eq!(at("now"), "2026-12-01T12:00:00+00:00");
        assert_eq!(at("now-3d4h"), "2026-11-28T08:00:00+00:00");
        assert_eq!(at("now+10s"), "2026-12-01T12:00:10+00:00");
        assert_eq!(at("2026-11-02T09:30:00+00:00"), "2026-11-02T09:30:00+00:00");
        for bad in ["now-", "now-3", "now-3w", "now3d", "yesterday"] {
            assert!(resolve(bad, start).is_err(), "{bad}");
        }
    }
}
