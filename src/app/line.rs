//! One single-line input for the whole console (the `:` line, the `/` filter, the
//! type-the-name dialog), and the readline keys every text field takes, forms'
//! too: C-a C-e C-b C-f, C-k C-u C-w (each kill kept for C-y), M-b M-f M-d,
//! Left/Right/Home/End, Backspace/Delete, and typing at the caret.
//!
//! The editing itself is `ratatui_textarea`'s; what is here is which key does
//! what, the same in every input, and that a single line never gets a newline.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

/// What a key did to an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the caret moved (or a key the input takes did nothing here).
    Moved,
    /// Not a key of the input: the caller's (Enter, Tab, Esc, Up/Down...).
    Unused,
}

/// Applies a readline key to `area`; whether its text changed, as
/// `TextArea::input` says (so that a form can call this in its place). Enter is
/// never taken: a newline is the caller's to insert, where it wants one.
pub fn readline(area: &mut TextArea<'static>, key: KeyEvent) -> bool {
    edit(area, key) == Edit::Changed
}

/// Applies a readline key to `area`. TextArea's own default of C-u (undo) is not
/// reachable here: C-u kills to the start of the line, as in a shell.
pub fn edit(area: &mut TextArea<'static>, key: KeyEvent) -> Edit {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let to = match (key.code, ctrl, alt) {
        (KeyCode::Char('a'), true, false) | (KeyCode::Home, _, _) => Some(CursorMove::Head),
        (KeyCode::Char('e'), true, false) | (KeyCode::End, _, _) => Some(CursorMove::End),
        (KeyCode::Char('b'), true, false) | (KeyCode::Left, false, false) => Some(CursorMove::Back),
        (KeyCode::Char('f'), true, false) | (KeyCode::Right, false, false) => {
            Some(CursorMove::Forward)
        }
        (KeyCode::Char('b'), false, true) | (KeyCode::Left, _, _) => Some(CursorMove::WordBack),
        (KeyCode::Char('f'), false, true) | (KeyCode::Right, _, _) => Some(CursorMove::WordForward),
        _ => None,
    };
    if let Some(to) = to {
        area.move_cursor(to);
        return Edit::Moved;
    }
    let changed = match (key.code, ctrl, alt) {
        (KeyCode::Char('k'), true, false) => area.delete_line_by_end(),
        (KeyCode::Char('u'), true, false) => area.delete_line_by_head(),
        (KeyCode::Char('w'), true, false) | (KeyCode::Backspace, _, true) => area.delete_word(),
        (KeyCode::Char('d'), false, true) | (KeyCode::Delete, _, true) => area.delete_next_word(),
        (KeyCode::Char('y'), true, false) => area.paste(),
        (KeyCode::Char('h'), true, false) | (KeyCode::Backspace, _, _) => area.delete_char(),
        (KeyCode::Char('d'), true, false) | (KeyCode::Delete, _, _) => area.delete_next_char(),
        (KeyCode::Char(c), false, false) if !c.is_control() => {
            area.insert_char(c);
            true
        }
        _ => return Edit::Unused,
    };
    if changed { Edit::Changed } else { Edit::Moved }
}

/// A single line of text with a caret: what the operator types into `:`, `/` and
/// the type-the-name dialog.
#[derive(Debug, Clone, Default)]
pub struct TextLine {
    // Boxed: a text area is large, and a line rides in messages and overlays.
    area: Box<TextArea<'static>>,
}

