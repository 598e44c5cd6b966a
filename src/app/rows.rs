//! A level's rows: which of its list's items pass its filter, in its sort's
//! order. The work follows what changed: rows that arrived are only added, a
//! filter that only grew searches only the rows it had, one erased back to is
//! a lookup, and the tenant-wide people list is matched on the fly (on every
//! core) rather than against a stored copy of its text.

use super::matching::{Needle, keep_range, keep_rows};
use super::rows_memo::Key;
use super::screens::{self, Level, Screen};
use super::{App, sort};

/// The items a level's rows are chosen from.
#[derive(Clone, Copy)]
enum Candidates<'a> {
    /// The rows it had (a filter that only grew).
    Rows(&'a [usize]),
    /// The list's items `from..to`.
    Range(usize, usize),
}

impl Candidates<'_> {
    fn filter(self, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        match self {
            Candidates::Rows(rows) => rows.iter().copied().filter(|&i| keep(i)).collect(),
            Candidates::Range(from, to) => (from..to).filter(|&i| keep(i)).collect(),
        }
    }

    fn keep(self, keep: &(dyn Fn(usize, &mut String) -> bool + Sync)) -> Vec<usize> {
        match self {
            Candidates::Rows(rows) => keep_rows(rows, keep),
            Candidates::Range(from, to) => keep_range(from, to, keep),
        }
    }
}

impl App {
    /// Rows of a level after its filter. When the data is the same as last time and
    /// the filter only grew, only the rows that matched before are searched again.
    /// The order the level's sort puts them in is applied after, in `refresh_rows`.
    pub(crate) fn compute_rows(&self, level: &Level) -> Vec<usize> {
        let candidates = if self.narrowing(level) {
            Candidates::Rows(&level.rows)
        } else {
            Candidates::Range(0, self.source_len(level))
        };
        self.rows_among(level, candidates)
    }

    /// How many items the level's list holds.
    fn source_len(&self, level: &Level) -> usize {
        match &level.screen {
            Screen::Tenants => self.tenants.len(),
            Screen::Nodes {
                tenant,
                level,
                parent,
            } => self.tenants[*tenant]
                .nodes_text(*level, parent.as_deref())
                .len(),
            Screen::Detail { .. } => 0,
            log @ (Screen::Messages | Screen::Requests) => self.log_len(log),
            Screen::Approvals { tenant } => self.tenants[*tenant]
                .approvals
                .list
                .data
                .as_ref()
                .map_or(0, Vec::len),
            screen @ (Screen::Node { tenant, .. } | Screen::View { tenant, .. }) => self.tenants
                [*tenant]
                .parties(screen)
                .and_then(|p| p.data.as_ref())
                .map_or(0, Vec::len),
        }
    }

    fn rows_among(&self, level: &Level, candidates: Candidates<'_>) -> Vec<usize> {
        let needle = level.filter.to_lowercase();
        let keep = |text: &str| needle.is_empty() || text.contains(&needle);
        match &level.screen {
            Screen::Tenants => candidates.filter(|i| {
                let t = &self.tenants[i];
                keep(&format!("{} {}", t.profile, t.base_url).to_lowercase())
            }),
            Screen::Nodes {
                tenant,
                level,
                parent,
            } => {
                let t = &self.tenants[*tenant];
                let text = t.nodes_text(*level, parent.as_deref());
                // The server's matches for the filter are shown whatever their
                // text here holds: the server matched them by more than that.
                let found = t
                    .found_rows(*level, parent.as_deref())
                    .unwrap_or(usize::MAX);
                candidates.filter(|i| i >= found || text.get(i).is_some_and(|t| keep(t)))
            }
            screen @ (Screen::Node { .. } | Screen::View { .. }) => {
                self.party_rows(screen, &level.filter, candidates)
            }
            Screen::Approvals { tenant } => {
                let text = &self.tenants[*tenant].approvals.text;
                candidates.filter(|i| text.get(i).is_some_and(|t| keep(t)))
            }
            Screen::Detail { .. } => Vec::new(),
            log @ (Screen::Messages | Screen::Requests) => {
                candidates.filter(|i| self.log_matches(log, i, &needle))
            }
        }
    }

