//! Text for the terminal. Server text is data, never terminal control: `visible`
//! replaces every character a terminal could obey (C0 and C1 controls, DEL, bidi
//! controls) with a stand-in the operator can see, and `json_safe` does the same
//! for JSON meant for a terminal. Text is also measured in terminal columns, not
//! characters: a CJK character or an emoji takes two columns, a combining accent
//! none. Tables on screen and on stdout line up only when cut and padded this way.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A character a terminal may act on instead of showing: C0 controls, DEL, C1
/// controls (U+0080–U+009F: U+009B alone starts a control sequence) and the
/// Unicode Bidi_Control set (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), which
/// reorders what follows it and can make a line read as something it is not.
pub fn is_terminal_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The one-column stand-in shown for a control: the Unicode control picture for
/// C0 and DEL (ESC shows as ␛), U+FFFD for the rest.
fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// `text` with every terminal control replaced by a visible stand-in, for one line
/// of output: every human-readable path (CLI tables, notes, errors, hints, and
/// every pane of the console) goes through this. Borrows when nothing needs
/// replacing, which is nearly always.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_keeping(text, &[])
}

/// Like `visible`, but new lines and tabs pass, for text shown over several lines
/// (a note, a multi-line error).
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    visible_keeping(text, &['\n', '\t'])
}

fn visible_keeping<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    let bad = |c: char| is_terminal_control(c) && !keep.contains(&c);
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if bad(c) { stand_in(c) } else { c })
            .collect(),
    )
}

