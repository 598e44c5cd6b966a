//! Flowkiwi's screens as data (`api::schema`): partner organizations read a page
//! at a time (searched by name on the server), each with its Owners & members and
//! its Invitations tabs, the create and rename forms, the add-member, change-role
//! and invite forms (`shared/api/flowkiwi.md`). Flowkiwi has no tenant-wide roles:
//! a partner may try everything, and each organization's owners-only rules are
//! the server's (403), except the last-owner rule, which the console can tell.

use crate::api::schema::{
    Column, DialogText, FieldId, FormSpec, Grant, LevelId, MemberStateName, PartyDialogs,
    ResendText, RoleSpec, Schema, Source, TabId, Width, column, field, line, shown,
};

mod cli;
mod fields;
mod screens;

use fields::PERSON_FIELDS;
use screens::LEVELS;

pub const ORGANIZATION: LevelId = LevelId("organization");
pub const MEMBERS_TAB: TabId = TabId("members");
pub const INVITATIONS_TAB: TabId = TabId("invitations");

/// The most items one page asks for: the sandbox's cap (the vendor documents none).
pub const PAGE_MAX: u32 = 100;

/// What `/` on the organizations asks the server: its `name` filter (partial,
/// case-insensitive), also the CLI's `--name`. A filter, not a field of any record.
pub const NAME_SEARCH: FieldId = FieldId("name-search");
/// The CLI's `--email` on members and invitations, `--status` on invitations and
/// `--role` on members: the server's `email`, `status` and `role` filters.
pub const EMAIL_FILTER: FieldId = FieldId("email-filter");
pub const STATUS_FILTER: FieldId = FieldId("status-filter");
pub const ROLE_FILTER: FieldId = FieldId("role-filter");

// An organization's record.
pub const ORG_NAME: FieldId = FieldId("name");
/// How many owners and members it has (its embedded `owners[]` and `members[]`).
pub const OWNER_COUNT: FieldId = FieldId("owner-count");
pub const MEMBER_COUNT: FieldId = FieldId("member-count");
/// The owners' names (else emails), joined: what `/` and the detail view read.
pub const OWNER_NAMES: FieldId = FieldId("owner-names");
pub const CREATED: FieldId = FieldId("created");
pub const UPDATED: FieldId = FieldId("updated");

// A person's record: an owner or member of one organization, or an invitation.
pub const EMAIL: FieldId = FieldId("email");
pub const PARTNER_NAME: FieldId = FieldId("partner-name");
/// `owner` or `member`.
pub const ROLE: FieldId = FieldId("role");
pub const JOINED: FieldId = FieldId("joined");
/// An invitation's `pending`, `accepted`, `revoked` or `expired`.
pub const STATUS: FieldId = FieldId("status");
/// Who sent the invitation: their name, else their email.
pub const INVITED_BY: FieldId = FieldId("invited-by");
pub const INVITED: FieldId = FieldId("invited");
pub const LAST_SENT: FieldId = FieldId("last-sent");
pub const SENDS: FieldId = FieldId("sends");
/// Seven days after the last send.
pub const EXPIRES: FieldId = FieldId("expires");
pub const ACCEPTED: FieldId = FieldId("accepted");
pub const REVOKED: FieldId = FieldId("revoked");

/// One role: a partner holding a token. What it may do at an organization
/// depends on its place there, which only the server knows.
static ROLE_SPECS: &[RoleSpec] = &[RoleSpec {
    name: "partner",
    may: Grant::All,
}];

