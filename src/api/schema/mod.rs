//! What a backend's screens are made of, as data: its levels (the node hierarchy)
//! with their nouns, columns, detail fields and forms; its member tabs; its
//! tenant-wide views; its roles and its profile options. The console and the CLI
//! draw from this, so neither spells a vendor's wire names and the two cannot
//! diverge.
//!
//! Ids are `&'static str` newtypes whose values only a backend's schema declares:
//! shared code compares them and never writes one.

use crate::api::model::{Capability, Verb};

mod cli;
mod dialogs;
mod faults;
mod fields;
mod marks;
mod options;
mod words;

pub use cli::{CliFilter, LevelCli, MemberCli, NodeTabCli, TabCli, ViewCli, fill, update_flags};
pub use dialogs::{DialogText, NodeDialogs, PartyDialogs, ResendText};

pub use faults::faults;
pub use fields::{
    Choice, CliArg, FieldSpec, FormSpec, InputKind, PickFrom, Shown, field, form_fields, shown,
};
pub use marks::Mark;
pub use options::{BackendOptions, OptionKind, OptionSpec, option_defaults};

macro_rules! schema_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub &'static str);

        impl $name {
            pub fn as_str(self) -> &'static str {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
    };
}

schema_id!(
    /// A level of the hierarchy: a customer organization, an enterprise.
    LevelId
);
schema_id!(
    /// A field of a node's or a party's record.
    FieldId
);
schema_id!(
    /// A member tab under a node (members, pending invites).
    TabId
);
schema_id!(
    /// A tenant-wide list of parties (all users, staff).
    ViewId
);

/// A contract's rule for one value: the value normalised, or why it is not valid.
pub type Rule = fn(&str) -> Result<String, String>;

/// Everything a backend's screens are drawn from.
#[derive(Debug)]
pub struct Schema {
    /// How the backend is named to operators.
    pub title: &'static str,
    /// Top level first; a level's `parent` names one declared before it.
    pub levels: &'static [Level],
    /// A party's record layout (login users, billing customers).
    pub party_fields: &'static [FieldSpec],
    /// The party columns of the tenant-wide views and the member tabs.
    pub party_columns: &'static [Column],
    /// What the detail view shows of one party.
    pub party_detail: &'static [Detail],
    /// The CLI's table and `show` lines of parties.
    pub party_cli_columns: &'static [Column],
    pub party_cli_detail: &'static [Detail],
    /// Editing one party (MuninX: a user).
    pub party_edit: Option<FormSpec>,
    /// ("user", "users"): what help and errors call a party.
    pub party_nouns: (&'static str, &'static str),
    /// "a" or "an", before the singular.
    pub party_article: &'static str,
    /// The field a party is named by in titles ("Edit jane@acme.com").
    pub party_label: FieldId,
    /// The field that holds a party's role, which an invite can start on.
    pub party_role: Option<FieldId>,
    /// The fields a party's full name is made of ("Jane" "Doe").
    pub party_name: &'static [FieldId],
    /// What `/` matches a party by.
    pub party_search: &'static [FieldId],
    /// Suspending and reactivating a party: its state field and the two values.
    pub party_toggle: Option<Toggle>,
    /// What the console asks before suspending, reactivating or revoking a party,
    /// and what it says while resending an invite.
    pub party_dialogs: Option<PartyDialogs>,
    pub views: &'static [View],
    /// The server's queue of changes held until other admins approve them, if it
    /// has one.
    pub approvals: Option<Queue>,
    pub roles: &'static [RoleSpec],
    /// Profile keys of this backend beyond the shared ones.
    pub options: &'static [OptionSpec],
    /// Whether a create carries an idempotency key made when its form opens.
    pub idempotent_creates: bool,
    /// Gaps stated plainly, shown in help: ("invitations", "no invitations here").
    /// A key whose capability is not declared gives the note on its topic as
    /// the reason: "invitations", "suspension", "deletion" (of or renaming a node).
    pub notes: &'static [(&'static str, &'static str)],
    /// The keys `--json` writes fields under where they are not the wire names
    /// (what scripts already read).
    pub json_names: &'static [(FieldId, &'static str)],
}

