//! What the console offers, and why not: a capability is offered when the backend
//! declares it, the server has not shown it lacks it, the caller's role may use it
//! and, for a change, the profile is not read-only. Keys, the footer, help, `:`
//! commands and the lists a tenant opens on all ask here, so nothing is offered and
//! then refused for a reason known beforehand.

use crate::api::model::{Capability, MemberState, Operation, Scope, Support, Target, Verb};
use crate::api::schema::Schema;

use super::keymap::Action;
use super::screens::{Level, Screen};
use super::update::{ensure_loaded, info};
use super::{App, Dispatch, Tenant};

/// Why a capability is not offered, in words for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unoffered {
    ReadOnly,
    /// The server answered that it lacks it (404 on a collection, 405, 501).
    ServerLacks {
        capability: Capability,
        reason: String,
        /// The capability in the schema's words: "creating organizations".
        what: String,
    },
    Role {
        role: String,
        capability: Capability,
        /// The capability in the schema's words: "create organizations".
        what: String,
    },
    /// Who-am-I has not answered yet: changes wait for the role.
    RolePending,
    /// The backend's API has no such operation (its schema declares none).
    Undeclared {
        capability: Capability,
        /// The capability in the schema's words: "creating organizations".
        what: String,
    },
}

impl Unoffered {
    /// "your role (agent) may not create organizations".
    pub fn reason(&self) -> String {
        match self {
            Unoffered::ReadOnly => "this profile is read-only".to_owned(),
            Unoffered::ServerLacks { reason, what, .. } => {
                format!("this server does not offer {what} ({reason})")
            }
            Unoffered::Role { role, what, .. } => format!("your role ({role}) may not {what}"),
            Unoffered::RolePending => {
                "your role is not known yet: who-am-I has not answered".to_owned()
            }
            Unoffered::Undeclared { what, .. } => format!("this backend does not offer {what}"),
        }
    }

    pub fn hint(&self) -> String {
        match self {
            Unoffered::ReadOnly => "use a profile without read_only = true",
            Unoffered::ServerLacks { .. } => {
                "this server's API lacks it; orgdeck asks again when it next starts"
            }
            Unoffered::Role { .. } => "ask an admin, or use a profile with an admin's token",
            Unoffered::RolePending => "changes are offered once it answers",
            Unoffered::Undeclared { .. } => "its API has no such operation",
        }
        .to_owned()
    }
}

impl Tenant {
    /// Who-am-I is on its way and nothing is known of the role yet: lists the role
    /// may not read must not be sent meanwhile.
    pub fn role_pending(&self) -> bool {
        self.me.data.is_none() && self.me.is_loading()
    }

    /// Whether `capability` is offered on this tenant, and if not, why.
    pub fn offer(&self, capability: Capability) -> Result<(), Unoffered> {
        self.offer_on(capability, false)
    }

    /// The same, for a use on the caller's own user when `on_self`. Changes wait
    /// for who-am-I; when it failed, the role stays unknown and the server is the
    /// judge, as it is of every read.
    pub fn offer_on(&self, capability: Capability, on_self: bool) -> Result<(), Unoffered> {
        let write = capability.is_write();
        if !self.schema().declares(capability) {
            return Err(Unoffered::Undeclared {
                capability,
                what: self.schema().offer(capability),
            });
        }
        if write && self.read_only {
            return Err(Unoffered::ReadOnly);
        }
        if let Support::Unavailable(reason) = self.capabilities.support(capability) {
            return Err(Unoffered::ServerLacks {
                capability,
                reason,
                what: self.schema().offer(capability),
            });
        }
        match &self.me.data {
            Some(me) if !self.role_allows(&me.role, capability, on_self) => Err(Unoffered::Role {
                role: me.role.clone(),
                capability,
                what: self.schema().describe(capability),
            }),
            None if write && self.role_pending() => Err(Unoffered::RolePending),
            _ => Ok(()),
        }
    }

