//! How wide each column of a list is, measured from the rows on screen (never
//! the whole list): each column gets what its values need up to its share,
//! spare width goes to the columns whose values would be cut, and a cut value
//! keeps the end that tells it from its neighbours.

use std::collections::HashSet;

use crate::text;

/// The width the key column (the one that takes the rest) keeps before any
/// later column is shown beside it.
const KEY_COLUMN_MIN: usize = 18;

/// What a column asks for: its declared width (0: the key column, which takes
/// the rest) and the widest of its title and the values on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Want {
    pub declared: usize,
    pub need: usize,
}

/// Each column's width within `width`, `None` for a column left out. Columns
/// are in priority order: once one does not fit beside the key column's
/// reserve, it and every later one are left out (the detail view shows them
/// all), rather than every column squeezed. A parent pane (`keep_key`) keeps
/// its key column whole, up to two thirds of the pane, before anything else.
pub(super) fn allocate(wants: &[Want], width: usize, keep_key: bool) -> Vec<Option<usize>> {
    let key_reserve = |need: usize| match keep_key {
        true => need.min(width * 2 / 3),
        false => need.min(KEY_COLUMN_MIN).min(width),
    };
    let reserved: usize = wants
        .iter()
        .filter(|w| w.declared == 0)
        .map(|w| key_reserve(w.need) + 1)
        .sum();
    let mut used = reserved;
    let mut dropping = false;
    let mut widths: Vec<Option<usize>> = wants
        .iter()
        .enumerate()
        .map(|(n, want)| {
            if want.declared == 0 {
                return Some(key_reserve(want.need));
            }
            let base = want.need.min(want.declared);
            if n == 0 && used + base > width {
                // The first column is shown, however narrow the list.
                let squeezed = width.saturating_sub(used).max(1);
                dropping = true;
                used = width + 1;
                return Some(squeezed);
            }
            if dropping || used + base + 1 > width + 1 {
                dropping = true;
                return None;
            }
            used += base + 1;
            Some(base)
        })
        .collect();
    // The gap after the last column is not needed.
    let mut spare = (width + 1).saturating_sub(used);
    // Columns are in priority order (the name first): each in turn gets what
    // its cut values need from what is spare.
    for (slot, want) in widths.iter_mut().zip(wants) {
        if let Some(w) = slot.as_mut() {
            let more = want.need.saturating_sub(*w).min(spare);
            *w += more;
            spare -= more;
        }
    }
    // What is left spreads the key column, keeping the later columns aligned.
    if let Some(key) = wants.iter().position(|w| w.declared == 0)
        && let Some(w) = widths[key].as_mut()
    {
        *w += spare;
    }
    widths
}

/// How a column's values are cut to its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cut {
    /// Their ends go: "lucas.ferreira@acme-lt…".
    End,
    /// Their middles go, where cutting the ends would leave two values on
    /// screen alike: "Lopez Ad…ings 14" and "Lopez Ad…ings 15".
    Middle,
}

/// The cut that keeps the values on screen apart at `width` columns: the end,
/// unless two different values would then read the same.
pub(super) fn cut_for<'a>(values: impl Iterator<Item = &'a str> + Clone, width: usize) -> Cut {
    let distinct: HashSet<&str> = values.clone().collect();
    let ended: HashSet<String> = distinct.iter().map(|v| text::ellipsize(v, width)).collect();
    match ended.len() < distinct.len() {
        true => Cut::Middle,
        false => Cut::End,
    }
}

/// `value` in exactly `width` columns: padded, or cut as `cut` says.
pub(super) fn fit(value: &str, width: usize, cut: Cut) -> String {
    let shown = match cut {
        _ if text::width(value) <= width => value.to_owned(),
        Cut::End => text::ellipsize(value, width),
        Cut::Middle => cut_middle(value, width),
    };
    let pad = width.saturating_sub(text::width(&shown));
    format!("{shown}{}", " ".repeat(pad))
}

/// `value` cut to `width` columns in its middle: its start and its end kept,
/// the end no longer than the start, "…" between.
pub(super) fn cut_middle(value: &str, width: usize) -> String {
    if text::width(value) <= width {
        return value.to_owned();
    }
    if width < 3 {
        return text::ellipsize(value, width);
    }
    let tail_width = (width - 1) / 2;
    let head = text::ellipsize(value, width - tail_width);
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in value.chars().rev() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > tail_width {
            break;
        }
        used += w;
        tail.push(c);
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(declared: usize, need: usize) -> Want {
        Want { declared, need }
    }

    #[test]
    fn columns_take_what_their_values_need_and_the_key_column_the_rest() {
        // A key column needing 20, and fixed columns declared 22, 8, 9 whose
        // values need 16, 8 and 7: 20 + 16 + 8 + 7 and three gaps is 54 of 78.
        let widths = allocate(
            &[want(0, 20), want(22, 16), want(8, 8), want(9, 7)],
            78,
            false,
        );
        assert_eq!(widths, vec![Some(44), Some(16), Some(8), Some(7)]);
    }

    #[test]
    fn spare_width_goes_to_the_columns_that_would_be_cut() {
        // The key column needs 34, a fixed column declared 12 needs 20: what the
        // others leave goes to the cut columns in their order.
        let widths = allocate(&[want(0, 34), want(22, 16), want(12, 20)], 78, false);
        assert_eq!(widths, vec![Some(40), Some(16), Some(20)]);
        let tight = allocate(&[want(0, 34), want(22, 16), want(12, 20)], 60, false);
        assert_eq!(tight, vec![Some(30), Some(16), Some(12)]);
    }

    #[test]
    fn columns_that_do_not_fit_beside_the_key_column_are_left_out_in_order() {
        let widths = allocate(&[want(0, 30), want(20, 20), want(8, 8)], 40, false);
        assert_eq!(widths, vec![Some(19), Some(20), None]);
        // A parent pane keeps its key column whole before the others.
        let parent = allocate(&[want(0, 30), want(20, 20), want(8, 8)], 40, true);
        assert_eq!(parent, vec![Some(40), None, None]);
    }

    #[test]
    fn a_cut_keeps_the_end_that_tells_values_apart() {
        let names = ["Lopez Ada Holdings 14", "Lopez Ada Holdings 15"];
        assert_eq!(cut_for(names.iter().copied(), 16), Cut::Middle);
        assert_eq!(fit(names[0], 16, Cut::Middle), "Lopez Ad…ings 14");
        let emails = ["lucas.ferreira@acme-ltd.com", "aisha.karimi@acme-ltd.com"];
        assert_eq!(cut_for(emails.iter().copied(), 16), Cut::End);
        assert_eq!(fit(emails[0], 16, Cut::End), "lucas.ferreira@…");
        assert_eq!(fit("short", 8, Cut::Middle), "short   ");
        assert_eq!(cut_middle("Zoë Ångström Café", 9), "Zoë …Café");
        assert_eq!(cut_middle("abcdef", 2), "a…");
    }
}
