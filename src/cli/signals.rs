//! The signals that end orgdeck (SIGINT, SIGTERM, SIGHUP), for the console and the
//! headless commands alike: whatever ends the process, a write in flight leaves its
//! audit line, and the exit status says which signal it was (128 + its number).

/// A signal that asked the process to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    pub name: &'static str,
    /// 128 + the signal's number, as a shell reports a process the signal ended.
    pub exit_code: i32,
}

/// Listens from now on: a signal arriving before `next` is awaited is still seen.
/// Once listening, the signals no longer end the process by themselves.
pub struct Signals {
    #[cfg(unix)]
    streams: Option<[(tokio::signal::unix::Signal, Stop); 3]>,
}

impl Signals {
    /// Must be called inside the runtime.
    pub fn listen() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let stop = |name, number| Stop {
                name,
                exit_code: 128 + number,
            };
            let streams = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            ) {
                (Ok(int), Ok(term), Ok(hup)) => Some([
                    (int, stop("SIGINT", 2)),
                    (term, stop("SIGTERM", 15)),
                    (hup, stop("SIGHUP", 1)),
                ]),
                _ => None,
            };
            Signals { streams }
        }
        #[cfg(not(unix))]
        Signals {}
    }

    /// The next signal; never, where signals cannot be listened to.
    pub async fn next(&mut self) -> Stop {
        #[cfg(unix)]
        if let Some([(int, i), (term, t), (hup, h)]) = &mut self.streams {
            return tokio::select! {
                _ = int.recv() => *i,
                _ = term.recv() => *t,
                _ = hup.recv() => *h,
            };
        }
        std::future::pending().await
    }
}
