//! Actions and the keys bound to them. Defaults are vim keys plus arrows; the
//! config's `[keys]` table can rebind any action, and a bad entry is reported and
//! the default kept. Help and the footer are generated from this table, so they
//! can never disagree with what the keys do.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Enter,
    Details,
    Back,
    NextTab,
    Filter,
    Command,
    Help,
    Refresh,
    New,
    Edit,
    Suspend,
    Delete,
    Resend,
    Approve,
    Reject,
    /// Marks a row to be removed with others in one go.
    Mark,
    /// Back to the view shown before this one, and again to return (k9s's `-`).
    Previous,
    /// Copies the selection's identifier (an id, an email) to the clipboard.
    Copy,
    /// Copies the selected row, as JSON, to the clipboard.
    CopyRow,
    /// Cycles the sort of the focused column: ascending, descending, none.
    Sort,
    /// Moves the column focus (which `Sort` sorts by) left or right.
    ColumnLeft,
    ColumnRight,
    Quit,
}

impl Action {
    pub const ALL: [Action; 29] = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Enter,
        Action::Details,
        Action::Back,
        Action::NextTab,
        Action::Filter,
        Action::Command,
        Action::Help,
        Action::Refresh,
        Action::New,
        Action::Edit,
        Action::Suspend,
        Action::Delete,
        Action::Resend,
        Action::Approve,
        Action::Reject,
        Action::Mark,
        Action::Previous,
        Action::Copy,
        Action::CopyRow,
        Action::Sort,
        Action::ColumnLeft,
        Action::ColumnRight,
        Action::Quit,
    ];

    /// The name used in the config's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Enter => "open",
            Action::Details => "details",
            Action::Back => "back",
            Action::NextTab => "next_tab",
            Action::Filter => "filter",
            Action::Command => "command",
            Action::Help => "help",
            Action::Refresh => "refresh",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Suspend => "suspend",
            Action::Delete => "delete",
            Action::Resend => "resend",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Mark => "mark",
            Action::Previous => "previous",
            Action::Copy => "copy",
            Action::CopyRow => "copy_row",
            Action::Sort => "sort",
            Action::ColumnLeft => "column_left",
            Action::ColumnRight => "column_right",
            Action::Quit => "quit",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "move up",
            Action::Down => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::Enter => "open / drill in",
            Action::Details => "details of the selection (every field)",
            Action::Back => "back",
            Action::NextTab => "next tab",
            Action::Filter => "filter the list",
            Action::Command => "command line",
            Action::Help => "help",
            Action::Refresh => "refresh",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Suspend => "suspend / activate",
            Action::Delete => "delete / revoke / remove",
            Action::Resend => "resend the invite",
            Action::Approve => "approve the selected change",
            Action::Reject => "reject the selected change",
            Action::Mark => "mark a member (d then removes every marked one at once)",
            Action::Previous => "the previous view (again: back here)",
            Action::Copy => "copy the selection's id or email",
            Action::CopyRow => "copy the selected row as JSON",
            Action::Sort => "sort by the focused column (cycles)",
            Action::ColumnLeft => "focus the column to the left (for sorting)",
            Action::ColumnRight => "focus the column to the right (for sorting)",
            Action::Quit => "quit",
        }
    }

    /// Actions that change data: hidden and refused on read-only profiles.
    pub fn is_mutation(self) -> bool {
        matches!(
            self,
            Action::New
                | Action::Edit
                | Action::Suspend
                | Action::Delete
                | Action::Resend
                | Action::Approve
                | Action::Reject
        )
    }
}

/// A key as written in config and help: `j`, `G`, `enter`, `ctrl-d`, `pgdn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
}

