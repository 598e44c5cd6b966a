//! MuninX's level (customer organizations) with its columns, detail lines, forms,
//! toggle, lookup and member tabs, and its tenant-wide views.

use super::fields::ORG_FIELDS;
use super::*;
use crate::api::schema::{Counted, Find, Level, PartyFilter, PartyKind, Tab, Toggle, View};

pub(super) static INVITE: FormSpec = FormSpec {
    title: "Invite user",
    fields: &[EMAIL, NAME, LAST_NAME, TYPE, AGENT_TYPE, ORGANIZATION_FIELD],
};

static TABS: &[Tab] = &[
    Tab {
        id: MEMBERS,
        label: "Members",
        command: "members",
        party_kind: PartyKind::User,
        states: ACTIVE,
        invite: Some(INVITE),
        offers: &[
            Capability::Invite,
            Capability::UpdatePerson,
            Capability::ReadPerson,
        ],
        empty_text: "nobody here",
        cli: None,
    },
    Tab {
        id: INVITES,
        label: "Pending invites",
        command: "invites",
        party_kind: PartyKind::User,
        states: INVITED,
        invite: Some(INVITE),
        offers: &[
            Capability::Invite,
            Capability::ResendInvite,
            Capability::RevokeInvite,
            Capability::ReadPerson,
        ],
        empty_text: "nobody here",
        cli: Some("invites"),
    },
];

pub(super) static LEVELS: &[Level] = &[Level {
    id: ORGANIZATION,
    nouns: ("organization", "organizations"),
    article: "an",
    title: "customer organizations",
    cli: "orgs",
    command: "orgs",
    parent: None,
    fields: ORG_FIELDS,
    name_field: DISPLAY_NAME,
    columns: &[
        Column {
            source: Source::Field(DISPLAY_NAME),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(STATUS),
            title: "STATUS",
            width: Width::Fixed(10),
        },
        Column {
            source: Source::Count(Counted::Members),
            title: "MEMBERS",
            width: Width::Fixed(7),
        },
        Column {
            source: Source::Count(Counted::Invites),
            title: "PENDING",
            width: Width::Fixed(7),
        },
        Column {
            source: Source::Field(DOMAINS),
            title: "DOMAINS",
            width: Width::Fixed(30),
        },
    ],
    detail: &[
        Detail {
            label: "id",
            source: Source::Id,
        },
        Detail {
            label: "name",
            source: Source::Field(DISPLAY_NAME),
        },
        Detail {
            label: "status",
            source: Source::Field(STATUS),
        },
        Detail {
            label: "domains",
            source: Source::Field(DOMAINS),
        },
        Detail {
            label: "external-ref",
            source: Source::Field(EXTERNAL_REF),
        },
        Detail {
            label: "notes",
            source: Source::Field(NOTES),
        },
        Detail {
            label: "members",
            source: Source::Count(Counted::Members),
        },
        Detail {
            label: "pending invites",
            source: Source::Count(Counted::Invites),
        },
        Detail {
            label: "created",
            source: Source::Field(CREATED),
        },
        Detail {
            label: "updated",
            source: Source::Field(UPDATED),
        },
    ],
    cli_columns: &[
        Column {
            source: Source::Id,
            title: "ID",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(DISPLAY_NAME),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(STATUS),
            title: "STATUS",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(DOMAINS),
            title: "DOMAINS",
            width: Width::Fill,
        },
    ],
    cli_detail: &[
        Detail {
            label: "id",
            source: Source::Id,
        },
        Detail {
            label: "name",
            source: Source::Field(DISPLAY_NAME),
        },
        Detail {
            label: "status",
            source: Source::Field(STATUS),
        },
        Detail {
            label: "domains",
            source: Source::Field(DOMAINS),
        },
        Detail {
            label: "external-ref",
            source: Source::Field(EXTERNAL_REF),
        },
        Detail {
            label: "notes",
            source: Source::Field(NOTES),
        },
        Detail {
            label: "parent",
            source: Source::Field(PARENT),
        },
        Detail {
            label: "owner",
            source: Source::Field(OWNER),
        },
        Detail {
            label: "created",
            source: Source::Field(CREATED),
        },
        Detail {
            label: "updated",
            source: Source::Field(UPDATED),
        },
    ],
    create: Some(FormSpec {
        title: "New organization",
        fields: &[DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES],
    }),
    edit: Some(FormSpec {
        title: "Edit",
        fields: &[DISPLAY_NAME, DOMAINS, EXTERNAL_REF, NOTES, STATUS],
    }),
    toggle: Some(Toggle {
        field: STATUS,
        phrase: ("suspend or reactivate", "suspending or reactivating"),
        on: ("suspended", "suspend"),
        off: ("active", "activate"),
    }),
    find: Some(Find {
        field: DOMAINS,
        verb: "lookup",
        arg: "DOMAIN",
        help: "Find the organization that owns a domain.",
    }),
    tabs: TABS,
    delete_effect: "they will keep their accounts but lose their organization. Its domains are freed.",
}];

/// In the order `:` completion lists them.
pub(super) static VIEWS: &[View] = &[
    View {
        id: PENDING,
        label: "pending invites",
        crumb: "Pending invites",
        command: "invites",
        cli: None,
        filter: PartyFilter {
            roles: &[],
            states: INVITED,
        },
        invite: Some(INVITE),
    },
    View {
        id: STAFF,
        label: "staff",
        crumb: "Staff",
        command: "staff",
        cli: None,
        // An invite from here starts on the first: agent.
        filter: PartyFilter {
            roles: &["agent", "admin"],
            states: &[],
        },
        invite: Some(INVITE),
    },
    View {
        id: USERS,
        label: "all users",
        crumb: "Users",
        command: "users",
        cli: Some("users"),
        filter: PartyFilter {
            roles: &[],
            states: &[],
        },
        invite: Some(INVITE),
    },
];
