//! Reads waiting out a long `Retry-After`: counted down in the status line while
//! they wait, and stopped with Esc through the request's own cancel.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::api::client::RequestId;

use super::Dispatch;

/// A wait shorter than this passes before anyone could read a countdown.
pub const COUNTDOWN_FROM: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
struct Wait {
    until: Instant,
    cause: String,
}

/// The long waits under way, by tenant and request.
#[derive(Debug, Default)]
pub struct Waits {
    waits: HashMap<(usize, RequestId), Wait>,
}

impl Waits {
    /// A request is about to wait `wait` before trying again; short waits are
    /// not shown.
    pub fn retrying(
        &mut self,
        tenant: usize,
        id: RequestId,
        wait: Duration,
        cause: &str,
        now: Instant,
    ) -> bool {
        if wait <= COUNTDOWN_FROM {
            return self.waits.remove(&(tenant, id)).is_some();
        }
        let cause = crate::text::visible(cause).into_owned();
        self.waits.insert(
            (tenant, id),
            Wait {
                until: now + wait,
                cause,
            },
        );
        true
    }

    /// The request finished (or went away): nothing to count down any more.
    pub fn ended(&mut self, tenant: usize, id: RequestId) {
        self.waits.remove(&(tenant, id));
    }

    /// The longest wait still running, as the status line shows it.
    pub fn text(&self, now: Instant) -> Option<String> {
        let (left, wait) = self.longest(now)?;
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let length = crate::text::wait_length(secs);
        // The key first: on a narrow terminal the cause is what gets cut.
        Some(format!(
            "⏳ retrying in {length} as the server asks · Esc stops waiting · {}",
            wait.cause
        ))
    }

    /// When the countdown next shows another number; None when nothing waits.
    pub fn next_tick(&self, now: Instant) -> Option<Duration> {
        let (left, _) = self.longest(now)?;
        let to_next_second = Duration::from_nanos(u64::from(left.subsec_nanos()));
        Some(if to_next_second.is_zero() {
            Duration::from_secs(1).min(left)
        } else {
            to_next_second
        })
    }

    /// Whether a countdown is on screen.
    pub fn showing(&self, now: Instant) -> bool {
        self.longest(now).is_some()
    }

    /// Esc: cancels every waiting request; how many there were.
    pub fn stop(&mut self, now: Instant, io: &mut dyn Dispatch) -> usize {
        let waiting: Vec<(usize, RequestId)> = self
            .waits
            .iter()
            .filter(|(_, wait)| wait.until > now)
            .map(|(key, _)| *key)
            .collect();
        for (tenant, id) in &waiting {
            io.cancel(*tenant, *id);
        }
        self.waits.clear();
        waiting.len()
    }

    fn longest(&self, now: Instant) -> Option<(Duration, &Wait)> {
        self.waits
            .values()
            .filter(|wait| wait.until > now)
            .map(|wait| (wait.until - now, wait))
            .max_by_key(|(left, _)| *left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_shows_whole_seconds_left_and_ticks_at_each() {
        let start = Instant::now();
        let mut waits = Waits::default();
        assert!(!waits.retrying(0, 1, Duration::from_secs(1), "busy", start));
        assert_eq!(waits.text(start), None);
        assert_eq!(waits.next_tick(start), None);

        assert!(waits.retrying(0, 2, Duration::from_secs(90), "rate limited", start));
        let text = waits.text(start).unwrap();
        assert!(text.contains("retrying in 1m 30s"), "{text}");
        assert!(text.contains("rate limited"), "{text}");
        assert!(text.contains("Esc"), "{text}");
        let later = start + Duration::from_millis(30_250);
        assert!(waits.text(later).unwrap().contains("in 1m 00s"));
        assert_eq!(waits.next_tick(later), Some(Duration::from_millis(750)));
        // Once the time is up the retry is on its way: no countdown, no ticks.
        let after = start + Duration::from_secs(91);
        assert_eq!(waits.text(after), None);
        assert_eq!(waits.next_tick(after), None);
        waits.ended(0, 2);
        assert_eq!(waits.text(start), None);
    }

    #[test]
    fn server_text_in_the_cause_is_shown_not_obeyed() {
        let now = Instant::now();
        let mut waits = Waits::default();
        waits.retrying(0, 1, Duration::from_secs(9), "slow\x1b]0;owned\x07", now);
        assert!(!waits.text(now).unwrap().contains('\x1b'));
    }
}
