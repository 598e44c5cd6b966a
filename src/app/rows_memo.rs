//! What a level remembers of the rows it worked out: how far into its list they
//! reach (so rows that arrive later are only added, never the whole list
//! searched again) and the rows of its last few filters (so erasing back
//! through a filter is a lookup).

use super::screens::Screen;
use super::sort::Order;

/// Filters whose rows a level keeps.
const KEPT_FILTERS: usize = 8;
/// Rows kept over all those filters (4 bytes each): past it the oldest go.
const KEPT_ROWS: usize = 4_000_000;

#[derive(Debug, Default)]
pub struct RowsMemo {
    /// The data generation and the length of the list the level's rows were
    /// worked out over.
    pub(crate) over: Option<(u64, usize)>,
    recent: Vec<Remembered>,
}

#[derive(Debug)]
struct Remembered {
    screen: Screen,
    generation: u64,
    filter: String,
    /// The order the rows are in (None: the list's own).
    order: Option<Order>,
    rows: Vec<u32>,
}

/// A filter's rows as a level keeps them: which screen and data, which filter.
pub(crate) struct Key<'a> {
    pub screen: &'a Screen,
    pub generation: u64,
    pub filter: &'a str,
}

impl RowsMemo {
    /// The rows a filter (lower-cased) gave on this screen and data, if kept,
    /// and the order they are in.
    pub(crate) fn recall(&self, key: &Key<'_>) -> Option<(Vec<usize>, Option<Order>)> {
        let kept = self.recent.iter().find(|r| {
            r.generation == key.generation && r.filter == key.filter && r.screen == *key.screen
        })?;
        Some((
            kept.rows.iter().map(|&row| row as usize).collect(),
            kept.order,
        ))
    }

    /// Keeps a filter's rows, dropping those of other data.
    pub(crate) fn remember(&mut self, key: &Key<'_>, rows: &[usize], order: Option<Order>) {
        self.recent.retain(|r| {
            r.generation == key.generation && r.screen == *key.screen && r.filter != key.filter
        });
        let too_far = rows.iter().any(|&r| r > u32::MAX as usize);
        if key.filter.is_empty() || rows.len() > KEPT_ROWS || too_far {
            return;
        }
        self.recent.push(Remembered {
            screen: key.screen.clone(),
            generation: key.generation,
            filter: key.filter.to_owned(),
            order,
            rows: rows.iter().map(|&row| row as u32).collect(),
        });
        let mut total: usize = self.recent.iter().map(|r| r.rows.len()).sum();
        while self.recent.len() > KEPT_FILTERS || total > KEPT_ROWS {
            total -= self.recent.remove(0).rows.len();
        }
    }
}

/// A copy of a level remembers how far its rows reach, not the kept filters:
/// they are a cache, and a path copied for `-` should not double it.
impl Clone for RowsMemo {
    fn clone(&self) -> Self {
        RowsMemo {
            over: self.over,
            recent: Vec::new(),
        }
    }
}

impl PartialEq for RowsMemo {
    fn eq(&self, other: &Self) -> bool {
        self.over == other.over
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_recalled_for_their_own_data_only() {
        let screen = Screen::Tenants;
        let key = |generation, filter| Key {
            screen: &screen,
            generation,
            filter,
        };
        let mut memo = RowsMemo::default();
        memo.remember(&key(3, "ab"), &[1, 5, 9], None);
        memo.remember(&key(3, "abc"), &[5], None);
        assert_eq!(memo.recall(&key(3, "ab")), Some((vec![1, 5, 9], None)));
        assert_eq!(memo.recall(&key(4, "ab")), None, "other data");
        memo.remember(&key(4, "x"), &[2], None);
        assert_eq!(memo.recall(&key(3, "abc")), None, "older data is forgotten");
        let names: Vec<String> = (0..KEPT_FILTERS + 2).map(|n| format!("f{n}")).collect();
        for (n, name) in names.iter().enumerate() {
            memo.remember(&key(4, name), &[n], None);
        }
        assert_eq!(memo.recall(&key(4, "x")), None, "the oldest filter went");
        assert_eq!(memo.recall(&key(4, "f9")), Some((vec![9], None)));
    }
}
