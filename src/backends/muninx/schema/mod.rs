//! MuninX's screens as data (`api::schema`): one level (customer organizations)
//! with its Members and Invites tabs, the tenant-wide users, staff and invites
//! views, the forms with the contract's checks from `rules`, and the role matrix
//! (`shared/api/muninx.md`, "Roles").

use crate::api::model::{Capability, Target, Verb};
use crate::api::schema::{
    Column, Detail, DialogText, FieldId, FormSpec, Grant, LevelId, MemberStateName, OptionSpec,
    PartyDialogs, ResendText, RoleSpec, Schema, Source, TabId, Toggle, ViewId, Width,
};

mod fields;
mod screens;

use fields::USER_FIELDS;
#[cfg(test)]
use screens::INVITE;
use screens::{LEVELS, VIEWS};

pub const ORGANIZATION: LevelId = LevelId("customer-organization");
pub const MEMBERS: TabId = TabId("members");
pub const INVITES: TabId = TabId("invites");
pub const USERS: ViewId = ViewId("users");
pub const STAFF: ViewId = ViewId("staff");
pub const PENDING: ViewId = ViewId("invites");

// An organization's record.
pub const DISPLAY_NAME: FieldId = FieldId("display-name");
pub const DOMAINS: FieldId = FieldId("domains");
pub const EXTERNAL_REF: FieldId = FieldId("external-ref");
pub const NOTES: FieldId = FieldId("notes");
pub const STATUS: FieldId = FieldId("status");
pub const CREATED: FieldId = FieldId("created-at");
pub const UPDATED: FieldId = FieldId("updated-at");
pub const PARENT: FieldId = FieldId("parent");
pub const OWNER: FieldId = FieldId("owner");

// A user's record.
pub const EMAIL: FieldId = FieldId("email");
pub const NAME: FieldId = FieldId("name");
pub const LAST_NAME: FieldId = FieldId("last-name");
pub const TYPE: FieldId = FieldId("type");
pub const AGENT_TYPE: FieldId = FieldId("agent-type");
pub const ORGANIZATION_FIELD: FieldId = FieldId("organization");
pub const USER_STATUS: FieldId = FieldId("user-status");
pub const AUTO_ASSIGN: FieldId = FieldId("auto-assign-tickets");
pub const USER_CREATED: FieldId = FieldId("user-created-at");

pub(super) const STAFF_TYPES: &[&str] = &["admin", "agent"];

pub(super) const ACTIVE: &[MemberStateName] =
    &[MemberStateName::Active, MemberStateName::Suspended];
pub(super) const INVITED: &[MemberStateName] = &[MemberStateName::Invited];

const fn cap(verb: Verb, target: Target) -> Capability {
    Capability::new(verb, target)
}

/// Listing users, wherever they are listed: the tenant-wide views and the tabs.
macro_rules! list_users {
    () => {
        [
            cap(Verb::Read, Target::Caller),
            cap(Verb::Read, Target::Parties),
            cap(Verb::List, Target::View(USERS)),
            cap(Verb::List, Target::View(STAFF)),
            cap(Verb::List, Target::View(PENDING)),
            cap(Verb::List, Target::Tab(ORGANIZATION, MEMBERS)),
            cap(Verb::List, Target::Tab(ORGANIZATION, INVITES)),
        ]
    };
}

/// Customers read only themselves (`GET /users` answers just the caller).
const CUSTOMER: &[Capability] = &list_users!();

/// Agents read organizations and users and look organizations up by domain.
const AGENT: &[Capability] = &{
    let users = list_users!();
    let mut all = [cap(Verb::List, Target::Level(ORGANIZATION)); 10];
    let mut at = 0;
    while at < users.len() {
        all[at] = users[at];
        at += 1;
    }
    all[7] = cap(Verb::List, Target::Level(ORGANIZATION));
    all[8] = cap(Verb::Read, Target::Level(ORGANIZATION));
    all[9] = cap(Verb::Find, Target::Level(ORGANIZATION));
    all
};

/// The least privileged role first: a role MuninX does not define gets what it gets.
static ROLE_SPECS: &[RoleSpec] = &[
    RoleSpec {
        name: "customer",
        may: Grant::Only(CUSTOMER),
    },
    RoleSpec {
        name: "agent",
        may: Grant::Only(AGENT),
    },
    RoleSpec {
        name: "admin",
        may: Grant::All,
    },
];

/// Who a person is, first in every list of people: the users list adds their
/// organization, the pending invites how long ago they were invited.
pub(super) const WHO: [Column; 4] = [
    Column {
        source: Source::Field(EMAIL),
        title: "EMAIL",
        width: Width::Fill,
    },
    Column {
        source: Source::Fields(&[NAME, LAST_NAME]),
        title: "NAME",
        width: Width::Fixed(22),
    },
    Column {
        source: Source::Field(TYPE),
        title: "TYPE",
        width: Width::Fixed(8),
    },
    Column {
        source: Source::Field(USER_STATUS),
        title: "STATUS",
        width: Width::Fixed(9),
    },
];