    /// The rows of a people screen among `candidates`.
    fn party_rows(&self, screen: &Screen, filter: &str, candidates: Candidates<'_>) -> Vec<usize> {
        let Some(tenant) = screen.tenant() else {
            return Vec::new();
        };
        let t = &self.tenants[tenant];
        let people = t
            .parties(screen)
            .and_then(|p| p.data.as_deref())
            .unwrap_or_default();
        let schema = t.schema();
        // A node tab listed on its own holds only its parties.
        let everyone = match screen {
            Screen::View { view, .. } => screens::view_is_everyone(schema, *view),
            _ => t.tab_key(screen).is_some(),
        };
        let in_screen = |i: usize| {
            everyone
                || people
                    .get(i)
                    .is_some_and(|p| screens::person_in(schema, screen, p))
        };
        if filter.is_empty() {
            return candidates.filter(in_screen);
        }
        if t.cut_from_people(screen) {
            let needle = Needle::new(schema, filter);
            let keep = |i: usize, scratch: &mut String| {
                people
                    .get(i)
                    .is_some_and(|p| needle.matches(schema, p, scratch))
                    && in_screen(i)
            };
            return candidates.keep(&keep);
        }
        let needle = filter.to_lowercase();
        let text = t.parties_text(screen);
        // As for nodes: the server's matches show whatever their text.
        let found = t
            .lazy_view(screen)
            .and_then(|view| t.found_in_view(view))
            .unwrap_or(usize::MAX);
        candidates.filter(|i| {
            i >= found || (text.get(i).is_some_and(|text| text.contains(&needle)) && in_screen(i))
        })
    }

    /// Whether the level's rows are those of the same data under a filter its
    /// filter only grew, so that only they need searching again.
    pub(super) fn narrowing(&self, level: &Level) -> bool {
        let generation = self.generation_of(level);
        matches!(&level.rows_key, Some((screen, g, previous))
            if *screen == level.screen && *g == generation
                && level.filter.to_lowercase().starts_with(previous.as_str()))
    }

    fn generation_of(&self, level: &Level) -> u64 {
        level
            .screen
            .tenant()
            .map_or(0, |t| self.tenants[t].generation)
    }

    pub(crate) fn refresh_rows(&mut self) {
        for index in 0..self.stack.len() {
            self.refresh_level(index);
        }
    }

    fn refresh_level(&mut self, index: usize) {
        let level = &self.stack[index];
        let generation = self.generation_of(level);
        let filter = level.filter.to_lowercase();
        let over = (generation, self.source_len(level));
        let same_key = matches!(&level.rows_key, Some((screen, g, f))
            if *screen == level.screen && *g == generation && *f == filter);
        let in_order = level.sort.order == level.sort.rows_in;
        if same_key && in_order && level.memo.over == Some(over) {
            return;
        }
        if let Some(grown) = self.grown_rows(level, over.1) {
            let level = &mut self.stack[index];
            level.rows.extend(grown);
            return self.rows_settled(index, generation, filter, over);
        }
        let screen = level.screen.clone();
        let key = Key {
            screen: &screen,
            generation,
            filter: &filter,
        };
        let recalled = level.memo.recall(&key);
        // Narrowed rows stay in the order they were in; others come in the list's.
        let (rows, rows_in) = match recalled {
            Some(kept) => kept,
            None if self.narrowing(level) => (self.compute_rows(level), level.sort.rows_in),
            None => (self.compute_rows(level), None),
        };
        // Rows arriving in a sorted list can land above the cursor: it keeps its row.
        let kept = matches!(&level.rows_key, Some((screen, g, f))
            if *screen == level.screen && *g != generation && *f == filter)
        .then(|| level.sort.order.and(level.selected_row()))
        .flatten();
        self.stack[index].memo.remember(&key, &rows, rows_in);
        let rows = sort::arrange(self, index, rows, rows_in);
        let level = &mut self.stack[index];
        level.rows = rows;
        if let Some(position) = kept.and_then(|row| level.rows.iter().position(|r| *r == row)) {
            level.selected = position;
        }
        self.rows_settled(index, generation, filter, over);
    }

    /// The rows of the people that arrived since the level's rows were worked
    /// out, when that is all that changed: the same screen and filter over the
    /// same people list, which only grew, in the list's own order.
    fn grown_rows(&self, level: &Level, len: usize) -> Option<Vec<usize>> {
        let tenant = &self.tenants[level.screen.tenant()?];
        let (screen, generation, filter) = level.rows_key.as_ref()?;
        let (over_generation, over_len) = level.memo.over?;
        let unsorted = level.sort.order.is_none() && level.sort.rows_in.is_none();
        let grew = *generation == over_generation
            && over_generation >= tenant.people_since
            && over_len <= len;
        let same = *screen == level.screen && *filter == level.filter.to_lowercase();
        (unsorted && grew && same && tenant.cut_from_people(screen))
            .then(|| self.party_rows(screen, &level.filter, Candidates::Range(over_len, len)))
    }

    /// After the level's rows were worked out: what they were worked out over,
    /// and the cursor (on the last row while `G` follows the end of a list
    /// still arriving).
    fn rows_settled(&mut self, index: usize, generation: u64, filter: String, over: (u64, usize)) {
        let arriving = self.stack[index]
            .screen
            .tenant()
            .is_some_and(|t| self.tenants[t].people.is_partial());
        let level = &mut self.stack[index];
        level.rows_key = Some((level.screen.clone(), generation, filter));
        level.memo.over = Some(over);
        level.clamp();
        if level.last_row_pending {
            level.selected = level.rows.len().saturating_sub(1);
            level.last_row_pending = arriving;
        }
    }
}
