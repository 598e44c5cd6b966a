//! Breadcrumbs: where the operator is, in the schema's words (Tenant ›
//! Organization › Members), along a node's lineage.

use super::App;
use super::screens::{self, Screen};

impl App {
    /// Breadcrumbs: Tenant › Organization › Members, in the schema's words.
    pub fn breadcrumbs(&self) -> Vec<String> {
        let screen = self.screen();
        let Some(tenant) = screen.tenant().and_then(|t| self.tenants.get(t)) else {
            return vec![super::messages::crumb(screen).to_owned()];
        };
        let org_name = |id: &str| tenant.org(id).map_or(id.to_owned(), |o| o.name.clone());
        // A node's ancestors, top first, then the node itself.
        let lineage = |id: &str| {
            let mut names = vec![org_name(id)];
            let mut at = tenant.org(id).and_then(|n| n.parent.clone());
            while let Some(parent) = at.filter(|_| names.len() < 16) {
                names.push(org_name(&parent));
                at = tenant.org(&parent).and_then(|n| n.parent.clone());
            }
            names.reverse();
            names
        };
        let schema = tenant.schema();
        let mut crumbs = vec![tenant.profile.clone()];
        match screen {
            Screen::Tenants | Screen::Messages | Screen::Requests => {}
            Screen::Nodes { level, parent, .. } => {
                if let Some(parent) = parent {
                    crumbs.extend(lineage(parent));
                }
                crumbs.push(
                    schema
                        .level(*level)
                        .map_or(String::new(), |l| capitalised(l.nouns.1)),
                );
            }
            Screen::View { view, .. } => {
                crumbs.push(schema.view(*view).map_or("", |v| v.crumb).into());
            }
            Screen::Node { level, id, tab, .. } => {
                crumbs.extend(lineage(id));
                let tab = schema.level(*level).and_then(|l| l.tab(*tab));
                crumbs.push(tab.map_or("", |t| t.label).into());
            }
            Screen::Approvals { .. } => {
                crumbs.push(schema.approvals.map_or("", |q| q.crumb).into());
            }
            Screen::Detail { subject, .. } => match subject {
                screens::Subject::Approval(id) => {
                    crumbs.push(schema.approvals.map_or("", |q| q.crumb).into());
                    crumbs.push(id.clone());
                }
                screens::Subject::Node { id, .. } => {
                    crumbs.extend(lineage(id));
                    crumbs.push("Details".into());
                }
                screens::Subject::Party(id) => {
                    if let Some(org) = tenant
                        .person(id)
                        .and_then(|p| p.memberships.first())
                        .map(|m| m.node.to_string())
                        && tenant.org(&org).is_some()
                    {
                        crumbs.push(org_name(&org));
                    }
                    // Named as the lists name it (an email, a legal name), not by
                    // an id only the server reads.
                    let label = tenant
                        .person(id)
                        .map(|p| p.label(schema))
                        .filter(|l| !l.is_empty());
                    crumbs.push(label.unwrap_or(id).to_owned());
                }
            },
        }
        crumbs
    }
}

/// "Organizations" from "organizations".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