/// KeyCode with an order, for stable help output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            _ => return None,
        };
        Some(Key { code, ctrl })
    }

    pub fn parse(text: &str) -> Result<Key, String> {
        let text = text.trim();
        let (ctrl, rest) = match text
            .strip_prefix("ctrl-")
            .or_else(|| text.strip_prefix("C-"))
        {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCodeOrd::Enter,
            "esc" | "escape" => KeyCodeOrd::Esc,
            "tab" => KeyCodeOrd::Tab,
            "backtab" | "shift-tab" => KeyCodeOrd::BackTab,
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "pgup" | "pageup" => KeyCodeOrd::PageUp,
            "pgdn" | "pagedown" => KeyCodeOrd::PageDown,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "space" => KeyCodeOrd::Char(' '),
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => KeyCodeOrd::Char(c),
                    _ => {
                        return Err(format!(
                            "{text:?} is not a key: write one character (j, G, /), a name (enter, esc, tab, up, pgdn, home, space) or ctrl-X"
                        ));
                    }
                }
            }
        };
        Ok(Key { code, ctrl })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::Enter => f.write_str("enter"),
            KeyCodeOrd::Esc => f.write_str("esc"),
            KeyCodeOrd::Tab => f.write_str("tab"),
            KeyCodeOrd::BackTab => f.write_str("shift-tab"),
            KeyCodeOrd::Up => f.write_str("↑"),
            KeyCodeOrd::Down => f.write_str("↓"),
            KeyCodeOrd::Left => f.write_str("←"),
            KeyCodeOrd::Right => f.write_str("→"),
            KeyCodeOrd::PageUp => f.write_str("pgup"),
            KeyCodeOrd::PageDown => f.write_str("pgdn"),
            KeyCodeOrd::Home => f.write_str("home"),
            KeyCodeOrd::End => f.write_str("end"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Key, Action>,
}

fn key(text: &str) -> Key {
    Key::parse(text).unwrap_or(Key {
        code: KeyCodeOrd::Esc,
        ctrl: false,
    })
}

impl Default for Keymap {
    fn default() -> Self {
        let defaults: &[(&str, Action)] = &[
            ("k", Action::Up),
            ("up", Action::Up),
            ("j", Action::Down),
            ("down", Action::Down),
            ("pgup", Action::PageUp),
            ("ctrl-u", Action::PageUp),
            ("pgdn", Action::PageDown),
            ("ctrl-d", Action::PageDown),
            ("g", Action::Top),
            ("home", Action::Top),
            ("G", Action::Bottom),
            ("end", Action::Bottom),
            ("enter", Action::Enter),
            ("l", Action::Enter),
            ("right", Action::Enter),
            ("i", Action::Details),
            ("esc", Action::Back),
            ("h", Action::Back),
            ("left", Action::Back),
            ("tab", Action::NextTab),
            ("/", Action::Filter),
            (":", Action::Command),
            ("?", Action::Help),
            ("r", Action::Refresh),
            ("n", Action::New),
            ("e", Action::Edit),
            ("s", Action::Suspend),
            ("d", Action::Delete),
            ("R", Action::Resend),
            ("a", Action::Approve),
            ("X", Action::Reject),
            ("space", Action::Mark),
            ("-", Action::Previous),
            ("y", Action::Copy),
            ("Y", Action::CopyRow),
            ("o", Action::Sort),
            ("<", Action::ColumnLeft),
            (">", Action::ColumnRight),
            ("q", Action::Quit),
        ];
        Keymap {
            bindings: defaults.iter().map(|(k, a)| (key(k), *a)).collect(),
        }
    }
}