impl TextLine {
    /// `text` on one line (line breaks become spaces), the caret at its end.
    pub fn new(text: &str) -> TextLine {
        let mut area = TextArea::new(vec![one_line(text)]);
        area.move_cursor(CursorMove::End);
        TextLine {
            area: Box::new(area),
        }
    }

    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    /// The caret's position, in characters from the start.
    pub fn caret(&self) -> usize {
        self.area.cursor().1
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    pub fn key(&mut self, key: KeyEvent) -> Edit {
        edit(&mut self.area, key)
    }

    /// Inserts pasted text at the caret, line breaks and tabs as spaces (a line
    /// has no second line to put them on). Whether anything was inserted.
    pub fn insert(&mut self, text: &str) -> bool {
        let text = one_line(text);
        !text.is_empty() && self.area.insert_str(text)
    }

    /// Replaces the text (a recalled entry, a completion), the caret at its end;
    /// what was killed stays for C-y.
    pub fn set(&mut self, text: &str) {
        let yank = self.area.yank_text();
        *self = TextLine::new(text);
        self.area.set_yank_text(yank);
    }
}

/// `text` with every line break and tab as a space, other controls dropped.
fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

impl PartialEq for TextLine {
    fn eq(&self, other: &TextLine) -> bool {
        self.text() == other.text() && self.caret() == other.caret()
    }
}

impl Eq for TextLine {}

impl PartialEq<&str> for TextLine {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl PartialEq<str> for TextLine {
    fn eq(&self, other: &str) -> bool {
        self.text() == other
    }
}

impl From<&str> for TextLine {
    fn from(text: &str) -> TextLine {
        TextLine::new(text)
    }
}

impl From<String> for TextLine {
    fn from(text: String) -> TextLine {
        TextLine::new(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn alt(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)
    }

    fn typed(text: &str) -> TextLine {
        let mut line = TextLine::default();
        for c in text.chars() {
            line.key(key(KeyCode::Char(c)));
        }
        line
    }

    #[test]
    fn control_keys_edit_and_never_insert_letters() {
        let mut line = typed("abc");
        for k in [ctrl('w'), ctrl('a'), ctrl('e'), ctrl('k')] {
            line.key(k);
        }
        assert_eq!(line.text(), "");
        let mut line = typed("abc");
        line.key(ctrl('a'));
        assert_eq!(line.caret(), 0);
        line.key(ctrl('e'));
        assert_eq!(line.caret(), 3);
        line.key(ctrl('b'));
        line.key(ctrl('b'));
        assert_eq!(line.caret(), 1);
        line.key(ctrl('f'));
        assert_eq!(line.caret(), 2);
        line.key(ctrl('k'));
        assert_eq!(line.text(), "ab");
    }

    #[test]
    fn typing_inserts_at_the_caret() {
        let mut line = typed("https://abc");
        for _ in 0..3 {
            line.key(key(KeyCode::Left));
        }
        line.key(key(KeyCode::Char('X')));
        assert_eq!(line.text(), "https://Xabc");
        assert_eq!(line.caret(), 9);
        line.key(key(KeyCode::Home));
        line.key(key(KeyCode::Char('Q')));
        assert_eq!(line.text(), "Qhttps://Xabc");
        line.key(key(KeyCode::End));
        line.key(key(KeyCode::Backspace));
        line.key(key(KeyCode::Home));
        line.key(key(KeyCode::Delete));
        assert_eq!(line.text(), "https://Xab");
        line.key(key(KeyCode::Right));
        assert_eq!(line.caret(), 1);
    }

    #[test]
    fn kills_are_yanked_back() {
        let mut line = typed("alpha beta gamma");
        line.key(ctrl('w'));
        assert_eq!(line.text(), "alpha beta ");
        line.key(ctrl('a'));
        line.key(ctrl('y'));
        assert_eq!(line.text(), "gammaalpha beta ");
        let mut line = typed("alpha beta");
        line.key(alt('b'));
        line.key(ctrl('u'));
        assert_eq!(line.text(), "beta");
        assert_eq!(line.caret(), 0);
        line.key(ctrl('e'));
        line.key(ctrl('y'));
        assert_eq!(line.text(), "betaalpha ");
    }

    #[test]
    fn words_move_and_delete_forward() {
        let mut line = typed("one two three");
        line.key(ctrl('a'));
        // To the next word's start, as TextArea moves (and M-d deletes from there).
        line.key(alt('f'));
        assert_eq!(line.caret(), 4);
        line.key(alt('d'));
        assert_eq!(line.text(), "one  three");
        line.key(alt('b'));
        assert_eq!(line.caret(), 0);
    }

    #[test]
    fn a_line_never_gets_a_newline() {
        let mut line = typed("ab");
        assert_eq!(line.key(key(KeyCode::Enter)), Edit::Unused);
        assert_eq!(line.key(ctrl('m')), Edit::Unused);
        assert_eq!(line.key(ctrl('j')), Edit::Unused);
        line.key(key(KeyCode::Left));
        assert!(line.insert("x\ny\r\tz"));
        assert_eq!(line.text(), "ax y  zb");
        assert_eq!(line.caret(), 7);
        assert_eq!(TextLine::new("a\nb").text(), "a b");
    }

    #[test]
    fn setting_the_text_keeps_the_kill_for_yanking() {
        let mut line = typed("gone");
        line.key(ctrl('u'));
        line.set("orgs");
        assert_eq!(line.caret(), 4);
        line.key(ctrl('y'));
        assert_eq!(line.text(), "orgsgone");
    }
}