    /// The screen a tenant opens on: its organizations, or for a role that may not
    /// list them, its users (for a customer the server lists only the caller: the
    /// one row a customer may see, with `i` for every field).
    pub fn opening_screen(&self, tenant: usize) -> Screen {
        let schema = self.schema();
        let everyone = crate::app::screens::everyone_view(schema);
        let Some(orgs) = Screen::top(schema, tenant) else {
            // A backend without levels opens on its list of everyone.
            return match everyone {
                Some(view) => Screen::View { tenant, view },
                None => Screen::Tenants,
            };
        };
        // The view of everyone: for a customer, the server lists only the caller.
        let lists = |screen: &Screen| {
            screen_capability(schema, screen).is_none_or(|c| self.offer(c).is_ok())
        };
        if let Some(view) = everyone
            && !lists(&orgs)
        {
            let view = Screen::View { tenant, view };
            if lists(&view) {
                return view;
            }
        }
        orgs
    }
}

/// The list a screen is made of, which the role must be able to read to open it.
pub fn screen_capability(schema: &Schema, screen: &Screen) -> Option<Capability> {
    let target = match screen {
        Screen::Nodes { level, .. } => Target::Level(*level),
        // A people screen is cut from the list of everyone, where there is one:
        // that is what it reads; else a node's tab is read on its own.
        Screen::Node { level, tab, .. } if crate::app::screens::everyone_view(schema).is_none() => {
            Target::Tab(*level, *tab)
        }
        // A view read page by page is read on its own.
        Screen::View { view, .. } if crate::app::screens::lazy_view(schema, *view).is_some() => {
            Target::View(*view)
        }
        Screen::Node { .. } | Screen::View { .. } => {
            Target::View(crate::app::screens::everyone_view(schema)?)
        }
        Screen::Approvals { .. } => Target::Approvals,
        Screen::Tenants | Screen::Detail { .. } | Screen::Messages | Screen::Requests => {
            return None;
        }
    };
    Some(Capability::new(Verb::List, target))
}

/// Where the parties of a people screen are listed and changed: a node's tab,
/// or a tenant-wide view.
pub fn party_scope(schema: &Schema, screen: &Screen) -> Option<Scope> {
    match screen {
        Screen::Node { level, id, tab, .. } => {
            let _ = schema.level(*level)?.tab(*tab)?;
            Some(Scope::Node {
                level: *level,
                id: id.clone(),
                tab: *tab,
            })
        }
        Screen::View { view, .. } => Some(Scope::Tenant(*view)),
        _ => None,
    }
}

impl App {
    /// The capability `action` would use on this screen and selection; None for
    /// actions that use none (moving, help) or that do not apply here.
    pub fn action_capability(&self, action: Action) -> Option<Capability> {
        let schema = self.current_tenant()?.schema();
        // The level of the node an action applies to, or of the list a new one joins.
        let level = match (self.org_target(), self.screen()) {
            (Some((_, node)), _) => Some(node.level),
            (None, Screen::Nodes { level, .. }) => Some(*level),
            _ => None,
        };
        let on_org = self.org_target().is_some();
        let on_level = |verb| level.map(|l| Capability::new(verb, Target::Level(l)));
        let verb = match action {
            Action::New => match self.screen() {
                Screen::Nodes { .. } => return on_level(Verb::Create),
                Screen::Node { .. } | Screen::View { .. } => Verb::Invite,
                Screen::Tenants
                | Screen::Detail { .. }
                | Screen::Approvals { .. }
                | Screen::Messages
                | Screen::Requests => {
                    return None;
                }
            },
            Action::Approve | Action::Reject => {
                self.selected_approval()?;
                return Some(Capability::new(Verb::Decide, Target::Approvals));
            }
            Action::Edit if on_org => return on_level(Verb::Update),
            Action::Suspend if on_org => return on_level(Verb::Toggle),
            Action::Delete if on_org => return on_level(Verb::Delete),
            // A person's suspension is an edit of their status.
            Action::Edit | Action::Suspend => Verb::UpdateMember,
            Action::Delete => self.person_delete_verb(schema),
            Action::Resend => Verb::Resend,
            _ => return None,
        };
        self.selected_person()?;
        Some(Capability::new(verb, self.party_target(schema)))
    }

