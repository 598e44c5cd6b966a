//! Feeding a form's parties picker from the tenant: the node tab it picks from is
//! loaded through the usual path when the form opens, and each answer for that
//! tab (or a role becoming known) tells the picker what it may now offer.

use super::Offer;
use crate::api::model::{Filter, Operation, Party, Scope};
use crate::api::schema::{FieldId, LevelId, Schema, TabId};
use crate::app::screens::Screen;
use crate::app::tenant::Tenant;
use crate::app::{App, Dispatch, Overlay, loads};

/// Tells an open form's parties picker what it may offer; with `io`, first asks
/// for the tab's list if it is neither there nor on its way.
pub(crate) fn offer_parties(app: &mut App, io: Option<&mut dyn Dispatch>) {
    let Some(Overlay::Form(form)) = &app.overlay else {
        return;
    };
    let Some((level, id, tab, sends)) = form.parties_tab() else {
        return;
    };
    let tenant = form.tenant;
    let screen = Screen::Node {
        tenant,
        level,
        id: id.clone(),
        tab,
    };
    if let Some(io) = io {
        loads::ensure_loaded(app, &screen, io);
    }
    let offer = offer(&app.tenants[tenant], &screen, (level, id, tab), sends);
    if let Some(Overlay::Form(form)) = &mut app.overlay {
        form.offer_parties(&offer);
    }
}

fn offer(
    t: &Tenant,
    screen: &Screen,
    (level, id, tab): (LevelId, String, TabId),
    sends: Option<FieldId>,
) -> Offer {
    let schema = t.schema();
    let list = Operation::ListParties {
        scope: Scope::Node {
            level,
            id: id.clone(),
            tab,
        },
        filter: Filter::default(),
        page: None,
    };
    let whose = whose(schema, level, tab);
    if let Err(why) = t.offer(list.capability()) {
        return Offer::Typed(why.reason());
    }
    let Some(remote) = t.parties(screen) else {
        return Offer::Loading(format!("loading {whose}…"));
    };
    if let Some(parties) = &remote.data {
        let options = parties.iter().filter_map(|p| option(schema, p, sends));
        return Offer::Ready(options.collect());
    }
    match remote.trouble() {
        Some(trouble) if !remote.is_loading() => {
            Offer::Typed(format!("could not load {whose}: {}", trouble.cause))
        }
        _ => Offer::Loading(format!("loading {whose}…")),
    }
}

/// "the organization's users".
fn whose(schema: &Schema, level: LevelId, tab: TabId) -> String {
    let Some(level) = schema.level(level) else {
        return schema.party_nouns.1.to_owned();
    };
    let tab = level.tab(tab).map_or(schema.party_nouns.1, |t| t.label);
    format!("the {}'s {}", level.nouns.0, tab.to_lowercase())
}

/// A party as the picker names it: "Ada Admin (ada@example.com)", with what is
/// sent for it (none when the field to send is blank: it cannot be picked).
fn option(schema: &Schema, party: &Party, sends: Option<FieldId>) -> Option<(String, String)> {
    let value = match sends {
        Some(field) => party.get(schema, field).as_text()?.trim().to_owned(),
        None => party.id().to_owned(),
    };
    let name = party.full_name(schema);
    let label = party.label(schema);
    let shown = if name == label {
        name
    } else {
        format!("{name} ({label})")
    };
    (!value.is_empty()).then_some((value, shown))
}