pub static SCHEMA: Schema = Schema {
    title: "Flowkiwi",
    levels: LEVELS,
    party_fields: PERSON_FIELDS,
    party_columns: &[
        column(EMAIL, "EMAIL", Width::Fill),
        column(PARTNER_NAME, "NAME", Width::Fixed(18)),
        column(ROLE, "ROLE", Width::Fixed(6)),
        column(STATUS, "STATUS", Width::Fixed(8)),
    ],
    party_detail: &[
        line("email", EMAIL),
        line("name", PARTNER_NAME),
        line("role", ROLE),
        line("joined", JOINED),
        line("status", STATUS),
        line("invited by", INVITED_BY),
        line("invited", INVITED),
        ago_line("last sent", LAST_SENT),
        line("sends", SENDS),
        ago_line("expires", EXPIRES),
        line("accepted", ACCEPTED),
        line("revoked", REVOKED),
    ],
    party_cli_columns: &[
        column(EMAIL, "EMAIL", Width::Fill),
        column(PARTNER_NAME, "NAME", Width::Fill),
        column(ROLE, "ROLE", Width::Fill),
        column(JOINED, "JOINED", Width::Fill),
    ],
    party_cli_detail: &[
        line("email", EMAIL),
        line("name", PARTNER_NAME),
        line("role", ROLE),
        line("joined", JOINED),
        line("status", STATUS),
        line("invited-by", INVITED_BY),
        line("invited", INVITED),
        line("last-sent", LAST_SENT),
        line("sends", SENDS),
        line("expires", EXPIRES),
        line("accepted", ACCEPTED),
        line("revoked", REVOKED),
    ],
    // In the Owners & members tab: PATCH of the member's role.
    party_edit: Some(FormSpec {
        title: "Change role",
        fields: &[ROLE],
    }),
    party_nouns: ("partner", "partners"),
    party_article: "a",
    party_label: EMAIL,
    party_role: Some(ROLE),
    party_name: &[PARTNER_NAME],
    party_search: &[EMAIL, PARTNER_NAME, ROLE, STATUS, INVITED_BY],
    party_toggle: None,
    party_dialogs: Some(PartyDialogs {
        // Flowkiwi suspends nobody: the schema declares no toggle, so these two
        // are never asked.
        suspend: DialogText {
            title: "Suspend {name}?",
            body: &[],
            button: "Suspend",
            done: "Suspended {party}",
        },
        reactivate: DialogText {
            title: "Reactivate {name}?",
            body: &[],
            button: "Reactivate",
            done: "Reactivated {party}",
        },
        revoke: DialogText {
            title: "Revoke the invitation of {party}?",
            body: &[
                "The invitation link stops working; the record stays, marked revoked. Invite again to undo.",
            ],
            button: "Revoke",
            done: "Revoked the invitation of {party}",
        },
        resend: ResendText {
            started: "Sending the invitation to {party} again…",
            what: "Send the invitation to {party} again",
            done: "Invitation sent again to {party}",
        },
    }),
    views: &[],
    approvals: None,
    roles: ROLE_SPECS,
    options: &[],
    idempotent_creates: false,
    notes: &[
        (
            "suspension",
            "Flowkiwi cannot suspend or reactivate organizations or partners",
        ),
        (
            "people",
            "Flowkiwi lists no partners tenant-wide: people are seen through their organizations",
        ),
    ],
    // The wire's `owners` and `members` are arrays of people: their counts and
    // the owners' names are written apart, under names of their own.
    json_names: &[
        (OWNER_COUNT, "owner_count"),
        (MEMBER_COUNT, "member_count"),
        (OWNER_NAMES, "owner_names"),
    ],
};

/// A detail line of a timestamp with how long ago (or how soon) it is.
const fn ago_line(label: &'static str, field: FieldId) -> crate::api::schema::Detail {
    crate::api::schema::Detail {
        label,
        source: Source::Ago(field),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::{Capability, Target, Verb};
    use crate::api::schema;

    fn cap(verb: Verb, target: Target) -> Capability {
        Capability::new(verb, target)
    }

    #[test]
    fn the_schema_is_whole() {
        assert_eq!(schema::faults(&SCHEMA), Vec::<String>::new());
    }

    #[test]
    fn organizations_are_created_renamed_and_deleted_but_never_suspended() {
        let org = |verb| cap(verb, Target::Level(ORGANIZATION));
        for verb in [
            Verb::List,
            Verb::Read,
            Verb::Create,
            Verb::Update,
            Verb::Delete,
        ] {
            assert!(SCHEMA.declares(org(verb)), "{verb:?} organizations");
        }
        assert!(!SCHEMA.declares(org(Verb::Toggle)) && !SCHEMA.declares(org(Verb::Find)));
        let level = SCHEMA.level(ORGANIZATION).expect("organizations");
        assert_eq!(level.lazy.and_then(|l| l.search), Some(NAME_SEARCH));
    }

    #[test]
    fn members_are_added_changed_and_removed_and_invitations_resent_and_revoked() {
        let members = |verb| cap(verb, Target::Tab(ORGANIZATION, MEMBERS_TAB));
        for verb in [Verb::Invite, Verb::UpdateMember, Verb::RemoveMember] {
            assert!(SCHEMA.declares(members(verb)), "{verb:?} members");
        }
        let invitations = |verb| cap(verb, Target::Tab(ORGANIZATION, INVITATIONS_TAB));
        for verb in [Verb::Invite, Verb::Resend, Verb::Revoke] {
            assert!(SCHEMA.declares(invitations(verb)), "{verb:?} invitations");
        }
        assert!(!SCHEMA.declares(invitations(Verb::UpdateMember)));
        let level = SCHEMA.level(ORGANIZATION).expect("organizations");
        let tab = level.tab(MEMBERS_TAB).expect("members");
        assert_eq!(tab.last.map(|k| k.role), Some("owner"));
        let invites = level.tab(INVITATIONS_TAB).expect("invitations");
        assert_eq!(invites.counted, &[MemberStateName::Invited]);
    }
}