/// Serialised JSON with every C1 control, DEL and bidi control inside its strings
/// written as a `\uXXXX` escape. serde_json escapes C0 controls itself but writes
/// the others raw: valid JSON, which a terminal showing it would still obey.
/// Outside strings JSON holds only ASCII punctuation and whitespace (the new lines
/// and indentation of pretty output, which pass), so this never changes meaning.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    let escaped = |c: char| is_terminal_control(c) && !matches!(c, '\n' | '\t');
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How many terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Cuts text to `width` columns, ending in … when cut.
pub fn ellipsize(text: &str, width: usize) -> String {
    if self::width(text) <= width {
        return text.to_owned();
    }
    let mut used = 0;
    let mut out = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` followed by spaces up to `width` columns (unchanged when already wider).
pub fn pad_end(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(
        ' ',
        width.saturating_sub(self::width(text)),
    ));
    out
}

/// "45s", "2m 05s", "3h 20m": a wait as an operator reads it.
pub fn wait_length(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m {:02}s", secs / 60, secs % 60),
        _ => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// Cut to `width` columns if needed, then padded to exactly `width`.
pub fn fit(text: &str, width: usize) -> String {
    pad_end(&ellipsize(text, width), width)
}

/// An optional text that is empty or only white space is no text at all: the
/// operator cannot see the difference, so neither may what is sent or compared.
/// A kept value is returned as given; whether to trim it is the caller's call (the
/// console trims what a form field holds, the CLI sends an argument as typed).
pub fn blank_as_none<S: AsRef<str>>(value: S) -> Option<S> {
    (!value.as_ref().trim().is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One code point from each class a terminal treats differently: C0, DEL, C1,
    /// the bidi controls, and printable text of every width.
    fn any_class() -> impl Strategy<Value = char> {
        prop_oneof![
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
            Just('\u{7f}'),
            (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
            prop::sample::select(vec![
                '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}',
                '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            ]),
            prop::sample::select(vec![
                'a', 'Z', ' ', 'é', 'Ø', '日', '😀', '\u{301}', '\u{200b}'
            ]),
            any::<char>(),
        ]
    }

    proptest! {
        #[test]
        fn visible_leaves_nothing_a_terminal_would_obey(chars in prop::collection::vec(any_class(), 0..64)) {
            let text: String = chars.iter().collect();
            let shown = visible(&text);
            prop_assert!(!shown.chars().any(is_terminal_control), "{shown:?}");
            // One stand-in per replaced character: nothing is silently dropped.
            prop_assert_eq!(shown.chars().count(), text.chars().count());
            for (was, now) in text.chars().zip(shown.chars()) {
                if !is_terminal_control(was) {
                    prop_assert_eq!(was, now);
                }
            }
            let lines = visible_lines(&text);
            prop_assert!(!lines.chars().any(|c| is_terminal_control(c) && c != '\n' && c != '\t'));
        }

        #[test]
        fn json_safe_keeps_the_value_and_escapes_every_control(chars in prop::collection::vec(any_class(), 0..64)) {
            let text: String = chars.iter().collect();
            let json = serde_json::to_string(&serde_json::json!({ "name": text })).unwrap();
            let safe = json_safe(&json);
            prop_assert!(!safe.chars().any(is_terminal_control), "{safe:?}");
            let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
            prop_assert_eq!(back["name"].as_str(), Some(text.as_str()));
            // Pretty output keeps its layout; only the strings' controls are escaped.
            let pretty = serde_json::to_string_pretty(&serde_json::json!([{ "name": text }])).unwrap();
            let safe = json_safe(&pretty);
            prop_assert!(!safe.chars().any(|c| is_terminal_control(c) && c != '\n'), "{safe:?}");
            let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
            prop_assert_eq!(back[0]["name"].as_str(), Some(text.as_str()));
        }
    }

    #[test]
    fn stand_ins_are_visible_and_one_column() {
        assert_eq!(
            visible("a\u{1b}]0;pwned\u{7}b"),
            "a\u{241b}]0;pwned\u{2407}b"
        );
        assert_eq!(visible("\u{9b}6n"), "\u{fffd}6n");
        assert_eq!(visible("evil\u{202e}txt.exe"), "evil\u{fffd}txt.exe");
        assert_eq!(visible("del\u{7f}"), "del\u{2421}");
        assert_eq!(visible_lines("two\nlines\r"), "two\nlines\u{240d}");
        assert!(matches!(visible("plain Zoë 日本"), Cow::Borrowed(_)));
        for c in (0u32..0xa0)
            .filter_map(char::from_u32)
            .filter(|c| is_terminal_control(*c))
        {
            assert_eq!(width(&visible(&c.to_string())), 1, "{c:?}");
        }
        assert_eq!(json_safe("\"\u{9b}\""), "\"\\u009b\"");
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(width("Zoë Ørsted"), 10);
        assert_eq!(width("日本"), 4);
        assert_eq!(fit("日本", 6), "日本  ");
        assert_eq!(width(&fit("Zoë Ørsted 日本", 22)), 22);
        assert_eq!(fit("abc", 5), "abc  ");
    }

    #[test]
    fn cutting_never_splits_a_wide_character_or_overflows() {
        assert_eq!(ellipsize("日本語テキスト", 6), "日本…");
        assert_eq!(ellipsize("日本語テキスト", 5), "日本…");
        for cut in 0..16 {
            let fitted = fit("日本語テキストabc", cut);
            assert_eq!(width(&fitted), cut, "{fitted:?}");
        }
        assert_eq!(ellipsize("short", 9), "short");
        assert_eq!(ellipsize("longer text", 0), "");
    }

    #[test]
    fn blank_text_is_no_text_and_other_text_is_kept_as_given() {
        for blank in ["", " ", "\t\n", "\u{a0}\u{3000}"] {
            assert_eq!(blank_as_none(blank), None, "{blank:?}");
            assert_eq!(blank_as_none(blank.to_owned()), None, "{blank:?}");
        }
        assert_eq!(blank_as_none(" x "), Some(" x "));
        assert_eq!(blank_as_none("notes".to_owned()), Some("notes".to_owned()));
        assert_eq!(Some(" ".to_owned()).and_then(blank_as_none), None);
    }
}
