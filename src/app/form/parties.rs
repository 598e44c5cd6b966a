//! A field of several parties picked by name from a node's tab (an organization's
//! users): the picked ones are entries, typing narrows the tab's parties below
//! them, and the value is the picked ids. The tab is loaded as any list is; until
//! it is, the field says so, and where it cannot be read the field takes typed
//! ids instead, held to the schema's rule, and says why.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

/// What the field can offer to pick from.
#[derive(Debug, Clone, PartialEq)]
pub enum Offer {
    /// The tab's list is on its way: "loading the organization's users…".
    Loading(String),
    /// The tab's parties: (id, "Name (email)").
    Ready(Vec<(String, String)>),
    /// The tab cannot be read (the reason): ids are typed.
    Typed(String),
}

#[derive(Debug)]
pub struct Parties {
    /// The picked ids, in the order they were added.
    pub picked: Vec<String>,
    /// A filter over the offer, or (for typed ids) the id being typed.
    pub typed: TextArea<'static>,
    /// Where ↑/↓ are: an entry (`< picked.len()`) or a match below them
    /// (`picked.len() + n`). None until the operator types or moves, so Enter on
    /// an untouched field submits the form.
    pub at: Option<usize>,
    pub max: usize,
    pub offer: Offer,
    /// Names of picked ids the offer no longer holds (a list reloaded since).
    known: Vec<(String, String)>,
    /// For a picker over a view too long to hold: its search on the server,
    /// whose answer is the offer.
    pub server: Option<super::search::ServerSearch>,
    /// ↑/↓ moved the highlight since the last letter typed: Space then picks
    /// (in a picker searching the server, whose names hold spaces).
    moved: bool,
}

/// What a key did to the field, for the form to check it after.
pub(super) enum Done {
    Unused,
    Used,
    /// The entries changed.
    Changed,
    /// An entry would go past `max`: this one.
    Full(String),
}

impl Parties {
    pub(super) fn new(picked: Vec<String>, max: usize) -> Parties {
        Parties {
            picked,
            typed: TextArea::default(),
            at: None,
            max,
            offer: Offer::Typed(String::new()),
            known: Vec::new(),
            server: None,
            moved: false,
        }
    }

    /// A picker whose offer is the server's answer to what is typed.
    pub(super) fn searching(
        mut self,
        search: super::search::ServerSearch,
        loading: String,
    ) -> Self {
        self.server = Some(search);
        self.offer = Offer::Loading(loading);
        self
    }

    pub fn filter(&self) -> String {
        self.typed.lines().join("")
    }

    /// Whether ids are typed (the offer could not be read).
    pub fn typing_ids(&self) -> bool {
        matches!(self.offer, Offer::Typed(_))
    }

    /// The tab's parties not yet picked that match the filter, by name, email or id.
    pub fn matches(&self) -> Vec<(String, String)> {
        let Offer::Ready(options) = &self.offer else {
            return Vec::new();
        };
        let typed = self.filter();
        // The server's answer to exactly this text is its matches as they are:
        // it matched them by more than their label (an email, say).
        let answered = self
            .server
            .as_ref()
            .and_then(|s| s.answered.as_deref())
            .is_some_and(|a| a == typed.trim());
        let needle = if answered {
            String::new()
        } else {
            typed.trim().to_lowercase()
        };
        options
            .iter()
            .filter(|(id, _)| !self.picked.contains(id))
            .filter(|(id, label)| {
                needle.is_empty()
                    || label.to_lowercase().contains(&needle)
                    || id.to_lowercase().contains(&needle)
            })
            .cloned()
            .collect()
    }

    /// What an entry shows: the party's name and email, else its id.
    pub fn name_of(&self, id: &str) -> String {
        let offered = match &self.offer {
            Offer::Ready(options) => options.iter().find(|(v, _)| v == id),
            _ => None,
        };
        offered
            .or_else(|| self.known.iter().find(|(v, _)| v == id))
            .map_or_else(|| id.to_owned(), |(_, label)| label.clone())
    }

    /// The ids the field sends: the picked ones, and for typed ids the one being
    /// typed (as a multi-value field counts its entry line).
    pub fn ids(&self) -> Vec<String> {
        let mut ids = self.picked.clone();
        let pending = self.filter().trim().to_owned();
        if self.typing_ids() && !pending.is_empty() {
            ids.push(pending);
        }
        ids
    }

    /// Takes a new offer, keeping the names of what was picked from the old one.
    pub(super) fn offered(&mut self, offer: Offer) {
        if let Offer::Ready(options) = &self.offer {
            for (id, label) in options {
                if self.picked.contains(id) && !self.known.iter().any(|(k, _)| k == id) {
                    self.known.push((id.clone(), label.clone()));
                }
            }
        }
        self.offer = offer;
        self.at = self.at.filter(|&at| at < self.positions());
        // The server's answer to what is typed: its first match is highlighted,
        // as typing does, so that Enter picks it.
        if self.server.is_some() && self.at.is_none() && !self.typed.is_empty() {
            self.at = (!self.matches().is_empty()).then_some(self.picked.len());
        }
    }

    fn positions(&self) -> usize {
        self.picked.len() + self.matches().len()
    }

    /// The match the highlight is on, which Enter would add.
    pub fn highlighted(&self) -> Option<(String, String)> {
        let at = self.at?.checked_sub(self.picked.len())?;
        self.matches().get(at).cloned()
    }