impl Schema {
    /// The key `--json` writes `field` under.
    pub fn json_name(&self, field: &FieldSpec) -> &'static str {
        self.json_names
            .iter()
            .find(|(id, _)| *id == field.id)
            .map_or(field.wire, |(_, name)| name)
    }
}

/// A command line's filter values, by the field each filters on.
pub type Filters = [(FieldId, Vec<String>)];

/// One level of the hierarchy.
#[derive(Debug)]
pub struct Level {
    pub id: LevelId,
    /// ("organization", "organizations"): what the footer, help and errors say.
    pub nouns: (&'static str, &'static str),
    /// "a" or "an", before the singular.
    pub article: &'static str,
    /// The list's title after the tenant: "customer organizations".
    pub title: &'static str,
    /// The CLI subcommand: `orgdeck orgs list`.
    pub cli: &'static str,
    /// Its commands' words; `None`: the level has no commands of its own.
    pub cli_spec: Option<LevelCli>,
    /// The console's `:` command that opens the list.
    pub command: &'static str,
    pub parent: Option<LevelId>,
    /// The record layout: every field a node of this level carries, in order.
    pub fields: &'static [FieldSpec],
    /// The field the list, breadcrumbs and dialogs name a node by.
    pub name_field: FieldId,
    pub columns: &'static [Column],
    pub detail: &'static [Detail],
    /// The CLI's `list` table and `show` lines, which scripts read: kept apart from
    /// the console's so that neither has to change when the other does.
    pub cli_columns: &'static [Column],
    pub cli_detail: &'static [Detail],
    pub create: Option<FormSpec>,
    pub edit: Option<FormSpec>,
    pub toggle: Option<Toggle>,
    pub find: Option<Find>,
    pub tabs: &'static [Tab],
    /// What `/` matches a node by, beside its name and id.
    pub search: &'static [FieldId],
    /// What deleting one does, for the confirmation ("its members lose …").
    pub delete_effect: &'static str,
    /// What the console asks before the toggle and a delete.
    pub dialogs: Option<NodeDialogs>,
    /// `Some`: the console reads this level's list a page at a time as the
    /// operator scrolls, instead of whole before showing it.
    pub lazy: Option<LazyPaging>,
    /// `Some`: the API lists no nodes of this level; its list is collected from
    /// the records of another listing (Sequence: organizations from every
    /// customer's `organizations[]`), read to its end.
    pub collected: Option<Collected>,
}

/// A level whose list is collected from another listing's pages.
#[derive(Debug, Clone, Copy)]
pub struct Collected {
    /// What is read to collect it, for the progress line: "customers" gives
    /// "reading customers… 400 of 1,250".
    pub from: &'static str,
    /// The listing may not show every node (one with no members): nodes this
    /// console creates are remembered in the state directory and shown with
    /// the list when it does not hold them.
    pub remember_created: bool,
}

/// How a level's list is read page by page.
#[derive(Debug, Clone, Copy)]
pub struct LazyPaging {
    /// Items asked for per page.
    pub page_size: u32,
    /// The filter field the server searches by, if it has one. A search answer
    /// is a list of its own: it is never paged on from a cursor.
    pub search: Option<FieldId>,
    /// The parent level's field that counts this level's nodes: the "of N" while
    /// the list loads, where the pages themselves carry no total.
    pub total: Option<FieldId>,
}

