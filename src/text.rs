//! Text measured in terminal columns, not characters: a CJK character or an emoji
//! takes two columns, a combining accent none. Tables on screen and on stdout line
//! up only when cut and padded this way.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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

/// Cut to `width` columns if needed, then padded to exactly `width`.
pub fn fit(text: &str, width: usize) -> String {
    pad_end(&ellipsize(text, width), width)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
