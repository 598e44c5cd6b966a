//! The terminal's lifecycle in one place: raw mode, alternate screen and bracketed
//! paste on the way in; all of it undone on every way out (normal exit, error
//! return, panic, SIGINT/SIGTERM/SIGHUP). Mouse capture is never turned on.

use std::io::{self, Write};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// The terminal in console mode; dropping it restores the terminal.
pub struct Console {
    pub terminal: DefaultTerminal,
}

impl Console {
    /// Enters console mode. ratatui's panic hook restores the terminal before the
    /// (color-eyre) report is printed; bracketed paste is undone here too.
    pub fn enter() -> io::Result<Console> {
        let terminal = ratatui::try_init()?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableBracketedPaste);
            previous(info);
        }));
        execute!(io::stdout(), EnableBracketedPaste)?;
        Ok(Console { terminal })
    }
}

/// Undoes everything `enter` did. Errors are ignored: after SIGHUP there may be
/// no terminal left to write to, and that must not turn an exit into a crash.
pub fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    let _ = io::stdout().flush();
}

impl Drop for Console {
    fn drop(&mut self) {
        restore();
    }
}
