//! The header's marks of a list's sort: the sorted column's title starts with ▲
//! or ▼ (in front, as a narrow column cuts a title's end), and the column `o`
//! would sort (moved by `<` and `>`) is in brackets.

use crate::app::screens::Level;

/// The titles of a list's columns as the header shows them.
pub(super) fn titles<'a>(level: &Level, titles: impl Iterator<Item = &'a str>) -> Vec<String> {
    let sort = &level.sort;
    titles
        .enumerate()
        .map(|(n, title)| {
            let arrow = match sort.order {
                Some(order) if order.column == n && order.descending => "▼",
                Some(order) if order.column == n => "▲",
                _ => "",
            };
            match sort.focus == Some(n) {
                true => format!("[{arrow}{title}]"),
                false => format!("{arrow}{title}"),
            }
        })
        .collect()
}