    pub(super) fn key(&mut self, key: KeyEvent) -> Done {
        let entries = self.picked.len();
        match key.code {
            KeyCode::Char(' ') if self.moved && self.server.is_some() => self.enter(),
            KeyCode::Up => {
                self.moved = true;
                self.at = match self.at {
                    Some(at) => Some(at.saturating_sub(1)),
                    None if entries > 0 => Some(entries - 1),
                    None => (self.positions() > 0).then_some(0),
                };
                Done::Used
            }
            KeyCode::Down => {
                self.moved = true;
                let last = self.positions().checked_sub(1);
                self.at = match (self.at, last) {
                    (_, None) => None,
                    (Some(at), Some(last)) => Some((at + 1).min(last)),
                    (None, Some(last)) => Some(entries.min(last)),
                };
                Done::Used
            }
            KeyCode::Enter => self.enter(),
            KeyCode::Backspace | KeyCode::Delete if self.typed.is_empty() => self.remove(),
            _ => {
                self.moved = false;
                let used = crate::app::line::readline(&mut self.typed, key);
                // Typing narrows and puts the highlight on the first match; in a
                // picker searching the server, emptying the text takes it away,
                // so that Enter with nothing typed submits.
                let emptied = self.server.is_some() && self.typed.is_empty();
                self.at = (!emptied && !self.matches().is_empty()).then_some(entries);
                if used { Done::Used } else { Done::Unused }
            }
        }
    }

    /// What Enter would add: the highlighted match, or the id being typed.
    pub(super) fn would_pick(&self) -> Option<String> {
        if self.typing_ids() {
            Some(self.filter().trim().to_owned()).filter(|t| !t.is_empty())
        } else {
            self.highlighted().map(|(id, _)| id)
        }
    }

    /// Adds the highlighted match, or a typed id; nothing twice.
    fn enter(&mut self) -> Done {
        let id = if self.typing_ids() {
            let typed = self.filter().trim().to_owned();
            if typed.is_empty() {
                return Done::Unused;
            }
            typed
        } else {
            match (self.highlighted(), self.at) {
                (Some((id, _)), _) => id,
                // An entry is highlighted: Enter neither adds nor submits.
                (None, Some(_)) => return Done::Used,
                // A filter that matches nothing adds nothing, and does not submit:
                // the operator meant to pick.
                (None, None) if !self.typed.is_empty() => return Done::Used,
                (None, None) => return Done::Unused,
            }
        };
        if self.picked.len() >= self.max {
            return Done::Full(self.name_of(&id));
        }
        if !self.picked.contains(&id) {
            self.picked.push(id);
        }
        self.typed = TextArea::default();
        self.at = None;
        self.moved = false;
        Done::Changed
    }

    /// Removes the highlighted entry, else the last one.
    fn remove(&mut self) -> Done {
        let entries = self.picked.len();
        let at = match self.at {
            Some(at) if at < entries => at,
            _ if entries > 0 => entries - 1,
            _ => return Done::Used,
        };
        self.picked.remove(at);
        self.at = match self.at {
            Some(on) if on < entries && !self.picked.is_empty() => {
                Some(on.min(self.picked.len() - 1))
            }
            _ => None,
        };
        Done::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    fn offered(picked: &[&str], max: usize) -> Parties {
        let mut parties = Parties::new(picked.iter().map(|p| (*p).to_owned()).collect(), max);
        parties.offered(Offer::Ready(vec![
            ("a1".into(), "Ada (ada@x.example)".into()),
            ("b2".into(), "Bo (bo@x.example)".into()),
        ]));
        parties
    }

    #[test]
    fn enter_on_an_untouched_field_is_left_to_the_form_and_a_full_field_says_whom() {
        let mut parties = offered(&[], 1);
        assert!(matches!(parties.key(key(KeyCode::Enter)), Done::Unused));
        parties.key(key(KeyCode::Down));
        assert!(matches!(parties.key(key(KeyCode::Enter)), Done::Changed));
        assert_eq!(parties.picked, ["a1"]);
        parties.key(key(KeyCode::Down));
        match parties.key(key(KeyCode::Enter)) {
            Done::Full(name) => assert_eq!(name, "Bo (bo@x.example)"),
            _ => panic!("one admin at most"),
        }
        assert_eq!(parties.picked, ["a1"]);
    }

    #[test]
    fn a_picked_party_keeps_its_name_when_the_list_no_longer_holds_it() {
        let mut parties = offered(&["b2"], 5);
        parties.offered(Offer::Ready(Vec::new()));
        assert_eq!(parties.name_of("b2"), "Bo (bo@x.example)");
        assert_eq!(parties.name_of("zz"), "zz");
    }

    #[test]
    fn typed_ids_count_the_one_being_typed_as_a_multi_value_does() {
        let mut parties = Parties::new(vec!["a1".into()], 5);
        parties.offered(Offer::Typed("no list".into()));
        parties.key(key(KeyCode::Char('c')));
        assert_eq!(parties.ids(), ["a1", "c"]);
        let mut picking = offered(&["a1"], 5);
        picking.key(key(KeyCode::Char('b')));
        assert_eq!(picking.ids(), ["a1"], "a filter is not an entry");
    }
}