/// Parties tied to a node, as one tab of its screen.
#[derive(Debug)]
pub struct Tab {
    pub id: TabId,
    pub label: &'static str,
    /// The console's `:` command that opens it on the selected node.
    pub command: &'static str,
    pub party_kind: PartyKind,
    /// Which memberships the tab lists.
    pub states: &'static [MemberStateName],
    pub invite: Option<FormSpec>,
    /// What may be done to a party here, beside listing it.
    pub offers: &'static [Verb],
    /// How help and refusals name resending and revoking here: (verb, noun).
    pub resend_words: (&'static str, &'static str),
    pub revoke_words: (&'static str, &'static str),
    pub empty_text: &'static str,
    /// The CLI's commands for this tab's parties (`invite`, `invites …`), if any.
    pub cli: Option<TabCli>,
    /// What the console asks before removing a party from the node (`{party}`,
    /// `{name}` and `{node}` filled in). With it, the delete key removes anyone
    /// listed here (`Verb::RemoveMember`, or `Verb::SetMembers`: the list is
    /// replaced by the one without them); without, it revokes pending invites.
    pub remove: Option<DialogText>,
    /// A party the tab lists who is not one of the members a replace names, and
    /// so cannot be removed here (Sequence: the organization's owner).
    pub kept: Option<Kept>,
    /// The last party listed with this role must stay and keep it (an
    /// organization's last owner): the console refuses, before sending, to remove
    /// them or change their role, when the tab's whole list is read and holds no
    /// other; `why` says so (`{party}` and `{node}` filled in).
    pub last: Option<Kept>,
    /// Which of its parties a count of the tab (`Source::TabCount`) counts, by
    /// membership state (pending invitations); empty: every party it lists.
    pub counted: &'static [MemberStateName],
    /// The console's columns here, where the schema's `party_columns` do not fit
    /// what the tab's parties carry; None: those.
    pub columns: Option<&'static [Column]>,
}

/// Who a tab lists beside its members: known by their role at the node.
#[derive(Debug, Clone, Copy)]
pub struct Kept {
    /// Their role at the node (the membership's, else the party's role field).
    pub role: &'static str,
    /// Why the delete key leaves them alone (`{party}` and `{node}` filled in).
    pub why: &'static str,
}

impl Tab {
    /// What the delete key does to a party listed here.
    pub fn delete_verb(&self) -> Verb {
        if self.remove.is_some() && self.offers.contains(&Verb::RemoveMember) {
            Verb::RemoveMember
        } else if self.remove.is_some() && self.offers.contains(&Verb::SetMembers) {
            Verb::SetMembers
        } else {
            Verb::Revoke
        }
    }
}

/// A tenant-wide queue of pending approvals, as the console names it.
#[derive(Debug, Clone, Copy)]
pub struct Queue {
    /// The console's `:` command that opens it.
    pub command: &'static str,
    /// The list's title after the tenant: "pending approvals".
    pub label: &'static str,
    /// What the breadcrumbs call it: "Approvals".
    pub crumb: &'static str,
}

/// A tenant-wide list of parties.
#[derive(Debug)]
pub struct View {
    pub id: ViewId,
    /// The list's title after the tenant: "all users".
    pub label: &'static str,
    /// What the breadcrumbs call it: "Users".
    pub crumb: &'static str,
    /// The console's `:` command.
    pub command: &'static str,
    /// The CLI's `<view> list` (`users list`), if the view has its own.
    pub cli: Option<ViewCli>,
    pub filter: PartyFilter,
    pub invite: Option<FormSpec>,
    /// `Some`: the console reads the view a page at a time as the operator
    /// scrolls, and `/` also asks the server's search.
    pub lazy: Option<LazyPaging>,
    /// The console's columns here, where the schema's `party_columns` do not fit
    /// (a role that only means something inside a node, a field the view's
    /// items do not carry); None: those.
    pub columns: Option<&'static [Column]>,
}

/// Which parties a view holds, in schema terms.
#[derive(Debug, Clone, Copy)]
pub struct PartyFilter {
    /// Only parties whose role field holds one of these (empty: any).
    pub roles: &'static [&'static str],
    /// Only parties in one of these states (empty: any).
    pub states: &'static [MemberStateName],
}

