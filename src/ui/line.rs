//! A line being typed, drawn with its caret where it is (`▏`, a character, so
//! that it shows without colour too) and scrolled sideways so that the caret
//! stays in view however long the value: a cut side shows `…`.

use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

/// What marks the caret.
pub const CARET: char = '▏';

/// `text` in at most `width` columns, with the caret before character `caret`
/// when there is one (past the end: after the last). Without a caret, the end is
/// what is cut.
pub fn with_caret(text: &str, caret: Option<usize>, width: usize) -> String {
    let Some(caret) = caret else {
        return super::shown::ellipsize(text, width);
    };
    let mut cells: Vec<(char, usize)> = text.chars().map(|c| (c, c.width().unwrap_or(0))).collect();
    let at = caret.min(cells.len());
    cells.insert(at, (CARET, 1));
    let total: usize = cells.iter().map(|(_, w)| w).sum();
    if total <= width {
        return cells.iter().map(|(c, _)| c).collect();
    }
    if width < 3 {
        return CARET.to_string();
    }
    let before: usize = cells[..=at].iter().map(|(_, w)| w).sum();
    let after: usize = cells[at..].iter().map(|(_, w)| w).sum();
    let (start, end) = if before < width {
        (0, fill_forward(&cells, 0, width - 1))
    } else if after < width {
        (fill_back(&cells, cells.len(), width - 1), cells.len())
    } else {
        // In the middle of a long value: some of what follows stays in sight too.
        let room = width - 2;
        let start = fill_back(&cells, at + 1, room - room / 3);
        let used: usize = cells[start..=at].iter().map(|(_, w)| w).sum();
        (start, fill_forward(&cells, at + 1, room - used))
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(cells[start..end].iter().map(|(c, _)| c));
    if end < cells.len() {
        shown.push('…');
    }
    shown
}

/// The end of the run of cells from `start` that fits in `room` columns.
fn fill_forward(cells: &[(char, usize)], start: usize, room: usize) -> usize {
    let mut used = 0;
    let mut end = start;
    while end < cells.len() && used + cells[end].1 <= room {
        used += cells[end].1;
        end += 1;
    }
    end
}

/// The start of the run of cells ending before `end` that fits in `room` columns.
fn fill_back(cells: &[(char, usize)], end: usize, room: usize) -> usize {
    let mut used = 0;
    let mut start = end;
    while start > 0 && used + cells[start - 1].1 <= room {
        used += cells[start - 1].1;
        start -= 1;
    }
    start
}

/// A text area's value on one line (its lines joined by spaces) and where its
/// caret is in that line, in characters.
pub fn area_line(area: &TextArea<'_>) -> (String, usize) {
    let (row, col) = (area.cursor().0, area.cursor().1);
    let lines = area.lines();
    let caret = lines[..row.min(lines.len())]
        .iter()
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + col;
    (lines.join(" "), caret)
}

/// A text area drawn as one line in `width` columns, the caret shown when `focused`.
pub fn area_with_caret(area: &TextArea<'_>, focused: bool, width: usize) -> String {
    let (text, caret) = area_line(area);
    with_caret(&text, focused.then_some(caret), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_value_shows_whole_with_the_caret_where_it_is() {
        assert_eq!(with_caret("https://abc", Some(8), 40), "https://▏abc");
        assert_eq!(with_caret("abc", Some(3), 4), "abc▏");
        assert_eq!(with_caret("abc", None, 3), "abc");
    }

    #[test]
    fn a_long_value_scrolls_to_keep_the_caret_in_view() {
        let name: String = ('a'..='z').cycle().take(200).collect();
        let start = with_caret(&name, Some(0), 20);
        assert_eq!(start, "▏abcdefghijklmnopqr…");
        let end = with_caret(&name, Some(200), 20);
        assert_eq!(
            end,
            "…defghijklmnopqrstu▏".replace("defghijklmnopqrstu", &name[182..])
        );
        let middle = with_caret(&name, Some(100), 20);
        assert!(middle.starts_with('…') && middle.ends_with('…'), "{middle}");
        assert!(middle.contains("uv▏wx"), "{middle}");
        for shown in [start, end, middle] {
            assert_eq!(crate::text::width(&shown), 20, "{shown}");
        }
    }

    #[test]
    fn wide_characters_count_their_columns() {
        let shown = with_caret("日本語のテキスト", Some(1), 8);
        assert!(crate::text::width(&shown) <= 8, "{shown}");
        assert!(shown.starts_with("日▏"), "{shown}");
    }
}
