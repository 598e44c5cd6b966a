//! The server's search behind a filter on a list read page by page: the filter
//! narrows the loaded rows at once, and once the typing rests the server is
//! asked with the list's search field; its matches beyond the loaded rows join
//! the list until the filter changes. A newer search cancels the one out.

use super::rows::{self, Paged, Put};
use super::{forget, on_screen, pages_mut};
use crate::api::client::RequestId;
use crate::api::error::ApiError;
use crate::api::model::{Filter, Reply};
use crate::app::update::error;
use crate::app::{App, Dispatch, Purpose};

/// The filter changed: server matches for the old text go, and the new text
/// is asked of the server once the typing rests (see `tick`).
pub(crate) fn filter_changed(app: &mut App) {
    let Some((tenant, list, lazy)) = on_screen(app) else {
        return;
    };
    let filter = app.level().filter.trim().to_owned();
    let now = app.now;
    let t = &mut app.tenants[tenant];
    let Some(pages) = pages_mut(t, &list) else {
        return;
    };
    let held = pages.search.found.take().is_some();
    if lazy.search.is_some() {
        pages.search.typed = (!filter.is_empty()).then_some((filter, now));
    }
    if held {
        rows::with_rows(
            t,
            &list,
            |_, l| rows::drop_found(l),
            |_, l| rows::drop_found(l),
        );
        t.generation += 1;
    }
    app.refresh_rows();
}

/// Whether a search waits for the typing to rest: the loop then ticks soon.
pub fn search_waiting(app: &App) -> bool {
    on_screen(app).is_some_and(|(tenant, list, _)| {
        super::pages(&app.tenants[tenant], &list).is_some_and(|p| {
            let search = &p.search;
            search.typed.as_ref().is_some_and(|(text, _)| {
                search
                    .pending
                    .as_ref()
                    .is_none_or(|(_, asked)| asked != text)
                    && search.found.as_ref() != Some(text)
            })
        })
    })
}

/// Sends the search for what the filter holds once it has rested for
/// `App::search_after`; a newer search cancels the one out.
pub(crate) fn tick(app: &mut App, io: &mut dyn Dispatch) {
    if !search_waiting(app) {
        return;
    }
    let Some((tenant, list, lazy)) = on_screen(app) else {
        return;
    };
    let Some(field) = lazy.search else {
        return;
    };
    let (now, after) = (app.now, app.search_after);
    let Some(search) = pages_mut(&mut app.tenants[tenant], &list).map(|p| &mut p.search) else {
        return;
    };
    let Some((text, at)) = search.typed.clone() else {
        return;
    };
    if now.saturating_duration_since(at) < after {
        return;
    }
    let older = search.pending.take().map(|(id, _)| id);
    forget(app, tenant, older, io);
    let filter = Filter {
        fields: vec![(field, vec![text.clone()])],
        states: Vec::new(),
    };
    let Some(id) = io.page(tenant, list.read(filter, None)) else {
        return;
    };
    if let Some(pages) = pages_mut(&mut app.tenants[tenant], &list) {
        pages.search.pending = Some((id, text.clone()));
    }
    app.requests
        .insert((tenant, id), Purpose::Search { list, text });
}

/// The server's matches came in: those not among the loaded rows are added
/// after them, for as long as the filter holds what was searched.
pub(crate) fn search_answered(
    app: &mut App,
    tenant: usize,
    id: RequestId,
    list: Paged,
    text: String,
    result: Result<Reply, ApiError>,
) {
    let filter = app.level().filter.trim().to_owned();
    let t = &mut app.tenants[tenant];
    let Some(pages) = pages_mut(t, &list) else {
        return;
    };
    if pages.search.pending.as_ref().map(|(id, _)| *id) != Some(id) {
        return;
    }
    pages.search.pending = None;
    let reply = match result {
        Ok(reply) => reply,
        Err(err) => {
            // The loaded rows still filter; the search is asked again when the
            // filter next changes.
            pages.search.found = Some(text);
            return error(
                app,
                format!("the server's search failed: {err}"),
                Some("the rows loaded are filtered as usual".into()),
            );
        }
    };
    if filter != text {
        return;
    }
    pages.search.found = Some(text);
    rows::take_reply(t, &list, reply, Put::Found);
    t.generation += 1;
    app.refresh_rows();
}
