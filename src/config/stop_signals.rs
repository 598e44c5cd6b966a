//! The signals that end orgdeck, caught only while a token command runs.
//!
//! A token command runs in a process group of its own (so that its time limit can end
//! everything it started), which also means the terminal's Ctrl-C no longer reaches it.
//! Left alone, SIGINT/SIGTERM/SIGHUP would end orgdeck and leave the group running with
//! parent 1. So for the length of the run the signal is only recorded; the wait loop
//! ends the group, puts back whatever disposition was there before, and raises the
//! signal again, so orgdeck ends exactly as the signal would have ended it.

#[cfg(unix)]
mod imp {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicI32, Ordering};

    const CAUGHT_SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The first signal seen while a guard is held (0: none).
    static CAUGHT: AtomicI32 = AtomicI32::new(0);

    /// One guard at a time: the dispositions a guard saves must be the ones from
    /// before any guard, never another guard's handler.
    static HELD: Mutex<()> = Mutex::new(());

    extern "C" fn record(signal: libc::c_int) {
        // Only an atomic store: anything more is not async-signal-safe.
        let _ = CAUGHT.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// While alive, SIGINT, SIGTERM and SIGHUP are recorded instead of acted on.
    /// Dropping it restores the earlier dispositions and raises the recorded signal.
    pub struct StopSignals {
        saved: Vec<(libc::c_int, libc::sigaction)>,
        _held: std::sync::MutexGuard<'static, ()>,
    }

    impl StopSignals {
        pub fn catch() -> StopSignals {
            let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
            CAUGHT.store(0, Ordering::SeqCst);
            let mut saved = Vec::new();
            for signal in CAUGHT_SIGNALS {
                // SAFETY: sigaction with a zeroed, then filled, struct; `record` is
                // async-signal-safe (one atomic operation).
                unsafe {
                    let mut previous: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, std::ptr::null(), &mut previous) != 0 {
                        continue;
                    }
                    // An ignored signal stays ignored (orgdeck under nohup).
                    if previous.sa_sigaction == libc::SIG_IGN {
                        continue;
                    }
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = record as extern "C" fn(libc::c_int) as usize;
                    action.sa_flags = libc::SA_RESTART;
                    libc::sigemptyset(&mut action.sa_mask);
                    if libc::sigaction(signal, &action, &mut previous) == 0 {
                        saved.push((signal, previous));
                    }
                }
            }
            StopSignals { saved, _held: held }
        }

        /// The signal that arrived since [`StopSignals::catch`], with its name.
        pub fn caught(&self) -> Option<(libc::c_int, &'static str)> {
            match CAUGHT.load(Ordering::SeqCst) {
                0 => None,
                libc::SIGINT => Some((libc::SIGINT, "SIGINT")),
                libc::SIGTERM => Some((libc::SIGTERM, "SIGTERM")),
                signal => Some((signal, "SIGHUP")),
            }
        }
    }

    impl Drop for StopSignals {
        fn drop(&mut self) {
            for (signal, previous) in self.saved.drain(..) {
                // SAFETY: puts back the disposition read from the kernel in `catch`.
                unsafe {
                    libc::sigaction(signal, &previous, std::ptr::null_mut());
                }
            }
            let caught = CAUGHT.swap(0, Ordering::SeqCst);
            if caught != 0 {
                // With the default disposition this ends the process as the signal
                // would have; with a handler (the console's), that handler sees it.
                // SAFETY: raise only sends a signal to this thread.
                unsafe {
                    libc::raise(caught);
                }
            }
        }
    }
}

#[cfg(not(unix))]
mod imp {
    /// Where there are no such signals there is nothing to catch.
    pub struct StopSignals;

    impl StopSignals {
        pub fn catch() -> StopSignals {
            StopSignals
        }

        pub fn caught(&self) -> Option<(i32, &'static str)> {
            None
        }
    }
}

pub(crate) use imp::StopSignals;