impl Keymap {
    /// Applies `[keys]` from the config: `action = "key"` or `action = "key1, key2"`.
    /// A rebound action loses its default keys. Returns the problems found; their
    /// entries are skipped and the defaults stay.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::default();
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(action) = Action::ALL.iter().copied().find(|a| a.name() == name) else {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                problems.push(format!(
                    "[keys] {name}: no such action (actions: {})",
                    names.join(", ")
                ));
                continue;
            };
            let parsed: Result<Vec<Key>, String> = keys.split(',').map(Key::parse).collect();
            match parsed {
                Ok(parsed) if !parsed.is_empty() => {
                    keymap.bindings.retain(|_, a| *a != action);
                    for key in parsed {
                        if let Some(previous) = keymap.bindings.insert(key, action)
                            && previous != action
                        {
                            problems.push(format!(
                                "[keys] {name} = {key}: {key} was bound to {}; it now does {name}",
                                previous.name()
                            ));
                        }
                    }
                }
                Ok(_) => problems.push(format!("[keys] {name}: no key given")),
                Err(why) => problems.push(format!("[keys] {name}: {why}")),
            }
        }
        (keymap, problems)
    }

    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(event)?;
        self.bindings.get(&key).copied()
    }

    /// The keys bound to an action, in a stable order.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// The key the footer shows for an action: enter/esc/tab where bound (what
    /// newcomers try first), otherwise a plain character.
    pub fn primary(&self, action: Action) -> Option<Key> {
        let keys = self.keys_for(action);
        let named = |k: &&Key| {
            matches!(
                k.code,
                KeyCodeOrd::Enter | KeyCodeOrd::Esc | KeyCodeOrd::Tab
            ) && !k.ctrl
        };
        let plain = |k: &&Key| matches!(k.code, KeyCodeOrd::Char(_)) && !k.ctrl;
        keys.iter()
            .find(named)
            .or_else(|| keys.iter().find(plain))
            .or(keys.first())
            .copied()
    }

    /// A hint naming the key bound to `action` now ("r reloads"); `None` where
    /// no key is bound to it, so that no hint names a key that does nothing.
    pub fn hint(&self, action: Action, does: &str) -> Option<String> {
        self.primary(action).map(|key| format!("{key} {does}"))
    }

    /// The key bound to `action` now, for a hint in the middle of a sentence
    /// ("refresh (r) after closing"); where none is, the action's `[keys]` name
    /// marked so ("refresh (no key)"), which says what to bind.
    pub fn named(&self, action: Action) -> String {
        match self.primary(action) {
            Some(key) => key.to_string(),
            None => format!("{} (no key)", action.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn vim_keys_and_arrows_both_move() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.action(&event(KeyCode::Char('j'))),
            Some(Action::Down)
        );
        assert_eq!(keymap.action(&event(KeyCode::Down)), Some(Action::Down));
        assert_eq!(
            keymap.action(&event(KeyCode::Char('G'))),
            Some(Action::Bottom)
        );
        assert_eq!(
            keymap.action(&KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::PageDown)
        );
    }

    #[test]
    fn overrides_rebind_and_bad_entries_are_reported() {
        let overrides: BTreeMap<String, String> = [
            ("quit".to_owned(), "x".to_owned()),
            ("explode".to_owned(), "z".to_owned()),
            ("refresh".to_owned(), "ctrl-".to_owned()),
        ]
        .into_iter()
        .collect();
        let (keymap, problems) = Keymap::with_overrides(&overrides);
        assert_eq!(
            keymap.action(&event(KeyCode::Char('x'))),
            Some(Action::Quit)
        );
        assert_eq!(keymap.action(&event(KeyCode::Char('q'))), None);
        assert_eq!(
            keymap.action(&event(KeyCode::Char('r'))),
            Some(Action::Refresh)
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("explode"));
        assert!(problems[1].contains("refresh"));
    }

    #[test]
    fn every_bad_entry_is_reported_and_each_keeps_its_default() {
        let overrides: BTreeMap<String, String> = [
            ("copy".to_owned(), "ctrl-".to_owned()),
            ("explode".to_owned(), "z".to_owned()),
            ("help".to_owned(), "".to_owned()),
            ("sort".to_owned(), "x".to_owned()),
        ]
        .into_iter()
        .collect();
        let (keymap, problems) = Keymap::with_overrides(&overrides);
        assert_eq!(problems.len(), 3, "{problems:?}");
        for name in ["copy", "explode", "help"] {
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(&format!("[keys] {name}:"))),
                "{name} is not reported: {problems:?}"
            );
        }
        assert_eq!(
            keymap.action(&event(KeyCode::Char('y'))),
            Some(Action::Copy)
        );
        assert_eq!(
            keymap.action(&event(KeyCode::Char('?'))),
            Some(Action::Help)
        );
        assert_eq!(
            keymap.action(&event(KeyCode::Char('x'))),
            Some(Action::Sort)
        );
    }

    #[test]
    fn hints_name_the_key_bound_now_or_are_left_out() {
        let overrides: BTreeMap<String, String> = [("refresh".to_owned(), "F".to_owned())]
            .into_iter()
            .collect();
        let (keymap, _) = Keymap::with_overrides(&overrides);
        assert_eq!(
            keymap.hint(Action::Refresh, "reloads").as_deref(),
            Some("F reloads")
        );
        assert_eq!(keymap.named(Action::Refresh), "F");
        assert_eq!(
            Keymap::default()
                .hint(Action::Refresh, "reloads")
                .as_deref(),
            Some("r reloads")
        );
        let mut unbound = Keymap::default();
        unbound.bindings.retain(|_, a| *a != Action::Refresh);
        assert_eq!(unbound.hint(Action::Refresh, "reloads"), None);
        assert_eq!(unbound.named(Action::Refresh), "refresh (no key)");
    }
}
