//! Breadcrumbs: the path the operator took, in the schema's words (acme ›
//! Organizations › Users), one or two crumbs for each screen on the stack, the
//! screen shown last; shortened from the left when they do not fit.

use super::App;
use super::Tenant;
use super::screens::{Screen, Subject};
use crate::text;

/// Between two crumbs.
pub const SEPARATOR: &str = " › ";
/// In place of the crumbs cut from the left.
const CUT: &str = "…";
/// The fewest columns the last crumb is cut to after "… › ".
const NARROWEST: usize = 8;

impl App {
    /// The tenant's name, then each screen on the stack in the order they were
    /// opened: acme › Organizations › Acme Ltd › Members.
    pub fn breadcrumbs(&self) -> Vec<String> {
        let screen = self.screen();
        let Some(tenant) = screen.tenant().and_then(|t| self.tenants.get(t)) else {
            return vec![super::messages::crumb(screen).to_owned()];
        };
        let mut crumbs = vec![tenant.profile.clone()];
        for level in &self.stack {
            crumbs.extend(screen_crumbs(tenant, &level.screen));
        }
        crumbs
    }

    /// The breadcrumbs in at most `width` columns: those that do not fit go from
    /// the left, where the path began, so the screen shown is always named.
    pub fn breadcrumb_line(&self, width: usize) -> String {
        fit_crumbs(&self.breadcrumbs(), width)
    }
}

/// "… › Acme Ltd › Members": the last crumbs that fit in `width` after "…", the
/// last one cut at its end if it alone is too wide.
pub fn fit_crumbs(crumbs: &[String], width: usize) -> String {
    // Measured as drawn: server names have their controls made visible.
    let shown: Vec<String> = crumbs
        .iter()
        .map(|c| text::visible(&crate::api::secret::scrub(c)).into_owned())
        .collect();
    let whole = shown.join(SEPARATOR);
    if text::width(&whole) <= width {
        return whole;
    }
    let Some((last, before)) = shown.split_last() else {
        return String::new();
    };
    let mut kept = vec![last.as_str()];
    let mut used = text::width(CUT) + text::width(SEPARATOR) + text::width(last);
    for crumb in before.iter().rev() {
        let more = text::width(crumb) + text::width(SEPARATOR);
        if used + more > width {
            break;
        }
        used += more;
        kept.push(crumb);
    }
    if used > width {
        // The cut is still said where there is room to say it.
        let prefix = text::width(CUT) + text::width(SEPARATOR);
        return match width.checked_sub(prefix) {
            Some(room) if !before.is_empty() && room >= NARROWEST => {
                format!("{CUT}{SEPARATOR}{}", text::ellipsize(last, room))
            }
            _ => text::ellipsize(last, width),
        };
    }
    kept.push(CUT);
    kept.reverse();
    kept.join(SEPARATOR)
}

/// What one screen on the path adds: its node's name, if it is a node's, then
/// what it lists.
fn screen_crumbs(tenant: &Tenant, screen: &Screen) -> Vec<String> {
    let schema = tenant.schema();
    let node_name = |id: &str| tenant.org(id).map_or(id.to_owned(), |o| o.name.clone());
    match screen {
        Screen::Tenants => Vec::new(),
        Screen::Messages | Screen::Requests => vec![super::messages::crumb(screen).to_owned()],
        Screen::Nodes { level, parent, .. } => {
            let list = schema
                .level(*level)
                .map_or(String::new(), |l| capitalised(l.nouns.1));
            match parent {
                Some(parent) => vec![node_name(parent), list],
                None => vec![list],
            }
        }
        Screen::View { view, .. } => {
            vec![schema.view(*view).map_or("", |v| v.crumb).into()]
        }
        Screen::Node { level, id, tab, .. } => {
            let tab = schema.level(*level).and_then(|l| l.tab(*tab));
            vec![node_name(id), tab.map_or("", |t| t.label).into()]
        }
        Screen::Approvals { .. } => {
            vec![schema.approvals.map_or("", |q| q.crumb).into()]
        }
        Screen::Detail { subject, .. } => match subject {
            Subject::Approval(id) => vec![id.clone()],
            Subject::Node { id, .. } => vec![node_name(id), "Details".into()],
            // Named as the lists name it (an email, a legal name), not by an
            // id only the server reads.
            Subject::Party(id) => vec![
                tenant
                    .person(id)
                    .map(|p| p.label(schema))
                    .filter(|l| !l.is_empty())
                    .unwrap_or(id)
                    .to_owned(),
            ],
        },
    }
}

/// "Organizations" from "organizations".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crumbs(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn crumbs_that_do_not_fit_go_from_the_left_and_the_last_always_shows() {
        let path = crumbs(&["acme", "Organizations", "Acme Ltd", "Members"]);
        assert_eq!(
            fit_crumbs(&path, 80),
            "acme › Organizations › Acme Ltd › Members"
        );
        assert_eq!(fit_crumbs(&path, 26), "… › Acme Ltd › Members");
        assert_eq!(fit_crumbs(&path, 21), "… › Members");
        assert_eq!(fit_crumbs(&path, 10), "Members", "no room to say the cut");
        // A last crumb too wide on its own is cut at its end, after "… › ".
        let person = crumbs(&["acme", "Members", "kwame.asante@acme-ltd.com"]);
        assert_eq!(fit_crumbs(&person, 15), "… › kwame.asan…");
        assert_eq!(fit_crumbs(&person, 10), "kwame.asa…");
        assert_eq!(fit_crumbs(&path, 5), "Memb…");
        assert_eq!(fit_crumbs(&crumbs(&["Members"]), 5), "Memb…");
        assert_eq!(fit_crumbs(&[], 5), "");
        // A name from a server is measured as it is drawn.
        let hostile = crumbs(&["acme", "Evil\u{1b}[2J", "Members"]);
        assert!(!fit_crumbs(&hostile, 80).contains('\u{1b}'));
    }
}