/// The neutral names of a membership's state, as schemas and filters spell them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberStateName {
    Active,
    Invited,
    AwaitingApproval,
    Suspended,
    /// Ended without joining: an invitation revoked or expired.
    Closed,
}

impl MemberStateName {
    /// A state as servers and command lines word it: "pending" is invited.
    pub fn parse(word: &str) -> Option<MemberStateName> {
        match word.trim().to_ascii_lowercase().as_str() {
            "active" => Some(MemberStateName::Active),
            "invited" | "pending" => Some(MemberStateName::Invited),
            "awaiting-approval" | "awaiting approval" => Some(MemberStateName::AwaitingApproval),
            "suspended" => Some(MemberStateName::Suspended),
            "closed" | "revoked" | "expired" => Some(MemberStateName::Closed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MemberStateName::Active => "active",
            MemberStateName::Invited => "invited",
            MemberStateName::AwaitingApproval => "awaiting approval",
            MemberStateName::Suspended => "suspended",
            MemberStateName::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    /// A login user.
    User,
    /// A billing customer.
    Customer,
}

/// One column of a list.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub source: Source,
    pub title: &'static str,
    pub width: Width,
}

/// Where a cell or a detail line gets its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A field of the row's record.
    Field(FieldId),
    /// The row's own id.
    Id,
    /// Several fields of the record, joined by spaces (a first and a last name).
    Fields(&'static [FieldId]),
    /// The node's memberships, counted by the console.
    Count(Counted),
    /// How many parties the node's tab lists: from the tab's own list, which
    /// the console reads for the rows on screen where the level's list does not
    /// carry the number.
    TabCount(TabId),
    /// A field's number when it stands out, blank otherwise.
    Mark(Mark),
    /// How many nodes a party belongs to: its memberships, counted (a row of
    /// parties only).
    Memberships,
    /// A timestamp field told relative to now: "3d ago", "in 6d" in a list;
    /// the instant and then that in the detail view.
    Ago(FieldId),
}

/// What a count column counts of a node's memberships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Members who have accepted (active or suspended).
    Members,
    /// Invitations not yet accepted.
    Invites,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    Fixed(u16),
    /// Takes what the fixed columns leave.
    Fill,
}

/// One line of the detail view.
#[derive(Debug, Clone, Copy)]
pub struct Detail {
    pub label: &'static str,
    pub source: Source,
}

/// A column showing one field of the row's record.
pub const fn column(field: FieldId, title: &'static str, width: Width) -> Column {
    Column {
        source: Source::Field(field),
        title,
        width,
    }
}

/// A detail line showing one field of the record.
pub const fn line(label: &'static str, field: FieldId) -> Detail {
    Detail {
        label,
        source: Source::Field(field),
    }
}

/// The detail line of the row's own id.
pub const fn id_line() -> Detail {
    Detail {
        label: "id",
        source: Source::Id,
    }
}

/// A level's two-state switch (suspend and reactivate), kept apart from editing so
/// roles and the footer can offer it on its own.
#[derive(Debug, Clone, Copy)]
pub struct Toggle {
    pub field: FieldId,
    /// What using it does, for help and refusals, as a verb and as a noun:
    /// ("suspend or reactivate", "suspending or reactivating").
    pub phrase: (&'static str, &'static str),
    /// (the field's value, the verb that sets it): ("suspended", "suspend").
    pub on: (&'static str, &'static str),
    pub off: (&'static str, &'static str),
}

/// Looking one node up by a field's value (MuninX: the organization owning a domain).
#[derive(Debug, Clone, Copy)]
pub struct Find {
    pub field: FieldId,
    /// The CLI verb: `orgs lookup`.
    pub verb: &'static str,
    /// What the CLI's argument is called: `DOMAIN`.
    pub arg: &'static str,
    pub help: &'static str,
}

/// What one role may do.
#[derive(Debug, Clone, Copy)]
pub struct RoleSpec {
    pub name: &'static str,
    pub may: Grant,
}

/// A role's capabilities.
#[derive(Debug, Clone, Copy)]
pub enum Grant {
    /// Everything the schema declares.
    All,
    /// These, and nothing else.
    Only(&'static [Capability]),
}

impl RoleSpec {
    pub fn allows(&self, capability: Capability) -> bool {
        match self.may {
            Grant::All => true,
            Grant::Only(may) => may.contains(&capability),
        }
    }
}

impl Schema {
    pub fn level(&self, id: LevelId) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// The level a list opens on: the first one without a parent.
    pub fn top_level(&self) -> Option<&Level> {
        self.levels.iter().find(|l| l.parent.is_none())
    }