    /// The scope of the nearest people screen on the stack: the one on screen, or
    /// for a person's details, the one they were opened from.
    pub(crate) fn scope_on_stack(&self, schema: &Schema) -> Option<Scope> {
        self.stack
            .iter()
            .rev()
            .find_map(|level| party_scope(schema, &level.screen))
    }

    /// What the delete key does to a person here: what their tab declares (see
    /// `Tab::delete_verb`), else revoking an invite.
    fn person_delete_verb(&self, schema: &Schema) -> Verb {
        match self.scope_on_stack(schema) {
            Some(Scope::Node { level, tab, .. }) => schema
                .level(level)
                .and_then(|l| l.tab(tab))
                .map_or(Verb::Revoke, |t| t.delete_verb()),
            _ => Verb::Revoke,
        }
    }

    /// Whether the delete key removes the selected person from their node (rather
    /// than revoking a pending invite).
    /// What the footer calls a key here, where its action depends on what is
    /// selected: `d revoke` on a pending invite, `d remove` on a member, `s
    /// activate` on a suspended organization. `None`: the key's own word.
    pub fn footer_word(&self, action: Action) -> Option<&'static str> {
        match action {
            Action::Delete if self.org_target().is_none() => {
                self.selected_person()?;
                Some(if self.delete_removes() {
                    "remove"
                } else {
                    "revoke"
                })
            }
            Action::Suspend => {
                if let Some((t, org)) = self.org_target() {
                    let level = self.tenants[t].schema().level(org.level)?;
                    let toggle = level.toggle?;
                    let value = org.record.get(level.fields, toggle.field).to_value();
                    let on = value.as_text().map(str::trim) == Some(toggle.on.0);
                    return Some(if on { toggle.off.1 } else { toggle.on.1 });
                }
                let (t, person) = self.selected_person()?;
                let toggle = self.tenants[t].schema().party_toggle?;
                let suspended = person.state == MemberState::Suspended;
                Some(if suspended { toggle.off.1 } else { toggle.on.1 })
            }
            _ => None,
        }
    }

    pub(crate) fn delete_removes(&self) -> bool {
        self.current_tenant().is_some_and(|t| {
            matches!(
                self.person_delete_verb(t.schema()),
                Verb::RemoveMember | Verb::SetMembers
            )
        })
    }

    /// What a change to the selected person acts on (see `scope_on_stack`).
    fn party_target(&self, schema: &Schema) -> Target {
        self.scope_on_stack(schema)
            .map_or(Target::Parties, |scope| scope.target())
    }

    /// Whether `screen`'s list may be read, and if not, why: a screen that is not
    /// is neither opened nor asked for.
    pub fn screen_offer(&self, screen: &Screen) -> Result<(), Unoffered> {
        let tenant = screen.tenant().and_then(|t| self.tenants.get(t));
        let capability = tenant.and_then(|t| screen_capability(t.schema(), screen));
        match (tenant, capability) {
            (Some(tenant), Some(capability)) => tenant.offer(capability),
            _ => Ok(()),
        }
    }

    /// Whether `action` is offered here as far as capabilities go, and if not, why.
    pub fn action_offer(&self, action: Action) -> Result<(), Unoffered> {
        let (Some(capability), Some(tenant)) =
            (self.action_capability(action), self.current_tenant())
        else {
            return Ok(());
        };
        // Editing oneself may be allowed where editing others is not; suspending
        // oneself is not editing oneself.
        let on_self = action == Action::Edit
            && self.org_target().is_none()
            && self
                .selected_person()
                .zip(tenant.me.data.as_ref())
                .is_some_and(|((_, person), me)| person.id() == me.id);
        tenant.offer_on(capability, on_self)
    }

    /// The schema's own note on a gap, for a key whose capability the backend
    /// does not declare at all: its words say why ("… has no invitations: …").
    /// Notes are found by their topic: invitations, suspension, deletion.
    pub fn note_on(&self, action: Action, why: &Unoffered) -> Option<String> {
        let Unoffered::Undeclared { capability, .. } = why else {
            return None;
        };
        let topic = match (action, capability.verb) {
            (_, Verb::Invite | Verb::Resend | Verb::Revoke) => "invitations",
            (Action::Suspend, _) | (_, Verb::Toggle) => "suspension",
            (_, Verb::Delete) | (Action::Edit, Verb::Update) => "deletion",
            _ => return None,
        };
        let schema = self.current_tenant()?.schema();
        schema
            .notes
            .iter()
            .find(|(about, _)| *about == topic)
            .map(|(_, note)| (*note).to_owned())
    }

    /// Whether the backend offers what `action` does anywhere at all: help leaves
    /// out the keys of what it lacks (no resend where nothing is ever invited).
    pub fn backend_has(&self, action: Action) -> bool {
        let schema = self.schema();
        let tabs = || schema.levels.iter().flat_map(|l| l.tabs.iter());
        let tab_offers =
            |verbs: &[Verb]| tabs().any(|t| verbs.iter().any(|v| t.offers.contains(v)));
        match action {
            Action::Resend => tab_offers(&[Verb::Resend]),
            Action::Mark => tab_offers(&[Verb::SetMembers]),
            Action::Suspend => {
                schema.party_toggle.is_some() || schema.levels.iter().any(|l| l.toggle.is_some())
            }
            Action::Edit => {
                schema.party_edit.is_some() || schema.levels.iter().any(|l| l.edit.is_some())
            }
            Action::Delete => {
                tab_offers(&[Verb::Revoke, Verb::RemoveMember, Verb::SetMembers])
                    || schema.levels.iter().any(|l| !l.delete_effect.is_empty())
            }
            _ => true,
        }
    }

    /// The actions that apply here but are not offered, with the capability each
    /// would use and why not: what help lists apart.
    pub fn unoffered_actions(&self) -> Vec<(Action, Capability, Unoffered)> {
        Action::ALL
            .into_iter()
            .filter(|action| self.applies_here(*action))
            .filter_map(|action| {
                let capability = self.action_capability(action)?;
                let why = self.action_offer(action).err()?;
                Some((action, capability, why))
            })
            .collect()
    }

    /// Revoking and resending are for pending invites only; other people have
    /// nothing to revoke or resend, whatever the role.
    fn applies_here(&self, action: Action) -> bool {
        match action {
            Action::Delete if self.org_target().is_none() && self.delete_removes() => true,
            Action::Resend | Action::Delete if self.org_target().is_none() => self
                .selected_person()
                .is_some_and(|(_, p)| p.state == MemberState::Invited),
            _ => true,
        }
    }
}