pub static SCHEMA: Schema = Schema {
    title: "MuninX",
    levels: LEVELS,
    party_fields: USER_FIELDS,
    party_columns: &[
        WHO[0],
        WHO[1],
        WHO[2],
        WHO[3],
        Column {
            source: Source::Field(ORGANIZATION_FIELD),
            title: "ORGANIZATION",
            width: Width::Fixed(22),
        },
    ],
    party_detail: &[
        Detail {
            label: "email",
            source: Source::Field(EMAIL),
        },
        Detail {
            label: "name",
            source: Source::Field(NAME),
        },
        Detail {
            label: "last name",
            source: Source::Field(LAST_NAME),
        },
        Detail {
            label: "type",
            source: Source::Field(TYPE),
        },
        Detail {
            label: "agent type",
            source: Source::Field(AGENT_TYPE),
        },
        Detail {
            label: "organization",
            source: Source::Field(ORGANIZATION_FIELD),
        },
        Detail {
            label: "status",
            source: Source::Field(USER_STATUS),
        },
        Detail {
            label: "auto-assign",
            source: Source::Field(AUTO_ASSIGN),
        },
        Detail {
            label: "created",
            source: Source::Field(USER_CREATED),
        },
    ],
    party_cli_columns: &[
        Column {
            source: Source::Field(EMAIL),
            title: "EMAIL",
            width: Width::Fill,
        },
        Column {
            source: Source::Fields(&[NAME, LAST_NAME]),
            title: "NAME",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(TYPE),
            title: "TYPE",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(AGENT_TYPE),
            title: "AGENT TYPE",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(USER_STATUS),
            title: "STATUS",
            width: Width::Fill,
        },
        Column {
            source: Source::Field(ORGANIZATION_FIELD),
            title: "ORGANIZATION",
            width: Width::Fill,
        },
    ],
    party_cli_detail: &[
        Detail {
            label: "email",
            source: Source::Field(EMAIL),
        },
        Detail {
            label: "name",
            source: Source::Field(NAME),
        },
        Detail {
            label: "last-name",
            source: Source::Field(LAST_NAME),
        },
        Detail {
            label: "type",
            source: Source::Field(TYPE),
        },
        Detail {
            label: "agent-type",
            source: Source::Field(AGENT_TYPE),
        },
        Detail {
            label: "organization",
            source: Source::Field(ORGANIZATION_FIELD),
        },
        Detail {
            label: "status",
            source: Source::Field(USER_STATUS),
        },
        Detail {
            label: "auto-assign",
            source: Source::Field(AUTO_ASSIGN),
        },
        Detail {
            label: "created",
            source: Source::Field(USER_CREATED),
        },
    ],
    party_edit: Some(FormSpec {
        title: "Edit",
        fields: &[
            NAME,
            LAST_NAME,
            TYPE,
            USER_STATUS,
            ORGANIZATION_FIELD,
            AGENT_TYPE,
            AUTO_ASSIGN,
        ],
    }),
    party_nouns: ("user", "users"),
    party_article: "a",
    party_label: EMAIL,
    party_role: Some(TYPE),
    party_name: &[NAME, LAST_NAME],
    party_search: &[EMAIL, NAME, LAST_NAME, TYPE, USER_STATUS, AGENT_TYPE],
    party_toggle: Some(Toggle {
        field: USER_STATUS,
        phrase: ("suspend or reactivate", "suspending or reactivating"),
        on: ("suspended", "suspend"),
        off: ("active", "reactivate"),
    }),
    party_dialogs: Some(PartyDialogs {
        suspend: DialogText {
            title: "Suspend {name}?",
            body: &["{name} <{party}> will not be able to sign in until reactivated."],
            button: "Suspend",
            done: "Suspended {party}",
        },
        reactivate: DialogText {
            title: "Reactivate {name}?",
            body: &["{party} can sign in again."],
            button: "Reactivate",
            done: "Reactivated {party}",
        },
        revoke: DialogText {
            title: "Revoke the invite of {party}?",
            body: &[
                "{name} <{party}> will not be able to activate their account; the activation link stops working.",
            ],
            button: "Revoke",
            done: "Revoked the invite of {party}",
        },
        resend: ResendText {
            started: "Resending the activation email to {party}…",
            what: "Resend the activation email to {party}",
            done: "Activation email sent again to {party}",
        },
    }),
    views: VIEWS,
    approvals: None,
    roles: ROLE_SPECS,
    options: &[] as &[OptionSpec],
    idempotent_creates: false,
    notes: &[],
    json_names: &[
        (DISPLAY_NAME, "name"),
        (EXTERNAL_REF, "external_ref"),
        (CREATED, "created_at"),
        (UPDATED, "updated_at"),
        (LAST_NAME, "last_name"),
        (TYPE, "role"),
        (AGENT_TYPE, "agent_type"),
        (USER_STATUS, "status"),
        (AUTO_ASSIGN, "auto_assign"),
        (USER_CREATED, "created_at"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI's "nothing to change" hint is built from the edit form and says
    /// what it always said.
    #[test]
    fn the_update_hint_names_the_edit_forms_flags() {
        assert_eq!(
            crate::api::schema::update_flags(&SCHEMA),
            "--name, --domain, --no-domains, --external-ref or --notes"
        );
    }

    #[test]
    fn help_and_refusals_say_what_they_always_said() {
        let org = |verb| cap(verb, Target::Level(ORGANIZATION));
        let said = [
            (
                org(Verb::List),
                "list organizations",
                "listing organizations",
            ),
            (
                org(Verb::Read),
                "read an organization",
                "reading one organization",
            ),
            (
                org(Verb::Find),
                "look an organization up by domain",
                "looking an organization up by domain",
            ),
            (
                org(Verb::Create),
                "create organizations",
                "creating organizations",
            ),
            (
                org(Verb::Update),
                "edit organizations",
                "editing organizations",
            ),
            (
                org(Verb::Toggle),
                "suspend or reactivate organizations",
                "suspending or reactivating organizations",
            ),
            (
                org(Verb::Delete),
                "delete organizations",
                "deleting organizations",
            ),
            (
                cap(Verb::List, Target::View(USERS)),
                "list users",
                "listing users",
            ),
            (
                cap(Verb::Read, Target::Parties),
                "read a user",
                "reading one user",
            ),
            (
                cap(Verb::Invite, Target::Tab(ORGANIZATION, MEMBERS)),
                "invite users",
                "inviting users",
            ),
            (
                cap(Verb::UpdateMember, Target::View(USERS)),
                "edit users",
                "editing users",
            ),
            (
                cap(Verb::Resend, Target::Tab(ORGANIZATION, INVITES)),
                "resend activation emails",
                "resending activation emails",
            ),
            (
                cap(Verb::Revoke, Target::View(PENDING)),
                "revoke invites",
                "revoking invites",
            ),
            (
                cap(Verb::Read, Target::Caller),
                "identify the token's user",
                "identifying the token's user",
            ),
        ];
        for (capability, verb, noun) in said {
            assert_eq!(SCHEMA.describe(capability), verb);
            assert_eq!(SCHEMA.offer(capability), noun);
        }
    }

    use crate::api::schema::{self, FieldSpec, form_fields};

    #[test]
    fn the_schema_is_whole() {
        assert_eq!(schema::faults(&SCHEMA), Vec::<String>::new());
    }

    #[test]
    fn forms_ask_for_what_the_adapter_sends() {
        let level = SCHEMA.top_level().expect("a top level");
        let wires = |form: &FormSpec, layout| {
            form_fields(form, layout)
                .map(|f: &FieldSpec| f.wire)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            wires(&level.edit.expect("an edit form"), level.fields),
            ["display-name", "domains", "external-ref", "notes", "status"]
        );
        assert_eq!(
            wires(&INVITE, SCHEMA.party_fields),
            [
                "email",
                "name",
                "last-name",
                "type",
                "agent-type",
                "organization"
            ]
        );
    }

    #[test]
    fn checks_are_the_contracts_rules() {
        let level = SCHEMA.top_level().expect("a top level");
        let name = level.field(DISPLAY_NAME).expect("display-name");
        assert_eq!(name.fault("   ").as_deref(), Some("must not be blank"));
        let reference = level.field(EXTERNAL_REF).expect("external-ref");
        assert_eq!(reference.fault(""), None);
        assert!(reference.fault("crm.example.com").is_some());
        let email = SCHEMA.party_field(EMAIL).expect("email");
        assert!(email.fault("jane@localhost").is_some());
    }

    #[test]
    fn agent_type_is_for_staff_and_the_organization_for_customers() {
        let shown = |id, kind: &'static str| {
            SCHEMA
                .party_field(id)
                .expect("a user field")
                .shown
                .holds(|f| (f == TYPE).then(|| kind.to_owned()))
        };
        assert!(shown(AGENT_TYPE, "agent") && shown(AUTO_ASSIGN, "admin"));
        assert!(!shown(AGENT_TYPE, "customer") && !shown(AUTO_ASSIGN, "customer"));
        assert!(shown(ORGANIZATION_FIELD, "customer") && !shown(ORGANIZATION_FIELD, "agent"));
    }
}