    pub fn view(&self, id: ViewId) -> Option<&View> {
        self.views.iter().find(|v| v.id == id)
    }

    /// The tenant-wide view of everyone (no role or state filter): the list every
    /// people screen is cut from, where the backend has one.
    pub fn everyone_view(&self) -> Option<ViewId> {
        self.views.iter().find(|v| v.holds_everyone()).map(|v| v.id)
    }

    pub fn party_field(&self, id: FieldId) -> Option<&FieldSpec> {
        self.party_fields.iter().find(|f| f.id == id)
    }

    /// What `role` may do; `None` for a role the schema does not name.
    pub fn role(&self, name: &str) -> Option<&RoleSpec> {
        self.roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name.trim()))
    }

    /// Every field spec of every record, for finding one by id wherever it lives.
    pub fn all_fields(&self) -> impl Iterator<Item = &FieldSpec> {
        self.levels
            .iter()
            .flat_map(|l| l.fields.iter())
            .chain(self.party_fields.iter())
    }
}

impl View {
    /// The console's columns for the view's parties.
    pub fn party_columns(&self, schema: &Schema) -> &'static [Column] {
        self.columns.unwrap_or(schema.party_columns)
    }

    /// The CLI's columns for `<view> list`.
    pub fn cli_columns(&self, schema: &Schema) -> &'static [Column] {
        self.cli
            .and_then(|c| c.columns)
            .unwrap_or(schema.party_cli_columns)
    }

    /// Whether it filters on nothing: every party is in it.
    pub fn holds_everyone(&self) -> bool {
        self.filter.roles.is_empty() && self.filter.states.is_empty()
    }
}

impl Level {
    pub fn field(&self, id: FieldId) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn tab(&self, id: TabId) -> Option<&Tab> {
        self.tabs.iter().find(|t| t.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: FieldId = FieldId("kind");

    #[test]
    fn shown_follows_the_field_it_names_and_holds_without_it() {
        let staff_only = Shown::When(KIND, &["admin", "agent"]);
        let not_staff = Shown::Unless(KIND, &["admin", "agent"]);
        let is = |v: &'static str| move |id: FieldId| (id == KIND).then(|| v.to_owned());
        assert!(staff_only.holds(is("agent")));
        assert!(!staff_only.holds(is("customer")));
        assert!(!not_staff.holds(is("admin")));
        assert!(not_staff.holds(is("auditor")));
        assert!(staff_only.holds(|_| None));
        assert!(not_staff.holds(|_| None));
    }

    fn upper(raw: &str) -> Result<String, String> {
        if raw.trim().is_empty() {
            Err("must not be blank".into())
        } else {
            Ok(raw.to_uppercase())
        }
    }

    #[test]
    fn an_optional_field_is_checked_only_when_filled_in() {
        let mut spec = FieldSpec {
            id: KIND,
            wire: "kind",
            label: "Kind",
            input: InputKind::Text { max: 10 },
            required: false,
            check: Some(upper),
            shown: Shown::Always,
            cli: None,
            help: "",
        };
        assert_eq!(spec.fault("  "), None);
        spec.required = true;
        assert_eq!(spec.fault("  ").as_deref(), Some("must not be blank"));
    }
}
