//! Lists come in pages: the items, where the next page starts (an opaque cursor
//! only the backend reads) and, when the server says, how many there are in all.
//! A backend without paging answers one page with no next.
//!
//! `Gather` puts a list's pages together the way a load follows them to the end,
//! and refuses a server that pages in circles: an item seen on an earlier page, or
//! a next cursor it was just given, would otherwise loop forever or show a row twice.

use std::collections::HashSet;
use std::fmt;

pub use crate::api::page::Cursor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A whole list in one page.
    pub fn one(items: Vec<T>) -> Self {
        Page {
            items,
            next: None,
            total: None,
        }
    }

    pub fn is_last(&self) -> bool {
        self.next.is_none()
    }
}

/// Why the pages of a list do not add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageFault {
    /// An item came again on a later page.
    Duplicate { id: String, page: usize },
    /// The server gave back the cursor it was asked with.
    Repeated { cursor: Cursor, page: usize },
}

impl fmt::Display for PageFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageFault::Duplicate { id, page } => write!(
                f,
                "page {page} of the list repeats {id}, which an earlier page held: the list \
                 changed while it was read or the server pages inconsistently; reload to read \
                 it again"
            ),
            PageFault::Repeated { page, .. } => write!(
                f,
                "page {page} of the list points back at itself, so reading on would never end; \
                 the server's paging is broken (try a different page_size)"
            ),
        }
    }
}

impl std::error::Error for PageFault {}

/// A list's pages put together, first page first.
#[derive(Debug)]
pub struct Gather<T> {
    items: Vec<T>,
    seen: HashSet<String>,
    asked: Option<Cursor>,
    total: Option<u64>,
    pages: usize,
}

impl<T> Default for Gather<T> {
    fn default() -> Self {
        Gather {
            items: Vec::new(),
            seen: HashSet::new(),
            asked: None,
            total: None,
            pages: 0,
        }
    }
}

impl<T> Gather<T> {
    /// Adds the page answered to the cursor last returned (the first page first);
    /// answers where the next page starts, `None` when this was the last.
    pub fn add(
        &mut self,
        page: Page<T>,
        id: impl Fn(&T) -> &str,
    ) -> Result<Option<Cursor>, PageFault> {
        self.pages += 1;
        if let Some(next) = &page.next
            && self.asked.as_ref() == Some(next)
        {
            return Err(PageFault::Repeated {
                cursor: next.clone(),
                page: self.pages,
            });
        }
        self.items.reserve(page.items.len());
        for item in page.items {
            if !self.seen.insert(id(&item).to_owned()) {
                return Err(PageFault::Duplicate {
                    id: id(&item).to_owned(),
                    page: self.pages,
                });
            }
            self.items.push(item);
        }
        self.total = page.total.or(self.total);
        self.asked.clone_from(&page.next);
        Ok(page.next)
    }

    /// How many pages have come in.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Everything gathered, as one page with nothing after it.
    pub fn finish(self) -> Page<T> {
        Page {
            items: self.items,
            next: None,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &[&str], next: Option<&str>) -> Page<String> {
        Page {
            items: items.iter().map(|s| (*s).to_owned()).collect(),
            next: next.map(Cursor::new),
            total: None,
        }
    }

    #[test]
    fn pages_are_put_together_in_order_until_one_has_no_next() {
        let mut all = Gather::default();
        let next = all.add(page(&["a", "b"], Some("c2")), String::as_str);
        assert_eq!(next, Ok(Some(Cursor::new("c2"))));
        let mut last = page(&["c"], None);
        last.total = Some(3);
        assert_eq!(all.add(last, String::as_str), Ok(None));
        assert_eq!(all.pages(), 2);
        assert_eq!(
            all.finish(),
            Page {
                items: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
                next: None,
                total: Some(3),
            }
        );
    }

    #[test]
    fn an_item_seen_on_an_earlier_page_is_a_fault_with_a_hint() {
        let mut all = Gather::default();
        all.add(page(&["a", "b"], Some("2")), String::as_str)
            .unwrap();
        let fault = all
            .add(page(&["b", "c"], None), String::as_str)
            .unwrap_err();
        assert_eq!(
            fault,
            PageFault::Duplicate {
                id: "b".into(),
                page: 2
            }
        );
        assert!(fault.to_string().contains("reload"), "{fault}");
    }

    #[test]
    fn a_server_that_hands_back_the_cursor_it_was_given_is_stopped() {
        let mut all = Gather::default();
        all.add(page(&["a"], Some("p2")), String::as_str).unwrap();
        let fault = all
            .add(page(&["b"], Some("p2")), String::as_str)
            .unwrap_err();
        assert_eq!(
            fault,
            PageFault::Repeated {
                cursor: Cursor::new("p2"),
                page: 2
            }
        );
    }

    #[test]
    fn a_list_without_paging_is_one_last_page() {
        let one = Page::one(vec![1, 2]);
        assert!(one.is_last());
        assert_eq!(one.total, None);
    }
}