/// A list is not asked for while the role that decides whether it may be read is
/// on its way (who-am-I's answer sends it), nor when the role may not read it. One
/// the server lacks is still asked: the client refuses it without a request, and
/// the list shows why.
pub(super) fn role_holds_back(tenant: &Tenant, op: &Operation) -> bool {
    if matches!(op, Operation::WhoAmI) {
        return false;
    }
    tenant.role_pending() || matches!(tenant.offer(op.capability()), Err(Unoffered::Role { .. }))
}

/// Who-am-I has answered a tenant whose role was not known: the screens of that
/// tenant that its role may not read give way to the one it opens on, and the
/// lists that waited are sent.
pub(crate) fn role_settled(app: &mut App, tenant: usize, io: &mut dyn Dispatch) {
    let unreadable = app.stack.iter().enumerate().find_map(|(at, level)| {
        let why = app.screen_offer(&level.screen).err();
        why.filter(|_| level.screen.tenant() == Some(tenant))
            .map(|why| (at, why))
    });
    if let Some((at, why)) = unreadable {
        let screen = app.tenants[tenant].opening_screen(tenant);
        app.stack.truncate(at);
        app.stack.push(Level::new(screen));
        let shown = app.breadcrumbs().pop().unwrap_or_default();
        info(app, format!("{}; showing {shown}", why.reason()));
    }
    let screen = app.screen().clone();
    if screen.tenant() == Some(tenant) {
        ensure_loaded(app, &screen, io);
    }
    // A form opened while the role was not known may now load what it picks from.
    super::form::offer_parties(app, Some(io));
    app.refresh_rows();
}
